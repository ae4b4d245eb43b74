"""requests desk

The requests desk and the dashboard's figures: hourly movement tallies kept by the ledger,
shelf audit runs, the indexes the figures and the request queue read through, and on
PostgreSQL a trigger that tells listening desks when requests change.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from recordsdesk.storage.types import UtcDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL = {
    "sqlite": (
        "INSERT INTO movement_tallies (hour, user_id, kind, count) "
        "SELECT strftime('%Y-%m-%d %H:00:00.000000', at), user_id, kind, count(*) "
        "FROM movements GROUP BY 1, 2, 3"
    ),
    "postgresql": (
        "INSERT INTO movement_tallies (hour, user_id, kind, count) "
        "SELECT date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', user_id, kind, "
        "count(*) FROM movements GROUP BY 1, 2, 3"
    ),
}


def upgrade() -> None:
    op.create_table(
        "movement_tallies",
        sa.Column("hour", UtcDateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_movement_tallies_user_id_users")
        ),
        sa.PrimaryKeyConstraint("hour", "user_id", "kind", name=op.f("pk_movement_tallies")),
    )
    op.create_table(
        "shelf_audit_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("scanned", sa.Integer(), nullable=False),
        sa.Column("misfiled", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_shelf_audit_runs_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shelf_audit_runs")),
    )
    op.create_index(op.f("ix_shelf_audit_runs_at"), "shelf_audit_runs", ["at"], unique=False)
    missing = (
        sa.text("missing = true")
        if op.get_bind().dialect.name == "postgresql"
        else sa.text("missing = 1")
    )
    op.create_index(
        "ix_volumes_missing",
        "volumes",
        ["missing"],
        unique=False,
        sqlite_where=missing,
        postgresql_where=missing,
    )
    op.create_index("ix_requests_status_needed", "requests", ["status", "needed_by"])
    op.create_index(
        "ix_requests_needed_by", "requests", ["needed_by", "appointment_id", "status", "closed_at"]
    )
    desk_made = sa.text("appointment_id IS NULL")
    op.create_index(
        "ix_requests_desk_made",
        "requests",
        ["status", "created_at", "closed_at", "priority", "appointment_id"],
        sqlite_where=desk_made,
        postgresql_where=desk_made,
    )
    bind = op.get_bind()
    op.execute(_BACKFILL[bind.dialect.name])
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION recordsdesk_requests_changed() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_notify('recordsdesk_requests', ''); RETURN NULL; END "
            "$$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER requests_changed AFTER INSERT OR UPDATE OR DELETE ON requests "
            "FOR EACH STATEMENT EXECUTE FUNCTION recordsdesk_requests_changed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS requests_changed ON requests")
        op.execute("DROP FUNCTION IF EXISTS recordsdesk_requests_changed()")
    op.drop_index("ix_requests_desk_made", table_name="requests")
    op.drop_index("ix_requests_needed_by", table_name="requests")
    op.drop_index("ix_requests_status_needed", table_name="requests")
    op.drop_index("ix_volumes_missing", table_name="volumes")
    op.drop_index(op.f("ix_shelf_audit_runs_at"), table_name="shelf_audit_runs")
    op.drop_table("shelf_audit_runs")
    op.drop_table("movement_tallies")
