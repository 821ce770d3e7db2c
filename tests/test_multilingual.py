"""Multilingual behaviour of a built site: pages per language, hreflang, switcher, fallback, dates."""

from __future__ import annotations

import re

import pytest

import ess_content
from conftest import FALLBACKS, LANGS, PATHS


def published(site):
    tree = ess_content.load(site.content, LANGS, render=False)
    return [item for item in tree.all_items() if item.published]


def item_pages(site):
    """(item, lang, output path) for every published translation (home texts live on the home page)."""
    pages = []
    for html_file in site.html_files():
        doc = site.page(str(html_file.relative_to(site.output)))
        if doc.find("body").get("class") == "kind-item":
            pages.append(html_file)
    return pages


def test_every_published_translation_has_its_page(site):
    items = published(site)
    assert items
    expected = 0
    for item in items:
        for lang, translation in item.published_translations().items():
            if item.section == "pages" and item.key == "home":
                continue
            expected += 1
            matches = [
                p for p in site.output.glob(f"{lang}/**/index.html")
                if site.page(str(p.relative_to(site.output))).find(".//h1").text_content() == translation.title
            ]  # fmt: skip
            assert matches, f"no {lang} page for {item.section}/{item.key}"
            assert site.page(str(matches[0].relative_to(site.output))).get("lang") == lang
    assert len(item_pages(site)) == expected


def _alternates(doc):
    return {link.get("hreflang"): link.get("href") for link in doc.iterfind(".//link[@rel='alternate'][@hreflang]")}


def test_hreflang_sets_are_reciprocal_and_include_self_and_x_default(site):
    checked = 0
    for html_file in item_pages(site):
        doc = site.page(str(html_file.relative_to(site.output)))
        alternates = _alternates(doc)
        own = "/" + str(html_file.relative_to(site.output).parent) + "/"
        assert alternates[doc.get("lang")] == own
        assert alternates["x-default"] == "/"
        assert doc.find(".//link[@rel='canonical']").get("href") == own
        for lang, href in alternates.items():
            if lang == "x-default":
                continue
            assert site.exists(href), href
            assert _alternates(site.page_for_href(href)) == alternates
            checked += 1
    assert checked


def test_switcher_targets_exist_and_untranslated_ones_say_so(site):
    for html_file in site.html_files():
        relative = str(html_file.relative_to(site.output))
        doc = site.page(relative)
        links = doc.findall(".//nav[@class='switcher']//a")
        if doc.find("body").get("class") in ("kind-root", "kind-rootnotfound"):
            assert not links
            continue
        assert [a.get("hreflang") for a in links] == list(LANGS), relative
        for link in links:
            assert site.exists(link.get("href")), (relative, link.get("href"))
            assert link.get("lang") == link.get("hreflang")
            if "untranslated" in (link.get("class") or ""):
                anchor = link.get("href").split("#")[1]
                target = site.page_for_href(link.get("href"))
                entry = target.get_element_by_id(anchor)
                assert entry.find("article").get("lang") != link.get("hreflang")  # listed as a fallback
                assert link.find("span[@class='note']").text.strip("()")


def test_listings_show_untranslated_items_with_their_language(site):
    items = published(site)
    for lang in LANGS:
        for section in ("news", "events", "resources", "members", "pages"):
            expected = {
                item.key
                for item in items
                if item.section == section and not (section == "pages" and item.key == "home")
            }
            seen, fallback = set(), 0
            path = f"{lang}/{PATHS[lang][section]}/"
            while path:
                doc = site.page(path)
                for entry in doc.xpath("//li[contains(concat(' ', @class, ' '), ' entry ')]"):
                    seen.add(entry.get("id").split("-", 1)[1])
                    article = entry.find("article")
                    if article.get("lang"):
                        fallback += 1
                        assert article.get("lang") != lang
                        link = article.find(".//a")
                        assert link.get("hreflang") == article.get("lang")
                        label = entry.find(".//p[@class='fallback-label']")
                        assert label.get("lang") == lang and label.text
                next_link = doc.find(".//a[@rel='next']")
                path = next_link.get("href").lstrip("/") if next_link is not None else None
            assert seen == expected, (lang, section)
            missing_here = sum(
                1 for i in items if i.section == section and lang not in i.published_translations() and i.key != "home"
            )
            assert fallback == missing_here


