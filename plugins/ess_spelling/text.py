"""The words a reader sees, each under its language: built pages (nearest ``lang`` attribute), catalogs'
msgstr, and the text fields and bodies of content files."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import html as lxml_html

# not read as text: code, scripts, data
# not read as text: code, scripts, data; and dates, which Babel writes from CLDR (abbreviations such as "Sep.")
SKIPPED_ELEMENTS = frozenset({"script", "style", "template", "code", "pre", "kbd", "samp", "noscript", "time"})
# attributes a reader or a screen reader meets
VISIBLE_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
# web and e-mail addresses, domain and file names, file extensions ("mte.public.lu", "guide.pdf", ".ics")
_ADDRESSES = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,4}\b(?:/\S*)?|(?<![\w.])\.[a-z]{2,4}\b"
)
_PLACEHOLDERS = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[a-z_]*\}")
_CHUNK = re.compile(r"[\w'’\-]+")
_EDGES = "'’-"


def words(text: str) -> Iterator[str]:
    """Tokens to check: letters with inner apostrophes or hyphens; no digits, no one-letter tokens, no
    web or e-mail addresses or file names."""
    text = _PLACEHOLDERS.sub(" ", _ADDRESSES.sub(" ", text))
    for chunk in _CHUNK.findall(text):
        chunk = chunk.strip(_EDGES)
        if len(chunk) > 1 and not any(c.isdigit() or c == "_" for c in chunk):
            yield chunk


def html_fragments(document, default_lang: str | None = None) -> Iterator[tuple[str, str]]:
    """(language, text) of every visible text node and visible attribute, by the nearest ``lang``."""

    def walk(element, lang):
        if not isinstance(element.tag, str):  # comments, processing instructions
            return
        tag = element.tag.rsplit("}", 1)[-1].lower()
        lang = (element.get("lang") or element.get("{http://www.w3.org/XML/1998/namespace}lang") or lang or "").split(
            "-"
        )[0] or None
        if tag in SKIPPED_ELEMENTS or element.get("translate") == "no":  # translate="no": a name, as written
            return
        for name in VISIBLE_ATTRIBUTES:
            if element.get(name) and lang:
                yield lang, element.get(name)
        if element.text and lang:
            yield lang, element.text
        for child in element:
            yield from walk(child, lang)
            if child.tail and lang:
                yield lang, child.tail

    if document.tag == "html" and document.find("head/title") is not None:
        title = document.find("head/title")
        if title.text:
            yield (document.get("lang") or default_lang or "").split("-")[0], title.text
    body = document.find("body") if document.tag == "html" else document
    if body is not None:
        yield from walk(body, (document.get("lang") or default_lang))


def page_fragments(path: Path) -> Iterator[tuple[str, str]]:
    yield from html_fragments(lxml_html.fromstring(path.read_bytes()))


def site_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def catalog_messages(translations: Path, languages: Iterable[str]) -> Iterator[tuple[str, Path, int, str]]:
    """(language, .po file, line, msgstr) of every translated message; HTML tags and placeholders removed."""
    from babel.messages.pofile import read_po

    for lang in languages:
        po = translations / lang / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
            for string in strings:
                if string:
                    yield lang, po, message.lineno, re.sub(r"<[^>]+>", " ", string)
