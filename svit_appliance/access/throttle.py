"""The sign-in throttle: failed sign-ins per client address, in a moving window.

An address over its limit is refused before any password is checked, so its guesses neither
test passwords nor count towards an account's lockout. With fewer allowed failures per window
than ``admins.MAX_FAILED_LOGINS`` per lockout, one address can never lock an admin out; that
takes several addresses, each throttled. Counts live where the contact form's rate limits do
(memory, or Redis shared by every process: ratelimit.py).
"""
import logging
import math
import time

from .ratelimit import moving_window_limiter, rate_item

log = logging.getLogger("svit.console")

_NAMESPACE = "signin-address"


class SigninThrottle:
    def __init__(self, queue_url: str, rate: str):
        self._limiter = moving_window_limiter(queue_url)
        self._item = rate_item(rate)

    async def reserve(self, address: str | None) -> int:
        """0 when ``address`` may try a password now (the try counts until ``forgive``), else seconds to wait.

        Counted before the password is checked, so parallel guesses cannot all slip under the limit.
        """
        if self._item is None or not address:
            return 0
        try:
            if await self._limiter.hit(self._item, _NAMESPACE, address):
                return 0
            stats = await self._limiter.get_window_stats(self._item, _NAMESPACE, address)
        except Exception as error:  # a limit store that is down: the account lockout still holds
            log.warning("sign-in throttle store unavailable, not throttling: %s", type(error).__name__)
            return 0
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def forgive(self, address: str | None) -> None:
        """A successful sign-in: the address's earlier tries no longer count."""
        if self._item is None or not address:
            return
        try:
            await self._limiter.clear(self._item, _NAMESPACE, address)
        except Exception as error:
            log.warning("sign-in throttle store unavailable: %s", type(error).__name__)
