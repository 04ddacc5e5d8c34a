"""How many PostgreSQL connections the app servers may hold: the pool of each process, and the rule
that all of them together stay under the server's `max_connections`.

Each app process has one SQLAlchemy pool: `pool_size` connections kept open, up to `max_overflow` more
in a rush (closed again when returned), a request waiting `pool_timeout` seconds for one before it fails
("briefly unavailable", components/outage.py). The rule, checked by scripts/cluster.py before it starts
the processes and documented in README.md "Deploying for a county":

    processes x (pool_size + max_overflow) + headroom <= max_connections

`headroom` is left for everything that is not an app process: the superuser slots PostgreSQL keeps
(`superuser_reserved_connections`, 3 by default), a `psql` of the operator, `pg_dump` of the backup,
the CLI and migrations.
"""

from __future__ import annotations

from dataclasses import dataclass

# psql, pg_dump, the CLI, migrations and PostgreSQL's own superuser_reserved_connections (3)
DEFAULT_HEADROOM = 10


@dataclass(frozen=True)
class PoolPlan:
    processes: int
    pool_size: int
    max_overflow: int
    headroom: int
    max_connections: int

    @property
    def per_process(self) -> int:
        return self.pool_size + self.max_overflow

    @property
    def needed(self) -> int:
        return self.processes * self.per_process + self.headroom

    @property
    def fits(self) -> bool:
        return self.needed <= self.max_connections

    def explain(self) -> str:
        """One line for the operator: the sum, and what to change when it does not fit."""
        sum_text = (f"{self.processes} processes x (pool {self.pool_size} + overflow {self.max_overflow})"
                    f" + {self.headroom} headroom = {self.needed} connections")
        if self.fits:
            return f"{sum_text} <= max_connections {self.max_connections}: fits"
        return (f"{sum_text} > max_connections {self.max_connections}: raise max_connections in "
                f"postgresql.conf, or lower PORTAL_DB_POOL_SIZE / PORTAL_DB_MAX_OVERFLOW or the number of processes")


def pool_plan(*, processes: int, pool_size: int, max_overflow: int, max_connections: int,
              headroom: int = DEFAULT_HEADROOM) -> PoolPlan:
    if processes < 1 or pool_size < 1 or max_overflow < 0 or headroom < 0:
        raise ValueError("processes and pool_size must be at least 1, max_overflow and headroom not negative")
    return PoolPlan(processes, pool_size, max_overflow, headroom, max_connections)
