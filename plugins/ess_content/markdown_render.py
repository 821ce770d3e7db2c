"""Markdown → sanitised HTML, with one reusable Markdown instance per process."""

from __future__ import annotations

import html
import re
import signal
import threading
from contextlib import contextmanager
from xml.etree import ElementTree

import markdown
import nh3
from markdown import util
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import NormalizeWhitespace
from markdown.treeprocessors import InlineProcessor as InlineTreeprocessor

from .phrases import BCP47, PATTERN


def _heading_slug(value: str, separator: str) -> str:
    """Heading anchors in ASCII whatever the language ('Über uns' → 'uber-uns', not 'ber-uns')."""
    from .model import slugify

    return slugify(value)


EXTENSION_CONFIGS = {"toc": {"permalink": False, "slugify": _heading_slug}}

#: Every id written in a body gets this prefix (as GitHub does), so no text can take an id the site's own
#: templates and scripts use; links to '#anchor' inside the body get it too.
ID_PREFIX = "user-content-"

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}  # fmt: skip
GLOBAL_ATTRIBUTES = {"id", "lang", "dir", "title", "class"}
ALLOWED_ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")

LINK_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
_WORD = re.compile(r"\w")


def link_attributes(fragment: str) -> list[str]:
    """The values LINK_ATTRIBUTE finds (``LINK_ATTRIBUTE.findall``), found from each '="' (str.find) instead:
    the regular expression, which has no fixed text to look for first, tried every character of every body
    (a tenth of a body's conversion time); tests/test_content_model.py compares the two."""
    values, position = [], 0
    while (equals := fragment.find('="', position)) >= 0:
        position = equals + 2
        if fragment.endswith("href", 0, equals):
            start = equals - 4
        elif fragment.endswith("src", 0, equals):
            start = equals - 3
        else:
            continue
        if start and _WORD.match(fragment, start - 1):  # (\b)
            continue
        end = fragment.find('"', position)
        if end < 0:
            break
        values.append(fragment[position:end])
        position = end + 1
    return values


# The body's top heading level is 2: the page title is the only h1.
_H1 = re.compile(r"<(/?)h1\b")


#: Python-Markdown is quadratic on some inputs (4,000 '[' in a row take 2 s, 40,000 would take minutes):
#: a document that takes longer than this (CPU seconds) to convert is rejected with a clear error.
TIME_LIMIT_SECONDS = 5.0


