"""release of information

Release of information: requests, authorisations, disclosures. The tables that are history
(disclosures, approvals, the chart requests made for a release) refuse UPDATE and DELETE.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import recordsdesk.storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
APPEND_ONLY = ("roi_disclosures", "roi_approvals", "roi_chart_requests")


def _utc() -> recordsdesk.storage.types.UtcDateTime:
    return recordsdesk.storage.types.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "roi_requests",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("patient_id", BIG_ID, nullable=False),
        sa.Column("requester_kind", sa.String(length=24), nullable=False),
        sa.Column("basis", sa.String(length=24), nullable=False),
        sa.Column("requester_name", sa.String(length=128), nullable=False),
        sa.Column("requester_address", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("extended_due_on", sa.Date(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("record_types", sa.String(length=255), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=True),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("volumes", sa.Text(), nullable=False),
        sa.Column("minimum_necessary", sa.Text(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("fee_cents", sa.Integer(), nullable=True),
        sa.Column("denial_reason", sa.Text(), nullable=False),
        sa.Column("has_authorisation", sa.Boolean(), nullable=False),
        sa.Column("auth_description", sa.Text(), nullable=False),
        sa.Column("auth_discloser", sa.String(length=255), nullable=False),
        sa.Column("auth_recipient", sa.String(length=255), nullable=False),
        sa.Column("auth_purpose", sa.Text(), nullable=False),
        sa.Column("auth_expires_on", sa.Date(), nullable=True),
        sa.Column("auth_expiry_event", sa.String(length=255), nullable=False),
        sa.Column("auth_signed_by", sa.String(length=128), nullable=False),
        sa.Column("auth_signed_on", sa.Date(), nullable=True),
        sa.Column("auth_representative_authority", sa.String(length=255), nullable=False),
        sa.Column("auth_statements", sa.Boolean(), nullable=False),
        sa.Column("auth_covers", sa.String(length=128), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("closed_at", _utc(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_roi_requests_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_roi_requests_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roi_requests")),
    )
    with op.batch_alter_table("roi_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roi_requests_patient_id"), ["patient_id"])
        batch_op.create_index("ix_roi_requests_status_due", ["status", "due_on"])

    op.create_table(
        "roi_checks",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("request_id", BIG_ID, nullable=False),
        sa.Column("item", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.Column("checked_by", sa.Integer(), nullable=False),
        sa.Column("checked_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checked_by"], ["users.id"], name=op.f("fk_roi_checks_checked_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["roi_requests.id"], name=op.f("fk_roi_checks_request_id_roi_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roi_checks")),
        sa.UniqueConstraint("request_id", "item", name=op.f("uq_roi_checks_request_id")),
    )
    with op.batch_alter_table("roi_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roi_checks_request_id"), ["request_id"])

    op.create_table(
        "roi_approvals",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("request_id", BIG_ID, nullable=False),
        sa.Column("subject", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=False),
        sa.Column("approved_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["users.id"], name=op.f("fk_roi_approvals_approved_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["roi_requests.id"],
            name=op.f("fk_roi_approvals_request_id_roi_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roi_approvals")),
    )
    with op.batch_alter_table("roi_approvals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roi_approvals_request_id"), ["request_id"])

    op.create_table(
        "roi_chart_requests",
        sa.Column("roi_request_id", BIG_ID, nullable=False),
        sa.Column("chart_request_id", BIG_ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["chart_request_id"],
            ["requests.id"],
            name=op.f("fk_roi_chart_requests_chart_request_id_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["roi_request_id"],
            ["roi_requests.id"],
            name=op.f("fk_roi_chart_requests_roi_request_id_roi_requests"),
        ),
        sa.PrimaryKeyConstraint(
            "roi_request_id", "chart_request_id", name=op.f("pk_roi_chart_requests")
        ),
    )

    op.create_table(
        "roi_disclosures",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("request_id", BIG_ID, nullable=False),
        sa.Column("patient_id", BIG_ID, nullable=False),
        sa.Column("disclosed_at", _utc(), nullable=False),
        sa.Column("recipient", sa.String(length=128), nullable=False),
        sa.Column("recipient_address", sa.Text(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("basis", sa.String(length=24), nullable=False),
        sa.Column("accountable", sa.Boolean(), nullable=False),
        sa.Column("held_back", sa.String(length=128), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("fee_cents", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("workstation", sa.String(length=64), nullable=False),
        sa.Column("audit_event_id", BIG_ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_event_id"],
            ["audit_events.id"],
            name=op.f("fk_roi_disclosures_audit_event_id_audit_events"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_roi_disclosures_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["roi_requests.id"],
            name=op.f("fk_roi_disclosures_request_id_roi_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_roi_disclosures_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roi_disclosures")),
        sa.UniqueConstraint("audit_event_id", name=op.f("uq_roi_disclosures_audit_event_id")),
    )
    with op.batch_alter_table("roi_disclosures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roi_disclosures_request_id"), ["request_id"])
        batch_op.create_index("ix_roi_disclosures_patient_at", ["patient_id", "disclosed_at"])

    op.create_table(
        "roi_record_type_categories",
        sa.Column("record_type_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_type_id"],
            ["record_types.id"],
            name=op.f("fk_roi_record_type_categories_record_type_id_record_types"),
        ),
        sa.PrimaryKeyConstraint("record_type_id", name=op.f("pk_roi_record_type_categories")),
    )
    op.create_table(
        "roi_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_roi_settings")),
    )
    _refuse_changes()


def _refuse_changes() -> None:
    """History stays as written: UPDATE and DELETE on the append-only tables fail."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION roi_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION roi_refuse_change()"
            )
        return
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {action} refused'); END"
            )


def downgrade() -> None:
    op.drop_table("roi_settings")
    op.drop_table("roi_record_type_categories")
    with op.batch_alter_table("roi_disclosures", schema=None) as batch_op:
        batch_op.drop_index("ix_roi_disclosures_patient_at")
        batch_op.drop_index(batch_op.f("ix_roi_disclosures_request_id"))
    op.drop_table("roi_disclosures")
    op.drop_table("roi_chart_requests")
    with op.batch_alter_table("roi_approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roi_approvals_request_id"))
    op.drop_table("roi_approvals")
    with op.batch_alter_table("roi_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roi_checks_request_id"))
    op.drop_table("roi_checks")
    with op.batch_alter_table("roi_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_roi_requests_status_due")
        batch_op.drop_index(batch_op.f("ix_roi_requests_patient_id"))
    op.drop_table("roi_requests")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS roi_refuse_change()")
