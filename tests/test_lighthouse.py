"""Lighthouse 12 (npm, pinned; mobile preset) in Debian's Chromium on a published build of the demo,
served by nginx with the generated configuration when it is installed (as in CI), in one Chromium per process:
every type of page once (root, root 404, home, 404, a listing and an item of every section, an item with a
photo, tag index, tag page, search page with and without ``?q=``), the languages taken in turn from one type
to the next, plus the members directory and the search page with a query in every language.
Accessibility, best practices and SEO must score 100, the layout shift (CLS) stay at most 0.02 and no
audit about images fail; only those are gathered (Lighthouse's --only-categories, no performance score).
The performance score depends on the machine: bench/lighthouse.py reports it, nothing asserts it."""

from __future__ import annotations

import shutil

import pytest
from browser import CHROMIUM
from lighthouse import audit_paths, page_types, run_lighthouse, serving_published, site_config, table

from conftest import LANGS, ROOT, require

RUNNER_PACKAGE = ROOT / "node_modules" / "lighthouse" / "package.json"
PERFECT = ("accessibility", "best-practices", "seo")
MAX_CLS = 0.02


@pytest.fixture(scope="session")
def lighthouse_report():
    require(CHROMIUM.is_file() or shutil.which("chromium") is not None, "Debian's chromium (/usr/bin/chromium)")
    require(RUNNER_PACKAGE.is_file(), "node_modules/lighthouse (npm ci)")
    with serving_published(ROOT / "content") as (origin, output, _server):
        types = page_types(output, site_config())
        pairs = audit_paths(output, site_config(), every_language=False)
        results = run_lighthouse([origin + path for _label, path in pairs], quick=True)
    report = [label for label, _path in pairs], results
    print("\n" + table(*report))
    return types, report


def test_every_type_of_page_and_every_language_is_audited(lighthouse_report):
    types, (labels, _results) = lighthouse_report
    assert {"root", "rootnotfound", "home", "notfound", "tags", "tag", "search", "search ?q="} <= set(types)
    assert {"members directory", "item with a photo"} <= set(types)
    sections = set(site_config().sections)
    assert {f"listing {name}" for name in sections - {"members"}} <= set(types)
    assert {f"item {name}" for name in sections} <= set(types)
    audited = {
        (label, lang) for label, by_lang in types.items() for lang in by_lang if f"{label} {lang}".strip() in labels
    }
    assert {label for label, _lang in audited} == set(types)  # every type once
    assert {lang for _label, lang in audited} == {"", *LANGS}  # every language somewhere
    for label in ("members directory", "search ?q="):  # these in every language
        assert {lang for audited_label, lang in audited if audited_label == label} == set(LANGS)


def test_accessibility_best_practices_and_seo_are_perfect_and_nothing_shifts(lighthouse_report):
    _types, (labels, results) = lighthouse_report
    problems = []
    for label, entry in zip(labels, results, strict=True):
        if entry["runtimeError"]:
            problems.append(f"{label}: {entry['runtimeError']}")
            continue
        for category in PERFECT:
            if entry["scores"][category] != 1:
                problems.append(f"{label}: {category} {entry['scores'][category]}")
        problems += [f"{label}: {failing}" for failing in entry["failing"]]
        if entry["cls"] > MAX_CLS:
            problems.append(f"{label}: CLS {entry['cls']:.3f}")
    assert not problems, "\n".join(problems)
