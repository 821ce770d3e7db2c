"""Photos and logos as editors commit them: published upright, without metadata, in several widths and a
modern format, with width/height, a raster link-preview card, and clear errors for files that are not
usable images. Images are made here with Pillow (a phone photo stored sideways with its EXIF orientation
and a GPS position; a logo with transparency)."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from ess_images.variants import LONGEST_SIDE, ImageInfo
from lxml import html as lxml_html
from PIL import Image, ImageDraw

from conftest import build, run_cli, tree_digest, write_tree

GPS_IFD = 0x8825
ORIENTATION = 0x0112
RED, BLUE = (220, 20, 20), (20, 40, 220)


def phone_photo(width=1400, height=1050, *, orientation=6, quality=85) -> bytes:
    """A landscape scene stored as a phone held upright stores it: turned a quarter, with EXIF orientation 6,
    a GPS position, a camera name and an sRGB ICC profile. The upright scene has red at its top left and blue
    at its bottom right."""
    upright = Image.effect_noise((width, height), 40).convert("RGB")
    draw = ImageDraw.Draw(upright)
    draw.rectangle((0, 0, width // 4, height // 4), fill=RED)
    draw.rectangle((width * 3 // 4, height * 3 // 4, width, height), fill=BLUE)
    stored = upright.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else upright
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (49.0, 36.0, 41.0), 3: "E", 4: (6.0, 7.0, 44.0)})
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=quality, exif=exif, icc_profile=icc, comment=b"taken at home")
    return out.getvalue()


def logo_png(size=480, alpha=True) -> bytes:
    image = Image.new("RGBA" if alpha else "RGB", (size, size), (0, 0, 0, 0) if alpha else "white")
    ImageDraw.Draw(image).ellipse((10, 10, size - 10, size - 10), fill=(30, 120, 80, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


NEWS = """---
title: {title}
date: 2024-05-02
image: {image}
image_alt: {alt}
{extra}---
Body text.

