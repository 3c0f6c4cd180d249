"""Shared test setup: fixture paths, the optional shared corpus, and a guard that fails any
connection to a non-loopback address (the suite never uses the internet)."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
STORIES = FIXTURES / "stories"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seeds" / "sample-story.txt"

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            loopback = ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise OSError(f"test network guard: connection to {host!r} refused")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to an address outside 127.0.0.0/8 and ::1 fails the test."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of labelled real pages; skips the test when it is not beside us."""
    if not (CORPUS / "MANIFEST.json").is_file():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture
def sample_story() -> Path:
    """The seed story (the shared copy when present, else the bundled copy)."""
    return SEED if SEED.is_file() else STORIES / "sample-story.txt"
