"""Ids sort in the order they were made, one at a time or many at once."""
from svit_appliance.core.ids import new_id, new_ids


def test_it_makes_many_ids_in_the_order_one_at_a_time_would():
    made = [new_id("evt"), *new_ids("evt", 5), new_id("evt"), *new_ids("evt", 3)]
    assert made == sorted(made)
    assert len(set(made)) == len(made)
    assert all(len(one) == len("evt_") + 32 for one in made)


def test_it_makes_no_ids_when_asked_for_none():
    before = new_id("per")
    assert new_ids("per", 0) == []
    assert new_id("per") > before
