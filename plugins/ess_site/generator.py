"""The one generator: content tree → site map, then the output plugins write."""

from __future__ import annotations

import time
from pathlib import Path

import ess_incremental
from blinker import signal
from ess_config import SiteConfig
from ess_pipeline import prepare_site
from pelican.generators import Generator

from ess_content.render_cache import RenderCache
from ess_i18n import Catalogs
from ess_i18n.tools import _t

from .site import Site


class BuildRecord:
    """Handed to a build in its settings (``ESS_BUILD_RECORD``): the generator leaves the Site there for
    whoever ran the build (the summary, benchmarks) and for steps that run after it (precompression)."""

    site = None


def build_record(settings: dict) -> BuildRecord:
    return settings.setdefault("ESS_BUILD_RECORD", BuildRecord())


#: sent once per build with the Site as sender and ``generator`` / ``writer`` keyword arguments.
site_output = signal("ess-site-output")


class SiteGenerator(Generator):
    def generate_context(self):
        started = time.perf_counter()
        cache_dir = self.settings.get("ESS_CACHE_DIR")
        config = SiteConfig.from_settings(self.settings)
        cache = RenderCache(Path(cache_dir) / "markdown" if cache_dir else None)
        images = Path(cache_dir) / "images" if cache_dir else None
        prepared = prepare_site(config, self.path, cache=cache, image_cache=images)
        loaded = time.perf_counter()
        tree, routes = prepared.tree, prepared.routes
        catalogs = Catalogs(self.settings["TRANSLATIONS_PATH"], config.codes, config.default_lang)
        self.site = Site(config, tree, routes, catalogs, self.settings, Path(self.output_path))
        self.site.warnings = prepared.warnings + catalogs.warnings
        self.site.reuse = self._reuse(tree, routes, config)
        self.site.timings["content and site map"] = loaded - started
        translations = sum(len(item.translations) for item in tree.all_items())
        self.site.progress(
            _t(
                "Read and checked %(translations)s translations of %(items)s items in %(seconds)s s; "
                "%(pages)s pages to write.",
                translations=translations,
                items=len(tree.all_items()),
                seconds=round(loaded - started, 1),
                pages=len(routes.pages),
            )
        )
        self.context["ess_site"] = self.site
        build_record(self.settings).site = self.site

    def _reuse(self, tree, routes, config) -> ess_incremental.Reuse:
        state = self.settings.get("ESS_STATE_PATH")
        previous_output = self.settings.get("ESS_PREVIOUS_OUTPUT")
        return ess_incremental.Reuse(
            Path(self.output_path),
            ess_incremental.global_digest(self.settings, Path(self.settings["PROJECT_ROOT"]), config.now, tree),
            ess_incremental.Dependencies(tree, routes),
            previous=ess_incremental.load_state(Path(state) if state else None),
            previous_output=Path(previous_output) if previous_output else None,
        )

    def generate_output(self, writer):
        # Each output plugin in turn, timed (the build summary and bench/ report these).
        try:
            for receiver in site_output.receivers_for(self.site):
                started = time.perf_counter()
                receiver(self.site, generator=self, writer=writer)
                name = receiver.__module__.removeprefix("ess_").split(".")[0]
                self.site.timings[name] = self.site.timings.get(name, 0.0) + time.perf_counter() - started
            if self.site.background:
                if self.site.reuse is not None:
                    self.site.reuse.compute_digests()  # meanwhile: what the state of this build needs from here
                self.site.progress(_t("Waiting for the search indexes…"))
            self.site.wait_for_background()
        finally:
            self.site.stop_background()  # after a failure here: the search process ends with the build
