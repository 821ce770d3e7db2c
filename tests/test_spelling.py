"""Spelling gate: Hunspell (Debian's binary, dictionaries pinned in package.json) over the visible text of
the built demo site, each text under its nearest ``lang``, and over every catalog's msgstr; accepted words
in translations/spelling/<lang>.txt; Luxembourg's n-rule over every lb text."""

from __future__ import annotations

import subprocess
import sys

import pytest
from ess_spelling import check, nrule, nrule_breaches, site_texts
from ess_spelling.hunspell import dictionary_path, hunspell_binary
from ess_spelling.text import html_fragments, words
from lxml import html as lxml_html

from conftest import LANGS as LANGUAGES
from conftest import ROOT, require


def _require_tools():
    require(hunspell_binary() is not None, "hunspell (Debian package)")
    for lang in LANGUAGES:
        require(dictionary_path(lang) is not None, f"the Hunspell dictionary for '{lang}' (npm ci)")


@pytest.fixture(scope="module")
def texts(demo_site):
    _require_tools()
    return [*site_texts(demo_site.output), *check.catalog_texts(ROOT / "translations", LANGUAGES)]


@pytest.fixture(scope="module")
def found(texts):
    return check.collect(texts)


def _show(by_word: dict) -> str:
    return "\n".join(f"  {word}: {', '.join(sorted(places)[:3])}" for word, places in sorted(by_word.items()))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_unknown_word_in_the_site_and_catalogs(found, lang):
    unknown = check.unknown(found, [lang], {lang: check.load_accepted(lang)}).get(lang, {})
    assert not unknown, (
        f"{len(unknown)} word(s) the {lang} dictionary does not know (fix them, or add a name to "
        f"translations/spelling/{lang}.txt):\n{_show(unknown)}"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accepted_words_are_few_present_and_not_misspellings(found, lang):
    assert check.accepted_problems(lang, check.load_accepted(lang), found) == []


def test_luxembourgish_follows_the_n_rule(texts):
    from ess_spelling import Hunspell

    found = nrule_breaches(texts, Hunspell("lb"))
    assert not found, "\n".join(f"{place}: {breach}" for place, breach in found)


# The n-rule, as data: (text, breaches expected). The dictionary is replaced by the shorter forms listed.
KNOWN_SHORTER = {"Membere", "Ressource", "de", "e", "wa", "Sprooche", "gi", "u", "a", "Critère", "Mee"}
N_RULE_CASES = [
    ("Memberen filteren", [("Memberen", "filteren")]),  # plural -en before f
    ("Ressourcen filteren", [("Ressourcen", "filteren")]),
    ("Sproochen vum Dokument", [("Sproochen", "vum")]),
    ("Wou d'Memberen sinn", [("Memberen", "sinn")]),  # after the article's apostrophe: Memberen
    ("Erfëllt Critèren vun der Charta", [("Critèren", "vun")]),
    ("wann ech kommen", []),  # before a vowel the n stays
    ("wann s de kënns", [("wann", "s")]),  # -nn: the shorter form is "wa"
    ("den Dag, den Téi, den Zuch, den Hond, den Numm", []),  # d, t, z, h, n keep it
    ("Memberen, filteren", []),  # a pause: the n stays
    ("Memberen\nfilteren", [("Memberen", "filteren")]),  # a line break is no pause
    ("den ESS-Cluster", []),  # an acronym is read letter by letter
    ("d'Organisatioun vun", []),  # no shorter form: the n belongs to the word
    ("de Mann vun", []),  # an exception
    ("e Memberen d'Regel", []),  # before d' the next sound is d
    ("Membere filteren", []),  # already right
]


@pytest.mark.parametrize(("text", "expected"), N_RULE_CASES)
def test_n_rule_examples(text, expected):
    def known(candidates):
        return set(candidates) & KNOWN_SHORTER

    assert [(b.word, b.next_word) for b in nrule.breaches(text, known)] == expected


def test_n_rule_message_names_the_shorter_form():
    assert str(nrule.Breach("wann", "s", 0)) == "“wann s”: write “wa s” (n-rule)"
    assert str(nrule.Breach("Memberen", "filteren", 0)) == "“Memberen filteren”: write “Membere filteren” (n-rule)"


def test_words_skip_addresses_numbers_and_placeholders():
    text = "Voir mte.public.lu, https://x.eu/a et guide.pdf: 6zero1 %(count)s {name} d’affaires Sozial- a"
    assert list(words(text)) == ["Voir", "et", "d’affaires", "Sozial"]


def test_fragments_follow_the_nearest_lang_and_skip_code_and_dates():
    doc = lxml_html.fromstring(
        '<html lang="de"><head><title>Titel</title></head><body><p>Wort <span lang="fr">mot <b>gras</b></span>'
        ' Ende<img alt="Bild"></p><code>x_y</code><time>Sep.</time><p lang="en-GB">word</p></body></html>'
    )
    assert list(html_fragments(doc)) == [
        ("de", "Titel"),
        ("de", "Wort "),
        ("fr", "mot "),
        ("fr", "gras"),
        ("de", " Ende"),
        ("de", "Bild"),
        ("en", "word"),
    ]


@pytest.mark.parametrize(
    ("word", "suggestion", "close"),
    [("abonnéieren", "abonéieren", True), ("Typen", "Typpen", True), ("Akteure", "Acteure", True),
     ("Trier", "Tréier", True), ("Geschiirkëscht", "Geschierkëscht", True), ("Interreg", "Integer", False), ("Belvaux", "Belux", False)],
)  # fmt: skip
def test_one_edit_apart(word, suggestion, close):
    assert check.one_edit_apart(word, suggestion) is close


def test_make_spelling_lists_words_per_file_with_suggestions(tmp_path):
    _require_tools()
    content = tmp_path / "content"
    (content / "news" / "a").mkdir(parents=True)
    (content / "news" / "a" / "lb.md").write_text(
        "---\ntitle: D'Memberen filteren\ndate: 2026-01-05\n---\nMir abonnéieren de Newsletter.\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "ess_spelling", "--content", str(content)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 1, result.stderr
    assert "news/a/lb.md [lb]" in result.stdout
    assert "abonnéieren  → abonéieren" in result.stdout
    assert "news/a/lb.md:2 [lb] “Memberen filteren”" in result.stdout
