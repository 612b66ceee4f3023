"""Opening the database: bind the shared proxy, bring the schema up to date, close it again."""
from ..settings import Settings
from .datadir import StartupError, create_private_file, prepare_data_dir
from .db import DatabaseError, build_database, database, sqlite_file, where_data_lives
from .upgrade import upgrade_schema


def open_database(settings: Settings, upgrade: bool = True):
    """Bind the shared proxy to the configured database and (unless told not to) bring its
    schema up to date, backing it up first when migrations are pending."""
    db_file = sqlite_file(settings)
    if db_file is not None:
        prepare_data_dir(settings.data_path)
        create_private_file(db_file)
    db = build_database(settings)
    database.initialize(db)
    if upgrade:
        try:
            upgrade_schema(db, settings.data_path)
        except DatabaseError as error:  # not a database, not ours to write, unreachable: say which and why
            reason = (str(error).strip() or type(error).__name__).splitlines()[0]
            raise StartupError(f"cannot open the database ({where_data_lives(settings)}): {reason}") from None
    return db


def close_database() -> None:
    if database.obj is not None:
        database.close()
