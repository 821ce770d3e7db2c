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


def _malformed(problem: str) -> Message:
    hint = _hint(problem)
    if hint is None:
        return _t("malformed YAML: %(problem)s", problem=problem)
    return _t("malformed YAML: %(problem)s. %(hint)s", problem=problem, hint=hint)


def parse(text: str) -> SourceFile:
    """Parse a whole file; raises FrontMatterError with the file's line number."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").strip() != "---":
        raise FrontMatterError(_t("the file must start with a line '---' opening the front matter"), 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").strip() == "---":
            end = index
            break
    else:
        raise FrontMatterError(_t("the front matter is not closed: expected a second line '---'"), len(lines))
    yaml_text = "".join(lines[1:end])
    try:
        _check_events(yaml_text)
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else None
        problem = exc.problem or str(exc)
        raise FrontMatterError(_malformed(problem), line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(_malformed(str(exc)), 2) from None
    entries: dict[str, RawEntry] = {}
    escapes = "\\" in yaml_text or CONTROL.search(yaml_text) is not None
    if node is not None:
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
            if name in entries:
                raise FrontMatterError(
                    _t(
                        "field '%(field)s' is given twice (first on line %(line)s)", field=name, line=entries[name].line
                    ),
                    line,
                )
            entries[name] = RawEntry(_plain(value_node), line)
    body = "".join(lines[end + 1 :])
    return SourceFile(entries=entries, body=body, body_line=end + 2)
