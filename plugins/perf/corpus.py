"""A synthetic corpus that follows the content model, for `invoke bench`.

Deterministic (seeded): the same arguments give the same files. The Latvian
text is assembled from phrases about regional life, so word lengths,
diacritics and Markdown structure (headings, lists, links) resemble real news.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

SUBJECTS = [
    "Pašvaldības speciālisti",
    "Novada iedzīvotāji",
    "Jaunieši no Latgales",
    "Projekta partneri",
    "Skolotāji un bibliotekāri",
    "Uzņēmēji un lauksaimnieki",
    "Reģiona pārstāvji",
    "Sociālie darbinieki",
    "Tūrisma informācijas centra darbinieki",
    "Kultūras nama kolektīvi",
    "Domes deputāti",
    "Brīvprātīgie",
]
VERBS = [
    "apsprieda",
    "iepazina",
    "izvērtēja",
    "plānoja",
    "prezentēja",
    "pilnveidoja",
    "apmeklēja",
    "atbalstīja",
    "uzsāka",
    "noslēdza",
    "sagatavoja",
    "izstrādāja",
]
OBJECTS = [
    "jaunus pakalpojumus iedzīvotājiem",
    "pārrobežu sadarbības iespējas",
    "digitālos rīkus darbam ar jaunatni",
    "ceļu un ietvju atjaunošanas plānu",
    "vietējās kopienas iniciatīvas",
    "uzņēmējdarbības atbalsta programmu",
    "kultūrvēsturiskā mantojuma saglabāšanu",
    "energoefektivitātes pasākumus skolās",
    "veselības veicināšanas dienas",
    "remigrācijas atbalsta pasākumus",
    "labās prakses piemērus kaimiņu novados",
    "ezeru krastu labiekārtošanu",
]
PLACES = [
    "Preiļos",
    "Krāslavā",
    "Ludzā",
    "Daugavpilī",
    "Rēzeknē",
    "Balvos",
    "Līvānos",
    "Aglonā",
    "Dagdā",
    "Zilupē",
    "Viļānos",
    "Kārsavā",
    "Ilūkstē",
    "Riebiņos",
]
CLAUSES = [
    "lai uzlabotu pakalpojumu pieejamību",
    "kas ilgtermiņā stiprinās reģiona attīstību",
    "pēc iedzīvotāju aptaujas rezultātiem",
    "sadarbībā ar Lietuvas partneriem",
    "ņemot vērā iepriekšējo gadu pieredzi",
    "ar Eiropas Savienības fondu atbalstu",
    "kopā ar nevalstiskajām organizācijām",
    "jau otro gadu pēc kārtas",
]
HEADINGS = ["Galvenie secinājumi", "Kas notiks tālāk", "Dalībnieku viedoklis", "Par projektu", "Praktiska informācija"]
TAGS = [
    "pieredzes apmaiņa",
    "jaunatne",
    "tūrisms",
    "uzņēmējdarbība",
    "izglītība",
    "kultūra",
    "veselība",
    "digitalizācija",
    "sadarbība",
    "vide",
    "sports",
    "sociālie pakalpojumi",
    "ceļi",
    "lauki",
    "ezeri",
]
MUNICIPALITIES = [
    "preili",
    "kraslava",
    "ludza",
    "daugavpils",
    "rezekne",
    "balvi",
    "livani",
    "augsdaugava",
    "rezekne-novads",
    "aglona",
]
PROGRAMMES = ["interreg-lv-lt-2014-2020", "rrf", "interreg-lv-lt-2021-2027", "esf-plus-2021-2027", "varam-remigration"]


def sentence(rng: random.Random) -> str:
    s = f"{rng.choice(SUBJECTS)} {rng.choice(PLACES)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.6:
        s += f", {rng.choice(CLAUSES)}"
    return s + "."


def paragraph(rng: random.Random, n: int) -> str:
    return " ".join(sentence(rng) for _ in range(n))


def body(rng: random.Random, words: int) -> str:
    parts, count = [], 0
    while count < words:
        kind = rng.random()
        if kind < 0.12 and parts:
            parts.append(f"## {rng.choice(HEADINGS)}")
        elif kind < 0.22:
            items = [f"- {rng.choice(OBJECTS).capitalize()} {rng.choice(PLACES)}" for _ in range(rng.randint(3, 5))]
            parts.append("\n".join(items))
            count += 5 * len(items)
        else:
            p = paragraph(rng, rng.randint(2, 5))
            if rng.random() < 0.3:
                p += " Vairāk informācijas [pašvaldības tīmekļvietnē](https://www.example.lv/jaunumi)."
            parts.append(p)
            count += len(p.split())
    return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class CorpusSpec:
    articles: int = 4000
    translated: float = 0.5
    events: float = 0.05
    projects: int = 20
    seed: int = 2018


def generate(root: Path, spec: CorpusSpec, data_from: Path) -> Path:
    """Write ``root/content`` (replacing it) and return its path."""
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(data_from / "data", content / "data")
    shutil.copytree(data_from / "images" / "emblems", content / "images" / "emblems")
    rng = random.Random(spec.seed)
    codes = []
    for i in range(spec.projects):
        code = f"BP-{i + 1:03d}"
        codes.append(code)
        start = dt.date(2016 + i % 9, 1 + i % 12, 1)
        end = start.replace(year=start.year + 2)
        for lang in ("lv", "en"):
            path = content / "projects" / f"{code.lower()}.{lang}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            head = [
                f"code: {code}",
                f'title: "{"Projekts" if lang == "lv" else "Project"} {i + 1}: {rng.choice(OBJECTS)}"',
            ]
            if lang == "lv":
                head += [
                    f"programme: {PROGRAMMES[i % len(PROGRAMMES)]}",
                    f"start: {start}",
                    f"end: {end}",
                    f"budget: {rng.randint(20, 900) * 1000}",
                    f"municipalities: [{', '.join(rng.sample(MUNICIPALITIES, 3))}]",
                ]
            path.write_text("---\n" + "\n".join(head) + "\n---\n\n## Mērķis\n\n" + paragraph(rng, 4) + "\n", "utf-8")
    start_day = dt.date(2016, 1, 4)
    for n in range(spec.articles):
        day = start_day + dt.timedelta(days=n * 3650 // spec.articles)
        title = f"{rng.choice(SUBJECTS)} {rng.choice(PLACES)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} ({n + 1})"
        stem = f"raksts-{n + 1:05d}"
        folder = content / "articles" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        head = [f'title: "{title}"', f"slug: {stem}", f"date: {day} {8 + n % 10:02d}:{n % 60:02d}"]
        if rng.random() < 0.7:
            head.append(f"projects: [{rng.choice(codes)}]")
        head.append(f"municipalities: [{', '.join(rng.sample(MUNICIPALITIES, rng.randint(1, 3)))}]")
        head.append(f"tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 3)))}]")
        if rng.random() < spec.events:
            event_day = day + dt.timedelta(days=rng.randint(3, 40))
            if rng.random() < 0.5:
                head.append(f"event_dates: [{event_day}]")
            else:
                head.append(f"event_dates: [{event_day}T10:00/{event_day + dt.timedelta(days=1)}T16:00]")
            head.append(f"event_location: {rng.choice(PLACES)[:-1]}")
        words = rng.randint(300, 600)
        (folder / f"{stem}.lv.md").write_text("---\n" + "\n".join(head) + "\n---\n\n" + body(rng, words), "utf-8")
        if rng.random() < spec.translated:
            en_head = [
                f'title: "Regional news {n + 1}: {rng.choice(OBJECTS)}"',
                f"slug: news-{n + 1:05d}",
                f"date: {day} {8 + n % 10:02d}:{n % 60:02d}",
            ]
            (folder / f"{stem}.en.md").write_text(
                "---\n" + "\n".join(en_head) + "\n---\n\n" + body(rng, words), "utf-8"
            )
    return content
