"""ix_vacancy_match also holds the trip home (pay left counts it: services/recruiting/rules.py)

Matching orders ties by pay left after housing, meals and the trip home; with trip_fare and
trip_home_payer in the index its scoring query is still answered from the index alone.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ['status', 'scope', 'trade', 'closing_date', 'age_min', 'age_max', 'min_education', 'gender', 'wage_min',
          'wage_max', 'housing', 'housing_cost', 'meals', 'meals_cost', 'employer_id', 'id']
AFTER = BEFORE[:-2] + ['trip_fare', 'trip_home_payer', 'employer_id', 'id']


def upgrade() -> None:
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_index('ix_vacancy_match')
        batch_op.create_index('ix_vacancy_match', AFTER, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_index('ix_vacancy_match')
        batch_op.create_index('ix_vacancy_match', BEFORE, unique=False)
