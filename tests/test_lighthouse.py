"""Lighthouse 12 (npm, pinned; mobile preset) in Debian's Chromium on a published build of the demo,
served by nginx with the generated configuration when it is installed (as in CI): one page of every kind, plus the members directory and the search page with a query in every language.
Accessibility, best practices and SEO must score 100 and the layout shift (CLS) stay at most 0.02.
The performance score depends on the machine: bench/lighthouse.py reports it, nothing asserts it."""

from __future__ import annotations

import shutil

import pytest
from browser import CHROMIUM
from lighthouse import audit_paths, run_lighthouse, serving_published, site_languages, table

from conftest import ROOT, require

RUNNER_PACKAGE = ROOT / "node_modules" / "lighthouse" / "package.json"
PERFECT = ("accessibility", "best-practices", "seo")
MAX_CLS = 0.02


@pytest.fixture(scope="session")
def lighthouse_report():
    require(CHROMIUM.is_file() or shutil.which("chromium") is not None, "Debian's chromium (/usr/bin/chromium)")
    require(RUNNER_PACKAGE.is_file(), "node_modules/lighthouse (npm ci)")
    with serving_published(ROOT / "content") as (origin, output, _server):
        pairs = audit_paths(output, site_languages(output))
        results = run_lighthouse([origin + path for _label, path in pairs])
    report = [label for label, _path in pairs], results
    print("\n" + table(*report))
    return report


def test_every_kind_of_page_is_audited(lighthouse_report):
    labels, _results = lighthouse_report
    kinds = {label.split(" ")[0] for label in labels}
    assert {"root", "rootnotfound", "home", "item", "listing", "tags", "tag", "notfound", "search"} <= kinds
    assert sum(label.startswith("members directory") for label in labels) + 1 >= sum(
        label.startswith("search ?q=") for label in labels
    )


def test_accessibility_best_practices_and_seo_are_perfect_and_nothing_shifts(lighthouse_report):
    labels, results = lighthouse_report
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
