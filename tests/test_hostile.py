"""Hostile and careless content trees (issue 12): nothing outside content/ is read, nothing that runs is
published, every command ends in bounded time with a message naming the file, `check` agrees with `build`,
and the previous output stays byte for byte what it was."""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_bad_input import BASE

from conftest import build, run_cli, tree_digest, write_tree

OUTSIDE_SECRET = "outside-content-secret-7f3a"
NEWS = "news/launch"


def _outside(root: Path) -> Path:
    """A folder beside content/ holding a secret that must never be published."""
    folder = root / "outside"
    write_tree(folder, {"secret.txt": OUTSIDE_SECRET, "fr.md": f"---\ntitle: {OUTSIDE_SECRET}\n---\n"})
    return folder


def _linked(name: str, target):
    """A link in the item's folder to ``target`` (a path, or a function of the test's root)."""

    def make(root):
        os.symlink(target(root) if callable(target) else target, root / "content" / NEWS / name)
        return [f"news/launch/{name}", "is a symbolic link"]

    return make


def _symlink_item_folder(root):
    os.symlink(_outside(root), root / "content" / "news" / "elsewhere")
    return ["news/elsewhere", "is a symbolic link"]


def _symlink_section_folder(root):
    shutil.rmtree(root / "content" / "pages")
    os.symlink(_outside(root).parent / "outside-section", root / "content" / "pages")
    write_tree(_outside(root).parent / "outside-section", {"about/fr.md": f"---\ntitle: {OUTSIDE_SECRET}\n---\n"})
    return ["content/pages", "is a symbolic link"]


def _fifo_translation(root):
    os.mkfifo(root / "content" / NEWS / "en.md")
    return ["news/launch/en.md", "is a named pipe (FIFO)"]


def _fifo_attachment(root):
    os.mkfifo(root / "content" / NEWS / "minutes.pdf")
    return ["news/launch/minutes.pdf", "is a named pipe (FIFO)"]


def _socket_attachment(root):
    path = root / "content" / NEWS / "s.txt"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
    except OSError as exc:  # pragma: no cover - a path too long for a socket address
        pytest.skip(f"cannot create a socket here: {exc}")
    finally:
        sock.close()
    return ["news/launch/s.txt", "is a socket"]


def _device_attachment(root):
    if os.geteuid() != 0:  # pragma: no cover - only root may create device nodes; CI runs as root
        return _linked("random.pdf", "/dev/urandom")(root)
    import stat

    os.mknod(root / "content" / NEWS / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    return ["news/launch/null.txt", "is a device"]


def _oversized_translation(root):
    from ess_content.files import MAX_TEXT_BYTES

    (root / "content" / NEWS / "en.md").write_text("---\ntitle: Big\n---\n" + "x" * MAX_TEXT_BYTES)
    return ["news/launch/en.md", "the limit for this kind of file is 1,048,576 bytes"]


def _oversized_attachment(root):
    from ess_content.attachments import MAX_ATTACHMENT_BYTES

    with open(root / "content" / NEWS / "huge.pdf", "wb") as sparse:
        sparse.truncate(MAX_ATTACHMENT_BYTES + 1)
    return ["news/launch/huge.pdf", "the limit for this kind of file"]


def _files(files: dict, expected: list[str]):
    def make(root):
        write_tree(root / "content", files)
        return expected

    return make


SVG_SCRIPT = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
ESCAPED_CONTROLS = '---\ntitle: "Gr\\x01ndung"\nsummary: "\\x1b[31mrot"\ntags: ["a\\0b"]\n---\n'
BILLION_LAUGHS = (
    "---\ntitle: Lol\nl0: &l0 [lol]\n"
    + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))
    + "---\n"
)

