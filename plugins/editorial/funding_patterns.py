"""Typed-in funding statements in old articles: which sentences they are and which programme they name.

Old articles end with a funding statement typed by hand. The site now adds
the right notice itself (from the article's `projects:`), so the importer
removes the typed one and reports which programme it named, for the editor
to set `projects:`.

A sentence is a funding statement when it

1. contains the fixed wording of an official notice in `data/programmes.yaml`
   (found with funding.notices.TypedNoticeFinder; the programme is that entry), or
2. matches one of the STATEMENTS below: the standard EU disclaimers and
   visibility lines ("Šī publikācija ir sagatavota ar Eiropas Savienības
   finansiālo atbalstu…", "Eiropas Lauksaimniecības fonds lauku attīstībai:
   Eiropa investē lauku apvidos", "Finansē Eiropas Savienība – NextGenerationEU"), or
3. names a programme or fund from PROGRAMMES below *and* says that it funds
   something (FUNDING_WORDS: "līdzfinansē", "finansējumu", "ar … atbalstu",
   "… ietvaros", "funded by" …).

The programme reported for a paragraph is the most specific one: a named
programme (PROGRAMMES, first match in table order) before the programme whose
official notice it carries, before "eu" (EU funding, programme not named).
Labels are programme keys of `data/programmes.yaml` where the site has the
programme, otherwise the labels below (erdf, esf, eafrd, lv-ru-cbc, lv-by-cbc,
eea-norway, cohesion-fund).

Texts are compared in a normal form: lower case, no quotes, every dash "-"
without spaces around it, single spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: label -> a name for the report
LABELS = {
    "interreg-lv-lt-2014-2020": "Interreg V-A Latvija–Lietuva 2014–2020",
    "interreg-lv-lt-2021-2027": "Interreg VI-A Latvija–Lietuva 2021–2027",
    "esf-plus-2021-2027": "ES kohēzijas politikas programma 2021–2027 (ESF+)",
    "rrf": "Atveseļošanas un noturības mehānisms (NextGenerationEU)",
    "varam-remigration": "VARAM reģionālā remigrācija",
    "lv-ru-cbc": "Latvijas–Krievijas pārrobežu sadarbības programma",
    "lv-by-cbc": "Latvijas–Lietuvas–Baltkrievijas pārrobežu sadarbības programma",
    "eafrd": "Eiropas Lauksaimniecības fonds lauku attīstībai (ELFLA, LEADER)",
    "esf": "Eiropas Sociālais fonds (ESF)",
    "erdf": "Eiropas Reģionālās attīstības fonds (ERAF)",
    "cohesion-fund": "Kohēzijas fonds",
    "eea-norway": "EEZ un Norvēģijas finanšu instrumenti",
    "eu": "Eiropas Savienība (programma nav nosaukta)",
}

_D = r"\s*-\s*"  # a dash between two names, with or without spaces

#: (label, pattern): a programme or fund named in a sentence; the first match in this order wins
PROGRAMMES: tuple[tuple[str, str], ...] = (
    (
        "lv-by-cbc",
        r"latvijas" + _D + r"lietuvas" + _D + r"baltkrievijas|latvijas,? lietuvas un baltkrievijas"
        r"|latvijas" + _D + r"baltkrievijas|latvia" + _D + r"lithuania" + _D + r"belarus|latvia" + _D + r"belarus",
    ),
    (
        "lv-ru-cbc",
        r"latvijas" + _D + r"krievijas|latvia" + _D + r"russia|igaunijas" + _D + r"latvijas" + _D + r"krievijas",
    ),
    (
        "interreg-lv-lt-2021-2027",
        r"interreg vi-a latvij\w*" + _D + r"lietuv|latvia" + _D + r"lithuania programme 2021"
        r"|latvijas" + _D + r"lietuvas programm\w* 2021",
    ),
    (
        "interreg-lv-lt-2014-2020",
        r"interreg v-a latvij\w*" + _D + r"lietuv|interreg v-a latvia" + _D + r"lithuania"
        r"|latvijas" + _D + r"lietuvas pārrobežu sadarbības programm|latvia" + _D + r"lithuania cross border",
    ),
    ("varam-remigration", r"reģionālās remigrācijas koordinator|regional remigration coordinator"),
    (
        "esf-plus-2021-2027",
        r"kohēzijas politikas programm\w* 2021|cohesion policy programme 2021"
        r"|eiropas sociālā fonda plus|eiropas sociālais fonds plus|esf\+",
    ),
    (
        "rrf",
        r"atveseļošanas un noturības (?:mehānism|plān|facilit)|nextgenerationeu|next generation eu"
        r"|recovery and resilience|atveseļošanas fond",
    ),
    (
        "eafrd",
        r"eiropas lauksaimniecības fond\w* lauku attīstībai|\belfla\b|eiropa investē lauku apvidos"
        r"|\bleader\b (?:pieeja|programm|projekt|pasākum|apakšpasākum)|european agricultural fund for rural"
        r"|\beafrd\b|investing in rural areas|lauku attīstības programm",
    ),
    (
        "eea-norway",
        r"eiropas ekonomikas zonas (?:un norvēģijas )?finanšu instrument|eez un norvēģijas"
        r"|norvēģijas finanšu instrument|eea and norway grants|eea grants|norway grants",
    ),
    ("esf", r"eiropas sociāl\w* fond|\besf\b|european social fund"),
    ("erdf", r"eiropas reģionālās attīstības fond|\beraf\b|\berdf\b|european regional development fund"),
    ("cohesion-fund", r"\bkohēzijas fond|\bcohesion fund"),
)

#: (label, pattern): sentences that are funding statements by their wording alone
STATEMENTS: tuple[tuple[str, str], ...] = (
    (
        "eu",
        r"(?:šī|šis) (?:publikācija|dokuments|materiāls|raksts|informācija) (?:ir )?sagatavot\w* ar eiropas savienības",
    ),
    ("eu", r"par (?:šīs |šī )?(?:publikācijas |dokumenta |materiāla |raksta )?saturu (?:pilnībā )?atbild"),
    ("eu", r"(?:is|are) (?:solely |fully )?responsible for the content"),
    ("eu", r"nekād\w* (?:apstākļos|gadījumā) nav uzskatām\w* par eiropas savienības"),
    ("eu", r"oficiālo nostāju"),
    ("eu", r"(?:līdz)?finansē eiropas savienība"),
    ("eu", r"(?:tiek |ir )?(?:līdz)?finansēt\w* no eiropas savienības"),
    ("eu", r"ar eiropas savienības (?:finansiāl\w* )?atbalstu"),
    ("eu", r"produced with the financial (?:assistance|support) of the european union"),
    ("eu", r"sole responsibility of"),
    ("eu", r"under no circumstances be regarded as reflecting"),
    ("eu", r"(?:co-)?funded by the european union"),
    ("eu", r"(?:co-)?financed by the european union"),
    ("eu", r"views and opinions expressed are"),
    ("eafrd", r"eiropa investē lauku apvidos|europe investing in rural areas"),
    ("rrf", r"finansē eiropas savienība-nextgenerationeu|funded by the european union-nextgenerationeu"),
)

#: a sentence naming a programme or fund is a statement only when it also says it funds something
FUNDING_WORDS = re.compile(
    r"finansē|finansēt|finansējum|finansiāl|atbalst|līdzfinans|ietvaros|īsteno|programm\w* (?:projekt|ietvar)"
    r"|funded|financed|funding|support|within the|under the|co-financ|investē|investing",
    re.I,
)

_COMPILED_PROGRAMMES = tuple((label, re.compile(p)) for label, p in PROGRAMMES)
_COMPILED_STATEMENTS = tuple((label, re.compile(p)) for label, p in STATEMENTS)
_QUOTES = re.compile(r"[\u201c\u201d\u201e\u00ab\u00bb\"'\u2018\u2019\u201a]")
_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")


def normal(text: str) -> str:
    text = _QUOTES.sub("", text.replace("\u00a0", " ")).casefold()
    return " ".join(_DASHES.sub("-", text).split())


@dataclass(frozen=True)
class StatementMatch:
    label: str  # the programme it names ("eu" when none)
    how: str  # "official notice", "programme named", "standard wording"
    sentence: str


class FundingStatements:
    """Finds typed-in funding statements. ``programmes``: the site's programmes (key -> Programme) or None."""

    def __init__(self, programmes: Mapping[str, object] | None = None):
        self.official: list[tuple[str, object]] = []
        if programmes:
            from funding.notices import TypedNoticeFinder  # the same fixed wording the build uses

            self.official = [(key, TypedNoticeFinder({key: p})) for key, p in programmes.items()]
        self.labels = dict(LABELS)
        for key, p in (programmes or {}).items():
            name = getattr(p, "short_name", {}) or getattr(p, "name", {})
            if isinstance(name, Mapping) and name.get("lv"):
                self.labels[key] = str(name["lv"])

    def match(self, sentence: str) -> StatementMatch | None:
        """What kind of funding statement ``sentence`` is, or None."""
        text = normal(sentence)
        named = next((label for label, rx in _COMPILED_PROGRAMMES if rx.search(text)), None)
        official = None
        best = 0
        for key, finder in self.official:
            fragment = finder.find(sentence)
            if fragment and len(fragment) > best:
                official, best = key, len(fragment)
        if official:
            return StatementMatch(named or official, "official notice", sentence)
        standard = next((label for label, rx in _COMPILED_STATEMENTS if rx.search(text)), None)
        if standard:
            label = named or standard
            return StatementMatch(label, "standard wording", sentence)
        if named and FUNDING_WORDS.search(text) and len(text) < 400:
            return StatementMatch(named, "programme named", sentence)
        return None

    def programme_of(self, matches: Iterable[StatementMatch]) -> list[str]:
        """The programmes an article's statements name: named or official ones, else "eu"."""
        matches = list(matches)
        labels = list(dict.fromkeys(m.label for m in matches))
        specific = [label for label in labels if label != "eu"]
        # The Interreg 2014-2020 notice is the standard EU disclaimer that many programmes
        # share: next to another named programme it is that programme's disclaimer.
        named = {m.label for m in matches if m.how != "official notice"}
        if (
            "interreg-lv-lt-2014-2020" in specific
            and "interreg-lv-lt-2014-2020" not in named
            and any(label != "eu" for label in named)
        ):
            specific.remove("interreg-lv-lt-2014-2020")
        return specific or labels[:1]

    def name(self, label: str) -> str:
        return self.labels.get(label, label)
