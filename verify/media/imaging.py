"""Images: opened safely (an allow-list of formats, Pillow's decompression-bomb guard as an
error, truncated files refused), normalised the same way for stored and queried images (EXIF
orientation, RGB, ``draft`` + thumbnail to 512 px), and hashed with imagehash's pHash-64.

Queries also try variants: the content box (a meme caption bar or a phone screenshot's frame
cut away) and the mirror image."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import imagehash
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import VerifyError
from ..input.sources import read_regular

#: bump when the normalisation or hash changes; stored with every hash. Pillow's resizer can
#: change hash bits between major releases, so its major version is part of it.
ALGORITHM = f"phash64-512-v1-pil{Image.__version__.split('.')[0]}"
FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF"})
MAX_PIXELS = 60_000_000  # a 20-megapixel photo is fine; a 20,000 x 20,000 bomb is not
THUMB = 512
MAX_FILE_BYTES = 50_000_000
#: crops stored beside each image, so a copy cut by 5-15% on a side (or around) still matches
STORED_CROPS = (
    ("crop left 10%", (0.10, 0.0, 1.0, 1.0)),
    ("crop right 10%", (0.0, 0.0, 0.90, 1.0)),
    ("crop top 10%", (0.0, 0.10, 1.0, 1.0)),
    ("crop bottom 10%", (0.0, 0.0, 1.0, 0.90)),
    ("centre 90%", (0.05, 0.05, 0.95, 0.95)),
)


class ImageError(VerifyError, ValueError):
    """A file is not an image `verify` will open (format, size, damage)."""


@dataclass(frozen=True)
class Hashed:
    """The hashes of one image: as it is, its content box (if it differs) and its mirror."""

    phash: int
    width: int
    height: int
    content_box: int | None = None
    mirror: int | None = None
    mirror_box: int | None = None
    crops: tuple[tuple[str, int], ...] = ()
    edge_cuts: tuple[int, ...] = ()

    def stored(self) -> list[tuple[str, int]]:
        """(kind, hash) of what the database stores: as it is, its content box, its crops."""
        out = [("as is", self.phash)]
        if self.content_box is not None:
            out.append(("content box", self.content_box))
        return out + list(self.crops)

    def variants(self) -> list[tuple[str, int]]:
        """(name, hash) of every variant to look up."""
        out = [("as is", self.phash)]
        for name, value in (("content box", self.content_box), ("mirror", self.mirror),
                            ("mirrored content box", self.mirror_box)):
            if value is not None:
                out.append((name, value))
        out += [("caption bar cut", v) for v in self.edge_cuts]
        return out


def read_image_file(path: str | Path, name: str) -> bytes:
    """The bytes of an image file: a regular file within the size cap, else ImageError."""
    try:
        return read_regular(Path(path), MAX_FILE_BYTES)
    except ValueError as exc:
        raise ImageError(f"{name}: {exc}") from exc
    except FileNotFoundError as exc:
        raise ImageError(f"{name}: cannot read (no such file)") from exc
    except OSError as exc:
        raise ImageError(f"{name}: cannot read ({exc.strerror or exc})") from exc


def load(data: bytes | Path | str, name: str = "image") -> Image.Image:
    """Open and fully decode an image within the caps; raise :class:`ImageError` otherwise."""
    if isinstance(data, (str, Path)):
        data = read_image_file(data, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=sorted(FORMATS))
            if img.width * img.height > MAX_PIXELS:
                raise ImageError(f"{name}: {img.width} x {img.height} pixels is over the "
                                 f"{MAX_PIXELS:,}-pixel limit (a decompression bomb?)")
            img.draft("RGB", (THUMB, THUMB))  # JPEG decodes at 1/2..1/8 scale: fast
            img.load()
    except ImageError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageError(f"{name}: too many pixels (a decompression bomb?)") from exc
    except UnidentifiedImageError as exc:
        raise ImageError(f"{name}: not an image in an allowed format "
                         f"({', '.join(sorted(FORMATS))})") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError(f"{name}: damaged or truncated image ({exc})") from exc
    return img


def normalise(img: Image.Image) -> Image.Image:
    """EXIF orientation applied, RGB, at most 512 px on the longer side."""
    img = ImageOps.exif_transpose(img)
    if img.mode != "RGB":
        img = img.convert("RGBA").convert("RGB") if "A" in img.getbands() or img.mode == "P" \
            else img.convert("RGB")
    img.thumbnail((THUMB, THUMB), Image.Resampling.LANCZOS)
    return img


def phash(img: Image.Image) -> int:
    """pHash-64 of a normalised image, as an unsigned 64-bit integer."""
    bits = imagehash.phash(img, hash_size=8).hash.flatten()
    return int("".join("1" if b else "0" for b in bits), 2)


def edge_grid(img: Image.Image) -> np.ndarray:
    """The image at 128 px wide (nearest neighbour: keeps text sharp and bands exact), as the
    array :func:`content_box` reads; make it once when several boxes are wanted."""
    small = img.convert("RGB").resize((128, max(1, round(128 * img.height / img.width))),
                                      Image.Resampling.NEAREST)
    return np.asarray(small, dtype=np.int16)


def content_box(img: Image.Image, *, share: float = 0.9, text_share: float = 0.3,
                tolerance: int = 12, max_bands: int | None = None, sides: str = "tblr",
                grid: np.ndarray | None = None) -> tuple[int, int, int, int] | None:
    """The box left when flat bands (a meme caption, a screenshot's status bar, app header and
    navigation bar) are cut from the edges, or None when there are none.

    A line (row or column) is part of a band when most of its pixels are close to one
    low-saturation colour (white, black, grey), or when it carries text on the band's colour
    (then a smaller share of its pixels is that colour)."""
    a = edge_grid(img) if grid is None else grid
    h, w = a.shape[:2]

    def grey(colour: np.ndarray) -> bool:
        return int(colour.max() - colour.min()) <= 40

    def close(line: np.ndarray, colour: np.ndarray) -> float:
        return float((np.abs(line - colour).max(axis=1) <= tolerance).mean())

    def band(lines: list[np.ndarray], limit: int) -> int:
        """How many lines from the edge belong to flat bands (each starts with a flat line);
        with ``max_bands``, stop where a band of another colour would begin."""
        colour = None
        bands = 0
        n = 0
        while n < limit:
            line = lines[n]
            median = np.median(line, axis=0)
            if grey(median) and close(line, median) >= share:
                if colour is None or np.abs(median - colour).max() > tolerance:
                    bands += 1
                    if max_bands is not None and bands > max_bands:
                        break
                colour = median
            elif colour is None or (close(line, colour) < text_share
                                    and not resumes(lines[n + 1 : n + 3], colour)):
                break
            n += 1
        return n

    def resumes(following: list[np.ndarray], colour: np.ndarray) -> bool:
        """A dense line of text: the band's colour comes back within two lines."""
        return any(close(line, colour) >= share for line in following)

    top = band([a[i] for i in range(h)], h // 2) if "t" in sides else 0
    bottom = h - band([a[i] for i in range(h - 1, top - 1, -1)], (h - top) * 3 // 4) \
        if "b" in sides else h
    left = band([a[top:bottom, j] for j in range(w)], w // 3) if "l" in sides else 0
    right = w - band([a[top:bottom, j] for j in range(w - 1, left - 1, -1)],
                     (w - left) * 3 // 4) if "r" in sides else w
    if (top, bottom, left, right) == (0, h, 0, w):
        return None
    if (bottom - top) * (right - left) < 0.2 * h * w:
        return None  # nearly all of it is flat: no photo inside to look up
    sx, sy = img.width / w, img.height / h
    return (round(left * sx), round(top * sy), round(right * sx), round(bottom * sy))


def hash_image(data: bytes | Path | str, name: str = "image", *, variants: bool = True) -> Hashed:
    """Hash an image for storing (``variants=False``: as it is, its content box and its
    :data:`STORED_CROPS`) or for a query (as it is, its content box, and both mirrored).

    Storing the content box as well makes the cut consistent: flat sky or walls at an image's
    edge are cut the same way from the original and from its meme or screenshot."""
    return hash_loaded(load(data, name), variants=variants)


def hash_loaded(image: Image.Image, *, variants: bool = True) -> Hashed:
    """:func:`hash_image` for an image already opened with :func:`load`."""
    img = normalise(image)
    value = phash(img)
    grid = edge_grid(img)  # shared by every cut below
    box = content_box(img, grid=grid)
    boxed = img.crop(box) if box else None
    if not variants:
        w, h = img.size
        crops = tuple((name, phash(img.crop((round(a * w), round(b * h), round(c * w),
                                            round(d * h)))))
                      for name, (a, b, c, d) in STORED_CROPS)
        return Hashed(value, img.width, img.height,
                      content_box=phash(boxed) if boxed is not None else None, crops=crops)
    # a caption bar on one edge only, cut without touching the picture's own background
    cuts = {content_box(img, max_bands=n, sides=side, grid=grid)
            for n, side in ((1, "t"), (1, "b"), (2, "tb"), (2, "tblr"))} - {None, box}
    edge_cuts = tuple(phash(img.crop(c)) for c in sorted(c for c in cuts if c is not None))
    mirrored = ImageOps.mirror(img)
    return Hashed(value, img.width, img.height, edge_cuts=edge_cuts,
                  content_box=phash(boxed) if boxed is not None else None,
                  mirror=phash(mirrored),
                  mirror_box=phash(ImageOps.mirror(boxed)) if boxed is not None else None)


def distance(a: int, b: int) -> int:
    """Hamming distance of two 64-bit hashes."""
    return (a ^ b).bit_count()
