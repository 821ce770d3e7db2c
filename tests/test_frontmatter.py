"""Front matter read without YAML (ess_content.frontmatter._plain_entries, for one-line fields whose values
YAML takes as written) gives exactly what YAML gives: the same fields, values and lines, the same problems;
anything else is left to YAML. A file whose front matter has only line feeds is split without splitting its
body into lines: the same fields, body and line numbers as when every line is split."""

import random
import re

import pytest

from ess_content import frontmatter
from ess_content.frontmatter import FrontMatterError, parse


def _outcome(text):
    try:
        source = parse(text)
    except FrontMatterError as exc:
        return ("problem", exc.message, exc.line, exc.field)
    return (
        "read",
        {name: (entry.value, entry.line) for name, entry in source.entries.items()},
        source.body,
        source.body_line,
    )


def _by_yaml(text, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(frontmatter, "_plain_entries", lambda lines: None)
        patched.setattr(frontmatter, "_OTHER_BREAKS", re.compile(""))  # every line split, as before
        return _outcome(text)


# pieces of values: the characters YAML gives a meaning to, white space and line breaks of every kind,
# controls, letters beyond ASCII
_PIECES = [
    *"abcXYZ019 -_.,:;#&*!|>'\"%@`?[]{}\\/=~<()+$^",
    *"\t\r\x85\u2028\u2029\ufeff\ufffe\x00\x1b\x7f\x9f\xa0",
    "é", "ß", "Ł", "日本", "😀", ": ", " #", "''", '""', "\\n", "\\x1b", "- ", "? ", "&a ", "*a", "!!str ",
    "https://example.org/a?b=c#d", "2026-01-21 09:30", "null", "true", "~", "---", "...",
]  # fmt: skip
_NAMES = ["title", "summary", "tags", "start", "Title", "a_b", "x-y", "9", "_", "-a", "?", "t itle", "tags"]


def _value(rng):
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 8)))


def _line(rng):
    name = rng.choice(_NAMES)
    form = rng.randrange(9)
    if form == 0:
        return name + ":" + rng.choice(["", " ", "   ", "\t"])
    if form == 1:
        return f'{name}: "{_value(rng)}"{rng.choice(["", " ", "  # c"])}'
    if form == 2:
        return f"{name}: '{_value(rng)}'{rng.choice(['', ' '])}"
    if form in (3, 4):
        items = [
            rng.choice([_value(rng), f'"{_value(rng)}"', f"'{_value(rng)}'", ""]) for _ in range(rng.randint(0, 4))
        ]
        return f"{name}: [{rng.choice([',', ', ', ' ,']).join(items)}]{rng.choice(['', ' '])}"
    if form == 5:
        return rng.choice(["", " ", "  ", "\t", "# comment", "  indented: x", "- item", "  more text"])
    return f"{name}:{rng.choice([' ', '  ', ''])}{_value(rng)}"


def _front_matter(rng):
    lines = [_line(rng) for _ in range(rng.randint(0, 6))]
    opening = rng.choice(["---\n"] * 8 + ["\ufeff---\n", "---\r\n", "--- \n", "title: x\n"])
    closing = rng.choice(["---\n"] * 8 + ["--- \n", " ---\n", "---\r\n", "---", "----\n"])
    body = rng.choice(["Body text.\n", "", "a\n---\nb\n", "a\r\nb\u2028c\n", _value(rng)])
    return opening + "\n".join(lines) + ("\n" if lines else "") + closing + body


def test_plain_front_matter_reads_as_yaml_reads_it(monkeypatch):
    rng = random.Random(16)
    plain = 0
    for _ in range(6000):
        text = _front_matter(rng)
        lines = text.splitlines(keepends=True)
        end = lines.index("---\n", 1) if "---\n" in lines[1:] else 1
        plain += frontmatter._plain_entries(lines[1:end]) is not None
        assert _outcome(text) == _by_yaml(text, monkeypatch), text
    assert plain > 1000  # the comparison did test the reading without YAML


@pytest.mark.parametrize(
    "text",
    [
        '---\ntitle: "Rencontre 972: Tandis que"\ntags: ["circuits courts", achats]\nstart: 2026-01-21 09:30\n---\nB\n',
        "---\ntitle: Lancement\ntags: [convention d'affaires, bilan]\nurl: https://example.org/a#b\n---\nB\n",
        "---\ntitle: a\ntitle: b\n---\n",
        "---\ntitle:\ntags: []\nsummary: ''\n\n---\n",
    ],
)
def test_examples_read_without_yaml_as_with_it(text, monkeypatch):
    lines = text.splitlines(keepends=True)
    assert frontmatter._plain_entries(lines[1 : lines.index("---\n", 1)]) is not None
    assert _outcome(text) == _by_yaml(text, monkeypatch)
