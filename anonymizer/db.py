"""The one database of the app: engine, sessions, declarative ``Base`` and migrations.

SQLite (a file under ``settings.data_dir``) is the embedded default; a city-wide deployment sets
``KITA_ANON_DATABASE_URL`` to PostgreSQL. The schema is owned by the Alembic migrations shipped in
``anonymizer/migrations``; ``upgrade_database`` applies them, so no caller runs ``create_all``.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData, create_engine, event, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from anonymizer.config import Settings, get_settings

logger = logging.getLogger(__name__)
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
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # it holds the register and keys
    return f"sqlite:///{settings.data_dir / SQLITE_FILE_NAME}"


def sqlite_file(url: str) -> Path | None:
    """The database file of a plain SQLite URL; ``None`` for other databases, memory and URI forms."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:") or "uri" in parsed.query:
        return None
    return Path(parsed.database)


def _make_owner_only(database: Path) -> None:
    """Create the SQLite file readable by its owner only (0600) before SQLite would create it world-
    readable (0644); SQLite gives its -wal and -shm files the mode of the database file. Files an
    older version created are tightened too."""
    try:
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # empty = a valid empty database
    except FileExistsError:
        for path in (database, *(database.with_name(database.name + suffix) for suffix in ("-wal", "-shm"))):
            try:
                if path.exists() and path.stat().st_mode & 0o077:
                    path.chmod(0o600)
            except OSError:  # another owner or a read-only mount: reading may still work, so go on
                logger.warning("Datenbank: %s ist für andere lesbar und lässt sich nicht auf 0600 setzen.", path)


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


def _refuse_read_only_shared_memory(shared_memory: Path) -> None:
    """SQLite maps its ``-shm`` file into memory. Once that file turns read-only (``chattr +i``, a
    read-only remount), the next write to the mapping kills the process with SIGBUS: no exception,
    no answer, no log line. One ``access()`` before each connection and transaction turns this into
    the ordinary storage error (the web service answers it with a German 503 problem)."""
    if shared_memory.exists() and not os.access(shared_memory, os.W_OK):
        logger.error("Datenbank: %s ist schreibgeschützt; Anfragen an die Datenbank werden abgelehnt.", shared_memory)
        raise OperationalError("BEGIN", None, PermissionError(f"{shared_memory} ist schreibgeschützt"))


def make_engine(url: str) -> Engine:
    database = sqlite_file(url)
    if database is not None:
        _make_owner_only(database)
    engine = create_engine(url, pool_pre_ping=True)
    if database is not None:  # registered first: it must run before the listeners below touch the file
        shared_memory = database.with_name(database.name + "-shm")
        for moment in ("connect", "begin"):
            event.listen(engine, moment, lambda *_: _refuse_read_only_shared_memory(shared_memory))
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
    with engine.connect() as connection, _sqlite_foreign_keys_off(connection), connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        if engine.dialect.name == "sqlite" and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
            raise RuntimeError("Die Migration hat Verweise zwischen Tabellen zerstört; nichts wurde geändert.")


@contextmanager
def _sqlite_foreign_keys_off(connection) -> Iterator[None]:
    """SQLite: foreign keys off while the migrations run. Batch mode rebuilds a table by dropping the
    old one, and with foreign keys on, dropping it first deletes every row that points at it (ON DELETE
    CASCADE: rebuilding ``users`` would delete every API token). The pragma only works outside a
    transaction; ``upgrade_database`` checks the references before it commits instead."""
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")
