"""Known-media matching: robustness of the hashes to the edits recycled images go through, and
the speed of hashing and of lookups in a store of 1,000,000 images (7 hashes each).

Images are the sample images that ship inside packages (scikit-image's data/, matplotlib's
sample_data; scikit-learn's if installed); nothing is downloaded. Install them with
``pip install scikit-image matplotlib``.

    python -m benchmarks.media [--size 1000000] [--skip-speed] [--faiss]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageOps

from verify.media.imaging import Hashed, distance, hash_image

MATCH = 8
#: near-copies among the sample images (same scene), left out of the impostor pairs
SAME_SCENE = {"chessboard_RGB.png", "motorcycle_right.png", "logo2.png"}


def sample_images() -> list[Path]:
    """Photos and drawings that ship inside installed packages."""
    found: list[Path] = []
    for module, sub in (("skimage", "data"), ("matplotlib", "mpl-data/sample_data"),
                        ("sklearn", "datasets/images")):
        try:
            mod = __import__(module)
        except ImportError:
            continue
        root = Path(os.path.dirname(mod.__file__)) / sub  # type: ignore[arg-type]
        found += [p for p in sorted(root.glob("*")) if p.suffix.lower() in (".png", ".jpg")
                  and p.name not in SAME_SCENE]
    return found


def _jpeg(img: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue()))


def _caption(img: Image.Image) -> Image.Image:
    bar = max(20, img.height // 5)
    out = Image.new("RGB", (img.width, img.height + bar), "white")
    out.paste(img, (0, bar))
    ImageDraw.Draw(out).text((10, bar // 3), "WHEN YOU SEE IT: THIS HAPPENED YESTERDAY", fill="black")
    return out


def _screenshot(img: Image.Image) -> Image.Image:
    """A phone screenshot: status bar, an app's header with text, the picture, a nav bar."""
    w = img.width + 40
    scale = w / img.width
    h = int(img.height * 0.95 * scale * 0) + img.height + 420
    out = Image.new("RGB", (w, h), (250, 250, 250))
    draw = ImageDraw.Draw(out)
    draw.rectangle((0, 0, w, 50), fill=(20, 20, 20))
    draw.text((12, 18), "9:41        5G  87%", fill="white")
    draw.text((20, 80), "@eyewitness_news  ·  2h", fill=(30, 30, 30))
    draw.text((20, 110), "Happening now downtown, share before it gets deleted!!", fill=(30, 30, 30))
    out.paste(img, (20, 160))
    draw.text((20, 180 + img.height), "12.4K reposts   48K likes", fill=(90, 90, 90))
    draw.rectangle((0, h - 60, w, h), fill=(240, 240, 240))
    return out


def _text(img: Image.Image) -> Image.Image:
    out = img.convert("RGB").copy()
    ImageDraw.Draw(out).text((img.width // 10, img.height * 4 // 5), "BREAKING: 2024", fill="yellow")
    return out


def _crop(img: Image.Image, box: tuple[float, float, float, float]) -> Image.Image:
    w, h = img.size
    return img.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))


