"""hires are never deleted

Revision ID: 0007
Revises: 0006

A hire becomes a record with its own life: no ON DELETE CASCADE reaches it any more (from
its application, vacancy or seeker: deleting one with a hire is refused), reversing it marks
it cancelled (cancelled_at, cancelled_by, cancel_reason) instead of deleting it, and an
application may have several hires of which at most one is not cancelled (a partial unique
index, replacing the unique constraint on application_id).

SQLite cannot change a table's foreign keys in place: the hire table is rebuilt (copied into
a new table, which then takes its name). PostgreSQL alters it. Downgrading deletes the
cancelled hires (the old schema has no place for them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ('id, application_id, seeker_id, employer_id, vacancy_id, fair_id, start_date, monthly_wage, '
           'contract_months, province, city, scope, trade, recorded_by, hired_at')
OLD_INDEXES = (('ix_hire_at', ['hired_at']), ('ix_hire_employer_at', ['employer_id', 'hired_at']),
               ('ix_hire_fair_at', ['fair_id', 'hired_at']), ('ix_hire_vacancy', ['vacancy_id']),
               ('ix_hire_seeker_id', ['seeker_id']))
ACTIVE = sa.text('cancelled_at IS NULL')
CASCADED = ('application', 'seeker', 'vacancy')  # the foreign keys that cascaded before


def _hire_table(name: str, *, cancellable: bool) -> None:
    """The hire table as of 0006 (`cancellable`) or as of 0005, under `name` (SQLite rebuild)."""
    cascade = None if cancellable else 'CASCADE'
    extra = [
        sa.Column('cancelled_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('cancelled_by', sa.Integer(), nullable=True),
        sa.Column('cancel_reason', sqlmodel.sql.sqltypes.AutoString(length=500), server_default='',
                  nullable=False),
        sa.ForeignKeyConstraint(['cancelled_by'], ['staff_user.id'], ),
    ] if cancellable else [sa.UniqueConstraint('application_id')]
    op.create_table(name,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('monthly_wage', sa.Integer(), nullable=False),
    sa.Column('contract_months', sa.Integer(), nullable=False),
    sa.Column('province', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('hired_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete=cascade),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ),
    sa.ForeignKeyConstraint(['fair_id'], ['fair.id'], ),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['seeker_id'], ['seeker.id'], ondelete=cascade),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'], ondelete=cascade),
    sa.PrimaryKeyConstraint('id'),
    *extra,
    )


def _rebuild_sqlite(*, cancellable: bool) -> None:
    _hire_table('_hire_new', cancellable=cancellable)
    op.execute(f'INSERT INTO _hire_new ({COLUMNS}) SELECT {COLUMNS} FROM hire')
    op.drop_table('hire')  # its indexes go with it; no table refers to hire
    op.rename_table('_hire_new', 'hire')
    for name, columns in OLD_INDEXES:
        op.create_index(name, 'hire', columns, unique=False)


def _new_indexes() -> None:
    op.create_index('ix_hire_application', 'hire', ['application_id'], unique=False)
    op.create_index('ux_hire_application_active', 'hire', ['application_id'], unique=True,
                    sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        _rebuild_sqlite(cancellable=True)
    else:
        op.add_column('hire', sa.Column('cancelled_at', models.base.UTCDateTime(timezone=True), nullable=True))
        op.add_column('hire', sa.Column('cancelled_by', sa.Integer(), nullable=True))
        op.add_column('hire', sa.Column('cancel_reason', sqlmodel.sql.sqltypes.AutoString(length=500),
                                        server_default='', nullable=False))
        op.create_foreign_key('hire_cancelled_by_fkey', 'hire', 'staff_user', ['cancelled_by'], ['id'])
        op.drop_constraint('hire_application_id_key', 'hire', type_='unique')
        for table in CASCADED:
            op.drop_constraint(f'hire_{table}_id_fkey', 'hire', type_='foreignkey')
            op.create_foreign_key(f'hire_{table}_id_fkey', 'hire', table, [f'{table}_id'], ['id'])
    _new_indexes()


def downgrade() -> None:
    op.execute('DELETE FROM hire WHERE cancelled_at IS NOT NULL')  # the old schema cannot hold them
    op.drop_index('ux_hire_application_active', table_name='hire')
    op.drop_index('ix_hire_application', table_name='hire')
    if op.get_bind().dialect.name == 'sqlite':
        _rebuild_sqlite(cancellable=False)
        return
    for table in CASCADED:
        op.drop_constraint(f'hire_{table}_id_fkey', 'hire', type_='foreignkey')
        op.create_foreign_key(f'hire_{table}_id_fkey', 'hire', table, [f'{table}_id'], ['id'], ondelete='CASCADE')
    op.create_unique_constraint('hire_application_id_key', 'hire', ['application_id'])
    op.drop_constraint('hire_cancelled_by_fkey', 'hire', type_='foreignkey')
    op.drop_column('hire', 'cancel_reason')
    op.drop_column('hire', 'cancelled_by')
    op.drop_column('hire', 'cancelled_at')
