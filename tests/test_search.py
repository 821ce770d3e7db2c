"""Search indexes: files, traps known from lunr.py (shared/domain.md), and parity with lunr.js."""

from __future__ import annotations

import gzip
import importlib
import itertools
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import brotli
import pytest
from ess_search.normaliser import Normaliser
from ess_search.partition import load_published
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


def _published(output: Path, lang: str) -> tuple[dict, list]:
    return load_published(output / "search" / f"{lang}.json")


def _node_results(output: Path, queries: dict, full: Path | None = None) -> dict:
    """lunr.js's answers as the browser gets them (only the shards each query needs); with ``full`` (a
    folder to write them in), also from the whole index put back together and loaded by lunr.Index.load."""
    require((MODULES / "lunr").is_dir(), "node_modules/lunr (npm ci)")
    sites = {}
    for lang in queries:
        sites[lang] = {"entry": str(output / "search" / f"{lang}.json"), "full": None}
        if full is not None:
            whole = full / f"{lang}.index.json"
            whole.write_text(json.dumps(_published(output, lang)[0], ensure_ascii=False), encoding="utf-8")
            sites[lang]["full"] = str(whole)
    request = {"pipelines": DECLARED_PIPELINES, "sites": sites, "queries": queries}
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
        index = load_index(_published(output, lang)[0], lang, normaliser)
        answer[lang] = {
            text: [[m["ref"], m["score"]] for m in run_query(index, lang, text, normaliser)] for text in texts
        }
    return answer


def _store(output: Path, lang: str) -> list:
    return _published(output, lang)[1]


def _titles(output, lang, refs) -> list[str]:
    store = _store(output, lang)
    return [store[int(ref)][1] for ref in refs]


# Words of every length as a visitor types them, letter by letter, in each language: one and two letters,
# prefixes, whole and inflected words, accents typed or not, several words, lunr's own wildcard.
TYPED = {
    "fr": ["é", "ec", "éco", "econom", "économie soc", "coopérative", "d'in", "circuits courts", "e*e", "zz"],
    "de": ["g", "ge", "Gen", "Genossenschaft", "bürg", "burgerinnen", "ökologisches B", "k*t", "x"],
    "lb": ["k", "ko", "Koop", "gemengen", "déif", "deifferdeng", "d'Handw", "s*h", "q"],
    "en": ["c", "co", "coop", "cooperatives", "repairing", "short supply ch", "s*y", "q"],
}  # fmt: skip


@pytest.mark.parametrize("which", ["tricky", "generated"])
def test_lunr_py_lunr_js_and_the_partitioned_index_rank_the_same_results(request, tmp_path, which):
    """The browser's index, fetched in parts, answers exactly as lunr.js on the whole index, which answers
    as lunr.py (to a millionth: Python and JavaScript round floating point differently)."""
    output = (
        request.getfixturevalue("tricky_site")
        if which == "tricky"
        else request.getfixturevalue("generated_site").output
    )
    queries = {lang: [*(QUERIES if which == "tricky" else GENERATED_QUERIES)[lang], *TYPED[lang]] for lang in LANGS}
    python, node = _python_results(output, queries), _node_results(output, queries, full=tmp_path)
    found = 0
    for lang, texts in queries.items():
        for text in texts:
            answer = node[lang][text]
            js, py = answer["results"], python[lang][text]
            assert js == answer["full"], (lang, text)  # same refs, same order, same scores to the bit
            assert answer["again"] == [js, js], (lang, text)  # a page's first query and the next keystroke
            assert [ref for ref, _ in py] == [ref for ref, _ in js], (lang, text, py, js)
            for (_, a), (_, b) in zip(py, js, strict=True):
                assert a == pytest.approx(b, rel=1e-6), (lang, text)
            found += bool(js)
    assert found > len([t for texts in queries.values() for t in texts]) // 2


def test_a_query_fetches_only_the_shards_its_words_fall_in(generated_site, tmp_path, monkeypatch):
    """The generated site's indexes cut into small shards (as a large site's are): every query answers as
    before while fetching one shard per word and one for the last word's prefix at most."""
    partition_module = importlib.import_module("ess_search.partition")  # (the package exports a function of that name)

    monkeypatch.setattr(partition_module, "SHARD_BYTES", 1_500)
    resliced = tmp_path / "output"
    for lang in LANGS:
        entry, parts = partition_module.partition(*_published(generated_site.output, lang))
        entry["base"] = f"{lang}/{entry['version']}/"
        for name, text in parts.items():
            (resliced / "search" / entry["base"]).mkdir(parents=True, exist_ok=True)
            (resliced / "search" / entry["base"] / name).write_text(text, encoding="utf-8")
        (resliced / "search" / f"{lang}.json").write_text(json.dumps(entry), encoding="utf-8")
    queries = {lang: TYPED[lang] for lang in LANGS}
    before, after = _node_results(generated_site.output, queries), _node_results(resliced, queries)
    for lang in LANGS:
        shards = len(json.loads((resliced / "search" / f"{lang}.json").read_text(encoding="utf-8"))["shards"])
        assert shards >= 8, lang  # else this test proves nothing
        for text in TYPED[lang]:
            assert after[lang][text]["results"] == before[lang][text]["results"], (lang, text)
            fetched = after[lang][text]["shards"]
            if "*" not in text:
                assert len(fetched) <= len(text.split()) + 1 and len(fetched) < shards / 2, (lang, text, fetched)


