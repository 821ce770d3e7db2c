"""Scenarios a visitor plays in a real browser: switch language, filter, keyboard only, small screens."""

from __future__ import annotations

import json

import pytest

from conftest import LANGS, PATHS


def _first_item_with_translations(site, section="news"):
    """An item path in fr whose switcher has a translated and (if any) an untranslated target."""
    base = site.output / "fr" / PATHS["fr"][section]
    translated, untranslated = None, None
    for index in sorted(base.glob("*/index.html")):
        doc = site.page(str(index.relative_to(site.output)))
        links = doc.findall(".//nav[@class='switcher']//a")
        kinds = {("untranslated" in (a.get("class") or "")) for a in links if a.get("aria-current") is None}
        path = "/" + str(index.parent.relative_to(site.output)) + "/"
        if False in kinds and translated is None:
            translated = path
        if True in kinds and untranslated is None:
            untranslated = path
    return translated, untranslated


def test_switching_language_on_an_item_lands_on_its_translation(browser_page, generated_site, served_generated):
    translated, untranslated = _first_item_with_translations(generated_site)
    assert translated and untranslated
    page = browser_page
    page.goto(served_generated.url + translated)
    link = page.locator("nav.switcher a.untranslated").first
    target = page.locator("nav.switcher a:not(.untranslated):not([aria-current])").first
    lang = target.get_attribute("hreflang")
    target.click()
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.lang") == lang
    assert page.locator("nav.switcher a[aria-current]").get_attribute("hreflang") == lang
    # an untranslated target leads to that language's list, at the item, and says so
    page.goto(served_generated.url + untranslated)
    link = page.locator("nav.switcher a.untranslated").first
    assert link.locator(".note").inner_text().strip("()")
    lang = link.get_attribute("hreflang")
    link.click()
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.lang") == lang
    target_entry = page.locator("li.entry:target")
    assert target_entry.count() == 1
    assert target_entry.locator(".fallback-label").count() == 1
    assert not page.problems, page.problems


@pytest.mark.parametrize("javascript", [True, False])
def test_member_filters_are_links_to_lists_of_one_value(chromium, generated_site, served_generated, javascript):
    """The directory is narrowed by following a link (with or without scripts): the territory's own list,
    every member on it from that territory, the link marked current, the map showing the same members."""
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(served_generated.url + f"/lb/{PATHS['lb']['members']}/")
    facets = page.locator("nav.facets")
    assert facets.is_visible()
    link = facets.locator("#facet-territory ~ ul a:not([aria-current])").first
    name = link.inner_text().rsplit("(", 1)[0].strip()
    count = int(link.locator(".count").inner_text().strip("()"))
    link.click()
    page.wait_for_load_state()
    assert page.locator("nav.facets a[aria-current]").inner_text().startswith(name)
    listed = page.locator("li.entry-members")
    assert 0 < listed.count() <= count
    assert all(text == name for text in listed.locator(".territory").all_inner_texts())
    assert name in page.locator("h1").inner_text()
    points = page.locator(".member-map a")
    assert points.count() in (0, listed.count())  # a map needs two located members
    context.close()


