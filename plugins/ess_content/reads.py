"""What an output read while it was rendered: the dependency record behind incremental builds.

Inside :func:`recording`, reads of the content model (attributes declared with :class:`Recorded`) and
questions to the site map add keys such as ``f:news/launch/fr.md`` (a translation's front matter) or
``p:fr/index.html`` (a page's place in the site map) to the record. Every key kind, what it stands for and
its digest are in one table: ``ess_incremental.dependencies``. A later build may reuse the file when the
digest of every key it read is unchanged.
"""

from __future__ import annotations

from contextlib import contextmanager

#: the records open now (empty when nothing is recording: a cheap test for hot paths)
open_records: list[set[str]] = []


def key(kind: str, name: str) -> str:
    """'f' + 'news/launch/fr.md' → 'f:news/launch/fr.md' (the kinds are listed above)."""
    return f"{kind}:{name}"


def note(key: str) -> None:
    for record in open_records:
        record.add(key)


def note_all(keys) -> None:
    if open_records:
        keys = set(keys)
        for record in open_records:
            record.update(keys)


@contextmanager
def recording():
    """Yields the set that collects the key of everything read inside the block."""
    record: set[str] = set()
    open_records.append(record)
    try:
        yield record
    finally:
        # by identity: list.remove compares sets by value, and a record nested in another (a kept partial's in
        # a page's) may hold the same keys as the one around it, which would be taken out instead
        for position in range(len(open_records) - 1, -1, -1):
            if open_records[position] is record:
                del open_records[position]
                break


@contextmanager
def paused():
    """Reads inside the block are not recorded: for a result kept across outputs, whose readers each note
    one key of their own for it instead."""
    saved = open_records[:]
    open_records.clear()
    try:
        yield
    finally:
        open_records[:] = saved


class Recorded:
    """An attribute whose every read is noted under the key its owner keeps in ``key_attribute``:
    ``title = Recorded("front_key")``. The value lives in ``_title``: a name with an underscore is a read
    that is not recorded (for code that notes a coarser key itself)."""

    def __init__(self, key_attribute: str):
        self.key_attribute = key_attribute

    def __set_name__(self, owner, name: str) -> None:
        self.name = name
        self.storage = f"_{name}"

    def __get__(self, obj, owner=None):
        # (read a million times in a build at 2,000 items, mostly while recording: from the object's __dict__,
        # noting without a call to note)
        if obj is None:
            return self
        attributes = obj.__dict__
        try:
            if open_records:
                key = attributes[self.key_attribute]
                for record in open_records:
                    record.add(key)
            return attributes[self.storage]
        except KeyError as missing:
            raise AttributeError(f"{type(obj).__name__!r} object has no attribute {missing.args[0]!r}") from None

    def __set__(self, obj, value) -> None:
        setattr(obj, self.storage, value)
