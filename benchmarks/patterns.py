"""Every regular expression of the package against adversarial input: no pattern may take more
than a fraction of a second on 20,000 characters (a nested quantifier that backtracks takes
years). ``python -m benchmarks.patterns`` prints the slowest; tests/test_patterns.py runs it.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time
from dataclasses import fields

#: adversarial texts: long runs of what patterns match word by word, with a failing end
SIZE = 20_000
ADVERSARIAL = [
    "a" * SIZE + " @", "a " * (SIZE // 2) + "@", "a," * (SIZE // 2), "A" * SIZE + "!",
    "Aa " * (SIZE // 3) + "said", "1" * SIZE + "x", "1 " * (SIZE // 2) + "killed",
    '"' * SIZE, "“" * (SIZE // 2) + "x", "@" * SIZE, "-" * SIZE, "http://" + "a" * SIZE,
    "<" * SIZE, "\n" * SIZE, "." * SIZE, "said " * (SIZE // 5) + "?", "the " * (SIZE // 4),
    "Officials said " + "a" * SIZE + " @", "(" * SIZE, "#" * SIZE, "/" * SIZE,
    "x." * (SIZE // 2), "A. " * (SIZE // 3), "of the " * (SIZE // 7), "— " * (SIZE // 2),
]


def patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern of the package's modules and of the compiled lexicon."""
    import verify
    from verify.lexicon import load

    found: dict[int, tuple[str, re.Pattern[str]]] = {}
    for mod in pkgutil.walk_packages(verify.__path__, "verify."):
        if mod.name in ("verify.dask", "verify.__main__"):
            continue
        module = importlib.import_module(mod.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(id(value), (f"{mod.name}.{name}", value))
    lex = load()
    for f in fields(lex):
        value = getattr(lex, f.name)
        if isinstance(value, re.Pattern):
            found.setdefault(id(value), (f"lexicon.{f.name}", value))
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], re.Pattern):
                    found.setdefault(id(item[1]), (f"lexicon.{f.name}[{item[0]}]", item[1]))
    return sorted(found.values())


def worst(pattern: re.Pattern[str]) -> float:
    """The longest time, in seconds, of ``search``, ``match`` and ``findall`` on any text."""
    slowest = 0.0
    for text in ADVERSARIAL:
        started = time.perf_counter()
        pattern.search(text)
        pattern.match(text)
        for _ in pattern.finditer(text):
            pass
        slowest = max(slowest, time.perf_counter() - started)
    return slowest


def main() -> int:
    """Print every pattern slower than 0.05 s, and exit 1 when one passes the limit."""
    limit = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    timings = [(worst(p), name) for name, p in patterns()]
    timings.sort(reverse=True)
    for seconds, name in [t for t in timings if t[0] > 0.05]:
        print(f"{seconds:8.3f} s  {name}")
    print(f"{len(timings)} patterns; slowest {timings[0][0]:.3f} s (limit {limit} s)")
    return 1 if timings[0][0] > limit else 0


if __name__ == "__main__":
    sys.exit(main())
