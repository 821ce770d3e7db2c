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

from ess_config.sections import SECTIONS as SECTION_NAMES

from ess_i18n.tools import Message, _t

from . import attachments as attachment_policy
from . import fields as f
from . import files
from .cache_files import digest
from .children import can_fork, die_with_parent
from .errors import ContentError, ProblemList, display_path
from .fields import FieldValueError, specs_for
from .frontmatter import FrontMatterError, parse
from .markdown_render import MarkdownRenderer, MarkdownTimeoutError, converted
from .model import BodyLink, ContentTree, Item, Translation
from .render_cache import RenderCache

# Characters XML 1.0 and HTML forbid (tab, line feed and carriage return are fine).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_CONTROL_BYTES = bytes((*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))


def _has_control(data: bytes) -> bool:
    """Does UTF-8 text hold one of _CONTROL's characters? Asked of the bytes, twice as fast as _CONTROL of the
    text at thousands of files: in UTF-8 a byte below 0x80 is always that character, and EF BF BE or EF BF BF
    always U+FFFE or U+FFFF."""
    return len(data.translate(None, _CONTROL_BYTES)) != len(data) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data


PARALLEL_FROM_FILES = 400  # below this, starting processes costs more than it saves
PROCESSES = 2
_WORKER_RENDERER: MarkdownRenderer | None = None


def _render_one(body: str, renderer: MarkdownRenderer | None = None) -> tuple | None:
    """A body converted (markdown_render.converted), or None past the time limit (in a worker, with that
    worker's own renderer)."""
    global _WORKER_RENDERER
    if renderer is None:
        _WORKER_RENDERER = _WORKER_RENDERER or MarkdownRenderer()
        renderer = _WORKER_RENDERER
    try:
        return converted(renderer, body)
    except MarkdownTimeoutError:
        return None


def _take_converted(translation: Translation, body: tuple) -> None:
    """Gives a translation its body as converted (markdown_render.converted: HTML, links, remote images). Its
    Markdown text goes, unless it shows images from elsewhere, whose lines the problems name
    (_check_remote_images): nothing else reads it, and the build's processes kept it to their end (at
    10,000 items, the peak memory went from 1,312 to 1,083 MB without it)."""
    translation._html, translation._link_targets, translation._remote_images = body
    if not translation._remote_images:
        translation._markdown = ""


def _render_chunk(bodies: list[str]) -> list[tuple | None]:
    return [_render_one(body) for body in bodies]


class _Conversions:
    """Markdown → HTML for the bodies no earlier build converted, begun while the tree is still being read:
    once a large tree has shown PARALLEL_FROM_FILES such bodies, they go to two worker processes in chunks as
    the files are read (the reading and the converting share the machine's cores); a small tree's bodies are
    converted here at the end. Each body once."""

    CHUNK = 64

    def __init__(self, renderer: MarkdownRenderer, cache: RenderCache):
        self.renderer, self.cache = renderer, cache
        self.pending: list[Translation] = []  # not sent yet
        self.sent: list[tuple[list[Translation], object]] = []  # (chunk, future of its HTML)
        self.pool: ProcessPoolExecutor | None = None

    def add(self, translation: Translation) -> None:
        cached = self.cache.get(translation.body_digest)
        if cached is not None:
            _take_converted(translation, cached)
            return
        self.pending.append(translation)
        if self.pool is None and len(self.pending) >= PARALLEL_FROM_FILES and can_fork():
            # Workers die with the build (die_with_parent); a worker that dies or fails ends the build at once
            # (BrokenProcessPool or its exception, raised by results()) instead of leaving it waiting.
            self.pool = ProcessPoolExecutor(
                PROCESSES,
                mp_context=multiprocessing.get_context("fork"),
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            )
        if self.pool is not None:
            while len(self.pending) >= self.CHUNK:
                self._send(self.pending[: self.CHUNK])
                del self.pending[: self.CHUNK]

    def _send(self, chunk: list[Translation]) -> None:
        self.sent.append((chunk, self.pool.submit(_render_chunk, [t._markdown for t in chunk])))

    def results(self):
        """(translation, converted body or None past the time limit) for every body added, in the order added."""
        if self.pool is None:  # a small tree: here
            for translation in self.pending:
                yield translation, _render_one(translation._markdown, self.renderer)
        elif self.pending:
            self._send(self.pending)
        self.pending = []
        for chunk, future in self.sent:
            yield from zip(chunk, future.result(), strict=True)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def load(
    content_dir: Path | str, languages: tuple[str, ...], *, render: bool = True, cache: RenderCache | None = None
) -> ContentTree:
    """Load and validate the tree; raise ContentError listing every problem found."""
    tree, problems = read_tree(content_dir, languages, render=render, cache=cache)
    if problems:
        raise ContentError(problems.sorted())
    return tree


