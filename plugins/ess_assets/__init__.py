"""Publishes files from outside the theme beside the theme's own: lunr.js and the stemmers the declared
languages need (from node_modules, see ess_search.vendor) and a site's EXTRA_STATIC_FILES; answers where
any published static file comes from (for Subresource Integrity)."""

from __future__ import annotations

import base64
import hashlib
import shutil
from functools import cache
from pathlib import Path

from ess_search.vendor import VENDOR_DIR, vendor_files

from ess_site import site_output


def static_sources(site) -> dict[str, Path]:
    """Output path → source file, for files published beside the theme's static files."""
    settings = site.settings
    root = Path(settings.get("PROJECT_ROOT", "."))
    modules = Path(settings.get("NODE_MODULES") or root / "node_modules")
    static_dir = settings.get("THEME_STATIC_DIR", "theme")
    sources = {
        f"{static_dir}/{VENDOR_DIR}/{name}": modules / source for name, source in vendor_files(site.config).items()
    }
    sources.update({path: root / source for path, source in (settings.get("EXTRA_STATIC_FILES") or {}).items()})
    return sources


def source_of(site, output_path: str) -> Path:
    extra = static_sources(site)
    if output_path in extra:
        return extra[output_path]
    static_dir = site.settings.get("THEME_STATIC_DIR", "theme")
    return Path(site.settings["THEME"]) / "static" / output_path.removeprefix(f"{static_dir}/")


@cache
def _integrity(path: Path, stamp: float) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode("ascii")


def integrity(site, output_path: str) -> str:
    """Subresource Integrity of a published static file: 'sha384-…'."""
    source = source_of(site, output_path)
    return _integrity(source, source.stat().st_mtime)


def copy_extra_static_files(site, generator=None, writer=None):
    for output_path, source in static_sources(site).items():
        if not source.is_file():
            raise FileNotFoundError(f"{source} is missing: run `npm ci` (make html does it for you)")
        shutil.copyfile(source, site.output_file(output_path))


def register():
    site_output.connect(copy_extra_static_files)
