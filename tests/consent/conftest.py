"""Register fixtures: every test runs on a fresh real SQLite file and on a fresh real PostgreSQL
database (KITA_ANON_TEST_POSTGRES_URL; `make test` starts one, and in CI it must be present)."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, make_url

from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import generate_key, parse_key
from anonymizer.db import get_engine, upgrade_database
from consent.register_data import CHILD, MOTHER, consent_input
from system_support import requires

POSTGRES_ENV = "KITA_ANON_TEST_POSTGRES_URL"


def postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        requires(POSTGRES_ENV, f"kein PostgreSQL: {POSTGRES_ENV} nicht gesetzt (`make test` startet einen Server)")
    return url


@pytest.fixture(scope="session")
def postgres_template():
    """A migrated database on the PostgreSQL server; each test gets a fresh copy of it (fast)."""
    server = make_url(postgres_server_url())
    name = f"kita_template_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    template_url = server.set(database=name).render_as_string(hide_password=False)
    upgrade_database(template_url)
    get_engine(template_url).dispose()  # a template must have no open connections
    yield admin, server, name
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite3'}"
        get_engine.cache_clear()
        return
    admin, server, template = request.getfixturevalue("postgres_template")
    name = f"kita_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    yield url
    get_engine(url).dispose()
    get_engine.cache_clear()
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def key() -> bytes:
    return parse_key(generate_key())


@pytest.fixture
def store(database_url, key) -> ConsentStore:
    upgrade_database(database_url)
    return ConsentStore(get_engine(database_url), key)


@pytest.fixture
def family(store):
    return store.add_family(
        [{"name": MOTHER, "role": "Mutter"}, {"name": CHILD, "role": "Kind"}], "Kita Sonnenschein"
    )


@pytest.fixture
def consent(store, family):
    return store.add_consent(consent_input(family.id))
