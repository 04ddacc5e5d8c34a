"""a hire's visits in visit order: the index behind "its latest visit"

Revision ID: 0019
Revises: 0018

Issue 13: `followups/employment.py` (in work?) and the dashboard's transfer income look up each
hire's latest done visit (and the latest that recorded a wage) with a correlated sub-select; without
an index on `hire_id` each look-up scanned every done visit (the dashboard did not finish in ten
minutes on 200,000 seekers). `ix_follow_up_hire_visited` (hire_id, status, visited_on, id) makes each
one index seek, already in order.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_follow_up_hire_visited', 'follow_up', ['hire_id', 'status', 'visited_on', 'id'])


def downgrade() -> None:
    op.drop_index('ix_follow_up_hire_visited', table_name='follow_up')
