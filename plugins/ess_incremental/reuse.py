"""Per output file: take the previous build's file, or render it while recording what it reads."""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from ess_content import reads
from ess_i18n.tools import _t


class Reuse:
    def __init__(
        self,
        staging: Path,
        global_digest: str,
        digest_of,
        previous: dict | None = None,
        previous_output: Path | None = None,
        publish=None,
        unchanged_except: set[str] | None = None,
    ):
        self.staging = staging
        self.global_digest = global_digest
        self._digest_of = digest_of  # key noted by ess_content.reads → its digest in this build (None: absent)
        self._digests: dict[str, str | None] = {}
        # relative path → {"reads": keys (a set of strings) or positions in the previous table (a tuple of
        # ints, for a reused file), "key": ...}, for this build
        self.outputs: dict[str, dict] = {}
        self.reused: set[str] = set()  # paths taken from the previous build; the others were rendered
        # in place (the preview server): a file still right stays where it is in the previous output
        # (``kept`` names every such file), and each file written is handed at once to ``publish(relative)``,
        # which moves it there
        self.publish = publish
        self.in_place = publish is not None
        self.kept: set[str] = set()
        usable = (
            previous is not None
            and previous_output is not None
            and previous_output.is_dir()
            and previous.get("global") == global_digest
        )
        self.previous_output = previous_output
        self._previous = previous["outputs"] if usable else {}
        self._previous_keys: list[str] = previous["keys"] if usable else []
        self._previous_digests: list = previous["digests"] if usable else []
        # kept in memory by the preview server (state_of(..., in_memory=True)): each key's position, and the
        # outputs that read each position, so a save looks only at the outputs its changed keys reach
        self._positions: dict[str, int] | None = previous.get("positions") if usable else None
        self._readers: dict[int, set[str]] | None = previous.get("readers") if usable else None
        self._unchanged_except = unchanged_except
        self._changed: set[int] | None = None
        self._stale: set[str] | None = None
        if unchanged_except is not None and self._positions is None:  # every other key has the digest it had
            self._digests = {
                key: before
                for key, before in zip(self._previous_keys, self._previous_digests, strict=True)
                if key not in unchanged_except
            }
        self._folders: set[Path] = set()  # made in the staging folder by take()
        self.reason = (  # a tools message: worded in the editor's language when printed
            _t("no previous build")
            if previous is None
            else _t("reusing unchanged files")
            if usable
            else _t("the code, settings or build date changed")
        )

    def digest(self, key: str) -> str | None:
        if key not in self._digests:
            if self._positions is not None and self._unchanged_except is not None and key not in self._unchanged_except:
                position = self._positions.get(key)
                if position is not None:
                    return self._previous_digests[position]  # (the preview: not copied for every key)
            self._digests[key] = self._digest_of(key)
        return self._digests[key]

    def may_have_changed(self, key: str) -> bool:
        """Is ``key`` among those a save may have changed, as named by ``unchanged_except`` (the preview
        writes the pages of the files it saved first)?"""
        return self._unchanged_except is not None and key in self._unchanged_except

    def changed(self) -> set[int]:
        """Positions of the previous build's keys whose digest is not the same now (computed once, before
        the helper processes are forked, so they inherit it)."""
        if self._changed is None:
            if self._unchanged_except is not None and self._positions is not None:
                candidates = [(self._positions[key], key) for key in self._unchanged_except if key in self._positions]
            else:
                candidates = enumerate(self._previous_keys)
            self._changed = {
                position for position, key in candidates if self.digest(key) != self._previous_digests[position]
            }
        return self._changed

    def stale(self) -> set[str] | None:
        """The previous build's outputs that read a key whose digest changed (None: no record of readers;
        each output is then checked on its own)."""
        if self._readers is None:
            return None
        if self._stale is None:
            self._stale = set().union(*(self._readers.get(position, ()) for position in self.changed()))
        return self._stale

    def reusable(self, relative: str, key: str | None = None) -> bool:
        """Is the previous build's file still what this build would write?"""
        entry = self._previous.get(relative)
        if entry is None or entry.get("key") != key:
            return False
        stale = self.stale()
        if stale is not None:  # the preview's own output, checked on disk by its first build: trusted since
            return relative not in stale
        if not self.changed().isdisjoint(entry["reads"]):
            return False
        try:
            stat = (self.previous_output / relative).stat()
        except FileNotFoundError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == tuple(entry.get("stat", ()))  # else changed by hand since

    def reuse(self, relative: str, key: str | None = None) -> bool:
        """Links the previous build's file into the staging folder if it is still what would be written."""
        if not self.reusable(relative, key):
            return False
        self.take(relative)
        previous = self._previous[relative]
        self.outputs[relative] = {"reads": previous["reads"], "key": key, "stat": previous["stat"]}
        self.reused.add(relative)
        return True

    def table(self) -> tuple[list[str], list, dict[str, dict], dict[str, int]]:
        """The state of this build: the key table (the previous one, so reused files' positions hold, plus
        the keys read by files rendered now), each key's digest now, each output's positions, and each key's
        position."""
        keys = list(self._previous_keys)
        position = (
            dict(self._positions) if self._positions is not None else {key: index for index, key in enumerate(keys)}
        )
        outputs = {}
        for relative, entry in self.outputs.items():
            reads_ = entry["reads"]
            if relative not in self.reused:  # rendered now: its keys (a reused file keeps its positions)
                for key in reads_:
                    if key not in position:
                        position[key] = len(keys)
                        keys.append(key)
                reads_ = tuple(map(position.__getitem__, reads_))
            outputs[relative] = {"reads": reads_, "key": entry["key"], "stat": entry.get("stat")}
        return keys, [self.digest(key) for key in keys], outputs, position

    def readers(self, outputs: dict[str, dict]) -> dict[int, set[str]]:
        """Which of ``outputs`` (this build's, from :meth:`table`) read each key position: the previous
        build's record brought up to date for the files rendered or gone now (made whole the first time)."""
        if self._readers is None:
            readers: dict[int, set[str]] = {}
            for relative, entry in outputs.items():
                for position in entry["reads"]:
                    readers.setdefault(position, set()).add(relative)
            return readers
        readers = self._readers  # (the previous build's state is not used again: updated where it is)
        for relative, entry in self._previous.items():
            if relative not in outputs or relative not in self.reused:
                for position in entry["reads"]:
                    readers[position].discard(relative)
        for relative, entry in outputs.items():
            if relative not in self.reused:
                for position in entry["reads"]:
                    readers.setdefault(position, set()).add(relative)
        return readers

    def forget(self, relative: str) -> None:
        """Undoes reuse(): the file will be written after all."""
        if self.in_place:
            self.kept.discard(relative)
        else:
            (self.staging / relative).unlink(missing_ok=True)
        self.reused.discard(relative)
        self.outputs.pop(relative, None)

    def previous_exists(self, relative: str) -> bool:
        return bool(self._previous) and (self.previous_output / relative).is_file()

    def take(self, relative: str) -> bool:
        """Links the previous output's file into the staging folder (callers know it is still right)."""
        if self.in_place:
            self.kept.add(relative)
            return True
        source, target = self.previous_output / relative, self.staging / relative
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
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
        self.record(relative, record, key)

    def record(self, relative: str, reads_, key: str | None = None) -> None:
        """A file written in this build, the keys it read, and its size and time (the same once the staging
        folder is the output: renaming a folder keeps its files' times). In place, it is published first,
        and its size and time are those in the output then."""
        if self.publish is not None:
            self.publish(relative)  # moved into the previous output (or left there: the same bytes)
        try:
            stat = (self.previous_output / relative if self.in_place else self.staging / relative).stat()
        except OSError:
            stat = None  # not written here after all: save_state looks in the output
        self.outputs[relative] = {
            "reads": tuple({sys.intern(key) for key in reads_}),  # one string per key, however many files read it
            "key": key,
            "stat": (stat.st_size, stat.st_mtime_ns) if stat else None,
        }
        self.reused.discard(relative)

    def compute_digests(self) -> dict[str, str | None]:
        """The digest of every key the files rendered in this process read (the state of the build needs
        them): computed by each process for its own files, while the others are still at work."""
        read = set().union(*(entry["reads"] for relative, entry in self.outputs.items() if relative not in self.reused))
        return {key: self.digest(key) for key in read}  # (each key once: pages share most of theirs)

    @property
    def rendered(self) -> int:
        return len(self.outputs) - len(self.reused)

    def forget_inherited(self) -> None:
        """In a helper process just forked from the main one: what the main process recorded so far stays the
        main process's, so export() hands over this process's own outputs and the digests of their keys only
        (the pages' helper inherited the sitemap's record, which reads every page's keys, and digested them
        all again: 0.5 s at 2,000 items)."""
        self.outputs, self.reused, self.kept = {}, set(), set()

    def export(self) -> dict:
        """What a helper process decided, for :meth:`merge` in the main one."""
        return {
            "outputs": self.outputs,
            "reused": sorted(self.reused),
            "kept": sorted(self.kept),
            "digests": self.compute_digests(),
        }

    def merge(self, exported: dict | None) -> None:
        if exported:
            self.outputs.update(exported["outputs"])
            self.reused.update(exported["reused"])
            self.kept.update(exported["kept"])
            self._digests.update(exported["digests"])
