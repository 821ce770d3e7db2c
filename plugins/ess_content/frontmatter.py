"""Splits a Markdown file into YAML front matter and body, keeping line numbers.

YAML is read with the base loader: every scalar stays a string, so YAML 1.1 surprises
(``no`` → False, ``18:30`` → 1110) never happen; :mod:`ess_content.fields` gives values their types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ess_i18n.tools import Message, _t

try:  # the C loader is ten times faster; fall back to pure Python where libyaml is missing
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import BaseLoader as _Loader


#: Deepest nesting of lists and mappings a front matter may use (a field holding a list is depth 2).
MAX_DEPTH = 4
#: Control characters no field may hold once YAML escapes ("\x1b", "\0", "\r", ...) are decoded; tab and
#: line feed are allowed (texts fold them to spaces, see fields.py).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


class FrontMatterError(Exception):
    def __init__(self, message: Message, line: int | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field


@dataclass
class RawEntry:
    """A front-matter value as written: a string, a list of strings, or a nested mapping."""

    value: object
    line: int  # 1-based line in the source file


@dataclass
class SourceFile:
    entries: dict[str, RawEntry]
    body: str
    body_line: int  # 1-based line where the Markdown body starts


#: A line that can neither nest deeper than a list of plain values nor hold an anchor or alias: a field at
#: the margin with a plain, quoted (without escapes) or one-level list value. Front matter made only of such
#: lines skips the event scan below (a third of the parsing time at thousands of files).
_SIMPLE_LINE = re.compile(
    r"""[A-Za-z0-9_-]+:(?:[ ]+(?:"[^"\\\n]*"|'[^'\n]*'|\[(?:[^\[\]{}&*:"'\n]|"[^"\\\n]*"|'[^'\n]*')*\]"""
    r"""|[^\s\[\]{}&*!|>'"#%@`,?:-][^\[\]{}&*\n]*))?[ \t]*"""
)


def _simple(yaml_text: str) -> bool:
    return all(not line.strip() or _SIMPLE_LINE.fullmatch(line) for line in yaml_text.splitlines())


#: Characters a line read without YAML must not hold: a tab, a carriage return or another line break (U+0085,
#: U+2028, U+2029), a character YAML or a field refuses (controls, surrogates, U+FEFF, U+FFFE, U+FFFF). (Listed,
#: not the complement of what may be there: that took 5 ms to compile, a tenth of the module's import.)
_NOT_PLAIN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
#: A field at the margin whose value YAML reads as written: nothing, a quoted text without escapes, a
#: plain text that cannot be taken for anything else, or a list of such texts on one line.
_PLAIN_FIELD = re.compile(
    r"""([A-Za-z0-9_][A-Za-z0-9_-]{0,99}):(?:[ ]+(?:"([^"\\\n]*)"|'([^'\n]*)'|\[([^\[\]{}#&*\n]*)\]"""
    r"""|([^-?:,\[\]{}#&*!|>'"%@` \n][^\[\]{}&*\n]*?)))?[ ]*\n?"""
)
_PLAIN_ITEM = re.compile(r"""[ ]*(?:"([^"\\]*)"|'([^']*)'|([^-?:,\[\]{}#&*!|>'"%@` ][^:,\[\]{}#&*]*?))[ ]*""")
#: Line breaks other than a line feed (str.splitlines breaks lines at each).
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _plain_entries(lines: list[str]) -> list[tuple[str, object, int]] | None:
    """(field, value, line) of front matter written only as one-line fields at the margin whose values YAML
    takes as written (what bench/generate.py and most editors write), read without YAML: the same values
    YAML gives, or None for anything else, which YAML then reads (tests/test_frontmatter.py compares the two
    on random front matter). YAML took a third of the reading time at thousands of files."""
    found = []
    for index, line in enumerate(lines):
        if _NOT_PLAIN.search(line) is not None:
            return None
        if not line.strip(" \n"):
            continue
        match = _PLAIN_FIELD.fullmatch(line)
        if match is None:
            return None
        name, double, single, items, plain = match.groups()
        if items is not None:
            value = []
            if items.strip(" "):
                for item in items.split(","):
                    part = _PLAIN_ITEM.fullmatch(item)
                    if part is None:
                        return None
                    quoted, single_quoted, bare = part.groups()
                    value.append(quoted if quoted is not None else single_quoted if single_quoted is not None else bare)
        elif plain is not None:
            if ": " in plain or plain.endswith(":") or " #" in plain:  # a mapping, or a comment
                return None
            value = plain
        else:
            value = double if double is not None else single if single is not None else ""
        found.append((name, value, index + 2))
    return found


