"""web.photos: only real JPEG/PNG photos pass, upright, re-encoded without metadata, stored atomically."""
from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.images import jpeg_bytes, noisy_jpeg, png_bomb, png_bytes, png_claiming
from web.photos import (FileTooLarge, NotAPhoto, PhotoDamaged, PhotoRefused, PhotoTooLarge, PhotoTooSmall, fit_size,
                        process_photo, remove_photo, save_photo, sweep_photos)

# web.photos turns this warning into an error for the process; pytest resets filters per test, so say it again.
pytestmark = pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")


def stored(photo_jpeg: bytes) -> Image.Image:
    """Return the processed bytes opened again."""
    image = Image.open(io.BytesIO(photo_jpeg))
    image.load()
    return image


def redness(image: Image.Image, x: float, y: float) -> int:
    """Return red minus blue at a point given as fractions of the size."""
    r, _, b = image.convert("RGB").getpixel((int(image.width * x), int(image.height * y)))
    return r - b


@pytest.mark.parametrize("data, source", [(jpeg_bytes(), "JPEG"), (png_bytes(), "PNG")])
def test_jpeg_and_png_become_jpeg(data: bytes, source: str) -> None:
    photo = process_photo(data)
    image = stored(photo.jpeg)
    assert image.format == "JPEG"
    assert (photo.source_format, image.size) == (source, (900, 1200))


def test_orientation_6_is_applied_and_exif_dropped() -> None:
    photo = process_photo(jpeg_bytes(1200, 900, orientation=6, icc=True))
    image = stored(photo.jpeg)
    assert image.size == (900, 1200)
    assert redness(image, 0.75, 0.25) > 100  # the red top-left corner turned to the top right
    assert redness(image, 0.25, 0.25) < -100
    assert "exif" not in image.info and not image.getexif()
    assert "icc_profile" not in image.info


def test_orientation_makes_a_landscape_file_tall_enough() -> None:
    photo = process_photo(jpeg_bytes(800, 600, orientation=8))
    assert (photo.width, photo.height) == (600, 800)


@pytest.mark.parametrize("data, size", [(jpeg_bytes(599, 800), (599, 800)), (png_bytes(600, 799), (600, 799)),
                                        (jpeg_bytes(800, 600), (800, 600)),
                                        (jpeg_bytes(600, 800, orientation=6), (800, 600))])
def test_too_small_says_the_size_found(data: bytes, size: tuple[int, int]) -> None:
    with pytest.raises(PhotoTooSmall) as refused:
        process_photo(data)
    assert (refused.value.width, refused.value.height) == size


def test_a_big_photo_is_scaled_down_keeping_its_shape() -> None:
    photo = process_photo(noisy_jpeg(4000, 3000))
    assert stored(photo.jpeg).size == (1600, 1200)
    assert (photo.source_width, photo.source_height) == (4000, 3000)


@pytest.mark.parametrize("data", [b"", b"hello, this is text", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
                                  b"GIF89a" + b"\0" * 200, b"<svg xmlns='http://www.w3.org/2000/svg'/>"])
def test_what_is_not_a_jpeg_or_png_is_refused(data: bytes) -> None:
    with pytest.raises(NotAPhoto):
        process_photo(data)


def test_other_image_formats_are_refused_by_content() -> None:
    out = io.BytesIO()
    Image.new("RGB", (900, 1200)).save(out, "GIF")
    with pytest.raises(NotAPhoto):
        process_photo(out.getvalue())


@pytest.mark.parametrize("data", [jpeg_bytes()[:4000], png_bytes()[:3000], noisy_jpeg(1000, 1400)[:-20000]])
def test_truncated_files_are_damaged(data: bytes) -> None:
    with pytest.raises(PhotoDamaged):
        process_photo(data)


def test_a_png_with_a_broken_checksum_is_damaged() -> None:
    data = bytearray(png_bytes())
    data[60] ^= 0xFF  # inside the first IDAT chunk's data
    with pytest.raises(PhotoDamaged):
        process_photo(bytes(data))


@pytest.mark.parametrize("data", [png_bomb(), png_claiming(20_000, 20_000), png_claiming(9_000, 9_000),
                                  png_claiming(6_000, 5_000)])
def test_decompression_bombs_are_refused_before_decoding(data: bytes) -> None:
    assert len(data) < 200_000
    with pytest.raises(PhotoTooLarge):
        process_photo(data)


def test_transparency_becomes_a_white_background() -> None:
    image = Image.new("RGBA", (600, 800), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    assert stored(process_photo(out.getvalue()).jpeg).getpixel((300, 400)) > (250, 250, 250)


@pytest.mark.parametrize("mode", ["L", "CMYK"])
def test_other_colour_modes_become_rgb(mode: str) -> None:
    assert stored(process_photo(jpeg_bytes(mode=mode)).jpeg).mode == "RGB"


def test_every_refusal_names_a_reason() -> None:
    reasons = {cls.reason for cls in (NotAPhoto, PhotoDamaged, PhotoTooLarge, PhotoTooSmall, FileTooLarge)}
    assert len(reasons) == 5 and PhotoRefused.reason not in reasons


@pytest.mark.parametrize("size, fitted", [((4000, 3000), (1600, 1200)), ((3000, 4000), (1200, 1600)),
                                          ((900, 1200), (900, 1200)), ((6000, 2000), (1600, 533))])
def test_fit_size(size: tuple[int, int], fitted: tuple[int, int]) -> None:
    assert fit_size(*size) == fitted


def test_save_photo_writes_a_new_name_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    photo = process_photo(jpeg_bytes())
    first = save_photo(photo, tmp_path / "photos", 7)
    second = save_photo(photo, tmp_path / "photos", 7)
    assert first != second and first.read_bytes() == photo.jpeg
    assert sorted(p.name for p in (tmp_path / "photos").iterdir()) == sorted([first.name, second.name])
    remove_photo(first)
    remove_photo(first)  # already gone: nothing to do
    assert [p.name for p in (tmp_path / "photos").iterdir()] == [second.name]


def test_sweep_removes_old_files_nobody_holds(tmp_path: Path) -> None:
    photo = process_photo(jpeg_bytes())
    held, orphan, fresh = (save_photo(photo, tmp_path, n) for n in (1, 2, 3))
    crashed = tmp_path / ".upload-x.tmp"
    crashed.write_bytes(b"half")
    for path in (held, orphan, crashed):
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    removed = sweep_photos(tmp_path, {str(held)})
    assert sorted(removed) == sorted([orphan, crashed])
    assert sorted(tmp_path.iterdir()) == sorted([held, fresh])
    assert sweep_photos(tmp_path / "absent", set()) == []
