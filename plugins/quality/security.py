"""Active content and injection that survived the build, file by file.

The build sanitises contributors' input; this check is the independent net
over the finished output folder. It reports (rule "security"):

* HTML pages: scripts other than the site's own, ``on*`` handlers, ``style``
  attributes and elements, URLs with a scheme ``unsafe_url`` refuses, frames,
  plug-ins, ``<base>``, forms that are not the theme's search forms, and
  ``<meta http-equiv=refresh>`` to a refused scheme;
* SVG and other XML files: scripts, ``foreignObject``, handlers, external
  references, entity declarations; feeds also get the HTML rules applied to
  the HTML they carry (Atom text constructs of type html or xhtml, RSS
  descriptions), and their links checked. An RSS title is plain text by the
  specification, but some readers guess it is HTML: active markup there is
  a warning;
* JSON (files and JSON-LD blocks): ``NaN``/``Infinity`` and URL fields with
  a refused scheme; CSV: cells a spreadsheet would run as a formula;
  iCalendar: line endings other than CRLF, refused URL schemes (long
  unfolded lines are a warning);
* anywhere: symbolic links (never followed), special files, files that lead
  outside the output folder and names with control characters.

"The site's own" is what the theme emits: scripts loaded from the theme's
static folder on this site, JSON-LD blocks that are strict JSON, the search
forms outside the article body, and ``webcal:`` links to this site.
Editors' markup lives inside ``class="prose"`` containers; nothing active is
allowed there.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from contentmodel.safety import CSV_FORMULA_STARTS, control_characters, inside, unsafe_url, url_scheme

from .report import CheckReport
from .site_files import Page, site_path

RULE = "security"

# Attributes that hold one URL (srcset-like and ping hold several; see _urls_of).
URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "cite",
    "background",
    "longdesc",
    "manifest",
    "codebase",
    "archive",
    "profile",
    "icon",
    "lowsrc",
    "dynsrc",
    "xml:base",
)
LIST_ATTRIBUTES = ("srcset", "imagesrcset", "ping")
# Elements that embed another document or plug-in, or change how every URL on the page resolves.
EMBEDDING = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe"})
# Editors' content: the theme wraps it in <div class="prose ...">.
BODY_CLASSES = frozenset({"prose", "e-content"})
# Elements reported even without attributes (any others only matter through their attributes).
_SPECIAL = EMBEDDING | {"script", "style", "form", "foreignobject"}
# SVG animation can set an attribute (href) to a value: the value is a URL too.
ANIMATION = frozenset({"set", "animate"})
# <meta http-equiv=refresh content="5; url='...'">: delay, then ";" or ",", then an optional url=, then the URL.
_REFRESH = re.compile(r"^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(['\"]?)(.*?)\1?\s*$", re.IGNORECASE | re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^)'\"]*)\1\s*\)|@import", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_ICS_LINE_END = re.compile(rb"\r\n|\r|\n")
# iCalendar properties whose value is a URI (RFC 5545, RFC 7986).
ICS_URI_PROPERTIES = frozenset({"URL", "ATTACH", "TZURL", "SOURCE", "IMAGE", "CONFERENCE"})
# JSON keys whose string values are addresses; also any key ending in url/uri/href/link.
JSON_URL_KEYS = frozenset(
    {
        "url",
        "href",
        "link",
        "links",
        "src",
        "image",
        "images",
        "logo",
        "icon",
        "ical",
        "source",
        "website",
        "translations",
        "sameas",
        "contenturl",
        "embedurl",
        "thumbnail",
        "license",
        "mainentityofpage",
        "item",
        "@context",
        "feed",
        "calendar",
        "photo",
    }
)
_JSON_URL_SUFFIXES = ("url", "uri", "href", "link", "_url")
ATOM = "http://www.w3.org/2005/Atom"
# Atom text constructs are HTML when their type says so; RSS descriptions (and content:encoded) always are.
ATOM_TEXT = frozenset({"content", "summary", "title", "subtitle", "rights"})
RSS_HTML = frozenset({"description", "encoded"})
# An RSS title is plain text by the specification, but some readers guess it is HTML: markup there is a warning.
RSS_MAYBE_HTML = frozenset({"title"})
FEED_URL_TEXT = frozenset({"link", "loc", "uri", "icon", "logo", "comments", "docs", "url"})
FEED_URL_ATTRIBUTES = (
    "href",
    "src",
    "url",
    "uri",
    "{http://www.w3.org/XML/1998/namespace}base",
    "{http://www.w3.org/1999/xlink}href",
)


def check_security(
    root: Path,
    report: CheckReport,
    *,
    site_urls: tuple[str, ...] = (),
    theme_static: str = "theme",
    pages: dict[str, Page] | None = None,
) -> None:
    """Report every file under ``root`` that carries active content or an injection."""
    checker = _Checker(root, report, site_urls, theme_static.strip("/"))
    checker.run(pages or {})


class _Checker:
    def __init__(self, root: Path, report: CheckReport, site_urls: tuple[str, ...], theme_static: str):
        self.root, self.report, self.site_urls, self.theme_static = root, report, site_urls, theme_static
        self.counts = {"files": 0, "html": 0, "xml": 0, "json": 0, "csv": 0, "ics": 0}
        self.warn_only = False

    def add(self, rel: str, message: str, line: int | None = None) -> None:
        (self.report.warn if self.warn_only else self.report.add)(RULE, rel, message, line)

    # -- the walk over every file -------------------------------------------------------------
    def run(self, pages: dict[str, Page]) -> None:
        handlers = {
            ".html": self.html_file,
            ".htm": self.html_file,
            ".xhtml": self.xml_file,
            ".svg": self.xml_file,
            ".xml": self.xml_file,
            ".xsl": self.xml_file,
            ".xslt": self.xml_file,
            ".rss": self.xml_file,
            ".atom": self.xml_file,
            ".json": self.json_file,
            ".jsonld": self.json_file,
            ".webmanifest": self.json_file,
            ".csv": self.csv_file,
            ".ics": self.ics_file,
        }
        for path, rel in self._entries():
            handler = handlers.get(path.suffix.lower())
            if handler is None:
                continue
            try:
                if handler is self.html_file:
                    page = pages.get(rel)
                    self.html_file(path, rel, page.tree if page else None)
                else:
                    handler(path, rel)
            except (OSError, UnicodeDecodeError) as exc:
                self.add(rel, f"cannot be read: {exc}")
        self.report.checked.update({f"security ({k})": v for k, v in self.counts.items()})

    def _entries(self) -> Iterator[tuple[Path, str]]:
        """Regular files to read, after reporting links, special files and names with control characters."""
        root = self.root

        def unreadable(error: OSError) -> None:
            where = Path(error.filename).relative_to(root).as_posix() if error.filename else "."
            self.add(_printable(where), f"cannot be read: {error.strerror}")

        for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=False):
            dirs.sort()
            for name in sorted(dirs) + sorted(names):
                path = Path(folder, name)
                rel = _printable(path.relative_to(root).as_posix())
                bad = control_characters(name)
                if bad:
                    self.add(rel, f"the file name contains control characters ({', '.join(bad)})")
                try:
                    mode = os.lstat(path).st_mode
                except OSError as exc:
                    self.add(rel, f"cannot be read: {exc}")
                    continue
                if stat.S_ISLNK(mode):
                    target = os.readlink(path)
                    where = "outside the output folder" if not inside(root, path) else "inside the output folder"
                    self.add(rel, f"a symbolic link (to {_printable(target)!r}, {where}); it is not followed")
                    continue
                if name in dirs:
                    continue
                self.counts["files"] += 1
                if not stat.S_ISREG(mode):
                    self.add(rel, "not a regular file (a pipe, socket or device)")
                    continue
                if not inside(root, path):
                    self.add(rel, "the file's resolved path leads outside the output folder")
                    continue
                yield path, rel

    # -- HTML ---------------------------------------------------------------------------------
    def html_file(self, path: Path, rel: str, tree: LexborHTMLParser | None = None) -> None:
        self.counts["html"] += 1
        if tree is None:
            tree = LexborHTMLParser(path.read_text("utf-8"))
        self.html_tree(tree.root, rel, page=True)

    def html_tree(self, top, rel: str, *, page: bool, where: str = "", in_body: bool = False) -> None:
        """Apply the HTML rules to ``top`` and everything below it; ``page`` False for markup carried in a
        feed or calendar, where everything counts as editors' content and nothing is the theme's own."""
        in_body = in_body or not page
        body = set()
        if page and not in_body:
            for container in top.css(", ".join(f".{name}" for name in sorted(BODY_CLASSES))):
                body.update(node.mem_id for node in container.css("*"))
        blocks = 0
        for node in top.css("*"):
            tag = (node.tag or "").lower()
            attrs = {k.lower(): v for k, v in node.attributes.items()}
            node_in_body = in_body or node.mem_id in body
            if tag == "script" and (attrs.get("type") or "").strip().lower() == "application/ld+json":
                blocks += 1
            self._element(tag, attrs, node, rel, in_body=node_in_body, page=page, where=where, block=blocks)
            if tag == "template":  # its content is a separate fragment the selector does not see
                for fragment in node.template_fragments():
                    if fragment is not None:
                        for child in fragment.iter(include_text=False):
                            self.html_tree(child, rel, page=page, where=where, in_body=node_in_body)

    def _element(
        self, tag: str, attrs: dict, node, rel: str, *, in_body: bool, page: bool, where: str, block: int
    ) -> None:
        if not attrs and tag not in _SPECIAL:
            return
        region = where or (" in the article body" if in_body else "")
        shown = _describe(tag, attrs)
        if tag == "script":
            self._script(attrs, node, rel, in_body=in_body, page=page, region=region, block=block)
        elif tag == "style":
            self.add(rel, f"a <style> element{region}; the theme's styles are in its stylesheet")
        elif tag in EMBEDDING:
            self.add(rel, f"{shown}{region}: embedded documents, plug-ins and <base> are not allowed")
        elif tag == "form":
            action = attrs.get("action") or ""
            if in_body or not page:
                self.add(rel, f"{shown}{region}: a form in the content")
            elif action and site_path(action, self.site_urls, rel) is None:
                self.add(rel, f"{shown}: the form sends to another site")
        elif tag == "meta" and (attrs.get("http-equiv") or "").strip().lower() == "refresh":
            target = _refresh_target(attrs.get("content") or "")
            if target:
                self._url(rel, target, f"{shown}{region}")
            if in_body or not page:
                self.add(rel, f"{shown}{region}: a redirect in the content")
        elif tag == "foreignobject":
            self.add(rel, f"<foreignObject>{region}: HTML inside SVG is not allowed")
        for name in attrs:
            if name.startswith("on"):
                self.add(rel, f"{shown}{region}: an event handler attribute ({name}) runs script")
            elif name == "style":
                self.add(rel, f"{shown}{region}: a style attribute (the theme sets none)")
        for name, url in _urls_of(attrs):
            self._url(rel, url, f"{shown}{region}", attr=name)
        if tag in ANIMATION and (attrs.get("attributename") or "").lower() in ("href", "xlink:href"):
            for name in ("to", "from", "values", "by"):
                for value in (attrs.get(name) or "").split(";"):
                    if value.strip():
                        self._url(rel, value.strip(), f"{shown}{region}", attr=name)

    def _script(self, attrs: dict, node, rel: str, *, in_body: bool, page: bool, region: str, block: int) -> None:
        kind = (attrs.get("type") or "").strip().lower()
        text = node.text(deep=True) or ""
        if kind == "application/ld+json":
            if in_body or not page:
                self.add(rel, f"a JSON-LD block{region}: only the theme writes structured data")
                return
            try:
                data = _strict_json(text)
            except ValueError as exc:
                self.add(rel, f"JSON-LD block {block} is not strict JSON: {exc}")
                return
            for where, url in _json_urls(data):
                self._url(rel, url, f"JSON-LD block {block} {where}")
            return
        src = attrs.get("src")
        if src is None:
            self.add(rel, f"an inline <script>{region}: {_snippet(text)!r}")
            return
        target = site_path(src, self.site_urls, rel) if page and not in_body else None
        if target is None or not target[0].startswith(self.theme_static + "/") or text.strip():
            self.add(
                rel,
                f"{_describe('script', attrs)}{region}: not one of the theme's own scripts "
                f"(those load from {self.theme_static}/ on this site)",
            )

    def _url(self, rel: str, url: str, shown: str, *, attr: str = "", line: int | None = None) -> None:
        why = unsafe_url(url)
        if why is None:
            return
        if url_scheme(url) == "webcal" and site_path(url.strip(), self.site_urls, rel) is not None:
            return  # subscribing to this site's own calendars
        label = f"{attr}={_snippet(url)!r}" if attr else repr(_snippet(url))
        self.add(rel, f"{shown}: {label}: {why}", line)

    # -- XML: SVG, feeds, sitemaps, XSL ---------------------------------------------------------
    def xml_file(self, path: Path, rel: str) -> None:
        self.counts["xml"] += 1
        data = path.read_bytes()
        is_svg = path.suffix.lower() == ".svg"
        if re.search(rb"<!ENTITY", data, re.IGNORECASE):
            self.add(rel, "declares XML entities (<!ENTITY>): entity expansion is not allowed")
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
        )
        try:
            tree = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            self.add(rel, f"does not parse as XML: {exc}")
            return
        is_svg = is_svg or etree.QName(tree).namespace == "http://www.w3.org/2000/svg"
        for pi in _processing_instructions(tree):
            if pi.target == "xml-stylesheet":
                href = pi.get("href") or ""
                self._url(rel, href, "<?xml-stylesheet?>", attr="href", line=pi.sourceline)
                if is_svg or (href and site_path(href, self.site_urls, rel) is None):
                    self.add(rel, f"<?xml-stylesheet href={href!r}?>: a style sheet from another site", pi.sourceline)
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            self._xml_element(el, rel, is_svg)

    def _xml_element(self, el, rel: str, is_svg: bool) -> None:
        qname = etree.QName(el)
        name, line = qname.localname.lower(), el.sourceline
        if name == "script":
            self.add(rel, f"a <{qname.localname}> element", line)
        elif name == "foreignobject":
            self.add(rel, "a <foreignObject> element (HTML inside SVG)", line)
        elif name in ("iframe", "object", "embed", "base") and qname.namespace == "http://www.w3.org/1999/xhtml":
            self.add(rel, f"an XHTML <{name}> element", line)
        for attr, value in el.attrib.items():
            local = etree.QName(attr).localname.lower()
            if local.startswith("on"):
                self.add(rel, f"<{qname.localname} {local}=...>: an event handler attribute runs script", line)
            elif is_svg and local == "href" and not value.strip().startswith("#"):
                self.add(rel, f"<{qname.localname} href={_snippet(value)!r}>: a reference outside the file", line)
        if is_svg:
            css = (el.get("style") or "") + (el.text or "" if name == "style" else "")
            for match in _CSS_URL.finditer(css):
                if match.group(0).lower() == "@import" or not match.group(2).strip().startswith("#"):
                    self.add(rel, f"<{qname.localname}>: a style that loads {_snippet(match.group(0))!r}", line)
            if name in ANIMATION and (el.get("attributeName") or "").lower() in ("href", "xlink:href"):
                self.add(rel, f"<{qname.localname} attributeName={el.get('attributeName')}>: animates a link", line)
            return
        # feeds and sitemaps: links, and the HTML they carry
        for attr in FEED_URL_ATTRIBUTES:
            value = el.get(attr)
            if value is not None:
                self._url(rel, value, f"<{qname.localname}>", attr=etree.QName(attr).localname, line=line)
        text = (el.text or "").strip()
        if name in FEED_URL_TEXT and text and len(el) == 0:
            self._url(rel, text, f"<{qname.localname}>", line=line)
        elif name == "guid" and text and el.get("isPermaLink", "true") != "false":
            self._url(rel, text, "<guid>", line=line)
        markup, warn_only = None, False
        if qname.namespace == ATOM and name in ATOM_TEXT:
            kind = (el.get("type") or "text").lower()
            if kind == "xhtml":
                markup = "".join(etree.tostring(child, encoding="unicode") for child in el)
            elif kind in ("html", "text/html"):
                markup = el.text
        elif qname.namespace != ATOM and name in RSS_HTML | RSS_MAYBE_HTML and "<" in (el.text or ""):
            markup, warn_only = el.text, name in RSS_MAYBE_HTML
        if markup:
            self.warn_only = warn_only
            try:
                self.html_tree(
                    LexborHTMLParser(markup).root, rel, page=False, where=f" in <{qname.localname}> (line {line})"
                )
            finally:
                self.warn_only = False

    # -- JSON ---------------------------------------------------------------------------------
    def json_file(self, path: Path, rel: str) -> None:
        self.counts["json"] += 1
        try:
            data = _strict_json(path.read_text("utf-8"))
        except ValueError as exc:
            self.add(rel, f"not strict JSON: {exc}")
            return
        except RecursionError:
            self.add(rel, "nested too deeply to read")
            return
        for where, url in _json_urls(data):
            self._url(rel, url, where)

    # -- CSV ----------------------------------------------------------------------------------
    def csv_file(self, path: Path, rel: str) -> None:
        self.counts["csv"] += 1
        text = path.read_text("utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""))
        header: list[str] = []
        try:
            for row in reader:
                if not header:
                    header = row
                for index, cell in enumerate(row):
                    if cell and cell.startswith(CSV_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
                        column = header[index] if index < len(header) and header is not row else f"column {index + 1}"
                        self.add(
                            rel,
                            f"the cell {_snippet(cell)!r} ({column}) would run as a spreadsheet formula",
                            reader.line_num,
                        )
        except csv.Error as exc:
            self.add(rel, f"does not parse as CSV: {exc}", reader.line_num)

    # -- iCalendar ----------------------------------------------------------------------------
    def ics_file(self, path: Path, rel: str) -> None:
        self.counts["ics"] += 1
        data = path.read_bytes()
        lines, bad_ends, long_lines = [], [], []
        start = 0
        for number, match in enumerate(_ICS_LINE_END.finditer(data), start=1):
            line = data[start : match.start()]
            lines.append(line)
            if match.group(0) != b"\r\n":
                bad_ends.append((number, "a lone CR" if match.group(0) == b"\r" else "a lone LF"))
            if len(line) > 75:
                long_lines.append(number)
            start = match.end()
        if start < len(data):
            lines.append(data[start:])
            if len(data) - start > 75:
                long_lines.append(len(lines))
            self.add(rel, "the last line does not end in CRLF", len(lines))
        for number, what in bad_ends[:5]:
            self.add(
                rel, f"{what} inside a content line (iCalendar lines end in CRLF; a value cannot break a line)", number
            )
        if len(bad_ends) > 5:
            self.add(rel, f"... and {len(bad_ends) - 5} more lines that do not end in CRLF")
        if long_lines:
            self.report.warn(RULE, rel, f"{len(long_lines)} line(s) over 75 octets not folded", long_lines[0])
        for number, name, params, value in _ics_properties(lines):
            if name in ICS_URI_PROPERTIES and "VALUE=BINARY" not in params.upper():
                self._url(rel, value, name, line=number)
            elif name == "X-ALT-DESC" and "TEXT/HTML" in params.upper():
                markup = re.sub(r"\\([\\;,])", r"\1", value).replace("\\n", "\n").replace("\\N", "\n")
                self.html_tree(LexborHTMLParser(markup).root, rel, page=False, where=f" in X-ALT-DESC (line {number})")


# -- helpers ------------------------------------------------------------------------------------
def _urls_of(attrs: dict) -> Iterator[tuple[str, str]]:
    for name in URL_ATTRIBUTES:
        value = attrs.get(name)
        if value:
            yield name, value
    for name in LIST_ATTRIBUTES:
        value = attrs.get(name)
        if not value:
            continue
        if name == "ping":
            yield from ((name, item) for item in value.split())
        else:
            for candidate in value.split(","):
                if candidate.strip():
                    yield name, candidate.strip().split()[0]


def _refresh_target(content: str) -> str:
    match = _REFRESH.match(content)
    return match.group(2).strip() if match else ""


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON (a literal only JavaScript accepts)")


def _strict_json(text: str):
    return json.loads(text, parse_constant=_refuse_constant)


def _json_urls(data, path: str = "$", key: str = "") -> Iterator[tuple[str, str]]:
    """(where, value) for every string under a key that holds addresses."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _json_urls(v, f"{path}.{k}", str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _json_urls(v, f"{path}[{i}]", key)
    elif isinstance(data, str):
        lowered = key.lower()
        if lowered in JSON_URL_KEYS or lowered.endswith(_JSON_URL_SUFFIXES):
            yield path, data


