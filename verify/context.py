"""The pipeline context: everything a stage may need besides the story and its report, built
once per :class:`~verify.Scanner` from its options and handed to every stage as
``stage(story, report, ctx)``.

It carries the options, the platform table, the lexicons and the flag registry (the user's own
files from the ``platforms`` and ``lexicons`` options included), and opens the known-media
database and the online checker only when a stage first asks for them. It pickles as its options,
so a batch worker rebuilds the very same context (the tables are memoised by path, so that costs
one load per process).

>>> ctx = Context.build(Options())
>>> ctx.flags.severity("unverified_by_story"), ctx.platforms.match("https://youtu.be/abc").platform
('high', 'youtube')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .flags.registry import FlagRegistry
from .lexicon import Lexicon
from .lexicon import load as load_lexicon
from .options import Options
from .platforms import PlatformTable

if TYPE_CHECKING:
    from .detect.claim_model import ClaimModel
    from .flags.model import FlagModel
    from .media.db import MediaDB
    from .online.checks import Checker


class Context:
    """Options, tables and lazily opened resources shared by every stage of one scanner."""

    def __init__(self, options: Options, platforms: PlatformTable, lexicon: Lexicon,
                 flags: FlagRegistry) -> None:
        self.options = options
        self.platforms = platforms
        self.lexicon = lexicon
        self.flags = flags
        self._media_db: MediaDB | None = None
        self._checker: Checker | None = None

    @classmethod
    def build(cls, options: Options) -> Context:
        """Load (or reuse) the tables the options name."""
        return cls(options, PlatformTable.load(*options.platforms),
                   load_lexicon(*options.lexicons), FlagRegistry.load())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Context.build, (self.options,))

    @property
    def media_db(self) -> MediaDB | None:
        """The known-media database of the ``media_db`` option, opened read-only on first use."""
        if self._media_db is None and self.options.media_db:
            from .media.db import MediaDB

            self._media_db = MediaDB(self.options.media_db, readonly=True)
        return self._media_db

    @property
    def flag_model(self) -> FlagModel:
        """The packaged flag model (loaded once per process, on first use)."""
        from .flags.model import FlagModel

        return FlagModel.load()

    @property
    def claim_model(self) -> ClaimModel:
        """The packaged claim model (loaded once per process, on first use)."""
        from .detect.claim_model import ClaimModel

        return ClaimModel.load()

    @property
    def checker(self) -> Checker:
        """The online checker, made on first use (only when online checks are asked for)."""
        if self._checker is None:
            from .online.checks import Checker

            self._checker = Checker(self)
        return self._checker

    def close(self) -> None:
        """Close what was opened (the media database, the checker's HTTP session)."""
        if self._checker is not None:
            self._checker.close()
            self._checker = None
        if self._media_db is not None:
            self._media_db.close()
            self._media_db = None
