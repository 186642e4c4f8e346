"""Markdown to HTML for article bodies, with one reusable converter.

Raw HTML typed into Markdown is escaped (shown as text, never executed), so a
``<script>`` in a body is inert; ``{static}`` and ``{filename}`` links work as
in Pelican; images must have alt text; an ``#`` heading in a body is demoted
so that the page keeps one ``<h1>`` (the title).

The HTML is then sanitised to the allowlists of ``contentmodel.sanitise``
(only the link placeholders below may keep their own scheme until they are
resolved), and what an editor wrote that the sanitiser would have to remove
is noted in ``BodyFacts`` so that the build can name it: a link or picture
with a scheme other than http, https, mailto or tel, and an attribute list
setting an event handler (``on…``) or ``style`` are errors; any other
attribute outside the allowlist is removed with a warning.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from lvlang.slugs import slugify

from .safety import unsafe_url
from .sanitise import FORBIDDEN_ATTRIBUTE, allowed_attribute, sanitise

LINK_PLACEHOLDER = "lpr-link:"  # replaced by the final URL once every document's URL is known
_STATIC_PREFIXES = ("{static}", "{attach}")


@dataclass(frozen=True)
class BodyFacts:
    """What a conversion learnt about the body, for validation and summaries."""

    first_paragraph: str = ""
    images_without_alt: list[str] = field(default_factory=list)
    static_refs: list[str] = field(default_factory=list)  # content-relative paths
    document_refs: list[str] = field(default_factory=list)  # {filename} targets as written
    typed_notice: str | None = None  # wording of an official notice typed in the body
    unsafe_urls: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, address, why)
    forbidden_attributes: list[tuple[str, str]] = field(default_factory=list)  # (tag, attribute): errors
    removed_attributes: list[tuple[str, str]] = field(default_factory=list)  # (tag, attribute): warnings


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
        self.holder.root = root  # the first paragraph is taken once the tree is serialised
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for name in el.keys():  # noqa: SIM118  an lxml element iterates over its children
                if FORBIDDEN_ATTRIBUTE.match(name):
                    facts.forbidden_attributes.append((el.tag, name))
                elif not allowed_attribute(el.tag, name):
                    facts.removed_attributes.append((el.tag, name))
            if el.tag == "img":
                if not (el.get("alt") or "").strip():
                    facts.images_without_alt.append(el.get("src", ""))
                el.set("loading", "lazy")
                el.set("decoding", "async")
            for attr in ("href", "src"):
                value = el.get(attr)
                if value:
                    why = unsafe_url(value)
                    if why:
                        facts.unsafe_urls.append((el.tag, value, why))
                        del el.attrib[attr]
                        continue
                    el.set(attr, self._rewrite(value, facts))

    @staticmethod
    def _rewrite(value: str, facts: BodyFacts) -> str:
        for prefix in _STATIC_PREFIXES:
            if value.startswith(prefix):
                path = value[len(prefix) :].lstrip("/")
                facts.static_refs.append(path)
                return LINK_PLACEHOLDER + "static:" + path + "\x1f"
        if value.startswith("{filename}"):
            target = value[len("{filename}") :]
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
        self.root = None
        self._md = markdown.Markdown(
            extensions=["extra", "sane_lists", "toc", _BodyExtension(self)],
            extension_configs={
                "toc": {"slugify": _heading_id, "permalink": False},
                # column alignment as align="…", not a style attribute (which is never allowed)
                "extra": {"tables": {"use_align_attribute": True}},
            },
            output_format="html",
        )

    def convert(self, text: str) -> tuple[str, BodyFacts]:
        self.facts = BodyFacts()
        self.root = None
        self._md.reset()
        html = self._md.convert(text)
        self.facts = dataclasses.replace(self.facts, first_paragraph=self._first_paragraph())
        self._check_fences(text)
        self.root = None
        return sanitise(html, extra_schemes=_PLACEHOLDER_SCHEMES), self.facts

    def _first_paragraph(self) -> str:
        """The text of the first paragraph with text, from its serialised HTML (entities decoded)."""
        if self.root is None:
            return ""
        for el in self.root.iter("p"):
            fragment = self._md.serializer(el)
            for processor in self._md.postprocessors:  # puts back what Markdown stashed (entities, &)
                fragment = processor.run(fragment)
            text = paragraph_text(fragment).strip()  # inner non-breaking spaces stay
            if text:
                return text
        return ""

    def _check_fences(self, text: str) -> None:
        """Attributes set on a fenced code block (``` { .python onclick=x } ```) are not in the tree."""
        for match in _FENCE_ATTRIBUTES.finditer(text):
            for name in _ATTRIBUTE_NAME.findall(match.group(1)):
                if FORBIDDEN_ATTRIBUTE.match(name):
                    self.facts.forbidden_attributes.append(("code", name))
                elif not allowed_attribute("code", name):
                    self.facts.removed_attributes.append(("code", name))


_PLACEHOLDER_SCHEMES = frozenset({LINK_PLACEHOLDER.rstrip(":")})
_FENCE_ATTRIBUTES = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*\{([^}\n]*)\}", re.MULTILINE)
_ATTRIBUTE_NAME = re.compile(r"(?:^|\s)([A-Za-z_:][-\w:.]*)\s*=")
_STASH_LEFTOVER = re.compile("\x02[^\x03]*\x03")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ASCII_SPACE = re.compile("[ \t\r\n\f\v]+")


_PLACEHOLDER = re.compile(re.escape(LINK_PLACEHOLDER) + '(static|doc):([^\x1f"]*)\x1f')


def resolve_links(html: str, resolver: Callable[[str, str], str]) -> str:
    """Replace link placeholders: ``resolver(kind, target) -> url``.

    Whatever the resolver returns is checked again (only an allowed or relative
    address is put in), and a body in which a placeholder is left is sanitised
    once more without the placeholder scheme."""
    if LINK_PLACEHOLDER not in html:
        return html

    def replace(match: re.Match) -> str:
        url = resolver(match.group(1), match.group(2))
        return "#" if unsafe_url(url) else html_lib.escape(html_lib.unescape(url), quote=True)

    html = _PLACEHOLDER.sub(replace, html)
    if LINK_PLACEHOLDER in html:
        html = sanitise(html)
    return html


_TAGS = re.compile(r"<[^>]+>")


def paragraph_text(html: str) -> str:
    """The text of one paragraph's HTML for a summary: entities decoded (a non-breaking space stays
    one), ASCII whitespace folded, no control characters."""
    text = html_lib.unescape(_TAGS.sub("", _STASH_LEFTOVER.sub("", html)))
    return _ASCII_SPACE.sub(" ", _CONTROLS.sub("", text)).strip(" ")


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n[ \t\r\n]*")
_LINE_SPACE = re.compile(r"[ \t\r\n]+")  # not the non-breaking space, which the editor chose


def flowed(text: str) -> str:
    """Plain text as a page shows it: the lines of a paragraph joined with single spaces (an editor's
    hard line breaks are not line breaks), paragraphs kept apart by one blank line."""
    paragraphs = (_LINE_SPACE.sub(" ", part).strip(" ") for part in _PARAGRAPH_BREAK.split(text.strip(" \t\r\n")))
    return "\n\n".join(p for p in paragraphs if p)


def plain_text(html: str) -> str:
    """Text of an HTML fragment (for descriptions), whitespace folded."""
    import html as html_lib

    return " ".join(html_lib.unescape(_TAGS.sub(" ", html)).split())
