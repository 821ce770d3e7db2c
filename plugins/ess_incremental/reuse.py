"""Per output file: take the previous build's file, or render it while recording the bodies it reads."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from ess_content import reads


class Reuse:
    def __init__(
        self,
        staging: Path,
        global_digest: str,
        structure_digest: str,
        bodies: dict[str, str],
        previous: dict | None = None,
        previous_output: Path | None = None,
    ):
        self.staging = staging
        self.global_digest = global_digest
        self.structure_digest = structure_digest
        self.bodies = bodies  # source_id → body digest, this build
        self.outputs: dict[str, dict] = {}  # relative path → {"reads": [...], "key": ...}, this build
        self.reused: set[str] = set()  # paths taken from the previous build; the others were rendered
        usable = (
            previous is not None
            and previous_output is not None
            and previous_output.is_dir()
            and previous.get("global") == global_digest
            and previous.get("structure") == structure_digest
        )
        self._previous_output = previous_output
        self._previous = previous["outputs"] if usable else {}
        self._previous_bodies = previous.get("bodies", {}) if usable else {}
        self.reason = (
            "no previous build"
            if previous is None
            else "reusing unchanged files"
            if usable
            else "the code, settings, date or front matter changed"
        )

    def _unchanged(self, entry: dict, key: str | None) -> bool:
        if entry.get("key") != key:
            return False
        return all(self.bodies.get(source) == self._previous_bodies.get(source) for source in entry["reads"])

    def reusable(self, relative: str, key: str | None = None) -> bool:
        """Is the previous build's file still what this build would write?"""
        entry = self._previous.get(relative)
        if entry is None or not self._unchanged(entry, key):
            return False
        try:
            stat = (self._previous_output / relative).stat()
        except FileNotFoundError:
            return False
        return [stat.st_size, stat.st_mtime_ns] == entry.get("stat")  # else changed by hand since

    def reuse(self, relative: str, key: str | None = None) -> bool:
        """Links the previous build's file into the staging folder if it is still what would be written."""
        if not self.reusable(relative, key):
            return False
        self.take(relative)
        self.outputs[relative] = {"reads": self._previous[relative]["reads"], "key": key}
        self.reused.add(relative)
        return True

    def previous_exists(self, relative: str) -> bool:
        return bool(self._previous) and (self._previous_output / relative).is_file()

    def take(self, relative: str) -> bool:
        """Links the previous output's file into the staging folder (callers know it is still right)."""
        source, target = self._previous_output / relative, self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)  # never written to afterwards: every write goes to a new file
        except OSError:
            shutil.copy2(source, target)
        return True

    @contextmanager
    def writing(self, relative: str, key: str | None = None):
        """Records which bodies the block reads while it writes ``relative``."""
        with reads.recording() as record:
            yield
        self.record(relative, sorted(record), key)

    def record(self, relative: str, reads_: list[str], key: str | None = None) -> None:
        """A file written in this build, and what it depends on."""
        self.outputs[relative] = {"reads": reads_, "key": key}
        self.reused.discard(relative)

    @property
    def rendered(self) -> int:
        return len(self.outputs) - len(self.reused)

    def export(self) -> dict:
        """What a helper process decided, for :meth:`merge` in the main one."""
        return {"outputs": self.outputs, "reused": sorted(self.reused)}

    def merge(self, exported: dict | None) -> None:
        if exported:
            self.outputs.update(exported["outputs"])
            self.reused.update(exported["reused"])
