"""The search tokenizer, identical to lunr.js with the site's separator (theme/static/js/search-pipelines.js):
lower-case, then split on white space (JavaScript's \\s), hyphens, both apostrophes and any character
outside the Basic Multilingual Plane (emoji)."""

from __future__ import annotations

import re

# JavaScript's \\s: ECMAScript WhiteSpace and LineTerminator code points.
JS_WHITESPACE = frozenset(
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
SEPARATORS = JS_WHITESPACE | frozenset("-'\u2019")


_SPLIT = re.compile("[" + re.escape("".join(sorted(SEPARATORS))) + "\U00010000-\U0010ffff]+")


#: where Python's str.split() and JavaScript's \\s disagree (\x1c-\x1f and \x85 are white space to Python
#: only, \ufeff to JavaScript only), and the characters outside the Basic Multilingual Plane
_UNLIKE = re.compile("[\x1c-\x1f\x85\ufeff\U00010000-\U0010ffff]")


def tokenize(text: str) -> list[str]:
    text = text.lower()
    if _UNLIKE.search(text) is None:  # (most texts: str.split is three times as fast as the expression)
        return text.replace("-", " ").replace("'", " ").replace("\u2019", " ").split()
    return [token for token in _SPLIT.split(text) if token]
