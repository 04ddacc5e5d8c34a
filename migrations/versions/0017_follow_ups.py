"""follow-up visits after a hire, wage issues, township and workstation staff

Revision ID: 0017
Revises: 0016

Issue 13: `follow_up` (one row per scheduled or extra visit; a k-month visit unique per hire),
`wage_issue` (unpaid wages, disputes, unsafe workers found at a visit, open until resolved), and the
staff columns of the two new roles: `staff_user.township` (township staff) and `staff_user.city`
(a labor-export workstation's destination city).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.add_column('staff_user', sa.Column('township', _text(length=40), nullable=True))
    op.add_column('staff_user', sa.Column('city', _text(length=40), nullable=True))
    op.create_table('follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hire_id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('window_opens', sa.Date(), nullable=False),
    sa.Column('window_closes', sa.Date(), nullable=False),
    sa.Column('status', _text(length=12), nullable=False),
    sa.Column('outcome', _text(length=16), nullable=True),
    sa.Column('visited_on', sa.Date(), nullable=True),
    sa.Column('monthly_wage', sa.Integer(), nullable=True),
    sa.Column('new_employer', _text(length=120), nullable=False),
    sa.Column('wage_paid', sa.Boolean(), nullable=True),
    sa.Column('safe', sa.Boolean(), nullable=True),
    sa.Column('note', _text(length=500), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by', sa.Integer(), nullable=True),
    sa.Column('cancel_reason', _text(length=500), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hire_id'], ['hire.id'], ),
    sa.ForeignKeyConstraint(['seeker_id'], ['seeker.id'], ),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['cancelled_by'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ux_follow_up_hire_month', 'follow_up', ['hire_id', 'month'], unique=True,
                    sqlite_where=sa.text('month IS NOT NULL'), postgresql_where=sa.text('month IS NOT NULL'))
    op.create_index('ix_follow_up_open', 'follow_up', ['status', 'window_closes'], unique=False)
    op.create_index('ix_follow_up_seeker', 'follow_up', ['seeker_id'], unique=False)
    op.create_index('ix_follow_up_employer', 'follow_up', ['employer_id', 'status'], unique=False)
    op.create_table('wage_issue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=True),
    sa.Column('hire_id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('kind', _text(length=8), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=True),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('description', _text(length=500), nullable=False),
    sa.Column('reported_by', sa.Integer(), nullable=True),
    sa.Column('reported_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('resolution', _text(length=500), nullable=False),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_up.id'], ),
    sa.ForeignKeyConstraint(['hire_id'], ['hire.id'], ),
    sa.ForeignKeyConstraint(['seeker_id'], ['seeker.id'], ),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ),
    sa.ForeignKeyConstraint(['reported_by'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['resolved_by'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_wage_issue_follow_up_id', 'wage_issue', ['follow_up_id'], unique=False)
    op.create_index('ix_wage_issue_employer_open', 'wage_issue', ['employer_id', 'resolved_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_wage_issue_employer_open', table_name='wage_issue')
    op.drop_index('ix_wage_issue_follow_up_id', table_name='wage_issue')
    op.drop_table('wage_issue')
    for name in ('ix_follow_up_employer', 'ix_follow_up_seeker', 'ix_follow_up_open', 'ux_follow_up_hire_month'):
        op.drop_index(name, table_name='follow_up')
    op.drop_table('follow_up')
    for column in ('city', 'township'):  # plain columns: SQLite >= 3.35 drops them without a table copy
        op.execute(f'ALTER TABLE staff_user DROP COLUMN {column}')
