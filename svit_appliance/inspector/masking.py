"""What of a refused request may be kept: a body excerpt with tokens and secrets masked."""
import re

EXCERPT_BYTES = 2048
MASK = "***"
# svit's own tokens and the usual provider secrets, wherever they appear
_TOKENS = re.compile(r"\b(svit_(?:pat|ct)_|whsec_|sk_(?:live|test)_|rk_(?:live|test)_|shpss_|shpat_)[A-Za-z0-9_-]+")
_SECRET_WORDS = r"[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|authorization|signature)[A-Za-z0-9_.-]*"
# "secret": "value" in JSON, secret=value in a form body
_JSON_SECRET = re.compile(r'("' + _SECRET_WORDS + r'"\s*:\s*)"(?:[^"\\]|\\.)*"', re.I)
_FORM_SECRET = re.compile(r"(?:(?<=^)|(?<=[&?]))(" + _SECRET_WORDS + r"=)[^&]*", re.I)


def mask_secrets(text: str) -> str:
    text = _TOKENS.sub(lambda m: m.group(1) + MASK, text)
    text = _JSON_SECRET.sub(lambda m: m.group(1) + f'"{MASK}"', text)
    return _FORM_SECRET.sub(lambda m: m.group(1) + MASK, text)


def body_excerpt(body: bytes | None) -> str | None:
    """The first 2 KB of a body as text (undecodable bytes replaced), secrets masked."""
    if not body:
        return None
    return mask_secrets(bytes(body[:EXCERPT_BYTES]).decode("utf-8", errors="replace"))
