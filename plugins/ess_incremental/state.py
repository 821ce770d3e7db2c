"""What a successful build leaves for the next one: its global digest, a table of every key its outputs
read with that key's digest, and per output file the keys it read (as positions in the table), the key
it was written under and its size and time in the output folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ess_content.cache_files import read_pickle, write_pickle

VERSION = 3


def state_path(cache_dir: Path, output: Path) -> Path:
    """One state per output folder (a preview in output/ and a publish elsewhere do not mix)."""
    name = hashlib.blake2b(str(output.resolve()).encode(), digest_size=8).hexdigest()
    return cache_dir / "builds" / f"{name}.pickle"


def load_state(path: Path | None) -> dict | None:
    state = read_pickle(path)  # missing or damaged: a full build
    return state if isinstance(state, dict) and state.get("version") == VERSION else None


def save_state(path: Path, reuse, output: Path) -> None:
    """Written after the new output is in place, with each file's size and time as they are there (as each
    was written or reused: the staging folder became the output by a rename)."""
    write_pickle(path, state_of(reuse, output))


def state_of(reuse, output: Path, in_memory: bool = False) -> dict:
    """What the next build needs of this one. ``in_memory``: the preview server keeps it instead of a file,
    with each key's position and the outputs that read it, which a save looks up instead of every output."""
    keys, digests, outputs, positions = reuse.table()
    for relative, entry in list(outputs.items()):
        if entry.get("stat"):
            continue  # taken when it was written or reused
        try:
            stat = (output / relative).stat()
        except FileNotFoundError:
            del outputs[relative]
            continue
        entry["stat"] = (stat.st_size, stat.st_mtime_ns)
    state = {"version": VERSION, "global": reuse.global_digest, "keys": keys, "digests": digests, "outputs": outputs}
    if in_memory:
        state.update(positions=positions, readers=reuse.readers(outputs))
    return state


def forget_replaced(state: dict, output: Path) -> None:
    """Drops from ``state`` the outputs whose file in ``output`` is no longer the one it recorded (size and
    time): a build in place that was cut short (the preview server) published them, so the next build,
    compared with this state, renders them again even if what they read is back as it was."""
    readers = state.get("readers")
    for relative, entry in list(state["outputs"].items()):
        try:
            info = os.stat(os.path.join(output, relative))
            found = (info.st_size, info.st_mtime_ns)
        except FileNotFoundError:
            found = None
        if found != tuple(entry.get("stat") or ()):
            del state["outputs"][relative]
            for position in entry["reads"] if readers is not None else ():
                readers[position].discard(relative)
