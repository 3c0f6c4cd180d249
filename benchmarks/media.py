"""Known-media matching: robustness of the hashes to the edits recycled images go through, and
the speed of hashing and of lookups in a store of 1,000,000 hashes.

Images are the sample images that ship inside packages (scikit-image's data/, matplotlib's
sample_data; scikit-learn's if installed); nothing is downloaded. Install them with
``pip install scikit-image matplotlib``.

    python -m benchmarks.media [--size 1000000] [--skip-speed]
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
from pathlib import Path

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


def speed(images: list[Path], size: int) -> None:
    import numpy as np

    from verify.media.db import MediaDB

    big = Image.open(images[0]).convert("RGB").resize((5472, 3648))  # a 20-megapixel photo
    buf = io.BytesIO()
    big.save(buf, "JPEG", quality=90)
    photo20 = buf.getvalue()
    web = io.BytesIO()
    Image.open(images[0]).convert("RGB").resize((1200, 800)).save(web, "JPEG", quality=85)
    web_jpeg = web.getvalue()
    hash_image(web_jpeg)

    def timed(fn: Callable[[], object], n: int) -> float:
        times = []
        for _ in range(n):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1000

    print(f"\nhashing (median): web JPEG 1200x800 {timed(lambda: hash_image(web_jpeg), 20):.1f} ms "
          f"(target <= 30), 20-megapixel JPEG {timed(lambda: hash_image(photo20), 5):.1f} ms "
          "(target <= 150)")
    rng = np.random.default_rng(1)
    hashes = rng.integers(0, 2**63, size=size, dtype=np.uint64) | (
        rng.integers(0, 2, size=size, dtype=np.uint64) << np.uint64(63))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "media.db"
        with MediaDB(path) as db:
            t = time.perf_counter()
            db.add_hashes(hashes.tolist(), source="benchmark")
            print(f"filled a store of {size:,} hashes in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        with MediaDB(path) as first:
            first.load()  # after a change: rebuilt from rows, and the snapshot written
        rebuild = time.perf_counter() - t
        t = time.perf_counter()
        db = MediaDB(path)
        db.load()
        cold = time.perf_counter() - t
        probe = int(hashes[size // 2]) ^ 0b1011  # distance 3 from a stored hash
        lookup = timed(lambda: db.search_hash(probe), 50)
        found = db.search_hash(probe)
        query = hash_image(web_jpeg)
        per_image = timed(lambda: db.lookup_hashed(query), 20)
        sample = hashes[:5000]
        import imagehash

        objects = [imagehash.ImageHash(np.unpackbits(np.array([h], dtype=">u8").view(np.uint8))
                                       .astype(bool).reshape(8, 8)) for h in sample.tolist()]
        q_obj = objects[0]
        t = time.perf_counter()
        [q_obj - o for o in objects]
        loop_per_million = (time.perf_counter() - t) / len(objects) * size * 1000
        db.close()
    print(f"store of {size:,}: first load after a change (rows, then snapshot written) "
          f"{rebuild * 1000:.0f} ms")
    print(f"store of {size:,}: cold start (open + load) {cold * 1000:.0f} ms (target <= 1000); "
          f"lookup of one hash p50 {lookup:.2f} ms (target <= 1), found {len(found)} within 12; "
          f"one image with its variants {per_image:.2f} ms")
    print(f"a Python loop over ImageHash objects would take {loop_per_million:.0f} ms per lookup "
          f"(ratio {loop_per_million / lookup:.0f}x slower)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--skip-speed", action="store_true")
    args = ap.parse_args(argv)
    images = sample_images()
    if len(images) < 5:
        print("install the sample images: pip install scikit-image matplotlib", file=sys.stderr)
        return 1
    robustness(images)
    if not args.skip_speed:
        speed(images, args.size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
