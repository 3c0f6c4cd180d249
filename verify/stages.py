"""The ordered pipeline stages after extraction; each reads the story and adds to the report.
A stage is any callable ``stage(story, report) -> None``; pass your own list to ``Scanner``."""

from __future__ import annotations

from .detect.claims import claims_stage
from .detect.embeds import embeds_stage
from .detect.links import links_stage
from .detect.media_refs import media_refs_stage
from .flags.stage import flags_stage
from .detect.sentences import sentences_stage

DEFAULT_STAGES = (
    embeds_stage,
    links_stage,
    sentences_stage,
    media_refs_stage,
    claims_stage,
    flags_stage,
)