def _processing_instructions(tree) -> Iterator:
    node = tree.getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction):
            yield node
        node = node.getprevious()
    yield from tree.iter(etree.ProcessingInstruction)


def _ics_properties(lines: list[bytes]) -> Iterator[tuple[int, str, str, str]]:
    """(line number, NAME, parameters, value) of each unfolded content line."""
    logical: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8", "replace")
        if text[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + text[1:])
        else:
            logical.append((number, text))
    for number, text in logical:
        quoted, split = False, None
        for index, char in enumerate(text):
            if char == '"':
                quoted = not quoted
            elif char == ":" and not quoted:
                split = index
                break
        if split is None:
            continue
        head, value = text[:split], text[split + 1 :]
        name, _, params = head.partition(";")
        yield number, name.strip().upper().rsplit(".", 1)[-1], params, value


def _describe(tag: str, attrs: dict) -> str:
    shown = " ".join(f'{k}="{_snippet(v or "", 40)}"' if v is not None else k for k, v in list(attrs.items())[:4])
    return f"<{tag}{' ' + shown if shown else ''}>"


def _snippet(text: str, limit: int = 80) -> str:
    text = _printable(text)
    return text if len(text) <= limit else text[:limit] + "..."


def _printable(text: str) -> str:
    """``text`` with control characters escaped, so a report line cannot be forged or garbled."""
    if not control_characters(text):
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if control_characters(c) else c for c in text)
