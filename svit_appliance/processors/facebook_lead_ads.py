"""FACEBOOK_LEAD_ADS: Meta's Lead Ads webhook, and the lead it announces.

A ``leadgen`` change notification ({"object": "page", "entry": [{"changes": [{"field":
"leadgen", "value": {"leadgen_id", "form_id", "page_id", "ad_id"...}}]}]}) carries the lead's
id, never its answers: those are read from the Graph API with a page token, which the
appliance does not hold. Such a body raises NoContactDetails with the ids, so the job
succeeds with a warning instead of failing. A lead as the Graph API returns it (``id``,
``created_time``, ``field_data``: [{"name", "values"}]), alone or in ``data``, as a tool
that fetched it forwards it, is read like any form.
"""
from typing import Any

from .base import NoContactDetails, PayloadError, PersonInput
from .common import (
    Answer,
    as_dict,
    as_list,
    identified,
    labelled_items,
    person_from_answers,
)

WARNING = ("Facebook Lead Ads notifications carry the lead's id, not its answers: fetch lead "
           "{ids} from the Graph API (or forward the fetched lead) to record the person.")


def process(payload: Any, config: dict) -> list[PersonInput]:
    leads = _leads(payload)
    if leads is not None:
        return [person for lead in leads for person in identified(_lead(lead))]
    changes = _leadgen_changes(payload)
    references = {key: [change.get(key) for change in changes if change.get(key)]
                  for key in ("leadgen_id", "form_id", "page_id", "ad_id")}
    raise NoContactDetails(WARNING.format(ids=", ".join(map(str, references["leadgen_id"])) or "?"), references)


def _leads(payload: Any) -> list[dict] | None:
    """Leads as the Graph API returns them, if that is what was posted."""
    if isinstance(payload, dict) and isinstance(payload.get("field_data"), list):
        return [payload]
    candidates = payload.get("data") if isinstance(payload, dict) else payload
    if isinstance(candidates, list) and candidates and all(
            isinstance(lead, dict) and isinstance(lead.get("field_data"), list) for lead in candidates):
        return candidates
    return None


def _lead(lead: dict) -> PersonInput:
    items = labelled_items(lead["field_data"]) or []
    answers = [Answer(label, value[0] if isinstance(value, list) and len(value) == 1 else value, key=label)
               for label, value, _ in items]
    extras = {"leadgen_id": lead.get("id"), "created_time": lead.get("created_time"),
              "form_id": lead.get("form_id"), "ad_id": lead.get("ad_id")}
    return person_from_answers(answers, extras)


def _leadgen_changes(payload: Any) -> list[dict]:
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise PayloadError('A FACEBOOK_LEAD_ADS body must be a leadgen webhook ({"object": "page", '
                           '"entry": [...]}) or a lead with field_data.')
    changes = [as_dict(change.get("value")) for entry in map(as_dict, payload["entry"])
               for change in map(as_dict, as_list(entry.get("changes"))) if change.get("field") == "leadgen"]
    if not changes:
        raise PayloadError("The Facebook webhook holds no leadgen change.")
    return changes
