"""schema.org NewsArticle structured data (JSON-LD)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def news_article(
    *,
    headline: str,
    url: str,
    published: dt.datetime,
    modified: dt.datetime | None,
    lang: str,
    author: str,
    publisher_name: str,
    publisher_url: str,
    logo_url: str,
    image_url: str | None = None,
    description: str = "",
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline[:110],
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": lang,
        "datePublished": published.isoformat(),
        "dateModified": (modified or published).isoformat(),
        "publisher": {
            "@type": "Organization",
            "name": publisher_name,
            "url": publisher_url,
            "logo": {"@type": "ImageObject", "url": logo_url},
        },
        "author": (
            {"@type": "Person", "name": author.split(",")[0].strip()}
            if author
            else {"@type": "Organization", "name": publisher_name, "url": publisher_url}
        ),
    }
    if image_url:
        data["image"] = [image_url]
    if description:
        data["description"] = description[:300]
    return data
