"""Search indexes: files, traps known from lunr.py (shared/domain.md), and parity with lunr.js."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from ess_search.normaliser import Normaliser
from ess_search.query import learn_queries, load_index, run_query
from ess_search.tokens import tokenize
from ess_search.vendor import search_pipelines

from conftest import LANGS, ROOT, build, build_files, require
from ess_build.build import settings_for, site_config

PIPELINES = ROOT / "theme" / "static" / "js" / "search-pipelines.js"
# the pipelines the site declares (pelicanconf.py LANGUAGES), as the browser receives them
DECLARED_PIPELINES = search_pipelines(site_config(settings_for(publish=False)))
MODULES = ROOT / "node_modules"

TRICKY = {
    "news/elisions/fr.md": "---\ntitle: La convention d'affaires de l’économie sociale\ndate: 2019-06-06\n"
    "summary: Rencontres B2B à Mont-Saint-Martin — 590 rendez-vous!\ntags: [achats responsables]\n---\n"
    "L'ÉCONOMIE circulaire, c’est l’affaire de tous 🌱🚀 : voir example.com. (édition 2019)…\n",
    "news/elisions/de.md": "---\ntitle: D'Zukunft der Sozialwirtschaft\n---\nGrenzüberschreitende Zusammenarbeit "
    "und Kreislaufwirtschaft 💡 in der Großregion: Straße, Bürgerinnen, „Zitate“!\n",
    "news/elisions/lb.md": "---\ntitle: D'Zukunft vun der Sozial- a Solidarwirtschaft zu Lëtzebuerg\n---\n"
    "Mir schaffen zesummen 🙂 fir eng Ekonomie, déi d'Leit an d'Ëmwelt respektéiert. Éischt Konventioun!\n",
    "news/elisions/en.md": "---\ntitle: Cross-border business convention\n---\nResponsible purchasing, "
    "work-integration and the circular economy 🌍 — see example.com. (it's 2019's first).\n",
    "events/webinar/fr.md": '---\ntitle: "Webinaire : clauses sociales"\nstart: 2027-03-04 10:00\n'
    "venue: Maison de l'économie sociale\ncity: Esch-sur-Alzette\n---\nInscriptions ouvertes.\n",
    "members/coop/de.md": "---\ntitle: Genossenschaft Beispiel\nterritory: saarland\nkind: ess-enterprise\n"
    "themes: [circular-economy]\nlegal_form: eingetragene Genossenschaft\ncity: Saarbrücken\n---\nReparatur.\n",
    "resources/guide/en.md": "---\ntitle: Buying responsibly\ndate: 2020-01-01\ntype: guide\n"
    "url: https://example.org/guide\npublisher: Région Grand Est\n---\nA guide.\n",
}
QUERIES = {
    "fr": ["affaires", "economie", "ÉCONOMIE", "l'économie", "c’est", "example.com.", "convention d'affaires",
           "rendez-vous", "🌱 circulaire", "econ", "Mont-Saint-Martin", "maison", "esch", "clauses sociales", "achat",
           "590", "édition", "(2019)", "rencontres b2b!", "les"],
    "de": ["zukunft", "D'Zukunft", "grenzuberschreitende", "grenzüberschreitend", "kreislauf", "strasse", "straße",
           "bürgerin", "zitate", "💡", "sozialwirtschaft großregion", "genossenschaft", "kreislaufwirtschaft",
           "saarbrücken", "reparatur", "der"],
    "lb": ["zukunft", "letzebuerg", "Lëtzebuerg", "d'leit", "emwelt", "ëmwelt", "eischt", "konventioun", "solidar",
           "sozial- a solidarwirtschaft", "🙂", "vun"],
    "en": ["business", "convention", "purchasing", "purchase", "integration", "work-integration", "example.com.",
           "it's", "2019's", "circular econ", "🌍", "guide", "responsibly", "grand est", "the"],
}  # fmt: skip
GENERATED_QUERIES = {  # words of bench/generate.py's texts, typed as visitors would
    "fr": ["économie", "economie sociale", "circuits courts", "coopératives", "insertion", "d'insertion", "réemploi",
           "Nancy", "éco-construction", "finan"],
    "de": ["Genossenschaften", "kreislaufwirtschaft", "Bürgerinnen", "Saarbrücken", "buergerinnen", "Lieferkette",
           "ökologisches Bauen", "Handw"],
    "lb": ["Kooperativen", "gemengen", "Kreeslafwirtschaft", "d'Handwierk", "handwierk", "Esch", "Déifferdeng",
           "deifferdeng", "solidaresch", "Finan"],
    "en": ["cooperatives", "repair", "short supply chains", "Wallonia", "jobs", "integration", "crafts", "solidar"],
}  # fmt: skip


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    return build_files(tmp_path_factory, "tricky", TRICKY)


def _node_results(output: Path, queries: dict) -> dict:
    require((MODULES / "lunr").is_dir(), "node_modules/lunr (npm ci)")
    request = {
        "pipelines": DECLARED_PIPELINES,
        "indexes": {lang: str(output / "search" / f"{lang}.index.json") for lang in queries},
        "queries": queries,
    }
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "search_parity.js"), str(MODULES), str(PIPELINES)],
        input=json.dumps(request), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def _python_results(output: Path, queries: dict) -> dict:
    normaliser = Normaliser(MODULES, PIPELINES, DECLARED_PIPELINES)
    answer = {}
    for lang, texts in queries.items():
        learn_queries(normaliser, lang, texts)
        index = load_index(json.loads((output / "search" / f"{lang}.index.json").read_text()), lang, normaliser)
        answer[lang] = {
            text: [[m["ref"], m["score"]] for m in run_query(index, lang, text, normaliser)] for text in texts
        }
    return answer


def _store(output: Path, lang: str) -> list:
    return json.loads((output / "search" / f"{lang}.store.json").read_text())


def _titles(output, lang, refs) -> list[str]:
    store = _store(output, lang)
    return [store[int(ref)][1] for ref in refs]


@pytest.mark.parametrize("which", ["tricky", "generated"])
def test_lunr_py_and_lunr_js_rank_the_same_results(request, which):
    output = (
        request.getfixturevalue("tricky_site")
        if which == "tricky"
        else request.getfixturevalue("generated_site").output
    )
    queries = QUERIES if which == "tricky" else GENERATED_QUERIES
    python, node = _python_results(output, queries), _node_results(output, queries)
    found = 0
    for lang, texts in queries.items():
        for text in texts:
            js = node[lang][text]["results"]
            py = python[lang][text]
            assert [ref for ref, _ in py] == [ref for ref, _ in js], (lang, text, py, js)
            for (_, a), (_, b) in zip(py, js, strict=True):
                assert a == pytest.approx(b, rel=1e-6), (lang, text)
            found += bool(js)
    assert found > len([t for texts in queries.values() for t in texts]) // 2


@pytest.mark.parametrize(
    ("lang", "query", "expected_title"),
    [
        ("fr", "affaires", "La convention d'affaires de l’économie sociale"),  # d'affaires split on '
        ("fr", "economie", "La convention d'affaires de l’économie sociale"),  # accents folded
        ("fr", "ÉCONOMIE", "La convention d'affaires de l’économie sociale"),  # capitals
        ("fr", "esch", "Webinaire : clauses sociales"),  # event city
        ("de", "zukunft", "D'Zukunft der Sozialwirtschaft"),  # D'Zukunft split on '
        ("de", "saarbrücken", "Genossenschaft Beispiel"),  # member city
        ("de", "genossenschaft", "Genossenschaft Beispiel"),
        ("lb", "letzebuerg", "D'Zukunft vun der Sozial- a Solidarwirtschaft zu Lëtzebuerg"),  # ë folded
        ("lb", "zukunft", "D'Zukunft vun der Sozial- a Solidarwirtschaft zu Lëtzebuerg"),
        ("en", "purchase", "Cross-border business convention"),  # stemmed
        ("en", "grand est", "Buying responsibly"),  # publisher
    ],
)
def test_what_visitors_type_finds_what_they_mean(tricky_site, lang, query, expected_title):
    results = _node_results(tricky_site, {lang: [query]})[lang][query]["results"]
    assert expected_title in _titles(tricky_site, lang, [ref for ref, _ in results])


def test_emoji_never_reach_the_index_and_lunr_js_loads_it(tricky_site):
    for lang in LANGS:
        text = (tricky_site / "search" / f"{lang}.index.json").read_text(encoding="utf-8")
        assert not any(ord(char) > 0xFFFF for char in text)
    _node_results(tricky_site, {lang: ["x"] for lang in LANGS})  # lunr.Index.load would throw


def test_tokenizer_matches_lunr_js():
    samples = ["D'Zukunft vun der Sozial- a Solidarwirtschaft", "l’économie 🌱🚀 circulaire", "example.com. (2019)…",
               "Straße\u00a0Bürger\u2009test\u3000x", "ÉCONOMIE—sociale", "a\u2028b\ufeffc"]  # fmt: skip
    script = (
        f"const lunr=require({json.dumps(str(MODULES / 'lunr'))});"
        f"require({json.dumps(str(MODULES / 'lunr-languages' / 'lunr.stemmer.support.js'))})(lunr);"
        f"const s=require({json.dumps(str(PIPELINES))})(lunr, {json.dumps(DECLARED_PIPELINES)});"
        "process.stdout.write(JSON.stringify(JSON.parse(process.argv[1]).map(t=>s.tokenize(t))));"
    )
    node = subprocess.run(["node", "-e", script, json.dumps(samples)], capture_output=True, text=True, check=True)
    assert json.loads(node.stdout) == [tokenize(sample) for sample in samples]


def test_published_index_files_are_precompressed_and_no_nltk_is_needed(tmp_path, demo_site):
    published = tmp_path / "published"
    result = build(ROOT / "content", published, "--publish", env={"SITEURL": "https://example.org"})
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        for kind in ("index", "store"):
            raw = (published / "search" / f"{lang}.{kind}.json").read_bytes()
            assert gzip.decompress((published / "search" / f"{lang}.{kind}.json.gz").read_bytes()) == raw
            assert brotli.decompress((published / "search" / f"{lang}.{kind}.json.br").read_bytes()) == raw
    assert not list((demo_site.output / "search").glob("*.gz"))  # a preview is never served by a host
    probe = "import ess_search, lunr, sys; print('nltk' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip() == "False"


def test_store_lists_each_page_of_the_language_once(site):
    for lang in LANGS:
        store = _store(site.output, lang)
        assert len({entry[0] for entry in store}) == len(store)
        for url, title, section, _date, _snippet in store:
            page = site.page_for_href(url)
            assert page.get("lang") == lang
            assert page.find(".//h1").text_content() == title
            assert section in ("news", "events", "resources", "members", "pages")


def test_a_language_without_content_still_gets_a_loadable_index(tmp_path):
    content = tmp_path / "content" / "news" / "only-french" / "fr.md"
    content.parent.mkdir(parents=True)
    content.write_text("---\ntitle: Seulement en français\ndate: 2020-01-01\n---\nTexte.\n", encoding="utf-8")
    result = build(tmp_path / "content", tmp_path / "output")
    assert result.returncode == 0, result.stderr
    results = _node_results(tmp_path / "output", {"en": ["anything"], "fr": ["seulement"]})
    assert results["en"]["anything"]["results"] == []
    assert len(results["fr"]["seulement"]["results"]) == 1


@pytest.mark.parametrize("empty_field", [None, "keywords"])
def test_terms_builder_writes_the_index_lunr_py_builder_writes(empty_field):
    """build_index fills lunr.py's structures itself (faster); the serialised index must not change."""
    import random

    from ess_search.documents import FIELDS
    from ess_search.index import _TermsBuilder
    from lunr.builder import Builder

    rng = random.Random(7)
    words = [f"wort{n}" for n in range(400)] + ["économie", "zesummen", "straße", "ß", "a"]
    documents = [
        {"ref": str(n), **{name: rng.choices(words, weights=[1 / (i + 1) for i in range(len(words))],
                                             k=rng.randint(0, 60)) for name, _ in FIELDS}}
        for n in range(300)
    ]  # fmt: skip
    for document in documents if empty_field else ():
        document[empty_field] = []  # no document has a word in this field
    serialised = []
    for builder_class in (Builder, _TermsBuilder):
        builder = builder_class()
        builder.ref("ref")
        for name, boost in FIELDS:
            builder.field(name, boost=boost)
        for document in documents:
            builder.add(document)
        serialised.append(json.dumps(builder.build().serialize(), ensure_ascii=False))
    assert serialised[0] == serialised[1]