TRANSFORMS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "jpeg q30": lambda i: _jpeg(i, 30),
    "resize 50%": lambda i: i.resize((i.width // 2, i.height // 2)),
    "resize 25% + jpeg q50": lambda i: _jpeg(i.resize((max(1, i.width // 4), max(1, i.height // 4))), 50),
    "grayscale": lambda i: ImageOps.grayscale(i),
    "centre crop 90%": lambda i: _crop(i, (0.05, 0.05, 0.95, 0.95)),
    "crop 10% one side": lambda i: _crop(i, (0.10, 0, 1, 1)),
    "crop 7% one side": lambda i: _crop(i, (0, 0, 0.93, 1)),
    "crop 13% one side": lambda i: _crop(i, (0, 0.13, 1, 1)),
    "text overlay": _text,
    "meme caption bar 20%": _caption,
    "phone screenshot": _screenshot,
    "horizontal flip": ImageOps.mirror,
    "rotate 5 degrees": lambda i: i.convert("RGB").rotate(5, expand=False, fillcolor="black"),
}
TARGETS = {"jpeg q30": 0.99, "resize 50%": 0.99, "resize 25% + jpeg q50": 0.99, "grayscale": 0.99,
           "horizontal flip": 0.99, "meme caption bar 20%": 0.95, "phone screenshot": 0.85,
           "crop 10% one side": 0.6}


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def stored_hashes(h: Hashed) -> list[int]:
    """What the database stores for an image: as it is, its content box and its crops."""
    return [value for _, value in h.stored()]


def best(query: Hashed, stored: list[int], variants: bool = True) -> int:
    """The smallest distance of any query variant to any stored hash of an image."""
    if not variants:
        return distance(query.phash, stored[0])
    return min(distance(v, s) for _, v in query.variants() for s in stored)


def robustness(images: list[Path]) -> None:
    originals = {p: Image.open(p) for p in images}
    stored = {p: stored_hashes(hash_image(p, variants=False)) for p in images}
    print(f"robustness on {len(images)} package images, match at distance <= {MATCH}")
    print(f"{'transform':<24} {'recall':>7} {'plain pHash':>11} {'target':>7}")
    impostor_fp = impostor_pairs = 0
    for name, fn in TRANSFORMS.items():
        hits = plain = 0
        for p, img in originals.items():
            query = hash_image(_png(fn(img.convert("RGB"))), name)
            hits += best(query, stored[p]) <= MATCH
            plain += best(query, stored[p], variants=False) <= MATCH
            for other, h in stored.items():
                if other != p:
                    impostor_pairs += 1
                    impostor_fp += best(query, h) <= MATCH
        target = TARGETS.get(name)
        print(f"{name:<24} {hits / len(images):>7.2f} {plain / len(images):>11.2f} "
              f"{f'>= {target:.2f}' if target else '':>7}")
    print(f"false positives: {impostor_fp} of {impostor_pairs} impostor pairs (target 0)")


def _timed(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """(p50, p99) in ms of ``n`` calls."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2] * 1000, times[min(len(times) - 1, int(len(times) * 0.99))] * 1000


def hashing_speed(images: list[Path]) -> None:
    big = Image.open(images[0]).convert("RGB").resize((5472, 3648))  # a 20-megapixel photo
    buf = io.BytesIO()
    big.save(buf, "JPEG", quality=90)
    photo20 = buf.getvalue()
    web = io.BytesIO()
    Image.open(images[0]).convert("RGB").resize((1200, 800)).save(web, "JPEG", quality=85)
    web_jpeg = web.getvalue()
    hash_image(web_jpeg)
    print(f"\nhashing (median): web JPEG 1200x800 {_timed(lambda: hash_image(web_jpeg), 20)[0]:.1f} "
          f"ms (target <= 30), 20-megapixel JPEG {_timed(lambda: hash_image(photo20), 5)[0]:.1f} ms "
          "(target <= 150)")


def item_spread(images: list[Path]) -> list[int]:
    """How far each stored hash of a real image (content box, crops) is from its first one."""
    spread = []
    for p in images:
        stored = stored_hashes(hash_image(p, variants=False))
        spread += [distance(stored[0], v) for v in stored[1:]]
    return spread


def synthetic_store(images: int, spread: list[int], seed: int = 1) -> tuple[Any, Any]:
    """``images`` items of 7 hashes each, like real ones: a random hash and six more at the
    distances real images' crops and content boxes are from it. Returns (hashes, item ids)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    base = rng.integers(0, 2**63, size=images, dtype=np.uint64) * np.uint64(2) + \
        rng.integers(0, 2, size=images, dtype=np.uint64)
    columns = [base]
    for _ in range(6):
        flips = rng.choice(np.array(spread), size=images)
        mask = np.zeros(images, dtype=np.uint64)
        for _ in range(int(flips.max()) + 1):  # set bits until each row has its distance
            more = np.uint64(1) << rng.integers(0, 64, size=images, dtype=np.uint64)
            grow = np.bitwise_count(mask | more) <= flips
            mask[grow] |= more[grow]
        columns.append(base ^ mask)
    hashes = np.stack(columns, axis=1).ravel()
    ids = np.repeat(np.arange(1, images + 1, dtype=np.int64), 7)
    return hashes, ids


def _query_variants(hashes: Any, rng: Any) -> list[int]:
    """A query like a real one: 4 variants (as is, content box, mirror and its box), the first
    3 bits from a stored hash, the rest unrelated."""
    stored = int(hashes[int(rng.integers(0, len(hashes)))])
    return [stored ^ 0b1011] + [int(v) for v in rng.integers(0, 2**63, size=3, dtype="uint64")]


def _fill(path: Path, hashes: Any, ids: Any) -> None:
    """Write a store directly (one executemany): filling 7M rows through ``add`` is not what
    is measured here."""
    from verify.media.db import MediaDB, _signed
    from verify.media.imaging import ALGORITHM

    with MediaDB(path) as db, db.conn:
        n = int(ids.max())
        db.conn.executemany("INSERT INTO items(id, name, source, added_at) VALUES (?, 'hash', "
                            "'benchmark', '2026-01-01')", ((i,) for i in range(1, n + 1)))
        order = ids.argsort(kind="stable")  # by item: the rows go in as an add would write them
        db.conn.executemany("INSERT INTO hashes(item, kind, algorithm, value) VALUES (?, ?, ?, ?)",
                            ((int(i), "as is", ALGORITHM, _signed(int(h))) for i, h in
                             zip(ids[order].tolist(), hashes[order].tolist(), strict=True)))
        db._bump()


_COLD = """
import sys, time
t = time.perf_counter()
from verify.media.db import MediaDB
db = MediaDB(sys.argv[1], readonly=True)
db.search_hashes([int(v) for v in sys.argv[2:]])
print(time.perf_counter() - t)
"""


def search_speed(images: list[Path], size: int, faiss_too: bool = False) -> None:
    """Lookups in a store of ``size`` images (7 hashes each) through the index, against a
    numpy XOR + popcount scan of the same array in the same run; a curve over smaller stores in
    the three-part layout that 10,000,000 images would use projects them."""
    import subprocess

    import numpy as np

    from verify.media.db import INDEX_AFTER, MediaDB, search_linear
    from verify.media.index import PARTS, HashIndex, layout, store_order

    spread = item_spread(images)
    print(f"\nreal items: their 6 other stored hashes lie {min(spread)}-{max(spread)} bits "
          f"(median {statistics.median(spread):.0f}) from the first one")
    rng = np.random.default_rng(2)
    curve = []
    for n in sorted({size // 8, size // 4, size // 2, size}):
        hashes, ids = synthetic_store(n, spread)
        order = store_order(hashes)  # as the database keeps them: by value
        hashes, ids = hashes[order], ids[order]
        def ask(search: Callable[..., object], hashes: Any = hashes, variants: int = 4
                ) -> Callable[[], object]:
            return lambda: search(_query_variants(hashes, rng)[:variants], 12)

        base_one = _timed(ask(partial(search_linear, hashes), variants=1), 20)
        base_four = _timed(ask(partial(search_linear, hashes)), 10)
        for parts in dict.fromkeys([layout(len(hashes)), PARTS]):  # verify's, then the widest
            t = time.perf_counter()
            index = HashIndex(hashes, parts=parts)
            build = time.perf_counter() - t
            index.search([0], 12)  # the first search makes the radius's XOR masks
            one, four = _timed(ask(index.search, variants=1), 500), _timed(ask(index.search), 1000)
            memory = hashes.nbytes + ids.nbytes + index.nbytes
            if parts == PARTS:
                curve.append((len(hashes), four[0], memory))
            widths = "/".join(str(w) for _, w in parts)
            caps = "/".join(str(c) for c in index.caps)
            print(f"{n:>9,} images ({len(hashes):>10,} hashes), parts {widths} bits, cells of "
                  f"{caps}{'' if parts == layout(len(hashes)) else ' (not used at this size)'}: "
                  f"built in {build:.1f} s, {memory / 1e6:,.0f} MB, {len(index._spilled):,} "
                  f"hashes in the second index; one hash p50 {one[0]:.2f} ms p99 {one[1]:.2f} "
                  f"(scan {base_one[0]:.2f}, ratio {one[0] / base_one[0]:.3f}); one image's 4 "
                  f"variants p50 {four[0]:.2f} ms p99 {four[1]:.2f} (scan {base_four[0]:.2f}, "
                  f"ratio {four[0] / base_four[0]:.3f})")
    print(f"targets at {size:,} images: p50 <= 1 ms, p99 <= 5 ms")
    sizes, p50s, memories = (np.array(column, dtype=float) for column in zip(*curve, strict=True))
    big = 70_000_000
    slope_t, at_t = np.polyfit(sizes, p50s, 1)  # a straight line through the sizes' p50s
    slope_m, at_m = np.polyfit(sizes, memories, 1)
    print(f"projected at 10,000,000 images ({big:,} hashes, parts 22/21/21), on straight lines "
          f"fitted to the {len(curve)} sizes in that layout: one image p50 "
          f"{at_t + slope_t * big:.1f} ms, memory {(at_m + slope_m * big) / 1e9:.1f} GB (the "
          f"scan's p50 would be about {base_four[0] * big / sizes[-1]:.0f} ms)")
    if faiss_too:
        faiss_speed(hashes, rng)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "media.db"
        t = time.perf_counter()
        _fill(path, hashes, ids)
        print(f"filled a store of {size:,} images in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        with MediaDB(path) as first:
            first.load()  # after a change: rebuilt from rows, and the snapshot written
        rebuild = time.perf_counter() - t
        probe = [str(v) for v in _query_variants(hashes, rng)]
        t = time.perf_counter()
        with MediaDB(path, index_after=0) as first:  # the index at once, and its tables kept
            first.search_hashes([int(v) for v in probe])
        tables = time.perf_counter() - t
        cold = [float(subprocess.run([sys.executable, "-c", _COLD, str(path), *probe],
                                     check=True, capture_output=True, text=True).stdout)
                for _ in range(3)]
        python = [float(subprocess.run([sys.executable, "-c", "import sys, time; t = "
                                        "time.perf_counter(); import numpy; print("
                                        "time.perf_counter() - t)"], check=True,
                                       capture_output=True, text=True).stdout) for _ in range(3)]
        t = time.perf_counter()
        with MediaDB(path, readonly=True, index_after=0) as db:
            found = db.search_hash(int(probe[0]))  # the index from the kept tables
        kept = time.perf_counter() - t
    print(f"store of {size:,}: first load after a change (rows read, snapshot written) "
          f"{rebuild:.1f} s; the index built and its tables kept {tables:.1f} s, and in a later "
          f"process from the kept tables {kept:.1f} s (a process builds it once it has scanned "
          f"{INDEX_AFTER} query values); cold start of a fresh process (open, load, first image "
          f"lookup by scan) {statistics.median(cold) * 1000:.0f} ms (target <= 1000; importing "
          f"numpy alone {statistics.median(python) * 1000:.0f} ms); found {len(found)} within 12")


def faiss_speed(hashes: Any, rng: Any) -> None:
    """faiss-cpu's exact binary indexes on the same store, range search at radius 12 (faiss
    counts radius as exclusive: 13), one image's 4 variants, checked against the scan."""
    import numpy as np

    from verify.media.db import search_linear

    try:
        import faiss  # type: ignore[import-not-found]
    except ImportError:
        print("faiss: not installed (pip install faiss-cpu)")
        return
    codes = hashes.view(np.uint8).reshape(-1, 8)
    queries = [_query_variants(hashes, rng) for _ in range(20)]
    expect = [sorted(zip(*search_linear(hashes, q, 12)[::2], strict=True)) for q in queries[:3]]
    kinds: list[tuple[str, Callable[[], Any], int]] = [
        ("IndexBinaryFlat", lambda: faiss.IndexBinaryFlat(64), 1),
        ("IndexBinaryFlat", lambda: faiss.IndexBinaryFlat(64), 2),
        ("IndexBinaryMultiHash 3 x 21 bits, nflip 4", lambda: faiss.IndexBinaryMultiHash(64, 3, 21), 1)]
    for name, make, threads in kinds:
        faiss.omp_set_num_threads(threads)
        t = time.perf_counter()
        index = make()
        if hasattr(index, "nflip"):
            index.nflip = 4  # 3 x (4 + 1) > 12: exact at radius 12
        index.add(codes)
        build = time.perf_counter() - t

        def search(q: list[int], index: Any = index) -> list[tuple[int, int]]:
            lims, _, found = index.range_search(np.array(q, dtype=np.uint64).view(np.uint8)
                                                .reshape(-1, 8), 13)
            return sorted((int(found[j]), w) for w in range(len(q))
                          for j in range(lims[w], lims[w + 1]))

        exact = all(search(q) == [(int(p), int(w)) for p, w in e]
                    for q, e in zip(queries, expect, strict=False))
        times = []
        for q in queries[: 20 if "Flat" in name else 10]:
            t = time.perf_counter()
            search(q)
            times.append(time.perf_counter() - t)
        times.sort()
        print(f"faiss {faiss.__version__} {name}, {threads} thread(s): built in {build:.1f} s; one "
              f"image's 4 variants p50 {times[len(times) // 2] * 1000:.1f} ms, max "
              f"{times[-1] * 1000:.1f} ms; {'exact' if exact else 'NOT exact'} on 3 queries")
        del index


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="images in the store")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--faiss", action="store_true",
                    help="also time faiss-cpu's exact binary indexes on the largest store")
    args = ap.parse_args(argv)
    images = sample_images()
    if len(images) < 5:
        print("install the sample images: pip install scikit-image matplotlib", file=sys.stderr)
        return 1
    robustness(images)
    if not args.skip_speed:
        hashing_speed(images)
        search_speed(images, args.size, args.faiss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
