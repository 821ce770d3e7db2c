"""The one generator: content tree → site map, then the output plugins write."""

from __future__ import annotations

from pathlib import Path

from blinker import signal
from pelican.generators import Generator

import ess_content
from ess_i18n import Catalogs
from ess_routes import RouteConfig, Routes

from .site import Site

#: sent once per build with the Site as sender and ``generator`` / ``writer`` keyword arguments.
site_output = signal("ess-site-output")


class SiteGenerator(Generator):
    def generate_context(self):
        tree = ess_content.load(self.path)
        config = RouteConfig.from_settings(self.settings)
        routes = Routes(tree, config)
        catalogs = Catalogs(self.settings["TRANSLATIONS_PATH"], config.languages)
        self.site = Site(tree, routes, catalogs, self.settings, Path(self.output_path))
        self.context["ess_site"] = self.site

    def generate_output(self, writer):
        site_output.send(self.site, generator=self, writer=writer)