def test_keyboard_reaches_skip_link_menu_switcher_and_main(browser_page, served_generated):
    page = browser_page
    page.goto(served_generated.url + "/en/")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                return { cls: e.className, nav: e.closest('nav') ? e.closest('nav').className : '',
                         text: e.textContent.trim(), outline: s.outlineStyle, width: s.outlineWidth }; }"""
        )
        reached.append(info)
    assert reached[0]["cls"] == "skip-link"
    assert any(r["nav"] == "switcher" for r in reached)
    assert any(r["nav"] == "main-menu" for r in reached)
    assert all(r["outline"] != "none" and r["width"] != "0px" for r in reached[:10]), reached[:10]
    page.goto(served_generated.url + "/en/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("width", [320, 640])
def test_no_horizontal_scrolling_at_320_px_or_200_percent_zoom(chromium, generated_site, served_generated, width):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = []
    paths = ["/", "/fr/"]
    for lang in LANGS:
        paths += [f"/{lang}/{PATHS[lang][s]}/" for s in ("news", "events", "resources", "members")]
    translated, _ = _first_item_with_translations(generated_site, "events")
    paths.append(translated)
    for path in paths:
        page.goto(served_generated.url + path)
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide.append((path, scroll, client))
    context.close()
    assert not wide, wide


def test_root_remembers_the_language_without_redirecting(browser_page, served_generated):
    page = browser_page
    page.goto(served_generated.url + "/")
    assert page.locator("[data-remembered]:visible").count() == 0
    page.goto(served_generated.url + "/lb/")
    page.goto(served_generated.url + "/")
    assert page.url == served_generated.url + "/"
    remembered = page.locator("[data-remembered]:visible")
    assert remembered.count() == 1 and remembered.get_attribute("lang") == "lb"
    assert not page.problems, page.problems


def test_search_loads_nothing_until_focus_then_finds_and_opens_a_result(browser_page, generated_site, served_generated):
    page = browser_page
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(served_generated.url + "/fr/")
    assert not [u for u in requested if "/search/" in u or "lunr" in u or "search.js" in u]
    page.click("#site-search-q")
    # the word as one input (as pasted or dictated): a pause while typing it a key at a time can search a part
    # of it first ("Aucun résultat pour « é »", seen once in a loaded CI run), and its results' store chunks
    page.keyboard.insert_text("économie")
    status = page.locator(".site-search [role=status]")
    status.wait_for(state="visible")
    page.wait_for_function("() => /^[0-9]/.test(document.querySelector('.site-search [role=status]').textContent)")
    assert status.inner_text()[0].isdigit()
    fetched = [u.removeprefix(served_generated.url) for u in requested if "/search/" in u]
    assert fetched and all(u.startswith(("/search/fr.json", "/search/fr/")) for u in fetched), fetched  # only fr
    # only the index shards the typed prefixes fall in, and the store chunks of the results shown
    entry = json.loads((generated_site.output / "search" / "fr.json").read_text(encoding="utf-8"))
    shards = {u.rsplit("/", 1)[1] for u in fetched if u.rsplit("/", 1)[1].startswith("t")}
    chunks = {u.rsplit("/", 1)[1] for u in fetched if u.rsplit("/", 1)[1].startswith("d")}
    assert 0 < len(shards) < len(entry["shards"]), fetched
    shown = page.locator(".site-search .search-result").count()  # (the other languages' results: no chunk)
    assert 0 < len(chunks) <= shown <= 8 and len(chunks) < -(-entry["documents"] // entry["chunk"]), fetched
    assert page.locator(".site-search mark").count() > 0  # terms highlighted
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(focused)
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    assert not page.problems, page.problems


def test_search_scripts_are_asked_for_at_once_and_each_fetched_once(browser_page, served_generated):
    """site.js preloads what search.js then loads one after the other (one round trip, not one per script):
    the preloads are used, so no script is fetched twice."""
    page = browser_page
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(served_generated.url + "/de/")
    page.click("#site-search-q")
    page.wait_for_function("() => window.essSearch !== undefined")
    preloaded = page.eval_on_selector_all("link[rel=preload][as=script]", "links => links.map(l => l.href)")
    scripts = [url for url in requested if url.endswith(".js")]
    assert len(preloaded) >= 2 and set(preloaded) <= set(scripts), (preloaded, scripts)
    assert len(scripts) == len(set(scripts)), scripts
    assert not page.problems, page.problems


def test_search_page_reads_q_filters_by_type_and_suggests_other_languages(browser_page, served_generated):
    page = browser_page
    page.goto(served_generated.url + "/en/search/?q=insertion")
    status = page.locator("#search-status")
    page.wait_for_function("() => document.getElementById('search-status').textContent.length > 0")
    # "insertion" is a French word: nothing in English, suggestions from the other languages
    assert status.inner_text().startswith("No results")
    page.wait_for_function("() => document.querySelectorAll('.search-others li').length > 0")
    suggestion = page.locator(".search-others li").first
    assert suggestion.get_attribute("lang") in ("fr", "de", "lb")
    assert suggestion.locator("a").get_attribute("hreflang") == suggestion.get_attribute("lang")
    page.fill("#search-q", "cooperatives")
    page.wait_for_function("() => /^[0-9]/.test(document.getElementById('search-status').textContent)")
    # the first 20 results show at once, 20 more each time the end of the list comes into view
    count = int(page.locator("#search-status").inner_text().split()[0])
    assert count > 20 and page.locator("#search-results > ul > li").count() == 20, count
    page.locator("#search-results > ul > li").last.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelectorAll('#search-results > ul > li').length > 20")
    total = page.locator("#search-results > ul > li").count()
    page.select_option("#search-type", "news")
    page.wait_for_timeout(300)
    sections = page.locator("#search-results > ul .search-result-meta").all_inner_texts()
    assert sections and all(text.startswith("News") for text in sections)
    assert len(sections) <= total
    assert "q=cooperatives" in page.url
    assert not page.problems, page.problems
