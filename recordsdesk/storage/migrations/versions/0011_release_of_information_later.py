"""release of information, later

Release of information: what its later work needs. Requests indexed by the day received (the
turnaround figures of a period). A disclosure names the record types it
released (a request partly released stays open for the rest); a health oversight agency's or
law-enforcement official's statement suspending a patient's accounting (45 CFR 164.528(a)(2)).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import recordsdesk.storage.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # A plain ADD COLUMN on both databases: roi_disclosures is append-only and a rebuilt table
    # would lose the triggers that keep it so.
    op.execute("ALTER TABLE roi_disclosures ADD COLUMN released_types VARCHAR(255) DEFAULT ''")
    # The turnaround figures read a period's requests by the day they were received, and each
    # one's first disclosure from an index alone.
    with op.batch_alter_table("roi_requests", schema=None) as batch_op:
        batch_op.create_index("ix_roi_requests_received_on", ["received_on"])
    op.create_index(
        "ix_roi_disclosures_request_at", "roi_disclosures", ["request_id", "disclosed_at"]
    )
    op.create_table(
        "roi_accounting_suspensions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("patient_id", BIG_ID, nullable=False),
        sa.Column("agency", sa.String(length=128), nullable=False),
        sa.Column("official", sa.String(length=128), nullable=False),
        sa.Column("written", sa.Boolean(), nullable=False),
        sa.Column("stated_on", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column(
            "recorded_at",
            recordsdesk.storage.types.UtcDateTime(timezone=True),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_roi_accounting_suspensions_patient_id_patients"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_roi_accounting_suspensions_recorded_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roi_accounting_suspensions")),
    )
    with op.batch_alter_table("roi_accounting_suspensions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_roi_accounting_suspensions_patient_id"), ["patient_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("roi_accounting_suspensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roi_accounting_suspensions_patient_id"))
    op.drop_table("roi_accounting_suspensions")
    op.drop_index("ix_roi_disclosures_request_at", table_name="roi_disclosures")
    with op.batch_alter_table("roi_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_roi_requests_received_on")
    op.execute("ALTER TABLE roi_disclosures DROP COLUMN released_types")
