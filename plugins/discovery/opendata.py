"""Open data: the site's news, events and projects as JSON and CSV.

Each file is a plain list of flat records with a documented, stable schema
(``SCHEMAS``) so other portals can reuse the content. The same records are
written as JSON (with a small envelope naming the licence) and as CSV.

Both are read by programs nobody here controls. A CSV cell is opened by
spreadsheets, which run text starting with = + - @ (or a tab or CR) as a
formula ("CSV injection"): every text cell passes ``csv_cell``, which puts
a quote before such text; numbers stay numbers. JSON is written with
``allow_nan=False``: NaN and Infinity are not JSON, and a value like that
stops the build instead of publishing a file strict parsers reject.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from contentmodel.safety import csv_cell

SCHEMAS: dict[str, dict[str, str]] = {
    "news": {
        "id": "stable identifier (tag URI), the same as in the Atom feed",
        "url": "absolute URL of the article",
        "language": "language code (lv, en, ltg)",
        "title": "headline",
        "summary": "teaser text",
        "published": "publication time, ISO 8601 with offset",
        "modified": "last change, ISO 8601 with offset, or empty",
        "author": "author, free text",
        "projects": "project codes, separated by '; '",
        "municipalities": "municipality keys, separated by '; '",
        "tags": "tags, separated by '; '",
        "image": "absolute URL of the cover picture, or empty",
        "translations": "URLs of the other language versions, separated by '; '",
    },
    "events": {
        "id": "stable identifier of the event (the article's)",
        "url": "absolute URL of the event's article",
        "language": "language code",
        "title": "name of the event",
        "start": "start of the first session: date, or date-time with offset",
        "end": "end of the last session: date, or date-time with offset",
        "dates_text": "all dates in words, in the record's language",
        "location": "where, free text",
        "status": "scheduled, cancelled, postponed or rescheduled",
        "projects": "project codes, separated by '; '",
        "municipalities": "municipality keys, separated by '; '",
        "ical": "absolute URL of the event's .ics file",
    },
    "projects": {
        "code": "project code",
        "url": "absolute URL of the project's page",
        "language": "language code",
        "title": "full name",
        "short_title": "short name",
        "programme": "programme key (see the open data page)",
        "status": "planned, running or finished (on the build date)",
        "start": "project start, YYYY-MM-DD",
        "end": "project end, YYYY-MM-DD",
        "budget_eur": "total budget in euros, or empty",
        "eu_funding_eur": "EU funding in euros, or empty",
        "beneficiary": "who is responsible for the project",
        "municipalities": "municipality keys, separated by '; '",
        "website": "the project's own website, or empty",
    },
}


def _cell(value: Any) -> Any:
    """One CSV cell: lists joined with '; ', text that could start a formula neutralised by ``csv_cell``."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    elif not isinstance(value, (int, float)) or isinstance(value, bool):
        value = str(value)
    return csv_cell(value)


def to_json(
    kind: str, records: Sequence[Mapping[str, Any]], *, license_name: str, license_url: str, source: str, generated: str
) -> str:
    fields = list(SCHEMAS[kind])
    envelope = {
        "license": license_name,
        "license_url": license_url,
        "source": source,
        "generated": generated,
        "fields": SCHEMAS[kind],
        "records": [{f: r.get(f) for f in fields} for r in records],
    }
    return json.dumps(envelope, ensure_ascii=False, indent=1, sort_keys=False, allow_nan=False) + "\n"


def to_csv(kind: str, records: Iterable[Mapping[str, Any]]) -> str:
    fields = list(SCHEMAS[kind])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(fields)
    for r in records:
        writer.writerow([_cell(r.get(f)) for f in fields])
    return buf.getvalue()
