"""Faults a batch must survive, run as a user would, with the CLI in child processes.

    python -m benchmarks.faults [N]        # N stories (default 1,000)

1. A batch of N stories with 1% bad inputs (empty, binary, undecodable, over the size cap,
   a JSONL with a broken line, a file name that is not UTF-8): every good story gives its
   report, every bad one an error report, and the exit status says some failed.
2. ``kill -9`` in the middle of a batch, then ``--resume``: every story is in the output
   exactly once, and no line is broken.
3. ``kill -9`` during ``media import``: the database passes ``PRAGMA integrity_check``, holds
   whole items only, and importing the file again adds nothing twice.
Prints one line per fault with its figures; exits 1 when one fails. tests/test_faults.py runs
it on 120 stories.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)


def _verify(*args: str) -> list[str]:
    return [sys.executable, "-m", "verify", *args]


def make_batch(root: Path, n: int) -> tuple[int, int]:
    """N story files under ``root``, one in a hundred bad; returns (good, bad)."""
    root.mkdir(parents=True, exist_ok=True)
    bad_kinds = [("empty.txt", b""), ("photo.html", PNG), ("bad.txt", b"\x80\x81\x00\x9c" * 50),
                 ("huge.txt", b"Officials said the bridge fell. " * 40_000),
                 ("broken.jsonl", b'{"text": "The army said it won."}\n{"text": \xff\n'),
                 (b"caf\xe9.txt", b"Officials said the caf\xc3\xa9 was shut.")]
    good = bad = 0
    for i in range(n):
        if i % 100 == 99:
            name, data = bad_kinds[(i // 100) % len(bad_kinds)]
            if isinstance(name, bytes):
                path = os.path.join(os.fsencode(root), b"%d-" % i + name)
                with open(path, "wb") as fh:
                    fh.write(data)
                good += 1  # a name that is not UTF-8 is still a story
                continue
            (root / f"{i}-{name}").write_bytes(data)
            bad += 1 if name != "broken.jsonl" else 0
            good += 1 if name == "broken.jsonl" else 0  # its first record is good
            bad += 1 if name == "broken.jsonl" else 0
        else:
            (root / f"{i:05d}.txt").write_text(
                f"Officials said {i} people were evacuated from the town on Monday. "
                "The army said it had captured two villages.", encoding="utf-8")
            good += 1
    return good, bad


def _lines(path: Path) -> list[dict]:
    out = []
    for line in path.read_bytes().split(b"\n"):
        if line.strip():
            out.append(json.loads(line))  # a broken line fails here
    return out


def batch_with_bad_inputs(tmp: Path, n: int) -> tuple[bool, str]:
    good, bad = make_batch(tmp / "stories", n)
    out = tmp / "out.jsonl"
    done = subprocess.run(_verify("scan", str(tmp / "stories"), "-f", "jsonl", "-o", str(out),
                                  "--jobs", "2", "-q", "--max-bytes", "1000000"),
                          capture_output=True, timeout=1800)
    reports = _lines(out)
    ok = sum(1 for r in reports if not r.get("error"))
    errors = sum(1 for r in reports if r.get("error"))
    passed = ok == good and errors == bad and done.returncode == 2
    return passed, (f"{n} stories, {bad} bad: {ok} reports (want {good}), {errors} error reports "
                    f"(want {bad}), exit {done.returncode}")


def kill_and_resume(tmp: Path, n: int) -> tuple[bool, str]:
    root = tmp / "resume"
    root.mkdir()
    for i in range(n):
        (root / f"{i:05d}.txt").write_text(f"Officials said {i} homes were damaged on Monday.",
                                           encoding="utf-8")
    out = tmp / "resume.jsonl"
    args = _verify("scan", str(root), "-f", "jsonl", "-o", str(out), "--jobs", "2", "-q")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size > 0 and out.read_bytes().count(b"\n") >= n // 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its workers, mid-write
    proc.wait()
    before = out.read_bytes().count(b"\n")
    subprocess.run([*args, "--resume"], capture_output=True, timeout=1800)
    reports = _lines(out)
    locations = [r["source"]["location"] for r in reports]
    once = len(locations) == len(set(locations)) == n
    return once, (f"{n} stories, killed after {before} lines, resumed: {len(locations)} "
                  f"lines, {len(set(locations))} distinct (want {n} and {n})")


def kill_during_import(tmp: Path, n: int) -> tuple[bool, str]:
    rows = tmp / "known.jsonl"
    total = max(20_000, n * 50)
    with rows.open("w", encoding="utf-8") as fh:
        for i in range(total):
            fh.write(json.dumps({"phash": f"{(i * 2654435761) % (1 << 64):016x}",
                                 "name": f"img{i}", "note": "recycled"}) + "\n")
    db = tmp / "media.db"
    proc = subprocess.Popen(_verify("media", "--db", str(db), "import", str(rows)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:  # kill it mid-import
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as peek:
                if peek.execute("SELECT count(*) FROM items").fetchone()[0] >= n * 5:
                    break
        except sqlite3.Error:
            pass
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    partial = conn.execute("SELECT count(*) FROM items WHERE id NOT IN "
                           "(SELECT item FROM hashes)").fetchone()[0]
    conn.close()
    subprocess.run(_verify("media", "--db", str(db), "import", str(rows)), capture_output=True,
                   timeout=1800)
    conn = sqlite3.connect(db)
    after = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    conn.close()
    passed = check == "ok" and partial == 0 and after == total and items < total
    return passed, (f"killed after {items} of {total} items: integrity {check}, {partial} items "
                    f"without hashes; imported again: {after} items (want {total})")


def main(argv: list[str] | None = None) -> int:
    """Run the three faults and print their figures."""
    n = int((argv or sys.argv[1:] or ["1000"])[0])
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, fault) in enumerate((("batch with 1% bad inputs", batch_with_bad_inputs),
                                           ("kill -9 then --resume", kill_and_resume),
                                           ("kill -9 during media import", kill_during_import))):
            sub = Path(tmp) / str(i)
            sub.mkdir()
            started = time.perf_counter()
            passed, figures = fault(sub, n)
            failed += not passed
            print(f"{'ok  ' if passed else 'FAIL'} {name}: {figures} "
                  f"({time.perf_counter() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