class MarkdownTimeoutError(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after ``seconds`` (Unix main thread; elsewhere no limit is applied)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def interrupt(signum, frame):
        raise MarkdownTimeoutError()

    # CPU time, not wall time: a busy machine slows every conversion down, only a pathological text uses the CPU
    previous = signal.signal(signal.SIGVTALRM, interrupt)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


#: Python-Markdown scans ahead for a closing ']' at every '[' (quadratic: 4,000 '[' in a paragraph take
#: seconds); a paragraph holding more than this many is not a list of links: its brackets are escaped.
MAX_BRACKETS_PER_PARAGRAPH = 256
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_UNESCAPED_BRACKET = re.compile(r"(?<!\\)\[")


def defuse_brackets(text: str) -> str:
    """Escape the '[' of paragraphs (outside fenced code) that hold pathologically many of them."""
    if text.count("[") <= MAX_BRACKETS_PER_PARAGRAPH:
        return text
    out, paragraph, in_fence = [], [], False

    def flush():
        block = "".join(paragraph)
        if not in_fence and block.count("[") > MAX_BRACKETS_PER_PARAGRAPH:
            block = _UNESCAPED_BRACKET.sub(r"\\[", block)
        out.append(block)
        paragraph.clear()

    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            out.append(line)
        elif not line.strip():
            flush()
            out.append(line)
        else:
            paragraph.append(line)
    flush()
    return "".join(out)


class _LanguageSpan(InlineProcessor):
    """``[être avant d'avoir]{lang=fr}`` → ``<span lang="fr">être avant d'avoir</span>`` (WCAG 3.1.2)."""

    def handleMatch(self, match, data):  # noqa: N802 - Python-Markdown's name
        element = ElementTree.Element("span")
        element.text = match.group(1)
        element.set("lang", match.group(2))
        return element, match.start(0), match.end(0)


class LanguageSpanExtension(Extension):
    #: Before reference links (170) so ``[text]{…}`` is never read as a shortcut reference.
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.inlinePatterns.register(_LanguageSpan(PATTERN, md), "language_span", 175)


#: A character every match of an inline pattern contains (by the name Python-Markdown 3.x and the extensions
#: above register it under): a text without any of them cannot match, so the pattern is not tried on it.
#: Python-Markdown tries each of its 16 patterns on every text of every paragraph, which was a third of a
#: body's conversion time; patterns not named here are always tried.
PATTERN_CHARACTERS = {
    "backtick": "`", "escape": "\\", "footnote": "[", "language_span": "[", "reference": "[", "link": "[",
    "image_link": "!", "image_reference": "!", "short_reference": "[", "short_image_ref": "!",
    "autolink": "<", "automail": "<", "linebreak": "\n", "html": "<", "entity": "&", "em_strong": "*_",
}  # fmt: skip


class _TriggeredInlineProcessor(InlineTreeprocessor):
    """Python-Markdown's inline treeprocessor, not trying a pattern on a text that lacks all its characters
    (the same output: such a text is returned unchanged by the pattern; tests/test_content_model.py)."""

    _patterns = None

    def run(self, tree, ancestors=None):
        if self._patterns is None:
            # the patterns in their order, each with its characters (None: always tried), looked up at the first
            # body (extensions register them when the Markdown instance is made: they do not change afterwards)
            named = {
                id(self.inlinePatterns[name]): tuple(chars)
                for name, chars in PATTERN_CHARACTERS.items()
                if name in self.inlinePatterns
            }
            self._patterns = [(pattern, named.get(id(pattern))) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data, pattern_index=0):  # noqa: N802 - Python-Markdown's name
        """Python-Markdown's loop over the patterns (each tried again on the text it changed until it no
        longer matches), skipping those whose characters the text lacks."""
        if isinstance(data, util.AtomicString):
            return data
        patterns, start = self._patterns, 0
        while pattern_index < len(patterns):
            pattern, characters = patterns[pattern_index]
            if characters is not None:
                for character in characters:  # (a loop, not any() over a generator: tried 400,000 times)
                    if character in data:
                        break
                else:
                    pattern_index, start = pattern_index + 1, 0
                    continue
            data, matched, start = self._InlineProcessor__applyPattern(pattern, data, pattern_index, start)
            if not matched:
                pattern_index += 1
        return data


#: Block processors (by the name Python-Markdown and its extensions register them under) and the strings a
#: block must hold one of for each to act on it: a block without them goes to the next processor without its
#: regular expression being tried (each was tried on every paragraph: a fifth of a body's conversion).
BLOCK_TRIGGERS = {
    "hashheader": ("#",), "setextheader": ("\n=", "\n-"), "hr": ("-", "_", "*"), "deflist": (": ",),
    "quote": (">",), "footnote": ("[^",), "abbr": ("*[",), "reference": ("]:",), "table": ("|",),
}  # fmt: skip


#: Preprocessors (by the name Python-Markdown's extensions register them under) and the strings a text must
#: hold one of for each to change it: a text without them is passed on as it is (each ran a regular expression
#: or an HTML parser over every body).
PREPROCESSOR_TRIGGERS = {"fenced_code_block": ("```", "~~~"), "html_block": ("<", "&")}
_SPACES_BEFORE_BREAK = re.compile(r"(?<=\n) +\n")


class _NormalizeWhitespace(NormalizeWhitespace):
    """Python-Markdown's, not running its regular expression (lines of spaces only are emptied) over a text
    that has no space before a line break."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        if " \n" in source:
            source = _SPACES_BEFORE_BREAK.sub("\n", source)
        return source.split("\n")


def _triggered_run(run, triggers: tuple[str, ...]):
    def triggered_run(lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        return run(lines) if any(trigger in text for trigger in triggers) else lines

    return triggered_run


def _triggered(test, triggers: tuple[str, ...]):
    if len(triggers) == 1:
        (trigger,) = triggers

        def triggered_test(parent, block) -> bool:
            return trigger in block and test(parent, block)

        return triggered_test

    def triggered_test(parent, block) -> bool:
        for trigger in triggers:
            if trigger in block:
                return test(parent, block)
        return False

    return triggered_test


class _HeadingIdsTreeprocessor(TocTreeprocessor):
    """Python-Markdown's toc treeprocessor, which gives the headings their ids (what this project has it for),
    making and serialising its table of contents only for a body that places one with the marker ('[TOC]'):
    otherwise md.toc, which nothing here reads, is left empty (a tenth of a body's conversion time)."""

    def run(self, doc) -> None:
        marker = self.marker
        # (any element with only the marker as text: more than replace_marker looks at, never fewer)
        self._placed = bool(marker) and any(
            element.text and element.text.strip() == marker and len(element) == 0 for element in doc.iter()
        )
        super().run(doc)

    def build_toc_div(self, toc_list):
        return super().build_toc_div(toc_list) if self._placed else ElementTree.Element("div")

    def replace_marker(self, root, elem) -> None:
        if self._placed:
            super().replace_marker(root, elem)


class TriggeredInlineExtension(Extension):
    """Inline patterns, block processors and preprocessors tried only on texts that hold what they act on, and
    a table of contents made only where a body places one (the same HTML: tests/test_content_model.py)."""

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_TriggeredInlineProcessor(md), "inline", 20)
        md.preprocessors.register(_NormalizeWhitespace(md), "normalize_whitespace", 30)
        for extension in md.registeredExtensions:
            if isinstance(extension, TocExtension):  # its settings, its place (5, as the toc extension has it)
                md.treeprocessors.register(_HeadingIdsTreeprocessor(md, extension.getConfigs()), "toc", 5)
        for name, triggers in PREPROCESSOR_TRIGGERS.items():
            if name in md.preprocessors:
                processor = md.preprocessors[name]
                processor.run = _triggered_run(processor.run, triggers)
        for name, triggers in BLOCK_TRIGGERS.items():
            if name in md.parser.blockprocessors:
                processor = md.parser.blockprocessors[name]
                processor.test = _triggered(processor.test, triggers)


EXTENSIONS = ["extra", "sane_lists", "toc", LanguageSpanExtension(), TriggeredInlineExtension()]


class MarkdownRenderer:
    def __init__(self, time_limit: float = TIME_LIMIT_SECONDS):
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
        self.time_limit = time_limit

    def render(self, text: str) -> str:
        """Sanitised HTML of a Markdown text; raises MarkdownTimeoutError past the time limit."""
        self._md.reset()
        with _time_limit(self.time_limit):
            raw = self._md.convert(defuse_brackets(text))
        if "h1" in raw:  # (the expression tries every '<' of the text: 25 µs for a 3 kB body without one)
            raw = _H1.sub(r"<\1h2", raw)
        return sanitize(raw)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """In-page links follow the ids' prefix; ``cite`` (which nh3 does not check) keeps only allowed schemes;
    a ``lang`` must be a well-formed BCP 47 tag."""
    if attribute == "href" and "#" in value:
        page, anchor = value.split("#", 1)
        # in this body, or in another translation's (a link to ../key/lang.md#heading)
        if (
            anchor
            and not anchor.startswith(ID_PREFIX)
            and (not page or (page.endswith(".md") and not _SCHEME.match(page)))
        ):
            return f"{page}#{ID_PREFIX}{anchor}"
    if attribute == "lang" and not BCP47.match(value):
        return None  # no well-formed BCP 47 tag: a wrong one misleads screen readers
    if attribute == "cite":
        scheme = _SCHEME.match(value)
        if (scheme and scheme.group(1).lower() not in URL_SCHEMES) or _CONTROL_OR_SPACE.search(value):
            return None
    return value


_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        id_prefix=ID_PREFIX,
        attribute_filter=_filter_attribute,
    )


