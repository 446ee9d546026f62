"""Signed head of the audit chain, and a secret per family for the names in its audit entries.

Revision ID: 0005_keys
Revises: 0004_forms
Create Date: 2026-12-02

A register from before this revision has no signed head; ``verify`` says so until the next entry
signs one (see ``anonymizer.consent.audit``). Its families get their secret with their next entry.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_keys"
down_revision = "0004_forms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_signed_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_signed_head")),
    )
    op.create_table(
        "family_secrets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["families.id"], name=op.f("fk_family_secrets_id_families"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_secrets")),
    )


def downgrade() -> None:
    op.drop_table("family_secrets")
    op.drop_table("audit_signed_head")
