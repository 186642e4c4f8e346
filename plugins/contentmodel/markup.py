"""Markdown to HTML for article bodies, with one reusable converter.

Raw HTML typed into Markdown is escaped (shown as text, never executed), so a
``<script>`` in a body is inert; ``{static}`` and ``{filename}`` links work as
in Pelican; images must have alt text; an ``#`` heading in a body is demoted
so that the page keeps one ``<h1>`` (the title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from lvlang.slugs import slugify

LINK_PLACEHOLDER = "lpr-link:"   # replaced by the final URL once every document's URL is known
_STATIC_PREFIXES = ("{static}", "{attach}")


@dataclass
class BodyFacts:
    """What a conversion learnt about the body, for validation and summaries."""

    first_paragraph: str = ""
    images_without_alt: list[str] = field(default_factory=list)
    static_refs: list[str] = field(default_factory=list)     # content-relative paths
    document_refs: list[str] = field(default_factory=list)   # {filename} targets as written
    typed_notice: str | None = None                           # wording of an official notice typed in the body


class _BodyProcessor(Treeprocessor):
    def __init__(self, md, facts_holder):
        super().__init__(md)
        self.holder = facts_holder

    def run(self, root):
        facts = self.holder.facts
        headings = [el for el in root.iter() if el.tag in ("h1", "h2", "h3", "h4", "h5")]
        if any(h.tag == "h1" for h in headings):
            for h in headings:
                h.tag = f"h{int(h.tag[1]) + 1}"
        for el in root.iter():
            if el.tag == "p" and not facts.first_paragraph:
                text = "".join(el.itertext()).strip()
                if text:
                    facts.first_paragraph = text
            if el.tag == "img":
                if not (el.get("alt") or "").strip():
                    facts.images_without_alt.append(el.get("src", ""))
                el.set("loading", "lazy")
                el.set("decoding", "async")
            for attr in ("href", "src"):
                value = el.get(attr)
                if value:
                    el.set(attr, self._rewrite(value, facts))

    @staticmethod
    def _rewrite(value: str, facts: BodyFacts) -> str:
        for prefix in _STATIC_PREFIXES:
            if value.startswith(prefix):
                path = value[len(prefix):].lstrip("/")
                facts.static_refs.append(path)
                return LINK_PLACEHOLDER + "static:" + path + "\x1f"
        if value.startswith("{filename}"):
            target = value[len("{filename}"):]
            facts.document_refs.append(target)
            return LINK_PLACEHOLDER + "doc:" + target + "\x1f"
        if value.startswith("/") and not value.startswith("//"):
            # Site-relative: works under a sub-path (GitHub Pages) too.
            if value.startswith(("/images/", "/files/")):
                facts.static_refs.append(value.lstrip("/").split("#", 1)[0])
            return LINK_PLACEHOLDER + "static:" + value.lstrip("/") + "\x1f"
        return value


class _BodyExtension(Extension):
    def __init__(self, holder):
        super().__init__()
        self.holder = holder

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_BodyProcessor(md, self.holder), "lpr_body", 1)


def _heading_id(value: str, separator: str) -> str:
    return slugify(value)


class Converter:
    """A Markdown converter reused for every body (resetting it is cheap)."""

    def __init__(self) -> None:
        self.facts = BodyFacts()
        self._md = markdown.Markdown(
            extensions=["extra", "sane_lists", "toc", _BodyExtension(self)],
            extension_configs={"toc": {"slugify": _heading_id, "permalink": False}},
            output_format="html",
        )

    def convert(self, text: str) -> tuple[str, BodyFacts]:
        self.facts = BodyFacts()
        self._md.reset()
        html = self._md.convert(text)
        return html, self.facts


_PLACEHOLDER = re.compile(re.escape(LINK_PLACEHOLDER) + "(static|doc):([^\x1f\"]*)\x1f")


def resolve_links(html: str, resolver) -> str:
    """Replace link placeholders: ``resolver(kind, target) -> url``."""
    if LINK_PLACEHOLDER not in html:
        return html
    return _PLACEHOLDER.sub(lambda m: resolver(m.group(1), m.group(2)), html)


_TAGS = re.compile(r"<[^>]+>")


def plain_text(html: str) -> str:
    """Text of an HTML fragment (for descriptions), whitespace folded."""
    import html as html_lib
    return " ".join(html_lib.unescape(_TAGS.sub(" ", html)).split())
