"""Generate a content tree that follows shared/content-format.md, for tests and benchmarks.

    python bench/generate.py N DIR [--seed S] [--partial F] [--drafts F] [--future F]

N items spread over the five sections, each in four languages (with --partial F, that share of the
items lacks one to three translations, to exercise fallback; with --drafts F, that share of the
translations is a draft; with --future F, that share of news and resources is dated after 2030, so a
published build leaves them out and a preview shows them). Texts mix accents, elisions, German
compounds and Luxembourgish; events have dates and venues, members territories and themes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

LANGS = ("fr", "de", "lb", "en")
SHARES = (("news", 0.4), ("events", 0.25), ("resources", 0.15), ("members", 0.12), ("pages", 0.08))

WORDS = {
    "fr": (
        "l'économie sociale et solidaire rassemble des entreprises d'insertion, des coopératives et des "
        "associations qui créent de l'emploi local ; à Metz, à Nancy et à Longwy, les circuits courts "
        "réunissent producteurs, collectivités et citoyens autour d'achats responsables. Le réemploi, "
        "la réparation et l'éco-construction ouvrent des débouchés nouveaux pour l'artisanat régional, "
        "tandis que la finance solidaire soutient des projets d'intérêt général transfrontaliers."
    ).split(),
    "de": (
        "Die Sozial- und Solidarwirtschaft verbindet Inklusionsbetriebe, Genossenschaften und Vereine, die "
        "Arbeitsplätze vor Ort schaffen; in Saarbrücken, Trier und Kaiserslautern bringen regionale "
        "Lieferketten Erzeuger, Kommunen und Bürgerinnen zusammen. Kreislaufwirtschaft, "
        "Reparaturinitiativen und ökologisches Bauen eröffnen dem Handwerk neue Absatzmärkte, während "
        "nachhaltige Finanzierungsmodelle grenzüberschreitende Gemeinwohlprojekte unterstützen."
    ).split(),
    "lb": (
        "D'Sozial- a Solidarwirtschaft bréngt Inklusiounsbetriber, Kooperativen an Associatiounen zesummen, "
        "déi lokal Aarbechtsplaze schafen; zu Esch, zu Déifferdeng an zu Iechternach verbannen kuerz "
        "Liwwerketten Produzenten, Gemengen a Bierger. D'Kreeslafwirtschaft, d'Flécken an d'ekologescht "
        "Bauen maache fir d'Handwierk nei Méiglechkeeten op, an d'solidaresch Finanzéierung ënnerstëtzt "
        "grenziwwerschreidend Projeten am Interessi vun der Allgemengheet."
    ).split(),
    "en": (
        "The social and solidarity economy gathers work-integration enterprises, cooperatives and "
        "associations that create local jobs; in Luxembourg, Lorraine and Wallonia, short supply chains "
        "bring producers, municipalities and citizens together around responsible purchasing. Reuse, "
        "repair and eco-construction open new markets for regional crafts, while solidarity finance "
        "supports cross-border projects of general interest."
    ).split(),
}
TAGS = {
    "fr": ["circuits courts", "économie circulaire", "insertion", "achats responsables", "coopération"],
    "de": ["regionale Lieferketten", "Kreislaufwirtschaft", "Inklusion", "nachhaltige Beschaffung", "Kooperation"],
    "lb": ["kuerz Liwwerketten", "Kreeslafwirtschaft", "Inklusioun", "responsabel Akaf", "Zesummenaarbecht"],
    "en": ["short circuits", "circular economy", "work integration", "responsible purchasing", "cooperation"],
}
TITLE_PREFIX = {"fr": "Rencontre", "de": "Treffen", "lb": "Treff", "en": "Meeting"}
TERRITORIES = ("luxembourg", "lorraine", "saarland", "rhineland-palatinate", "wallonia", "german-speaking-community")
KINDS = ("ess-enterprise", "classic-enterprise", "public-authority", "support-organisation")
THEMES = ("short-circuits", "circular-economy", "digital", "work-integration", "eco-construction")
TYPES = ("guide", "study", "report", "toolkit")


def _sentence(rng: random.Random, lang: str, words: int) -> str:
    pool = WORDS[lang]
    start = rng.randrange(len(pool))
    text = " ".join(pool[(start + i) % len(pool)] for i in range(words))
    return text[:1].upper() + text[1:].rstrip(",;") + "."


def _body(rng: random.Random, lang: str, paragraphs: int = 5) -> str:
    parts = [_sentence(rng, lang, 70) for _ in range(paragraphs)]
    parts.insert(2, f"## {_sentence(rng, lang, 4)[:-1]}")
    return "\n\n".join(parts) + "\n"


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><circle cx="20" cy="20" r="18" fill="#0b5d4b"/></svg>\n'
ALT = {
    "fr": "Illustration abstraite",
    "de": "Abstrakte Illustration",
    "lb": "Abstrakt Illustratioun",
    "en": "Abstract illustration",
}


def _front_matter(
    section: str,
    index: int,
    lang: str,
    rng: random.Random,
    first: bool,
    members: list[str],
    folder: Path,
    future: bool = False,
) -> list[str]:
    title = f"{TITLE_PREFIX[lang]} {index}: {_sentence(rng, lang, 6)[:-1]}"
    lines = [f"title: {_yaml_text(title)}", f"summary: {_yaml_text(_sentence(rng, lang, 25))}"]
    lines.append("tags: [" + ", ".join(_yaml_text(t) for t in rng.sample(TAGS[lang], 2)) + "]")
    neutral = []
    day = 1 + index % 28
    month = 1 + index % 12
    if section == "news":
        neutral.append(f"date: {2031 if future else 2015 + index % 10}-{month:02d}-{day:02d}")
        lines.append(f"author: {_yaml_text('Équipe ESS' if lang == 'fr' else 'Cluster-Team')}")
        if index % 3 == 0:
            (folder / "illustration.svg").write_text(SVG, encoding="utf-8")
            neutral.append("image: illustration.svg")
            lines.append(f"image_alt: {ALT[lang]}")
    elif section == "events":
        year = 2016 + index % 13  # some events lie in the future of any pinned build date
        if index % 5 == 0:  # all day, over two days
            neutral += [f"start: {year}-{month:02d}-{day:02d}", f"end: {year}-{month:02d}-{day + 1:02d}"]
        else:
            neutral += [f"start: {year}-{month:02d}-{day:02d} 09:30", f"end: {year}-{month:02d}-{day:02d} 17:00"]
        if index % 6 == 0:
            neutral.append(f"online_url: https://example.org/live/{index}")
        else:
            neutral += ["city: Esch-sur-Alzette", "country: LU"]
            lines.append(f"venue: {_yaml_text('Maison de l’ESS' if lang == 'fr' else 'Haus der Solidarwirtschaft')}")
        if index % 4 == 0:
            neutral.append("timezone: Europe/Brussels")
        if index % 7 == 0:
            neutral.append("cancelled: true")
        if index % 3 == 0:
            neutral.append(f"registration_url: https://example.org/register/{index}")
        if members:
            neutral.append(f"organisers: [{members[index % len(members)]}]")
    elif section == "resources":
        year = 2031 if future else 2014 + index % 10
        neutral += [f"date: {year}-{month:02d}-{day:02d}", f"type: {TYPES[index % len(TYPES)]}"]
        if index % 2 == 0:
            (folder / f"document-{index}.pdf").write_bytes(PDF)
            neutral += [f"file: document-{index}.pdf", "doc_languages: [fr]"]
        else:
            neutral += [f"url: https://example.org/resources/{index}", "doc_languages: [fr, de]"]
        if members and index % 3 == 0:
            neutral.append(f"publisher: {members[index % len(members)]}")
    elif section == "members":
        neutral += [f"territory: {TERRITORIES[index % len(TERRITORIES)]}", f"kind: {KINDS[index % len(KINDS)]}"]
        neutral += [f"themes: [{THEMES[index % len(THEMES)]}]", "criteria: [societal-impact, local-anchoring]"]
        neutral += [f"founded: {1990 + index % 30}", "country: LU", "website: https://example.org/"]
        neutral.append(f"geo: [{48.6 + (index * 0.37) % 2:.3f}, {5.6 + (index * 0.53) % 2:.3f}]")
        if index % 2 == 0:
            (folder / "logo.svg").write_text(SVG, encoding="utf-8")
            neutral.append("logo: logo.svg")
    elif section == "pages" and index % 5 == 0:
        neutral.append(f"menu: {index}")
    # Language-neutral fields are written once, in the first translation; the others inherit them.
    return lines + (neutral if first else [])


def _plan(count: int) -> list[tuple[str, int, str]]:
    """(section, index, key) of every item, members first so others can refer to them."""
    plan, index = [], 0
    for section, share in SHARES:
        for _ in range(max(1, round(count * share))):
            index += 1
            plan.append((section, index, f"{section[:-1] if section != 'news' else 'news'}-{index:05d}"))
    return sorted(plan, key=lambda row: row[0] != "members")


def generate(
    count: int, root: Path, seed: int = 1, partial: float = 0.0, drafts: float = 0.0, future: float = 0.0
) -> Path:
    rng = random.Random(seed)
    extras = random.Random(seed + 1)  # drafts and dates: the same tree as before when both shares are 0
    root = Path(root)
    plan = _plan(count)
    members = [key for section, _, key in plan if section == "members"]
    for section, index, key in plan:
        langs = list(LANGS)
        if rng.random() < partial:
            langs = rng.sample(LANGS, rng.randint(1, 3))
            langs.sort(key=LANGS.index)
        folder = root / section / key
        folder.mkdir(parents=True, exist_ok=True)
        later = future > 0 and extras.random() < future
        for position, lang in enumerate(langs):
            lines = _front_matter(section, index, lang, rng, position == 0, members, folder, later)
            if drafts > 0 and extras.random() < drafts:
                lines.append("status: draft")
            text = "---\n" + "\n".join(lines) + "\n---\n" + _body(rng, lang)
            (folder / f"{lang}.md").write_text(text, encoding="utf-8")
    return root


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--partial", type=float, default=0.0, help="share of items missing some translations")
    parser.add_argument("--drafts", type=float, default=0.0, help="share of translations that are drafts")
    parser.add_argument("--future", type=float, default=0.0, help="share of news and resources dated after 2030")
    args = parser.parse_args(argv)
    generate(args.count, args.directory, args.seed, args.partial, args.drafts, args.future)
    print(f"Wrote a content tree of about {args.count} items to {args.directory}")


if __name__ == "__main__":
    main()
