"""Runs Pelican with the project's settings on any content tree, into any output folder."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from ess_incremental import save_state, state_of, state_path

from .atomic import publish_file, staged_output, update_in_place

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


def settings_for(
    *,
    publish: bool,
    content: Path | None = None,
    output: Path | None = None,
    site: Path | None = None,
    extra=None,
) -> dict:
    """Pelican settings for a build of ``content`` into ``output``. ``site``: the folder holding the site's
    own files (pelicanconf.py, publishconf.py, translations/, and content/ by default): this project by
    default; the plugins, theme and packages always come from this project."""
    from pelican.settings import read_settings

    cwd = Path.cwd()
    site = (cwd / site).resolve() if site else PROJECT_ROOT
    config = site / ("publishconf.py" if publish else "pelicanconf.py")
    os.chdir(site)  # settings files use paths relative to the site's folder
    try:
        override = {
            "PATH": str((cwd / content).resolve()) if content else str(site / "content"),
            "OUTPUT_PATH": str((cwd / output).resolve()) if output else str(site / "output"),
            "THEME": str(PROJECT_ROOT / "theme"),
            "TRANSLATIONS_PATH": str(site / "translations"),
            "PLUGIN_PATHS": [str(PROJECT_ROOT / "plugins")],
            "CACHE_PATH": str(cache_dir() / "pelican"),
            "ESS_CACHE_DIR": str(cache_dir()),
            "NODE_MODULES": str(PROJECT_ROOT / "node_modules"),
            "SEARCH_PIPELINES_JS": str(PROJECT_ROOT / "theme" / "static" / "js" / "search-pipelines.js"),
            "PROJECT_ROOT": str(PROJECT_ROOT),
            "ESS_SITE_DIR": str(site),
            **(extra or {}),
        }
        return read_settings(str(config), override=override)
    finally:
        os.chdir(cwd)


def site_config(settings: dict):
    """The site's declaration (languages, sections) from its settings; ConfigError names what is wrong."""
    from ess_config import SiteConfig

    return SiteConfig.from_settings(
        settings, source=str(Path(settings.get("ESS_SITE_DIR", PROJECT_ROOT)) / "pelicanconf.py")
    )


def build(settings: dict) -> dict:
    """Build atomically; returns a small summary. Raises ContentError or BuildError."""
    started = time.perf_counter()
    output = Path(settings["OUTPUT_PATH"]).resolve()
    state = state_path(Path(settings["ESS_CACHE_DIR"]), output)
    with staged_output(output) as staging:
        site, pages, warnings = _run(
            dict(settings, OUTPUT_PATH=str(staging), ESS_PREVIOUS_OUTPUT=str(output), ESS_STATE_PATH=str(state)),
            staging,
        )
    if site is not None and site.reuse is not None:
        save_state(state, site.reuse, output)  # only now: a failed build leaves the previous state too
    return _summary(site, pages, warnings, started)


def build_in_place(
    settings: dict, previous: dict | None, kept: dict, files: set[str], on_published=None, interrupted=None
) -> dict:
    """The preview server's build: what changed since ``previous`` (the state of the last build, kept in
    memory) is rendered into a staging folder and each file moved into the output as soon as it is written
    (replaced in one step); the files still right stay where they are, outputs no longer built are removed.
    The output is then what :func:`build` writes. ``kept``: what the build process keeps between builds
    (ess_site.generator); ``files``: what the output holds (``summary["files"]`` of the previous call);
    ``on_published(relative)``: called for each file changed in the output while the build goes on;
    ``interrupted()``: asked while the build waits for its helper processes (the search indexes), which it
    ends, raising BuildInterrupted, when true. Raises ContentError or BuildError; a content error leaves the
    output as it was."""
    started = time.perf_counter()
    output = Path(settings["OUTPUT_PATH"]).resolve()
    with staged_output(output, swap=False) as staging:

        def publish(relative: str) -> None:
            if publish_file(staging, output, relative) and on_published is not None:
                on_published(relative)

        staged = dict(
            settings,
            OUTPUT_PATH=str(staging),
            ESS_PREVIOUS_OUTPUT=str(output),
            ESS_PREVIOUS_STATE=previous,
            ESS_PUBLISH=publish,
            ESS_KEPT=kept,
            ESS_INTERRUPTED=interrupted,
        )
        site, pages, warnings = _run(staged, staging)
        if site is None or site.reuse is None:
            raise BuildError("the site generator did not run")
        summary = _summary(site, pages, warnings, started)
        in_place = site.reuse.kept | site.reuse.outputs.keys()
        summary["changed"], summary["files"] = update_in_place(staging, output, in_place, files)
    summary["state"] = state_of(site.reuse, output, in_memory=True)
    return summary


def _run(settings: dict, staging: Path):
    """Pelican into ``staging``; (the Site, its page count, the warnings). Errors Pelican logged raise BuildError."""
    from pelican import Pelican
    from pelican.log import console

    from ess_site.generator import build_record

    console.quiet = True  # Pelican's own summary counts its article readers, which are off here
    counter = _ErrorCounter()
    logger = logging.getLogger("pelican")
    logger.addHandler(counter)
    try:
        Pelican(settings).run()
        if counter.errors:
            raise BuildError("\n".join(counter.errors))
        site = build_record(settings).site
        pages = len(site.routes.pages) if site else sum(1 for _ in staging.rglob("*.html"))
    finally:
        logger.removeHandler(counter)
    return site, pages, (site.warnings if site else []) + counter.warnings


def _summary(site, pages: int, warnings: list, started: float) -> dict:
    return {
        "pages": pages,
        "seconds": time.perf_counter() - started,
        "warnings": warnings,
        "timings": dict(site.timings) if site else {},
        "site": site,
    }
