"""The models describe the tables the migrations create: same tables, same columns."""
import pytest

from svit_appliance.settings import Settings
from svit_appliance.store import models
from svit_appliance.store.db import build_database
from svit_appliance.store.migrations import MIGRATIONS, migrate


def table_models() -> list[type]:
    return [model for model in vars(models).values()
            if isinstance(model, type) and issubclass(model, models.BaseModel)
            and model not in (models.BaseModel, models.Token)]


@pytest.fixture
def migrated(tmp_path):
    db = build_database(Settings.load({}, data_dir=str(tmp_path)))
    migrate(db, MIGRATIONS)
    try:
        yield db
    finally:
        db.close()


@pytest.mark.parametrize("model", table_models(), ids=lambda model: model.__name__)
def test_it_names_every_column_of_the_migrated_table(migrated, model):
    table = model._meta.table_name
    columns = {column.name for column in migrated.get_columns(table)}
    assert {field.column_name for field in model._meta.sorted_fields} == columns


def test_the_two_token_tables_share_one_token_model_that_has_no_table_of_its_own(migrated):
    assert issubclass(models.ServerToken, models.Token) and issubclass(models.ClientToken, models.Token)
    assert models.Token._meta.table_name not in migrated.get_tables()
    shared = {"id", "project", "name", "prefix", "token_hash", "created_at", "last_used_at", "expires_at", "revoked_at"}
    assert set(models.Token._meta.fields) == shared
    assert shared < set(models.ClientToken._meta.fields) and set(models.ServerToken._meta.fields) == shared


def test_each_token_model_keeps_its_own_backref_on_the_project():
    assert models.ServerToken.project.backref == "server_tokens"
    assert models.ClientToken.project.backref == "client_tokens"
    assert not hasattr(models.Project, "tokens")
