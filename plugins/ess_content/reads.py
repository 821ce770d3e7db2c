"""Which translations' bodies an output read: the dependency record behind incremental builds.

While an output file is rendered inside :func:`recording`, every read of a translation's body
(``Translation.html`` or ``.body``) adds that translation's ``source_id`` to the record. A later
build may reuse the file when nothing else changed and none of the bodies it read did.
"""

from __future__ import annotations

from contextlib import contextmanager

_open_records: list[set[str]] = []


def note(source_id: str) -> None:
    for record in _open_records:
        record.add(source_id)


@contextmanager
def recording():
    """Yields the set that collects the ``source_id`` of every body read inside the block."""
    record: set[str] = set()
    _open_records.append(record)
    try:
        yield record
    finally:
        _open_records.remove(record)
