"""Batch throughput, speed-up, CPU and memory: N stories (the corpus pages repeated, or the
bundled fixtures when the corpus is absent) scanned with --jobs 1 and --jobs 2, each run in a
fresh process, the two interleaved round by round (median of the rounds), plus a run of a
quarter of the stories to show memory stays flat.

    python -m benchmarks.batch [--stories 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import statistics
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
    warm = resource.getrusage(resource.RUSAGE_SELF)
    warm_cpu = warm.ru_utime + warm.ru_stime
    started = time.perf_counter()
    count = flagged = errors = 0
    for report in verify.scan_many(stories, jobs=jobs):
        count += 1
        flagged += bool(report.flags)
        errors += not report.ok
    seconds = time.perf_counter() - started
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime - warm_cpu
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"jobs": jobs, "stories": count, "seconds": seconds, "per_s": count / seconds,
            "cpu_ms": cpu / max(count, 1) * 1000,
            "parent_mb": self_mb, "worker_mb": kids_mb, "flagged": flagged, "errors": errors}


def run_child(jobs: int, n: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.batch", "--child", str(jobs), str(n)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--child", nargs=2, type=int, metavar=("JOBS", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    n = args.stories
    print(f"{n} stories from {len(pages())} pages ({'corpus' if CORPUS.is_dir() else 'fixtures'}),"
          f" {args.rounds} interleaved rounds")
    print(f"{'round':>5} {'jobs':>4} {'stories':>7} {'seconds':>8} {'stories/s':>9} "
          f"{'CPU ms/story':>12} {'parent MB':>9} {'worker MB':>9}")
    runs: dict[tuple[int, int], list[dict[str, float]]] = {}
    plan = [(1, n), (2, n)] * args.rounds + [(2, n // 4)]
    for i, (jobs, count) in enumerate(plan):
        r = run_child(jobs, count)
        runs.setdefault((jobs, count), []).append(r)
        print(f"{i // 2 + 1:>5} {r['jobs']:>4} {r['stories']:>7} {r['seconds']:>8.1f} "
              f"{r['per_s']:>9.1f} {r['cpu_ms']:>12.1f} {r['parent_mb']:>9.0f} "
              f"{r['worker_mb']:>9.0f}")

    def median(jobs: int, count: int, key: str) -> float:
        return statistics.median(r[key] for r in runs[(jobs, count)])

    speedups = [b["per_s"] / a["per_s"] for a, b in zip(runs[(1, n)], runs[(2, n)], strict=True)]
    peak = max(median(2, n, "parent_mb"), median(2, n, "worker_mb"))
    small = max(median(2, n // 4, "parent_mb"), median(2, n // 4, "worker_mb"))
    print(f"stories/s (median): jobs 1 {median(1, n, 'per_s'):.1f}, jobs 2 {median(2, n, 'per_s'):.1f};"
          f" CPU per story: jobs 1 {median(1, n, 'cpu_ms'):.0f} ms, jobs 2 "
          f"{median(2, n, 'cpu_ms'):.0f} ms")
    print(f"speed-up jobs 2 / jobs 1, round by round: {', '.join(f'{x:.2f}' for x in speedups)}; "
          f"median {statistics.median(speedups):.2f} (target >= 1.8)")
    print(f"peak memory per process: {peak:.0f} MB for {n} stories, {small:.0f} MB for {n // 4} "
          f"(target: flat, under 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
