"""Batch throughput, speed-up and memory: N stories (the corpus pages repeated, or the bundled
fixtures when the corpus is absent) scanned with --jobs 1 and --jobs 2 in the same run, each in
a fresh process, plus a run with a quarter of the stories to show memory stays flat.

    python -m benchmarks.batch [--stories 2000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"


def pages() -> list[Path]:
    """The stories to repeat."""
    found = sorted(CORPUS.glob("*.html")) if CORPUS.is_dir() else []
    return found or sorted((ROOT / "fixtures").rglob("*.html"))


def child(jobs: int, n: int) -> dict[str, float]:
    """Scan n stories with ``jobs`` processes; time it and read peak memory (MB)."""
    import verify

    stories = (str(p) for p in itertools.islice(itertools.cycle(pages()), n))
    verify.scan(pages()[0])  # warm up caches (lexicons, trafilatura's date parser) first
    started = time.perf_counter()
    count = flagged = errors = 0
    for report in verify.scan_many(stories, jobs=jobs):
        count += 1
        flagged += bool(report.flags)
        errors += not report.ok
    seconds = time.perf_counter() - started
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"jobs": jobs, "stories": count, "seconds": seconds, "per_s": count / seconds,
            "parent_mb": self_mb, "worker_mb": kids_mb, "flagged": flagged, "errors": errors}


def run_child(jobs: int, n: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.batch", "--child", str(jobs), str(n)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=2000)
    ap.add_argument("--child", nargs=2, type=int, metavar=("JOBS", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    n = args.stories
    print(f"{n} stories from {len(pages())} pages ({'corpus' if CORPUS.is_dir() else 'fixtures'})")
    print(f"{'jobs':>4} {'stories':>7} {'seconds':>8} {'stories/s':>9} {'parent MB':>9} "
          f"{'worker MB':>9}")
    results = {}
    for jobs, count in ((1, n), (2, n), (2, n // 4)):
        r = run_child(jobs, count)
        results[(jobs, count)] = r
        print(f"{r['jobs']:>4} {r['stories']:>7} {r['seconds']:>8.1f} {r['per_s']:>9.1f} "
              f"{r['parent_mb']:>9.0f} {r['worker_mb']:>9.0f}")
    speedup = results[(2, n)]["per_s"] / results[(1, n)]["per_s"]
    peak = max(results[(2, n)]["parent_mb"], results[(2, n)]["worker_mb"])
    small = max(results[(2, n // 4)]["parent_mb"], results[(2, n // 4)]["worker_mb"])
    print(f"speed-up jobs 2 / jobs 1: {speedup:.2f} (target >= 1.8)")
    print(f"peak memory per process: {peak:.0f} MB for {n} stories, {small:.0f} MB for {n // 4} "
          f"(target: flat, under 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
