"""Turning old articles (plain text or saved HTML pages) into Markdown with front matter.

Pure: the caller gives the text and what the site knows (project codes and
names, municipality names and forms, the funding programmes); nothing here
reads the site or imports Pelican.

- Saved HTML pages are read by html_page (trafilatura for the main text,
  title and metadata, htmldate as the last resort for the date); plain-text
  copies go through the same line rules: the page header (name-day line,
  menu, category line, breadcrumb) before the title, the date line before
  or after the title ("Pievienots: 24.05.2024", "26.04.2017 10:32",
  "2017.gada 15.novembrī", ...: lvdates), "Pēdējās izmaiņas"/"Labots" as
  `modified`.
- Page furniture (chrome) and typed-in funding statements (funding_patterns)
  are removed; the site adds the right notice itself. Which programme each
  statement named is reported, for the editor to set `projects:`.
- A clear signature at the end ("Informāciju sagatavoja: ...",
  "Name, role") becomes `author:`.
- Paragraphs that start with a Latvian ordinal ("2018. gada 8. jūnijā",
  "1. vietā") are escaped ("2018\\. gada") so Markdown does not turn them into
  lists; two or more consecutive numbered lines stay a list.
- Every import carries an ImportReport: where the title and date came from,
  what was removed, and how sure the import is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from lvlang.months import LOCATIVE
from lvlang.slugs import slugify

from .chrome import classify
from .funding_patterns import FundingStatements, StatementMatch
from .lvdates import FoundDate, date_line, dates_in_parts

_LIST_ITEM = re.compile(r"^(\d{1,2})[).]\s+(.*)$")
_BULLET = re.compile(r"^[-•*]\s+(.*)$")
_ORDINAL_START = re.compile(r"^(\d+)([.)])(?=\s|$)")
_CODE = re.compile(r"\b([A-Z]{2,5}-\d{1,5})\b")
_ROLE_WORDS = (
    r"vadītāj[sa]|koordinator[se]|speciālist[se]|direktor[se]|pārstāv(?:is|e)|priekšsēdētāj[sa]|"
    r"vietniec[e]|vietnieks|referent[se]|redaktor[se]|konsultant[se]|eksperts|eksperte|nodaļa|"
    r"manager|coordinator|officer|specialist|director|head of"
)
_ROLE = re.compile(r"^(?:.{0,60}(?:" + _ROLE_WORDS + r")).{0,80}$", re.I)
_PREPARED_BY = re.compile(
    r"^\W*(?:informāciju sagatavoja|informāciju sniedza|sagatavoja|autor[se]|teksts|"
    r"prepared by|author|text)\s*:\s*\W*\s*(.+)$",
    re.I,
)
_NAME = r"[A-ZĀČĒĢĪĶĻŅŠŪŽ][a-zāčēģīķļņšūž]+(?:-[A-ZĀČĒĢĪĶĻŅŠŪŽ][a-zāčēģīķļņšūž]+)?"
_NAME_ROLE = re.compile(r"^(" + _NAME + r"(?:\s+" + _NAME + r"){1,2}),\s+(.{3,140})$")
_CONTEXT = re.compile(r"projekt|programm|pasākum|aktivitāt|project|programme", re.I)
_CONTEXT_VERB = re.compile(
    r"ietvaros|īsteno|finansē|finansēt|atbalst|notiek|notika|norisinā|organizē|within|funded"
    r"|implemented|organised|organized",
    re.I,
)
_ABBREVIATIONS = {
    "nr",
    "plkst",
    "prof",
    "dr",
    "st",
    "sv",
    "u.c",
    "t.sk",
    "utt",
    "piem",
    "g",
    "gad",
    "mr",
    "mrs",
    "ms",
    "no",
    "t.i",
    "tālr",
    "tel",
    "kv",
    "lpp",
    "min",
    "milj",
    "tūkst",
    "v.tml",
}
MONTHS = {name: i + 1 for i, name in enumerate(LOCATIVE)}
_LEVELS = {"high": 2, "medium": 1, "low": 0}


@dataclass
class ImportReport:
    """What the import found in one file and how sure it is."""

    title_source: str = ""
    title_confidence: str = "low"
    date_source: str = ""
    date_pattern: str = ""
    date_text: str = ""
    date_confidence: str = "low"
    modified_source: str = ""
    author_source: str = ""
    notices: list[dict] = field(default_factory=list)  # {programme, name, how, text}
    programmes: list[str] = field(default_factory=list)  # the programmes the removed statements named
    chrome: list[dict] = field(default_factory=list)  # {kind, text}
    confidence: str = "low"
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ImportedArticle:
    source: str
    title: str
    date: str | None = None
    modified: str | None = None
    projects: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    author: str = ""
    summary: str = ""
    body_markdown: str = ""
    suggested_event_dates: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)

    @property
    def notices(self) -> list[str]:
        """The programmes (keys of data/programmes.yaml or funding_patterns labels) of the removed statements."""
        return list(self.report.programmes)

    def to_markdown(self) -> str:
        meta: dict = {"title": self.title}
        if self.date:
            meta["date"] = self.date
        if self.modified and self.modified[:10] != (self.date or "")[:10]:
            meta["modified"] = self.modified
        if self.projects:
            meta["projects"] = self.projects
        if self.municipalities:
            meta["municipalities"] = self.municipalities
        if self.author:
            meta["author"] = self.author
        if self.summary:
            meta["summary"] = self.summary
        head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000).rstrip("\n")
        lines = ["---", head]
        if not self.date:
            lines += [
                "# TODO: the old article has no date: write when it was published, e.g. date: 2019-12-10",
                "date: TODO",
            ]
        if self.suggested_event_dates:
            lines.append(
                f"# suggested event_dates (check, then remove the '#'): "
                f"event_dates: [{', '.join(self.suggested_event_dates)}]"
            )
        for label in self.report.programmes:
            if not self.projects:
                lines.append(f"# a typed-in funding statement of {label} was removed: set projects: to its project")
        lines += [f"# imported from {self.source}", "---", "", self.body_markdown.strip(), ""]
        return "\n".join(lines)


def _iso(day: int, month: int, year: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", _norm(text))


def is_html(text: str) -> bool:
    start = text[:5000].lower()
    return "<html" in start or "<body" in start or start.lstrip().startswith("<!doctype")


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph; "Nr. 9", "plkst. 17.00", "A. Bērziņa", "2014. – 2020. gadam" do not end one."""
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[\"„“«(]?[A-ZĀČĒĢĪĶĻŅŠŪŽ])", text):
        before = text[start : m.start()].split()
        word = before[-1] if before else ""
        if (len(word) == 1 and word.isupper()) or word.casefold().rstrip(".") in _ABBREVIATIONS:
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _is_prose(line: str) -> bool:
    words = line.split()
    return len(words) >= 8 and (bool(re.search(r"[.!?:;\"”)]$", line)) or len(line) > 150)


