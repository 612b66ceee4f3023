"""``@operation`` and ``Op``: the actor and action the body gets, the registry, and an audit entry
that can only be written inside the operation's write transaction."""
import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.operations import op as op_module
from svit_appliance.operations.op import AuditOutsideTransaction, Op, operation
from svit_appliance.settings import Settings
from svit_appliance.store.connect import close_database, open_database
from svit_appliance.store.models import AuditEntry

CLI = Actor.cli()


@pytest.fixture
def registry(monkeypatch):
    """A registry of this test's own, so that its operations do not join the appliance's."""
    table = {}
    monkeypatch.setattr(op_module, "OPERATIONS", table)
    return table


@pytest.fixture
def db(tmp_path):
    open_database(Settings.load({}, data_dir=str(tmp_path)))
    yield
    close_database()


def test_it_hands_the_body_an_op_with_the_actor_and_the_action_and_registers_it(registry):
    @operation("thing.poke")
    def poke(op: Op, thing_id: str, hard: bool = False):
        return op.actor, op.action, thing_id, hard

    assert poke(CLI, "thg_1", hard=True) == (CLI, "thing.poke", "thg_1", True)
    assert registry == {"thing.poke": poke} and poke.action == "thing.poke" and poke.__name__ == "poke"


def test_it_refuses_two_operations_of_the_same_name(registry):
    @operation("thing.poke")
    def poke(op: Op):
        pass

    with pytest.raises(ValueError, match="two operations named 'thing.poke'"):
        @operation("thing.poke")
        def prod(op: Op):
            pass


def test_it_refuses_an_audit_entry_outside_op_writing(registry, db):
    @operation("thing.poke")
    def poke(op: Op):
        op.audit("thg_1", {"hard": True})

    with pytest.raises(AuditOutsideTransaction, match="thing.poke: audit inside op.writing"):
        poke(CLI)
    assert AuditEntry.select().count() == 0


def test_it_refuses_an_audit_entry_after_op_writing_closed_and_an_update_outside_it(registry, db):
    @operation("thing.poke")
    def poke(op: Op):
        with op.writing():
            entry_id = op.audit("thg_1")
        op.update_audit(entry_id, {"late": True})

    with pytest.raises(AuditOutsideTransaction):
        poke(CLI)
    assert [(e.action, e.target, e.details) for e in AuditEntry.select()] == [("thing.poke", "thg_1", {})]


def test_it_writes_the_entry_in_the_open_transaction_with_a_variant_action_and_actor(registry, db):
    admin = Actor("admin", "adm_1", "admin:ann@example.com")

    @operation("thing.toggle")
    def toggle(op: Op):
        with op.writing():
            op.audit("thg_1", action="thing.disable", actor=admin)

    toggle(CLI)
    assert [(e.actor, e.action) for e in AuditEntry.select()] == [("admin:ann@example.com", "thing.disable")]


def test_it_opens_one_writing_block_at_a_time(registry, db):
    @operation("thing.poke")
    def poke(op: Op):
        with op.writing(), op.writing():
            pass

    with pytest.raises(RuntimeError, match="open already"):
        poke(CLI)


def test_an_anonymous_operation_takes_no_actor_and_must_name_one_when_it_audits(registry, db):
    @operation("thing.claim", anonymous=True)
    def claim(op: Op, secret: str):
        with op.writing():
            op.audit(secret)

    with pytest.raises(AuditOutsideTransaction, match="names one in op.audit"):
        claim("s3cret")
    assert AuditEntry.select().count() == 0