_TAG = re.compile(r"<[^>]+>")


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment on one line: tags dropped, references decoded, each run of
    white space one space (str.split, not a regular expression, which replaced every single space too)."""
    text = _TAG.sub(" ", fragment)
    return " ".join((html.unescape(text) if "&" in text else text).split())


_IMAGE_SOURCE = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"')


def image_sources(fragment: str) -> list[str]:
    """The ``src`` of every ``<img>`` of an HTML fragment, as written (references decoded)."""
    if "<img" not in fragment:  # (most bodies: the expression would try every '<')
        return []
    return [html.unescape(value) for value in _IMAGE_SOURCE.findall(fragment)]


def remote_images(fragment: str) -> list[str]:
    """Image sources on another host: the site loads nothing from elsewhere (and feed readers would)."""
    sources = (source.strip() for source in image_sources(fragment))
    return [src for src in sources if src.startswith("//") or _SCHEME.match(src)]


def converted(renderer: MarkdownRenderer, text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A body's sanitised HTML, the link targets in it that point inside the content tree, and the image
    sources on another host: what the reading of the tree needs of a body, found where it is converted (a
    worker process in a large build) and kept together in the render cache."""
    html = renderer.render(text)
    return html, tuple(relative_links(html)), tuple(remote_images(html))


def relative_links(fragment: str) -> list[str]:
    """Link targets that point inside the content tree (no scheme, not absolute, not a bare anchor)."""
    targets = []
    for value in link_attributes(fragment):
        target = html.unescape(value)
        if not target or target.startswith(("#", "/", "?")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
            continue
        targets.append(target)
    return list(dict.fromkeys(targets))
