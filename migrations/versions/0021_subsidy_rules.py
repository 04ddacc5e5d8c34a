"""employer subsidy rules kept as data (versions with dates of validity)

Revision ID: 0021
Revises: 0020

Issue 13: `subsidy_rule`, one row per version of a rule (code, kind, version, valid_from / valid_to,
JSON parameters, description, who changed it and when). The default rules are not seeded here:
`services/subsidies/defaults.py` (`ensure_default_rules`, idempotent) adds the missing ones.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table('subsidy_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', _text(length=32), nullable=False),
    sa.Column('kind', _text(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('description', _text(length=1000), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('changed_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ux_subsidy_rule_code_version', 'subsidy_rule', ['code', 'version'], unique=True)
    op.create_index('ix_subsidy_rule_code_from', 'subsidy_rule', ['code', 'valid_from'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_subsidy_rule_code_from', table_name='subsidy_rule')
    op.drop_index('ux_subsidy_rule_code_version', table_name='subsidy_rule')
    op.drop_table('subsidy_rule')
