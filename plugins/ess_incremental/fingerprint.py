"""Digests of everything a build's output depends on besides the bodies of the translations."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from ess_content.cache_files import digest

#: files of the project whose change may change any output (besides the settings)
CODE_GLOBS = ("plugins/**/*.py", "plugins/**/*.js", "theme/**/*")
CODE_FILES = ("requirements.lock", "package-lock.json")
#: settings that differ between two builds of the same site without changing what it shows
UNSTABLE_SETTINGS = {"OUTPUT_PATH"}


def _hasher():
    return hashlib.blake2b(digest_size=16)


def code_digest(project_root: Path, translations: Path | None = None) -> str:
    """The project's code, theme and locked packages, and the site's UI catalogs (``translations``)."""
    hasher = _hasher()
    for path in code_files(project_root, translations):
        name = path.relative_to(project_root) if path.is_relative_to(project_root) else path
        hasher.update(name.as_posix().encode() + b"\0")
        hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


def code_files(project_root: Path, translations: Path | None = None) -> list[Path]:
    """The files :func:`code_digest` reads, in order (the preview server restarts when one changes)."""
    paths = {p for pattern in CODE_GLOBS for p in project_root.glob(pattern) if p.is_file()}
    paths |= {project_root / name for name in CODE_FILES if (project_root / name).is_file()}
    if translations is not None:
        paths |= {p for p in Path(translations).glob("**/*.po") if p.is_file()}
    return sorted(path for path in paths if "__pycache__" not in path.parts)


def settings_digest(settings: dict) -> str:
    stable = {
        name: value
        for name, value in settings.items()
        if name.isupper() and name not in UNSTABLE_SETTINGS and not name.startswith("ESS_")
    }
    return digest(json.dumps(stable, sort_keys=True, default=_describe))


def _describe(value) -> str:
    """A stable text for values JSON has no form for (sets, paths, functions)."""
    if isinstance(value, set | frozenset):
        return json.dumps(sorted(map(str, value)))
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    return str(value)


def global_digest(settings: dict, project_root: Path, now, tree) -> str:
    """Code, theme, catalogs, locked packages, settings, build date, Python and attachments: one change
    re-renders all."""
    parts = (
        code_digest(project_root, settings.get("TRANSLATIONS_PATH")),
        settings_digest(settings),
        now.isoformat(),
        sys.version,
        attachments_digest(tree),
    )
    return digest("\0".join(parts))


def attachments_digest(tree) -> str:
    """Every attachment's name, size and time (pages show sizes; part of the global digest)."""
    hasher = _hasher()
    for item in tree.all_items():
        for name in item.attachments:
            stat = (item.folder / name).stat()
            hasher.update(f"{item.section}/{item.key}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return hasher.hexdigest()
