"""The calendars as a calendar program reads them: Debian's khal imports every language's calendar.ics
and each event's own .ics (a temporary configuration and data folder, its local time zone far from the
events'), then lists the events: the titles, times and places editors wrote must come out.

What is expected is read from the editors' files themselves (YAML front matter), not from the generator:
a title in the page's language or its first fallback, times local to the event's `timezone` (or the
site's TIMEZONE), a place made of the venue and the country, `cancelled` shown as khal's CANCELLED."""

from __future__ import annotations

import datetime as dt
import re
import runpy
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from conftest import FALLBACKS, LANGS, PATHS, ROOT, require

#: khal's own time zone: far from Europe, with no daylight saving time, so a time written without its zone
#: (or in the wrong one) shows as the wrong hour.
LOCAL_ZONE = "America/Sao_Paulo"
FIELDS = ("uid", "title", "start", "end", "location", "cancelled")
FORMAT = "\x1f".join("{" + name + "}" for name in FIELDS)
DAY, MINUTE = "%Y-%m-%d", "%Y-%m-%d %H:%M"
#: a phrase in another language, as editors mark it (docs/editing.md): calendars show the plain words
FOREIGN_PHRASE = re.compile(r"\[([^\]]*)\]\{lang=[A-Za-z0-9-]+\}")


def _khal(config: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [shutil.which("khal") or "khal", "-c", str(config), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(config.parent), "LANG": "C.UTF-8", "TZ": LOCAL_ZONE},
    )


@pytest.fixture(scope="module")
def khal(tmp_path_factory):
    """Runs khal with a configuration of its own: one calendar (vdir) per language, data in a temporary folder."""
    require(shutil.which("khal") is not None, "Debian's khal")
    folder = tmp_path_factory.mktemp("khal")
    names = [*LANGS, *(f"{lang}-event" for lang in LANGS)]  # a calendar per language and one for a single event
    calendars = "".join(f"[[{name}]]\npath = {folder / name}\ntype = calendar\n" for name in names)
    for name in names:
        (folder / name).mkdir()
    config = folder / "config"
    config.write_text(
        f"[calendars]\n{calendars}"
        f"[locale]\nlocal_timezone = {LOCAL_ZONE}\ndefault_timezone = {LOCAL_ZONE}\n"
        f"timeformat = %H:%M\ndateformat = {DAY}\nlongdateformat = {DAY}\n"
        f"datetimeformat = {MINUTE}\nlongdatetimeformat = {MINUTE}\n"
        f"[sqlite]\npath = {folder / 'khal.db'}\n",
        encoding="utf-8",
    )
    return lambda *args: _khal(config, *args)


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n")) or {}


def _moment(value, zone: str) -> dt.datetime | dt.date:
    """A `start`/`end` as written ('2019-06-06 09:00' or a date) → the local time in khal's zone, or a date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    written = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return written.replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo(LOCAL_ZONE))


def expected_events(content: Path, lang: str) -> dict[str, dict]:
    """Content key → what khal should show of that event in ``lang``'s calendar."""
    site_zone = runpy.run_path(str(ROOT / "pelicanconf.py")).get("TIMEZONE") or "Europe/Luxembourg"
    events = {}
    for folder in sorted((content / "events").iterdir()):
        files = {path.stem: _front_matter(path) for path in folder.glob("*.md")}
        files = {code: data for code, data in files.items() if data.get("status", "published") != "draft"}
        if not files:
            continue
        neutral: dict = {}
        for data in files.values():
            neutral.update({key: value for key, value in data.items() if key not in ("title", "venue", "summary")})
        order = [lang, *FALLBACKS[lang], *LANGS]
        shown = next(code for code in order if code in files)
        venue = next((files[code]["venue"] for code in order if code in files and files[code].get("venue")), None)
        zone = neutral.get("timezone") or site_zone
        start = _moment(neutral["start"], zone)
        end = _moment(neutral["end"], zone) if neutral.get("end") else None
        timed = isinstance(start, dt.datetime)
        events[folder.name] = {
            "title": FOREIGN_PHRASE.sub(r"\1", files[shown]["title"]),
            "start": start.strftime(MINUTE if timed else DAY),
            "end": (end or start).strftime(MINUTE if timed else DAY) if (end or not timed) else None,
            "venue": venue,
            "country": neutral.get("country"),
            "online": neutral.get("online_url"),
            "cancelled": bool(neutral.get("cancelled")),
            "translated": lang in files,  # an event page (and its own .ics) in this language
        }
    return events


