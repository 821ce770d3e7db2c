"""What a successful build leaves for the next one: its global digest, a table of every key its outputs
read with that key's digest, and per output file the keys it read (as positions in the table), the key
it was written under and its size and time in the output folder."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

VERSION = 3


def state_path(cache_dir: Path, output: Path) -> Path:
    """One state per output folder (a preview in output/ and a publish elsewhere do not mix)."""
    name = hashlib.blake2b(str(output.resolve()).encode(), digest_size=8).hexdigest()
    return cache_dir / "builds" / f"{name}.pickle"


def load_state(path: Path | None) -> dict | None:
    if path is None or not path.is_file():
        return None
    try:
        state = pickle.loads(path.read_bytes())  # a file this project's own builds wrote
    except Exception:  # noqa: BLE001 - a damaged state only means a full build
        return None
    return state if isinstance(state, dict) and state.get("version") == VERSION else None


def save_state(path: Path, reuse, output: Path) -> None:
    """Written after the new output is in place, with each file's size and time as they are there."""
    keys, digests, outputs = reuse.table()
    for relative, entry in list(outputs.items()):
        try:
            stat = (output / relative).stat()
        except FileNotFoundError:
            del outputs[relative]
            continue
        entry["stat"] = (stat.st_size, stat.st_mtime_ns)
    state = {"version": VERSION, "global": reuse.global_digest, "keys": keys, "digests": digests, "outputs": outputs}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(temporary, path)
