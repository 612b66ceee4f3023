"""Rate limits of the contact form, per client IP and per client token (moving windows, see
access/ratelimit.py)."""
import logging
import math
import time

from ..access.ratelimit import moving_window_limiter, rate_item
from ..http.errors import ApiError

log = logging.getLogger("svit.ratelimit")


class FormRateLimits:
    def __init__(self, queue_url: str, per_ip: str, per_token: str):
        self._limiter = moving_window_limiter(queue_url)
        self._per_ip = rate_item(per_ip)
        self._per_token = rate_item(per_token)

    async def check(self, ip: str | None, token) -> None:
        """Count this post; ``429 RATE_LIMITED`` with ``Retry-After`` when the IP or token is over its limit."""
        if self._per_ip is not None and ip:
            await self._hit(self._per_ip, ("form-ip", ip), f"Too many form submissions from your address ({self._per_ip})")
        token_item = rate_item(token.rate_limit) if token.rate_limit else self._per_token
        if token_item is not None:
            await self._hit(token_item, ("form-token", token.id), f"Too many form submissions for this form ({token_item})")

    async def _hit(self, item, identifiers: tuple, detail: str) -> None:
        try:
            if await self._limiter.hit(item, *identifiers):
                return
            stats = await self._limiter.get_window_stats(item, *identifiers)
        except Exception as error:  # a limit store that is down must not turn contacts away
            log.warning("rate limit store unavailable, not limiting: %s", type(error).__name__)
            return
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        raise ApiError("RATE_LIMITED", f"{detail}: retry in {retry_after} s",
                       headers={"Retry-After": str(retry_after)})