def _paragraphs(text: str) -> list[list[str]]:
    paragraphs, current = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(line.replace("\u00a0", " ").split())
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


class _Import:
    """One article being imported: the state the rules below share."""

    def __init__(self, source: str, statements: FundingStatements):
        self.article = ImportedArticle(source=source, title="TODO")
        self.report = self.article.report
        self.statements = statements
        self.date: FoundDate | None = None
        self.modified: FoundDate | None = None
        self.matches: list[StatementMatch] = []

    # -- small helpers
    def chrome(self, kind: str, line: str) -> None:
        self.report.chrome.append({"kind": kind, "text": line})
        self.article.removed.append(kind)

    def take_date(self, found: FoundDate, source: str, confidence: str) -> bool:
        """Use a date line; True when it was taken (or is the date already taken)."""
        if found.label == "modified":
            if self.modified is None:
                self.modified = found
                self.report.modified_source = source
            self.article.removed.append("'last changed' line")
            return True
        if self.date is None:
            self.date = found
            self.report.date_source, self.report.date_pattern = source, found.pattern
            self.report.date_text, self.report.date_confidence = found.text, confidence
            return True
        return found.value[:10] == self.date.value[:10] or bool(found.label)

    # -- the page header of a plain-text copy
    def text_head(self, paragraphs: list[list[str]]) -> list[list[str]]:
        flat = [(pi, li, line) for pi, para in enumerate(paragraphs) for li, line in enumerate(para)]
        start = next(
            (
                k
                for k, (_, _, line) in enumerate(flat)
                if _is_prose(line) or classify(line) in ("share buttons", "view counter")
            ),
            len(flat),
        )
        head = flat[: min(start, 12)]
        used: set[tuple[int, int]] = set()
        candidates = []
        for pi, li, line in head:
            kind = classify(line)
            if kind:
                self.chrome(kind, line)
                used.add((pi, li))
                continue
            found = dates_in_parts(line) or ([date_line(line)] if date_line(line) else [])
            if found:
                for f in found:
                    self.take_date(
                        f,
                        "labelled date line" if f.label else "date line by the title",
                        "high" if f.label else "medium",
                    )
                used.add((pi, li))
                continue
            candidates.append((pi, li, line))
        if candidates:
            pi, li, line = candidates[-1]
            self.article.title = line
            before = [c for c in candidates if (c[0], c[1]) < (pi, li)]
            for c in before:
                self.chrome("line before the title", c[2])
                used.add((c[0], c[1]))
            used.add((pi, li))
            first = (pi, li) == (flat[0][0], flat[0][1])
            self.report.title_source = "first line" if first else "last line of the page header"
            self.report.title_confidence = "high" if first or self.report.chrome else "medium"
        elif flat:
            pi, li, line = flat[0]
            self.article.title = line
            used.add((pi, li))
            self.report.title_source, self.report.title_confidence = "first line (no clear title)", "low"
        return [[line for li, line in enumerate(para) if (pi, li) not in used] for pi, para in enumerate(paragraphs)]

    def html_head(self, paragraphs: list[list[str]], title: str) -> list[list[str]]:
        """In the article's element, what stands before the title is the page's header (dates are kept)."""
        key = _key(title)
        flat = [(pi, li, line) for pi, para in enumerate(paragraphs) for li, line in enumerate(para)][:10]
        at = next((k for k, (_, _, line) in enumerate(flat) if _key(line.lstrip("# ")) == key), None)
        if at is None:
            return paragraphs
        used = set()
        for pi, li, line in flat[: at + 1]:
            used.add((pi, li))
            if (pi, li) == flat[at][:2]:
                continue
            found = dates_in_parts(line) or ([date_line(line)] if date_line(line) else [])
            for f in found:
                self.take_date(
                    f, "labelled date line" if f.label else "date line by the title", "high" if f.label else "medium"
                )
            if not found:
                self.chrome(classify(line) or "line before the title", line)
        return [[line for li, line in enumerate(para) if (pi, li) not in used] for pi, para in enumerate(paragraphs)]

    # -- the article text
    def body(self, paragraphs: list[list[str]], title: str) -> None:
        title_key = _key(title)
        kept: list[list[str]] = []
        position = 0
        for para in paragraphs:
            lines = []
            for line in para:
                kind = classify(line)
                if kind:
                    self.chrome(kind, line)
                    continue
                if position < 5 and _key(line.lstrip("# ")) == title_key:
                    continue
                found = dates_in_parts(line) or ([date_line(line)] if date_line(line) else [])
                if found and (any(f.label for f in found) or position < 3):
                    for f in found:
                        self.take_date(
                            f,
                            "labelled date line" if f.label else "date line by the title",
                            "high" if f.label else "medium",
                        )
                    continue
                lines.append(line)
            if not lines:
                continue
            position += 1
            lines = self.funding(lines)
            if not lines:
                continue
            if (
                len(lines) == 1
                and len(lines[0].split()) <= 2
                and not re.search(r"[.!?:;,]$", lines[0])
                and not lines[0].startswith("#")
                and not _LIST_ITEM.match(lines[0])
            ):
                self.article.removed.append(f"link label '{lines[0]}'")
                self.report.chrome.append({"kind": "link label", "text": lines[0]})
                continue
            if (
                len(lines) == 2
                and lines[0].endswith(",")
                and len(lines[0]) < 60
                and _ROLE.match(lines[1])
                and not self.article.author
            ):
                self.article.author = f"{lines[0]} {lines[1]}".strip()
                self.report.author_source = "signature (name, role)"
                continue
            kept.append(lines)
        kept = self.signature(kept)
        blocks = [block for para in kept for block in markdown_blocks(para)]
        self.article.body_markdown = "\n\n".join(blocks)
        # The site's default summary is the first paragraph as read inside the Markdown converter,
        # before backslash escapes are restored; when that paragraph starts with an escaped ordinal
        # ("2018\\. gada") the summary is written out (the same text the default would give).
        first = next((b for b in blocks if not b.startswith(("#", "- ")) and not _LIST_ITEM.match(b)), "")
        if "\\" in first:
            self.article.summary = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", first)

    def funding(self, lines: list[str]) -> list[str]:
        """The paragraph without its typed-in funding statements (nothing left when it was all one)."""
        if lines[0].startswith("#") or sum(bool(_LIST_ITEM.match(x) or _BULLET.match(x)) for x in lines) >= 2:
            return lines
        parts = sentences(" ".join(lines))
        found = [(s, self.statements.match(s)) for s in parts]
        hits = [m for _, m in found if m]
        if not hits:
            return lines
        self.matches += hits
        for m in hits:
            self.report.notices.append(
                {"programme": m.label, "name": self.statements.name(m.label), "how": m.how, "text": m.sentence}
            )
        self.article.removed.append("funding notice")
        rest = [s for s, m in found if not m]
        if all(_CONTEXT.search(s) and _CONTEXT_VERB.search(s) and len(s) < 300 for s in rest):
            for s in rest:
                self.report.notices.append({"programme": "", "name": "", "how": "project context", "text": s})
            return []
        return [" ".join(rest)]

    def signature(self, kept: list[list[str]]) -> list[list[str]]:
        """A clear signature among the last paragraphs becomes the author (and leaves the body)."""
        if self.article.author:
            return kept
        for index in range(len(kept) - 1, max(len(kept) - 3, -1), -1):
            para = kept[index]
            text = " ".join(para).strip()
            if len(text) > 200 or text.startswith("#"):
                continue
            m = _PREPARED_BY.match(text.replace("**", ""))
            if m:
                self.article.author = m.group(1).strip(" *_")
                self.report.author_source = f"signature '{text[:60]}'"
                return kept[:index] + kept[index + 1 :]
            m = _NAME_ROLE.match(text.replace("**", "").strip(" *_"))
            if m and _ROLE.match(m.group(2)) and not re.search(r"[.!?]$", m.group(2)):
                self.article.author = f"{m.group(1)}, {m.group(2)}"
                self.report.author_source = "signature (name, role)"
                return kept[:index] + kept[index + 1 :]
        return kept


