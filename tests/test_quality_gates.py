"""One pass over each built site that counts what the quality gates forbid, and prints the table:
pages checked, accessibility violations (axe-core), invalid pages (Nu HTML Checker), broken internal
links, CSP violations (every page loaded in Chromium under the header policy). All must be zero."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from browser import run_axe
from test_accessibility import representative_pages

from conftest import ROOT, require

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REPORTS = ROOT / ".cache" / "quality"


def invalid_pages(folder) -> list[str]:
    require(shutil.which("java") is not None, "Java (for the Nu HTML Checker)")
    require(VNU.is_file(), "node_modules/vnu-jar (npm ci)")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_quality_gates(request, chromium, which):
    site = request.getfixturevalue(f"{which}_site")
    server = request.getfixturevalue(f"served_{which}")
    pages = site.html_files()

    context = chromium.new_context()
    page = context.new_page()
    csp, errors, foreign = [], [], []
    page.on(
        "console",
        lambda m: (
            (csp if "Content Security Policy" in m.text else errors).append(m.text) if m.type == "error" else None
        ),
    )
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(server.url) else None)
    for path in pages:
        page.goto(server.url + "/" + str(path.relative_to(site.output)).removesuffix("index.html"))
    accessibility = []
    for path in representative_pages(site):
        page.goto(server.url + path)
        if "?q=" in path:  # audit the page with its results shown
            page.wait_for_function("() => document.getElementById('search-status').textContent.length > 0")
        accessibility += [f"{path}: {v['id']}: {v['help']} {v['targets']}" for v in run_axe(page)]
    context.close()

    invalid, broken = invalid_pages(site.output), site.broken_links()
    rows = [
        ("pages checked", len(pages)),
        ("accessibility violations", len(accessibility)),
        ("invalid pages", len({line.split(":", 1)[0] for line in invalid})),
        ("broken links", len(broken)),
        ("CSP violations", len(csp)),
        ("third-party requests", len(foreign)),
        ("script errors", len(errors)),
    ]
    table = f"Quality gates ({which} site)\n" + "\n".join(f"  {name:<26}{value:>6}" for name, value in rows)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{which}.txt").write_text(table + "\n", encoding="utf-8")
    print(table)
    assert len(pages) > 40
    details = accessibility + invalid + broken + csp + foreign + errors
    assert all(value == 0 for _, value in rows[1:]), table + "\n" + "\n".join(details[:30])


def test_the_html_checker_can_fail(tmp_path):
    (tmp_path / "bad.html").write_text("<!doctype html><html><head></head><body><p><div></p></body></html>")
    assert invalid_pages(tmp_path)
