"""What is published for each raster image: its resized copies (variants), named and sized, as pure data.

A phone photo is 4000 × 3000 pixels and 5-8 MB; a page shows it at most 48rem wide. Each raster image is
published as copies of the widths below (never wider than the original, never longer than
``LONGEST_SIDE`` on either side) in AVIF, which every current browser decodes, with a JPEG fallback (PNG
for images with transparency); the file the editor committed is not published unless the item asks for
its full-size copy (``image_original: true``), and even then without its metadata.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Widths (pixels) offered to browsers in srcset; 320 serves small phones, 2560 large high-density screens.
PHOTO_WIDTHS = (320, 640, 960, 1280, 1920, 2560)
#: Nothing published is longer than this on its longest side (except a full-size copy an item asks for).
LONGEST_SIDE = 2560
#: A width within this share of the largest one is left out (960 beside a 1000 px original adds nothing).
CLOSE_TO_LARGEST = 0.85
#: The theme shows a logo inside a square of this many CSS pixels (.logo img in site.css).
LOGO_BOX = 120
#: Copies of a logo for screens of 1, 2 and 3 device pixels per CSS pixel.
LOGO_DENSITIES = (1, 2, 3)
#: Link previews (Open Graph) and search engines' cards: 1.91:1, the size Facebook, LinkedIn and Mastodon ask for.
CARD_SIZE = (1200, 630)

MEDIA_TYPES = {"avif": "image/avif", "jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class Variant:
    """One published file made from an image."""

    name: str  # file name beside the item's other attachments
    width: int
    height: int
    format: str  # "avif", "jpg" or "png"
    kind: str  # "photo" (srcset widths), "logo" (densities), "card" (Open Graph), "full" (full-size copy)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


@dataclass(frozen=True)
class ImageInfo:
    """A raster attachment as the image stage found it: its upright size and what it is published as."""

    name: str  # the attachment's file name
    digest: str  # of the file's bytes
    width: int  # upright (EXIF orientation applied)
    height: int
    alpha: bool  # has transparency: the fallback is PNG, not JPEG
    logo: bool = False  # named by a member's `logo`
    card: str = ""  # the item's link-preview image: "cover" (its `image`, cropped), "contain" (its `logo`, whole)
    original: bool = False  # the item offers the full-size copy (`image_original: true`)

    @property
    def fallback(self) -> str:
        return "png" if self.alpha else "jpg"

    def _name(self, label: str, extension: str) -> str:
        return f"{self.name}.{label}.{extension}"

    def photo_widths(self) -> tuple[int, ...]:
        largest = min(self.width, LONGEST_SIDE * self.width // max(self.width, self.height))
        smaller = tuple(w for w in PHOTO_WIDTHS if w < largest * CLOSE_TO_LARGEST)
        return (*smaller, largest)

    def _height(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))

    def photos(self, format: str) -> tuple[Variant, ...]:
        return tuple(
            Variant(self._name(f"{w}w", format), w, self._height(w), format, "photo") for w in self.photo_widths()
        )

    @property
    def logo_display(self) -> tuple[int, int]:
        """The CSS size a logo is shown at: inside the LOGO_BOX square, its proportions kept."""
        scale = LOGO_BOX / max(self.width, self.height)
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))

    def logos(self, format: str) -> tuple[tuple[int, Variant], ...]:
        """(density, variant) pairs; a density the original is too small for is left out (never enlarged)."""
        shown, found = self.logo_display[0], []
        for density in LOGO_DENSITIES:
            width = shown * density
            if width > self.width and found:
                break
            width = min(width, self.width)
            found.append(
                (density, Variant(self._name(f"{width}w", format), width, self._height(width), format, "logo"))
            )
        return tuple(found)

    @property
    def card_variant(self) -> Variant:
        return Variant(self._name("card", "jpg"), *CARD_SIZE, "jpg", "card")

    @property
    def full_variant(self) -> Variant:
        return Variant(self._name("full", self.fallback), self.width, self.height, self.fallback, "full")

    @property
    def largest(self) -> Variant:
        return self.photos(self.fallback)[-1]

    @property
    def published_name(self) -> str:
        """What a link to the attachment points at: the full-size copy when offered, else the largest copy."""
        return self.full_variant.name if self.original else self.largest.name

    def variants(self) -> tuple[Variant, ...]:
        """Every file published for this image (each name once)."""
        found = [*self.photos("avif"), *self.photos(self.fallback)]
        if self.logo:
            found += [variant for fmt in ("avif", self.fallback) for _density, variant in self.logos(fmt)]
        if self.card:
            found.append(self.card_variant)
        if self.original:
            found.append(self.full_variant)
        return tuple({variant.name: variant for variant in found}.values())
