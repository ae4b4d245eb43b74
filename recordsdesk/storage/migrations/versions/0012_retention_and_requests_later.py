"""retention and requests, later

Retention and the requests desk: what their later work needs. Volumes' measured thickness (the
shelf they take) and the people present at a destruction (second person and witnesses).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import recordsdesk.storage.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "volume_thickness",
        sa.Column(
            "volume_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("inches", sa.Float(), nullable=False),
        sa.Column("measured_by", sa.Integer(), nullable=False),
        sa.Column(
            "measured_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["measured_by"], ["users.id"], name=op.f("fk_volume_thickness_measured_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["volume_id"], ["volumes.id"], name=op.f("fk_volume_thickness_volume_id_volumes")
        ),
        sa.PrimaryKeyConstraint("volume_id", name=op.f("pk_volume_thickness")),
    )
    op.create_table(
        "destruction_witnesses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["destruction_batches.id"],
            name=op.f("fk_destruction_witnesses_batch_id_destruction_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_destruction_witnesses_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_destruction_witnesses_recorded_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_destruction_witnesses_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destruction_witnesses")),
    )
    with op.batch_alter_table("destruction_witnesses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_destruction_witnesses_batch_id"), ["batch_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("destruction_witnesses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_destruction_witnesses_batch_id"))
    op.drop_table("destruction_witnesses")
    op.drop_table("volume_thickness")
