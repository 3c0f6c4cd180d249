"""A persistent cache of online check results (SQLite), so a second run of the same story makes
no request; ``checked_at`` stays the time of the real check."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from pathlib import Path

from ..model import Check, _build


def default_cache_path() -> Path:
    """``checks.db`` in the user's cache directory."""
    from platformdirs import user_cache_path

    return user_cache_path("verify", appauthor=False) / "checks.db"


class CheckCache:
    """Check results by (resolver, URL); thread-safe."""

    def __init__(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS checks (key TEXT PRIMARY KEY, result TEXT)")
        self._lock = threading.Lock()

    def get(self, key: str) -> Check | None:
        """A cached result, marked ``from_cache``."""
        with self._lock:
            row = self.conn.execute("SELECT result FROM checks WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        check = _build(Check, json.loads(row[0]), "check")
        check.from_cache = True
        return check

    def put(self, key: str, check: Check) -> None:
        """Store a fresh result."""
        data = json.dumps(dataclasses.asdict(check))
        with self._lock, self.conn:
            self.conn.execute("INSERT OR REPLACE INTO checks VALUES (?, ?)", (key, data))

    def close(self) -> None:
        """Close the database."""
        self.conn.close()
