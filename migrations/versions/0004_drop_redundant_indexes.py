"""drop indexes made redundant by the dashboard's composite indexes

ix_seeker_township is covered by ix_seeker_profile / ix_seeker_township_created (township first),
ix_checkin_created_at by ix_checkin_created_seeker (created_at first). Every index costs each
registration a write.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_seeker_township", table_name="seeker")
    op.drop_index("ix_checkin_created_at", table_name="checkin")


def downgrade() -> None:
    op.create_index("ix_checkin_created_at", "checkin", ["created_at"], unique=False)
    op.create_index("ix_seeker_township", "seeker", ["township"], unique=False)