![A stand with vegetables](stand.png)
"""
MEMBER = """---
title: Green Coop
territory: luxembourg
kind: ess-enterprise
logo: {logo}
---
A cooperative.
"""
PLAIN = """---
title: No picture here
date: 2024-05-01
---
Text only.
"""


def photo_tree(*, original=False, logo=None) -> dict:
    return {
        "news/market/fr.md": NEWS.format(
            title="Le marché",
            image="photo.jpg",
            alt="Des étals sous un ciel bleu",
            extra="image_original: true\n" if original else "",
        ),
        "news/market/en.md": "---\ntitle: The market\nimage_alt: Stalls under a blue sky\n---\n![A stand with vegetables](stand.png)\n",
        "news/market/photo.jpg": phone_photo(),
        "news/market/stand.png": logo_png(700, alpha=False),
        "news/plain/fr.md": PLAIN,
        "members/green/fr.md": MEMBER.format(logo="logo.png"),
        "members/green/logo.png": logo if logo is not None else logo_png(),
    }


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("photos")
    write_tree(root / "content", photo_tree(original=False))
    cache = root / "cache"
    result = build(root / "content", root / "output", env={"ESS_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr
    return root, result


def published_images(output: Path) -> list[Path]:
    return [p for p in (output / "files").rglob("*") if p.suffix in (".jpg", ".png", ".avif", ".webp")]


def page(output: Path, relative: str):
    return lxml_html.fromstring((output / relative / "index.html").read_bytes())


def test_published_images_are_upright_small_and_carry_no_metadata(photo_site):
    root, _ = photo_site
    output = root / "output"
    images = published_images(output)
    assert len(images) >= 12
    originals = {
        (root / "content/news/market/photo.jpg").read_bytes(),
        (root / "content/members/green/logo.png").read_bytes(),
    }
    for path in images:
        assert path.read_bytes() not in originals, f"{path.name} is the committed file"
        with Image.open(path) as image:
            assert max(image.size) <= LONGEST_SIDE, path.name
            exif = image.getexif()
            assert not exif.get_ifd(GPS_IFD), f"{path.name} carries a GPS position"
            assert ORIENTATION not in exif and 0x010F not in exif and 0xA431 not in exif, f"{path.name}: {dict(exif)}"
            for block in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"):
                assert block not in image.info, f"{path.name} carries {block}"
    photos = [p for p in images if p.name.startswith("photo.jpg.") and ".card." not in p.name]
    for path in photos:
        with Image.open(path) as image:
            rgb = image.convert("RGB")
            width, height = rgb.size
            assert width > height, f"{path.name} is not upright"
            top_left = rgb.getpixel((width // 10, height // 10))
            bottom_right = rgb.getpixel((width - width // 10, height - height // 10))
            assert top_left[0] > 150 and top_left[2] < 100, f"{path.name}: top left is {top_left}, not red"
            assert bottom_right[2] > 150 and bottom_right[0] < 100, f"{path.name}: bottom right is {bottom_right}"
    # the committed files themselves are not published
    assert not (output / "files/news/market/photo.jpg").exists()
    assert not (output / "files/members/green/logo.png").exists()


def test_item_page_offers_widths_a_modern_format_and_its_size(photo_site):
    root, _ = photo_site
    output = root / "output"
    doc = page(output, "fr/actualites/le-marche")
    lead = doc.xpath("//figure[@class='item-image']/picture")[0]
    avif = lead.xpath(".//source[@type='image/avif']")[0]
    widths = [int(w) for w in re.findall(r" (\d+)w", avif.get("srcset"))]
    assert len(widths) >= 3 and widths == sorted(widths) and widths[-1] == 1400
    assert avif.get("sizes")
    img = lead.xpath(".//img")[0]
    assert (img.get("width"), img.get("height")) == ("1400", "1050")  # upright: the stored file is 1050 × 1400
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    assert img.get("alt") == "Des étals sous un ciel bleu"
    fallback = [url.split(" ")[0] for url in img.get("srcset").split(", ")]
    for url in fallback + [u.split(" ")[0] for u in avif.get("srcset").split(", ")] + [img.get("src")]:
        assert (output / url.lstrip("/")).is_file(), url
    with Image.open(output / fallback[-1].lstrip("/")) as largest:
        assert largest.size == (1400, 1050) and largest.format == "JPEG"
    with Image.open(output / avif.get("srcset").split(", ")[0].split(" ")[0].lstrip("/")) as smallest:
        assert smallest.format == "AVIF" and smallest.size == (320, 240)
    # the body's image: a <picture> too, lazy, its alternative text kept
    body_picture = doc.xpath("//div[@class='body']//picture")[0]
    body_img = body_picture.xpath(".//img")[0]
    assert body_img.get("loading") == "lazy" and body_img.get("decoding") == "async"
    assert body_img.get("alt") == "A stand with vegetables"
    assert (body_img.get("width"), body_img.get("height")) == ("700", "700")
    assert body_picture.xpath(".//source[@type='image/avif']")
    # no download of the original unless the item asks for it
    assert not doc.xpath("//figure[@class='item-image']/figcaption/a[@download]")


def test_logo_at_its_display_size_for_each_density(photo_site):
    root, _ = photo_site
    doc = page(root / "output", "fr/membres/green-coop")
    img = doc.xpath("//*[@class='logo']//img")[0]
    assert (img.get("width"), img.get("height")) == ("120", "120")
    assert [d.split(" ")[1] for d in img.get("srcset").split(", ")] == ["2x", "3x"]  # src is the 1x
    source = doc.xpath("//*[@class='logo']//source[@type='image/avif']")[0]
    assert [d.split(" ")[1] for d in source.get("srcset").split(", ")] == ["1x", "2x", "3x"]
    assert img.get("src").endswith(".png")  # transparency kept: PNG fallback, not JPEG
    with Image.open(root / "output" / img.get("src").lstrip("/")) as logo:
        assert logo.mode == "RGBA" and logo.size == (120, 120)


def meta(doc, prop: str) -> str | None:
    found = doc.xpath(f"//meta[@property='{prop}']/@content")
    return found[0] if found else None


def test_link_previews_are_rasters_of_1200_by_630(photo_site):
    root, _ = photo_site
    output = root / "output"
    for relative, alt in (
        ("fr/actualites/le-marche", "Des étals sous un ciel bleu"),
        ("en/news/the-market", "Stalls under a blue sky"),
        ("fr/membres/green-coop", None),
        ("fr/actualites/no-picture-here", None),
        ("fr/actualites", None),
    ):
        doc = page(output, relative)
        url = meta(doc, "og:image")
        assert url and not url.endswith(".svg"), relative
        assert (meta(doc, "og:image:width"), meta(doc, "og:image:height")) == ("1200", "630")
        assert meta(doc, "og:image:alt"), relative
        if alt:
            assert meta(doc, "og:image:alt") == alt
        path = output / url.split("/", 3)[3]
        with Image.open(path) as card:
            assert card.size == (1200, 630) and card.format in ("JPEG", "PNG"), relative
            assert not card.getexif().get_ifd(GPS_IFD)
    # JSON-LD names a raster copy of the photo, never the committed file
    doc = page(output, "fr/actualites/le-marche")
    data = doc.xpath("//script[@type='application/ld+json']/text()")[0]
    assert "photo.jpg.1400w.jpg" in data and '"photo.jpg"' not in data


def test_full_size_copy_only_when_the_item_asks(tmp_path):
    files = photo_tree(original=True)
    write_tree(tmp_path / "content", files)
    result = build(tmp_path / "content", tmp_path / "output", env={"ESS_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    doc = page(tmp_path / "output", "fr/actualites/le-marche")
    link = doc.xpath("//figure[@class='item-image']/figcaption/a[@download]")[0]
    with Image.open(tmp_path / "output" / link.get("href").lstrip("/")) as full:
        assert full.size == (1400, 1050)  # full size, upright
        assert not full.getexif() and "icc_profile" not in full.info  # still without metadata
    assert "14001050" in re.sub(r"\D", "", doc.xpath("//figure[@class='item-image']/figcaption")[0].text_content())


def test_second_build_encodes_nothing(photo_site, tmp_path):
    root, first = photo_site
    cache = root / "cache"
    assert re.search(r"Image copies: [1-9]\d* encoded, 0 taken from the cache", first.stdout), first.stdout
    cached = {p: p.stat().st_mtime_ns for p in (cache / "images").rglob("*") if p.is_file()}
    before = {k: v for k, v in tree_digest(root / "output").items() if k.startswith("files/")}
    # the same output folder: every copy kept from the previous build
    again = build(root / "content", root / "output", env={"ESS_CACHE_DIR": str(cache)})
    assert again.returncode == 0, again.stderr
    assert "Image copies:" not in again.stdout  # nothing encoded, nothing taken from the cache
    assert {k: v for k, v in tree_digest(root / "output").items() if k.startswith("files/")} == before
    # another output folder: every copy taken from the cache, none encoded
    elsewhere = build(root / "content", tmp_path / "other", env={"ESS_CACHE_DIR": str(cache)})
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert re.search(r"Image copies: 0 encoded, [1-9]\d* taken from the cache", elsewhere.stdout), elsewhere.stdout
    assert {p: p.stat().st_mtime_ns for p in (cache / "images").rglob("*") if p.is_file()} == cached
    assert {k: v for k, v in tree_digest(tmp_path / "other").items() if k.startswith("files/")} == before


def test_encoding_is_deterministic(tmp_path):
    from ess_images.encode import cache_file, encode_image

    source = tmp_path / "photo.jpg"
    source.write_bytes(phone_photo(700, 500))
    info = ImageInfo("photo.jpg", "d", 700, 500, False, card="cover")
    outputs = []
    for name in ("one", "two"):
        encode_image((source, info, info.variants(), tmp_path / name))
        outputs.append([cache_file(tmp_path / name, info, v).read_bytes() for v in info.variants()])
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((4000, 3000), (320, 640, 960, 1280, 1920, 2560)),
        ((3000, 4000), (320, 640, 960, 1280, 1920)),  # portrait: 1920 wide is 2560 high
        ((1000, 800), (320, 640, 1000)),  # no 960 beside a 1000 px original
        ((200, 100), (200,)),
    ],
)
def test_widths_are_bounded_by_the_original(size, expected):
    info = ImageInfo("a.jpg", "d", *size, False)
    assert info.photo_widths() == expected
    assert all(max(v.width, v.height) <= LONGEST_SIDE for v in info.variants())


def truncated_jpeg() -> bytes:
    data = phone_photo(900, 700, orientation=1)
    return data[: len(data) * 6 // 10]


def bomb_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12000, 10000)).save(out, "PNG")  # 120 megapixels in a few kilobytes
    return out.getvalue()


BAD = {
    "news/corrupt/fr.md": NEWS.format(title="Corrupt", image="photo.jpg", alt="x", extra=""),
    "news/corrupt/photo.jpg": bytes(random.Random(1).randrange(256) for _ in range(5000)),
    "news/corrupt/stand.png": logo_png(300),
    "news/cut/fr.md": NEWS.format(title="Cut", image="photo.jpg", alt="x", extra=""),
    "news/cut/photo.jpg": truncated_jpeg(),
    "news/cut/stand.png": logo_png(300),
    "news/iphone/fr.md": NEWS.format(title="Iphone", image="IMG_0001.HEIC", alt="x", extra=""),
    "news/iphone/IMG_0001.HEIC": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(200),
    "news/iphone/stand.png": logo_png(300),
    "news/bomb/fr.md": NEWS.format(title="Bomb", image="huge.png", alt="x", extra=""),
    "news/bomb/huge.png": bomb_png(),
    "news/bomb/stand.png": logo_png(300),
    "news/body/fr.md": "---\ntitle: Body\ndate: 2024-01-01\n---\n![broken](broken.png)\n",
    "news/body/broken.png": b"\x89PNG\r\n\x1a\n" + bytes(40),
    "news/fine/fr.md": PLAIN,
}


def test_bad_images_are_contract_errors_and_check_reports_the_same(tmp_path):
    content = write_tree(tmp_path / "content", {"news/fine/fr.md": PLAIN})
    output = tmp_path / "output"
    env = {"ESS_CACHE_DIR": str(tmp_path / "cache")}
    assert build(content, output, env=env).returncode == 0
    before = tree_digest(output)
    write_tree(content, BAD)
    result = build(content, output, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = result.stderr
    expected = [
        (r"news/corrupt/fr\.md:4: field 'image': 'photo\.jpg' is not an image", "corrupt"),
        (r"news/cut/fr\.md:4: field 'image': 'photo\.jpg' the image cannot be read to the end", "truncated"),
        (r"news/iphone/IMG_0001\.HEIC: is a HEIC photo, which browsers do not show: export it as JPEG", "HEIC"),
        (r"news/bomb/fr\.md:4: field 'image': 'huge\.png' claims 12,000 × 10,000 pixels", "bomb"),
        (r"news/body/fr\.md: field 'body': 'broken\.png' the image cannot be read to the end|"
         r"news/body/fr\.md: field 'body': 'broken\.png' is not an image", "body image"),
    ]  # fmt: skip
    for pattern, what in expected:
        assert re.search(pattern, errors), f"{what}: {errors}"
    assert tree_digest(output) == before  # the previous site is untouched
    check = run_cli("check", "--content", content, env=env)
    assert check.returncode == 1
    assert sorted(re.findall(r"^.*field.*$", check.stderr, re.M)) == sorted(re.findall(r"^.*field.*$", errors, re.M))


def test_small_logo_is_a_warning_naming_file_and_field(tmp_path):
    files = {"members/green/fr.md": MEMBER.format(logo="logo.png"), "members/green/logo.png": logo_png(100)}
    content = write_tree(tmp_path / "content", files)
    env = {"ESS_CACHE_DIR": str(tmp_path / "cache")}
    for result in (
        build(content, tmp_path / "output", env=env),
        run_cli("check", "--content", content, env=env),
    ):
        assert result.returncode == 0, result.stderr
        assert re.search(r"members/green/logo\.png: field 'logo': the logo is 100 × 100 pixels", result.stderr)


def test_demo_content_shows_raster_photos_and_logos(demo_site):
    texts = [p.read_text(encoding="utf-8") for p in demo_site.html_files()]
    assert any('<figure class="item-image"><picture>' in text for text in texts), "no photo in the demo"
    assert any('<p class="logo"><picture>' in text for text in texts), "no raster logo in the demo"
    images = published_images(demo_site.output)
    assert any(".card.jpg" in p.name for p in images)
    for path in images:
        with Image.open(path) as image:
            assert not image.getexif().get_ifd(GPS_IFD), path
    assert list((demo_site.output / "theme").glob("card.*.png"))
