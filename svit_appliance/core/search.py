"""What a typed search looks up: lower-cased text, or the digits of a phone number. The queries
themselves (the FTS5 trigram index on SQLite, prefix matches on PostgreSQL, counts and paging)
are ``store.search``'s."""
import re
import unicodedata

from .errors import Refused

MIN_QUERY = 3
_PHONE_LIKE = re.compile(r"^[\d\s+().\-]+$")


def search_term(query: str) -> str:
    """What is looked up for a typed query: lower-cased text, or the digits of a phone number;
    ``Refused`` when the text holds a control character."""
    # any whitespace separates words; other control characters (a NUL broke the FTS query) are
    # never part of what a person typed
    control = next((c for c in query if unicodedata.category(c) == "Cc" and not c.isspace()), None)
    if control is not None:
        raise Refused(f"The search text holds a control character (U+{ord(control):04X}): type a name, "
                      "an email or a phone number", field="q")
    query = " ".join(query.split()).lower()
    if _PHONE_LIKE.match(query) and sum(c.isdigit() for c in query) >= MIN_QUERY:
        return re.sub(r"\D", "", query)
    return query
