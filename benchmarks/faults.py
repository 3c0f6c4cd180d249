"""Faults a batch must survive, run as a user would, with the CLI in child processes.

    python -m benchmarks.faults [N]        # N stories (default 1,000)

1. A batch of N stories with 1% bad inputs (empty, binary, undecodable, over the size cap,
   a JSONL with a broken line, a file name that is not UTF-8): every good story gives its
   report, every bad one an error report, and the exit status says some failed.
2. ``kill -9`` in the middle of a batch, then ``--resume``: every story is in the output
   exactly once, and no line is broken.
3. ``kill -9`` during ``media import``: the database passes ``PRAGMA integrity_check``, holds
   whole items only, and importing the file again adds nothing twice.
4. ``kill -9`` and ``SIGTERM`` of the CLI alone (not its process group) in the middle of a
   batch: no worker lives on, and a pipe reading the CLI's output ends.
5. Servers on 127.0.0.1 that drip their headers (one line every 0.5 s, one byte every 2 s) or
   never answer: ``verify scan URL`` ends within its deadline with one line and exit 2.
6. A 200 MB JSONL, from a file with ``--jobs 1`` and from standard input: memory stays flat
   (the resident size of each process after 15 s, while reports stream out).
Prints one line per fault with its figures and a total (inputs tried, results lost, orphans,
hangs); exits 1 when one fails. tests/test_faults.py runs it small.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Outcome:
    """What one fault did: whether it was survived, its figures in words, and the counts of
    the totals line (inputs tried, results lost, orphaned workers, hangs)."""

    passed: bool
    figures: str
    tried: int = 0
    lost: int = 0
    orphans: int = 0
    hangs: int = 0


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


def batch_with_bad_inputs(tmp: Path, n: int) -> Outcome:
    good, bad = make_batch(tmp / "stories", n)
    out = tmp / "out.jsonl"
    done = subprocess.run(_verify("scan", str(tmp / "stories"), "-f", "jsonl", "-o", str(out),
                                  "--jobs", "2", "-q", "--max-bytes", "1000000"),
                          capture_output=True, timeout=1800)
    reports = _lines(out)
    ok = sum(1 for r in reports if not r.get("error"))
    errors = sum(1 for r in reports if r.get("error"))
    passed = ok == good and errors == bad and done.returncode == 2
    return Outcome(passed, f"{n} stories, {bad} bad: {ok} reports (want {good}), {errors} error "
                   f"reports (want {bad}), exit {done.returncode}", tried=n,
                   lost=max(0, good - ok) + max(0, bad - errors))


def kill_and_resume(tmp: Path, n: int) -> Outcome:
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
    return Outcome(once, f"{n} stories, killed after {before} lines, resumed: {len(locations)} "
                   f"lines, {len(set(locations))} distinct (want {n} and {n})", tried=n,
                   lost=n - len(set(locations)))


def kill_during_import(tmp: Path, n: int) -> Outcome:
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
    return Outcome(passed, f"killed after {items} of {total} items: integrity {check}, {partial} "
                   f"items without hashes; imported again: {after} items (want {total})",
                   tried=total, lost=abs(total - after) + partial)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (none when it has gone)."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pids: list[int]) -> list[int]:
    return [p for p in pids if Path(f"/proc/{p}").exists() and "zombie" not in _state(p)]


def kill_parent_only(tmp: Path, n: int, sig: int = signal.SIGKILL) -> tuple[int, bool]:
    """Kill the CLI of a batch of ``n`` stories (not its workers) with ``sig``: the workers
    still alive 10 s later, and whether a pipe reading the CLI's stdout reached its end."""
    import threading

    root = tmp / f"orphans-{sig}"
    root.mkdir()
    for i in range(n):
        (root / f"{i:05d}.txt").write_text(f"Officials said {i} homes were damaged.",
                                           encoding="utf-8")
    proc = subprocess.Popen(_verify("scan", str(root), "-f", "jsonl", "--jobs", "2", "-q"),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    assert proc.stdout is not None
    ended = threading.Event()

    def drain() -> None:  # a reader of the pipe, as `verify scan ... | head` would be
        while proc.stdout.read(65536):  # type: ignore[union-attr]
            pass
        ended.set()

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and not workers and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    if not workers:
        raise RuntimeError("the batch started no workers")
    os.kill(proc.pid, sig)
    proc.wait()
    gone = time.monotonic() + 10
    while time.monotonic() < gone and _alive(workers):
        time.sleep(0.1)
    left = _alive(workers)
    for p in left:  # clean up after a failure
        os.kill(p, signal.SIGKILL)
    return len(left), ended.wait(10)


def workers_end_with_parent(tmp: Path, n: int) -> Outcome:
    results = [(name, *kill_parent_only(tmp, max(n // 2, 200), sig))
               for name, sig in (("kill -9", signal.SIGKILL), ("SIGTERM", signal.SIGTERM))]
    orphans = sum(left for _, left, _ in results)
    passed = orphans == 0 and all(ended for _, _, ended in results)
    return Outcome(passed, "; ".join(f"{name} of the CLI: {left} orphans, pipe "
                                     f"{'ended' if ended else 'still open'}"
                                     for name, left, ended in results),
                   tried=2 * max(n // 2, 200), orphans=orphans,
                   hangs=sum(not ended for _, _, ended in results))


def _dripping_server(mode: str) -> tuple[int, Callable[[], None]]:
    """A server on 127.0.0.1 that drips its headers (``lines``: one line every 0.5 s;
    ``bytes``: one byte every 2 s) or never answers (``silent``); returns (port, stop)."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                if mode == "lines":
                    conn.sendall(b"HTTP/1.1 200 OK\r\n")
                while not stop.is_set():
                    if mode == "lines":
                        conn.sendall(b"X-Drip: 1\r\n")
                        stop.wait(0.5)
                    elif mode == "bytes":
                        conn.sendall(b"H")
                        stop.wait(2)
                    else:
                        stop.wait(0.5)
            except OSError:
                pass

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()

    def close() -> None:
        stop.set()
        server.close()

    return server.getsockname()[1], close


#: how long past the download deadline (``Options.deadline``, 30 s) a scan counts as a hang
HANG_AFTER = 15.0


def dripping_headers(tmp: Path, n: int) -> Outcome:
    from verify.options import Options

    deadline = Options().deadline
    figures, hangs = [], 0
    for mode in ("lines", "bytes", "silent"):
        port, close = _dripping_server(mode)
        started = time.monotonic()
        try:
            done = subprocess.run(_verify("scan", f"http://127.0.0.1:{port}/story",
                                          "--allow-host", "127.0.0.1", "--timeout", "2",
                                          "--time-budget", "60"),
                                  capture_output=True, timeout=deadline + HANG_AFTER)
            took, code = time.monotonic() - started, done.returncode
            hangs += code != 2
            lines = len(done.stderr.decode(errors="replace").strip().splitlines())
        except subprocess.TimeoutExpired:
            took, code, lines = time.monotonic() - started, None, 0
            hangs += 1
        finally:
            close()
        figures.append(f"{mode}: exit {code} after {took:.1f} s, {lines} line")
    return Outcome(hangs == 0, "; ".join(figures), tried=3, hangs=hangs)


#: the most memory a process of a streaming batch may hold, whatever the input's size
MAX_RSS_MB = 150


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def flat_memory(tmp: Path, n: int) -> Outcome:
    big = tmp / "big.jsonl"
    line = json.dumps({"text": "Officials said 12 people were killed in the town on Monday. "
                       "The army said it had captured two villages. " * 3}) + "\n"
    with big.open("w", encoding="utf-8") as fh:
        for _ in range(200_000_000 // len(line)):
            fh.write(line)
    figures, worst = [], 0.0
    for name, args, stdin in (("file, --jobs 1", [str(big), "--jobs", "1"], None),
                              ("stdin --jsonl", ["-", "--jsonl", "--jobs", "1"], big)):
        with open(stdin or os.devnull, "rb") as feed:
            proc = subprocess.Popen(_verify("scan", *args, "-f", "jsonl", "-q"), stdin=feed,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            time.sleep(15)
            rss = max(_rss_mb(pid) for pid in [proc.pid, *_children(proc.pid)])
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        worst = max(worst, rss)
        figures.append(f"{name}: {rss:.0f} MB")
    big.unlink()
    return Outcome(worst <= MAX_RSS_MB, f"{big.name} of 200 MB, resident size after 15 s: "
                   + "; ".join(figures) + f" (limit {MAX_RSS_MB} MB)", tried=2)


FAULTS: tuple[tuple[str, Callable[[Path, int], Outcome]], ...] = (
    ("batch with 1% bad inputs", batch_with_bad_inputs),
    ("kill -9 then --resume", kill_and_resume),
    ("kill -9 during media import", kill_during_import),
    ("workers end with the CLI", workers_end_with_parent),
    ("servers that drip or stall", dripping_headers),
    ("memory on a 200 MB batch", flat_memory))


def main(argv: list[str] | None = None) -> int:
    """Run every fault and print its figures, then the totals."""
    n = int((argv or sys.argv[1:] or ["1000"])[0])
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, fault) in enumerate(FAULTS):
            sub = Path(tmp) / str(i)
            sub.mkdir()
            started = time.perf_counter()
            outcome = fault(sub, n)
            outcomes.append(outcome)
            print(f"{'ok  ' if outcome.passed else 'FAIL'} {name}: {outcome.figures} "
                  f"({time.perf_counter() - started:.0f} s)")
    failed = sum(not o.passed for o in outcomes)
    print(f"{len(FAULTS) - failed} of {len(FAULTS)} faults survived: inputs tried "
          f"{sum(o.tried for o in outcomes):,}, results lost {sum(o.lost for o in outcomes)}, "
          f"orphans {sum(o.orphans for o in outcomes)}, hangs {sum(o.hangs for o in outcomes)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
