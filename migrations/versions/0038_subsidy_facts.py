"""the hires' facts gain what the subsidy report asks of the person and the contract (issue 15)

Revision ID: 0038
Revises: 0037

`hire_fact` gains the hired person's gender and birth date (from the ID number: they never change) and the
hire's contract months, and an index on (active, start_date): the subsidy report counts from the facts alone,
with no join to the seeker table (models/hire_fact.py, services/subsidies/report.py). The new columns are
filled from the base tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0038'
down_revision: str | None = '0037'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW = (('gender', sa.String(length=1)), ('birth_date', sa.Date()), ('contract_months', sa.Integer()))


def upgrade() -> None:
    with op.batch_alter_table('hire_fact') as batch:
        for name, kind in _NEW:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.execute("UPDATE hire_fact SET gender = (SELECT s.gender FROM seeker s WHERE s.id = hire_fact.seeker_id), "
               "birth_date = (SELECT s.birth_date FROM seeker s WHERE s.id = hire_fact.seeker_id), "
               "contract_months = (SELECT h.contract_months FROM hire h WHERE h.id = hire_fact.hire_id)")
    with op.batch_alter_table('hire_fact') as batch:
        for name, kind in _NEW:
            batch.alter_column(name, existing_type=kind, nullable=False)
    op.create_index('ix_hire_fact_start', 'hire_fact', ['active', 'start_date'])


def downgrade() -> None:
    op.drop_index('ix_hire_fact_start', table_name='hire_fact')
    with op.batch_alter_table('hire_fact') as batch:
        for name, _kind in reversed(_NEW):
            batch.drop_column(name)
