"""Safe by default: sanitised Markdown, escaped metadata, no inline script, SRI, header files."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from ess_headers.policy import CONTENT_SECURITY_POLICY, HEADERS
from lxml import html as lxml_html

from conftest import LANGS, ROOT, build_files

PAYLOADS = {
    "news/xss/en.md": (
        "---\n"
        'title: "</title><script>alert(1)</script>"\n'
        "date: 2020-01-01\n"
        'summary: "\\"><img src=x onerror=alert(2)> \\u2028 </script>"\n'
        'tags: ["</script><script>alert(3)</script>", "<b>bold</b>"]\n'
        'author: "<iframe src=//evil.example>"\n'
        "---\n"
        "<script>alert(4)</script>\n\n"
        '<img src="x.png" onerror="alert(5)">\n\n'
        "[click](javascript:alert(6)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox)\n\n"
        '<a href="https://example.org" onclick="alert(7)" style="color:red">styled</a>\n\n'
        '<iframe src="https://evil.example"></iframe><object data=x></object><form action=//evil><input></form>\n\n'
        '<svg><script>alert(8)</script></svg><math><mi xlink:href="javascript:alert(9)">x</mi></math>\n'
    ),
    # a real (1 × 1) PNG: a damaged image would be refused before anything is published (ess_images)
    "news/xss/x.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8\x00\x00\x00\x00IEND\xaeB`\x82",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return build_files(tmp_path_factory, "hostile", PAYLOADS)


def _all_text(output: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in output.rglob("*.html"))


def test_hostile_content_executes_nothing(hostile_site):
    for page in hostile_site.rglob("*.html"):
        doc = lxml_html.fromstring(page.read_bytes())
        for script in doc.iter("script"):
            assert script.get("src") or script.get("type") in ("application/ld+json", "application/json"), page
            if not script.get("src"):
                assert "<" not in script.text and "\u2028" not in script.text
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag in ("iframe", "object", "embed", "form", "input"):
                assert element.tag in ("form", "input") and element.xpath("ancestor-or-self::form[@data-search]"), page
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (page, name)
                assert name != "style", page
                if name in ("href", "src", "action", "xlink:href"):
                    assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (page, value)
    assert "<script>alert" not in _all_text(hostile_site)  # payloads only ever appear escaped


def test_metadata_is_escaped_not_interpreted(hostile_site):
    page = next((hostile_site / "en" / "news").glob("*/index.html"))
    doc = lxml_html.fromstring(page.read_bytes())
    assert doc.findtext(".//h1") == "</title><script>alert(1)</script>"
    assert doc.find(".//title").text.startswith("</title><script>")


def test_no_inline_script_style_or_third_party_resource(site):
    for page in site.html_files():
        doc = site.page(str(page.relative_to(site.output)))
        for script in doc.iter("script"):
            src = script.get("src")
            assert src or script.get("type") in ("application/ld+json", "application/json"), page  # data blocks
            if src:
                assert not re.match(r"(https?:)?//", src), (page, src)
                assert not (script.text or "").strip()
        assert not doc.xpath("//style"), page
        assert not doc.xpath("//*[@style]"), page
        for element in doc.xpath("//link[@rel='stylesheet'] | //img | //link[@rel='icon']"):
            url = element.get("href") or element.get("src")
            assert not re.match(r"(https?:)?//", url), (page, url)


def test_scripts_and_styles_carry_subresource_integrity(site):
    checked = set()
    for page in site.html_files():
        doc = site.page(str(page.relative_to(site.output)))
        for element in doc.xpath("//script[@src] | //link[@rel='stylesheet']"):
            url = element.get("src") or element.get("href")
            integrity = element.get("integrity")
            assert integrity and integrity.startswith("sha384-"), (page, url)
            if url not in checked:
                digest = hashlib.sha384((site.output / url.lstrip("/")).read_bytes()).digest()
                assert integrity == "sha384-" + base64.b64encode(digest).decode(), url
                checked.add(url)
    assert checked


def test_every_page_declares_the_policy(site):
    for page in site.html_files():
        doc = site.page(str(page.relative_to(site.output)))
        meta = doc.find(".//meta[@http-equiv='Content-Security-Policy']")
        assert meta is not None and meta.get("content") == CONTENT_SECURITY_POLICY, page
        assert "unsafe-inline" not in meta.get("content") and "unsafe-eval" not in meta.get("content")


def test_header_files_for_static_hosts(demo_site):
    """The four generated host files say the same thing (nginx is also run: tests/test_hosts.py)."""
    netlify = (demo_site.output / "_headers").read_text()
    redirects = (demo_site.output / "_redirects").read_text()
    apache = (demo_site.output / ".htaccess").read_text()
    nginx = (demo_site.output / "_nginx.conf").read_text()
    for name, value in HEADERS:
        assert f"  {name}: {value}" in netlify
        assert f'Header always set {name} "{value}"' in apache
        assert f'add_header {name} "{value}" always;' in nginx
    assert "frame-ancestors 'none'" in netlify
    immutable = "public, max-age=31536000, immutable"
    assert f"Cache-Control: {immutable}" in netlify and immutable in apache and immutable in nginx
    for lang in LANGS:
        assert f"/{lang}/*  /{lang}/404.html  404" in redirects
        assert f"ErrorDocument 404 /{lang}/404.html" in apache
        assert f"error_page 404 /{lang}/404.html;" in nginx
    for extension in ("ics", "atom", "json", "xml", "txt"):
        assert f"/*.{extension}\n  Content-Type: " in netlify and "; charset=utf-8" in netlify
        assert f".{extension}" in apache.split("AddCharset utf-8", 1)[1].splitlines()[0]
    assert "AddEncoding br .br" in apache and "RemoveLanguage .br" in apache and "Vary Accept-Encoding" in apache
    assert "brotli_static on;" in nginx and "gzip_static on;" in nginx and "gzip_vary on;" in nginx
    assert "server_tokens off;" in nginx
    assert "/.htaccess  /404.html  404!" in redirects and 'RedirectMatch 404 "(^|/)(\\.|' in apache
    assert (ROOT / "deploy" / "nginx.conf").read_text().count("_nginx.conf;") == 1


def test_outputs_cannot_be_written_outside_the_output_folder(tmp_path):
    from ess_site.site import Site

    site = Site(config=None, tree=None, routes=None, catalogs=None, settings={}, output_path=tmp_path / "out")
    (tmp_path / "out").mkdir()
    for escape in ("../evil.html", "/etc/evil", "fr/../../evil"):
        with pytest.raises(ValueError):
            site.output_file(escape)
    assert site.output_file("fr/ok.html") == (tmp_path / "out" / "fr" / "ok.html").resolve()
