"""the staff desk: desk staff tied to a site, and who read the consent at a desk

Revision ID: 0014
Revises: 0013

Registration desk staff (role "desk") may work for one site: `staff_user.site_id` (nullable; their
desk registrations come from it). A registration at a staff desk records the worker who read the
consent to the person and ticked it: `checkin.consent_read_by` (nullable; the person's own tick
leaves it empty). Both are plain ADD COLUMNs on SQLite (no table copy of the big check-in table,
nor of staff_user, whose sessions cascade on delete).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (  # table, column, foreign key name, referred table
    ('staff_user', 'site_id', 'fk_staff_user_site_id', 'site'),
    ('checkin', 'consent_read_by', 'fk_checkin_consent_read_by', 'staff_user'),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for table, column, fk, referred in COLUMNS:
        if sqlite:
            op.execute(f'ALTER TABLE {table} ADD COLUMN {column} INTEGER CONSTRAINT {fk} REFERENCES {referred} (id)')
        else:
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(fk, table, referred, [column], ['id'])


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for table, column, fk, _referred in reversed(COLUMNS):
        if sqlite:
            op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')  # SQLite >= 3.35, no table copy
        else:
            op.drop_constraint(fk, table, type_='foreignkey')
            op.drop_column(table, column)
