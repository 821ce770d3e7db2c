"""Publishes EXTRA_STATIC_FILES (for example lunr.js from node_modules) beside the theme's files, and
answers where any published static file comes from (for Subresource Integrity)."""

from __future__ import annotations

import base64
import hashlib
import shutil
from functools import cache
from pathlib import Path

from ess_site import site_output


def static_sources(settings) -> dict[str, Path]:
    """Output path → source file, for the theme's static files and EXTRA_STATIC_FILES."""
    root = Path(settings.get("PROJECT_ROOT", "."))
    return {path: root / source for path, source in (settings.get("EXTRA_STATIC_FILES") or {}).items()}


def source_of(settings, output_path: str) -> Path:
    extra = static_sources(settings)
    if output_path in extra:
        return extra[output_path]
    static_dir = settings.get("THEME_STATIC_DIR", "theme")
    return Path(settings["THEME"]) / "static" / output_path.removeprefix(f"{static_dir}/")


@cache
def _integrity(path: Path, stamp: float) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode("ascii")


def integrity(settings, output_path: str) -> str:
    """Subresource Integrity of a published static file: 'sha384-…'."""
    source = source_of(settings, output_path)
    return _integrity(source, source.stat().st_mtime)


def copy_extra_static_files(site, generator=None, writer=None):
    for output_path, source in static_sources(site.settings).items():
        if not source.is_file():
            raise FileNotFoundError(f"{source} is missing: run `npm ci` (make html does it for you)")
        shutil.copyfile(source, site.output_file(output_path))


def register():
    site_output.connect(copy_extra_static_files)
