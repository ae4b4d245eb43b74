"""identity tidy

Identity: sign-in failures live in their own table; the users table keeps no lockout columns.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import recordsdesk.storage.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Counted in sign_in_failures since 0005: these two were written and never read again.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_attempts")


def downgrade() -> None:
    # Back as 0001 made them: nobody locked out in the old columns (the lockout table keeps
    # the truth, and 0005..0009 never read these).
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "locked_until",
                recordsdesk.storage.types.UtcDateTime(timezone=True),
                nullable=True,
            )
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("failed_attempts", server_default=None)
