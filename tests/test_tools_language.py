"""The editors' tools speak the editor's language: `make check`, `make new`, `make translations` and the build
word their messages from translations/<lang>/LC_MESSAGES/tools.po, chosen like any gettext program does."""

from __future__ import annotations

import os
import subprocess

import pytest

import ess_content
from conftest import LANGS, ROOT, run_cli, write_tree
from ess_i18n.tools import editor_language

BROKEN = {
    "news/launch/de.md": "---\nsummary: Ohne Titel\ndate: 2018-06-26\n---\nText.\n",
    "events/convention/fr.md": "---\ntitle: Convention\nstart: 2019-06-06 09:00\nend: 2019-06-05 18:00\n---\n",
    "members/uless/fr.md": "---\ntitle: ULESS\nterritory: bavaria\nkind: support-organisation\n---\n",
}

# language → (file, field, words of the explanation) per problem, then the closing line
EXPLAINED = {
    "fr": (
        [
            ("news/launch/de.md", "champ 'title' :", "obligatoire ; chaque traduction a besoin de son propre titre"),
            ("events/convention/fr.md:4", "champ 'end' :", "la fin 2019-06-05 18:00:00 précède le début"),
            ("members/uless/fr.md:3", "champ 'territory' :", "une de ces valeurs : luxembourg, lorraine"),
        ],
        "3 problèmes dans le contenu. Rien n'a été publié",
    ),
    "de": (
        [
            ("news/launch/de.md", "Feld 'title':", "ist Pflicht: Jede Übersetzung braucht einen eigenen Titel"),
            ("events/convention/fr.md:4", "Feld 'end':", "das Ende 2019-06-05 18:00:00 liegt vor dem Beginn"),
            ("members/uless/fr.md:3", "Feld 'territory':", "einer dieser Werte: luxembourg, lorraine"),
        ],
        "3 Probleme im Inhalt. Es wurde nichts veröffentlicht",
    ),
}
ENGLISH_WORDS = ("is required", "expected", "is before start", "problems in the content")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "de_LU.UTF-8@euro"}, "de"),
        ({"LANGUAGE": "lb:de", "LANG": "fr_FR.UTF-8"}, "lb"),  # LANGUAGE comes first, as in gettext
        ({"LANGUAGE": "it:de_AT"}, "de"),  # the first preference with a catalog
        ({"LANGUAGE": "it"}, "en"),  # no catalog: English
        ({"LC_ALL": "de_DE.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_GB.UTF-8"}, "de"),
        ({"LC_MESSAGES": "fr_BE.UTF-8", "LANG": "de_DE.UTF-8"}, "fr"),
        ({"ESS_LANG": "lb", "LANGUAGE": "fr", "LC_ALL": "de_DE.UTF-8"}, "lb"),  # the project's override
        ({"ESS_LANG": "", "LANGUAGE": "de"}, "de"),
    ],
)
def test_the_language_comes_from_the_environment(environ, expected):
    assert editor_language(environ) == expected


@pytest.mark.parametrize("lang", EXPLAINED)
def test_make_check_explains_each_problem_in_the_editors_language(tmp_path, lang):
    content = write_tree(tmp_path / "content", BROKEN)
    result = subprocess.run(
        ["make", "--no-print-directory", "check", f"CONTENT={content}"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "LANGUAGE": lang},
    )  # fmt: skip
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    problems, closing = EXPLAINED[lang]
    for file, field, words in problems:
        assert any(file in line and field in line and words in line for line in lines), (file, result.stderr)
    assert any(line.startswith(closing) for line in lines), result.stderr
    assert not [word for word in ENGLISH_WORDS if word in result.stderr], result.stderr


def test_ess_lang_overrides_the_locale(tmp_path):
    content = write_tree(tmp_path / "content", BROKEN)
    result = subprocess.run(
        ["make", "--no-print-directory", "check", f"CONTENT={content}", "ESS_LANG=lb"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "LANGUAGE": "fr", "LC_ALL": "C.UTF-8"},
    )  # fmt: skip
    assert result.returncode != 0
    assert "Feld 'end': d'Enn 2019-06-05 18:00:00 ass virum Ufank" in result.stderr
    assert "3 Problemer am Inhalt." in result.stderr


