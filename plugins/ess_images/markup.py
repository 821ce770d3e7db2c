"""``<picture>`` markup for the theme: the lead image, logos, and the images of Markdown bodies.

Browsers pick the smallest copy that fills the width the layout gives (``sizes``, which the templates state
beside the CSS they describe) at the screen's density; ``width``/``height`` of the upright image reserve
the space (no layout shift). An item's lead image is loaded first (``fetchpriority="high"``); images further
down are loaded when scrolled near (``loading="lazy"``) and decoded off the main thread.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from markupsafe import Markup, escape

from .variants import ImageInfo, Variant

#: The fallback ``src`` for browsers that ignore srcset: the largest copy up to this width.
PLAIN_SRC_WIDTH = 1280
_IMG = re.compile(r"<img\b[^>]*>")
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"')


def _href(routes, item, variant: Variant) -> str:
    return routes.href(f"{routes.config.attachments_path}/{item.section}/{item.key}/{quote(variant.name)}")


def _loading(lead: bool) -> str:
    return ' fetchpriority="high" decoding="async"' if lead else ' loading="lazy" decoding="async"'


def _attributes(extra: dict[str, str]) -> str:
    return "".join(f' {name}="{escape(value)}"' for name, value in extra.items() if value)


def photo(routes, item, info: ImageInfo, alt: str, sizes: str, *, lead: bool = False, extra=None) -> Markup:
    """A photo at the width of its column, in every width it has, AVIF first."""

    def srcset(variants) -> str:
        return ", ".join(f"{_href(routes, item, v)} {v.width}w" for v in variants)

    fallback = info.photos(info.fallback)
    plain = [v for v in fallback if v.width <= PLAIN_SRC_WIDTH] or fallback[:1]
    largest = fallback[-1]
    return Markup(
        f'<picture><source type="image/avif" srcset="{escape(srcset(info.photos("avif")))}" sizes="{escape(sizes)}">'
        f'<img src="{escape(_href(routes, item, plain[-1]))}" srcset="{escape(srcset(fallback))}" '
        f'sizes="{escape(sizes)}" width="{largest.width}" height="{largest.height}" alt="{escape(alt)}"'
        f"{_attributes(extra or {})}{_loading(lead)}></picture>"
    )


def logo(routes, item, info: ImageInfo, alt: str, *, lead: bool = False) -> Markup:
    """A logo at its fixed display size, for screens of 1, 2 and 3 device pixels per CSS pixel."""

    def srcset(fmt: str, start: int = 0) -> str:
        return ", ".join(f"{_href(routes, item, v)} {density}x" for density, v in info.logos(fmt)[start:])

    width, height = info.logo_display
    first = info.logos(info.fallback)[0][1]
    denser = srcset(info.fallback, 1)  # the <img>'s src is its 1x candidate
    denser = f' srcset="{escape(denser)}"' if denser else ""  # none for a logo too small for 2x
    return Markup(
        f'<picture><source type="image/avif" srcset="{escape(srcset("avif"))}">'
        f'<img src="{escape(_href(routes, item, first))}"{denser} '
        f'width="{width}" height="{height}" alt="{escape(alt)}"{_loading(lead)}></picture>'
    )


def body_pictures(routes, item, fragment: str, sizes: str) -> str:
    """A sanitised body with each ``<img>`` of a raster attachment replaced by its ``<picture>`` (lazy: a body
    is below the lead). Other images (SVG drawings) are left for the link rewriting."""

    def replace(match: re.Match) -> str:
        attributes = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(0))}
        name = attributes.get("src", "").split("#", 1)[0].split("?", 1)[0]
        info = item.images.get(name)
        if info is None:
            return match.group(0)
        keep = {key: attributes[key] for key in ("title", "class", "id", "lang") if key in attributes}
        return photo(routes, item, info, attributes.get("alt", ""), sizes, extra=keep)

    return _IMG.sub(replace, fragment) if "<img" in fragment else fragment  # (the expression tries every '<')
