"""Property-based: any front matter and Markdown either builds or stops with the contract's error."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ess_build.build import build, settings_for
from ess_content import ContentError

FIELDS = [
    "title", "summary", "slug", "tags", "status", "image", "image_alt", "date", "author", "start", "end",
    "timezone", "venue", "address", "city", "country", "online_url", "registration_url", "organisers",
    "cancelled", "type", "file", "url", "doc_languages", "publisher", "territory", "kind", "themes", "criteria",
    "legal_form", "founded", "website", "email", "phone", "geo", "logo", "menu", "unknown",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from([
        "2019-06-06", "2019-06-06 09:30", "2019-02-30", "18:30", "no", "yes", "true", "~", "null", "''", '""',
        "[a, b]", "[49.6, 6.1]", "{a: 1}", "- x", "&anchor x", "*alias", "!!binary aGk=", "|", ">", "'", '"',
        "guide", "luxembourg", "ess-enterprise", "digital", "fr", "LU", "Europe/Luxembourg", "https://example.org",
        "a@b.lu", "photo.jpg", "../../etc/passwd", "x" * 300, "🌱 Économie d’été", "0", "-1", "1e9", "\t",
        '"\\x01"', '"\\x1b[31m"', '"a\\0b"', '"\\r\\n"', '"\\N"', "&a [*a]", "[[[[[[x]]]]]]", "|\n  two\n  lines",
    ]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
)  # fmt: skip
MARKDOWN = st.lists(
    st.one_of(
        st.sampled_from([
            "# Titre", "## Sous-titre", "<script>x</script>", "[ext](https://example.org/a?b=c&d=e)",
            "[x](javascript:alert(1))", "```\ncode\n```", "| a | b |\n|---|---|\n| 1 | 2 |", "> citation", "- a\n- b",
            "[" * 50, "*" * 50, "<div>", "</div>", "&amp;", "\u2028", "{: onclick=x }", "---", "\x00",
        ]),
        st.text(max_size=40),
    ),
    max_size=8,
).map("\n\n".join)  # fmt: skip


# A valid starting point per section; examples then change a few fields at random.
VALID = {
    "news": {"date": "2019-06-06"},
    "events": {"start": "2019-06-06 09:30", "end": "2019-06-06 18:00"},
    "resources": {"date": "2020-01-01", "type": "guide", "url": "https://example.org/doc"},
    "members": {"territory": "lorraine", "kind": "ess-enterprise"},
    "pages": {},
    "blog": {},
}


@st.composite
def translation_files(draw, section: str):
    fields = {
        "title": draw(st.sampled_from(["Titre", "Économie d’été", "D'Zukunft", "🌱", '"Title: colon"', "Bad: colon"]))
    }
    fields.update(VALID[section])
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        fields[draw(st.sampled_from(FIELDS))] = draw(SCALARS)
    if draw(st.integers(0, 19)) == 0:
        fields.pop("title")
    front = "\n".join(f"{name}: {value}" for name, value in fields.items())
    opener = draw(st.sampled_from(["---\n"] * 18 + ["", "\ufeff---\n"]))
    body = draw(MARKDOWN)
    if draw(st.integers(0, 5)) == 0:  # a link to a file or item that may not exist
        body += draw(st.sampled_from(["\n[lien](../a/fr.md)", "\n![img](photo.jpg)", "\n[doc](../../news/b/de.md#x)"]))
    return f"{opener}{front}\n---\n{body}\n"


@st.composite
def tree_files(draw):
    section = draw(
        st.sampled_from(["news"] * 6 + ["events"] * 6 + ["resources"] * 3 + ["members"] * 2 + ["pages", "blog"])
    )
    key = draw(st.sampled_from(["a", "b", "launch", "x-1"] * 3 + ["Bad_Key"]))
    lang = draw(st.sampled_from(["fr", "de", "lb", "en"] * 3 + ["lu"]))
    return section, key, lang, draw(translation_files(section))


TREES = st.lists(tree_files(), min_size=1, max_size=3)


def _write(root: Path, files) -> None:
    for section, key, lang, text in files:
        path = root / section / key / f"{lang}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREES)
def test_any_input_builds_or_fails_with_the_contract_error(files):
    root = Path(tempfile.mkdtemp(prefix="ess-hypothesis-"))
    try:
        _write(root / "content", files)
        before = {p: p.read_bytes() for p in (root / "content").rglob("*") if p.is_file()}
        try:
            build(settings_for(publish=False, content=root / "content", output=root / "output"))
        except ContentError as error:
            assert error.problems
            event("rejected")
            for problem in error.problems:
                assert problem.path and problem.message
            assert not (root / "output").exists()
        else:
            assert (root / "output" / "index.html").is_file()
            event("built")
        assert {p: p.read_bytes() for p in (root / "content").rglob("*") if p.is_file()} == before
    finally:
        shutil.rmtree(root)
