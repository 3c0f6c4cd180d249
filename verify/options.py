"""One validated, immutable options object passed down the pipeline."""

from __future__ import annotations

import codecs
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import OptionsError

DEFAULT_USER_AGENT = (
    f"verify/{__version__} (fact-checking toolkit; fetches only the pages its user asks for)"
)


@dataclass(frozen=True, kw_only=True)
class Options:
    """Settings for a scan. All keyword-only; checked once when built.

    >>> Options(timeout=5).timeout
    5.0
    """

    #: seconds to wait for a connection and between bytes when fetching a URL
    timeout: float = 10.0
    #: wall-clock limit, in seconds, for one whole download
    deadline: float = 30.0
    #: largest input accepted, in bytes (files, stdin, downloads)
    max_bytes: int = 10_000_000
    #: User-Agent sent when fetching a URL the user gave
    user_agent: str = DEFAULT_USER_AGENT
    #: host names or IP addresses that may be fetched even though they are private or loopback
    allow_hosts: frozenset[str] = field(default_factory=frozenset)
    #: decode inputs with this encoding instead of detecting one
    encoding: str | None = None
    #: a known-media database to look the story's images up in (path)
    media_db: str | None = None
    #: check embeds, links and media online (only when asked: never by default)
    online: bool = False
    #: where online check results are cached (None: the user's cache directory)
    cache_path: str | None = None
    #: use the cache of earlier online checks (False: neither read nor write it)
    use_cache: bool = True
    #: check again even when a cached result exists (and update the cache)
    refresh: bool = False
    #: seconds one story may take from reading to report (0: no limit); an overrun is a
    #: TimeBudgetError for that story, and a batch goes on with the next. Enforced with a timer
    #: signal, so only where the scan runs in a process's main thread (CLI, batch workers)
    time_budget: float = 120.0
    #: read robots.txt before fetching the pages a sitemap lists (a crawl), and skip the pages
    #: it disallows; a URL the user gives by hand is fetched as asked
    respect_robots: bool = True
    #: trust a cached check for at most this many seconds (None: a default per status, from a
    #: day for "live" to a week for "removed"); ``refresh`` ignores the cache altogether
    max_age: float | None = None
    #: online checks run at once, and the least time between two requests to one host
    concurrency: int = 8
    per_host_interval: float = 0.25
    #: base URLs of the services online checks ask (tests point them at loopback)
    endpoints: dict[str, str] = field(default_factory=dict)
    #: extract story text with trafilatura's faster settings (skips its fallback extractors)
    fast: bool = False
    #: your own lexicon TOML files, extending the packaged word lists (see ``verify.lexicon``)
    lexicons: tuple[str, ...] = ()
    #: your own platform TOML files, adding or replacing rows of the packaged table
    platforms: tuple[str, ...] = ()
    #: weigh the rules' flags with the packaged flag model (off by default: trained on dev-A and
    #: dev-B, it did not beat the rules on the held-out sets; see benchmarks/flags.py)
    flag_model: bool = False
    #: drop the sentences the packaged claim model reads as opinions, feelings or arguments
    #: rather than claims (see verify/detect/claim_model.py and benchmarks/train_claims.py)
    claim_model: bool = False

    def __post_init__(self) -> None:
        for name in ("timeout", "deadline"):
            self._number(name, positive=True)
        self._number("per_host_interval", positive=False)
        self._number("time_budget", positive=False)
        if self.max_age is not None:
            self._number("max_age", positive=False)
        for name in ("max_bytes", "concurrency"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise OptionsError(f"{name} must be a positive integer, not {value!r}")
        for name in ("online", "use_cache", "refresh", "fast", "flag_model", "claim_model",
                     "respect_robots"):
            if not isinstance(getattr(self, name), bool):
                raise OptionsError(f"{name} must be True or False, not {getattr(self, name)!r}")
        if not isinstance(self.user_agent, str) or not self.user_agent.strip():
            raise OptionsError("user_agent must be a non-empty string")
        for name in ("media_db", "cache_path"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, (str, Path)):
                raise OptionsError(f"{name} must be a path, not {value!r}")
            if value is not None:
                object.__setattr__(self, name, str(value))
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except (LookupError, TypeError):
                raise OptionsError(f"unknown encoding {self.encoding!r}") from None
        if not isinstance(self.endpoints, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in self.endpoints.items()):
            raise OptionsError("endpoints must map service names to base URLs (strings)")
        object.__setattr__(self, "allow_hosts", frozenset(
            _host_entry(str(h)) for h in self._strings("allow_hosts")))
        for name in ("lexicons", "platforms"):
            object.__setattr__(self, name, tuple(str(p) for p in self._strings(name)))

    def _number(self, name: str, *, positive: bool) -> None:
        value = getattr(self, name)
        bad = isinstance(value, bool) or not isinstance(value, (int, float)) or value != value
        if bad or value < 0 or (positive and value == 0):
            kind = "a positive" if positive else "a non-negative"
            raise OptionsError(f"{name} must be {kind} number of seconds, not {value!r}")
        object.__setattr__(self, name, float(value))

    def _strings(self, name: str) -> list[str | Path]:
        """A field that takes one string (or path) or several."""
        value = getattr(self, name)
        if isinstance(value, (str, Path)):
            value = [value]
        try:
            items = list(value)
        except TypeError:
            raise OptionsError(f"{name} must be a list of strings, not {value!r}") from None
        if not all(isinstance(v, (str, Path)) for v in items):
            raise OptionsError(f"{name} must be a list of strings, not {value!r}")
        return items

    @classmethod
    def build(cls, base: Options | None = None, **overrides: Any) -> Options:
        """Return ``base`` (or the defaults) with ``overrides`` applied; unknown names raise.

        >>> Options.build(timeout=3).timeout
        3.0
        """
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(overrides) - names)
        if unknown:
            raise OptionsError(f"unknown option(s): {', '.join(unknown)}")
        if base is None:
            return cls(**overrides)
        return dataclasses.replace(base, **overrides)


def _host_entry(entry: str) -> str:
    """An ``allow_hosts`` entry in lower case: a host ("localhost", "::1" from "[::1]") or a
    host and port ("localhost:8080", "[::1]:8080")."""
    entry = entry.strip().lower()
    if entry.startswith("[") and entry.endswith("]"):
        return entry[1:-1]
    return entry
