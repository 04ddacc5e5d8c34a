"""an index on seeker.profile_answered: the dashboard counts incomplete profiles by ranges

Revision ID: 0012
Revises: 0011

The dashboard's "profiles incomplete" (services/reporting/dashboard/completeness.py) counts
the whole county's complete profiles as one range of this index (`profile_answered` equal to
every group), and the incomplete ones as the rest: no read of the seeker table, which holds
the encrypted columns (on a million SQLite rows a scan takes about a second; the range a few
tens of milliseconds).
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_seeker_profile_answered', 'seeker', ['profile_answered'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_seeker_profile_answered', table_name='seeker')