def _check_events(yaml_text: str) -> None:
    """Refuse anchors, aliases and deep nesting from the parser's events, before anything is composed:
    an alias can expand a few lines into gigabytes ("billion laughs"), deep nesting exhausts the stack."""
    if _simple(yaml_text):
        return
    depth = 0
    for event in yaml.parse(yaml_text, Loader=_Loader):
        line = event.start_mark.line + 2
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise FrontMatterError(
                _t("YAML anchors (&name) and aliases (*name) are not allowed: write each value out in full"), line
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FrontMatterError(
                    _t(
                        "lists and fields are nested more than %(levels)s levels deep; no field takes that",
                        levels=MAX_DEPTH - 1,
                    ),
                    line,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_controls(name: str, node) -> None:
    """Every text of a field, as decoded from YAML, is free of control characters."""
    if isinstance(node, yaml.ScalarNode):
        found = CONTROL.search(node.value)
        if found:
            raise FrontMatterError(
                _t(
                    "contains an invisible control character (%(code)s), perhaps written as a "
                    "YAML escape such as \\x1b or \\0; delete it",
                    code=f"U+{ord(found.group()):04X}",
                ),
                node.start_mark.line + 2,
                name,
            )
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _check_controls(name, child)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _check_controls(name, key)
            _check_controls(name, value)


def _plain(node):
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {_plain(k): _plain(v) for k, v in node.value}
    raise FrontMatterError(_t("unsupported YAML node"), node.start_mark.line + 1)  # pragma: no cover


#: PyYAML's (and libyaml's) words for a text that ended inside a quote or a [list] / {mapping} it opened
_LEFT_OPEN = ("found unexpected end of stream", "<stream end>", "did not find expected ',' or")


def _hint(problem: str) -> Message | None:
    """What to do about PyYAML's (English, technical) description of the problem."""
    if "mapping values are not allowed" in problem:
        return _t(
            "A value that contains ': ' (as in « Webinaire : clauses sociales ») must be in quotes: "
            'title: "Webinaire : clauses sociales"'
        )
    if "found character '\\t'" in problem:
        return _t("Use spaces, not tabs, to indent")
    if "could not find expected ':'" in problem:
        return _t("Each line needs 'field: value'; a text over several lines must be in quotes")
    return None


def _malformed(problem: str, left_open: bool = False) -> Message:
    hint = _t("A quotation mark or a bracket opened on this line is not closed") if left_open else _hint(problem)
    if hint is None:
        return _t("malformed YAML: %(problem)s", problem=problem)
    return _t("malformed YAML: %(problem)s. %(hint)s", problem=problem, hint=hint)


def _entries_of(fields) -> dict[str, RawEntry]:
    entries: dict[str, RawEntry] = {}
    for name, value, line in fields:
        if name in entries:
            raise FrontMatterError(
                _t("field '%(field)s' is given twice (first on line %(line)s)", field=name, line=entries[name].line),
                line,
            )
        entries[name] = RawEntry(value, line)
    return entries


def _yaml_entries(yaml_text: str):
    """(field, value, line) of the front matter, read by YAML (in the order written); raises FrontMatterError."""
    try:
        _check_events(yaml_text)
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or str(exc)
        mark = exc.problem_mark or exc.context_mark
        left_open = exc.context_mark is not None and any(sign in problem for sign in _LEFT_OPEN)
        if left_open or (exc.context_mark is not None and mark.index >= len(yaml_text.rstrip())):
            mark = exc.context_mark  # the text ended inside a quote, a list or a field: where it was opened
        line = mark.line + 2 if mark else None
        raise FrontMatterError(_malformed(problem, left_open), line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(_malformed(str(exc)), 2) from None
    escapes = "\\" in yaml_text or CONTROL.search(yaml_text) is not None
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(_t("the front matter must be a list of 'field: value' lines"), 2)
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode):
            raise FrontMatterError(_t("a field name must be plain text"), line)
        name = key_node.value
        if escapes:  # a control character can only come from an escape (raw ones: see the loader)
            _check_controls(name, key_node)
            _check_controls(name, value_node)
        yield name, _plain(value_node), line


def parse(text: str) -> SourceFile:
    """Parse a whole file; raises FrontMatterError with the file's line number."""
    if text.startswith("\ufeff"):
        text = text[1:]
    closing = text.find("\n---\n") if text.startswith("---\n") else -1
    head = text[4 : closing + 1]
    if closing >= 0 and "---" not in head and _OTHER_BREAKS.search(head) is None:
        # the usual file: the front matter's own lines only are split, not the whole body
        lines = head.splitlines(keepends=True)
        return SourceFile(entries=_entries(lines), body=text[closing + 5 :], body_line=len(lines) + 3)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").strip() != "---":
        raise FrontMatterError(_t("the file must start with a line '---' opening the front matter"), 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").strip() == "---":
            end = index
            break
    else:
        raise FrontMatterError(_t("the front matter is not closed: expected a second line '---'"), len(lines))
    body = "".join(lines[end + 1 :])
    return SourceFile(entries=_entries(lines[1:end]), body=body, body_line=end + 2)


def _entries(lines: list[str]) -> dict[str, RawEntry]:
    """The fields of the front matter's lines (without the lines '---')."""
    plain = _plain_entries(lines)
    return _entries_of(plain if plain is not None else _yaml_entries("".join(lines)))
