"""JSON-LD (schema.org) and Open Graph metadata for item pages.

JSON is escaped for an HTML ``<script type="application/ld+json">`` data block: ``<``, ``>``, ``&``
and U+2028/U+2029 become ``\\uXXXX`` so no text can close the element or break a parser.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from markupsafe import Markup

SCHEMA = "https://schema.org"


def safe_json(data) -> Markup:
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)


def _iso(moment) -> str:
    return moment.isoformat()


def _organisation(site, entry) -> dict:
    member = entry.item
    data = {
        "@type": "Organization",
        "name": entry.shown.title,
        "url": site.absolute(entry.path),
    }
    if member.neutral.get("website"):
        data["sameAs"] = member.neutral["website"]
    return data


def _attachment_url(site, item, name: str) -> str:
    return site.absolute(site.routes.attachment_path(item, name))


def json_ld(page, site) -> Markup | None:
    translation = page.translation
    if translation is None:
        return None
    item = translation.item
    url = site.absolute(page.path)
    site_name = site.translate(page.lang, "ESS Cluster Greater Region")
    base = {"@context": SCHEMA, "url": url, "inLanguage": page.lang, "name": translation.title}
    if translation.summary:
        base["description"] = translation.summary
    if item.neutral.get("image") in item.images:  # a raster image: its largest copy (search engines take no SVG)
        base["image"] = _attachment_url(site, item, item.neutral["image"])
    if item.section == "news":
        data = {
            **base,
            "@type": "NewsArticle",
            "headline": translation.title[:110],
            "datePublished": _iso(item.moment("date")),
            "publisher": {"@type": "Organization", "name": site_name, "url": site.absolute("")},
            "author": {"@type": "Person", "name": translation.get("author")}
            if translation.get("author")
            else {"@type": "Organization", "name": site_name},
        }
        if translation.tags:
            data["keywords"] = ", ".join(translation.tags)
        return safe_json(data)
    if item.section == "events":
        return safe_json(event_json_ld(site, item, translation, base))
    if item.section == "members":
        data = {**base, "@type": "Organization"}
        neutral = item.neutral
        for field, key in (("website", "sameAs"), ("email", "email"), ("phone", "telephone")):
            if neutral.get(field):
                data[key] = neutral[field]
        if neutral.get("founded"):
            data["foundingDate"] = str(neutral["founded"])
        if neutral.get("logo"):
            data["logo"] = _attachment_url(site, item, neutral["logo"])
        address = _postal_address(translation.get("address"), neutral.get("city"), neutral.get("country"))
        if address:
            data["address"] = address
        if neutral.get("geo"):
            data["location"] = {
                "@type": "Place",
                "geo": {"@type": "GeoCoordinates", "latitude": neutral["geo"][0], "longitude": neutral["geo"][1]},
            }
        return safe_json(data)
    if item.section == "resources":
        data = {**base, "@type": "CreativeWork", "datePublished": _iso(item.moment("date"))}
        if item.neutral.get("doc_languages"):
            data["inLanguage"] = list(item.neutral["doc_languages"])
        return safe_json(data)
    return safe_json({**base, "@type": "WebPage"})


def _postal_address(street, city, country) -> dict | None:
    if not (street or city or country):
        return None
    address = {"@type": "PostalAddress"}
    if street:
        address["streetAddress"] = street
    if city:
        address["addressLocality"] = city
    if country:
        address["addressCountry"] = country
    return address


def event_json_ld(site, item, translation, base) -> dict:
    neutral = item.neutral
    online, venue = neutral.get("online_url"), translation.get("venue")
    physical = bool(venue or neutral.get("city") or translation.get("address"))
    mode = "Mixed" if online and physical else "Online" if online else "Offline"
    data = {
        **base,
        "@type": "Event",
        "startDate": _start_or_date(item, "start"),
        "eventStatus": f"{SCHEMA}/EventCancelled" if neutral.get("cancelled") else f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}/{mode}EventAttendanceMode",
    }
    if neutral.get("end"):
        data["endDate"] = _start_or_date(item, "end")
    locations = []
    if physical or not online:
        place = {"@type": "Place", "name": venue or neutral.get("city") or translation.title}
        address = _postal_address(translation.get("address"), neutral.get("city"), neutral.get("country"))
        if address:
            place["address"] = address
        locations.append(place)
    if online:
        locations.append({"@type": "VirtualLocation", "url": online})
    data["location"] = locations[0] if len(locations) == 1 else locations
    organisers = site.routes.references(item, "organisers", translation.lang)
    if organisers:
        data["organizer"] = [_organisation(site, entry) for entry in organisers]
    if neutral.get("registration_url"):
        data["offers"] = {"@type": "Offer", "url": neutral["registration_url"]}
    return data


def _start_or_date(item, field: str) -> str:
    value = item.neutral[field]
    return _iso(item.moment(field)) if item.is_timed else value.isoformat()


def open_graph(page, site) -> list[tuple[str, str]]:
    """(property, content) pairs; og:locale:alternate for each other existing translation."""
    lang = page.lang
    title = page.translation.title if page.translation else site.translate(lang, "ESS Cluster Greater Region")
    tags = [
        ("og:site_name", site.translate(lang, "ESS Cluster Greater Region")),
        ("og:title", title),
        ("og:type", "article" if page.translation and page.translation.section == "news" else "website"),
        ("og:url", site.absolute(page.path)),
        ("og:locale", site.config.locale(lang)),
    ]
    for alternate in page.alternates:
        if alternate.hreflang not in ("x-default", lang):
            tags.append(("og:locale:alternate", site.config.locale(alternate.hreflang)))
    if page.translation is not None:
        if page.translation.summary:
            tags.append(("og:description", page.translation.summary))
        item = page.translation.item
        if item.section == "news":
            tags.append(("article:published_time", _iso(item.moment("date"))))
    return tags + link_preview(page, site)


#: The site's own card (theme/static/): for pages of items without a raster image, never an SVG.
DEFAULT_CARD = ("card.png", 1200, 630)


def link_preview(page, site) -> list[tuple[str, str]]:
    """og:image and its size and alternative text: the item's card (its image cropped to 1200 × 630, or its
    logo on white, made by ess_images), else the site's card."""
    translation = page.translation
    item = translation.item if translation is not None else None
    card = next((info for info in (item.images.values() if item else ()) if info.card), None)
    if card is None:
        name, width, height = DEFAULT_CARD
        url = site.absolute(f"{site.settings.get('THEME_STATIC_DIR', 'theme')}/{name}")
        alt = site.translate(page.lang, "ESS Cluster Greater Region")
        media_type = "image/png"
    else:
        variant = card.card_variant
        url = site.absolute(f"{site.config.attachments_path}/{item.section}/{item.key}/{quote(variant.name)}")
        width, height, media_type = variant.width, variant.height, variant.media_type
        if card.card == "cover":
            alt = translation.get("image_alt")
        else:
            alt = site.translate(page.lang, "Logo of %(name)s", name=translation.title)
    return [
        ("og:image", url),
        ("og:image:type", media_type),
        ("og:image:width", str(width)),
        ("og:image:height", str(height)),
        ("og:image:alt", alt),
    ]
