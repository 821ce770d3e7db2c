"""What crawlers and screen readers read in every page's head and text: a description on every page,
titles that match the page, and phrases in another language marked with ``lang``."""

from __future__ import annotations

import pytest

from conftest import LANGS
from ess_content.markdown_render import MarkdownRenderer


def test_every_page_has_a_description_of_its_own(site):
    missing, too_long = [], []
    for path in site.html_files():
        relative = str(path.relative_to(site.output))
        descriptions = site.page(relative).xpath('//head/meta[@name="description"]/@content')
        if len(descriptions) != 1 or not descriptions[0].strip():
            missing.append(relative)
        elif len(descriptions[0]) > 160:
            too_long.append(relative)
    assert not missing, missing[:10]
    assert not too_long, too_long[:10]


def test_listing_descriptions_are_translated(demo_site):
    """One sentence per listing, different in each language (a missing translation would repeat the msgid)."""
    for section_path in ({"fr": "fr/actualites/", "de": "de/aktuelles/", "lb": "lb/neiegkeeten/", "en": "en/news/"},):
        texts = {
            lang: demo_site.page(path).xpath('//meta[@name="description"]/@content')[0]
            for lang, path in section_path.items()
        }
        assert len(set(texts.values())) == len(LANGS), texts


def test_home_description_comes_from_the_home_text(demo_site):
    for lang in LANGS:
        description = demo_site.page(f"{lang}/").xpath('//meta[@name="description"]/@content')[0]
        home_summary = demo_site.content / "pages" / "home" / f"{lang}.md"
        if home_summary.is_file():
            text = home_summary.read_text(encoding="utf-8")
            summary_line = next((line for line in text.splitlines() if line.startswith("summary:")), "")
            if summary_line:
                assert description.rstrip("…") in summary_line, (lang, description)


def test_root_not_found_page_is_titled_as_such(demo_site):
    root_title = demo_site.page("index.html").findtext(".//title")
    missing_title = demo_site.page("404.html").findtext(".//title")
    heading = demo_site.page("404.html").findtext(".//h1")
    assert missing_title != root_title
    assert heading.strip() in missing_title


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Sa devise, « [être avant d'avoir]{lang=fr} ».", '« <span lang="fr">être avant d\'avoir</span> »'),
        ("The day [D'Zukunft\n*vun* der]{lang=lb} began.", '<span lang="lb">D\'Zukunft\n<em>vun</em> der</span>'),
        ("A [sign]{lang=de-CH}.", '<span lang="de-CH">sign</span>'),
        ("[Buying Social](https://example.org/){: lang=en }", 'lang="en"'),
        ("Not a tag: [x]{lang=x_y_z}.", "Not a tag: [x]{lang=x_y_z}."),
        ("Malformed: [x]{lang=toolongforatag}.", "Malformed: <span>x</span>."),
        ('<span lang="en onmouseover">x</span>', "<span>x</span>"),
    ],
)
def test_a_phrase_in_another_language_is_marked(markdown, expected):
    assert expected in MarkdownRenderer().render(markdown)


def test_a_body_heading_of_the_first_level_becomes_the_second():
    """The page title is a page's only h1: a body's `#` heading (or raw <h1>) is shown as h2, and text that only
    mentions h1 stays as it is."""
    html = MarkdownRenderer().render("# Titre\n\nLe mot h1 et <h1>brut</h1>.\n\n<h1 class=x>bloc</h1>\n\n## Sous")
    assert "<h1" not in html and "</h1>" not in html
    assert html.count("<h2") == 4 and "Le mot h1 et" in html


def test_demo_motto_is_marked_in_every_other_language(demo_site):
    """The French motto quoted in German, Luxembourgish and English text carries lang="fr"."""
    found = 0
    for lang in ("de", "lb", "en"):
        for path in (demo_site.output / lang).rglob("index.html"):
            doc = demo_site.page(str(path.relative_to(demo_site.output)))
            for element in doc.xpath('//main//*[contains(text(), "être avant")]'):
                found += 1
                assert element.get("lang") == "fr", (path, element.text)
    assert found


def test_a_title_marks_its_phrase_in_headings_and_stays_plain_elsewhere(demo_site):
    """The French title quoting a Luxembourgish event name: <span lang="lb"> in the h1, plain in <title>."""
    doc = demo_site.page("fr/agenda/journee-d-echange-echternach-2018/")
    heading = doc.find(".//h1")
    spans = heading.findall("span[@lang='lb']")
    assert len(spans) == 1 and spans[0].text.startswith("D'Zukunft")
    assert "{lang=" not in heading.text_content() and "[" not in heading.text_content()
    title = doc.findtext(".//title")
    assert "D'Zukunft" in title and "{lang=" not in title and "[" not in title
    feed_and_search = [
        (demo_site.output / "fr" / "feed.atom").read_text(),
        *(demo_site.output / "search").glob("fr.*.json"),
    ]
    for text in feed_and_search:
        assert "]{lang=" not in (text if isinstance(text, str) else text.read_text())


@pytest.mark.parametrize(
    ("title", "plain", "html"),
    [
        ("Day « [D'Zukunft]{lang=lb} »", "Day « D'Zukunft »", 'Day « <span lang="lb">D&#39;Zukunft</span> »'),
        ("[<b>x</b>]{lang=en} & co", "<b>x</b> & co", '<span lang="en">&lt;b&gt;x&lt;/b&gt;</span> &amp; co'),
        ("[x]{lang=toolongforatag}", "x", "x"),
        ("No mark [here]", "No mark [here]", "No mark [here]"),
    ],
)
def test_title_phrases_plain_and_html(title, plain, html):
    from ess_content import phrases

    assert phrases.plain(title) == plain
    assert str(phrases.html(title)) == html
