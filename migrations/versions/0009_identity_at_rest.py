"""identity at rest: no stored ID mask, a keyed digest of the last 4, look-up limits per key

Revision ID: 0009
Revises: 0008

- `seeker.id_masked` is dropped: its first 6 and last 4 characters with `birth_date` beside
  them were the whole ID number. Nothing is lost: `id_enc` keeps the number, and masks are
  made from it when a page or an export needs one.
- `seeker.id_last4_hmac` (nullable) is the ticket look-up's keyed digest of the last 4
  characters. This migration has no key, so it cannot fill it for existing rows: the look-up
  fills it on demand (it decrypts the seeker's ID once and stores the digest), and a new or
  repeated registration writes it. Until then such a row is checked against its decrypted ID.
- `ticket_lookup_failure` (one row per failure, per phone) becomes `ticket_lookup_limit` (one
  row per phone or client address digest: failures, last failure, wait until). Counters in
  flight are dropped, which only forgives a few failed tries.

SQLite: the column is dropped with `ALTER TABLE … DROP COLUMN` (SQLite 3.35+), not batch
mode: batch mode rebuilds the table, and dropping the old `seeker` with foreign keys on
would cascade into seeker_trade, checkin and application. `secure_delete` is switched on
for the drop so the freed pages are overwritten instead of keeping the old masks in the file.
Downgrading adds `id_masked` back empty ('') — without the key it cannot be refilled.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade() -> None:
    if _sqlite():
        op.execute('PRAGMA secure_delete=ON')
    op.drop_column('seeker', 'id_masked')
    op.add_column('seeker', sa.Column('id_last4_hmac', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    if _sqlite():
        op.execute('PRAGMA secure_delete=OFF')
    op.drop_index('ix_ticket_lookup_failure_phone_hmac', table_name='ticket_lookup_failure')
    op.drop_table('ticket_lookup_failure')
    op.create_table('ticket_lookup_limit',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('wait_until', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key'),
    )


def downgrade() -> None:
    op.drop_table('ticket_lookup_limit')
    op.create_table('ticket_lookup_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone_hmac', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_ticket_lookup_failure_phone_hmac', 'ticket_lookup_failure', ['phone_hmac'], unique=False)
    op.drop_column('seeker', 'id_last4_hmac')
    op.add_column('seeker', sa.Column('id_masked', sqlmodel.sql.sqltypes.AutoString(length=18), server_default='',
                                      nullable=False))
