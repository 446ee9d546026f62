"""Alembic environment: runs the migrations on the connection given by ``upgrade_database``."""
from __future__ import annotations

import importlib

from alembic import context
from sqlalchemy import engine_from_config, pool

from anonymizer.db import MODEL_MODULES, Base

config = context.config
for module in MODEL_MODULES:  # registers every table on Base, for autogenerate and `alembic check`
    importlib.import_module(module)


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
