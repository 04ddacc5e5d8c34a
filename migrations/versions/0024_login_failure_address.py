"""sign-in limits per client address: an index on (ip_address, at), and `user_cleared`

Revision ID: 0024
Revises: 0023

Issue 14: failed sign-ins are counted per user name, per client address across all user names and per
(user, address) (services/accounts/signin_limits.py). `ix_login_failure_ip_at` serves the per-address
count. A successful sign-in forgives the user's failures for the per-user and per-pair counts
(`user_cleared`) but keeps them for the address's count (someone spraying passwords from one address
cannot reset it by signing in to an account of their own).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0024'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_cleared', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_login_failure_ip_at', ['ip_address', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failure_ip_at')
        batch_op.drop_column('user_cleared')
