"""retention

Retention rules, records centres, deaths, off-site boxes, legal holds, destruction batches.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import recordsdesk.storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "destruction_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        sa.Column(
            "proposed_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column(
            "approved_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "completed_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["users.id"], name=op.f("fk_destruction_batches_approved_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by"], ["users.id"], name=op.f("fk_destruction_batches_proposed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destruction_batches")),
    )
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "patient_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("record_type_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by", sa.Integer(), nullable=False),
        sa.Column(
            "placed_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("released_by", sa.Integer(), nullable=True),
        sa.Column(
            "released_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("release_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_legal_holds_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["placed_by"], ["users.id"], name=op.f("fk_legal_holds_placed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["record_type_id"],
            ["record_types.id"],
            name=op.f("fk_legal_holds_record_type_id_record_types"),
        ),
        sa.ForeignKeyConstraint(
            ["released_by"], ["users.id"], name=op.f("fk_legal_holds_released_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    op.create_table(
        "patient_deaths",
        sa.Column(
            "patient_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("died_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column(
            "recorded_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_patient_deaths_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_patient_deaths_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("patient_id", name=op.f("pk_patient_deaths")),
    )
    op.create_table(
        "records_centres",
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_records_centres_location_id_locations")
        ),
        sa.PrimaryKeyConstraint("location_id", name=op.f("pk_records_centres")),
    )
    op.create_table(
        "retention_boxes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("barcode", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("moved_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_retention_boxes_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_retention_boxes_location_id_locations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_boxes")),
        sa.UniqueConstraint("barcode", name=op.f("uq_retention_boxes_barcode")),
    )
    op.create_table(
        "retention_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("years_after_activity", sa.Integer(), nullable=True),
        sa.Column("majority_age", sa.Integer(), nullable=True),
        sa.Column("years_after_majority", sa.Integer(), nullable=True),
        sa.Column("years_after_death", sa.Integer(), nullable=True),
        sa.Column("permanent", sa.Boolean(), nullable=False),
        sa.Column("retire_after_years", sa.Integer(), nullable=True),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column(
            "updated_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_type_id"],
            ["record_types.id"],
            name=op.f("fk_retention_rules_record_type_id_record_types"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_retention_rules_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_rules")),
        sa.UniqueConstraint("record_type_id", name=op.f("uq_retention_rules_record_type_id")),
    )
    op.create_table(
        "destruction_items",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column(
            "volume_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("box_id", sa.Integer(), nullable=True),
        sa.Column("rule_name", sa.String(length=128), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("basis", sa.String(length=255), nullable=False),
        sa.Column("keep_until", sa.Date(), nullable=False),
        sa.Column("destroyed_by", sa.Integer(), nullable=True),
        sa.Column(
            "destroyed_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "movement_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["destruction_batches.id"],
            name=op.f("fk_destruction_items_batch_id_destruction_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["retention_boxes.id"],
            name=op.f("fk_destruction_items_box_id_retention_boxes"),
        ),
        sa.ForeignKeyConstraint(
            ["destroyed_by"], ["users.id"], name=op.f("fk_destruction_items_destroyed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["volume_id"], ["volumes.id"], name=op.f("fk_destruction_items_volume_id_volumes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destruction_items")),
        sa.UniqueConstraint("batch_id", "volume_id", name=op.f("uq_destruction_items_batch_id")),
    )
    op.create_index(
        op.f("ix_destruction_items_batch_id"), "destruction_items", ["batch_id"], unique=False
    )
    op.create_index(
        op.f("ix_destruction_items_volume_id"), "destruction_items", ["volume_id"], unique=False
    )
    op.create_table(
        "retention_box_items",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column(
            "volume_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("packed_by", sa.Integer(), nullable=False),
        sa.Column(
            "packed_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("removed_by", sa.Integer(), nullable=True),
        sa.Column(
            "removed_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["retention_boxes.id"],
            name=op.f("fk_retention_box_items_box_id_retention_boxes"),
        ),
        sa.ForeignKeyConstraint(
            ["packed_by"], ["users.id"], name=op.f("fk_retention_box_items_packed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["removed_by"], ["users.id"], name=op.f("fk_retention_box_items_removed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["volume_id"], ["volumes.id"], name=op.f("fk_retention_box_items_volume_id_volumes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_box_items")),
    )
    op.create_index(
        op.f("ix_retention_box_items_box_id"), "retention_box_items", ["box_id"], unique=False
    )
    op.create_index(
        "uq_retention_box_items_volume_open",
        "retention_box_items",
        ["volume_id"],
        unique=True,
        sqlite_where=sa.text("removed_at IS NULL"),
        postgresql_where=sa.text("removed_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_retention_box_items_volume_open",
        table_name="retention_box_items",
        sqlite_where=sa.text("removed_at IS NULL"),
        postgresql_where=sa.text("removed_at IS NULL"),
    )
    op.drop_index(op.f("ix_retention_box_items_box_id"), table_name="retention_box_items")
    op.drop_table("retention_box_items")
    op.drop_index(op.f("ix_destruction_items_volume_id"), table_name="destruction_items")
    op.drop_index(op.f("ix_destruction_items_batch_id"), table_name="destruction_items")
    op.drop_table("destruction_items")
    op.drop_table("retention_rules")
    op.drop_table("retention_boxes")
    op.drop_table("records_centres")
    op.drop_table("patient_deaths")
    op.drop_table("legal_holds")
    op.drop_table("destruction_batches")
