"""What the token tests share."""
from svit_appliance.access.tokens import LOOKUP_CHARS


def twin(secret: str, kind) -> str:
    """Another well-formed token with the same stored prefix: it differs only after it."""
    keep = len(kind.marker) + LOOKUP_CHARS
    rest = "".join("b" if c == "a" else "a" for c in secret[keep:])
    return secret[:keep] + rest
