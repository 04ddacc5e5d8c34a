"""profile answers optional: the ticket comes first, the profile answers may follow

Revision ID: 0010
Revises: 0009

A person gets their ticket with only name, ID number, mobile and village (issue 10); the
profile answers (education, intention, training, poor household, leave constraint) may come
later or never, so their columns become nullable (NULL: not answered yet). `profile_answered`
names the groups answered (services/registration/profile.py): every row from before this
migration answered all of them, so it is added with that value as its default and the default
is then changed to '' (on PostgreSQL a constant default is added without rewriting the table).

SQLite cannot drop NOT NULL in place: batch mode rebuilds `seeker`. Dropping the old table
with foreign keys on would cascade into seeker_trade, checkin and application, so
`services.core.db.migrate` (and migrations/env.py) switch foreign keys off for the run.
Downgrading fills the NULLs with the old defaults ('unknown' education is not a code: the
lowest level 'none'; intention 'either'; training false; poor household 'unknown';
leave constraint 'none') and drops `profile_answered`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ALL_GROUPS = 'education,place,poor_household,training,trades,wage'
COLUMNS = (
    ('education', sa.String(length=16)), ('intention', sa.String(length=8)), ('willing_to_train', sa.Boolean()),
    ('poor_household', sa.String(length=8)), ('leave_constraint', sa.String(length=8)),
)
OLD_DEFAULTS = {'education': "'none'", 'intention': "'either'", 'willing_to_train': 'false',
                'poor_household': "'unknown'", 'leave_constraint': "'none'"}


def upgrade() -> None:
    op.add_column('seeker', sa.Column('profile_answered', sa.String(length=80), nullable=False,
                                      server_default=ALL_GROUPS))
    with op.batch_alter_table('seeker', schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.alter_column(name, existing_type=type_, nullable=True)
        batch_op.alter_column('profile_answered', existing_type=sa.String(length=80), server_default=None)


def downgrade() -> None:
    for name, default in OLD_DEFAULTS.items():
        op.execute(f'UPDATE seeker SET {name} = {default} WHERE {name} IS NULL')
    with op.batch_alter_table('seeker', schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.alter_column(name, existing_type=type_, nullable=False)
        batch_op.drop_column('profile_answered')
