"""The inspector's table on PostgreSQL: its migration, stored rows with and without a project, trimming."""


from svit_appliance.core.audit import Actor
from svit_appliance.inspector import recorder
from svit_appliance.inspector.views import group_rejections
from svit_appliance.operations.integrations import create_integration
from svit_appliance.operations.projects import create_project
from svit_appliance.store.models import RejectedRequest


def rejection(route: str, code: str = "INTEGRATION_DISABLED", **fields) -> recorder.Rejection:
    return recorder.Rejection("POST", route, 409, code, "d", "127.0.0.1", None, None, None, None, **fields)


def test_it_stores_groups_and_trims_on_postgres(pg_db, monkeypatch):
    monkeypatch.setattr(recorder, "KEEP_PER_PROJECT", 3)
    project = create_project(Actor.cli(), "Acme", "US")
    integration = create_integration(Actor.cli(), project.id, "WEBHOOK", "site")
    recorder.store_rejections([rejection(f"/p{i}", integration_id=integration.id, count=2) for i in range(5)])
    recorder.store_rejections([rejection("/nobody", "INVALID_SERVER_TOKEN", server_secret="svit_pat_wrong")])
    assert [r.route for r in RejectedRequest.select().where(RejectedRequest.project == project.id)
            .order_by(RejectedRequest.id)] == ["/p2", "/p3", "/p4"]
    [group] = group_rejections(project.id, 7)
    assert (group.code, group.subject_id, group.count, group.fix) == ("INTEGRATION_DISABLED", integration.id, 6,
                                                                       "enable_integration")
    assert [g.code for g in group_rejections(None, 7)] == ["INVALID_SERVER_TOKEN"]
