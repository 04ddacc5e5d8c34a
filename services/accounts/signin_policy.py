"""How long a sign-in must wait after failed ones: the policy as pure functions (no database).

Failures are counted in three scopes, each with a few free failures; after them every further
failure doubles the wait before the next try, up to a cap, counted from the scope's last failure:

| scope | counts | free | then | cap |
|---|---|---|---|---|
| pair | one user name from one client address (guessing one account from one place) | 5 | 2 s, 4 s, 8 s … | 15 min |
| address | one client address across all user names (password spraying) | 20 | 1 s, 2 s, 4 s … | 15 min |
| user | one user name from any address (guessing from many places) | 10 | 1 s, 2 s, 4 s … | 2 min |

Failures count "in a row": a scope forgets them after an hour without a failure. So an attacker who
keeps trying from one place gets one try per 15 minutes, whereas the real user, signing in from their
own address while someone elsewhere guesses their password, waits at most 2 minutes (the user scope's
cap), never a lockout. The address scope allows 20 free failures because many people may share one
address (a county office, a carrier's NAT at a fair).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Limit:
    scope: str
    free: int  # failures allowed before any wait
    base: int  # seconds: the first wait
    cap: int  # seconds: the longest wait
    forget: timedelta = timedelta(hours=1)  # failures are forgotten after this long without one

    @property
    def rows_needed(self) -> int:
        """How many recent failures decide the wait: past these the wait is at its cap anyway."""
        return self.free + math.ceil(math.log2(max(1, self.cap / self.base))) + 1


PAIR = Limit("pair", free=5, base=2, cap=15 * 60)
ADDRESS = Limit("address", free=20, base=1, cap=15 * 60)
USER = Limit("user", free=10, base=1, cap=2 * 60)
LIMITS = (PAIR, ADDRESS, USER)
LONGEST_WAIT = max(limit.cap for limit in LIMITS)


@dataclass(frozen=True)
class Counts:
    """Failures in a row per scope."""

    pair: int = 0
    address: int = 0
    user: int = 0


def delay_after(failures: int, limit: Limit) -> int:
    """Seconds the next try waits after `failures` failures in a row in this scope."""
    if failures < limit.free:
        return 0
    doublings = failures - limit.free
    if doublings >= 32:  # far past any cap
        return limit.cap
    return min(limit.cap, limit.base * 2 ** doublings)


def delay_for(counts: Counts) -> int:
    """The wait (seconds) these failure counts impose: the strictest scope decides."""
    return max(delay_after(getattr(counts, limit.scope), limit) for limit in LIMITS)


def in_a_row(newest_first: Sequence[datetime], now: datetime, forget: timedelta) -> int:
    """How many of these failure times (newest first) still count: the run back from `now` without a
    gap longer than `forget`."""
    count, later = 0, now
    for at in newest_first:
        if later - at > forget:
            break
        count, later = count + 1, at
    return count


def wait_seconds(history: Mapping[str, Sequence[datetime]], now: datetime) -> int:
    """Seconds until the next try is accepted (0: now), from each scope's recent failure times (newest
    first): each scope's wait counts from its last failure."""
    wait = 0.0
    for limit in LIMITS:
        times = history.get(limit.scope, ())
        delay = delay_after(in_a_row(times, now, limit.forget), limit)
        if delay:
            wait = max(wait, (times[0] + timedelta(seconds=delay) - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0
