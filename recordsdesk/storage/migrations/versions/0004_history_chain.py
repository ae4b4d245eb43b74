"""history chain

The keyed chain over movements and audit entries; append-only enforcement.

One table of links (``history_chain``) seals every movement and audit entry in one order with
an HMAC under the site key; ``history_site`` names the site whose key it is. The unkeyed hash
columns of the audit trail go. History already written is sealed now, oldest first (which
needs the site key when there is any). Triggers make the four tables append-only.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import recordsdesk.storage.types
from recordsdesk.storage.chain import APPEND_ONLY, seal_existing
from recordsdesk.storage.site_key import load_key_ring

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PG_FUNCTION = """
CREATE FUNCTION recordsdesk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def _has_history(bind: sa.Connection) -> bool:
    for table in ("movements", "audit_events"):
        if bind.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is not None:
            return True
    return False


def upgrade() -> None:
    op.create_table(
        "history_site",
        sa.Column("site", sa.String(length=80), nullable=False),
        sa.Column(
            "created_at", recordsdesk.storage.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("site", name=op.f("pk_history_site")),
    )
    op.create_table(
        "history_chain",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("row_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_history_chain")),
        sa.UniqueConstraint("source", "row_id", name=op.f("uq_history_chain_source")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("previous_hash")
    bind = op.get_bind()
    if _has_history(bind):
        seal_existing(bind, load_key_ring())
    if bind.dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION recordsdesk_refuse_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION recordsdesk_refuse_change()"
            )
    else:
        for table in APPEND_ONLY:
            for action in ("update", "delete"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'history is append-only: {action} on {table} "
                    "refused'); END"
                )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS recordsdesk_refuse_change()")
    else:
        for table in APPEND_ONLY:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
    # The keyed chain cannot be turned back into the old unkeyed hashes: they start blank.
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("previous_hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("hash", sa.String(length=64), nullable=False, server_default="")
        )
    op.drop_table("history_chain")
    op.drop_table("history_site")
