"""Atom and RSS 2.0 feeds checked against their specifications, by validators this project did not write.

Atom: the RELAX NG schema of RFC 4287 Appendix B (schemas/atom.rng, run by libxml2 through
lxml) and the RFC's own Schematron rules embedded in that schema (run by lxml's ISO
Schematron). The schema leaves some of the RFC's MUSTs unsaid; :func:`atom_problems` adds
those that a feed of ours could break: dates with a time-zone offset (RFC 3339), absolute
ids, one alternate link per type and language, and ids used once.

RSS 2.0 has no official schema: :func:`rss_problems` checks the specification's rules (the
three required channel elements, a title or description in every item, guid isPermaLink
semantics, RFC 822 dates, an author given as an e-mail address) and that every item's
description is balanced HTML.

Both also need feedparser to read the feed without complaint (``bozo`` unset).
Every problem is a (line, message) pair; the line is 0 when it is not known.
"""

from __future__ import annotations

import email.utils
import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from lxml import etree, isoschematron

ATOM_NS = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM_NS}}}"
SCHEMA = Path(__file__).with_name("schemas") / "atom.rng"
OLD_SCHEMATRON = "http://www.ascc.net/xml/schematron"
ISO_SCHEMATRON = "http://purl.oclc.org/dsdl/schematron"
SVRL = "http://purl.oclc.org/dsdl/svrl"

# RFC 3339's date-time with the uppercase "T" and "Z" RFC 4287 (3.3) asks for
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

Problem = tuple[int, str]


@functools.cache
def _schema_tree() -> etree._ElementTree:
    return etree.parse(str(SCHEMA))


@functools.cache
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(_schema_tree())


@functools.cache
def atom_rules() -> isoschematron.Schematron:
    """The Schematron rules annotated in RFC 4287's schema (Schematron 1.5), as an ISO Schematron
    schema with one pattern per rule, so that every rule is tried on every node it names."""
    schema = etree.Element(f"{{{ISO_SCHEMATRON}}}schema", nsmap={"sch": ISO_SCHEMATRON})
    etree.SubElement(schema, f"{{{ISO_SCHEMATRON}}}ns", prefix="atom", uri=ATOM_NS)
    rules = list(_schema_tree().iter(f"{{{OLD_SCHEMATRON}}}rule"))
    if not rules:
        raise RuntimeError(f"{SCHEMA} holds no Schematron rules")
    for rule in rules:
        iso_rule = etree.SubElement(
            etree.SubElement(schema, f"{{{ISO_SCHEMATRON}}}pattern"),
            f"{{{ISO_SCHEMATRON}}}rule",
            context=rule.get("context", ""),
        )
        for test in rule.iter(f"{{{OLD_SCHEMATRON}}}assert"):
            etree.SubElement(iso_rule, f"{{{ISO_SCHEMATRON}}}assert", test=test.get("test", "")).text = test.text
    return isoschematron.Schematron(schema, store_report=True)


def _parse(data: bytes) -> tuple[etree._Element | None, list[Problem]]:
    try:
        # no entities from outside and no network: a feed is read as it is
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        return etree.fromstring(data, parser), []
    except etree.XMLSyntaxError as exc:
        return None, [(exc.lineno or 0, f"does not parse as XML: {exc.msg}")]


def _feedparser_problems(data: bytes, version: str) -> list[Problem]:
    parsed = feedparser.parse(data)
    problems: list[Problem] = []
    if parsed.bozo:
        problems.append((0, f"feedparser: {parsed.get('bozo_exception')}"))
    if parsed.get("version") != version:
        problems.append((0, f"feedparser reads it as {parsed.get('version')!r}, not {version!r}"))
    return problems


def atom_problems(data: bytes) -> list[Problem]:
    """What RFC 4287 forbids in an Atom feed document (empty: nothing)."""
    root, problems = _parse(data)
    return problems if root is None else _atom(root, data)


def _atom(root: etree._Element, data: bytes) -> list[Problem]:
    problems: list[Problem] = []
    if root.tag != f"{A}feed":
        return [(root.sourceline or 0, f"the root element is {root.tag}, not atom:feed")]
    schema = atom_schema()
    if not schema.validate(root):
        problems += [(e.line or 0, f"RFC 4287 schema: {e.message}") for e in schema.error_log]
    rules = atom_rules()
    if not rules.validate(root):
        report = rules.validation_report
        for failed in report.iter(f"{{{SVRL}}}failed-assert"):
            problems.append(
                (
                    0,
                    f"RFC 4287 rule: {' '.join((failed.findtext(f'{{{SVRL}}}text') or '').split())} "
                    f"(at {_short(failed.get('location', ''))})",
                )
            )
    for element in [*root.iter(f"{A}updated"), *root.iter(f"{A}published")]:
        if not RFC3339.match((element.text or "").strip()):
            problems.append(
                (
                    element.sourceline or 0,
                    f"atom:{etree.QName(element).localname} {element.text!r} "
                    "is not an RFC 3339 date-time with a time-zone offset",
                )
            )
    for element in root.iter(f"{A}id"):
        if not SCHEME.match((element.text or "").strip()):
            problems.append((element.sourceline or 0, f"atom:id {element.text!r} is not an absolute IRI"))
    for parent in (root, *root.findall(f"{A}entry")):
        seen: set[tuple[str | None, str | None]] = set()
        for link in parent.findall(f"{A}link"):
            if link.get("rel", "alternate") == "alternate":
                key = (link.get("type"), link.get("hreflang"))
                if key in seen:
                    problems.append((link.sourceline or 0, "two alternate links with the same type and hreflang"))
                seen.add(key)
    ids: dict[str, int] = {}
    for entry in root.findall(f"{A}entry"):
        value = (entry.findtext(f"{A}id") or "").strip()
        if value in ids:
            problems.append(
                (entry.sourceline or 0, f"the entry id {value!r} is used again (first on line {ids[value]})")
            )
        ids.setdefault(value, entry.sourceline or 0)
    return problems + _feedparser_problems(data, "atom10")


