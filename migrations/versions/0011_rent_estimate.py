"""ix_vacancy_match also holds the city (pay left deducts the estimated rent of that city)

Where no housing is provided, pay left deducts an estimated rent per city
(services/recruiting/rent.py, config/rent.toml). Matching orders ties by pay left; with the
city in the index its scoring query is still answered from the index alone. No data changes:
the rents are configuration, read when the query is built.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ['status', 'scope', 'trade', 'closing_date', 'age_min', 'age_max', 'min_education', 'gender', 'wage_min',
          'wage_max', 'housing', 'housing_cost', 'meals', 'meals_cost', 'trip_fare', 'trip_home_payer',
          'employer_id', 'id']
AFTER = BEFORE[:-2] + ['city', 'employer_id', 'id']


def upgrade() -> None:
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_index('ix_vacancy_match')
        batch_op.create_index('ix_vacancy_match', AFTER, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_index('ix_vacancy_match')
        batch_op.create_index('ix_vacancy_match', BEFORE, unique=False)
