"""the audit log page: an index on (action, at)

Revision ID: 0022
Revises: 0021

Issue 13: the audit-log page filters by action and shows the newest first; `ix_audit_event_action_at`
serves it (and the counts per action) without reading the whole table.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_audit_event_action_at', 'audit_event', ['action', 'at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_audit_event_action_at', table_name='audit_event')
