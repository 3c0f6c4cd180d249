"""One validated, immutable options object passed down the pipeline."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .errors import OptionsError

DEFAULT_USER_AGENT = (
    f"verify/{__version__} (fact-checking toolkit; reads one story the user asked for)"
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
    #: online checks run at once, and the least time between two requests to one host
    concurrency: int = 8
    per_host_interval: float = 0.25
    #: base URLs of the services online checks ask (tests point them at loopback)
    endpoints: dict[str, str] = field(default_factory=dict)
    #: extract story text with trafilatura's faster settings (skips its fallback extractors)
    fast: bool = False

    def __post_init__(self) -> None:
        for name in ("timeout", "deadline"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise OptionsError(f"{name} must be a positive number of seconds, not {value!r}")
            object.__setattr__(self, name, float(value))
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int) \
                or self.max_bytes <= 0:
            raise OptionsError(f"max_bytes must be a positive integer, not {self.max_bytes!r}")
        if not isinstance(self.user_agent, str) or not self.user_agent.strip():
            raise OptionsError("user_agent must be a non-empty string")
        hosts = self.allow_hosts
        if isinstance(hosts, str):
            hosts = [hosts]
        object.__setattr__(self, "allow_hosts", frozenset(h.lower().strip("[]") for h in hosts))

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
