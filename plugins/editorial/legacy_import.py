"""Turning old articles (plain text or saved HTML pages) into Markdown with front matter.

Pure: the caller gives the text and what the site knows (project codes and
names, municipality names and forms); nothing here reads the site or Pelican.
The typed-in funding notice and the page chrome are removed (the site adds
the notice itself); paragraphs, numbered lists and the signature are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import yaml
from rapidfuzz import fuzz

from lvlang.months import LOCATIVE
from lvlang.slugs import slugify

_NUMERIC_DATE = re.compile(r"^(?:Pievienots:\s*|Publicēts:\s*|Datums:\s*)?(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$", re.I)
_WORDS_DATE = re.compile(r"^(\d{4})\. gada (\d{1,2})\. (" + "|".join(LOCATIVE) + r")\.?$")
_MODIFIED = re.compile(r"^Pēdējās izmaiņas:\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$", re.I)
_LIST_ITEM = re.compile(r"^(\d{1,2})[).]\s+(.*)$")
_CODE = re.compile(r"\b([A-Z]{2,5}-\d{1,5})\b")
_ROLE = re.compile(r"^(projekta vadītāj[sa]|projekta koordinator[se]|sabiedrisko attiecību speciālist[se]|"
                   r"speciālist[se]|vadītāj[sa]|koordinator[se]|direktor[se]|.{0,40}(?:vadītāj[sa]|speciālist[se]))\.?$", re.I)
_FUNDING_HINTS = (
    "šī publikācija ir sagatavota ar eiropas savienības finansiālo atbalstu",
    "par šīs publikācijas saturu pilnībā atbild",
    "šo projektu finansē eiropas savienība",
    "līdzfinansē eiropas savienība",
    "finansē eiropas savienība",
    "nekādos apstākļos nav uzskatāms par eiropas savienības oficiālo nostāju",
)
_PROGRAMME_WORDS = ("interreg", "varam", "programmas", "prioritārā pasākuma", "fonda", "ministrijas")
MONTHS = {name: i + 1 for i, name in enumerate(LOCATIVE)}


@dataclass
class ImportedArticle:
    source: str
    title: str
    date: str | None = None
    modified: str | None = None
    projects: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    author: str = ""
    body_markdown: str = ""
    suggested_event_dates: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    def to_markdown(self) -> str:
        meta: dict = {"title": self.title}
        if self.date:
            meta["date"] = self.date
        if self.modified and self.modified != self.date:
            meta["modified"] = self.modified
        if self.projects:
            meta["projects"] = self.projects
        if self.municipalities:
            meta["municipalities"] = self.municipalities
        if self.author:
            meta["author"] = self.author
        head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000).rstrip("\n")
        lines = ["---", head]
        if not self.date:
            lines += ["# TODO: the old article has no date: write when it was published, e.g. date: 2019-12-10",
                      "date: TODO"]
        if self.suggested_event_dates:
            lines.append(f"# suggested event_dates (check, then remove the '#'): "
                         f"event_dates: [{', '.join(self.suggested_event_dates)}]")
        lines += [f"# imported from {self.source}", "---", "", self.body_markdown.strip(), ""]
        return "\n".join(lines)


def _iso(day: int, month: int, year: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def is_funding_paragraph(text: str) -> bool:
    low = _norm(text)
    if any(hint in low for hint in _FUNDING_HINTS):
        return True
    return low.endswith("ietvaros.") and any(word in low for word in _PROGRAMME_WORDS)


def html_to_text(html: str) -> tuple[str, str | None, str | None]:
    """(text with blank-line paragraphs, title, ISO date) of the article in a saved HTML page."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    page_title = tree.css_first("title").text(strip=True) if tree.css_first("title") else ""
    for selector in ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
                     "[class*=share]", "[class*=cookie]", "[id*=cookie]", "[class*=menu]", "[class*=sidebar]",
                     "[class*=breadcrumb]", "[class*=widget]", "[role=navigation]"):
        for node in tree.css(selector):
            node.decompose()
    root = (tree.css_first("article") or tree.css_first("main") or tree.css_first("[class*=content]")
            or tree.body)
    date = None
    time = root.css_first("time[datetime]") if root else None
    if time is not None:
        date = time.attributes.get("datetime", "")[:10] or None
    h1 = root.css_first("h1") if root else None
    title = h1.text(strip=True) if h1 else re.split(r"\s[|–-]\s", page_title)[0].strip() or None
    blocks = []
    for node in root.css("h1, h2, h3, p, li, time") if root else []:
        text = node.text(separator=" ", strip=True)
        if not text or (h1 is not None and node == h1):
            continue
        if node.tag == "time":
            continue
        if node.tag in ("h2", "h3"):
            blocks.append(f"## {text}")
        elif node.tag == "li":
            parent = node.parent
            index = [c for c in parent.iter() if c.tag == "li"].index(node) + 1 if parent else 1
            blocks.append(f"{index}) {text}" if parent is not None and parent.tag == "ol" else f"- {text}")
        else:
            blocks.append(text)
    return "\n\n".join(blocks), title, date


