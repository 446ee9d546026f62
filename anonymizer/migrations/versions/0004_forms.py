"""Consent forms in the family's language: form wordings with version and hash, how a consent was
explained, how a revocation reached the register, and whom to contact for a revocation.

Revision ID: 0004_forms
Revises: 0003_ownership
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_forms"
down_revision = "0003_ownership"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_versions")),
        sa.UniqueConstraint("sha256", name=op.f("uq_form_versions_sha256")),
    )
    op.create_index(op.f("ix_form_versions_language"), "form_versions", ["language"])
    op.create_table(
        "institution_contacts",
        sa.Column("institution", sa.String(200), nullable=False),
        sa.Column("person", sa.String(200), nullable=True),
        sa.Column("address", sa.String(300), nullable=True),
        sa.Column("phone", sa.String(60), nullable=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("institution", name=op.f("pk_institution_contacts")),
    )
    # Existing consents keep NULL in the new columns: their form was the German one, version unknown.
    # Plain ADD COLUMN and no foreign key: adding one on SQLite means rebuilding `consents`, and
    # dropping the old table cascades to participants and revocations. `verify` checks the reference.
    for column in (
        sa.Column("language", sa.String(20), nullable=True),
        sa.Column("form_version_id", sa.Integer(), nullable=True),
        sa.Column("explanation", sa.String(40), nullable=True),
        sa.Column("interpreter", sa.LargeBinary(), nullable=True),
        sa.Column("explained_in", sa.String(20), nullable=True),
    ):
        op.add_column("consents", column)
    op.add_column("revocations", sa.Column("channel", sa.String(40), nullable=True))


def downgrade() -> None:
    op.drop_column("revocations", "channel")
    for column in ("explained_in", "interpreter", "explanation", "form_version_id", "language"):
        op.drop_column("consents", column)
    op.drop_table("institution_contacts")
    op.drop_index(op.f("ix_form_versions_language"), table_name="form_versions")
    op.drop_table("form_versions")
