"""UI string catalogs: translations/<lang>/LC_MESSAGES/messages.po, compiled in memory at build time.

(The tools' own messages, in the editor's language, are in tools.py: another domain, tools.po.)"""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_po(po_path: Path, lang: str) -> gettext.GNUTranslations:
    """A .po file compiled in memory (fuzzy entries left out, as msgfmt does)."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Catalogs:
    """One GNUTranslations per language, compiled from the .po files (no .mo file is kept in git)."""

    def __init__(self, folder: Path | str, languages):
        self.folder = Path(folder)
        self.languages = tuple(languages)
        self._translations: dict[str, gettext.GNUTranslations] = {}
        for lang in self.languages:
            self._translations[lang] = compile_po(self.folder / lang / "LC_MESSAGES" / "messages.po", lang)

    def translations(self, lang: str) -> gettext.GNUTranslations:
        return self._translations[lang]

    def gettext(self, lang: str, message: str, **variables) -> str:
        text = self._translations[lang].gettext(message)
        return text % variables if variables else text
