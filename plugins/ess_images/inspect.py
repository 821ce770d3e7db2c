"""The image stage of ess_pipeline: every raster attachment read once and checked (the build and
``make check`` report the same problems), its upright size noted on the item (``Item.images``).

A file that is not a readable image, is cut short, is of a format browsers do not show, or claims more
pixels than ``MAX_PIXELS`` (a decompression bomb: a few kilobytes that would take gigabytes to open) is a
contract problem naming the file and the field that shows it (HEIC photos from iPhones are refused
earlier, by the attachment types of ess_content.attachments).
What was found is kept by the file's digest in the cache folder, so a later build or check does not
decode the same file again.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from ess_content.errors import ProblemList, display_path
from ess_content.markdown_render import image_sources
from ess_i18n.tools import _t

from .variants import LOGO_BOX, ImageInfo

#: Extensions of the raster images the site publishes as resized copies (SVG drawings are published as they are).
RASTER_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif", "avif")
#: Formats Pillow may find in such a file (a .png that is really a JPEG is read as what it is).
RASTER_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF", "AVIF"}
#: 100 megapixels: every phone's full-resolution photo (48 MP modes included) is below; a file claiming more
#: is refused before it is decoded.
MAX_PIXELS = 100_000_000
#: Bump when what is recorded per file changes (the cached findings are then read again).
INFO_VERSION = 1
_ORIENTATION = 0x0112

Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard, at the same limit
ImageFile.LOAD_TRUNCATED_IMAGES = False


class ImageFileError(Exception):
    """Why a file cannot be published as an image (a sentence for editors)."""


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def is_raster(name: str) -> bool:
    return extension(name) in RASTER_EXTENSIONS


def file_digest(path: Path) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as source:
        while chunk := source.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()


def read_image(path: Path) -> dict:
    """Upright width and height and transparency of an image file; raises ImageFileError.

    The whole file is decoded (JPEG at an eighth of its size, which still reads every byte) so that a file
    cut short is found now, not while its copies are made."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in RASTER_FORMATS:
                    raise ImageFileError(
                        _t(
                            "is a %(format)s image, which browsers do not show; save it as JPEG or PNG",
                            format=image.format,
                        )
                    )
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise _bomb(width, height)
                orientation = image.getexif().get(_ORIENTATION, 1)
                if image.format in ("JPEG", "MPO"):
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
                alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
                    image.mode in ("P", "L", "RGB") and "transparency" in image.info
                )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(*_claimed_size(path)) from None
    except UnidentifiedImageError:
        raise ImageFileError(_unreadable()) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        detail = str(exc) or type(exc).__name__
        raise ImageFileError(
            _t(
                "the image cannot be read to the end (%(detail)s); it is probably damaged or was not copied "
                "completely: export or copy it again",
                detail=detail,
            )
        ) from None
    if orientation in (5, 6, 7, 8):  # turned a quarter: the upright image is the other way round
        width, height = height, width
    return {"width": width, "height": height, "alpha": alpha}


def _claimed_size(path: Path) -> tuple[int, int]:
    try:
        with Image.open(path) as image:  # the header only
            return image.size
    except Exception:  # noqa: BLE001 - only for the message
        return (0, 0)


def _bomb(width: int, height: int) -> ImageFileError:
    return ImageFileError(
        _t(
            "claims %(width)s × %(height)s pixels, more than the %(limit)s megapixels an image may have (a phone "
            "photo has 12 to 48): reduce it before adding it",
            width=width,
            height=height,
            limit=MAX_PIXELS // 1_000_000,
        )
    )


def _unreadable() -> str:
    return _t("is not an image the site can publish (readable JPEG, PNG, WebP, GIF or AVIF expected)")


class ImageCache:
    """What was found in each file, by its digest (a JSON file per digest in ``folder``; none: no cache)."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, digest: str) -> Path | None:
        return None if self.folder is None else self.folder / "info" / f"{digest}.json"

    def get(self, digest: str) -> dict | None:
        path = self._path(digest)
        try:
            found = json.loads(path.read_text()) if path is not None else None
        except (OSError, ValueError):
            return None
        return found if isinstance(found, dict) and found.get("version") == INFO_VERSION else None

    def put(self, digest: str, found: dict) -> None:
        path = self._path(digest)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps({**found, "version": INFO_VERSION}))
        os.replace(temporary, path)


def inspect_tree(tree, cache_folder: Path | None = None) -> tuple[ProblemList, list[str]]:
    """Reads every raster attachment of every item; sets ``item.images``. Returns problems and warnings."""
    problems, notes = ProblemList(), []
    cache = ImageCache(cache_folder)
    for item in tree.all_items():
        item.images = {}
        shown = _shown_by(item)
        for name in item.attachments:
            uses = shown.get(name, [])
            if not is_raster(name):
                for translation, field in uses:
                    if extension(name) != "svg":
                        problems.add(
                            translation.path,
                            f"'{name}' {_unreadable()}",
                            line=translation.line_of(field) if field != "body" else None,
                            field=field,
                        )
                continue
            path = item.folder / name
            digest = file_digest(path)
            found = cache.get(digest)
            if found is None:
                try:
                    found = read_image(path)
                except ImageFileError as problem:
                    for translation, field in uses or [(None, None)]:
                        where = translation.path if translation is not None else path
                        line = translation.line_of(field) if translation is not None and field != "body" else None
                        message = str(problem) if translation is None else f"'{name}' {problem}"
                        problems.add(where, message, line=line, field=field)
                    continue
                cache.put(digest, found)
            neutral = item._neutral
            info = ImageInfo(
                name=name,
                digest=digest,
                width=found["width"],
                height=found["height"],
                alpha=found["alpha"],
                logo=neutral.get("logo") == name,
                card=_card(neutral, name),
                original=bool(neutral.get("image_original")),
            )
            item.images[name] = info
            if info.logo and max(info.width, info.height) < 2 * LOGO_BOX:
                notes.append(
                    _t(
                        "%(path)s: field '%(field)s': the logo is %(width)s × %(height)s pixels; the page shows it "
                        "%(shown)s pixels wide, which takes %(needed)s on phones and high-density screens: it will look "
                        "blurred (ask the member for a larger file, at least %(needed)s pixels)",
                        path=display_path(path),
                        field="logo",
                        width=info.width,
                        height=info.height,
                        shown=LOGO_BOX,
                        needed=2 * LOGO_BOX,
                    )
                )
    return problems, notes


def _card(neutral: dict, name: str) -> str:
    if "image" in neutral:
        return "cover" if neutral["image"] == name else ""
    return "contain" if neutral.get("logo") == name else ""


def _shown_by(item) -> dict[str, list[tuple[object, str]]]:
    """attachment name → (translation, field) of each place that shows it as a picture."""
    shown: dict[str, list] = {}
    for translation in item._translations.values():
        for field in ("image", "logo"):
            name = item._neutral.get(field)
            if name is not None and field in translation.lines:
                shown.setdefault(name, []).append((translation, field))
        for source in image_sources(translation._html):
            name = source.split("#", 1)[0].split("?", 1)[0]
            if name in item.attachments:
                shown.setdefault(name, []).append((translation, "body"))
    return shown
