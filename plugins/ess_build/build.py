"""Runs Pelican with the project's settings on any content tree, into any output folder."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from ess_incremental import save_state, state_path

from .atomic import staged_output

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class BuildError(Exception):
    pass


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record):
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(record.getMessage())


def cache_dir() -> Path:
    """Where builds keep what the next build can reuse (ESS_CACHE_DIR, else .cache/ in the project)."""
    return Path(os.environ.get("ESS_CACHE_DIR") or PROJECT_ROOT / ".cache").resolve()


def settings_for(*, publish: bool, content: Path | None = None, output: Path | None = None, extra=None) -> dict:
    from pelican.settings import read_settings

    config = PROJECT_ROOT / ("publishconf.py" if publish else "pelicanconf.py")
    cwd = os.getcwd()
    os.chdir(PROJECT_ROOT)  # settings files use paths relative to the project
    try:
        override = {
            "PATH": str((Path(cwd) / content).resolve()) if content else str(PROJECT_ROOT / "content"),
            "OUTPUT_PATH": str((Path(cwd) / output).resolve()) if output else str(PROJECT_ROOT / "output"),
            "THEME": str(PROJECT_ROOT / "theme"),
            "TRANSLATIONS_PATH": str(PROJECT_ROOT / "translations"),
            "PLUGIN_PATHS": [str(PROJECT_ROOT / "plugins")],
            "CACHE_PATH": str(cache_dir() / "pelican"),
            "ESS_CACHE_DIR": str(cache_dir()),
            "NODE_MODULES": str(PROJECT_ROOT / "node_modules"),
            "SEARCH_PIPELINES_JS": str(PROJECT_ROOT / "theme" / "static" / "js" / "search-pipelines.js"),
            "PROJECT_ROOT": str(PROJECT_ROOT),
            **(extra or {}),
        }
        return read_settings(str(config), override=override)
    finally:
        os.chdir(cwd)


def build(settings: dict) -> dict:
    """Build atomically; returns a small summary. Raises ContentError or BuildError."""
    from pelican import Pelican
    from pelican.log import console

    console.quiet = True  # Pelican's own summary counts its article readers, which are off here
    started = time.perf_counter()
    counter = _ErrorCounter()
    logger = logging.getLogger("pelican")
    logger.addHandler(counter)
    output = Path(settings["OUTPUT_PATH"]).resolve()
    state = state_path(Path(settings["ESS_CACHE_DIR"]), output)
    try:
        with staged_output(output) as staging:
            staged = dict(
                settings, OUTPUT_PATH=str(staging), ESS_PREVIOUS_OUTPUT=str(output), ESS_STATE_PATH=str(state)
            )
            pelican = Pelican(staged)
            pelican.run()
            if counter.errors:
                raise BuildError("\n".join(counter.errors))
            site = pelican_site(pelican)
            pages = len(site.routes.pages) if site else sum(1 for _ in staging.rglob("*.html"))
    finally:
        logger.removeHandler(counter)
    if site is not None and site.reuse is not None:
        save_state(state, site.reuse, output)  # only now: a failed build leaves the previous state too
    return {
        "pages": pages,
        "seconds": time.perf_counter() - started,
        "warnings": counter.warnings,
        "timings": dict(site.timings) if site else {},
        "site": site,
    }


def pelican_site(pelican):
    """The Site of the last run (kept by the generator in the shared context)."""
    from ess_site import generator as site_generator

    return site_generator.LAST_SITE
