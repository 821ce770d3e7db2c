"""Phrases in another language, marked ``[être avant d'avoir]{lang=fr}`` in a body or a title: the
pattern, the language-tag check, and what a plain-text field becomes (plain or HTML with ``lang``)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

#: ``[phrase]{lang=fr}`` (also ``{: lang=fr }`` and quoted values, as Python-Markdown's attribute lists).
PATTERN = r"""\[([^\[\]]+)\]\{:?\s*lang\s*=\s*["']?([A-Za-z0-9-]+)["']?\s*\}"""
_PHRASE = re.compile(PATTERN)

#: A well-formed BCP 47 language tag (RFC 5646 §2.1, without the rare grandfathered and extension forms):
#: language, then optional script, region and variants: fr, lb, de-CH, sr-Latn, en-GB-oxendict.
BCP47 = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)


def plain(text: str) -> str:
    """The text as readers see it, marks removed: for <title>, feeds, search, JSON-LD, slugs."""
    return _PHRASE.sub(r"\1", text) if "[" in text else text  # (every mark starts with '[')


def html(text: str) -> Markup:
    """The text escaped, each marked phrase in a ``<span lang>`` (a malformed tag is left out)."""
    if "[" not in text:  # (every mark starts with '[')
        return escape(text)
    out, last = [], 0
    for match in _PHRASE.finditer(text):
        out.append(escape(text[last : match.start()]))
        phrase, lang = match.group(1), match.group(2)
        out.append(Markup('<span lang="{}">{}</span>').format(lang, phrase) if BCP47.match(lang) else escape(phrase))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
