"""The rules for SVG files under content/ (pure: bytes in, problems out).

An SVG is a document that can carry script: opened directly (from a feed, a
download, a search result) it runs without the page's Content Security
Policy. So every SVG the site publishes is parsed (safely: no network, no
DTD, no entity expansion) and refused when it contains

* a DOCTYPE that declares entities (``<!ENTITY``, e.g. "billion laughs");
* the elements ``script``, ``foreignObject``, ``iframe``, ``embed``,
  ``object``, ``handler``, ``listener`` or anything in the XInclude namespace;
* an ``on…`` attribute (an event handler);
* ``href`` / ``xlink:href`` that is not a reference inside the file
  (``#id``); a picture embedded as ``data:image/png``, ``jpeg``, ``gif`` or
  ``webp`` on an ``<image>`` is allowed;
* an animation (``set``, ``animate``) that changes an ``href``;
* CSS (a ``<style>`` element or a ``style`` attribute) or a presentation
  attribute with ``url(…)`` other than ``url(#id)``, ``@import``,
  ``javascript:`` or ``expression(``;
* an ``<?xml-stylesheet?>`` instruction.
"""

from __future__ import annotations

import re

from lxml import etree

HINT = (
    "export it again as plain SVG without scripts, links or embedded content "
    "(in Inkscape: Save As → Optimized SVG or Plain SVG), or use a PNG"
)

XINCLUDE = "http://www.w3.org/2001/XInclude"
FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"})
ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform", "animatecolor"})
RASTER_DATA = re.compile(r"^data:image/(?:png|jpeg|gif|webp)(?:;base64)?,", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*([^)'\"]*)", re.IGNORECASE)
_CSS_DANGER = re.compile(r"@import|javascript:|expression\s*\(|behavior\s*:|-moz-binding", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1] if isinstance(name, str) else ""


def _css_problem(css: str) -> str | None:
    compact = re.sub(r"\\|/\*.*?\*/", "", css, flags=re.DOTALL)  # CSS escapes and comments hide words
    danger = _CSS_DANGER.search(compact)
    if danger:
        return f"CSS with '{danger.group(0)}'"
    for match in _CSS_URL.finditer(compact):
        if not match.group(2).strip().startswith("#"):
            return f"CSS loading 'url({match.group(2).strip()})' from outside the file"
    return None


def svg_problems(data: bytes) -> list[str]:
    """Why the SVG ``data`` may not be published (empty when it may)."""
    if b"<!ENTITY" in data or "<!ENTITY".encode("utf-16-le") in data or "<!ENTITY".encode("utf-16-be") in data:
        return ["it declares XML entities in a DOCTYPE (<!ENTITY ...>), which can expand without end"]
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        return [f"it is not a well-formed SVG file ({exc.msg})"]
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        return ["it declares XML entities in a DOCTYPE (<!ENTITY ...>), which can expand without end"]
    problems: list[str] = []
    if _local(root.tag).lower() != "svg":
        problems.append(f"its root element is <{_local(root.tag)}>, not <svg>")
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target.lower() == "xml-stylesheet":
            problems.append("it loads a stylesheet (<?xml-stylesheet ...?>)")
    for el in root.iter():
        if isinstance(el, etree._ProcessingInstruction):
            if el.target.lower() == "xml-stylesheet":
                problems.append("it loads a stylesheet (<?xml-stylesheet ...?>)")
            continue
        if isinstance(el, etree._Entity):
            problems.append(f"it uses the entity &{el.name};")
            continue
        if not isinstance(el.tag, str):
            continue
        tag = _local(el.tag)
        lower = tag.lower()
        if lower in FORBIDDEN_ELEMENTS or el.tag.startswith("{" + XINCLUDE + "}"):
            problems.append(f"it contains a <{tag}> element")
        if lower == "style":
            why = _css_problem("".join(el.itertext()))
            if why:
                problems.append(f"its <style> has {why}")
        if lower in ANIMATIONS and el.get("attributeName", "").rsplit(":", 1)[-1].strip().lower() == "href":
            problems.append(f"its <{tag}> animation changes a link")
        for name, value in el.attrib.items():
            attr = _local(name).lower()
            if attr.startswith("on"):
                problems.append(f"<{tag}> has the event handler '{_local(name)}'")
            elif attr == "href":
                target = value.strip()
                if not (target.startswith("#") or (lower == "image" and RASTER_DATA.match(target))):
                    shown = target if len(target) <= 60 else target[:57] + "..."
                    problems.append(f"<{tag}> links to '{shown}' outside the file")
            elif "url(" in value.lower() or attr == "style":
                why = _css_problem(value)
                if why:
                    problems.append(f"<{tag}> {_local(name)}= has {why}")
    return list(dict.fromkeys(problems))
