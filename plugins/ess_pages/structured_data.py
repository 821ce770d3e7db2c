"""JSON-LD (schema.org) and Open Graph metadata: items, and on each home page the cluster as
Organization with the WebSite and its SearchAction.

JSON is escaped for an HTML ``<script type="application/ld+json">`` data block: ``<``, ``>``, ``&``
and U+2028/U+2029 become ``\\uXXXX`` so no text can close the element or break a parser.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from ess_assets import static_output_path
from markupsafe import Markup

from ess_routes import PageKind

SCHEMA = "https://schema.org"
#: A raster logo (search engines take no SVG as a publisher's logo), square, at least 112 px.
LOGO = ("logo.png", 512, 512)


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


def _logo(site) -> dict:
    name, width, height = LOGO
    return {
        "@type": "ImageObject",
        "url": site.absolute(static_output_path(site, name)),
        "width": width,
        "height": height,
    }


def cluster(site, lang: str) -> dict:
    """The cluster as the publisher and default author of everything on the site."""
    home = site.absolute(site.routes.home_path(lang))
    return {
        "@type": "Organization",
        "@id": f"{home}#cluster",
        "name": site.translate(lang, "ESS Cluster Greater Region"),
        "url": home,
        "logo": _logo(site),
    }


def home_json_ld(page, site) -> dict:
    """The home page: the cluster, and the site in this language with its search (a SearchAction)."""
    lang, home = page.lang, site.absolute(page.path)
    search = site.absolute(site.routes.search_path(lang))
    website = {
        "@type": "WebSite",
        "@id": f"{home}#website",
        "name": site.translate(lang, "ESS Cluster Greater Region"),
        "url": home,
        "inLanguage": lang,
        "publisher": {"@id": f"{home}#cluster"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return {"@context": SCHEMA, "@graph": [cluster(site, lang), website]}


def json_ld(page, site) -> Markup | None:
    if page.kind == PageKind.HOME:
        return safe_json(home_json_ld(page, site))
    translation = page.translation
    if translation is None:
        return None
    item = translation.item
    url = site.absolute(page.path)
    base = {"@context": SCHEMA, "url": url, "inLanguage": page.lang, "name": translation.title}
    if translation.summary:
        base["description"] = translation.summary
    if item.neutral.get("image") in item.images:  # a raster image: its largest copy (search engines take no SVG)
        base["image"] = _attachment_url(site, item, item.neutral["image"])
    if item.section == "news":
        publisher = cluster(site, page.lang)
        published = _iso(item.moment("date"))
        data = {
            **base,
            "@type": "NewsArticle",
            "headline": translation.title[:110],
            "datePublished": published,
            "dateModified": published,  # the contract has no date of revision: a text is dated once
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "publisher": publisher,
            # `author` names a person; a text without one is the cluster's (its team)
            "author": {"@type": "Person", "name": translation.get("author")}
            if translation.get("author")
            else {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]},
        }
        data.setdefault("image", publisher["logo"]["url"])  # recommended: the cluster's logo without an image
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
        address = _postal_address(translation.get("address"), translation.city, neutral.get("country"))
        if address and set(address) - {"@type", "addressCountry"}:  # a country alone is no address
            data["address"] = address
        elif neutral.get("country"):
            data["areaServed"] = neutral["country"]
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
    physical = bool(venue or translation.city or translation.get("address"))
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
        place = {"@type": "Place", "name": venue or translation.city or translation.title}
        address = _postal_address(translation.get("address"), translation.city, neutral.get("country"))
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


def open_graph(page, site, description: str) -> list[tuple[str, str]]:
    """(property, content) pairs; og:locale:alternate for each other existing translation; ``description``:
    the page's meta_description (the template has it already)."""
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
    tags.append(("og:description", description))
    if page.translation is not None:
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
        url = site.absolute(static_output_path(site, name))
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
