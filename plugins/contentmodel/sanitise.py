"""The markup an article body may contain, and the sanitiser that enforces it (pure).

Every body is converted from Markdown and then passed through ``nh3`` (the
``ammonia`` HTML sanitiser) with the allowlists below, so whatever reaches a
page, a feed, the open data or a calendar is only the markup Markdown itself
produces. The lists are the one place where the allowed markup is written
down: the converter, ``invoke check`` and the editor guides use them.

* ``TAGS`` – the elements Markdown and the extensions in use produce.
* ``ATTRIBUTES`` – per element (``"*"`` for every element); an attribute list
  in Markdown (``{: #id .class lang=en }``) may set only these.
* ``URL_SCHEMES`` – http, https, mailto, tel; relative links are allowed.
  ``safety.ALLOWED_SCHEMES`` is the rule, this is the same set.
* ``FORBIDDEN_ATTRIBUTE`` – attributes an editor may not set at all (event
  handlers ``on…`` and ``style``); the build refuses them.

Raw HTML typed in Markdown never gets here as markup: the converter escapes
it, so it is shown as text.
"""

from __future__ import annotations

import re

import nh3

from .safety import ALLOWED_SCHEMES, control_characters, unsafe_url, url_scheme

TAGS: frozenset[str] = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "hr",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "a",
        "img",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "abbr",
        "sup",
        "sub",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "div",  # footnotes (<div class="footnote">) and a [TOC]
    }
)

ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"id", "class", "title", "lang"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"colspan", "rowspan", "align"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
}

URL_SCHEMES: frozenset[str] = frozenset(ALLOWED_SCHEMES)

# Attributes never allowed, whatever the element: script in event handlers, CSS in style.
FORBIDDEN_ATTRIBUTE = re.compile(r"^(?:on[a-z0-9_-]*|style|srcdoc|formaction)$", re.IGNORECASE)


def allowed_attribute(tag: str, name: str) -> bool:
    """Whether ``name`` may appear on ``tag`` in a published body."""
    name = name.lower()
    return name in ATTRIBUTES["*"] or name in ATTRIBUTES.get(tag.lower(), ())


def sanitise(html: str, *, extra_schemes: frozenset[str] = frozenset()) -> str:
    """``html`` reduced to the allowlists: other elements are unwrapped (their text kept, except
    for script and style, which go with their content), other attributes and URLs with another
    scheme are dropped, comments removed.

    ``extra_schemes`` lets the converter keep its own link placeholders until they are resolved.
    """
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES | extra_schemes),
        link_rel=None,
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )


def describe() -> dict[str, list[str]]:
    """The allowlists as sorted lists (for ``invoke check`` and the documentation)."""
    return {
        "tags": sorted(TAGS),
        "attributes": [f"{tag}: {', '.join(sorted(names))}" for tag, names in sorted(ATTRIBUTES.items())],
        "url_schemes": sorted(URL_SCHEMES),
    }


WEB_ADDRESS_HINT = "use an https:// address, e.g. https://latlit.eu"
_WEB_ADDRESS = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


def web_address_problem(text: str) -> str | None:
    """Why ``text`` is not a web address a page may link to, to follow the text (None when it is): it must be an
    absolute http(s) address, judged with ``safety.unsafe_url`` (entities decoded, ignored
    characters removed), without control characters."""
    if not isinstance(text, str) or not text.strip():
        return "is empty"
    controls = control_characters(text)
    if controls:
        return f"contains the invisible character {controls[0]}"
    if unsafe_url(text):
        return f"uses '{url_scheme(text)}:', which is not allowed (a web address starts with https:// or http://)"
    if url_scheme(text) not in ("http", "https") or not _WEB_ADDRESS.fullmatch(text):
        return "is not a web address"
    return None
