"""Problems found in a content tree, collected so that one run reports them all."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ess_i18n.tools import Message, _t, _tn


def display_path(path: Path | str) -> str:
    """A path as an editor would type it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass(frozen=True, order=True)
class ContentProblem:
    """One breach of the content contract: where it is, which field, what was expected.

    ``message`` keeps its id and parameters (tests compare them); it is worded in the editor's language when
    the problem is shown."""

    path: str
    line: int | None
    field: str | None
    message: Message

    def __post_init__(self):
        if isinstance(self.message, str):  # not marked with _t: shown as written (tests/test_catalogs.py names it)
            object.__setattr__(self, "message", Message(self.message))

    def __str__(self) -> str:
        return self.render()

    def render(self, lang: str | None = None) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.field:
            return f"{where}: " + _t("field '%(field)s': %(message)s", field=self.field, message=self.message).render(
                lang
            )
        return f"{where}: {self.message.render(lang)}"


@dataclass
class ProblemList:
    """Collects problems in the order they are found; sorted by file and line when reported."""

    problems: list[ContentProblem] = field(default_factory=list)

    def add(self, path, message: Message, *, line: int | None = None, field: str | None = None):
        self.problems.append(ContentProblem(display_path(path), line, field, message))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def sorted(self) -> list[ContentProblem]:
        return sorted(set(self.problems), key=lambda p: (p.path, p.line or 0, p.field or "", p.message))


class ContentError(Exception):
    """Raised once, after the whole tree was read, when it breaks the contract."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self, lang: str | None = None) -> str:
        lines = [p.render(lang) for p in self.problems]
        count = len(self.problems)
        summary = _tn(
            "%(count)s problem in the content. Nothing was published; the previous site is unchanged.",
            "%(count)s problems in the content. Nothing was published; the previous site is unchanged.",
            count,
        )
        lines.append(summary.render(lang))
        return "\n".join(lines)
