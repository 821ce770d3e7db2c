"""UI string catalogs: complete, not fuzzy, placeholders kept, and in step with the templates."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from conftest import LANGS, ROOT

TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)s")
EXTRACT = [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "--ignore-dirs",
           ".* ._ node_modules output"]  # fmt: skip
# Two domains: the site's UI strings (templates, labels) and the tools' own messages (errors, summaries,
# `make new`), marked _t/_tn; the keywords are the Makefile's (`make catalogs`).
DOMAINS = {
    "messages": ["-k", "N_", "-k", "translate:2", "-k", "gettext_in:2"],
    "tools": ["--no-default-keywords", "-k", "_t", "-k", "_tn:1,2"],
}


def _read(path):
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message):
    return message.id if isinstance(message.id, str) else message.id[0]


@pytest.mark.parametrize("domain", DOMAINS)
def test_template_is_in_step_with_the_code(tmp_path, domain):
    """Extracting again gives the same message ids as translations/<domain>.pot (run `make catalogs`)."""
    fresh = tmp_path / f"{domain}.pot"
    subprocess.run([*EXTRACT, *DOMAINS[domain], "-o", str(fresh), "."], cwd=ROOT, check=True, capture_output=True)
    ids = lambda catalog: {_key(m) for m in catalog if m.id}  # noqa: E731
    in_code, in_template = ids(_read(fresh)), ids(_read(TRANSLATIONS / f"{domain}.pot"))
    new = "".join(f"\n  new in the code: {i!r}" for i in sorted(in_code - in_template))
    gone = "".join(f"\n  no longer in the code: {i!r}" for i in sorted(in_template - in_code))
    assert in_code == in_template, f"run `make catalogs`, then translate {domain}.po in each language:{new}{gone}"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete_and_not_fuzzy(lang, domain):
    template = _read(TRANSLATIONS / f"{domain}.pot")
    catalog = _read(TRANSLATIONS / lang / "LC_MESSAGES" / f"{domain}.po")
    assert str(catalog.locale) == lang
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = () if translated is None else translated.string
        strings = (strings,) if isinstance(strings, str) else tuple(strings)
        if translated is None or not strings or not all(strings):
            problems.append(f"missing: {_key(message)!r}")
        elif translated.fuzzy:
            problems.append(f"fuzzy: {_key(message)!r}")
        else:
            expected = sorted(set(PLACEHOLDER.findall(str(message.id))))
            for string in strings:
                if sorted(set(PLACEHOLDER.findall(string))) != expected:
                    problems.append(f"placeholders differ: {_key(message)!r} → {string!r}")
    where = f"translations/{lang}/LC_MESSAGES/{domain}.po"
    assert not problems, f"{where} (run `make catalogs`, then translate):\n" + "\n".join(problems)
    assert not catalog.fuzzy


# Calls whose argument (at that position) is shown to editors: it must be a _t/_tn message, not plain text.
SHOWN = {
    **{"add": 1, "_problem": 1, "append": 0, "print": 0, "progress": 0, "ContentProblem": 3},
    **{"FieldValueError": 0, "FrontMatterError": 0, "ScaffoldError": 0, "LanguageError": 0},
}
WORDS = re.compile(r"[A-Za-z]{2,}")


def _plain_text(node) -> bool:
    """A string literal or f-string with words in it (an f-string only assembling values is fine)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_plain_text(part) for part in node.values if isinstance(part, ast.Constant))
    return False


def test_tools_messages_are_marked_for_translation():
    """Every error, hint and line the tools show goes through _t/_tn (plugins/ess_i18n/tools.py): plain text
    would stay English for every editor. Points at each unmarked message."""
    unmarked = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            receiver = getattr(func, "value", None)
            receiver = getattr(receiver, "attr", None) or getattr(receiver, "id", "")
            if name == "add" and receiver != "problems":
                continue  # only ProblemList.add: calendars and sets have an add too
            if name == "append" and not receiver.endswith("warnings"):
                continue  # only lists of warnings for the editors
            position = SHOWN.get(name)
            if position is not None and len(node.args) > position and _plain_text(node.args[position]):
                unmarked.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node.args[position])[:90]}")
    assert not unmarked, "mark these messages with _t(...) or _tn(...), then run `make catalogs`:\n" + "\n".join(
        unmarked
    )


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
