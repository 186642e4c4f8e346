"""Template-ready views of documents: everything a template shows, computed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from contentmodel.documents import Document
from lvlang.language import pick

from .pages import LinkItem


@dataclass
class ImageView:
    path: str
    alt: str
    alt_lang: str = ""
    credit: str = ""
    picture: Any = None               # multisite.pictures.Picture: its variants, or None (shown as it is)


@dataclass
class ArticleView:
    doc: Document
    lang: str
    title: str
    path: str
    published: Any
    modified: Any
    summary: str
    body_html: str
    author: str = ""
    image: ImageView | None = None
    projects: list[LinkItem] = field(default_factory=list)
    municipalities: list[LinkItem] = field(default_factory=list)
    tags: list[LinkItem] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)
    notices: list[Any] = field(default_factory=list)
    event: Any = None                 # events.model.Event or None
    event_when: str = ""              # dates in words
    event_status: str = "scheduled"
    event_location: str = ""
    translations: dict[str, str] = field(default_factory=dict)   # lang -> path
    category: str = "news"
    search_text: str = ""             # the words search finds the article by, besides its title (its page only)
    ics_path: str = ""                # this event's own .ics
    google_url: str = ""              # "add to Google Calendar" for the next session (a series: from it on)
    event_cancelled: str = ""         # a repeating event's cancelled sessions still to come, in words
    event_moved: list[tuple[str, str]] = field(default_factory=list)   # its moved ones: (by the rule, held on)
    google_sessions: list[tuple[str, str]] = field(default_factory=list)  # several dates: (when, link) per session
    text_langs: dict[str, str] = field(default_factory=dict)     # key -> language of a text taken from the original

    @property
    def is_event(self) -> bool:
        return self.event is not None


def municipality_name(m: Any, lang: str, chain: tuple[str, ...]) -> str:
    return pick(m.name, chain) or next(iter(m.name.values()))
