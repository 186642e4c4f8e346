"""Reading a saved HTML page: its title, dates and the article's paragraphs.

trafilatura finds the main text and the page's metadata; htmldate is the
last resort for the publication date. Both get the parsed page, never a URL,
so nothing is fetched. The article's paragraphs are then read from the page
element that holds the text trafilatura found, in document order, so
headings, lists, line breaks and the signature keep their place (trafilatura's
own output can reorder or flatten the small blocks of municipal CMS pages).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from .chrome import classify
from .lvdates import FoundDate, date_line, dates_in_parts, parse_date

# the libraries log every page they find hard to read; the import report says what matters
for _name in ("trafilatura", "htmldate", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.ERROR)

BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "address",
    "hr",
    "center",
    "form",
    "fieldset",
    "caption",
    "body",
}
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "object",
    "embed",
    "input",
    "select",
    "button",
    "textarea",
    "img",
    "picture",
    "video",
    "audio",
    "canvas",
    "map",
)
#: class or id words of page furniture: never the article, never its title
FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navigation|navbar|menu|mainnav|topnav|izvelne|sidebar|widget|breadcrumbs?"
    r"|cookies?|cookie-\w+|sikdatnes|share|sharing|sharedaddy|social|socials|logo|brand|site-title"
    r"|site-name|pager|pagenav|pagination|calendar|kalendars|comments?|related|footer|skip-link"
    r"|print|toolbar|itemToolbar|tags|banner)(?:$|[\s_-])",
    re.I,
)
_TITLE_CLASS = re.compile(r"title|headline|virsraksts|heading", re.I)
_DATE_CLASS = re.compile(r"date|datums|datetime|published|created|posted|submitted|pubdate|time", re.I)
_MODIFIED_CLASS = re.compile(r"updated|modified|changed|izmai", re.I)
_TITLE_SEP = re.compile(r"\s+[|–—»:-]\s+|\s+-{2}\s+")


def _norm(text: str) -> str:
    return " ".join((text or "").replace("\u00a0", " ").split())


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", _norm(text).casefold())


def _classes(el) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"), el.get("role"))))


def _is_furniture(el) -> bool:
    return el.tag in ("nav", "aside", "footer") or bool(FURNITURE.search(_classes(el)))


def _inside_furniture(el) -> bool:
    return any(_is_furniture(a) for a in el.iterancestors()) or _is_furniture(el)


@dataclass
class HtmlPage:
    title: str | None = None
    title_source: str = ""
    date: FoundDate | None = None
    date_source: str = ""
    modified: FoundDate | None = None
    modified_source: str = ""
    paragraphs: list[list[str]] = field(default_factory=list)  # the article container, in order
    page_lines: list[str] = field(default_factory=list)  # all visible lines of the page
    container: str = ""  # which element held the article


# ---------------------------------------------------------------- paragraphs


def paragraphs_of(root) -> list[list[str]]:
    """Paragraphs (lists of lines) of an element: blocks and <br><br> end paragraphs, <br> ends a line."""
    paras: list[list[str]] = []
    current: list[str] = []
    buf: list[str] = []

    def flush_line():
        line = _norm("".join(buf))
        buf.clear()
        if line:
            current.append(line)

    def flush_para():
        flush_line()
        if current:
            paras.append(current[:])
            current.clear()

    def walk(el, prefix: str = ""):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            if not "".join(buf).strip() and current:
                flush_para()  # <br><br>: a new paragraph
            else:
                flush_line()
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in BLOCKS
        if block:
            flush_line() if tag in ("li", "dt", "dd", "tr") and current and _list_run(current) else flush_para()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            buf.append("## ")
        elif tag == "li":
            parent = el.getparent()
            if parent is not None and parent.tag == "ol":
                items = [c for c in parent if c.tag == "li"]
                buf.append(f"{int(parent.get('start', 1) or 1) + items.index(el)}. ")
            else:
                buf.append("- ")
        elif tag in ("td", "th") and "".join(buf).strip():
            buf.append(" ")
        if el.text and tag:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            if tag in ("li", "tr", "dt", "dd"):
                flush_line()
            else:
                flush_para()
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush_para()
    # headings stand alone; list items of one list stay in one paragraph
    out: list[list[str]] = []
    for para in paras:
        if para and para[0].startswith("## ") and len(para) == 1 and para[0].strip("# ") == "":
            continue
        out.append(para)
    return out


def _list_run(lines: list[str]) -> bool:
    return bool(lines) and bool(re.match(r"^(?:- |\d+\. )", lines[-1]))


# ---------------------------------------------------------------- the page


def _clean(tree) -> None:
    etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, *DROP_TAGS, with_tail=False)


def _trafilatura(tree) -> tuple[str, str, str]:
    """(main text, title, date) as trafilatura reads them; empty strings when it finds nothing."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
            favor_recall=True,
        )
    except Exception:  # noqa: BLE001  a page trafilatura cannot read is read by the fallback below
        return "", "", ""
    if doc is None:
        return "", "", ""
    get = (lambda k: getattr(doc, k, None) or "") if not isinstance(doc, dict) else (lambda k: doc.get(k) or "")
    return str(get("text")), str(get("title")), str(get("date"))