def _listed(output: str) -> list[dict]:
    return [dict(zip(FIELDS, line.split("\x1f"), strict=True)) for line in output.splitlines() if "\x1f" in line]


def _import_and_list(khal, calendar: str, path: Path) -> list[dict]:
    """Imports ``path`` into khal's ``calendar``, then lists every event of that calendar once."""
    imported = khal("import", "--batch", "-a", calendar, str(path))
    assert imported.returncode == 0 and not imported.stderr.strip(), imported.stderr
    listed = khal("list", "--once", "-a", calendar, "--day-format", "", "--format", FORMAT, "1970-01-01", "2100-01-01")
    assert listed.returncode == 0 and not listed.stderr.strip(), listed.stderr
    return _listed(listed.stdout)


def _problems(lang: str, listed: list[dict], expected: dict[str, dict]) -> list[str]:
    problems = []
    by_key = {}
    for event in listed:
        keys = [key for key in expected if f"-{key}@" in event["uid"]]
        if len(keys) != 1:
            problems.append(f"{lang}: an event khal lists matches no event of the content: {event}")
            continue
        by_key.setdefault(keys[0], []).append(event)
    for key, want in expected.items():
        if len(by_key.get(key, [])) != 1:
            problems.append(f"{lang}: {key} listed {len(by_key.get(key, []))} times")
            continue
        (event,) = by_key[key]
        where = f"{lang} {key}"
        if event["title"] != want["title"]:
            problems.append(f"{where}: title {event['title']!r}, expected {want['title']!r}")
        if event["start"] != want["start"]:
            problems.append(f"{where}: starts {event['start']}, expected {want['start']} ({LOCAL_ZONE})")
        if want["end"] is not None and event["end"] != want["end"]:
            problems.append(f"{where}: ends {event['end']}, expected {want['end']} ({LOCAL_ZONE})")
        location = event["location"]
        if want["venue"] and not location.startswith(want["venue"]):
            problems.append(f"{where}: location {location!r} does not start with the venue {want['venue']!r}")
        if want["country"] and not location.endswith(f", {want['country']}"):
            problems.append(f"{where}: location {location!r} does not end with the country {want['country']}")
        if not want["venue"] and not want["country"] and want["online"] and location != want["online"]:
            problems.append(f"{where}: location {location!r}, expected the online address {want['online']}")
        if (event["cancelled"].strip() == "CANCELLED") != want["cancelled"]:
            problems.append(f"{where}: cancelled {event['cancelled']!r}, expected {want['cancelled']}")
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_khal_imports_each_languages_calendar(khal, demo_site, lang):
    calendar = demo_site.output / lang / PATHS[lang]["events"] / "calendar.ics"
    expected = expected_events(demo_site.content, lang)
    assert expected
    problems = _problems(lang, _import_and_list(khal, lang, calendar), expected)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_khal_reads_each_events_own_calendar_file(khal, demo_site, lang):
    """Every event page's .ics, read by `khal printics` and imported on its own, shows the same event."""
    expected = {key: event for key, event in expected_events(demo_site.content, lang).items() if event["translated"]}
    files = sorted((demo_site.output / lang / PATHS[lang]["events"]).glob("*/*.ics"))
    assert files and len(files) == len(expected)
    for path in files:
        printed = khal("printics", "--format", FORMAT, str(path))
        assert printed.returncode == 0 and not printed.stderr.strip(), printed.stderr
        (event,) = _listed(printed.stdout)
        _assert_one(lang, event, expected)
    (event,) = _import_and_list(khal, f"{lang}-event", files[0])
    _assert_one(lang, event, expected)