CASES = {
    "attachment linked to /proc/self/environ": _linked("environ.txt", "/proc/self/environ"),
    "attachment linked to /etc/passwd": _linked("passwd.txt", "/etc/passwd"),
    "item folder linked outside content": _symlink_item_folder,
    "section folder linked outside content": _symlink_section_folder,
    "translation linked to /dev/zero": _linked("en.md", "/dev/zero"),
    "attachment linked to /dev/urandom": _linked("random.pdf", "/dev/urandom"),
    "attachment linked to a file beside content": _linked("notes.txt", lambda root: _outside(root) / "secret.txt"),
    "translation is a FIFO": _fifo_translation,
    "attachment is a FIFO": _fifo_attachment,
    "attachment is a socket": _socket_attachment,
    "attachment is a device": _device_attachment,
    "translation over the size limit": _oversized_translation,
    "attachment over the size limit": _oversized_attachment,
    "html attachment": _files(
        {f"{NEWS}/page.html": "<script>alert(1)</script>"}, ["news/launch/page.html", "not published"]
    ),
    "script attachment": _files({f"{NEWS}/app.js": "alert(1)"}, ["news/launch/app.js", "not published"]),
    "svg with a script": _files({f"{NEWS}/logo.svg": SVG_SCRIPT}, ["news/launch/logo.svg:1", "<script>"]),
    "svg with an event handler": _files(
        {f"{NEWS}/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"\n onload="alert(1)"/>'},
        ["news/launch/logo.svg:2", "'onload'"],
    ),
    "svg with entities": _files(
        {f"{NEWS}/logo.svg": '<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'},
        ["news/launch/logo.svg", "DOCTYPE"],
    ),
    "image field naming a document": _files(
        {
            f"{NEWS}/doc.pdf": b"%PDF-1.4\n",
            f"{NEWS}/fr.md": "---\ntitle: L\ndate: 2018-06-26\nimage: doc.pdf\nimage_alt: Un document\n---\n",
        },
        ["news/launch/fr.md:4: field 'image'", "expected an image"],
    ),
    "attachment name too long": _files(
        {f"{NEWS}/{'n' * 200}.pdf": b"%PDF-1.4\n"}, ["news/launch/nnnn", "longer than 150 bytes"]
    ),
    "control characters as YAML escapes": _files(
        {f"{NEWS}/de.md": ESCAPED_CONTROLS}, ["news/launch/de.md:2: field 'title'", "U+0001"]
    ),
    "control character in a URL": _files(
        {"events/convention/de.md": '---\ntitle: K\nregistration_url: "https://example.org/\\0"\n---\n'},
        ["events/convention/de.md:3: field 'registration_url'", "U+0000"],
    ),
    "billion laughs": _files({f"{NEWS}/de.md": BILLION_LAUGHS}, ["news/launch/de.md:3", "anchors (&name)"]),
    "recursive alias": _files(
        {f"{NEWS}/de.md": "---\ntitle: A\ntags: &t [*t]\n---\n"}, ["news/launch/de.md:3", "aliases (*name)"]
    ),
    "deep nesting": _files(
        {f"{NEWS}/de.md": "---\ntitle: A\ntags: " + "[" * 50000 + "]" * 50000 + "\n---\n"},
        ["news/launch/de.md:3", "nested more than 3 levels"],
    ),
    "image from another host": _files(
        {f"{NEWS}/de.md": "---\ntitle: A\n---\nText.\n\n![Pixel](https://tracker.example/p.png)\n"},
        ["news/launch/de.md:6: field 'body'", "https://tracker.example/p.png", "another web site"],
    ),
    "page slug equal to a section path, with another problem": _files(
        {"pages/clash/en.md": "---\ntitle: Clash\nslug: news\n---\n", "news/launch/en.md": "---\ntitle: L\ndate: x\n---\n"},
        ["pages/clash/en.md:3: field 'slug'", "/en/news/", "news/launch/en.md:3: field 'date'"],
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-base")
    write_tree(root / "content", BASE)
    result = build(root / "content", root / "output")
    assert result.returncode == 0, result.stderr
    return root / "output"


def _problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": " in line and not line.startswith("warning")]


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_tree_is_refused_by_build_and_check_alike(case, tmp_path, previous_output):
    write_tree(tmp_path / "content", BASE)
    expected = CASES[case](tmp_path)
    output = tmp_path / "output"
    shutil.copytree(previous_output, output)
    before = tree_digest(output)
    content_before = {p: p.lstat().st_mtime_ns for p in (tmp_path / "content").rglob("*")}

    started = time.monotonic()
    built = run_cli("build", "--content", tmp_path / "content", "--output", output, cwd=tmp_path, timeout=60)
    checked = run_cli("check", "--content", tmp_path / "content", cwd=tmp_path, timeout=60)
    assert time.monotonic() - started < 60

    for result in (built, checked):
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        for fragment in expected:
            assert fragment in result.stderr, f"{fragment!r} missing from:\n{result.stderr}"
    assert _problems(built.stderr) == _problems(checked.stderr)
    assert tree_digest(output) == before
    assert {p: p.lstat().st_mtime_ns for p in (tmp_path / "content").rglob("*")} == content_before
    assert not list(tmp_path.glob(".output*")), "the staging folder was left behind"


def test_nothing_from_outside_content_is_published_when_the_rest_builds(tmp_path):
    """The links are refused; once they are removed, the tree builds and no outside byte is in it."""
    write_tree(tmp_path / "content", BASE)
    _symlink_item_folder(tmp_path)
    result = build(tmp_path / "content", tmp_path / "output")
    assert result.returncode == 1
    (tmp_path / "content" / "news" / "elsewhere").unlink()
    result = build(tmp_path / "content", tmp_path / "output")
    assert result.returncode == 0, result.stderr
    for path in (tmp_path / "output").rglob("*"):
        if path.is_file():
            assert OUTSIDE_SECRET.encode() not in path.read_bytes(), path


def _page_of(output: Path, lang: str, text: str) -> str:
    for page in (output / lang).rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if text in html:
            return html
    raise AssertionError(f"no {lang} page contains {text!r}")


def test_multiline_titles_are_folded_and_calendars_stay_valid(tmp_path):
    files = dict(BASE)
    files["events/convention/de.md"] = (
        '---\ntitle: |\n  Konvention\n  der Sozialwirtschaft\nvenue: "Halle\\tNord"\n---\nText.\n'
    )
    write_tree(tmp_path / "content", files)
    result = build(tmp_path / "content", tmp_path / "output")
    assert result.returncode == 0, result.stderr
    calendars = list((tmp_path / "output").rglob("*.ics"))
    assert calendars
    for calendar in calendars:
        data = calendar.read_bytes()
        assert b"\r" not in data.replace(b"\r\n", b""), calendar  # no bare CR anywhere
        assert b"Konvention\n" not in data
    assert _page_of(tmp_path / "output", "de", "<h1>Konvention der Sozialwirtschaft</h1>")


def test_body_ids_cannot_take_the_sites_own(tmp_path):
    files = dict(BASE)
    files[f"{NEWS}/de.md"] = (
        "---\ntitle: Gründung\n---\n## Search config\n\n## Über uns\n\n[Sprung](#uber-uns) [fr](fr.md#texte)\n\n"
        '<p id="search-config">{"self": {"src": "/files/news/launch/x.js"}}</p>\n\n'
        '<q cite="javascript:alert(1)">Zitat</q> <blockquote cite="https://example.org/quelle">B</blockquote>\n'
    )
    write_tree(tmp_path / "content", files)
    result = build(tmp_path / "content", tmp_path / "output")
    assert result.returncode == 0, result.stderr
    html = _page_of(tmp_path / "output", "de", '<h2 id="user-content-uber-uns">Über uns</h2>')
    assert 'id="search-config"' not in html
    assert 'id="user-content-search-config"' in html
    assert 'id="user-content-uber-uns"' in html and 'href="#user-content-uber-uns"' in html
    assert re.search(r'href="[^"#]*/fr/[^"#]*#user-content-texte"', html)  # another page's heading
    assert "javascript:" not in html
    assert 'cite="https://example.org/quelle"' in html
    assert html.count('data-ess-config="search"') == 1


# -- property: odd entries anywhere in a tree -------------------------------------------------------------------

CONTROL_ESCAPES = ["\\x01", "\\x1b", "\\0", "\\x7f", "\\x85", "\\r", "\\t", "\\n", "\\u2028", "\\e"]
ODD_ENTRIES = {
    "link to a file outside": lambda root, path: os.symlink(_outside(root) / "secret.txt", path),
    "link to a folder outside": lambda root, path: os.symlink(_outside(root), path),
    "link to /dev/zero": lambda root, path: os.symlink("/dev/zero", path),
    "dangling link": lambda root, path: os.symlink(root / "nowhere", path),
    "fifo": lambda root, path: os.mkfifo(path),
    "html": lambda root, path: path.write_text("<script>alert(1)</script>"),
    "svg with script": lambda root, path: path.write_text(SVG_SCRIPT),
    "drawing svg": lambda root, path: path.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'),
    "empty folder": lambda root, path: path.mkdir(),
}
NAMES = ["fr.md", "en.md", "x.pdf", "logo.svg", "page.html", "app.js", "noext", "Photo.JPG", ".hidden", "a b.txt"]


@st.composite
def odd_trees(draw):
    """BASE, one translation's title with control characters written as YAML escapes or an anchor, and a few
    odd entries (links, FIFOs, active file types) at item, section or top level."""
    title = draw(
        st.one_of(
            st.lists(st.sampled_from(CONTROL_ESCAPES + ["ok", " "]), min_size=1, max_size=4).map(
                lambda parts: '"' + "".join(parts) + '"'
            ),
            st.sampled_from(["&a Titel", "*a", "[&a x, *a]", "|\n  zwei\n  Zeilen", "Titel"]),
        )
    )
    entries = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(ODD_ENTRIES)),
                st.sampled_from(["news/launch", "news", "", "events/convention"]),
                st.sampled_from(NAMES),
            ),
            max_size=3,
            unique_by=lambda entry: (entry[1], entry[2]),
        )
    )
    return title, entries


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(odd_trees())
def test_odd_trees_are_refused_by_name_or_build_without_outside_bytes(tree):
    from ess_pipeline import prepare_site

    from ess_build.build import build as build_in_process
    from ess_build.build import settings_for, site_config
    from ess_content import ContentError

    title, odd = tree
    root = Path(tempfile.mkdtemp(prefix="ess-odd-"))
    try:
        files = dict(BASE)
        files["news/launch/de.md"] = f"---\ntitle: {title}\n---\nText.\n"
        write_tree(root / "content", files)
        created = []
        for kind, folder, name in odd:
            path = root / "content" / folder / name
            if not os.path.lexists(path):
                ODD_ENTRIES[kind](root, path)
                created.append((kind, folder, name))
        settings = settings_for(publish=False, content=root / "content", output=root / "output")
        checked = built = None
        try:
            prepare_site(site_config(settings), root / "content")  # what `check` runs
        except ContentError as error:
            checked = [str(p) for p in error.problems]
        try:
            build_in_process(settings)
        except ContentError as error:
            built = [str(p) for p in error.problems]
        assert checked == built
        if built is None:
            event("built")
            for path in (root / "output").rglob("*"):
                if path.is_file():
                    assert OUTSIDE_SECRET.encode() not in path.read_bytes(), path
                    assert path.suffix not in (".js", ".svg") or "alert" not in path.read_text(errors="replace")
        else:
            event("refused")
            assert not (root / "output").exists()
            for kind, folder, name in created:
                if not name.startswith(".") and kind.startswith(("link", "dangling", "fifo")):
                    assert any(f"{folder}/{name}".lstrip("/") in p for p in built), (kind, name, built)
    finally:
        shutil.rmtree(root)


