"""`make new`: creates an item folder with one file per language, the section's fields filled with
placeholders and explained in comments. New files are drafts, so nothing half-written is published."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ess_config.sections import SECTIONS

from ess_content import vocabulary as v
from ess_content.fields import KEY_PATTERN

TITLE = {"fr": "Titre à compléter", "de": "Titel ergänzen", "lb": "Titel ergänzen", "en": "Title to complete"}
BODY = {
    "fr": "Écrivez ici le texte en Markdown. Commencez les intertitres par `##`.\n",
    "de": "Schreiben Sie hier den Text in Markdown. Zwischentitel beginnen mit `##`.\n",
    "lb": "Schreift hei den Text a Markdown. Zwëschentitele fänke mat `##` un.\n",
    "en": "Write the text here in Markdown. Start subheadings with `##`.\n",
}


class ScaffoldError(Exception):
    pass


def _common(lang: str) -> list[str]:
    return [
        f'title: "{TITLE.get(lang, TITLE["en"])}"',
        "# summary: One or two sentences for lists, search results and feeds.",
        "# slug: address-in-this-language   (a-z, 0-9 and hyphens; made from the title when left out)",
        "# tags: [first tag, second tag]",
        "status: draft   # change to published (or delete this line) when the text is ready",
    ]


def _neutral(section: str, today: dt.date) -> list[str]:
    """Language-neutral fields: written once, in the first file; the other translations inherit them."""
    if section == "news":
        return [f"date: {today.isoformat()}   # publication date; a later date stays unpublished until then"]
    if section == "events":
        day = today + dt.timedelta(days=14)
        return [
            f"start: {day.isoformat()} 09:00   # or just the date for an all-day event",
            f"end: {day.isoformat()} 17:00",
            "# timezone: Europe/Luxembourg",
            "# city: Luxembourg",
            "# country: LU   (LU, FR, DE, BE, ...)",
            "# online_url: https://...   (online or hybrid events)",
            "# registration_url: https://...",
            "# organisers: [member-key]   (folder names under content/members/)",
            "# cancelled: true",
        ]
    if section == "resources":
        return [
            f"date: {today.isoformat()}   # publication date of the document",
            f"type: other   # one of: {', '.join(v.RESOURCE_TYPES)}",
            "url: https://www.example.org/   # the document's address, or replace by  file: name.pdf  (a file in this folder)",
            "# doc_languages: [fr, de]",
            "# publisher: Name of the publisher, or a member key",
        ]
    if section == "members":
        return [
            f"territory: luxembourg   # one of: {', '.join(v.TERRITORIES)}",
            f"kind: ess-enterprise   # one of: {', '.join(v.MEMBER_KINDS)}",
            f"# themes: [{v.THEMES[0]}]   (from: {', '.join(v.THEMES)})",
            f"# criteria: [{v.CRITERIA[0]}]   (from: {', '.join(v.CRITERIA)})",
            "# founded: 2018",
            "# website: https://...",
            "# email: contact@example.org",
            "# phone: +352 ...",
            "# city: Luxembourg",
            "# country: LU",
            "# geo: [49.61, 6.13]   (latitude, longitude)",
            "# logo: logo.svg   (a file in this folder)",
        ]
    if section == "pages":
        return ["# menu: 5   (puts the page in the main menu at that position)"]
    return []


def _per_language_extra(section: str) -> list[str]:
    return {
        "news": ["# author: Name"],
        "events": ["# venue: Name of the place", "# address: Street and number, postcode"],
        "members": ["# legal_form: asbl, SA, GmbH, ...", "# address: Street and number, postcode"],
    }.get(section, [])


def scaffold(
    content: Path, section: str, key: str, languages: list[str], declared: tuple[str, ...], today: dt.date | None = None
) -> list[Path]:
    """Writes one file per language of ``languages`` (each among the site's ``declared`` languages)."""
    problems = []
    if section not in SECTIONS:
        problems.append(f"unknown section '{section}': choose one of {', '.join(SECTIONS)}")
    if not KEY_PATTERN.match(key or ""):
        problems.append(f"the key '{key}' must use lower-case letters a-z, digits and hyphens, e.g. convention-2027")
    unknown = [lang for lang in languages if lang not in declared]
    if unknown or not languages:
        problems.append(f"languages must be among {', '.join(declared)} (got {', '.join(languages) or 'none'})")
    folder = Path(content) / section / key
    if not problems and os.path.lexists(folder):
        problems.append(f"{folder} already exists: choose another key, or edit the files that are there")
    if not problems and (Path(content) / section).is_symlink():  # would write outside content/
        problems.append(f"{Path(content) / section} is a symbolic link: content is made of real folders only")
    if problems:
        raise ScaffoldError("\n".join(problems))
    folder.mkdir(parents=True)
    today = today or dt.date.today()
    written = []
    ordered = [lang for lang in declared if lang in languages]
    for position, lang in enumerate(ordered):
        lines = ["---", *_common(lang), *_per_language_extra(section)]
        if position == 0:
            lines += _neutral(section, today)
        else:
            lines.append(f"# Dates, type and other shared fields are written in {ordered[0]}.md only.")
        lines += ["---", "", BODY.get(lang, BODY["en"])]
        path = folder / f"{lang}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    return written
