"""Accounts: user names in one spelling, server-side page sessions, login counters in the database.

Revision ID: 0006_accounts
Revises: 0005_keys
Create Date: 2026-12-02
"""
from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0006_accounts"
down_revision = "0005_keys"
branch_labels = None
depends_on = None


def _normalized(username: str) -> str:
    # A frozen copy of accounts.normalize_username: a migration must not change when the code does.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold()).strip()


def _normalize_usernames() -> None:
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("username", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.username)).all()
    spellings: dict[str, list[str]] = {}
    for _id, username in rows:
        spellings.setdefault(_normalized(username), []).append(username)
    clashes = [names for names in spellings.values() if len(names) > 1]
    if clashes:
        listed = "; ".join(" / ".join(repr(name) for name in names) for names in clashes)
        raise RuntimeError(
            f"Diese Benutzernamen unterscheiden sich nur in Groß-/Kleinschreibung oder Leerzeichen: {listed}. "
            "Bitte vor dem Update einen davon umbenennen."
        )
    for user_id, username in rows:
        if _normalized(username) != username:
            connection.execute(users.update().where(users.c.id == user_id).values(username=_normalized(username)))


def upgrade() -> None:
    _normalize_usernames()
    op.create_table(
        "web_sessions",
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_web_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_web_sessions")),
    )
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"])
    op.create_index(op.f("ix_web_sessions_expires_at"), "web_sessions", ["expires_at"])
    op.create_table(
        "login_counters",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_counters")),
    )
    op.create_index(op.f("ix_login_counters_last_attempt_at"), "login_counters", ["last_attempt_at"])


def downgrade() -> None:
    # User names keep their one spelling (the old code then wants them typed exactly so).
    op.drop_index(op.f("ix_login_counters_last_attempt_at"), table_name="login_counters")
    op.drop_table("login_counters")
    op.drop_index(op.f("ix_web_sessions_expires_at"), table_name="web_sessions")
    op.drop_index(op.f("ix_web_sessions_user_id"), table_name="web_sessions")
    op.drop_table("web_sessions")