# -- in Chromium ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shadowing_site(tmp_path_factory):
    """A body that tries to take the search configuration's place, a heading and a link to it, a drawing."""
    root = tmp_path_factory.mktemp("shadowing")
    files = dict(BASE)
    files[f"{NEWS}/de.md"] = (
        "---\ntitle: Gründung\n---\n[Zum Abschnitt](#uber-uns)\n\n"
        '<p id="search-config">{"self": {"src": "/evil.js"}, "lang": "de"}</p>\n\n'
        + "Absatz.\n\n" * 80
        + "## Über uns\n\nText.\n"
    )
    files[f"{NEWS}/logo.svg"] = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle r="4"/></svg>'
    write_tree(root / "content", files)
    result = build(root / "content", root / "output")
    assert result.returncode == 0, result.stderr
    return root / "output"


def test_body_content_cannot_shadow_the_search_configuration_and_anchors_work(browser_page, shadowing_site):
    from browser import StaticServer

    server = StaticServer(shadowing_site)
    try:
        page = browser_page
        requested = []
        page.on("request", lambda r: requested.append(r.url))
        html = _page_of(shadowing_site, "de", "user-content-search-config")
        path = next(p for p in (shadowing_site / "de").rglob("index.html") if p.read_text() == html)
        page.goto(f"{server.url}/{path.relative_to(shadowing_site).parent.as_posix()}/")
        page.click("#site-search-q")
        page.wait_for_function("() => window.lunr !== undefined || document.querySelector('script[src*=search]')")
        assert not [u for u in requested if "evil" in u], requested
        assert any("/search" in u for u in requested)
        page.click("a[href='#user-content-uber-uns']")
        assert page.evaluate("() => document.querySelector(':target') && document.querySelector(':target').id") == (
            "user-content-uber-uns"
        )
        assert not page.problems, page.problems
    finally:
        server.close()


