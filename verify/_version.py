"""The package version, in a module of its own so any module can import it at any time."""

__version__ = "0.1.0"