def test_fallback_order_follows_settings(generated_site):
    """An lb reader sees the German version first when there is no Luxembourgish one (lb → de → fr → en)."""
    items = published(generated_site)
    order = FALLBACKS["lb"]
    checked = 0
    for item in items:
        available = item.published_translations()
        if "lb" in available or item.section == "pages":
            continue
        expected = next(lang for lang in order if lang in available)
        section_path = PATHS["lb"][item.section]
        path = f"lb/{section_path}/"
        while path:
            doc = generated_site.page(path)
            entry = doc.xpath(f"//li[@id='{item.section}-{item.key}']")
            if entry:
                assert entry[0].find("article").get("lang") == expected
                checked += 1
                break
            next_link = doc.find(".//a[@rel='next']")
            path = next_link.get("href").lstrip("/") if next_link is not None else None
        else:
            pytest.fail(f"{item.key} not listed in lb")
    assert checked


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("lb", "Dënschdeg, 26. Juni 2018"),
        ("de", "Dienstag, 26. Juni 2018"),
        ("fr", "mardi 26 juin 2018"),
        ("en", "Tuesday, 26 June 2018"),
    ],
)
def test_dates_are_formatted_for_the_page_language(demo_site, lang, expected):
    doc = demo_site.page(f"{lang}/{PATHS[lang]['news']}/")
    dates = [t.text for t in doc.iterfind(".//time")]
    assert expected in dates


def test_formatted_texts_kept_per_value_never_mix_values_that_compare_equal():
    """Formats keeps each text it formatted (a date shows on many pages): the same instant in two time zones,
    or 1 and 1.5 and 1.0, are still each formatted as themselves."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from ess_i18n.formatting import Formats

    formats = Formats({"fr": "fr_FR", "de": "de_DE"})
    local = dt.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Luxembourg"))
    universal = local.astimezone(dt.UTC)
    assert local == universal
    assert [formats.time_of_day(when, "fr") for when in (local, universal, local)] == ["10:00", "08:00", "10:00"]
    assert [formats.number(value, "de") for value in (1, 1.5, 1.0, 1)] == ["1", "1,5", "1", "1"]
    assert formats.date_long(local, "de") != formats.date_long(local, "fr")
    later = local + dt.timedelta(hours=2)
    shown = formats.date_range(local, later, "de", timezone="Europe/Luxembourg", show_zone=True)
    assert shown != formats.date_range(local, later, "de", timezone="Europe/Luxembourg")
    assert shown == formats.date_range(local, later, "de", timezone="Europe/Luxembourg", show_zone=True)


def test_no_link_climbs_between_languages(site):
    for html_file in site.html_files():
        text = html_file.read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]*/\.\./', text), html_file


def test_every_internal_link_resolves(site):
    broken = site.broken_links()
    assert not broken, broken[:10]


def test_root_is_a_language_chooser_without_redirect(demo_site):
    doc = demo_site.page("")
    choices = doc.findall(".//ul[@class='languages']/li")
    assert [li.get("lang") for li in choices] == list(LANGS)
    assert [li.find("a").get("href") for li in choices] == [f"/{lang}/" for lang in LANGS]
    assert doc.find(".//meta[@http-equiv='refresh']") is None
    texts = {li.get("lang"): li.text_content() for li in choices}
    assert "Lëtzebuergesch" in texts["lb"] and "Deutsch" in texts["de"]
    assert _alternates(doc)["x-default"] == "/"
    assert set(_alternates(doc)) == {*LANGS, "x-default"}
    script = doc.find(".//script")
    assert script.get("src") and not (script.text or "").strip()


def test_each_language_has_home_404_and_menu(demo_site):
    for lang in LANGS:
        home = demo_site.page(f"{lang}/")
        assert home.get("lang") == lang
        menu = home.find(".//nav[@class='main-menu']")
        assert menu is not None and menu.findall(".//a")
        missing = demo_site.page(f"{lang}/404.html")
        # no robots noindex: hosts answer it with status 404, which no search engine indexes (and
        # Lighthouse's SEO audit fails a page that blocks indexing); no canonical address either
        assert missing.find(".//meta[@name='robots']") is None
        assert missing.find(".//link[@rel='canonical']") is None
    root_404 = demo_site.page("404.html")
    assert {li.get("lang") for li in root_404.findall(".//ul[@class='languages']/li")} == set(LANGS)


def test_menu_marks_pages_in_another_language(site):
    """A menu page missing in a language is still in that language's menu, marked with its own language."""
    menu_pages = [i for i in published(site) if i.section == "pages" and "menu" in i.neutral and i.key != "home"]
    assert menu_pages
    for lang in LANGS:
        links = site.page(f"{lang}/").findall(".//nav[@class='main-menu']//a")
        marked = {a.findtext("span"): a.get("hreflang") for a in links if a.get("hreflang")}
        for item in menu_pages:
            if lang in item.published_translations():
                assert item.translations[lang].title not in marked
            else:
                shown = next(t for t in item.translations.values() if t.lang in marked.values() and t.title in marked)
                assert marked[shown.title] == shown.lang