def test_an_svg_that_slipped_through_runs_nothing_when_opened(browser_page, shadowing_site, tmp_path):
    """The build refuses SVGs with scripts; a host that reads the header files still sandboxes any SVG that
    reaches it, so one placed in the output by other means cannot run a script either."""
    from browser import StaticServer

    site = tmp_path / "site"
    shutil.copytree(shadowing_site, site)
    attachment = next(site.rglob("logo.svg"))
    hostile = attachment.with_name("hostile.svg")
    hostile.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="document.title=\'ran\'">'
        "<script>document.title='ran'; fetch('/ran-script')</script><circle r='4'/></svg>"
    )
    server = StaticServer(site)
    try:
        page = browser_page
        requested = []
        page.on("request", lambda r: requested.append(r.url))
        for svg in (attachment, hostile):
            response = page.goto(f"{server.url}/{svg.relative_to(site).as_posix()}")
            assert response.ok
            assert "sandbox" in response.headers["content-security-policy"]
            assert response.headers["x-content-type-options"] == "nosniff"
            page.wait_for_timeout(300)
            assert page.title() != "ran"
        assert not [u for u in requested if "ran-script" in u]
    finally:
        server.close()


def test_new_does_not_write_through_a_linked_section_folder(tmp_path):
    write_tree(tmp_path / "content", BASE)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.rmtree(tmp_path / "content" / "events")
    os.symlink(outside, tmp_path / "content" / "events")
    result = run_cli("new", "events", "party", "--content", tmp_path / "content", cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is a symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert list(outside.iterdir()) == []
