"""Interface texts shown in a fallback language, marked with ``lang`` in HTML.

A language whose catalog lacks a string (Latgalian lacks many) shows it in
the next language of its fallback chain. A screen reader pronounces the
text of an element in the element's language, so a Latvian string on a
Latgalian page must sit in ``<span lang="lv">``, or it is read with the
wrong voice.

Gettext does not know where its text lands: in running text a ``span`` is
right, in an attribute (``aria-label``, ``placeholder``), a ``<title>`` or a
``<script>`` it would break the page. So a fallback text is a ``Shown``
string: plain text everywhere (feeds, calendars, JSON), and in a Jinja
template it prints between two private-use markers. When an HTML page is
rendered, ``mark`` turns the markers in running text into ``<span lang>``
and drops those inside tags and in elements that hold only text; other
templates drop them all (``strip``). The markers carry a random key made
for each build, so a character an editor types can never open or close a
span.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import cached_property

OPEN, SEP, CLOSE, END = "\ue000", "\ue001", "\ue002", "\ue003"

# Elements whose content is text only (no span possible) or not shown as text.
_TEXT_ONLY = frozenset({"script", "style", "title", "textarea", "option"})
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:[^>]*)>", re.S)


@dataclass(frozen=True)
class Marks:
    """The markers of one build."""

    key: str

    @classmethod
    def new(cls) -> Marks:
        return cls(secrets.token_hex(6))

    def wrap(self, text: str, lang: str) -> str:
        return f"{OPEN}{self.key}{lang}{SEP}{text}{CLOSE}{self.key}{END}"

    @cached_property  # made once per build, not for every page
    def _open(self) -> re.Pattern[str]:
        return re.compile(f"{OPEN}{self.key}([A-Za-z]{{2,8}}(?:-[A-Za-z0-9]{{1,8}})*){SEP}")

    @cached_property
    def _close(self) -> str:
        return f"{CLOSE}{self.key}{END}"

    def strip(self, text: str) -> str:
        """``text`` without the markers."""
        if self.key not in text:
            return text
        return self._open.sub("", text).replace(self._close, "")

    def mark(self, html: str) -> tuple[str, frozenset[str]]:
        """The page with each marked text in running text as ``<span lang>``, other markers dropped;
        and the languages of the texts so marked."""
        if self.key not in html:
            return html, frozenset()
        opening, closing = self._open, self._close
        used: set[str] = set()

        def spans(text: str) -> str:
            if self.key not in text:
                return text

            def span(match: re.Match[str]) -> str:
                used.add(match.group(1))
                return f'<span lang="{match.group(1)}">'

            return opening.sub(span, text).replace(closing, "</span>")

        out: list[str] = []
        pos, inside = 0, ""
        for token in _TOKEN.finditer(html):
            text = html[pos : token.start()]
            out.append(self.strip(text) if inside else spans(text))
            out.append(self.strip(token.group(0)))
            closing_tag, name = token.group(1), (token.group(2) or "").lower()
            if inside:
                if closing_tag and name == inside:
                    inside = ""
            elif not closing_tag and name in _TEXT_ONLY and not token.group(0).endswith("/>"):
                inside = name
            pos = token.end()
        tail = html[pos:]
        out.append(self.strip(tail) if inside else spans(tail))
        return "".join(out), frozenset(used)


class Shown(str):
    """An interface text in ``lang``, which is not the language of the page it is shown on.

    Plain text everywhere; Jinja prints it through ``__html__``, between the build's markers."""

    lang: str
    marks: Marks

    def __new__(cls, text: str, lang: str, marks: Marks) -> Shown:
        shown = super().__new__(cls, text)
        shown.lang = lang
        shown.marks = marks
        return shown

    def __reduce__(self) -> tuple[type[Shown], tuple[str, str, Marks]]:
        # Render workers send page titles back to the main process pickled.
        return (Shown, (str(self), self.lang, self.marks))

    def __html__(self) -> str:
        # A translation is trusted markup (as Jinja's own gettext treats it): not escaped.
        return self.marks.wrap(str(self), self.lang)
