"""A person's timeline in words: each event as one sentence and the details a person wants to see
(the visitor's message, page, referrer, UTM and consent), for the console and ``svit persons show``."""
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .sources import source_name

FIELD_WORDS = {"name": "name", "first_name": "first name", "last_name": "last name", "email": "email",
               "phone": "phone", "company": "company"}
CONTEXT_LABELS = (("pageUrl", "Page"), ("referrer", "Referrer"), ("utm_source", "UTM source"),
                  ("utm_medium", "UTM medium"), ("utm_campaign", "UTM campaign"), ("utm_term", "UTM term"),
                  ("utm_content", "UTM content"))
QUOTE_CHARS = 80


@dataclass(frozen=True)
class Story:
    sentence: str
    details: list[tuple[str, str]] = field(default_factory=list)


def event_story(kind: str, source_type: str, source_id: str | None, data: dict | None,
                names: dict[str, str]) -> Story:
    data = data if isinstance(data, dict) else {}
    source = source_name(f"{source_type}:{source_id}" if source_id else source_type, names)
    if kind == "created":
        return Story(f"First seen: added from {source}")
    if kind == "merged":
        return Story(f"Updated from {source}: {changes_in_words(data)}")
    if kind == "form_submitted":
        return _form_story(data, source_name(f"client_token:{data.get('clientTokenId')}", names))
    if kind == "ingested":
        sender = source_name(f"integration:{data.get('integrationId')}", names) if data.get("integrationId") else source
        return Story(f"Received from {sender}" + (f" (job {data['jobId']})" if data.get("jobId") else ""))
    if kind == "imported":
        line = f", line {data['line']}" if data.get("line") else ""
        return Story(f"Imported from the CSV file {data.get('file') or 'upload'}{line}")
    if kind == "edited":
        who = "an admin" if source_type == "admin" else "the svit command"
        return Story(f"Edited by {who}: {changes_in_words(data)}")
    return Story(kind.replace("_", " ").capitalize())


def changes_in_words(data: dict) -> str:
    """``{"changes": {"phone": [None, "+44..."], ...}}`` as "phone added, company changed"."""
    changes = data.get("changes") if isinstance(data.get("changes"), dict) else {}
    words = []
    for name, change in changes.items():
        if name not in FIELD_WORDS:
            continue
        before = change.get("from") if isinstance(change, dict) else (change[0] if isinstance(change, list) else None)
        after = change.get("to") if isinstance(change, dict) else (change[1] if isinstance(change, list) else None)
        verb = "added" if not before else "removed" if not after else "changed"
        words.append(f"{FIELD_WORDS[name]} {verb}")
    attributes = data.get("attributesChanged")
    if isinstance(attributes, list) and attributes:
        words.append(f"{', '.join(map(str, attributes[:5]))} updated")
    return ", ".join(words) or "nothing new"


def _form_story(data: dict, form: str) -> Story:
    context = data.get("context") if isinstance(data.get("context"), dict) else {}
    message = data.get("message") if isinstance(data.get("message"), str) else None
    page = _page(context.get("pageUrl"))
    sentence = "Sent the contact form" + (f" on {page}" if page else f" ({form})")
    if message:
        quoted = message if len(message) <= QUOTE_CHARS else message[:QUOTE_CHARS].rstrip() + "…"
        sentence += f": '{quoted}'"
    details = [("Message", message)] if message else []
    details += [(label, str(context[key])) for key, label in CONTEXT_LABELS if context.get(key)]
    if "consent" in context:
        details.append(("Consent", "given" if context["consent"] else "not given"))
    return Story(sentence, details)


def _page(url) -> str | None:
    """``https://acme.com/contact?x=1`` as "acme.com/contact"."""
    if not isinstance(url, str) or not url:
        return None
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") or url
