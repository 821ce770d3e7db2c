"""The content contract as a library: typing, inheritance, slugs (no build involved)."""

import datetime as dt
from pathlib import Path

import pytest

import ess_content
from conftest import LANGS
from ess_content.model import slugify


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_neutral_fields_are_inherited_and_per_language_fields_are_not(tmp_path):
    write(
        tmp_path,
        "events/day/fr.md",
        "---\ntitle: Journée\nsummary: Résumé\nstart: 2019-06-06 09:30\nend: 2019-06-06 18:30\nvenue: Salle des fêtes\ncity: Mont-Saint-Martin\n---\nTexte\n",
    )
    write(tmp_path, "events/day/de.md", "---\ntitle: Tag\n---\nText\n")
    tree = ess_content.load(tmp_path, LANGS)
    item = tree.find("events", "day")
    german = item.translations["de"]
    assert german.get("start") == dt.datetime(2019, 6, 6, 9, 30)
    assert german.get("end") == dt.datetime(2019, 6, 6, 18, 30)  # YAML 1.1 would read 18:30 as 1110
    assert german.get("city") == "Mont-Saint-Martin"
    assert german.get("venue") == "Salle des fêtes"  # venue and address fall back to a sibling
    assert german.summary is None  # a missing summary stays missing
    assert item.moment("start").utcoffset() == dt.timedelta(hours=2)  # Europe/Luxembourg in summer


def test_yaml_words_stay_text(tmp_path):
    write(tmp_path, "news/no/en.md", "---\ntitle: no\ndate: 2018-06-26\ntags: [yes, on, 2019]\n---\n")
    translation = ess_content.load(tmp_path, LANGS).find("news", "no").translations["en"]
    assert translation.title == "no"
    assert translation.tags == ("yes", "on", "2019")


def test_draft_translation_is_not_published(tmp_path):
    write(tmp_path, "news/n/fr.md", "---\ntitle: Publié\ndate: 2018-06-26\n---\n")
    write(tmp_path, "news/n/de.md", "---\ntitle: Entwurf\nstatus: draft\n---\n")
    item = ess_content.load(tmp_path, LANGS).find("news", "n")
    assert set(item.published_translations()) == {"fr"}


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        ("Lancement du cluster à Echternach", "fr", "lancement-du-cluster-a-echternach"),
        ("Gründung in der Großregion", "de", "gruendung-in-der-grossregion"),
        (
            "D'Zukunft vun der Sozial- a Solidarwirtschaft zu Lëtzebuerg",
            "lb",
            "d-zukunft-vun-der-sozial-a-solidarwirtschaft-zu-letzebuerg",
        ),
        ("🌱🌱", "en", "item"),
    ],
)
def test_slugs_from_titles(title, lang, expected):
    assert slugify(title, lang) == expected


def test_slugs_transliterate_as_unidecode_does_on_the_whole_title():
    """slugify transliterates one character at a time through a table; unidecode on the whole title (what it
    did before) is the reference, for every character of the Basic Multilingual Plane and beyond, alone and
    mixed in random titles, in German (umlauts first) and other languages."""
    import random
    import re

    from unidecode import unidecode

    umlauts = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})

    def reference(title, lang):
        if lang == "de":
            title = title.translate(umlauts)
        slug = re.sub(r"[^a-z0-9]+", "-", unidecode(title).lower()).strip("-")
        return slug[:80].rstrip("-") or "item"

    characters = [chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c <= 0xDFFF]
    for lang in ("de", "fr"):
        assert [slugify(f"a{c}b", lang) for c in characters] == [reference(f"a{c}b", lang) for c in characters]
    rng = random.Random(16)
    pool = characters[:0x250] + list("äöüÄÖÜß-- .'’«»ŒœĳÆ日本語Ωω😀") * 8
    for _ in range(3000):
        title = "".join(rng.choice(pool) for _ in range(rng.randint(0, 120)))
        lang = rng.choice(("de", "fr", "lb", "en", None))
        assert slugify(title, lang) == reference(title, lang)


def test_markdown_is_sanitised(tmp_path):
    body = '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src="a.png" onerror="alert(1)">\n\n<a href="data:text/html,hi">d</a>\n'
    write(tmp_path, "pages/p/en.md", "---\ntitle: P\n---\n" + body)
    (tmp_path / "pages/p/a.png").write_bytes(b"\x89PNG")
    html = ess_content.load(tmp_path, LANGS).find("pages", "p").translations["en"].html
    for forbidden in ("<script", "onerror", "javascript:", "data:"):
        assert forbidden not in html


def test_brackets_are_defused_only_where_they_are_pathological():
    from ess_content.markdown_render import MAX_BRACKETS_PER_PARAGRAPH, defuse_brackets

    many = "[" * (MAX_BRACKETS_PER_PARAGRAPH + 1)
    normal = "[a link](https://example.org) and [another](b.pdf)\n"
    text = normal + "\n" + many + "\n\n```\n" + many + "\n```\n"
    defused = defuse_brackets(text)
    assert defused.startswith(normal)  # an ordinary paragraph is left alone
    assert "\\[" * 10 in defused.split("```")[0]  # the pathological one is escaped
    assert defused.split("```")[1] == "\n" + many + "\n"  # fenced code is untouched