def read_tree(
    content_dir: Path | str,
    languages: tuple[str, ...],
    *,
    render: bool = True,
    cache: RenderCache | None = None,
    memo: dict | None = None,
    meanwhile=None,
) -> tuple[ContentTree, ProblemList]:
    """The valid part of the tree (an item with any problem is left out) and every problem found.

    ``languages``: the declared language codes, in the site's order (a file in another language is a
    problem). With a ``cache``, bodies converted by an earlier build are not converted again. With a ``memo``
    (kept by the caller between calls), a file whose lstat is unchanged is not read and parsed again.
    ``meanwhile(tree)``: called with the items valid so far once every file is read, while the bodies are
    still being converted (what the converting leaves out is known only after it)."""
    loader = _Loader(Path(content_dir), tuple(languages), render=render, cache=cache, memo=memo)
    loader.meanwhile = meanwhile
    tree = loader.run()
    if cache is not None:
        cache.save()  # also after content errors: the next build, once they are fixed, starts from it
    return tree, loader.problems


class _Loader:
    def __init__(
        self, root: Path, languages: tuple[str, ...], render: bool, cache: RenderCache | None = None, memo=None
    ):
        self.root = root
        self.memo = memo  # path → (lstat signature, text, parsed source) of files read by an earlier call
        self.languages = languages
        self.problems = ProblemList()
        self.renderer = MarkdownRenderer() if render else None
        self.cache = cache or RenderCache(None)
        self.conversions = _Conversions(self.renderer, self.cache) if render else None
        self.neutral_lines: dict[tuple[int, str], tuple[Path, int]] = {}
        self.flagged: set[Path] = set()  # every path a problem named, and its folders inside the tree
        self.flagged_fields: set[tuple[Path, str]] = set()  # (item folder, field) already reported
        self.unread: set[Path] = set()  # translations whose text or front matter could not be read
        self.meanwhile = None  # see read_tree

    def _problem(self, path: Path, message: Message, *, line: int | None = None, field: str | None = None):
        """Records a problem, and which folders and fields it concerns (so that a consequence of it, such as
        an item left without translations, is not reported a second time)."""
        self.problems.add(path, message, line=line, field=field)
        path = Path(path)
        self.flagged.add(path)
        self.flagged.update(parent for parent in path.parents if self.root in parent.parents)
        if field is not None:
            self.flagged_fields.add((path.parent, field))

    def _names(self) -> str:
        return ", ".join(f"{lang}.md" for lang in self.languages)

    def run(self) -> ContentTree:
        try:
            return self._run()
        finally:
            if self.conversions is not None:
                self.conversions.close()

    def _run(self) -> ContentTree:
        if not self.root.is_dir():
            self._problem(self.root, _t("the content folder does not exist"))
            return ContentTree({})
        items: dict[str, dict[str, Item]] = {}
        for entry, info in self._entries(self.root):
            if entry.name.startswith(".") or files.is_regular(info.st_mode):
                continue  # a README or hidden file beside the sections is not content
            if not files.is_folder(info.st_mode):
                self._problem(entry, files.refusal(info.st_mode))
                continue
            if entry.name not in SECTION_NAMES:
                self._problem(
                    entry,
                    _t(
                        "unknown section folder '%(name)s'; expected one of: %(sections)s",
                        name=entry.name,
                        sections=", ".join(SECTION_NAMES),
                    ),
                )
                continue
            items[entry.name] = self._read_section(entry)
        tree = ContentTree({name: items[name] for name in SECTION_NAMES if name in items})
        if self.meanwhile is not None:
            self.meanwhile(self._without_flagged(tree))
        if self.conversions is not None:
            self._render_all()
        self._check_references(tree)
        return self._without_flagged(tree)

    def _without_flagged(self, tree: ContentTree) -> ContentTree:
        """Leaves out every item a problem was found in: what follows (site map, outputs) sees valid items
        only, and still reports its own problems (address clashes) among them in the same run."""
        return ContentTree(
            {
                section: {key: item for key, item in items.items() if item.folder not in self.flagged}
                for section, items in tree.items.items()
            }
        )

    # -- folders -------------------------------------------------------------------------------

    def _entries(self, folder: Path):
        """A folder's entries with their own lstat; an unreadable folder is a problem, not a traceback."""
        try:
            return files.entries(folder)
        except OSError as exc:
            self._problem(folder, _t("cannot be read: %(error)s", error=exc.strerror))
            return []

    def _attachment_ok(self, path: Path, size: int) -> bool:
        """Is this file of an item's folder publishable (type, name, size, and for SVG its content)?"""
        problem = attachment_policy.name_problem(path.name)
        if problem is None and size > attachment_policy.MAX_ATTACHMENT_BYTES:
            problem = files.too_large(size, attachment_policy.MAX_ATTACHMENT_BYTES)
        if problem is not None:
            self._problem(path, problem)
            return False
        if attachment_policy.attachment_type(path.name).extension == "svg":
            try:
                refused = attachment_policy.svg_problem(
                    files.read_regular(path, attachment_policy.MAX_ATTACHMENT_BYTES)
                )
            except files.UnsafeFileError as exc:
                refused = (exc.message, None)
            if refused is not None:
                self._problem(path, refused[0], line=refused[1])
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
                    self._problem(
                        entry,
                        _t("files belong in an item folder: expected %(section)s/<key>/<lang>.md", section=section),
                    )
                else:
                    self._problem(entry, files.refusal(info.st_mode))
                continue
            if not f.KEY_PATTERN.match(entry.name):
                self._problem(
                    entry,
                    _t(
                        "item key '%(key)s' must use lower-case letters a-z, digits and hyphens, "
                        "starting with a letter or digit",
                        key=entry.name,
                    ),
                )
                continue
            item = self._read_item(section, entry)
            if item is not None:
                items[item.key] = item
        return items

    def _read_item(self, section: str, folder: Path) -> Item | None:
        item = Item(section=section, key=folder.name, folder=folder)
        attachments = []
        sources = []  # (place of the language, language, path, signature)
        for entry, info in self._entries(folder):
            name = entry.name
            if name.startswith("."):
                continue
            if files.is_folder(info.st_mode):
                self._problem(entry, _t("sub-folders are not read: put attachments directly in the item's folder"))
            elif not files.is_regular(info.st_mode):
                self._problem(entry, files.refusal(info.st_mode))
            elif name.endswith(".md"):  # (not hidden: its suffix is '.md', its stem the rest)
                lang = name[:-3]
                if lang in self.languages:
                    sources.append((self.languages.index(lang), lang, entry, files.signature(info)))
                else:
                    self._problem(
                        entry,
                        _t(
                            "unknown language '%(lang)s': this site declares %(langs)s, so a translation is named "
                            "%(names)s (a site owner adds one with: make language CODE=xx)",
                            lang=lang,
                            langs=", ".join(self.languages),
                            names=self._names(),
                        ),
                    )
            elif self._attachment_ok(entry, info.st_size):
                attachments.append(name)
        item.attachments = tuple(attachments)
        if not sources:
            if folder not in self.flagged:
                self._problem(
                    folder, _t("no translation found: expected at least one of %(names)s", names=self._names())
                )
            return None
        for _place, lang, path, signature in sorted(sources):  # (one file per language: places differ)
            translation = self._read_translation(item, path, lang, signature)
            if translation is not None:
                item.translations[translation.lang] = translation
                if self.conversions is not None:
                    self.conversions.add(translation)
        item.translations = {lang: item.translations[lang] for lang in self.languages if lang in item.translations}
        if not item.translations:
            return None
        # a translation whose front matter could not be read may hold the item's language-neutral fields
        self._check_item(item, neutral_known=not any(source[2] in self.unread for source in sources))
        return item

    # -- one file ------------------------------------------------------------------------------

    def _read_translation(self, item: Item, path: Path, lang: str, signature: tuple) -> Translation | None:
        remembered = self.memo.get(path) if self.memo is not None else None
        if remembered is not None and remembered[0] == signature:
            text, source = remembered[1], remembered[2]
        else:
            read = self._read_source(path)
            if read is None:
                return None
            text, source = read
            if self.memo is not None:
                self.memo[path] = (signature, text, source)
        return self._translation(item, path, lang, text, source)

    def _read_source(self, path: Path):
        """The text of one file and its parsed front matter and body, or None (a problem noted, the path
        added to ``unread``)."""
        read = self._parsed_source(path)
        if read is None:
            self.unread.add(path)
        return read

    def _parsed_source(self, path: Path):
        try:
            data = files.read_regular(path, files.MAX_TEXT_BYTES)
        except files.UnsafeFileError as exc:
            self._problem(path, exc.message)
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self._problem(path, _t("the file is not UTF-8 text; save it with UTF-8 encoding"), line=line)
            return None
        control = _CONTROL.search(text) if _has_control(data) else None
        if control:
            line = text.count("\n", 0, control.start()) + 1
            self._problem(
                path,
                _t(
                    "contains an invisible control character (%(code)s); delete it "
                    "(it often comes from copying text out of another program)",
                    code=f"U+{ord(control.group()):04X}",
                ),
                line=line,
            )
            return None
        try:
            source = parse(text)
        except FrontMatterError as exc:
            self._problem(path, exc.message, line=exc.line, field=exc.field)
            return None
        return text, source

    def _translation(self, item: Item, path: Path, lang: str, text: str, source) -> Translation | None:
        specs = specs_for(item.section)
        translation = Translation(
            item=item,
            lang=lang,
            path=path,
            _values={},
            _markdown=source.body,
            body_line=source.body_line,
            lines={name: entry.line for name, entry in source.entries.items()},
            source_id=f"{item.section}/{item.key}/{lang}.md",  # (path: the root / section / key / lang.md)
            front_digest=digest(text[: len(text) - len(source.body)]),
            body_digest=digest(source.body),
        )
        for name, entry in source.entries.items():
            spec = specs.get(name)
            if spec is None:
                self._problem(
                    path,
                    _t(
                        "unknown field for %(section)s; expected one of: %(fields)s",
                        section=item.section,
                        fields=", ".join(sorted(specs)),
                    ),
                    line=entry.line,
                    field=name,
                )
                continue
            if entry.value == "" or entry.value == []:
                if spec.required:
                    self._problem(path, _t("is required but empty"), line=entry.line, field=name)
                continue
            try:
                value = spec.convert(entry.value)
            except FieldValueError as exc:
                self._problem(path, exc.message, line=entry.line, field=name)
                continue
            if spec.attachment and value not in item.attachments:
                self._problem(
                    path,
                    _t(
                        "attachment '%(name)s' is not in the folder %(folder)s",
                        name=value,
                        folder=f"{item.section}/{item.key}/",
                    ),
                    line=entry.line,
                    field=name,
                )
                continue
            if spec.attachment == "image" and attachment_policy.attachment_type(value).kind != "image":
                images = ", ".join(
                    t.extension for t in attachment_policy.ATTACHMENT_TYPES.values() if t.kind == "image"
                )
                self._problem(
                    path,
                    _t("expected an image (%(types)s), got '%(got)s'", types=images, got=value),
                    line=entry.line,
                    field=name,
                )
                continue
            if spec.per_language:
                translation.values[name] = value
            else:
                self._merge_neutral(item, name, value, path, entry.line)
        if "title" not in translation.values and "title" not in source.entries:
            self._problem(path, _t("is required: every translation needs its own title"), field="title")
            return None
        if "title" not in translation.values:
            return None
        return translation

    def _render_all(self) -> None:
        """Collects the HTML of every body (converted while the tree was read, see _Conversions)."""
        for translation, body in self.conversions.results():
            if body is None:
                self._problem(
                    translation.path,
                    _t(
                        "the text could not be converted within %(seconds)s seconds; it probably holds "
                        "thousands of '[', '*' or '>' in a row: remove or escape them",
                        seconds=self.renderer.time_limit,
                    ),
                    line=translation.body_line,
                    field="body",
                )
                body = ("", (), ())
            else:
                self.cache.put(translation.body_digest, body)
            _take_converted(translation, body)

    def _merge_neutral(self, item: Item, name: str, value, path: Path, line: int):
        where = (id(item), name)
        if name not in item.neutral:
            item.neutral[name] = value
            self.neutral_lines[where] = (path, line)
            return
        if item.neutral[name] != value:
            first_path, first_line = self.neutral_lines[where]
            self._problem(
                path,
                _t(
                    "differs from %(other)s (line %(line)s); a language-neutral field must be the "
                    "same in every translation that gives it (or be written in one translation only)",
                    other=display_path(first_path),
                    line=first_line,
                ),
                line=line,
                field=name,
            )

    # -- one item --------------------------------------------------------------------------------

    def _check_item(self, item: Item, neutral_known: bool = True):
        """The item's own rules. ``neutral_known`` false: a translation's front matter could not be read, so
        a language-neutral field missing from the others may be in it (reported once that file is fixed,
        not as a second problem of the same mistake)."""
        first = next(iter(item.translations.values()))
        for spec in item.specs.values() if neutral_known else ():
            if spec.required and not spec.per_language and spec.name not in item.neutral:
                if (item.folder, spec.name) not in self.flagged_fields:
                    self._problem(
                        first.path,
                        _t("is required for %(section)s (in at least one translation)", section=item.section),
                        field=spec.name,
                    )
        if "image" in item.neutral:
            for t in item.translations.values():
                if "image_alt" not in t.values:
                    self._problem(
                        t.path,
                        _t("is required: describe the image '%(name)s' in this language", name=item.neutral["image"]),
                        field="image_alt",
                        line=t.line_of("image") if "image" in t.lines else 1,
                    )
        if item.section == "events":
            self._check_event_dates(item, first)
        if item.section == "resources" and neutral_known and "file" not in item.neutral and "url" not in item.neutral:
            if not {(item.folder, "file"), (item.folder, "url")} & self.flagged_fields:
                self._problem(
                    first.path, _t("a resource needs 'file' (an attachment) or 'url' (a web address)"), field="file"
                )

    def _check_event_dates(self, item: Item, first: Translation):
        start, end = item.neutral.get("start"), item.neutral.get("end")
        if start is None or end is None:
            return
        path, line = self.neutral_lines.get((id(item), "end"), (first.path, 1))
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            self._problem(
                path,
                _t("must have the same form as 'start': both dates (all-day) or both dates with times"),
                field="end",
                line=line,
            )
        elif end < start:
            self._problem(
                path, _t("%(end)s is before start %(start)s", end=str(end), start=str(start)), field="end", line=line
            )

    # -- whole tree ------------------------------------------------------------------------------

    def _check_references(self, tree: ContentTree, items=None):
        """Member keys and body links of ``items`` (default: every item of ``tree``), against ``tree``."""
        members = tree.items.get("members", {})
        unread_members = {path.parent.name for path in self.unread if path.parent.parent == self.root / "members"}
        for item in tree.all_items() if items is None else items:
            for key in item.neutral.get("organisers", ()):
                if key not in members and key not in unread_members:  # (a member whose files are unreadable)
                    path, line = self.neutral_lines[(id(item), "organisers")]
                    self._problem(
                        path,
                        _t("unknown member key '%(key)s': no folder members/%(key)s/", key=key),
                        field="organisers",
                        line=line,
                    )
            for translation in item.translations.values():
                translation.links = tuple(self._resolve_links(tree, translation))
                self._check_remote_images(translation)

    def _check_remote_images(self, translation: Translation):
        for source in translation._remote_images:
            found = translation._markdown.find(source)
            self._problem(
                translation.path,
                _t(
                    "shows the image '%(source)s' from another web site; the site loads nothing from elsewhere: put "
                    "the image file in the item's folder and write ![description](file-name.jpg)",
                    source=source,
                ),
                line=translation.body_line + translation._markdown.count("\n", 0, found) if found >= 0 else None,
                field="body",
            )

    def _resolve_links(self, tree: ContentTree, translation: Translation):
        item = translation.item
        for target in translation._link_targets:
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
                if self.root / resolved in self.unread:  # its own problem is reported: the link may be right
                    continue
            self._problem(
                translation.path,
                _t(
                    "links to '%(target)s', which is neither a file in this item's folder nor another item's "
                    "translation (write ../<key>/<lang>.md or ../../<section>/<key>/<lang>.md)",
                    target=target,
                ),
                field="body",
            )
