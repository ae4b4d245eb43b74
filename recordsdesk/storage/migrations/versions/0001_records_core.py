"""records core

Revision ID: 0001
Revises:
Create Date: 2026-11-27 03:25:05.663683
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import recordsdesk.storage.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("loan_hours", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
        sa.UniqueConstraint("code", name=op.f("uq_locations_code")),
    )
    op.create_table(
        "patients",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("mrn", sa.String(length=30), nullable=False),
        sa.Column("family_name", sa.String(length=80), nullable=False),
        sa.Column("given_name", sa.String(length=80), nullable=False),
        sa.Column("dob", sa.Date(), nullable=True),
        sa.Column("name_key", sa.String(length=170), nullable=False),
        sa.Column(
            "created_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patients")),
        sa.UniqueConstraint("mrn", name=op.f("uq_patients_mrn")),
    )
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patients_name_key"), ["name_key"], unique=False)

    op.create_table(
        "record_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("pull_all_volumes", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_types")),
        sa.UniqueConstraint("code", name=op.f("uq_record_types_code")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column(
            "locked_until", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "created_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "charts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "patient_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("record_type_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_charts_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["record_type_id"],
            ["record_types.id"],
            name=op.f("fk_charts_record_type_id_record_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charts")),
        sa.UniqueConstraint("patient_id", "record_type_id", name=op.f("uq_charts_patient_id")),
    )
    with op.batch_alter_table("charts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_charts_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "volumes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("chart_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("barcode", sa.String(length=32), nullable=False),
        sa.Column("shelf_key", sa.String(length=80), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("out_since", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("due_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("missing", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "last_movement_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["chart_id"], ["charts.id"], name=op.f("fk_volumes_chart_id_charts")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_volumes_location_id_locations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volumes")),
        sa.UniqueConstraint("barcode", name=op.f("uq_volumes_barcode")),
        sa.UniqueConstraint("chart_id", "number", name=op.f("uq_volumes_chart_id")),
    )
    with op.batch_alter_table("volumes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volumes_chart_id"), ["chart_id"], unique=False)
        batch_op.create_index("ix_volumes_location_due", ["location_id", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_volumes_shelf_key"), ["shelf_key"], unique=False)

    op.create_table(
        "movements",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "volume_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("from_location_id", sa.Integer(), nullable=True),
        sa.Column("to_location_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("workstation", sa.String(length=64), nullable=False),
        sa.Column("at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("due_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_location_id"],
            ["locations.id"],
            name=op.f("fk_movements_from_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["to_location_id"], ["locations.id"], name=op.f("fk_movements_to_location_id_locations")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_movements_user_id_users")),
        sa.ForeignKeyConstraint(
            ["volume_id"], ["volumes.id"], name=op.f("fk_movements_volume_id_volumes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movements")),
    )
    with op.batch_alter_table("movements", schema=None) as batch_op:
        batch_op.create_index("ix_movements_volume_at", ["volume_id", "id"], unique=False)

    record_types = sa.table(
        "record_types",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("pull_all_volumes", sa.Boolean),
    )
    op.bulk_insert(
        record_types,
        [
            {"code": "MR", "name": "Medical record", "pull_all_volumes": False},
            {"code": "RAD", "name": "Radiology jacket", "pull_all_volumes": True},
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("movements", schema=None) as batch_op:
        batch_op.drop_index("ix_movements_volume_at")

    op.drop_table("movements")
    with op.batch_alter_table("volumes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volumes_shelf_key"))
        batch_op.drop_index("ix_volumes_location_due")
        batch_op.drop_index(batch_op.f("ix_volumes_chart_id"))

    op.drop_table("volumes")
    with op.batch_alter_table("charts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_charts_patient_id"))

    op.drop_table("charts")
    op.drop_table("users")
    op.drop_table("settings")
    op.drop_table("record_types")
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patients_name_key"))

    op.drop_table("patients")
    op.drop_table("locations")