def test_inline_patterns_skipped_only_where_they_cannot_match():
    """The converter skips an inline pattern, a block processor or a preprocessor on a text without its characters: the same
    HTML as Python-Markdown trying every one, on every body of the demo and on random texts made of the
    patterns' and blocks' characters."""
    import random

    import markdown

    from ess_content import markdown_render as render

    plain = markdown.Markdown(
        extensions=[e for e in render.EXTENSIONS if not isinstance(e, render.TriggeredInlineExtension)],
        extension_configs=render.EXTENSION_CONFIGS,
        output_format="html",
    )
    triggered = render.MarkdownRenderer()._md
    assert isinstance(triggered.treeprocessors["inline"], render._TriggeredInlineProcessor)
    # every registered pattern is either named (with characters) or always tried
    assert set(render.PATTERN_CHARACTERS) <= set(p.name for p in triggered.inlinePatterns._priority)
    assert set(render.BLOCK_TRIGGERS) <= set(p.name for p in triggered.parser.blockprocessors._priority)
    assert set(render.PREPROCESSOR_TRIGGERS) <= set(p.name for p in triggered.preprocessors._priority)
    assert isinstance(triggered.preprocessors["normalize_whitespace"], render._NormalizeWhitespace)
    assert isinstance(triggered.treeprocessors["toc"], render._HeadingIdsTreeprocessor)
    content = Path(__file__).resolve().parents[1] / "content"
    texts = [path.read_text(encoding="utf-8").split("\n---\n", 1)[-1] for path in sorted(content.rglob("*.md"))]
    pieces = ["`x`", "\\*", "[^1]", "[^1]: note", "[a]{lang=de}", "[a][r]", "[r]: http://e.org", "[a](b.md)", "![i](p.png)",
              "![i][r]", "[r]", "![r]", "<http://e.org>", "<a@b.org>", "  \n", "<span>s</span>", "&amp;", "&#169;", "*e*",
              "__s__", "_u_", "**b**", "word", " ", "\n", "\n\n", "- ", "1. ", "> ", "# ", "| a | b |\n|---|---|\n| c | d |",
              "\n===", "\n---", "\n- - -", "\n***", "___", "#", ": ", "\n: d", "Term\n:   def", "*[HTML]: Hyper", "[r]:", ">",
              "\n    code", "## h ##", "```", "~~~", "\n```\ncode\n```\n", "\n~~~ {.py}\nx = 1\n~~~\n", "\t", " \n",
              "  \n  \n", "\r\n", "\r", "&copy;", "<div>\nd\n</div>", "\x02", "\x03", "\n\n[TOC]\n\n", "[TOC]", "\n## h\n",
              "\n### h {#i}\n", "- [TOC]\n"]  # fmt: skip
    rng = random.Random(7)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for text in texts:
        plain.reset()
        triggered.reset()
        assert triggered.convert(text) == plain.convert(text), text


def test_control_characters_are_found_in_the_bytes_as_in_the_text():
    """The loader asks the file's bytes whether its text holds a character XML forbids: the same answer as the
    text's, for every character, alone and among others."""
    from ess_content.loader import _CONTROL, _has_control

    for code in range(0x110000):
        if not 0xD800 <= code <= 0xDFFF:
            text = f"a{chr(code)}é"
            assert _has_control(text.encode("utf-8")) == (_CONTROL.search(text) is not None), hex(code)


def test_link_attributes_are_those_the_regular_expression_finds():
    import random

    from ess_content.markdown_render import LINK_ATTRIBUTE, link_attributes

    rng = random.Random(16)
    pieces = ["href", "src", '="', '"', "=", "x", " ", "_", "é", "h", "s", "<a ", ">", "hreflang"]
    for _ in range(100000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert link_attributes(text) == [value for _name, value in LINK_ATTRIBUTE.findall(text)], text
    html = '<p><a href="../x/fr.md">a</a> <img src="a.png" alt="src=&quot;"> <a hreflang="de" href="#top">t</a></p>'
    assert link_attributes(html) == ["../x/fr.md", "a.png", "#top"]


def test_a_record_nested_in_an_equal_one_leaves_the_outer_one_recording():
    """ess_content.reads: a kept partial's record, opened inside a page's that has noted nothing else yet, holds
    the same keys when it closes; the page's record goes on receiving what is read after it."""
    from ess_content import reads

    with reads.recording() as page:
        with reads.recording() as partial:
            reads.note("m:fr")
        assert page == partial
        reads.note("p:fr/index.html")
    assert page == {"m:fr", "p:fr/index.html"} and partial == {"m:fr"}
    assert not reads.open_records


@pytest.mark.parametrize("parallel_from", [400, 1], ids=["here", "in worker processes"])
def test_markdown_text_goes_once_converted_but_for_the_lines_of_remote_images(tmp_path, monkeypatch, parallel_from):
    """The Markdown text is not kept for the build's length (at 10,000 items, a sixth of the peak memory),
    except in a body that shows an image from elsewhere, whose problem names its line."""
    from ess_content import loader

    monkeypatch.setattr(loader, "PARALLEL_FROM_FILES", parallel_from)
    write(tmp_path, "news/plain/en.md", "---\ntitle: Plain\ndate: 2018-06-26\n---\nSome *text*.\n")
    write(
        tmp_path,
        "news/remote/en.md",
        "---\ntitle: Remote\ndate: 2018-06-26\n---\nText.\n\n![x](https://else.example/p.png)\n",
    )
    tree, problems = loader.read_tree(tmp_path, LANGS)
    plain = tree.find("news", "plain").translations["en"]
    assert plain._markdown == "" and "<em>text</em>" in plain.html
    assert tree.find("news", "remote") is None  # (an item with a problem is left out)
    assert [(p.field, p.line) for p in problems.sorted()] == [("body", 7)], problems.sorted()
