"""UI strings: translations/<lang>/LC_MESSAGES/messages.po, compiled in memory at build time.

A declared language whose catalog is missing strings still builds: each missing string falls back to the
default language's catalog, and ``warnings`` names the catalog and the count (the project's own catalogs
are held complete by tests/test_catalogs.py).

(The tools' own messages, in the editor's language, are in tools.py: another domain, tools.po.)"""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def catalog_path(folder: Path | str, lang: str) -> Path:
    return Path(folder) / lang / "LC_MESSAGES" / "messages.po"


class Catalogs:
    """One GNUTranslations per language, compiled from the .po files (no .mo file is kept in git)."""

    def __init__(self, folder: Path | str, languages, default_lang: str | None = None):
        self.folder = Path(folder)
        self.languages = tuple(languages)
        self.default_lang = default_lang or self.languages[0]
        self.warnings: list[str] = []
        template = self.folder / "messages.pot"
        expected = _ids(template) if template.is_file() else set()
        self._translations: dict[str, gettext.GNUTranslations] = {}
        for lang in (self.default_lang, *(lang for lang in self.languages if lang != self.default_lang)):
            translations, done = _compile(catalog_path(self.folder, lang), lang)
            missing = len(expected - done)
            if lang != self.default_lang:
                translations.add_fallback(self._translations[self.default_lang])
            if missing:
                from .tools import _t  # here: tools.py compiles its catalogs with this module's _compile

                self.warnings.append(
                    _t(
                        "%(catalog)s: %(missing)s of %(total)s UI strings not translated; shown in '%(lang)s' instead",
                        catalog=str(catalog_path(self.folder, lang)),
                        missing=missing,
                        total=len(expected),
                        lang=self.default_lang,
                    )
                )
            self._translations[lang] = translations

    def translations(self, lang: str) -> gettext.GNUTranslations:
        return self._translations[lang]

    def gettext(self, lang: str, message: str, **variables) -> str:
        text = self._translations[lang].gettext(message)
        return text % variables if variables else text


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]  # plural entries: their singular


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(message.id) and all(strings) and not message.fuzzy


def _ids(template: Path) -> set[str]:
    with template.open("rb") as handle:
        return {_key(m) for m in read_po(handle) if m.id}


def _compile(po_path: Path, lang: str) -> tuple[gettext.GNUTranslations, set[str]]:
    """The catalog compiled in memory, and the ids it translates (fuzzy entries do not count)."""
    if po_path.is_file():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
    else:
        from babel.messages.catalog import Catalog

        catalog = Catalog(locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    done = {_key(m) for m in catalog if _translated(m)}
    return gettext.GNUTranslations(buffer), done
