"""The one database of the app: engine, sessions, declarative ``Base`` and migrations.

SQLite (a file under ``settings.data_dir``) is the embedded default; a city-wide deployment sets
``KITA_ANON_DATABASE_URL`` to PostgreSQL. The schema is owned by the Alembic migrations shipped in
``anonymizer/migrations``; ``upgrade_database`` applies them, so no caller runs ``create_all``.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData, create_engine, event, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from anonymizer.config import Settings, get_settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE_NAME = "kita-anon.sqlite3"
# Modules that define tables on ``Base``: Alembic's env.py imports them to compare models and migrations.
MODEL_MODULES = ("anonymizer.consent.models", "anonymizer.web.accounts", "anonymizer.web.throttle")

# Stable constraint names, so that later migrations can refer to (and drop) constraints by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def database_url(settings: Settings | None = None) -> str:
    """``settings.database_url``, or the SQLite file in the data directory (created if missing)."""
    settings = settings or get_settings()
    if settings.database_url:
        return settings.database_url
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{settings.data_dir / SQLITE_FILE_NAME}"


def _configure_sqlite(dbapi_connection, _record) -> None:
    # WAL lets readers work during a write; synchronous=FULL makes every commit durable, so a killed
    # process or a power cut loses nothing that was committed; SQLite leaves foreign keys off by default.
    # isolation_level=None hands transaction control to SQLAlchemy (see _begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # erased records are overwritten, not left in free pages
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _begin_immediate(connection) -> None:
    # Take the write lock at BEGIN, not at the first write: a transaction that reads the audit chain's
    # head and then appends to it must not race another process doing the same.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_immediate)
    return engine


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """The shared engine for ``url`` (default: from the settings), created once per process."""
    return make_engine(url or database_url())


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    with session_factory(engine).begin() as session:
        yield session


def checkpoint(engine: Engine) -> None:
    """SQLite: move the write-ahead log into the database file and empty it, so that old versions of
    deleted records do not linger in the log file. PostgreSQL manages its own log: nothing to do."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser treats '%' as interpolation; URLs may contain percent-encoded passwords.
    config.set_main_option("sqlalchemy.url", make_url(url).render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade_database(url: str | None = None) -> None:
    """Bring the schema at ``url`` (default: from the settings) to the newest migration."""
    url = url or database_url()
    engine = get_engine(url)
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
