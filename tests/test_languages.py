"""Adding a language is a command (`make language CODE=nl`), and `check` answers what the build would.

The Dutch site is a copy of the project's own settings and catalogs in a temporary site folder (the
command writes there, never into the project) with a content tree the project has not seen.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from lxml import html as lxml_html

from conftest import ROOT, require, run_cli, tree_digest, write_tree

EPOCH = {"SOURCE_DATE_EPOCH": "1782432000"}  # 2026-06-26

NL_TREE = {
    "news/cooperatives/nl.md": "---\ntitle: Coöperaties in de Grote Regio\ndate: 2024-03-12\n"
    "summary: Sociale coöperaties werken over de grenzen heen samen.\ntags: [samenwerking]\n---\n"
    "De coöperaties bouwen korte ketens op tussen Lotharingen en Luxemburg.\n",
    "news/cooperatives/fr.md": "---\ntitle: Des coopératives dans la Grande Région\n---\nLes coopératives.\n",
    "news/only-german/de.md": "---\ntitle: Nur auf Deutsch\ndate: 2023-05-02\n---\nText.\n",
    "events/fair/nl.md": "---\ntitle: Beurs voor sociale ondernemers\nstart: 2026-10-08 09:30\nend: 2026-10-08 17:00\n"
    "city: Luxembourg\n---\nEen dag vol ontmoetingen.\n",
}


@pytest.fixture(scope="module")
def dutch_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("dutch")
    site = root / "site"
    site.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, site / name)
    shutil.copytree(ROOT / "translations", site / "translations")
    project_before = tree_digest(ROOT / "plugins") | tree_digest(ROOT / "theme")
    added = run_cli("language", "nl", "--site", site)
    assert added.returncode == 0, added.stderr
    assert tree_digest(ROOT / "plugins") | tree_digest(ROOT / "theme") == project_before
    write_tree(site / "content", NL_TREE)
    built = run_cli("build", "--site", site, "--output", root / "output", env=EPOCH)
    assert built.returncode == 0, built.stderr
    return site, root / "output", added, built


def page(output, relative):
    path = output / relative
    folder = relative == "" or relative.endswith("/")
    return lxml_html.fromstring((path / "index.html" if folder else path).read_bytes())


def test_the_command_declares_the_language_and_creates_its_catalog(dutch_site):
    site, _, added, built = dutch_site
    settings = (site / "pelicanconf.py").read_text(encoding="utf-8")
    assert '"nl": {' in settings and '"locale": "nl_NL"' in settings and '"search": "stemmer"' in settings
    assert (site / "translations" / "nl" / "LC_MESSAGES" / "messages.po").is_file()
    # an incomplete catalog builds, with one warning naming it and the count
    [warning] = [line for line in built.stderr.splitlines() if "messages.po" in line]
    assert "nl/LC_MESSAGES/messages.po" in warning and "not translated" in warning
    again = run_cli("language", "nl", "--site", site)
    assert again.returncode == 2 and "already declared" in again.stderr


def test_dutch_pages_have_their_language_alternates_and_dates(dutch_site):
    _, output, _, _ = dutch_site
    doc = page(output, "nl/news/cooperaties-in-de-grote-regio/")
    assert doc.get("lang") == "nl"
    alternates = {link.get("hreflang"): link.get("href") for link in doc.xpath("//link[@rel='alternate'][@hreflang]")}
    assert alternates == {
        "nl": "/nl/news/cooperaties-in-de-grote-regio/",
        "fr": "/fr/actualites/des-cooperatives-dans-la-grande-region/",
        "x-default": "/",
    }
    french = page(output, "fr/actualites/des-cooperatives-dans-la-grande-region/")
    assert "/nl/news/cooperaties-in-de-grote-regio/" in french.xpath("//link[@hreflang='nl']/@href")
    assert "dinsdag 12 maart 2024" in doc.text_content()
    event = page(output, "nl/events/beurs-voor-sociale-ondernemers/")
    assert "donderdag 8 oktober 2026" in event.text_content()


def test_the_root_chooser_and_fallbacks_include_the_new_language(dutch_site):
    _, output, _, _ = dutch_site
    root = page(output, "")
    assert "/nl/" in root.xpath("//ul[@class='languages']//a/@href")
    assert root.xpath("//li[@lang='nl']//span[@class='language-name']/text()") == ["Nederlands"]
    listing = page(output, "nl/news/")
    german = listing.xpath("//li[@id='news-only-german']//article")
    assert german and german[0].get("lang") == "de"
    assert german[0].xpath(".//a/@href")[0] == "/de/aktuelles/nur-auf-deutsch/"


def test_an_inflected_dutch_query_finds_its_item(dutch_site):
    site, output, _, _ = dutch_site
    require(shutil.which("node") is not None, "node")
    from ess_search.partition import load_published
    from ess_search.vendor import search_pipelines

    from ess_build.build import settings_for, site_config

    pipelines = search_pipelines(site_config(settings_for(publish=False, site=site)))
    request = {
        "pipelines": pipelines,
        "sites": {"nl": {"entry": str(output / "search" / "nl.json"), "full": None}},
        "queries": {"nl": ["coöperatie", "samenwerkingen", "ondernemer"]},
    }
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "search_parity.js"), str(ROOT / "node_modules"),
         str(ROOT / "theme" / "static" / "js" / "search-pipelines.js")],
        input=json.dumps(request), capture_output=True, text=True, check=True,
    )  # fmt: skip
    store = load_published(output / "search" / "nl.json")[1]
    found = {
        query: [store[int(ref)][1] for ref, _ in answer["results"]]
        for query, answer in json.loads(result.stdout)["nl"].items()
    }
    assert found["coöperatie"][:1] == ["Coöperaties in de Grote Regio"]
    assert found["samenwerkingen"][:1] == ["Coöperaties in de Grote Regio"]
    assert found["ondernemer"][:1] == ["Beurs voor sociale ondernemers"]
    assert list((output / "theme" / "js" / "vendor").glob("lunr.nl.min.*.js"))  # (fingerprinted name)


# -- check answers exactly what the build would -------------------------------------------------------

DRAFT_CLASH = {
    "news/first/fr.md": "---\ntitle: Même titre\ndate: 2024-01-01\nstatus: draft\n---\n",
    "news/second/fr.md": "---\ntitle: Même titre\ndate: 2024-01-02\nstatus: draft\n---\n",
}


@pytest.mark.parametrize("publish", [False, True])
def test_check_exits_as_the_build_does_on_two_drafts_with_one_address(tmp_path, publish):
    content = write_tree(tmp_path / "content", DRAFT_CLASH)
    flag = ["--publish"] if publish else []
    checked = run_cli("check", "--content", content, *flag)
    built = run_cli(
        "build", "--content", content, "--output", tmp_path / "out", *flag, env={"SITEURL": "https://x.org"}
    )
    assert checked.returncode == built.returncode == (0 if publish else 1), (checked.stderr, built.stderr)
    if not publish:
        assert "news/second/fr.md:2: field 'slug'" in checked.stderr
        assert checked.stderr.splitlines()[:-1] == built.stderr.splitlines()[:-1]


def test_an_organiser_published_only_as_a_draft_is_no_traceback(tmp_path):
    content = write_tree(
        tmp_path / "content",
        {
            "members/coop/fr.md": "---\ntitle: Coop\nterritory: lorraine\nkind: ess-enterprise\nstatus: draft\n---\n",
            "events/meeting/fr.md": "---\ntitle: Réunion\nstart: 2026-09-01 10:00\norganisers: [coop]\n---\n",
        },
    )
    result = run_cli(
        "build", "--publish", "--content", content, "--output", tmp_path / "out", env={"SITEURL": "https://x.org"}
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "the member 'coop' is not published" in result.stderr
    html = (tmp_path / "out" / "fr" / "agenda" / "reunion" / "index.html").read_text(encoding="utf-8")
    assert 'href=""' not in html and "Coop" not in html and '"organizer"' not in html
    calendar = (tmp_path / "out" / "fr" / "agenda" / "reunion" / "reunion.ics").read_text(encoding="utf-8")
    assert "ORGANIZER" not in calendar
