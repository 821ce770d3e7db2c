"""`make new`: creates an item folder with one file per language, the section's fields filled with
placeholders and explained in comments. New files are drafts, so nothing half-written is published."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ess_config.sections import SECTIONS

from ess_content import vocabulary as v
from ess_content.fields import KEY_PATTERN
from ess_i18n.tools import Message, _t


class ScaffoldError(Exception):
    def __init__(self, problems: list[Message]):
        super().__init__(problems)
        self.problems = problems

    def report(self, lang: str | None = None) -> str:
        return "\n".join(problem.render(lang) for problem in self.problems)


def usage() -> Message:
    return _t(
        "usage: make new SECTION=%(sections)s KEY=my-item [LANGS=<comma-separated codes>]", sections="|".join(SECTIONS)
    )


def _line(lang: str, text: str, note: Message | None = None, *, comment: bool = False) -> str:
    """``text`` (a field as written) followed by ``note`` worded in the file's language."""
    if note is None:
        return f"# {text}" if comment else text
    if comment:
        return f"# {text}   ({note.render(lang)})"
    return f"{text}   # {note.render(lang)}"


def _common(lang: str) -> list[str]:
    return [
        'title: "' + _t("Title to complete").render(lang) + '"',
        "# summary: " + _t("One or two sentences for lists, search results and feeds.").render(lang),
        _line(
            lang,
            "slug: " + _t("address-in-this-language").render(lang),
            _t("a-z, 0-9 and hyphens; made from the title when left out"),
            comment=True,
        ),
        "# tags: " + _t("[first tag, second tag]").render(lang),
        _line(lang, "status: draft", _t("change to published (or delete this line) when the text is ready")),
    ]


def _neutral(section: str, today: dt.date, lang: str) -> list[str]:
    """Language-neutral fields: written once, in the first file; the other translations inherit them."""
    one_of = lambda options: _t("one of: %(values)s", values=", ".join(options))  # noqa: E731
    if section == "news":
        return [
            _line(lang, f"date: {today.isoformat()}", _t("publication date; a later date stays unpublished until then"))
        ]
    if section == "events":
        day = today + dt.timedelta(days=14)
        return [
            _line(lang, f"start: {day.isoformat()} 09:00", _t("or just the date for an all-day event")),
            f"end: {day.isoformat()} 17:00",
            "# timezone: Europe/Luxembourg",
            "# city: Luxembourg",
            "# city_name: Lëtzebuerg   (the city as this language writes it, when it differs)",
            "# country: LU   (LU, FR, DE, BE, ...)",
            _line(lang, "online_url: https://...", _t("online or hybrid events"), comment=True),
            "# registration_url: https://...",
            _line(lang, "organisers: [member-key]", _t("folder names under content/members/"), comment=True),
            "# cancelled: true",
        ]
    if section == "resources":
        return [
            _line(lang, f"date: {today.isoformat()}", _t("publication date of the document")),
            _line(lang, "type: other", one_of(v.RESOURCE_TYPES)),
            _line(
                lang,
                "url: https://www.example.org/",
                _t("the document's address, or replace by  file: name.pdf  (a file in this folder)"),
            ),
            "# doc_languages: [fr, de]",
            "# publisher: " + _t("Name of the publisher, or a member key").render(lang),
        ]
    if section == "members":
        return [
            _line(lang, "territory: luxembourg", one_of(v.TERRITORIES)),
            _line(lang, "kind: ess-enterprise", one_of(v.MEMBER_KINDS)),
            _line(lang, f"themes: [{v.THEMES[0]}]", _t("from: %(values)s", values=", ".join(v.THEMES)), comment=True),
            _line(
                lang, f"criteria: [{v.CRITERIA[0]}]", _t("from: %(values)s", values=", ".join(v.CRITERIA)), comment=True
            ),
            "# founded: 2018",
            "# website: https://...",
            "# email: contact@example.org",
            "# phone: +352 ...",
            "# city: Luxembourg",
            "# city_name: Lëtzebuerg   (the city as this language writes it, when it differs)",
            "# country: LU",
            _line(lang, "geo: [49.61, 6.13]", _t("latitude, longitude"), comment=True),
            _line(lang, "logo: logo.svg", _t("a file in this folder"), comment=True),
        ]
    if section == "pages":
        return [_line(lang, "menu: 5", _t("puts the page in the main menu at that position"), comment=True)]
    return []


def _per_language_extra(section: str, lang: str) -> list[str]:
    name, place, address = _t("Name"), _t("Name of the place"), _t("Street and number, postcode")
    return {
        "news": [f"# author: {name.render(lang)}"],
        "events": [f"# venue: {place.render(lang)}", f"# address: {address.render(lang)}"],
        "members": ["# legal_form: asbl, SA, GmbH, ...", f"# address: {address.render(lang)}"],
    }.get(section, [])


def scaffold(
    content: Path, section: str, key: str, languages: list[str], declared: tuple[str, ...], today: dt.date | None = None
) -> list[Path]:
    """Writes one file per language of ``languages`` (each among the site's ``declared`` languages)."""
    problems = []
    if section not in SECTIONS:
        problems.append(
            _t(
                "unknown section '%(section)s': choose one of %(sections)s",
                section=section,
                sections=", ".join(SECTIONS),
            )
        )
    if not KEY_PATTERN.match(key or ""):
        problems.append(
            _t("the key '%(key)s' must use lower-case letters a-z, digits and hyphens, e.g. convention-2027", key=key)
        )
    unknown = [lang for lang in languages if lang not in declared]
    if unknown or not languages:
        problems.append(
            _t(
                "languages must be among %(langs)s (got %(got)s)",
                langs=", ".join(declared),
                got=", ".join(languages) if languages else _t("none"),
            )
        )
    folder = Path(content) / section / key
    if not problems and os.path.lexists(folder):
        problems.append(
            _t("%(folder)s already exists: choose another key, or edit the files that are there", folder=str(folder))
        )
    if not problems and (Path(content) / section).is_symlink():  # would write outside content/
        problems.append(
            _t(
                "%(folder)s is a symbolic link: content is made of real folders only",
                folder=str(Path(content) / section),
            )
        )
    if problems:
        raise ScaffoldError(problems)
    folder.mkdir(parents=True)
    today = today or dt.date.today()
    written = []
    ordered = [lang for lang in declared if lang in languages]
    for position, lang in enumerate(ordered):
        lines = ["---", *_common(lang), *_per_language_extra(section, lang)]
        if position == 0:
            lines += _neutral(section, today, lang)
        else:
            shared = _t("Dates, type and other shared fields are written in %(file)s only.", file=f"{ordered[0]}.md")
            lines.append(f"# {shared.render(lang)}")
        body = _t("Write the text here in Markdown. Start subheadings with `##`.")
        lines += ["---", "", body.render(lang) + "\n"]
        path = folder / f"{lang}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    return written
