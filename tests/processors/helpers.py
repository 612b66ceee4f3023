"""What the processor tests share: run a type's processor on a payload."""
from svit_appliance.processors import INTEGRATION_TYPES


def process(type_name, payload, config=None):
    return INTEGRATION_TYPES[type_name].process(payload, config or {})


def one(type_name, payload):
    persons = process(type_name, payload)
    assert len(persons) == 1, persons
    return persons[0]
