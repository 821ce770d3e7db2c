"""What a successful build leaves for the next one: its digests and, per output file, what it read."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

VERSION = 1


def state_path(cache_dir: Path, output: Path) -> Path:
    """One state per output folder (a preview in output/ and a publish elsewhere do not mix)."""
    name = hashlib.blake2b(str(output.resolve()).encode(), digest_size=8).hexdigest()
    return cache_dir / "builds" / f"{name}.json"


def load_state(path: Path | None) -> dict | None:
    if path is None or not path.is_file():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a damaged state only means a full build
    return state if isinstance(state, dict) and state.get("version") == VERSION else None


def save_state(path: Path, reuse, output: Path) -> None:
    """Written after the new output is in place, with each file's size and time as they are there."""
    outputs = {}
    for relative, entry in reuse.outputs.items():
        try:
            stat = (output / relative).stat()
        except FileNotFoundError:
            continue
        outputs[relative] = {**entry, "stat": [stat.st_size, stat.st_mtime_ns]}
    state = {
        "version": VERSION,
        "global": reuse.global_digest,
        "structure": reuse.structure_digest,
        "bodies": reuse.bodies,
        "outputs": outputs,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(state, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, path)
