"""imported village lists and households

Revision ID: 0015
Revises: 0014

Issue 12: an import's batch record (`import_batch`: who, when, the file's name, checksum and kind,
the source, the counts), the history of every changed field of a person (`seeker_change`: old → new,
why, the batch, who; undone_at/undone_by for the repair queue), and households (`household`: code
unique per township and village, its head, size, registered-poor flag) that seekers belong to
(`seeker.household_id`, `seeker.household_relation`). On SQLite the seeker's two columns are plain
ADD COLUMNs (no copy of the big seeker table); the head's foreign key is part of `household`'s
CREATE TABLE (seeker exists already), so no ALTER adds a constraint.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('household',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('township', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('village', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('head_seeker_id', sa.Integer(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('poor', sa.Boolean(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['head_seeker_id'], ['seeker.id'], name='fk_household_head_seeker', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('township', 'village', 'code', name='ux_household_place_code'),
    )
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('source_kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('left_out', sa.Integer(), nullable=False),
    sa.Column('needing_review', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['fair_id'], ['fair.id'], ),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_import_batch_created_at', 'import_batch', ['created_at'], unique=False)
    op.create_index('ix_import_batch_sha256', 'import_batch', ['sha256'], unique=False)
    op.create_table('seeker_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('old', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('new', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('undone_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('undone_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], ),
    sa.ForeignKeyConstraint(['seeker_id'], ['seeker.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['undone_by'], ['staff_user.id'], name='fk_seeker_change_undone_by'),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_seeker_change_seeker_at', 'seeker_change', ['seeker_id', 'at'], unique=False)
    op.create_index('ix_seeker_change_batch', 'seeker_change', ['batch_id'], unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE seeker ADD COLUMN household_id INTEGER '
                   'CONSTRAINT fk_seeker_household_id REFERENCES household (id)')
        op.execute('ALTER TABLE seeker ADD COLUMN household_relation VARCHAR(16)')
    else:
        op.add_column('seeker', sa.Column('household_id', sa.Integer(), nullable=True))
        op.add_column('seeker', sa.Column('household_relation', sqlmodel.sql.sqltypes.AutoString(length=16),
                                          nullable=True))
        op.create_foreign_key('fk_seeker_household_id', 'seeker', 'household', ['household_id'], ['id'])
    op.create_index('ix_seeker_household_id', 'seeker', ['household_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_seeker_household_id', table_name='seeker')
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE seeker DROP COLUMN household_relation')
        op.execute('ALTER TABLE seeker DROP COLUMN household_id')  # SQLite >= 3.35, no table copy
    else:
        op.drop_constraint('fk_seeker_household_id', 'seeker', type_='foreignkey')
        op.drop_column('seeker', 'household_relation')
        op.drop_column('seeker', 'household_id')
    op.drop_index('ix_seeker_change_batch', table_name='seeker_change')
    op.drop_index('ix_seeker_change_seeker_at', table_name='seeker_change')
    op.drop_table('seeker_change')
    op.drop_index('ix_import_batch_sha256', table_name='import_batch')
    op.drop_index('ix_import_batch_created_at', table_name='import_batch')
    op.drop_table('import_batch')
    op.drop_table('household')
