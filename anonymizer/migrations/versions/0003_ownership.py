"""Ownership: the role of the network coordination, which may answer any family's Art. 15/17 request.

The owner of a family or consent is the institution that registered it. The register has stored
exactly that since 0001 (``families.institution``, ``consents.institution``: the institution of the
user who registered it, or ``--institution`` on the command line), so existing rows keep it as their
owner and no data moves. A second owner column would only repeat it, and would change the checksum
of every record, which the migration (without the register key) could not re-seal: ``verify`` would
then report every record as edited. What is new is the role ``netzwerkkoordination``.

Revision ID: 0003_ownership
Revises: 0002_users
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_ownership"
down_revision = "0002_users"
branch_labels = None
depends_on = None

ROLE_CHECK = "role"  # named ck_users_role by the naming convention


def _allow_roles(*roles: str) -> None:
    allowed = ", ".join(f"'{role}'" for role in roles)
    # SQLite cannot alter a constraint: batch mode rebuilds the table (PostgreSQL alters it in place).
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint(ROLE_CHECK, sa.text(f"role IN ({allowed})"))


def upgrade() -> None:
    _allow_roles("fachkraft", "koordination", "netzwerkkoordination")


def downgrade() -> None:
    # Without the network-wide right, a network coordination keeps what a coordination may do.
    op.execute("UPDATE users SET role = 'koordination' WHERE role = 'netzwerkkoordination'")
    _allow_roles("fachkraft", "koordination")
