"""summary tables of the dashboard's people panel, filled from the seeker table

Revision ID: 0027
Revises: 0026

Issue 15 (docs/ROLLUPS.md, "People panel"): `summary_profile` (one counter per value of each breakdown:
township, age by gender and birth date / month, education, intention, registered-poor household, people in
total, incomplete profiles) and `summary_profile_seeker` (what each seeker is counted as, so that a change
moves them). The upgrade fills them by the recount (services/summaries/profiles.py `rebuild_profiles`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0027'
down_revision: str | None = '0026'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'summary_profile',
        sa.Column('dim', sa.String(length=12), nullable=False),
        sa.Column('value', sa.String(length=40), nullable=False),
        sa.Column('birth', sa.Date(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('dim', 'value', 'birth'),
    )
    op.create_table(
        'summary_profile_seeker',
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('township', sa.String(length=40), nullable=False),
        sa.Column('gender', sa.String(length=1), nullable=False),
        sa.Column('birth_date', sa.Date(), nullable=False),
        sa.Column('education', sa.String(length=16), nullable=True),
        sa.Column('intention', sa.String(length=8), nullable=True),
        sa.Column('poor_household', sa.String(length=8), nullable=True),
        sa.Column('complete', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('seeker_id'),
    )
    from services.summaries.profiles import rebuild_profiles  # the one recount, also `rebuild-summaries`

    rebuild_profiles(op.get_bind())


def downgrade() -> None:
    op.drop_table('summary_profile_seeker')
    op.drop_table('summary_profile')