def _container(body, main_text: str):
    """The element that holds the lines trafilatura took as the main text (their lowest common ancestor)."""
    wanted = [_key(line) for line in main_text.splitlines() if len(_key(line)) >= 30]
    if not wanted:
        return None
    holders = []
    texts = {}
    for el in body.iter():
        if isinstance(el.tag, str) and el.tag in BLOCKS:
            texts[el] = _key(el.text_content())
    for want in wanted:
        best = None
        for el, text in texts.items():
            if want[:200] in text and (best is None or len(text) < len(texts[best])):
                best = el
        if best is not None:
            holders.append(best)
    if not holders:
        return None
    paths = [[a for a in reversed(list(h.iterancestors()))] + [h] for h in holders]
    common = None
    for level in zip(*paths):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    if common is None:
        return None
    while common.tag in ("p", "li", "span", "a", "em", "strong", "b", "i", "td") and common.getparent() is not None:
        common = common.getparent()
    return common


def _describe(el) -> str:
    cls = (el.get("class") or "").split()
    ident = el.get("id")
    return el.tag + (f"#{ident}" if ident else "") + "".join(f".{c}" for c in cls[:2])


def _title(tree, body, traf_title: str) -> tuple[str | None, str]:
    metas = {
        m: _norm((tree.xpath(f"//meta[@property='{m}' or @name='{m}']/@content") or [""])[0])
        for m in ("og:title", "twitter:title")
    }
    page_title = _norm((tree.xpath("//title/text()") or [""])[0])
    first_segment = _TITLE_SEP.split(page_title)[0] if page_title else ""
    candidates = []
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("h1", "h2", "h3") or el.get("itemprop") == "headline" or _TITLE_CLASS.search(_classes(el)):
            if _inside_furniture(el):
                continue
            text = _norm(el.text_content())
            words = len(text.split())
            if not text or words > 30 or classify(text) or date_line(text):
                continue
            if text not in [c for c, _ in candidates]:
                candidates.append((text, el))
    keys = {_key(c): c for c, _ in candidates}
    og = metas["og:title"] or metas["twitter:title"]
    if og and _key(og) in keys:
        return keys[_key(og)], "page heading = og:title"
    if first_segment and _key(first_segment) in keys and len(first_segment.split()) >= 2:
        return keys[_key(first_segment)], "page heading = <title>"
    if traf_title and _key(traf_title) in keys and len(traf_title.split()) >= 3:
        return keys[_key(traf_title)], "page heading = trafilatura title"
    for text, el in candidates:
        if len(text.split()) >= 3 and _key(text) not in {_key(s) for s in _TITLE_SEP.split(page_title)[1:]}:
            return text, f"first heading ({_describe(el)})"
    if og:
        return og, "og:title"
    if traf_title:
        return traf_title, "trafilatura title"
    if first_segment:
        return first_segment, "<title>"
    return None, ""


