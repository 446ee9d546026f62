"""Alembic environment: runs the migrations on the connection given by ``upgrade_database``."""
from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import anonymizer.consent.models  # noqa: F401  (registers the tables for autogenerate)
from anonymizer.db import Base

config = context.config


def run_migrations(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.begin() as connection:
        run_migrations(connection)


run_online()
