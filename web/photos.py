"""Badge photos: check an upload is a real JPEG or PNG, orient it, re-encode it without metadata, store it."""
from __future__ import annotations

import io
import os
import secrets
import struct
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

MIN_SIZE = (600, 800)          # width × height a badge photo needs, after EXIF orientation
MAX_SIDES = (1200, 1600)       # short × long side of the stored photo
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)  # Pillow raises all of these
MAX_JPEG_PIXELS = 64_000_000   # a 48-50 MP phone photo passes; draft() decodes it at 1/4 or 1/8
MAX_PNG_PIXELS = 25_000_000    # PNG cannot be scaled on decode: about 100 MB as RGBA
QUALITY = 85
SWAPPING_ORIENTATIONS = (5, 6, 7, 8)

# Pillow's own bomb check runs in Image.open(): past MAX_IMAGE_PIXELS it warns, past twice that it raises.
# Turn the warning into an error once, for the whole process (warnings.catch_warnings is not thread-safe).
Image.MAX_IMAGE_PIXELS = MAX_JPEG_PIXELS
warnings.simplefilter("error", Image.DecompressionBombWarning)


class PhotoRefused(Exception):
    """An upload cannot be used as a badge photo; reason names why for the participant."""

    reason = "refused"


class NotAPhoto(PhotoRefused):
    """The upload is not a JPEG or PNG image (whatever its name or declared type)."""

    reason = "not_photo"


class PhotoDamaged(PhotoRefused):
    """The upload starts like a JPEG or PNG but cannot be decoded (truncated or corrupt)."""

    reason = "damaged"


class PhotoTooLarge(PhotoRefused):
    """The image has more pixels than we decode (a decompression bomb, or a huge scan); width × height if known."""

    reason = "too_many_pixels"

    def __init__(self, detail: str, width: int = 0, height: int = 0) -> None:
        super().__init__(detail)
        self.width = width
        self.height = height


class FileTooLarge(PhotoRefused):
    """The uploaded file has more bytes than we accept."""

    reason = "too_large"


class PhotoTooSmall(PhotoRefused):
    """The photo, once upright, is below the minimum size; width and height say what was found."""

    reason = "too_small"

    def __init__(self, width: int, height: int) -> None:
        super().__init__(f"photo is {width} x {height} pixels, below {MIN_SIZE[0]} x {MIN_SIZE[1]}")
        self.width = width
        self.height = height


@dataclass
class Photo:
    """A processed photo: JPEG bytes without metadata, and what it was made from."""

    jpeg: bytes
    width: int
    height: int
    source_format: str
    source_width: int
    source_height: int


def fit_size(width: int, height: int, sides: tuple[int, int] = MAX_SIDES) -> tuple[int, int]:
    """Return the size width × height scales down to so that its short and long sides fit sides."""
    short, long = sides
    box = (short, long) if width <= height else (long, short)
    ratio = min(1.0, box[0] / width, box[1] / height)
    return max(1, round(width * ratio)), max(1, round(height * ratio))


def upright_size(image: Image.Image) -> tuple[int, int]:
    """Return an opened image's size once its EXIF orientation is applied."""
    try:
        orientation = image.getexif().get(0x0112)
    except Exception:  # a broken EXIF block must not refuse an otherwise good photo
        orientation = None
    width, height = image.size
    return (height, width) if orientation in SWAPPING_ORIENTATIONS else (width, height)


def open_image(data: bytes) -> Image.Image:
    """Open data as a JPEG or PNG (by content) and check its structure.

    Raises NotAPhoto, PhotoDamaged or PhotoTooLarge.
    """
    try:
        probe = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
        probe.verify()  # PNG: chunk CRCs; JPEG: little, load() finds the rest
        image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise PhotoTooLarge(str(e)) from e
    except Image.UnidentifiedImageError as e:
        raise NotAPhoto(str(e)) from e
    except DECODE_ERRORS as e:
        raise PhotoDamaged(str(e)) from e
    limit = MAX_PNG_PIXELS if image.format == "PNG" else MAX_JPEG_PIXELS
    if image.width * image.height > limit:
        raise PhotoTooLarge(f"{image.width} x {image.height} pixels", image.width, image.height)
    return image


def flatten(image: Image.Image) -> Image.Image:
    """Return image as RGB, any transparency laid on white (a light background, not black)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def process_photo(data: bytes) -> Photo:
    """Return data as an upright JPEG badge photo without metadata, at most MAX_SIDES.

    Raises NotAPhoto, PhotoDamaged, PhotoTooLarge or PhotoTooSmall.
    """
    image = open_image(data)
    source = (image.format, *image.size)
    width, height = upright_size(image)
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise PhotoTooSmall(width, height)
    target = fit_size(*image.size)
    try:
        if image.format == "JPEG":
            image.draft("RGB", target)  # libjpeg decodes at 1/2, 1/4 or 1/8: less time and memory
        image.load()
        image = flatten(ImageOps.exif_transpose(image))
        image.thumbnail(fit_size(*image.size), Image.Resampling.LANCZOS, reducing_gap=None)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=QUALITY)  # no exif=, no icc_profile=: nothing of the original kept
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise PhotoTooLarge(str(e)) from e
    except DECODE_ERRORS as e:
        raise PhotoDamaged(str(e)) from e
    return Photo(out.getvalue(), image.width, image.height, *source)


def save_photo(photo: Photo, photos_dir: str | Path, participant_id: int) -> Path:
    """Write a photo atomically under a new generated name in photos_dir and return its path."""
    folder = Path(photos_dir)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = folder / f"p{participant_id}-{secrets.token_hex(12)}.jpg"
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(photo.jpeg)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, final)
    except BaseException:
        remove_photo(temp)
        raise
    return final


def remove_photo(path: str | Path | None) -> None:
    """Delete a stored photo file if it is there."""
    if path:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def sweep_photos(photos_dir: str | Path, keep: set[str], min_age: float = 3600.0) -> list[Path]:
    """Delete files in photos_dir that no participant holds (left by a crash or a purge); return them.

    Files younger than min_age seconds are left alone: an upload may be between its write and its commit.
    """
    folder = Path(photos_dir)
    if not folder.is_dir():
        return []
    kept = {str(Path(p).resolve()) for p in keep}
    cutoff = time.time() - min_age
    removed = []
    for path in folder.iterdir():
        if path.is_file() and str(path.resolve()) not in kept and path.stat().st_mtime < cutoff:
            remove_photo(path)
            removed.append(path)
    return removed
