"""Start-up cost of the CLI (issue 15): ``verify --version`` and ``verify --help`` against
``python -c pass``, each the median wall time of N fresh processes, measured in the same run.
The ``verify`` command installed beside this Python is run as a user runs it (its ``--help``
is the kept text on a terminal 80 or more columns wide; narrower ones load click).

    python -m benchmarks.startup [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path


def median_seconds(args: list[str], n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    n = int((argv or sys.argv[1:] or ["15"])[0])
    base = median_seconds([sys.executable, "-c", "pass"], n)
    # the installed ``verify`` command, as a user runs it (else ``python -m verify``)
    script = Path(sys.executable).with_name("verify")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "verify"]
    print(f"command: {' '.join(command)}")
    print(f"python -c pass        {base * 1000:6.1f} ms")
    for label, args in (("verify --version", ["--version"]), ("verify --help", ["--help"]),
                        ("import verify", None)):
        cmd = [sys.executable, "-c", "import verify"] if args is None else [*command, *args]
        t = median_seconds(cmd, n)
        print(f"{label:20}  {t * 1000:6.1f} ms  ({t / base:.1f}x; target 2x for the CLI)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
