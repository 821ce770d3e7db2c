"""Digests, and the local files builds keep for later builds (Markdown results, search terms, build
state): written atomically, and read back as nothing when missing or damaged (only a slower build)."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def value_digest(value) -> str:
    """Digest of a value made of strings, numbers, dates, lists, tuples and dicts (its repr is stable)."""
    return digest(repr(value))


def read_pickle(path: Path | None):
    """The object a build stored at ``path``, or None."""
    if path is None or not path.is_file():
        return None
    try:
        return pickle.loads(path.read_bytes())  # a file this project's own builds wrote
    except Exception:  # noqa: BLE001 - a damaged cache file only means doing the work again
        return None


def write_pickle(path: Path, value) -> None:
    """Replaces ``path`` at once: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(temporary, path)
