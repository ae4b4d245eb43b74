"""refiling cart index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 04:44:21.266116
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("movements", schema=None) as batch_op:
        batch_op.create_index("ix_movements_kind_at", ["kind", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("movements", schema=None) as batch_op:
        batch_op.drop_index("ix_movements_kind_at")
