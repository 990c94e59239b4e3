"""Test images built on the spot: phone-like JPEGs, PNGs, rotated EXIF, damaged files and decompression bombs."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

ORIENTATION = 0x0112
MAKE = 0x010F


def picture(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """Return an image whose top-left quarter is red and the rest blue (so orientation can be checked)."""
    image = Image.new(mode, (width, height), "blue" if mode != "L" else 200)
    image.paste("red" if mode != "L" else 50, (0, 0, width // 2, height // 2))
    return image


def jpeg_bytes(width: int = 900, height: int = 1200, orientation: int | None = None, icc: bool = False,
               mode: str = "RGB") -> bytes:
    """Return a JPEG, optionally carrying an EXIF orientation, a camera make and an ICC profile."""
    exif = Image.Exif()
    exif[MAKE] = "TestPhone"
    if orientation:
        exif[ORIENTATION] = orientation
    extra = {"icc_profile": b"\0" * 128} if icc else {}
    out = io.BytesIO()
    picture(width, height, mode).save(out, "JPEG", quality=90, exif=exif.tobytes(), **extra)
    return out.getvalue()


def png_bytes(width: int = 900, height: int = 1200, mode: str = "RGB") -> bytes:
    """Return a PNG of the given size and mode."""
    out = io.BytesIO()
    picture(width, height, mode if mode in ("RGB", "L") else "RGB").convert(mode).save(out, "PNG")
    return out.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    """Return one PNG chunk with its CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims width × height (its pixel data is short: a bomb's header)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def png_bomb() -> bytes:
    """Return a real decompression bomb: 144 megapixels of one colour in a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, "PNG", optimize=True)
    return out.getvalue()


def noisy_jpeg(width: int, height: int, quality: int = 92) -> bytes:
    """Return a JPEG of random noise blended with a gradient: about the size a phone camera writes."""
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    Image.blend(noise, gradient, 0.5).save(out, "JPEG", quality=quality)
    return out.getvalue()