def test_problems_keep_their_message_id_and_values(tmp_path):
    """Tests and code compare what went wrong, not its wording in one language."""
    content = write_tree(tmp_path / "content", BROKEN)
    with pytest.raises(ess_content.ContentError) as caught:
        ess_content.load(content, LANGS, render=False)
    territory = next(p for p in caught.value.problems if p.field == "territory")
    assert territory.message.id == "expected one of %(options)s; got %(got)s"
    assert territory.message.arguments["got"] == '"bavaria"'
    assert territory.render("de").endswith('gefunden: "bavaria"')
    assert territory.render("en").endswith('got "bavaria"')


# language → words of make new's comments and placeholders in that language's file
SCAFFOLD_WORDS = {
    "fr": ['title: "Titre à compléter"', "# summary: Une phrase ou deux", "ou seulement la date", "Rue et numéro"],
    "de": ['title: "Titel ergänzen"', "# summary: Ein oder zwei Sätze", "Datumsangaben, Typ und andere", "Straße und"],
}


def test_make_new_comments_each_file_in_its_language(tmp_path):
    result = subprocess.run(
        ["make", "--no-print-directory", "new", "SECTION=events", "KEY=forum", "LANGS=fr,de", f"CONTENT={tmp_path}"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "LANGUAGE": "en"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for lang, words in SCAFFOLD_WORDS.items():
        text = (tmp_path / "events" / "forum" / f"{lang}.md").read_text(encoding="utf-8")
        missing = [word for word in words if word not in text]
        assert not missing, (lang, missing, text)
        assert "One or two sentences" not in text and "Write the text here" not in text
    french = (tmp_path / "events" / "forum" / "fr.md").read_text(encoding="utf-8")
    assert "start:" in french and "# online_url: https://...   (événements en ligne ou hybrides)" in french


def test_make_new_and_translations_talk_in_the_editors_language(tmp_path):
    content = tmp_path / "content"
    created = run_cli("new", "news", "fete", "--langs", "fr", "--content", content, env={"LANGUAGE": "de"})
    assert created.returncode == 0
    assert "angelegt: " in created.stdout and "Füllen Sie die Felder aus" in created.stdout
    refused = run_cli("new", "blog", "x", "--content", content, env={"LANGUAGE": "fr"})
    assert refused.returncode == 2
    assert "Rien n'a été créé" in refused.stderr and "rubrique inconnue 'blog'" in refused.stderr
    listed = run_cli("translations", "--content", content, env={"LANGUAGE": "lb"})
    assert listed.returncode == 0, listed.stderr
    assert "Iwwersetzunge vun all Element" in listed.stdout and "feelt: de, lb, en" in listed.stdout


GUIDES = ("editing.md", "guide-redaction.md", "redaktionsleitfaden.md")  # complete guides: en, fr, de
SHORT_GUIDES = ("redaktiounsguide.md",)  # lb


@pytest.mark.parametrize("guide", GUIDES)
def test_each_complete_guide_documents_every_field(guide):
    from ess_config.sections import SECTIONS

    from ess_content.fields import specs_for

    text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
    documented = lambda name: f"`{name}`" in text or f"`{name}:" in text  # noqa: E731
    missing = sorted(
        f"{section}: {name}" for section in SECTIONS for name in specs_for(section) if not documented(name)
    )
    assert not missing, f"docs/{guide} does not document: {', '.join(missing)}"


@pytest.mark.parametrize("guide", GUIDES + SHORT_GUIDES)
def test_each_guide_links_the_others(guide):
    first_line = (ROOT / "docs" / guide).read_text(encoding="utf-8").splitlines()[0]
    assert all(f"({other})" in first_line for other in GUIDES + SHORT_GUIDES if other != guide), first_line