def _structured_dates(tree, body) -> tuple[FoundDate | None, str, FoundDate | None, str]:
    date = modified = None
    date_src = modified_src = ""
    times = [t for t in body.iter("time") if t.get("datetime") and not _inside_furniture(t)]
    for t in sorted(
        times,
        key=lambda t: (
            0
            if re.search(
                r"publish|entry-date|datePublished|created", _classes(t) + " " + (t.get("itemprop") or ""), re.I
            )
            else 1
        ),
    ):
        found = parse_date(t.get("datetime"))
        if not found:
            continue
        value, name, _ = found
        if _MODIFIED_CLASS.search(_classes(t)) or (t.get("itemprop") or "") == "dateModified":
            if modified is None:
                modified, modified_src = (
                    FoundDate(value, "ISO 8601", t.get("datetime"), "modified"),
                    "<time datetime> (updated)",
                )
        elif date is None:
            date, date_src = FoundDate(value, "ISO 8601", t.get("datetime"), "published"), "<time datetime>"
    metas = (
        ("article:published_time", False),
        ("datePublished", False),
        ("dc.date", False),
        ("dc:date", False),
        ("DC.date.issued", False),
        ("pubdate", False),
        ("article:modified_time", True),
        ("dateModified", True),
    )
    for name, is_modified in metas:
        values = tree.xpath(f"//*[@property='{name}' or @name='{name}' or @itemprop='{name}'][@content]/@content")
        found = parse_date(values[0]) if values else None
        if not found:
            continue
        value = FoundDate(found[0], "ISO 8601", values[0], "modified" if is_modified else "published")
        if is_modified and modified is None:
            modified, modified_src = value, f"meta {name}"
        elif not is_modified and date is None:
            date, date_src = value, f"meta {name}"
    return date, date_src, modified, modified_src


def _element_dates(body) -> tuple[FoundDate | None, str, FoundDate | None, str]:
    """Dates in short elements whose class says they hold a date ("itemDateCreated", "news_date", "submitted")."""
    date = modified = None
    date_src = modified_src = ""
    for el in body.iter():
        if not isinstance(el.tag, str) or _inside_furniture(el):
            continue
        cls = _classes(el)
        if not (_DATE_CLASS.search(cls) or _MODIFIED_CLASS.search(cls)):
            continue
        text = _norm(el.text_content())
        if not text or len(text) > 120 or classify(text) == "name-day header":
            continue
        for found in dates_in_parts(text) or ([date_line(text)] if date_line(text) else []):
            is_modified = found.label == "modified" or (not found.label and bool(_MODIFIED_CLASS.search(cls)))
            if is_modified and modified is None:
                modified, modified_src = found, f"date element ({_describe(el)})"
            elif not is_modified and date is None:
                date, date_src = found, f"date element ({_describe(el)})"
    return date, date_src, modified, modified_src


def read_html(html: str) -> HtmlPage:
    page = HtmlPage()
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return page
    _clean(tree)
    body = tree.find("body") if tree.find("body") is not None else tree
    main_text, traf_title, _traf_date = _trafilatura(tree)
    page.title, page.title_source = _title(tree, body, traf_title)
    page.page_lines = [line for para in paragraphs_of(body) for line in para]

    page.date, page.date_source, page.modified, page.modified_source = _structured_dates(tree, body)
    if page.date is None or page.modified is None:
        d, ds, m, ms = _element_dates(body)
        if page.date is None and d is not None:
            page.date, page.date_source = d, ds
        if page.modified is None and m is not None:
            page.modified, page.modified_source = m, ms

    container = _container(body, main_text)
    if container is None:
        for xpath in ("//*[@itemprop='articleBody']", "//article", "//main", "//*[contains(@class,'content')]"):
            found = [el for el in tree.xpath(xpath) if not _inside_furniture(el)]
            if found:
                container = found[0]
                break
    container = container if container is not None else body
    page.container = _describe(container)
    for el in list(container.iter()):
        if el is not container and isinstance(el.tag, str) and _is_furniture(el) and el.getparent() is not None:
            el.drop_tree()
    page.paragraphs = paragraphs_of(container)
    return page


def htmldate_fallback(html: str) -> str | None:
    """The publication date htmldate finds (original date, extensive search), as YYYY-MM-DD, or None."""
    from htmldate import find_date

    try:
        tree = lxml.html.document_fromstring(html)
        return find_date(tree, extensive_search=True, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001  htmldate gives up on some pages; the import then reports "no date"
        return None
