"""identity

Command-line sessions, service tokens, workstations, sign-in failures.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import recordsdesk.storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc() -> recordsdesk.storage.types.UtcDateTime:
    return recordsdesk.storage.types.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "cli_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("os_user", sa.String(length=128), nullable=False),
        sa.Column("workstation", sa.String(length=64), nullable=False),
        sa.Column("started_at", _utc(), nullable=False),
        sa.Column("last_used_at", _utc(), nullable=False),
        sa.Column("ended_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_cli_sessions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cli_sessions")),
    )
    with op.batch_alter_table("cli_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cli_sessions_user_id"), ["user_id"], unique=False)
    op.create_table(
        "service_tokens",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("issued_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_service_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_service_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_service_tokens_token_hash")),
    )
    op.create_table(
        "workstations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("machine_id", sa.String(length=64), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=False),
        sa.Column("registered_at", _utc(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registered_by"], ["users.id"], name=op.f("fk_workstations_registered_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workstations")),
        sa.UniqueConstraint("machine_id", name=op.f("uq_workstations_machine_id")),
        sa.UniqueConstraint("name", name=op.f("uq_workstations_name")),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", _utc(), nullable=True),
        sa.Column("locked_until", _utc(), nullable=True),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_sign_in_failures")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_failures")
    op.drop_table("workstations")
    op.drop_table("service_tokens")
    with op.batch_alter_table("cli_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cli_sessions_user_id"))
    op.drop_table("cli_sessions")