def _assert_one(lang: str, event: dict, expected: dict[str, dict]) -> None:
    (key,) = [key for key in expected if f"-{key}@" in event["uid"]]
    problems = _problems(lang, [event], {key: expected[key]})
    assert not problems, "\n".join(problems)


def test_calendar_lines_fold_as_icalendar_folds_them():
    """ess_calendar.fold (a part of a line at a time) folds exactly as icalendar's own loop (a character at a
    time): random lines of ASCII, accented letters, CJK, emoji, backslashes and carets, at every length up to
    four folded lines; and a whole event serialises to the bytes icalendar writes."""
    import random

    from icalendar import Event
    from icalendar.parser.content_line import _foldline

    import ess_calendar
    from ess_calendar import fold, to_ical

    rng = random.Random(11)
    alphabet = ["a", "Z", " ", ",", "\\", "^", "é", "ß", "Ë", "€", "語", "😀", ";", ":"]
    lines = ["", "x" * 74, "x" * 75, "x" * 73 + "\\,", "x" * 73 + "^n", "é" * 37 + "x", "😀" * 19]
    lines += ["".join(rng.choices(alphabet, weights=[30, 5, 8, 2, 2, 2, 6, 2, 2, 1, 1, 1, 1, 1], k=rng.randint(0, 320)))
              for _ in range(3000)]  # fmt: skip
    for line in lines:
        assert fold(line) == _foldline(line), line
    event = Event()
    event.add(
        "summary",
        "Réunion annuelle : économie sociale et solidaire, Grande Région — " * 3,
        parameters={"LANGUAGE": "fr"},
    )
    event.add("description", "Zesummekommen\\; 語 😀 ^ " * 20)
    event.add("dtstart", dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC))
    assert to_ical(event) == event.to_ical()
    # every property and parameter the calendars write, with random texts: the lines icalendar makes
    texts = ["", "\ufeffstart", "a\nb", "x\r\ny", 'say "hi"', "caret ^ and ^^", "a;b,c:d", "https://x.eu/a?b=c;d"]
    for _ in range(400):
        text = "".join(rng.choices(alphabet + ['"', "\n", "'", "\ufeff"], k=rng.randint(0, 90)))
        event = Event()
        event.add("uid", f"events-{rng.randint(0, 99)}@example.eu")
        event.add("dtstamp", dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
        event.add("summary", rng.choice([text, *texts]), parameters={"LANGUAGE": rng.choice(["fr", "de-LU", "lb"])})
        if rng.random() < 0.5:
            event.add("dtstart", dt.date(2026, 6, 1))
            event.add("dtend", dt.date(2026, 6, 3))
        else:
            event.add("dtstart", dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC))
        event.add("url", "https://example.eu/fr/events/" + rng.choice(["a", "é-b", "c,d"]) + "/")
        event.add("description", text + "\n\nhttps://example.eu/", parameters={"LANGUAGE": "fr"})
        event.add("location", rng.choice(texts + [text]), parameters={"LANGUAGE": "en"})
        event.add("conference", "https://meet.example.eu/r?x=1", parameters={"VALUE": "URI"})
        event.add("status", rng.choice(["CONFIRMED", "CANCELLED"]))
        cn = rng.choice([text, *texts])
        event.add("organizer", "https://example.eu/fr/members/a/", parameters={"LANGUAGE": "fr", "CN": cn})
        assert to_ical(event) == event.to_ical(), text
        # and a calendar holding it, named after it (each event's own file)
        lang = rng.choice(["fr", "de", "lb", "en"])
        name = text.replace("\n", " ")  # (a title is one line)
        calendar = ess_calendar._calendar(name, lang)
        calendar.add_component(event)
        assert ess_calendar._wrap(name, lang, [to_ical(event)]) == calendar.to_ical(), name
