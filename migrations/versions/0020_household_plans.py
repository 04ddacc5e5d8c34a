"""household plans (一户一策) and a household's declared annual wage income

Revision ID: 0020
Revises: 0019

Issue 13: `household_plan` (one row per plan step: the responsible cadre, the next step, by whom, by
when, open / done / cancelled; at most one open step per household), and the village list's
"annual wage income of the household" on `household` (`annual_wage_income`, `income_declared_on`). The index a hire's latest done visit needs
(`ix_follow_up_hire_visited`) is 0019's.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.add_column('household', sa.Column('annual_wage_income', sa.Integer(), nullable=True))
    op.add_column('household', sa.Column('income_declared_on', sa.Date(), nullable=True))
    op.create_table('household_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('cadre_user_id', sa.Integer(), nullable=True),
    sa.Column('cadre_name', _text(length=60), nullable=False),
    sa.Column('next_step', _text(length=500), nullable=False),
    sa.Column('by_whom', _text(length=60), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', _text(length=10), nullable=False),
    sa.Column('note', _text(length=500), nullable=False),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.ForeignKeyConstraint(['cadre_user_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['replaces_id'], ['household_plan.id'], ),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['updated_by'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ux_household_plan_open', 'household_plan', ['household_id'], unique=True,
                    sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
    op.create_index('ix_household_plan_household', 'household_plan', ['household_id', 'id'], unique=False)
    op.create_index('ix_household_plan_status_due', 'household_plan', ['status', 'due_on'], unique=False)


def downgrade() -> None:
    for name in ('ix_household_plan_status_due', 'ix_household_plan_household', 'ux_household_plan_open'):
        op.drop_index(name, table_name='household_plan')
    op.drop_table('household_plan')
    for column in ('income_declared_on', 'annual_wage_income'):  # plain columns: no table copy on SQLite >= 3.35
        op.execute(f'ALTER TABLE household DROP COLUMN {column}')