def import_text(text: str, *, source_name: str, known_projects: Mapping[str, Sequence[str]],
                municipalities: Mapping[str, Sequence[str]]) -> ImportedArticle:
    title_hint = date_hint = None
    if "<html" in text[:2000].lower() or "<body" in text[:5000].lower():
        text, title_hint, date_hint = html_to_text(text)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    article = ImportedArticle(source=source_name, title=title_hint or (lines.pop(0).strip() if lines else "TODO"))
    if title_hint and lines and lines[0].strip() == title_hint:
        lines.pop(0)
    article.date = date_hint
    # paragraphs (blank-line separated; list items kept together)
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    body: list[str] = []
    for para in paragraphs:
        joined = " ".join(para)
        m = _NUMERIC_DATE.match(joined) or None
        w = _WORDS_DATE.match(joined)
        mod = _MODIFIED.match(joined)
        if mod:
            article.modified = _iso(int(mod.group(1)), int(mod.group(2)), int(mod.group(3)))
            article.removed.append("'last changed' line")
            continue
        if (m or w) and article.date is None and not body:
            article.date = (_iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m
                            else _iso(int(w.group(2)), MONTHS[w.group(3)], int(w.group(1))))
            continue
        if is_funding_paragraph(joined):
            _find_projects(joined, known_projects, article)
            article.removed.append("funding notice")
            continue
        if len(para) == 1 and len(joined.split()) <= 2 and not re.search(r"[.!?:;,]$", joined) and not joined.startswith("##"):
            article.removed.append(f"link label '{joined}'")
            continue
        if len(para) == 2 and para[0].endswith(",") and _ROLE.match(para[1]) and len(para[0]) < 60:
            article.author = f"{para[0]} {para[1]}".strip()
            continue
        body.extend(_blocks(para))
    article.body_markdown = "\n\n".join(body)
    full = article.title + "\n" + "\n".join(lines)
    _find_projects(full, known_projects, article)
    _find_municipalities(full, municipalities, article)
    year = int(article.date[:4]) if article.date else None
    article.suggested_event_dates = find_event_dates(article.body_markdown, year)
    article.findings = _describe(article)
    return article


def _blocks(para: list[str]) -> list[str]:
    """Markdown blocks of one paragraph: runs of text lines joined, "1) ..." lines as a list."""
    blocks: list[str] = []
    text: list[str] = []
    items: list[str] = []
    for line in para:
        m = _LIST_ITEM.match(line)
        if m or line.startswith("- "):
            if text:
                blocks.append(" ".join(text))
                text = []
            items.append(f"{m.group(1)}. {m.group(2)}" if m else line)
        else:
            if items:
                blocks.append("\n".join(items))
                items = []
            text.append(line)
    if text:
        blocks.append(" ".join(text))
    if items:
        blocks.append("\n".join(items))
    return blocks


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


_DAYS_IN_WORDS = re.compile(r"(?:(\d{4})\. gada )?((?:\d{1,2}\.(?:\s*[–-]\s*\d{1,2}\.)?(?:,\s*|\s+un\s+)?)+)\s*("
                            + "|".join(LOCATIVE) + r")")


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
    out = [f"title: {a.title}", f"date: {a.date or 'not found (TODO)'}"]
    if a.projects:
        out.append("projects: " + ", ".join(a.projects))
    if a.municipalities:
        out.append("municipalities: " + ", ".join(a.municipalities))
    if a.author:
        out.append(f"author: {a.author}")
    if a.suggested_event_dates:
        out.append("event dates (suggested): " + ", ".join(a.suggested_event_dates))
    if a.removed:
        out.append("removed: " + ", ".join(dict.fromkeys(a.removed)))
    return out + [f for f in a.findings if f.startswith("unknown")]


def output_filename(article: ImportedArticle) -> str:
    return f"{article.date or 'undated'}-{slugify(article.title, max_length=60)}.lv.md"


def iter_sources(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".txt", ".html", ".htm"))
