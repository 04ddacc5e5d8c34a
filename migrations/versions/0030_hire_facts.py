"""the hires' facts for the after-the-hire panels (issue 15), filled from the base tables

Revision ID: 0030
Revises: 0029

`hire_fact` (models/hire_fact.py, docs/ROLLUPS.md "Hire facts"): one row per hire with the columns the
after-the-hire panels group by, the hired person's township and registered-poor answer, and what the
hire's visits say. Filled here from the base tables (services/summaries/hire_facts.py), the indexes after.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision: str = '0030'
down_revision: str | None = '0029'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = {
    'ix_hire_fact_seeker': ['seeker_id'],
    'ix_hire_fact_township': ['active', 'township', 'start_date'],
    'ix_hire_fact_at': ['active', 'hired_at'],
    'ix_hire_fact_fair': ['fair_id', 'hired_at'],
}


def upgrade() -> None:
    op.create_table(
        'hire_fact',
        sa.Column('hire_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('township', sa.String(length=40), nullable=False),
        sa.Column('poor_household', sa.String(length=8), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('fair_id', sa.Integer(), nullable=True),
        sa.Column('employer_id', sa.Integer(), nullable=False),
        sa.Column('province', sa.String(length=20), nullable=False),
        sa.Column('city', sa.String(length=40), nullable=False),
        sa.Column('scope', sa.String(length=8), nullable=False),
        sa.Column('trade', sa.String(length=32), nullable=False),
        sa.Column('hired_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('start_date', sa.Date(), nullable=False),
        sa.Column('latest_outcome', sa.String(length=16), nullable=True),
        sa.Column('last_in_work', sa.Date(), nullable=True),
        sa.Column('wage', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('hire_id'),
    )
    from services.summaries.hire_facts import rebuild  # the one fill, also `rebuild-summaries`

    rebuild(op.get_bind())
    for name, columns in _INDEXES.items():
        op.create_index(name, 'hire_fact', columns)


def downgrade() -> None:
    op.drop_table('hire_fact')
