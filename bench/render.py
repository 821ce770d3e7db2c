"""CPU time per page kind of the page writer, in one process (no second page process, no search or
calendar processes beside it): the figure to compare before and after a change to templates or helpers.

    .venv/bin/python bench/render.py CONTENT_DIR

Bodies come from the Markdown cache of an earlier build when ESS_CACHE_DIR points at one. CPU seconds
(time.process_time), so a busy machine disturbs the figures less than wall time; still one run, one machine.
"""

from __future__ import annotations

import collections
import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))


def main(content: Path) -> None:
    from pelican import Pelican

    from ess_build.build import settings_for
    from ess_pages import template_calls, template_helpers
    from ess_pages import writer as page_writer
    from ess_site.generator import SiteGenerator

    settings = settings_for(publish=False, content=content, output=Path(tempfile.mkdtemp(prefix="ess-render-")))
    pelican = Pelican(settings)
    context = {**settings, "generated_content": {}, "static_links": set(), "static_content": {}}
    context["localsiteurl"] = settings["SITEURL"]
    generators = [
        cls(context=context, settings=settings, path=pelican.path, theme=pelican.theme, output_path=pelican.output_path)
        for cls in pelican._get_generator_classes()
    ]
    started = time.process_time()
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
    print(f"content and site map: {time.process_time() - started:.2f} CPU s")
    generator = next(g for g in generators if isinstance(g, SiteGenerator))
    site, env = generator.site, generator.env
    template_helpers.install(env, site)
    gc.freeze()  # as the build does while it writes (ess_site.generator): collections skip the site map
    seconds, count, current = collections.defaultdict(float), collections.Counter(), None
    for page in page_writer._in_language_order(site):
        if page.lang != current:
            current = page.lang
            template_calls.install_language(env, site.catalogs.translations(current))
        started = time.process_time()
        page_writer.render_page(site, env, page)
        seconds[page.kind] += time.process_time() - started
        count[page.kind] += 1
    print(f"pages: {sum(seconds.values()):.2f} CPU s")
    for kind in sorted(seconds, key=seconds.get, reverse=True):
        print(
            f"  {kind:<14}{count[kind]:>7} pages {1000 * seconds[kind] / count[kind]:8.2f} ms/page {seconds[kind]:8.2f} s"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
