"""kiosk PINs: each site's PIN to leave kiosk mode (hashed, who set it and when), and wrong PINs typed

Revision ID: 0013
Revises: 0012

Two new tables: `kiosk_pin` (one row per site that has a PIN) and `kiosk_pin_failure` (one row per
wrong PIN, counted by site and time so every app server shares the limit). The same statements on
SQLite and PostgreSQL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('kiosk_pin',
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('pin_hash', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('set_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('set_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('site_id'),
    )
    op.create_table('kiosk_pin_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('ip_address', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('kiosk_pin_failure', schema=None) as batch_op:
        batch_op.create_index('ix_kiosk_pin_failure_site_at', ['site_id', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('kiosk_pin_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_kiosk_pin_failure_site_at')
    op.drop_table('kiosk_pin_failure')
    op.drop_table('kiosk_pin')
