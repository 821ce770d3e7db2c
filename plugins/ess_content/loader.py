"""Reads a content tree into a :class:`ContentTree`, collecting every breach of the contract.

Order of work: walk the folders, parse each file once, type its fields, merge each item's
language-neutral fields, then check what needs the whole tree (member keys, body links, slugs).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import attachments as attachment_policy
from . import fields as f
from . import files
from .cache_files import digest
from .children import die_with_parent
from .errors import ContentError, ProblemList, display_path
from .fields import FieldValueError, specs_for
from .frontmatter import FrontMatterError, parse
from .markdown_render import MarkdownRenderer, MarkdownTimeoutError, relative_links, remote_images
from .model import BodyLink, ContentTree, Item, Translation
from .render_cache import RenderCache
from .vocabulary import LANGUAGES, SECTIONS

# Characters XML 1.0 and HTML forbid (tab, line feed and carriage return are fine).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


PARALLEL_FROM_FILES = 400  # below this, starting processes costs more than it saves
PROCESSES = 2
_WORKER_RENDERER: MarkdownRenderer | None = None


def _render_one(body: str, renderer: MarkdownRenderer | None = None) -> str | None:
    """HTML of one body, or None past the time limit (in a worker, with that worker's own renderer)."""
    global _WORKER_RENDERER
    if renderer is None:
        _WORKER_RENDERER = _WORKER_RENDERER or MarkdownRenderer()
        renderer = _WORKER_RENDERER
    try:
        return renderer.render(body)
    except MarkdownTimeoutError:
        return None


def load(content_dir: Path | str, *, render: bool = True, cache: RenderCache | None = None) -> ContentTree:
    """Load and validate the tree; raise ContentError listing every problem found.

    With a ``cache``, bodies converted by an earlier build are not converted again."""
    loader = _Loader(Path(content_dir), render=render, cache=cache)
    tree = loader.run()
    if cache is not None:
        cache.save()  # also after content errors: the next build, once they are fixed, starts from it
    if loader.problems:
        error = ContentError(loader.problems.sorted())
        error.tree = tree  # what could be read: the site map adds its own problems (address clashes) to these
        raise error
    return tree


class _Loader:
    def __init__(self, root: Path, render: bool, cache: RenderCache | None = None):
        self.root = root
        self.problems = ProblemList()
        self.renderer = MarkdownRenderer() if render else None
        self.cache = cache or RenderCache(None)
        self.neutral_lines: dict[tuple[int, str], tuple[Path, int]] = {}

    def run(self) -> ContentTree:
        if not self.root.is_dir():
            self.problems.add(self.root, "the content folder does not exist")
            return ContentTree({})
        items: dict[str, dict[str, Item]] = {}
        for entry, info in self._entries(self.root):
            if entry.name.startswith(".") or files.is_regular(info.st_mode):
                continue  # a README or hidden file beside the sections is not content
            if not files.is_folder(info.st_mode):
                self.problems.add(entry, files.refusal(info.st_mode))
                continue
            if entry.name not in SECTIONS:
                self.problems.add(
                    entry, f"unknown section folder '{entry.name}'; expected one of: {', '.join(SECTIONS)}"
                )
                continue
            items[entry.name] = self._read_section(entry)
        tree = ContentTree({name: items[name] for name in SECTIONS if name in items})
        if self.renderer is not None:
            self._render_all(tree)
        self._check_references(tree)
        self._check_slugs(tree)
        return tree

    # -- folders -------------------------------------------------------------------------------

    def _entries(self, folder: Path):
        """A folder's entries with their own lstat; an unreadable folder is a problem, not a traceback."""
        try:
            return files.entries(folder)
        except OSError as exc:
            self.problems.add(folder, f"cannot be read: {exc.strerror}")
            return []

    def _attachment_ok(self, path: Path, size: int) -> bool:
        """Is this file of an item's folder publishable (type, name, size, and for SVG its content)?"""
        problem = attachment_policy.name_problem(path.name)
        if problem is None and size > attachment_policy.MAX_ATTACHMENT_BYTES:
            problem = files.too_large(size, attachment_policy.MAX_ATTACHMENT_BYTES)
        if problem is not None:
            self.problems.add(path, problem)
            return False
        if attachment_policy.attachment_type(path.name).extension == "svg":
            try:
                refused = attachment_policy.svg_problem(
                    files.read_regular(path, attachment_policy.MAX_ATTACHMENT_BYTES)
                )
            except files.UnsafeFileError as exc:
                refused = (str(exc), None)
            if refused is not None:
                self.problems.add(path, refused[0], line=refused[1])
                return False
        return True

    def _read_section(self, folder: Path) -> dict[str, Item]:
        section = folder.name
        items = {}
        for entry, info in self._entries(folder):
            if entry.name.startswith("."):
                continue
            if not files.is_folder(info.st_mode):
                if files.is_regular(info.st_mode):
                    self.problems.add(entry, f"files belong in an item folder: expected {section}/<key>/<lang>.md")
                else:
                    self.problems.add(entry, files.refusal(info.st_mode))
                continue
            if not f.KEY_PATTERN.match(entry.name):
                self.problems.add(
                    entry,
                    f"item key '{entry.name}' must use lower-case letters a-z, digits and hyphens, "
                    "starting with a letter or digit",
                )
                continue
            item = self._read_item(section, entry)
            if item is not None:
                items[item.key] = item
        return items

    def _read_item(self, section: str, folder: Path) -> Item | None:
        item = Item(section=section, key=folder.name, folder=folder)
        attachments = []
        sources = []
        for entry, info in self._entries(folder):
            if entry.name.startswith("."):
                continue
            if files.is_folder(info.st_mode):
                self.problems.add(entry, "sub-folders are not read: put attachments directly in the item's folder")
            elif not files.is_regular(info.st_mode):
                self.problems.add(entry, files.refusal(info.st_mode))
            elif entry.suffix == ".md":
                if entry.stem in LANGUAGES:
                    sources.append(entry)
                else:
                    self.problems.add(
                        entry,
                        f"unknown language '{entry.stem}': a translation is named {', '.join(lang + '.md' for lang in LANGUAGES)}",
                    )
            elif self._attachment_ok(entry, info.st_size):
                attachments.append(entry.name)
        item.attachments = tuple(attachments)
        if not sources:
            if not any(p.path.startswith(str(folder)) for p in self.problems.problems):
                self.problems.add(
                    folder,
                    f"no translation found: expected at least one of {', '.join(lang + '.md' for lang in LANGUAGES)}",
                )
            return None
        for path in sorted(sources, key=lambda p: LANGUAGES.index(p.stem)):
            translation = self._read_translation(item, path)
            if translation is not None:
                item.translations[translation.lang] = translation
        item.translations = {lang: item.translations[lang] for lang in LANGUAGES if lang in item.translations}
        if not item.translations:
            return None
        self._check_item(item)
        return item

    # -- one file ------------------------------------------------------------------------------

    def _read_translation(self, item: Item, path: Path) -> Translation | None:
        try:
            data = files.read_regular(path, files.MAX_TEXT_BYTES)
        except files.UnsafeFileError as exc:
            self.problems.add(path, str(exc))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problems.add(path, "the file is not UTF-8 text; save it with UTF-8 encoding", line=line)
            return None
        control = _CONTROL.search(text)
        if control:
            line = text.count("\n", 0, control.start()) + 1
            self.problems.add(
                path,
                f"contains an invisible control character (U+{ord(control.group()):04X}); delete it "
                "(it often comes from copying text out of another program)",
                line=line,
            )
            return None
        try:
            source = parse(text)
        except FrontMatterError as exc:
            self.problems.add(path, exc.message, line=exc.line, field=exc.field)
            return None
        specs = specs_for(item.section)
        translation = Translation(
            item=item,
            lang=path.stem,
            path=path,
            fields={},
            markdown=source.body,
            body_line=source.body_line,
            lines={name: entry.line for name, entry in source.entries.items()},
            source_id=path.relative_to(self.root).as_posix(),
            front_digest=digest(text[: len(text) - len(source.body)]),
            body_digest=digest(source.body),
        )
        for name, entry in source.entries.items():
            spec = specs.get(name)
            if spec is None:
                self.problems.add(
                    path,
                    f"unknown field for {item.section}; expected one of: {', '.join(sorted(specs))}",
                    line=entry.line,
                    field=name,
                )
                continue
            if entry.value == "" or entry.value == []:
                if spec.required:
                    self.problems.add(path, "is required but empty", line=entry.line, field=name)
                continue
            try:
                value = spec.convert(entry.value)
            except FieldValueError as exc:
                self.problems.add(path, str(exc), line=entry.line, field=name)
                continue
            if spec.attachment and value not in item.attachments:
                self.problems.add(
                    path,
                    f"attachment '{value}' is not in the folder {item.section}/{item.key}/",
                    line=entry.line,
                    field=name,
                )
                continue
            if spec.attachment == "image" and attachment_policy.attachment_type(value).kind != "image":
                images = ", ".join(
                    t.extension for t in attachment_policy.ATTACHMENT_TYPES.values() if t.kind == "image"
                )
                self.problems.add(path, f"expected an image ({images}), got '{value}'", line=entry.line, field=name)
                continue
            if spec.per_language:
                translation.values[name] = value
            else:
                self._merge_neutral(item, name, value, path, entry.line)
        if "title" not in translation.values and "title" not in source.entries:
            self.problems.add(path, "is required: every translation needs its own title", field="title")
            return None
        if "title" not in translation.values:
            return None
        return translation

    def _render_all(self, tree: ContentTree) -> None:
        """Markdown → HTML for every translation, on two processes for large trees (each file once)."""
        translations = []
        for item in tree.all_items():
            for translation in item.translations.values():
                cached = self.cache.get(translation.body_digest)
                if cached is None:
                    translations.append(translation)
                else:
                    translation.rendered = cached
        bodies = [t.markdown for t in translations]
        if len(bodies) >= PARALLEL_FROM_FILES and "fork" in multiprocessing.get_all_start_methods():
            # Workers die with the build (die_with_parent); a worker that dies or fails ends the build at once
            # (BrokenProcessPool or its exception, raised here) instead of leaving it waiting.
            with ProcessPoolExecutor(
                PROCESSES,
                mp_context=multiprocessing.get_context("fork"),
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            ) as pool:
                results = list(pool.map(_render_one, bodies, chunksize=max(1, len(bodies) // (PROCESSES * 8))))
        else:
            results = [_render_one(body, self.renderer) for body in bodies]
        for translation, html in zip(translations, results, strict=True):
            if html is None:
                self.problems.add(
                    translation.path,
                    f"the text could not be converted within {self.renderer.time_limit:g} seconds; it probably holds "
                    "thousands of '[', '*' or '>' in a row: remove or escape them",
                    line=translation.body_line,
                    field="body",
                )
                html = ""
            else:
                self.cache.put(translation.body_digest, html)
            translation.rendered = html

    def _merge_neutral(self, item: Item, name: str, value, path: Path, line: int):
        where = (id(item), name)
        if name not in item.neutral:
            item.neutral[name] = value
            self.neutral_lines[where] = (path, line)
            return
        if item.neutral[name] != value:
            first_path, first_line = self.neutral_lines[where]
            self.problems.add(
                path,
                f"differs from {display_path(first_path)} (line {first_line}); a language-neutral field must be the "
                "same in every translation that gives it (or be written in one translation only)",
                line=line,
                field=name,
            )

    # -- one item --------------------------------------------------------------------------------

    def _check_item(self, item: Item):
        first = next(iter(item.translations.values()))
        for spec in item.specs.values():
            if spec.required and not spec.per_language and spec.name not in item.neutral:
                if not any(p.field == spec.name and item.folder.name in p.path for p in self.problems.problems):
                    self.problems.add(
                        first.path, f"is required for {item.section} (in at least one translation)", field=spec.name
                    )
        if "image" in item.neutral:
            for t in item.translations.values():
                if "image_alt" not in t.values:
                    self.problems.add(
                        t.path,
                        f"is required: describe the image '{item.neutral['image']}' in this language",
                        field="image_alt",
                        line=t.line_of("image") if "image" in t.lines else 1,
                    )
        if item.section == "events":
            self._check_event_dates(item, first)
        if item.section == "resources" and "file" not in item.neutral and "url" not in item.neutral:
            if not any(p.field in ("file", "url") and item.folder.name in p.path for p in self.problems.problems):
                self.problems.add(
                    first.path, "a resource needs 'file' (an attachment) or 'url' (a web address)", field="file"
                )

    def _check_event_dates(self, item: Item, first: Translation):
        start, end = item.neutral.get("start"), item.neutral.get("end")
        if start is None or end is None:
            return
        path, line = self.neutral_lines.get((id(item), "end"), (first.path, 1))
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            self.problems.add(
                path,
                "must have the same form as 'start': both dates (all-day) or both dates with times",
                field="end",
                line=line,
            )
        elif end < start:
            self.problems.add(path, f"{end} is before start {start}", field="end", line=line)

    # -- whole tree ------------------------------------------------------------------------------

    def _check_references(self, tree: ContentTree):
        members = tree.items.get("members", {})
        for item in tree.all_items():
            for key in item.neutral.get("organisers", ()):
                if key not in members:
                    path, line = self.neutral_lines[(id(item), "organisers")]
                    self.problems.add(
                        path, f"unknown member key '{key}': no folder members/{key}/", field="organisers", line=line
                    )
            for translation in item.translations.values():
                translation.links = tuple(self._resolve_links(tree, translation))
                self._check_remote_images(translation)

    def _check_remote_images(self, translation: Translation):
        for source in remote_images(translation.html):
            found = translation.markdown.find(source)
            self.problems.add(
                translation.path,
                f"shows the image '{source}' from another web site; the site loads nothing from elsewhere: put "
                "the image file in the item's folder and write ![description](file-name.jpg)",
                line=translation.body_line + translation.markdown.count("\n", 0, found) if found >= 0 else None,
                field="body",
            )

    def _resolve_links(self, tree: ContentTree, translation: Translation):
        item = translation.item
        for target in relative_links(translation.html):
            path_part = target.split("#", 1)[0].split("?", 1)[0]
            if path_part in item.attachments:
                yield BodyLink(target, attachment=path_part)
                continue
            resolved = posixpath.normpath(posixpath.join(item.section, item.key, path_part))
            parts = resolved.split("/")
            if len(parts) == 3 and parts[2].endswith(".md"):
                section, key, lang = parts[0], parts[1], parts[2][:-3]
                other = tree.find(section, key)
                if other is not None and lang in other.translations:
                    yield BodyLink(target, item_ref=(section, key, lang))
                    continue
            self.problems.add(
                translation.path,
                f"links to '{target}', which is neither a file in this item's folder nor another item's "
                "translation (write ../<key>/<lang>.md or ../../<section>/<key>/<lang>.md)",
                field="body",
            )

    def _check_slugs(self, tree: ContentTree):
        for items in tree.items.values():
            for lang in LANGUAGES:
                seen: dict[str, Translation] = {}
                for item in items.values():
                    t = item.translations.get(lang)
                    if t is None or not t.published:
                        continue
                    if t.slug in seen:
                        self.problems.add(
                            t.path,
                            f"slug '{t.slug}' is already used by {display_path(seen[t.slug].path)} in the same "
                            "language; give one of them another 'slug'",
                            field="slug",
                            line=t.line_of("slug") if "slug" in t.values else t.line_of("title"),
                        )
                    else:
                        seen[t.slug] = t
