"""Build ``verify/data/first_names.toml``: first names that are nearly always one sex, so that
"he" and "she" go back to the right person ("Sen. Ben Sasse ... she said" is not Sasse).

    python tools/first_names.py DIR_OF_yobYYYY.txt [--min-births 3000] [--share 0.97]

Data: the US Social Security Administration's national baby-name files (``yobYYYY.txt``:
``name,sex,count``; a US government work, in the public domain), here 1930-2020 as copied in
github.com/hackerb9/ssa-baby-names ``raw-data/`` at 0b1a1316457d55447d1a1f7bfe57ee15e53cc2f0
(only the SSA's own files are read). A name is kept when at least ``--min-births`` babies had
it and ``--share`` of them were of one sex. US names only: a name the table does not hold
gives no gender, as before.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "verify" / "data" / "first_names.toml"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--min-births", type=int, default=3000)
    ap.add_argument("--share", type=float, default=0.97)
    args = ap.parse_args()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    files = sorted(args.folder.glob("yob*.txt"))
    for path in files:
        for line in path.read_text(encoding="ascii").splitlines():
            name, sex, n = line.split(",")
            counts[name][sex == "M"] += int(n)
    out = {"female": [], "male": []}
    for name, (f, m) in counts.items():
        total = f + m
        if total >= args.min_births and max(f, m) >= args.share * total:
            out["male" if m > f else "female"].append(name)
    years = f"{files[0].stem[3:]}-{files[-1].stem[3:]}"
    lines = ["# First names nearly always of one sex (built by tools/first_names.py from the US SSA",
             f"# national baby-name files {years}, public domain; at least {args.min_births} births, "
             f"{args.share:.0%} one sex)"]
    for key in ("female", "male"):
        names = sorted(out[key])
        lines.append(f"{key} = [")
        for i in range(0, len(names), 10):
            lines.append("  " + ", ".join(f'"{n}"' for n in names[i : i + 10]) + ",")
        lines.append("]")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(out['female'])} female, {len(out['male'])} male names -> {OUT}")


if __name__ == "__main__":
    main()