def test_the_parts_hold_the_whole_index(monkeypatch):
    """A lunr.py index cut into parts and put back together is the same index (less the field vectors of
    empty fields, which no query reaches), whatever the shards' size."""
    import random

    partition_module = importlib.import_module("ess_search.partition")  # (the package exports a function of that name)
    from ess_search.documents import FIELDS
    from ess_search.index import _TermsBuilder

    rng = random.Random(5)
    words = [f"w{n}" for n in range(300)] + ["économie", "zesummen", "straße", "ß", "a", "ab", "abc", "b"]
    builder = _TermsBuilder()
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for n in range(200):
        builder.add({"ref": str(n), **{name: rng.choices(words, k=rng.randint(0, 40)) for name, _ in FIELDS}})
    index = builder.build().serialize()
    assert builder.term_rows() == partition_module._term_rows(index)  # the build's way, without serialising
    store = [[f"/fr/{n}/", f"T{n}", "news" if n < 120 else "events", "", ""] for n in range(200)]
    expected = {**index, "fieldVectors": [vector for vector in index["fieldVectors"] if vector[1]]}
    for size in (1, 500, 10**9):
        monkeypatch.setattr(partition_module, "SHARD_BYTES", size)
        entry, parts = partition_module.partition(index, store)
        shards = [json.loads(parts[f"t{n}.json"]) for n in range(len(entry["shards"]))]
        chunks = [json.loads(parts[name]) for name in partition_module.part_names(entry) if name[0] == "d"]
        assert sorted(parts) == sorted(partition_module.part_names(entry))
        assert partition_module.assemble(entry, shards, chunks) == (expected, store)
        assert entry["shards"] == sorted(entry["shards"]) and entry["shards"][:1] == [""]
        assert entry["sections"] == [["news", 120], ["events", 80]]


def test_documents_that_tie_rank_as_lunr_ranks_them(tmp_path):
    """Hundreds of documents with the same score (texts repeated) and the query's words in the three
    fields in every order: the partitioned index orders ties (by the order lunr first matched them, not by
    ref) and adds a document's field scores as lunr.js does on the whole index, and as lunr.py."""
    import random

    partition_module = importlib.import_module("ess_search.partition")  # (the package exports a function of that name)
    from ess_search.documents import FIELDS
    from ess_search.index import _TermsBuilder

    lang = "lb"  # no stemmer: the words below are their own terms (checked)
    words = ["kooperativ", "zesummen", "handwierk", "handel", "hand", "gemengen", "kuerz", "liwwer"]
    normaliser = Normaliser(MODULES, PIPELINES, DECLARED_PIPELINES)
    normaliser.learn({lang: set(words)}, complete=True)
    assert [normaliser.query_term(lang, word) for word in words] == words
    rng = random.Random(3)
    texts = [{name: rng.choices(words[:-2], k=rng.randint(0, 4)) for name, _ in FIELDS} for _ in range(200)]
    # and as many documents with "kuerz" as with "liwwer", alone in a field, interleaved: "liwwer kuerz"
    # finds them with equal scores, those with "liwwer" first, whatever their refs
    texts_of_two = [{name: [word] if name == field else [] for name, _ in FIELDS} for field in ("title", "text")
                    for word in words[-2:]]  # fmt: skip
    builder = _TermsBuilder()
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for n in range(900):
        text = texts[rng.randrange(len(texts))] if n < 700 else texts_of_two[n % len(texts_of_two)]
        builder.add({"ref": str(n), **text})
    entry, parts = partition_module.partition(
        builder.build().serialize(), [[f"/{n}/", "", "news", "", ""] for n in range(900)]
    )
    entry["base"] = f"{lang}/{entry['version']}/"
    (tmp_path / "search" / entry["base"]).mkdir(parents=True)
    for name, text in parts.items():
        (tmp_path / "search" / entry["base"] / name).write_text(text, encoding="utf-8")
    (tmp_path / "search" / f"{lang}.json").write_text(json.dumps(entry), encoding="utf-8")
    queries = {
        lang: ["hand", "han", "kooperativ zesummen", "liwwer kuerz", "gemengen kuerz handwierk", "zesummen h", "h*l"]
    }
    node, python = _node_results(tmp_path, queries, full=tmp_path), _python_results(tmp_path, queries)
    unsorted_ties = 0
    for text in queries[lang]:
        answer = node[lang][text]
        js = answer["results"]
        assert js == answer["full"] and answer["again"] == [js, js], text
        assert [ref for ref, _ in python[lang][text]] == [ref for ref, _ in js], text
        scores = [score for _, score in js]
        assert len(set(scores)) < len(scores) / 2, text  # ties, else this test proves nothing
        for _, tied in itertools.groupby(js, key=lambda result: result[1]):
            refs = [int(ref) for ref, _ in tied]
            unsorted_ties += refs != sorted(refs)
    assert unsorted_ties  # some documents that tie are not in ref order either


