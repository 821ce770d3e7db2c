"""Publishes the theme's static files and the files from outside the theme beside them (lunr.js and the
stemmers the declared languages need, from node_modules, see ess_search.vendor, and a site's
EXTRA_STATIC_FILES) under fingerprinted names (``theme/css/site.1a2b3c4d5e.css``: a digest of the content
in the name), and answers where any published static file comes from (for Subresource Integrity).

A fingerprinted file never changes under its name, so hosts serve it with a year's immutable cache
(``ess_headers.policy``) while HTML revalidates: a new build links new names.
"""

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


#: Hex digits of the content digest in a file name: 40 bits, no collision among a theme's files.
FINGERPRINT_LENGTH = 10


@cache
def _integrity(path: Path, stamp: float) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode("ascii")


@cache
def _fingerprint(path: Path, stamp: float) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:FINGERPRINT_LENGTH]


def static_output_path(site, path: str) -> str:
    """Where the theme file ``path`` ('css/site.css') is published: 'theme/css/site.1a2b3c4d5e.css' (asked by
    every page: answered once per build, theme files do not change during one)."""
    known = site.__dict__.setdefault("_static_output_paths", {})
    if path not in known:
        known[path] = _static_output_path(site, path)
    return known[path]


def _static_output_path(site, path: str) -> str:
    output_path = f"{site.settings.get('THEME_STATIC_DIR', 'theme')}/{path}"
    source = source_of(site, output_path)
    folder, _, name = output_path.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    fingerprint = _fingerprint(source, source.stat().st_mtime)
    return f"{folder}/{stem}.{fingerprint}.{extension}" if dot else f"{output_path}.{fingerprint}"


def theme_static_files(site) -> list[str]:
    """Every published static file as a path under THEME_STATIC_DIR ('css/site.css', 'js/vendor/lunr.min.js')."""
    static_dir = site.settings.get("THEME_STATIC_DIR", "theme")
    theme_static = Path(site.settings["THEME"]) / "static"
    own = [str(path.relative_to(theme_static)) for path in sorted(theme_static.rglob("*")) if path.is_file()]
    return own + [path.removeprefix(f"{static_dir}/") for path in static_sources(site)]


def integrity(site, output_path: str) -> str:
    """Subresource Integrity of a published static file: 'sha384-…'."""
    source = source_of(site, output_path)
    return _integrity(source, source.stat().st_mtime)


def copy_extra_static_files(site, generator=None, writer=None):
    """Every static file under its fingerprinted name only (THEME_STATIC_PATHS is empty: Pelican copies none)."""
    static_dir = site.settings.get("THEME_STATIC_DIR", "theme")
    for source in static_sources(site).values():
        if not source.is_file():
            raise FileNotFoundError(f"{source} is missing: run `npm ci` (make html does it for you)")
    for path in theme_static_files(site):
        source = source_of(site, f"{static_dir}/{path}")
        shutil.copyfile(source, site.output_file(static_output_path(site, path)))


def register():
    site_output.connect(copy_extra_static_files)