def markdown_blocks(para: list[str]) -> list[str]:
    """Markdown blocks of one paragraph.

    Two or more consecutive numbered lines ("1) ...", "2. ...") are a list; "- " lines a bulleted list;
    other lines are joined into one text block, and a text block that starts with a number and a dot
    ("2018. gada 8. jūnijā", "1. vietā") is escaped ("2018\\. gada") so it does not become a list.
    """
    blocks: list[str] = []
    text: list[str] = []

    def flush_text():
        if text:
            joined = " ".join(text)
            if not joined.startswith("#"):
                joined = _ORDINAL_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", joined)
            blocks.append(joined)
            text.clear()

    i = 0
    while i < len(para):
        j = i
        while j < len(para) and _LIST_ITEM.match(para[j]):
            j += 1
        if j - i >= 2:
            flush_text()
            blocks.append("\n".join("{}. {}".format(*_LIST_ITEM.match(x).groups()) for x in para[i:j]))
            i = j
            continue
        j = i
        while j < len(para) and _BULLET.match(para[j]):
            j += 1
        if j > i:
            flush_text()
            blocks.append("\n".join(f"- {_BULLET.match(x).group(1)}" for x in para[i:j]))
            i = j
            continue
        if para[i].startswith("## "):
            flush_text()
            blocks.append(para[i])
        else:
            text.append(para[i])
        i += 1
    flush_text()
    return blocks


