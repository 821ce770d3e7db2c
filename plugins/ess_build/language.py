"""`make language CODE=xx`: declares a new language in the site's settings and creates its catalogs.

Writes one entry into ``LANGUAGES`` in pelicanconf.py (locale and native name from Babel, the section
paths to translate, a fallback order, lunr-languages' stemmer where one exists for the code, else the
folding pipeline), ``translations/<code>/LC_MESSAGES/messages.po`` from ``messages.pot`` and ``tools.po``
(the tools' messages, English until translated) from ``tools.pot``. Nothing under plugins/ or theme/
changes: every layer reads the declaration.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import sys
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po, write_po
from ess_config.languages import PATH_KEYS, SECTIONS_AND_EXTRA_DEFAULTS, babel_locale, native_name

from ess_i18n.tools import _t

#: lunr-languages files that need a word segmenter the site does not ship (Japanese, Thai, Chinese)
_NEEDS_SEGMENTER = re.compile(r"TinySegmenter|wordcut|nodejieba|segmenter", re.IGNORECASE)


class LanguageError(Exception):
    pass


def add_language(code: str, site: Path, project_root: Path) -> int:
    try:
        written = declare_language(code, Path(site), Path(project_root) / "node_modules")
    except LanguageError as error:
        print(_t("Nothing was changed: %(reason)s", reason=error.args[0]), file=sys.stderr)
        return 2
    for line in written:
        print(line)
    return 0


def declare_language(code: str, site: Path, node_modules: Path) -> list:
    """Returns what it did, one line each (tools messages, worded in the editor's language when printed)."""
    if not re.fullmatch(r"[a-z]{2,3}", code or ""):
        raise LanguageError(
            _t("'%(code)s' is not an ISO 639 language code (two or three lower-case letters, e.g. nl)", code=code)
        )
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise LanguageError(
            _t("Babel (CLDR) knows no language '%(code)s': dates could not be written in it", code=code)
        ) from None
    settings = site / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8")
    node, declared = _languages_assignment(text, settings)
    if code in declared:
        raise LanguageError(_t("'%(code)s' is already declared in %(settings)s", code=code, settings=str(settings)))
    template = site / "translations" / "messages.pot"
    if not template.is_file():
        raise LanguageError(_t("%(template)s is missing: run `make catalogs` first", template=str(template)))
    catalog = site / "translations" / code / "LC_MESSAGES" / "messages.po"
    if catalog.exists():
        raise LanguageError(
            _t("%(catalog)s already exists; remove it or declare the language by hand", catalog=str(catalog))
        )

    search = _search_pipeline(code, node_modules)
    entry = {
        "locale": babel_locale(code),
        "name": native_name(code),
        "paths": dict(SECTIONS_AND_EXTRA_DEFAULTS),
        "fallbacks": list(declared),
        "search": search,
    }
    settings.write_text(_insert_entry(text, node, code, entry), encoding="utf-8")
    _create_catalog(template, catalog, code)
    tools_template = site / "translations" / "tools.pot"
    tools_catalog = catalog.with_name("tools.po")
    tools = tools_template.is_file() and not tools_catalog.exists()
    if tools:
        _create_catalog(tools_template, tools_catalog, code)
    stemmer = _t("lunr-languages' stemmer") if search == "stemmer" else _t("accent folding (no stemmer exists for it)")
    return [
        _t(
            "declared '%(code)s' (%(name)s, locale %(locale)s) in %(settings)s; search uses %(search)s",
            code=code,
            name=entry["name"],
            locale=entry["locale"],
            settings=str(settings),
            search=stemmer,
        ),
        _t(
            "created %(catalog)s (%(count)s UI strings to translate; until then they are shown in the "
            "default language and the build says how many)",
            catalog=str(catalog),
            count=_count(catalog),
        ),
        *(
            [
                _t(
                    "created %(catalog)s (%(count)s messages of the tools to translate; until then they are in English)",
                    catalog=str(tools_catalog),
                    count=_count(tools_catalog),
                )
            ]
            if tools
            else []
        ),
        _t(
            "next: translate its URL paths (%(keys)s) in %(settings)s, fill the catalog, and "
            "add %(code)s.md files beside the other translations",
            keys=", ".join(PATH_KEYS),
            settings=settings.name,
            code=code,
        ),
    ]


def _languages_assignment(text: str, settings: Path) -> tuple[ast.Assign, dict]:
    tree = ast.parse(text, filename=str(settings))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "LANGUAGES" for t in node.targets):
            if not isinstance(node.value, ast.Dict):
                break
            try:
                return node, ast.literal_eval(node.value)
            except ValueError:
                break
    raise LanguageError(
        _t("%(settings)s has no LANGUAGES = {...} written as plain data to add the language to", settings=str(settings))
    )


def _insert_entry(text: str, node: ast.Assign, code: str, entry: dict) -> str:
    """The settings text with ``entry`` added as the last item of the LANGUAGES dict (before its brace)."""
    lines = text.splitlines(keepends=True)
    closing_line = node.value.end_lineno - 1  # 0-based index of the line holding the closing brace
    column = node.value.end_col_offset - 1
    before = "".join(lines[:closing_line]) + lines[closing_line][:column]
    after = lines[closing_line][column:] + "".join(lines[closing_line + 1 :])
    if not before.rstrip().endswith((",", "{")):
        before = before.rstrip() + ",\n"
    paths = "".join(f"            {key!r}: {value!r},\n" for key, value in entry["paths"].items())
    block = (
        f"    {code!r}: {{\n"
        f"        'locale': {entry['locale']!r},\n"
        f"        'name': {entry['name']!r},\n"
        f"        # URL segments: translate them into {entry['name']} (a-z, 0-9 and hyphens)\n"
        f"        'paths': {{\n{paths}        }},\n"
        f"        'fallbacks': {entry['fallbacks']!r},\n"
        f"        'search': {entry['search']!r},\n"
        "    },\n"
    ).replace("'", '"')
    if not before.endswith("\n"):
        before += "\n"
    return before + block + after.lstrip(" ")


def _search_pipeline(code: str, node_modules: Path) -> str:
    source = node_modules / "lunr-languages" / f"lunr.{code}.js"
    if code == "en":
        return "english"
    if source.is_file() and not _NEEDS_SEGMENTER.search(source.read_text(encoding="utf-8", errors="replace")):
        return "stemmer"
    return "folding"


def _create_catalog(template: Path, catalog: Path, code: str) -> None:
    """As `pybabel init`: the template's strings, untranslated, with the language's plural rule."""
    with template.open("rb") as handle:
        messages = read_po(handle, locale=code)
    messages.locale = Locale.parse(code)
    messages.revision_date = dt.datetime.now(dt.UTC)
    messages.fuzzy = False
    catalog.parent.mkdir(parents=True, exist_ok=True)
    with catalog.open("wb") as handle:
        write_po(handle, messages, width=110)


def _count(catalog: Path) -> int:
    with catalog.open("rb") as handle:
        return sum(1 for message in read_po(handle) if message.id)
