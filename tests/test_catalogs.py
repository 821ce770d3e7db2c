"""UI string catalogs: complete, not fuzzy, placeholders kept, and in step with the templates."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from conftest import LANGS, ROOT

TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _read(path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_template_is_in_step_with_the_code(tmp_path):
    """Extracting again gives the same message ids as translations/messages.pot (run `make catalogs`)."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "N_", "-k", "translate:2",
         "-k", "gettext_in:2", "--ignore-dirs", ".* ._ node_modules output", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    ids = lambda catalog: {m.id for m in catalog if m.id}  # noqa: E731
    assert ids(_read(fresh)) == ids(_read(TRANSLATIONS / "messages.pot"))


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete_and_not_fuzzy(lang):
    template = _read(TRANSLATIONS / "messages.pot")
    catalog = _read(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    assert str(catalog.locale) == lang
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        if translated is None or not translated.string:
            problems.append(f"missing: {message.id!r}")
        elif translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif sorted(PLACEHOLDER.findall(translated.string)) != sorted(PLACEHOLDER.findall(message.id)):
            problems.append(f"placeholders differ: {message.id!r} → {translated.string!r}")
    assert not problems, "\n".join(problems)
    assert not catalog.fuzzy


def test_no_compiled_catalog_is_committed():
    tracked = subprocess.run(["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert tracked == ""


def test_pages_use_the_catalogs(demo_site):
    """Spot-check: the skip link is in the page's language everywhere."""
    expected = {
        "fr": "Aller au contenu principal",
        "de": "Zum Hauptinhalt springen",
        "lb": "Direkt bei den Inhalt",
        "en": "Skip to main content",
    }
    for lang, text in expected.items():
        assert demo_site.page(f"{lang}/").find(".//a[@class='skip-link']").text == text
