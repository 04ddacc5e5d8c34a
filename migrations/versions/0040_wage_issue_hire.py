"""a hire's open wage issues found by the hire; fixed SQLite planner statistics for the hire facts (issue 15)

Revision ID: 0040
Revises: 0039

The dashboard's open-issues panel joins the hires in its scope (`hire_fact`) to their open `wage_issue` rows.
Without an index on the issue's hire, SQLite (no statistics) read every issue for each hire of the last 7 days:
543 ms on the 1M demo; with (hire_id, resolved_at), one index search per hire.

SQLite: fixed statistics for `hire_fact`'s indexes (services/core/sqlite_plans.py), so a query over every active
hire scans the table instead of reading it through an index one row at a time.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0040'
down_revision: str | None = '0039'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_wage_issue_hire_open', 'wage_issue', ['hire_id', 'resolved_at'])
    from services.core.sqlite_plans import install_fixed_stats

    install_fixed_stats(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'hire_fact'")
        op.execute("ANALYZE sqlite_schema")
    op.drop_index('ix_wage_issue_hire_open', table_name='wage_issue')
