"""The one generator: content tree → site map, then the output plugins write."""

from __future__ import annotations

import time
from pathlib import Path

import ess_incremental
from blinker import signal
from pelican.generators import Generator

import ess_content
from ess_content import publication
from ess_content.errors import sorted_problems
from ess_content.render_cache import RenderCache
from ess_i18n import Catalogs
from ess_routes import RouteConfig, Routes

from .site import Site

#: the Site of the most recent build in this process (the build summary and benchmarks read it)
LAST_SITE = None

#: sent once per build with the Site as sender and ``generator`` / ``writer`` keyword arguments.
site_output = signal("ess-site-output")


def load_with_addresses(path, config: RouteConfig, cache: RenderCache | None = None) -> ess_content.ContentTree:
    """ess_content.load; when it finds problems, the site map's own (two pages at one address) are reported in
    the same run, from the part of the tree that could be read (build and check share this)."""
    try:
        return ess_content.load(path, cache=cache)
    except ess_content.ContentError as error:
        tree = getattr(error, "tree", None)
        try:
            Routes(tree, config)
        except ess_content.ContentError as clashes:
            raise ess_content.ContentError(sorted_problems([*error.problems, *clashes.problems])) from None
        except Exception:  # noqa: BLE001 - a tree with problems may not map at all; its problems are reported
            pass
        raise


class SiteGenerator(Generator):
    def generate_context(self):
        started = time.perf_counter()
        cache_dir = self.settings.get("ESS_CACHE_DIR")
        config = RouteConfig.from_settings(self.settings)
        tree = load_with_addresses(
            self.path, config, cache=RenderCache(Path(cache_dir) / "markdown" if cache_dir else None)
        )
        loaded = time.perf_counter()
        publication.apply(tree, preview=bool(self.settings.get("PREVIEW")), now=config.now)
        routes = Routes(tree, config)
        catalogs = Catalogs(self.settings["TRANSLATIONS_PATH"], config.languages)
        self.site = Site(tree, routes, catalogs, self.settings, Path(self.output_path))
        self.site.reuse = self._reuse(tree, routes, config)
        self.site.timings["content"] = loaded - started
        self.site.timings["site map"] = time.perf_counter() - loaded
        translations = sum(len(item.translations) for item in tree.all_items())
        self.site.progress(
            f"Read and checked {translations} translations of {len(tree.all_items())} items in {loaded - started:.1f} s; "
            f"{len(routes.pages)} pages to write."
        )
        self.context["ess_site"] = self.site
        global LAST_SITE
        LAST_SITE = self.site

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
                self.site.progress("Waiting for the search indexes…")
            self.site.wait_for_background()
        finally:
            self.site.stop_background()  # after a failure here: the search process ends with the build