def _short(location: str) -> str:
    """An SVRL location as a short path: /feed/entry[3]."""
    return re.sub(r"\*\[local-name\(\)='([^']+)' and namespace-uri\(\)='[^']*'\]", r"\1", location)


class _Balance(HTMLParser):
    """Start and end tags of an HTML fragment, which must pair up (void elements stand alone)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID:
            self.errors.append(f"<{tag}/> is not a void element")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"</{tag}> closes a void element")
        elif self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.errors.append(
                f"</{tag}> does not close the open <{self.open[-1]}>" if self.open else f"</{tag}> closes nothing"
            )


def html_problems(fragment: str) -> list[str]:
    """Tags of ``fragment`` that do not pair up (empty: a well-formed fragment)."""
    checker = _Balance()
    checker.feed(fragment)
    checker.close()
    return checker.errors + [f"<{tag}> is never closed" for tag in checker.open]


def _rfc822(value: str) -> bool:
    try:
        return email.utils.parsedate_to_datetime(value).tzinfo is not None
    except (TypeError, ValueError, IndexError):
        return False


def rss_problems(data: bytes) -> list[Problem]:
    """What the RSS 2.0 specification requires of a feed that it lacks (empty: nothing)."""
    root, problems = _parse(data)
    return problems if root is None else _rss(root, data)


def _rss(root: etree._Element, data: bytes) -> list[Problem]:
    problems: list[Problem] = []
    if root.tag != "rss" or root.get("version") != "2.0":
        return [(root.sourceline or 0, 'the root element is not <rss version="2.0">')]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [(root.sourceline or 0, f"{len(channels)} <channel> elements, not one")]
    channel = channels[0]
    for name in ("title", "link", "description"):
        found = channel.findall(name)
        if len(found) != 1 or not (found[0].text or "").strip():
            problems.append((channel.sourceline or 0, f"the channel needs one non-empty <{name}>, it has {len(found)}"))
    for name in ("pubDate", "lastBuildDate"):
        for element in channel.findall(name):
            if not _rfc822(element.text or ""):
                problems.append(
                    (element.sourceline or 0, f"<{name}> {element.text!r} is not an RFC 822 date with a zone")
                )
    for item in channel.findall("item"):
        title, description = item.findtext("title"), item.findtext("description")
        if not (title or "").strip() and not (description or "").strip():
            problems.append((item.sourceline or 0, "an item with neither title nor description"))
        for element in item.findall("pubDate"):
            if not _rfc822(element.text or ""):
                problems.append(
                    (element.sourceline or 0, f"<pubDate> {element.text!r} is not an RFC 822 date with a zone")
                )
        for author in item.findall("author"):
            if "@" not in (author.text or ""):
                problems.append(
                    (
                        author.sourceline or 0,
                        f"<author> {author.text!r} is not an e-mail address (RSS 2.0; a name goes in dc:creator)",
                    )
                )
        for guid in item.findall("guid"):
            permalink = guid.get("isPermaLink", "true")
            if permalink not in ("true", "false"):
                problems.append((guid.sourceline or 0, f'isPermaLink="{permalink}" is neither "true" nor "false"'))
            elif permalink == "true" and urlsplit((guid.text or "").strip()).scheme not in ("http", "https"):
                problems.append(
                    (
                        guid.sourceline or 0,
                        f"the guid {guid.text!r} is a permalink (isPermaLink is true "
                        "unless set to false) but not a web address",
                    )
                )
        if description:
            problems += [
                (item.sourceline or 0, f"the description's HTML: {error}") for error in html_problems(description)
            ]
    return problems + _feedparser_problems(data, "rss20")


def feed_problems(data: bytes) -> list[Problem]:
    """The problems of an Atom or RSS 2.0 feed, chosen by its root element."""
    root, problems = _parse(data)
    if root is None:
        return problems
    if root.tag == f"{A}feed":
        return _atom(root, data)
    if root.tag == "rss":
        return _rss(root, data)
    return [(root.sourceline or 0, f"neither an Atom nor an RSS feed: the root element is {root.tag}")]
