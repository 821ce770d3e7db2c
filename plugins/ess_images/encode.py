"""Making the copies: upright, sRGB, resized, without any metadata, kept in the cache by what made them.

Each copy's file in the cache is named by a digest of the source file's digest, the copy's size and
format, the encoder settings and Pillow's version: a later build (or another output folder) finds it there
and encodes nothing. Images are encoded on two processes (one per core), each image by one process (it is
decoded once for all its copies).
"""

from __future__ import annotations

import io
import multiprocessing
import os
from pathlib import Path

import PIL
from PIL import Image, ImageCms, ImageOps

from ess_content.cache_files import value_digest
from ess_content.children import can_fork

from .variants import ImageInfo, Variant

PROCESSES = 2
#: AVIF at quality 55 weighs about 55 % of JPEG at 80 for a photo (measured on bench/images.py's photos:
#: 88 kB against 157 kB at 960 px). Speed 9 of 10 encodes a 2560 px copy in about 1 s where speed 8 takes 3 s,
#: for 1-3 % more bytes on photos (9 and 10 give the same file with libaom). One thread per encoder: the pool
#: already keeps both cores busy, and one thread is deterministic.
SETTINGS = {
    "avif": {"quality": 55, "speed": 9, "max_threads": 1, "subsampling": "4:2:0"},
    "jpg": {"quality": 80, "optimize": True, "progressive": True},
    "png": {"optimize": True},
    "card": {"quality": 85, "optimize": True, "progressive": True},
    "full": {"quality": 92, "optimize": True},
}
_PIL_FORMATS = {"avif": "AVIF", "jpg": "JPEG", "png": "PNG"}
_SRGB = None


def cache_key(info: ImageInfo, variant: Variant) -> str:
    settings = SETTINGS.get(variant.kind, SETTINGS[variant.format])
    return value_digest(
        (
            info.digest,
            variant.width,
            variant.height,
            variant.format,
            variant.kind,
            sorted(settings.items()),
            PIL.__version__,
        )
    )


def cache_file(folder: Path, info: ImageInfo, variant: Variant) -> Path:
    key = cache_key(info, variant)
    return folder / "variants" / key[:2] / f"{key}.{variant.format}"


def upright(path: Path) -> Image.Image:
    """The image as a viewer shows it: EXIF orientation applied, colours in sRGB, RGB or RGBA, no metadata."""
    with Image.open(path) as opened:
        opened.load()
        image = ImageOps.exif_transpose(opened)
    icc = image.info.get("icc_profile")
    alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    if image.mode == "P" or "transparency" in image.info:
        image = image.convert("RGBA" if alpha else "RGB")
    if icc:
        global _SRGB
        _SRGB = _SRGB or ImageCms.createProfile("sRGB")
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if image.mode in ("RGBA", "LA") else "RGB"
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unusable profile: the pixels are taken as sRGB
    target = "RGBA" if alpha else "RGB"
    if image.mode != target:
        image = image.convert(target)
    image.info = {}  # EXIF (GPS, camera serial), XMP, comments, ICC: none of it is published
    return image


def _card(image: Image.Image, variant: Variant, contain: bool) -> Image.Image:
    size = (variant.width, variant.height)
    if not contain:
        return ImageOps.fit(image.convert("RGB"), size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    # a logo: whole, centred on white, with a margin of a sixth of the card's height
    margin = variant.height // 6
    logo = ImageOps.contain(image, (size[0] - 2 * margin, size[1] - 2 * margin), Image.Resampling.LANCZOS)
    card = Image.new("RGB", size, (255, 255, 255))
    position = ((size[0] - logo.width) // 2, (size[1] - logo.height) // 2)
    card.paste(logo, position, logo if logo.mode == "RGBA" else None)
    return card


def _render(image: Image.Image, info: ImageInfo, variant: Variant) -> Image.Image:
    if variant.kind == "card":
        return _card(image, variant, contain=info.card == "contain")
    if (variant.width, variant.height) == image.size:
        return image
    return image.resize((variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _save(image: Image.Image, variant: Variant, target: Path) -> None:
    settings = SETTINGS.get(variant.kind, SETTINGS[variant.format])
    if variant.format == "jpg" and image.mode != "RGB":
        image = image.convert("RGB")
    image.info = {}
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    image.save(temporary, _PIL_FORMATS[variant.format], **settings)
    os.replace(temporary, target)


def encode_image(task: tuple[Path, ImageInfo, tuple[Variant, ...], Path]) -> int:
    """Writes the missing copies of one image into the cache; returns how many were encoded."""
    path, info, variants, folder = task
    image = upright(path)
    for variant in sorted(variants, key=lambda v: -v.width):
        _save(_render(image, info, variant), variant, cache_file(folder, info, variant))
    return len(variants)


def encode_missing(tasks: list[tuple[Path, ImageInfo, tuple[Variant, ...], Path]]) -> int:
    """Encodes every task's copies, on PROCESSES processes when there is more than one image."""
    tasks = [task for task in tasks if task[2]]
    if len(tasks) > 1 and can_fork():
        with multiprocessing.get_context("fork").Pool(min(PROCESSES, len(tasks))) as pool:
            return sum(pool.imap_unordered(encode_image, tasks))
    return sum(encode_image(task) for task in tasks)
