"""identity claims

Revision ID: 0008
Revises: 0007

Registering again with a known ID number from another mobile changes nothing and records a
claim for staff review (who, when, the claimed mobile as a keyed digest and encrypted, the
typed name encrypted, the client address, the outcome, wrong proofs). A new table: the same
statements on SQLite and PostgreSQL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('identity_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('name_enc', sa.Text(), nullable=False),
    sa.Column('phone_hmac', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('phone_enc', sa.Text(), nullable=False),
    sa.Column('client_ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('outcome_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('proof_failures', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['reviewed_by'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['seeker_id'], ['seeker.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('identity_claim', schema=None) as batch_op:
        batch_op.create_index('ux_identity_claim_submission', ['submission_id', 'seeker_id', 'phone_hmac'],
                              unique=True)
        batch_op.create_index('ix_identity_claim_seeker_created', ['seeker_id', 'created_at'], unique=False)
        batch_op.create_index('ix_identity_claim_reviewed_created', ['reviewed_at', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('identity_claim', schema=None) as batch_op:
        batch_op.drop_index('ix_identity_claim_reviewed_created')
        batch_op.drop_index('ix_identity_claim_seeker_created')
        batch_op.drop_index('ux_identity_claim_submission')
    op.drop_table('identity_claim')
