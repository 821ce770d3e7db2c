"""Every generated HTML page passes the Nu HTML Checker (npm vnu-jar, run with Java) without errors."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import ROOT, require

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(site):
    require(shutil.which("java") is not None, "Java (for the Nu HTML Checker)")
    require(VNU.is_file(), "node_modules/vnu-jar (npm ci)")
    pages = site.html_files()
    assert pages
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(site.output)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or '{"messages": []}')
    errors = [
        f"{m.get('url', '').split('/output/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in report["messages"]
    ]
    assert not errors, "\n".join(errors[:20])
    assert result.returncode == 0
