"""identity tidy

Identity: sign-in failures live in their own table; the users table keeps no lockout columns.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 00:40:00.000000
"""

from collections.abc import Sequence

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
