"""Hostile and careless content trees (issue 12): nothing outside content/ is read, nothing that runs is
published, every command ends in bounded time with a message naming the file, `check` agrees with `build`,
and the previous output stays byte for byte what it was."""

from __future__ import annotations

import os
import shutil
import socket
import time
from pathlib import Path

import pytest
from test_bad_input import BASE

from conftest import build, run_cli, tree_digest, write_tree

OUTSIDE_SECRET = "outside-content-secret-7f3a"
NEWS = "news/launch"


def _outside(root: Path) -> Path:
    """A folder beside content/ holding a secret that must never be published."""
    folder = root / "outside"
    write_tree(folder, {"secret.txt": OUTSIDE_SECRET, "fr.md": f"---\ntitle: {OUTSIDE_SECRET}\n---\n"})
    return folder


def _symlink_attachment_environ(root):
    os.symlink("/proc/self/environ", root / "content" / NEWS / "environ.txt")
    return ["news/launch/environ.txt", "is a symbolic link"]


def _symlink_attachment_passwd(root):
    os.symlink("/etc/passwd", root / "content" / NEWS / "passwd.txt")
    return ["news/launch/passwd.txt", "is a symbolic link"]


def _symlink_item_folder(root):
    os.symlink(_outside(root), root / "content" / "news" / "elsewhere")
    return ["news/elsewhere", "is a symbolic link"]


def _symlink_section_folder(root):
    shutil.rmtree(root / "content" / "pages")
    os.symlink(_outside(root).parent / "outside-section", root / "content" / "pages")
    write_tree(_outside(root).parent / "outside-section", {"about/fr.md": f"---\ntitle: {OUTSIDE_SECRET}\n---\n"})
    return ["content/pages", "is a symbolic link"]


def _symlink_translation_dev_zero(root):
    os.symlink("/dev/zero", root / "content" / NEWS / "en.md")
    return ["news/launch/en.md", "is a symbolic link"]


def _symlink_attachment_dev_urandom(root):
    os.symlink("/dev/urandom", root / "content" / NEWS / "random.pdf")
    return ["news/launch/random.pdf", "is a symbolic link"]


def _symlink_to_sibling_file(root):
    os.symlink(_outside(root) / "secret.txt", root / "content" / NEWS / "notes.txt")
    return ["news/launch/notes.txt", "is a symbolic link"]


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
        return _symlink_attachment_dev_urandom(root)
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
    "attachment linked to /proc/self/environ": _symlink_attachment_environ,
    "attachment linked to /etc/passwd": _symlink_attachment_passwd,
    "item folder linked outside content": _symlink_item_folder,
    "section folder linked outside content": _symlink_section_folder,
    "translation linked to /dev/zero": _symlink_translation_dev_zero,
    "attachment linked to /dev/urandom": _symlink_attachment_dev_urandom,
    "attachment linked to a file beside content": _symlink_to_sibling_file,
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
        "---\ntitle: Gründung\n---\n## Search config\n\n## Über uns\n\n[Sprung](#uber-uns)\n\n"
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
    assert "javascript:" not in html
    assert 'cite="https://example.org/quelle"' in html
    assert html.count('data-ess-config="search"') == 1
