"""the hires of each registration point's people (issue 15), filled from the base tables

Revision ID: 0032
Revises: 0031

`summary_hire_site` (models/summary.py): a (site, hire) pair for each hire of a person with a check-in at the
site, so that the dashboard's site filter on the after-the-hire panels reads the site's hires as one key range.
Filled here by the recount of services/summaries/hire_sites.py (also `rebuild-summaries`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0032'
down_revision: str | None = '0031'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'summary_hire_site',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('hire_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('site_id', 'hire_id'),
    )
    from services.summaries.hire_sites import rebuild  # the one recount

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table('summary_hire_site')
