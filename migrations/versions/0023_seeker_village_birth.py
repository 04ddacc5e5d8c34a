"""index on seeker (township, village, birth_date) for the import's likely duplicates

Revision ID: 0023
Revises: 0022

Issue 12: the dry run looks for people already registered in the same village with the same birth date
(`imports/duplicates.py`, names compared by pinyin). Without an index that query read every seeker of the
list's townships (about 2 s for a county-wide list at 200,000 registered); with it each (township, village,
birth date) of the list is one index lookup. Figures: bench/RESULTS.md §6.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0023'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_seeker_village_birth', 'seeker', ['township', 'village', 'birth_date'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_seeker_village_birth', table_name='seeker')