def _confidence(level_a: str, level_b: str) -> str:
    return min((level_a, level_b), key=lambda v: _LEVELS[v])


def import_text(
    text: str,
    *,
    source_name: str,
    known_projects: Mapping[str, Sequence[str]],
    municipalities: Mapping[str, Sequence[str]],
    programmes: Mapping[str, object] | None = None,
    statements: FundingStatements | None = None,
) -> ImportedArticle:
    """Import one old article. ``programmes``: the site's funding programmes (key -> Programme), whose
    official notices are then recognised too; ``statements`` may be given instead, to reuse one finder."""
    statements = statements or FundingStatements(programmes)
    state = _Import(source_name, statements)
    article, report = state.article, state.report
    page = None
    if is_html(text):
        from .html_page import htmldate_fallback, read_html

        page = read_html(text)
        if page.date:
            state.take_date(page.date, page.date_source, "high")
        if page.modified:
            state.modified, report.modified_source = page.modified, page.modified_source
        paragraphs = page.paragraphs
        article.title = page.title or "TODO"
        report.title_source = page.title_source or "none found"
        report.title_confidence = (
            "high"
            if page.title_source.startswith("page heading")
            else "medium"
            if page.title_source.startswith("first heading")
            else "low"
        )
        if state.date is None or state.modified is None:
            _dates_near_title(state, page.page_lines, article.title)
        paragraphs = state.html_head(paragraphs, article.title)
        state.body(paragraphs, article.title)
        if state.date is None:
            value = htmldate_fallback(text)
            if value:
                state.take_date(FoundDate(value, "htmldate", "", "published"), "htmldate (extensive search)", "low")
    else:
        paragraphs = state.text_head(_paragraphs(text))
        state.body(paragraphs, article.title)
    article.date = state.date.value if state.date else None
    if state.modified is not None:
        article.modified = state.modified.value
    report.programmes = statements.programme_of(state.matches) if state.matches else []
    if not state.date:
        report.date_source, report.date_confidence = "none found", "low"
        report.reasons.append("no date: write it by hand")
    report.confidence = _confidence(report.title_confidence, report.date_confidence)
    if report.title_confidence != "high":
        report.reasons.append(f"title from {report.title_source}")
    if report.date_confidence != "high" and state.date:
        report.reasons.append(f"date from {report.date_source}")
    full = article.title + "\n" + "\n".join(line for para in paragraphs for line in para)
    _find_projects(full, known_projects, article)
    _find_municipalities(full, municipalities, article)
    year = int(article.date[:4]) if article.date else None
    article.suggested_event_dates = find_event_dates(article.body_markdown, year)
    article.findings = _describe(article) + [f for f in article.findings if f.startswith("unknown")]
    return article


