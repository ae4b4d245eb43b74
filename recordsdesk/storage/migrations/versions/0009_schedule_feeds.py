"""schedule feeds

Appointment identity by sending system, message order with tombstones, per-feed settings:
the ``schedule_feeds`` profiles and the ``appointment_keys`` each appointment is known by.
Appointments imported before this revision keep their rows; the first message naming one of
them by its old id adopts it under its qualified key (services/schedule.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from recordsdesk.storage.types import UtcDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "schedule_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_feeds")),
        sa.UniqueConstraint("name", name=op.f("uq_schedule_feeds_name")),
    )
    op.create_table(
        "appointment_keys",
        sa.Column("id", _BIG, nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("appointment_id", _BIG, nullable=True),
        sa.Column("message_at", UtcDateTime(), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=True),
        sa.Column("feed", sa.String(length=40), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_appointment_keys_appointment_id_appointments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_keys")),
        sa.UniqueConstraint("key", name=op.f("uq_appointment_keys_key")),
        sa.UniqueConstraint("appointment_id", name=op.f("uq_appointment_keys_appointment_id")),
    )


def downgrade() -> None:
    op.drop_table("appointment_keys")
    op.drop_table("schedule_feeds")
