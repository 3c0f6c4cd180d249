"""A persistent cache of online check results (SQLite), so a second run of the same story makes
no request; ``checked_at`` stays the time of the real check."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

from ..model import Check, _build


def default_cache_path() -> Path:
    """``checks.db`` in the user's cache directory."""
    from platformdirs import user_cache_path

    return user_cache_path("verify", appauthor=False) / "checks.db"


#: how long a cached answer is trusted, in seconds, by status (a post that is live today may be
#: deleted tomorrow; a removal is less likely to be undone); ``max_age`` overrides them all
DEFAULT_MAX_AGE = {"live": 86_400.0, "removed": 7 * 86_400.0, "private": 86_400.0,
                   "restricted": 86_400.0, "unknown": 6 * 3_600.0}
#: answers never cached: a refusal of our own guard, our own network failure, a rate limit
NEVER_CACHED = frozenset({"skipped", "unreachable", "rate_limited"})


def age_of(check: Check, now: datetime | None = None) -> float | None:
    """Seconds since the check really ran (None when it carries no valid time)."""
    try:
        when = datetime.fromisoformat(check.checked_at or "")
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return ((now or datetime.now(UTC)) - when).total_seconds()


class CheckCache:
    """Check results by key (the scope of the options that change an answer, the resolver and
    the URL); thread-safe. An answer older than its status allows is not served."""

    def __init__(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS checks (key TEXT PRIMARY KEY, result TEXT)")
        self._lock = threading.Lock()

    def get(self, key: str, max_age: float | None = None) -> Check | None:
        """A cached result, marked ``from_cache``, unless it is older than ``max_age`` seconds
        (None: the default of its status) or is an answer that is never cached."""
        with self._lock:
            row = self.conn.execute("SELECT result FROM checks WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            check = _build(Check, json.loads(row[0]), "check")
        except Exception:
            return None
        limit = max_age if max_age is not None else DEFAULT_MAX_AGE.get(check.status, 0.0)
        age = age_of(check)
        if check.status in NEVER_CACHED or age is None or age > limit or age < -300:
            return None
        check.from_cache = True
        return check

    def put(self, key: str, check: Check) -> None:
        """Store a fresh result (never a refusal or a failure of our own)."""
        if check.status in NEVER_CACHED:
            return
        data = json.dumps(dataclasses.asdict(check))
        with self._lock, self.conn:
            self.conn.execute("INSERT OR REPLACE INTO checks VALUES (?, ?)", (key, data))

    def close(self) -> None:
        """Close the database."""
        self.conn.close()