def test_the_templates_cheaper_calls_give_what_jinjas_give():
    """ess_pages.template_calls: plain functions called at once, `_()` translated once per string, values
    written without a Markup each; the same output as Jinja's own context, i18n callables and escaping,
    including the context handed to pass_context functions, loop variables they see, escaped variables, a
    literal percent sign, values of every kind, blocks and macros (whose output is Markup) and a block that
    does not escape."""
    import gettext

    from jinja2 import DictLoader, Environment, pass_context
    from markupsafe import Markup

    from ess_pages import template_calls

    class Catalog(gettext.NullTranslations):
        def gettext(self, message):
            return {"Hello %(name)s": "Salut <em>%(name)s</em>", "Save 100%%": "Économisez 100%%"}.get(message, message)

    source = (
        "{{ _('Hello %(name)s', name=who) }}|{{ _('Save 100%%') }}|{{ _('Save 100%%') }}|{{ gettext('x <b>') }}|"
        "{% for n in [1, 2] %}{% set inner = n * 10 %}{{ seen(n) }},{{ plain(n) }},{{ method(n) }};{% endfor %}"
        "{{ (plain)(3) }}|{{ builtin([1, 2]) }}|{% set got = kept(who=who) %}{{ got }}|"
        "{{ who }}|{{ marked }}|{{ 5 }}|{{ 2.5 }}|{{ none }}|{{ nothing }}|{{ html }}|{{ nested }}|{{ [who] }}|"
        "{{ who ~ marked }}|"
        "{% set block %}<i>{{ who }}</i>{% endset %}{{ block }}|{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(who) }}|"
        "{% autoescape false %}{{ who }}{% endautoescape %}|{% autoescape flag %}{{ who }}{% endautoescape %}"
    )

    class Html:
        def __html__(self):
            return "<b>safe</b>"

    class Nested:  # __html__ giving an object with its own __html__: markupsafe asks that one too
        def __html__(self):
            return Html()

    @pass_context
    def seen(context, n):
        return f"{context['lang']}:{n}:{context.get('inner')}"

    class Kept:
        def __call__(self, **variables):
            return sorted(variables.items())

    outputs = []
    for cheaper in (False, True):
        env = Environment(loader=DictLoader({"t.html": source}), extensions=["jinja2.ext.i18n"], autoescape=True)
        env.globals.update(seen=seen, plain=lambda n: f"<{n}>", method="{}!".format, builtin=len, kept=Kept())
        if cheaper:
            template_calls.install(env)
            template_calls.install_language(env, Catalog())
        else:
            env.install_gettext_translations(Catalog(), newstyle=True)
        template = env.get_template("t.html")
        assert ("environment.output_text(" in env.compile(source, raw=True)) is cheaper
        outputs.append(
            template.render(
                lang="fr",
                who="<Ana & Bo>",
                marked=Markup("<q>&amp;</q>"),
                html=Html(),
                nested=Nested(),
                none=None,
                flag=True,
            )
        )
    assert outputs[0] == outputs[1]
    finalized = []
    for cheaper in (False, True):  # the environment's finalize, if any, applies before the escaping
        env = Environment(autoescape=True, finalize=lambda value: "–" if value is None else value)
        if cheaper:
            template_calls.install(env)
        finalized.append(
            env.from_string("{{ empty }}|{{ who }}|{{ marked }}").render(empty=None, who="<a>", marked=Markup("<b>"))
        )
    assert finalized == ["–|&lt;a&gt;|<b>"] * 2
    assert "|&lt;Ana &amp; Bo&gt;|<q>&amp;</q>|5|2.5|None||<b>safe</b>|<b>safe</b>|" in outputs[1]
    assert "|<i>&lt;Ana &amp; Bo&gt;</i>|[&lt;Ana &amp; Bo&gt;]|<Ana & Bo>|&lt;Ana &amp; Bo&gt;" in outputs[1]
    assert (
        "Salut <em>&lt;Ana &amp; Bo&gt;</em>|Économisez 100%|Économisez 100%|x <b>|fr:1:10,&lt;1&gt;,1!;" in outputs[1]
    )
