"""Splits a Markdown file into YAML front matter and body, keeping line numbers.

YAML is read with the base loader: every scalar stays a string, so YAML 1.1 surprises
(``no`` → False, ``18:30`` → 1110) never happen; :mod:`ess_content.fields` gives values their types.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ess_i18n.tools import Message, _t

try:  # the C loader is ten times faster; fall back to pure Python where libyaml is missing
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import BaseLoader as _Loader


class FrontMatterError(Exception):
    def __init__(self, message: Message, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


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
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else None
        problem = exc.problem or str(exc)
        raise FrontMatterError(_malformed(problem), line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(_malformed(str(exc)), 2) from None
    entries: dict[str, RawEntry] = {}
    if node is not None:
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(_t("the front matter must be a list of 'field: value' lines"), 2)
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 2
            if not isinstance(key_node, yaml.ScalarNode):
                raise FrontMatterError(_t("a field name must be plain text"), line)
            name = key_node.value
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