def _dates_near_title(state: _Import, lines: list[str], title: str) -> None:
    """Date lines of the whole page: labelled ones anywhere, unlabelled ones next to the title."""
    key = _key(title)
    at = next((i for i, line in enumerate(lines) if _key(line.lstrip("# ")) == key), None)
    found_lines = []
    for i, line in enumerate(lines):
        if classify(line):
            continue
        for f in dates_in_parts(line) or ([date_line(line)] if date_line(line) else []):
            found_lines.append((i, f))
    for _i, f in found_lines:
        if f.label:
            state.take_date(f, "labelled date line", "high")
    if state.date is None and at is not None:
        near = [(abs(i - at) + (0 if i > at else 0.5), f) for i, f in found_lines if not f.label and abs(i - at) <= 3]
        if near:
            state.take_date(min(near, key=lambda x: x[0])[1], "date line by the title", "medium")


def _find_projects(text: str, known: Mapping[str, Sequence[str]], article: ImportedArticle) -> None:
    upper = {code.upper(): code for code in known}
    for code in _CODE.findall(text):
        if code in upper and upper[code] not in article.projects:
            article.projects.append(upper[code])
        elif code not in upper and f"unknown project code {code}" not in article.findings:
            article.findings.append(f"unknown project code {code}")
    low = _norm(text)
    for code, names in known.items():
        if code in article.projects:
            continue
        for name in names:
            if len(name) >= 12 and fuzz.partial_ratio(_norm(name), low) >= 92:
                article.projects.append(code)
                break