def test_results_are_ranked_as_lunrs_stable_sort_by_score_ranks_them():
    """search-index.js ranks results by a radix sort of their scores' bits: the order of lunr's own sort
    (by score, highest first, equal scores in the order found), whatever the scores: many ties, zeros,
    tiny and huge ones, scores that differ in their last bit only; and any other score (sorted by lunr's
    comparator)."""
    script = (
        f"const rank=require({json.dumps(str(PIPELINES.with_name('search-index.js')))})({{}}, {{}}).rank;"
        "let seed=7;const random=()=>(seed=(seed*16807)%2147483647)/2147483647;"
        "const cases=[[],[1],[0,0],[2,1,2,1]];"
        "const pool=[0,5e-324,1e-300,0.001,0.5,1,1+2**-52,1+2**-51,3.7,1e6,1.7976931348623157e308];"
        "for(const size of [10,300,5000]){cases.push(Array.from({length:size},()=>pool[Math.floor(random()*pool.length)]));"
        "cases.push(Array.from({length:size},()=>Math.round(random()*40)/8));"
        "cases.push(Array.from({length:size},()=>random()*random()*100));}"
        "cases.push([1,-1,0,2,-1]);cases.push([1,Infinity,0,Infinity]);"
        "process.stdout.write(JSON.stringify(cases.map(scores=>{"
        "const expected=scores.map((_,n)=>n).sort((a,b)=>scores[b]-scores[a]);"
        "return Array.from(rank(Float64Array.from(scores))).join()===expected.join();})));"
    )
    node = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(node.stdout) == [True] * 15


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
    for path in (tricky_site / "search").rglob("t*.json"):  # term shards (the store shows the texts as written)
        assert not any(ord(char) > 0xFFFF for char in path.read_text(encoding="utf-8")), path
    _node_results(tricky_site, {lang: ["x"] for lang in LANGS}, full=tricky_site.parent)  # lunr.Index.load would throw


def test_tokenizer_matches_lunr_js():
    import random

    from ess_search.tokens import JS_WHITESPACE

    samples = ["D'Zukunft vun der Sozial- a Solidarwirtschaft", "l’économie 🌱🚀 circulaire", "example.com. (2019)…",
               "Straße\u00a0Bürger\u2009test\u3000x", "ÉCONOMIE—sociale", "a\u2028b\ufeffc"]  # fmt: skip
    # every character where Python's white space and JavaScript's differ, every separator, mixed case
    python_only = [chr(c) for c in range(0x10000) if chr(c).isspace() and chr(c) not in JS_WHITESPACE]
    alphabet = ["a", "É", "ß", "-", "'", "\u2019", "😀", "\U0001f331", *JS_WHITESPACE, *python_only]
    rng = random.Random(17)
    samples += ["".join(rng.choices(alphabet, k=rng.randint(0, 30))) for _ in range(300)]
    samples += [
        "".join(rng.choices(["a", "É", "ß", "-", "'", "\u2019", " ", "\t", "\u00a0"], k=30)) for _ in range(100)
    ]
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
    compressed = 0
    for path in (published / "search").rglob("*.json"):
        raw = path.read_bytes()
        if len(raw) >= 512:  # smaller files gain nothing (ess_precompress)
            assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == raw
            assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == raw
            compressed += 1
    assert compressed >= len(LANGS)
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
    # the build hands each field's terms with their frequencies (index.index_terms), not as a list
    counted = [{key: value if key == "ref" else Counter(value) for key, value in doc.items()} for doc in documents]
    serialised = []
    for builder_class, added in ((Builder, documents), (_TermsBuilder, documents), (_TermsBuilder, counted)):
        builder = builder_class()
        builder.ref("ref")
        for name, boost in FIELDS:
            builder.field(name, boost=boost)
        for document in added:
            builder.add(document)
        serialised.append(json.dumps(builder.build().serialize(), ensure_ascii=False))
    assert serialised[0] == serialised[1] == serialised[2]


def test_index_terms_count_what_the_list_of_terms_counts():
    """index.index_terms: a field's words counted first, then each distinct word turned into its term (some
    words share a stem, stop words have none) gives the frequencies and first-occurrence order that turning
    every word into its term and counting would."""
    import random

    from ess_search.index import index_terms

    rng = random.Random(13)
    words = [f"w{n}" for n in range(60)]
    term_of = {word: rng.choice(["", f"t{rng.randint(0, 25)}"]) for word in words}
    for _ in range(500):
        tokens = rng.choices(words, k=rng.randint(0, 80))
        expected = Counter(filter(None, map(term_of.__getitem__, tokens)))
        assert list(index_terms(Counter(tokens), term_of.__getitem__).items()) == list(expected.items())
