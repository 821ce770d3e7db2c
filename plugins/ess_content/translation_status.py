"""Which translations exist, which are missing, and which are older than another translation of the
same item (by the last git commit of each file where there is history, else by file time)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import files
from .model import ContentTree


@dataclass
class ItemStatus:
    section: str
    key: str
    present: tuple[str, ...]
    missing: tuple[str, ...]
    stale: tuple[str, ...]  # older than the newest translation of the item
    drafts: tuple[str, ...]


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout


def _git_times(folder: Path) -> dict[str, int]:
    """Last commit time (nanoseconds) of every committed file under folder, by path as a string; files changed
    since then are left out."""
    try:
        root = _git(folder, "rev-parse", "--show-toplevel").strip()
        log = _git(folder, "log", "--format=@%ct", "--name-only", "--", ".")
        dirty = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return {}
    # git prints paths relative to its top level, which it gives already resolved: no resolve() per file
    changed = {os.path.join(root, line[3:].strip()) for line in dirty.splitlines() if len(line) > 3}
    times: dict[str, int] = {}
    stamp = 0
    for line in log.splitlines():
        if line.startswith("@"):
            stamp = int(line[1:]) * 1_000_000_000  # nanoseconds, as file times
        elif line.strip():
            path = os.path.join(root, line.strip())
            if path not in changed:
                times.setdefault(path, stamp)  # the log is newest first
    return times


def _modified(path: str) -> int:
    """A file's time in nanoseconds; one removed since it was read (a save in the preview while it builds:
    the next build follows) counts as the oldest."""
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return 0


def file_times(tree: ContentTree, content: Path, memo: dict | None = None) -> dict[str, int]:
    """source_id → time of the translation's last change (nanoseconds). ``memo``: the preview server's record
    of the files it read (``read_tree``), whose times it holds already (the time of each file as read)."""
    git = _git_times(Path(content))
    real_content = os.path.realpath(content)  # once, not per file
    times = {}
    for item in tree.all_items():
        for translation in item.translations.values():
            path = os.path.join(real_content, translation.source_id)
            remembered = memo.get(translation.path) if memo is not None else None
            times[translation.source_id] = git.get(path) or (remembered[0][2] if remembered else _modified(path))
    return times


def status(tree: ContentTree, content: Path, languages: tuple[str, ...], memo: dict | None = None) -> list[ItemStatus]:
    times = file_times(tree, content, memo)
    rows = []
    for item in sorted(tree.all_items(), key=lambda i: (i.section, i.key)):
        present = tuple(item.translations)
        newest = max(times[t.source_id] for t in item.translations.values())
        stale = tuple(lang for lang, t in item.translations.items() if times[t.source_id] < newest)
        drafts = tuple(lang for lang, t in item.translations.items() if t.is_draft)
        missing = tuple(lang for lang in languages if lang not in present)
        rows.append(ItemStatus(item.section, item.key, present, missing, stale, drafts))
    return rows


def catalog_completeness(
    translations: Path, languages: tuple[str, ...], domain: str = "messages"
) -> dict[str, tuple[int, int, int]]:
    """lang → (translated, fuzzy, total) of a catalog: the UI strings (messages) or the tools' messages (tools).
    Counted again only when one of its files changed (the preview server asks at every save: 0.1-0.3 s)."""
    paths = [Path(translations) / f"{domain}.pot"]
    paths += [Path(translations) / lang / "LC_MESSAGES" / f"{domain}.po" for lang in languages]
    signature = tuple(_signature(path) for path in paths)
    counted = _completeness.get((paths[0], tuple(languages)))
    if counted is not None and counted[0] == signature:
        return dict(counted[1])
    result = _count_completeness(translations, languages, domain)
    _completeness[paths[0], tuple(languages)] = (signature, dict(result))
    return result


_completeness: dict[tuple, tuple] = {}  # (template, languages) → (its files' signatures, the counts)


def _signature(path: Path) -> tuple | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return files.signature(info)


def _count_completeness(translations: Path, languages: tuple[str, ...], domain: str) -> dict[str, tuple[int, int, int]]:
    from babel.messages.pofile import read_po

    with (Path(translations) / f"{domain}.pot").open("rb") as handle:
        ids = {m.id for m in read_po(handle) if m.id}
    result = {}
    for lang in languages:
        path = Path(translations) / lang / "LC_MESSAGES" / f"{domain}.po"
        if not path.is_file():
            result[lang] = (0, 0, len(ids))
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle)
        done = sum(1 for m in catalog if m.id in ids and m.string and not m.fuzzy)
        fuzzy = sum(1 for m in catalog if m.id in ids and m.fuzzy)
        result[lang] = (done, fuzzy, len(ids))
    return result