def _find_municipalities(text: str, municipalities: Mapping[str, Sequence[str]], article: ImportedArticle) -> None:
    for key, forms in municipalities.items():
        for form in forms:
            word = form.split()[0] if form.endswith(("novads", "novada", "pilsēta")) else form
            if " " in word or len(word) < 4:
                continue
            # Latvian inflects place names: Krāslava, Krāslavā, Krāslavas; Preiļi, Preiļos, Preiļu.
            stem = word.rstrip("aāeēiīuūos") if len(word.rstrip("aāeēiīuūos")) >= 4 else word
            if re.search(r"(?<![\wā-žĀ-Ž])" + re.escape(stem) + r"[a-zāčēģīķļņšūž]{0,3}(?![\wā-žĀ-Ž])", text):
                if key not in article.municipalities:
                    article.municipalities.append(key)
                break


_DAYS_IN_WORDS = re.compile(
    r"(?:(\d{4})\. gada )?((?:\d{1,2}\.(?:\s*[–-]\s*\d{1,2}\.)?(?:,\s*|\s+un\s+)?)+)\s*(" + "|".join(LOCATIVE) + r")"
)


def find_event_dates(text: str, year: int | None) -> list[str]:
    found: list[str] = []
    for m in _DAYS_IN_WORDS.finditer(text):
        y = int(m.group(1)) if m.group(1) else year
        if y is None:
            continue
        month = MONTHS[m.group(3)]
        for part in re.findall(r"\d{1,2}\.(?:\s*[–-]\s*\d{1,2}\.)?", m.group(2)):
            days = [int(d) for d in re.findall(r"\d{1,2}", part)]
            if len(days) == 2:
                a, b = _iso(days[0], month, y), _iso(days[1], month, y)
                value = f"{a}/{b}" if a and b else None
            else:
                value = _iso(days[0], month, y)
            if value and value not in found:
                found.append(value)
    return found


def _describe(a: ImportedArticle) -> list[str]:
    r = a.report
    out = [
        f"title: {a.title}  [{r.title_source}]",
        f"date: {a.date or 'not found (TODO)'}"
        + (
            f"  [{r.date_source}; {r.date_pattern}: '{r.date_text}']"
            if a.date and r.date_text
            else f"  [{r.date_source}]"
            if a.date
            else ""
        ),
    ]
    if a.modified:
        out.append(f"modified: {a.modified}  [{r.modified_source}]")
    if a.author:
        out.append(f"author: {a.author}  [{r.author_source}]")
    if a.projects:
        out.append("projects: " + ", ".join(a.projects))
    if a.municipalities:
        out.append("municipalities: " + ", ".join(a.municipalities))
    if a.suggested_event_dates:
        out.append("event dates (suggested): " + ", ".join(a.suggested_event_dates))
    if r.programmes:
        named = ", ".join(
            f"{label} ({a.report.notices and next((n['name'] for n in r.notices if n['programme'] == label), label)})"
            for label in r.programmes
        )
        count = sum(1 for n in r.notices if n["programme"])
        out.append(
            f"funding statements removed ({count} sentence{'' if count == 1 else 's'}): {named}; "
            "set projects: accordingly"
        )
    if r.chrome:
        kinds: dict[str, int] = {}
        for item in r.chrome:
            kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1
        out.append("page furniture removed: " + ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in kinds.items()))
    out.append(f"confidence: {r.confidence}" + (f" ({'; '.join(r.reasons)})" if r.reasons else ""))
    return out


def output_filename(article: ImportedArticle) -> str:
    return f"{(article.date or 'undated')[:10]}-{slugify(article.title, max_length=60)}.lv.md"


def iter_sources(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".txt", ".html", ".htm"))
