"""The one generator: content tree → site map, then the output plugins write."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import ess_incremental
from blinker import signal
from ess_config import SiteConfig
from ess_pipeline import prepare_site, prepare_tree
from pelican.generators import Generator

from ess_content.render_cache import RenderCache
from ess_content.reread import reread_bodies, reread_items
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

#: in a build in place (the preview server), these output plugins run first, in their order: the image copies
#: a page shows, then the pages, each published as it is written; the search indexes, calendars and feeds,
#: which the edited page does not need, start after them (the build still ends with all of them written)
SERVED_FIRST = ("ess_images", "ess_pages")
#: objects made between two collections of the youngest generation while the output is written (Python's
#: default is 700): a page's objects die young, by reference count, and each collection walked those still
#: alive again; at 2,000 items a build's collections took 0.51 s of CPU instead of 0.87 (gc.callbacks in every
#: process, two builds of each), its peak memory a few MB more
YOUNG_COLLECTION_FROM = 20_000


def _plugin(receiver) -> str:
    return receiver.__module__.split(".")[0]


class SiteGenerator(Generator):
    def generate_context(self):
        started = time.perf_counter()
        cache_dir = self.settings.get("ESS_CACHE_DIR")
        config = SiteConfig.from_settings(self.settings)
        cache = RenderCache(Path(cache_dir) / "markdown" if cache_dir else None)
        images = Path(cache_dir) / "images" if cache_dir else None
        # the preview server's build process keeps, while it lives, the files it read (read again only when
        # changed), the site it prepared, the compiled templates and the catalogs (a change to either of the
        # last two starts a fresh process)
        kept = self.settings.get("ESS_KEPT")
        prepared, edited = self._prepare(config, cache, images, kept)
        loaded = time.perf_counter()
        tree, routes = prepared.tree, prepared.routes
        if kept is not None and "catalogs" in kept:
            self.env, catalogs = kept["env"], kept["catalogs"]
        else:
            catalogs = Catalogs(self.settings["TRANSLATIONS_PATH"], config.codes, config.default_lang)
            if kept is not None:
                kept.update(env=self.env, catalogs=catalogs)
        self.site = Site(config, tree, routes, catalogs, self.settings, Path(self.output_path))
        self.site.warnings = prepared.warnings + catalogs.warnings
        self.site.reuse = self._reuse(tree, routes, config, edited)
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

    def _prepare(self, config, cache, images, kept):
        """The prepared site and, when the state of the preview's last build (``kept``) can be compared on
        the keys a save may have changed alone, those keys (None: the tree was read again, or was since that
        state): when only bodies changed, the keys of those bodies; when the items changed were read again,
        their keys and those of the site map, made again."""
        memo = kept.setdefault("files", {}) if kept is not None else None
        previous = kept.get("prepared") if kept is not None else None
        changes = kept.get("changes") if kept is not None else None
        prepared = None
        if previous is not None and changes and previous.config.now == config.now:
            edited = reread_bodies(previous.tree, Path(self.path), changes, config.codes, memo)
            if edited is not None:
                prepared, keys = previous, {translation.body_key for translation in edited}
            elif (reread := reread_items(previous.tree, Path(self.path), changes, config.codes, memo)) is not None:
                tree, replaced, read = reread
                prepared = self._prepared(lambda: prepare_tree(config, tree, image_cache=images))
                state = self.settings.get("ESS_PREVIOUS_STATE")
                keys = ess_incremental.keys_of_items([*replaced, *read])
                keys |= ess_incremental.site_map_keys(state["keys"] if state else ())
        if prepared is not None:
            kept["prepared"], kept["edited"] = prepared, keys
            # an interrupted build changed the tree after the state it compares with: its keys count too
            behind = kept.get("behind", set())
            return prepared, None if behind is None else keys | behind
        prepared = self._prepared(lambda: prepare_site(config, self.path, cache=cache, image_cache=images, memo=memo))
        if kept is not None:
            kept["prepared"], kept["edited"] = prepared, None
        return prepared, None

    @staticmethod
    def _prepared(prepare):
        gc.disable()  # reading makes objects that live as long as the build: full passes over them find nothing
        try:
            prepared = prepare()
            # and the first pass once collecting resumes would walk them all (0.16 s at 2,000 items): frozen as
            # generate_output freezes what follows, and unfrozen with it at its end
            gc.freeze()
            return prepared
        finally:
            gc.enable()

    def _reuse(self, tree, routes, config, edited=None) -> ess_incremental.Reuse:
        state = self.settings.get("ESS_STATE_PATH")
        previous_output = self.settings.get("ESS_PREVIOUS_OUTPUT")
        # the preview server hands over the state of its previous build, kept in memory
        previous = self.settings.get("ESS_PREVIOUS_STATE") or ess_incremental.load_state(Path(state) if state else None)
        return ess_incremental.Reuse(
            Path(self.output_path),
            ess_incremental.global_digest(self.settings, Path(self.settings["PROJECT_ROOT"]), config.now, tree),
            ess_incremental.Dependencies(tree, routes),
            previous=previous,
            previous_output=Path(previous_output) if previous_output else None,
            publish=self.settings.get("ESS_PUBLISH"),
            unchanged_except=edited,
        )

    def generate_output(self, writer):
        # Each output plugin in turn, timed (the build summary and bench/ report these). The content and the
        # site map live as long as the build: frozen, the collector's full passes in this process and in the
        # processes forked from it no longer walk them (nor copy their memory pages in a forked one).
        receivers = list(site_output.receivers_for(self.site))
        if self.site.reuse.in_place:  # the preview: the pages a save changed are served before the rest starts
            receivers.sort(key=lambda receiver: _plugin(receiver) not in SERVED_FIRST)
        gc.freeze()
        thresholds = gc.get_threshold()
        gc.set_threshold(YOUNG_COLLECTION_FROM, *thresholds[1:])  # (the processes forked meanwhile too)
        try:
            for receiver in receivers:
                started = time.perf_counter()
                receiver(self.site, generator=self, writer=writer)
                name = _plugin(receiver).removeprefix("ess_")
                self.site.timings[name] = self.site.timings.get(name, 0.0) + time.perf_counter() - started
            if self.site.background:
                if self.site.reuse is not None:
                    self.site.reuse.compute_digests()  # meanwhile: what the state of this build needs from here
                self.site.progress(_t("Waiting for the search indexes…"))
            self.site.wait_for_background(self.settings.get("ESS_INTERRUPTED"))
        finally:
            try:
                self.site.stop_background()  # after a failure here: the search process ends with the build
            finally:
                gc.unfreeze()  # the preview server's process keeps going: what this build leaves is garbage then
                gc.set_threshold(*thresholds)
