"""axe-core in headless Chromium: no WCAG 2.2 A/AA violation on any template, in any language."""

from __future__ import annotations

from urllib.parse import quote

from browser import run_axe
from ess_search.partition import load_published

from conftest import LANGS, PATHS

SECTIONS = ("news", "events", "resources", "members", "pages")


def representative_pages(site) -> list[str]:
    """One URL path per template and language: root, home, listings, one item per type, tags, 404."""
    paths = ["/", "/404.html"]
    for lang in LANGS:
        paths += [f"/{lang}/", f"/{lang}/404.html", f"/{lang}/{PATHS[lang]['tags']}/"]
        tags = sorted(p for p in (site.output / lang / PATHS[lang]["tags"]).iterdir() if p.is_dir())
        if tags:
            paths.append(f"/{lang}/{PATHS[lang]['tags']}/{tags[0].name}/")
        for section in SECTIONS:
            base = site.output / lang / PATHS[lang][section]
            paths.append(f"/{base.relative_to(site.output)}/")
            items = sorted(p for p in base.iterdir() if p.is_dir() and p.name != "page")
            if items:
                paths.append(f"/{items[0].relative_to(site.output)}/")
    for lang in LANGS:  # the search page showing results for a word of the first indexed title
        store = load_published(site.output / "search" / f"{lang}.json")[1]
        word = next((w for w in store[0][1].split() if len(w) > 3), "a") if store else "a"
        paths.append(f"/{lang}/{PATHS[lang]['search']}/?q={quote(word)}")
    for lang in LANGS:  # free pages live right under the language
        free = sorted(p for p in (site.output / lang).iterdir() if p.is_dir() and p.name not in _reserved(lang))
        if free:
            paths.append(f"/{lang}/{free[0].name}/")
    return paths


def _reserved(lang: str) -> set[str]:
    return {PATHS[lang][s] for s in SECTIONS} | {
        PATHS[lang]["tags"],
        PATHS[lang]["search"],
    }


def test_the_audit_can_fail(browser_page, served_generated):
    """Guard against a silent harness: a page made inaccessible on purpose must be reported."""
    browser_page.goto(served_generated.url + "/en/")
    browser_page.evaluate("() => { document.documentElement.removeAttribute('lang'); }")
    assert "html-has-lang" in {v["id"] for v in run_axe(browser_page)}
