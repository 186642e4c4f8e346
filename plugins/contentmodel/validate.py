"""Coerce one file's front matter to typed values, following the schema.

Only what can be judged from the file alone is checked here (types, formats,
unknown keys). Checks that need the whole site (unknown project codes,
duplicate URLs, inherited required keys) live in ``contentmodel.site``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

from lvlang.slugs import slugify

from . import schema
from .config import TIMEZONE
from .diagnostics import Problem, nearest
from .safety import CONTROL_HINT, content_path_problem, control_character_problem, is_safe_segment
from .sanitise import web_address_problem

_DEFAULT_ZONE = ZoneInfo(TIMEZONE)  # the settings' TIMEZONE is passed to coerce()

if TYPE_CHECKING:
    from events.model import Occurrence
# A project code is letters, digits and single hyphens, so that its lowercase form is a safe path segment.
_CODE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$")
_LV_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$")


class Invalid(ValueError):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Published:
    """A publication time: aware datetime in Riga, and whether a time was given."""

    value: dt.datetime
    has_time: bool

    @property
    def date(self) -> dt.date:
        return self.value.date()


def _refuse_controls(text: str, *, where: str = "", newlines: bool = False) -> None:
    """Raise ``Invalid`` naming the control characters in ``text`` (line feeds allowed if ``newlines``)."""
    problem = control_character_problem(text, newlines=newlines)
    if problem:
        raise Invalid(f"{where}{problem}", CONTROL_HINT)


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise Invalid("must be text", "write the value on the same line after the colon")
    text = str(value).strip()
    _refuse_controls(text)
    return text


def _long_text(value: Any) -> str:
    if isinstance(value, (list, dict)) or value is None:
        raise Invalid("must be text")
    text = str(value).strip()
    _refuse_controls(text, newlines=True)
    return text


def _date_hint(text: str) -> str:
    m = _LV_DATE.match(text)
    if m:
        day, month, year = (int(x) for x in m.groups())
        return f"write dates as YYYY-MM-DD: {year:04d}-{month:02d}-{day:02d}"
    return "write YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2019-12-10 or 2019-12-10 14:30"


def _published(value: Any, zone: ZoneInfo = _DEFAULT_ZONE) -> Published:
    text = _text(value)
    m = _DATE.match(text)
    try:
        if m:
            d = dt.date(*(int(x) for x in m.groups()))
            return Published(dt.datetime(d.year, d.month, d.day, tzinfo=zone), False)
        m = _DATETIME.match(text)
        if m:
            y, mo, day, h, mi, s = m.groups()
            naive = dt.datetime(int(y), int(mo), int(day), int(h), int(mi), int(s or 0))
            return Published(naive.replace(tzinfo=zone), True)
    except ValueError:
        raise Invalid(f"{text!r} is not a real date", _date_hint(text)) from None
    raise Invalid(f"{text!r} is not a date", _date_hint(text))


def _date(value: Any) -> dt.date:
    text = _text(value)
    m = _DATE.match(text)
    if not m:
        raise Invalid(f"{text!r} is not a date", _date_hint(text))
    try:
        return dt.date(*(int(x) for x in m.groups()))
    except ValueError:
        raise Invalid(f"{text!r} is not a real date", _date_hint(text)) from None


def _text_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",")]
    elif isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, (list, dict)) or item is None:
                raise Invalid("must be a list of texts", "write it like [first, second]")
            items.append(str(item).strip())
    elif isinstance(value, dict):
        raise Invalid("must be a list, not a set of keys", "write it like [first, second]")
    else:
        items = [str(value).strip()]
    for number, item in enumerate(items, 1):
        _refuse_controls(item, where=f"item {number} ({item!r}) " if len(items) > 1 else "")
    return tuple(dict.fromkeys(i for i in items if i))


def _image(value: Any) -> str:
    text = _text(value)
    for prefix in ("{static}", "{attach}"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    text = text.lstrip("/")
    problem = content_path_problem(text)
    if problem:
        raise Invalid(f"{text!r} {problem}", "write it like images/seminars.jpg")
    return text


def _attachments(value: Any) -> tuple[dict[str, str], ...]:
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise Invalid("must be a list of {file, title}", "write it like [{file: files/plans.pdf, title: Plāns}]")
    out = []
    for item in value:
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or "file" not in item:
            raise Invalid("each attachment needs a file", "write it like {file: files/plans.pdf, title: Plāns}")
        path = _image(item["file"])
        title = _text(item.get("title") or path.rsplit("/", 1)[-1])
        out.append({"file": path, "title": title})
    return tuple(out)


_T = TypeVar("_T")


def _parsed(parse: Callable[..., _T], *args: Any) -> _T:
    """``parse(*args)``, an event parser's complaint told as the key's problem, with the list item it is in."""
    from events.parse import EventDateError

    try:
        return parse(*args)
    except EventDateError as exc:
        where = "" if exc.index is None else f"item {exc.index + 1}: "
        raise Invalid(f"{where}{exc.problem}", exc.hint) from None


def _event_dates(value: Any, zone: ZoneInfo = _DEFAULT_ZONE) -> tuple[Occurrence, ...]:
    from events.parse import parse_event_dates

    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise Invalid("must be a list of dates", "write it like [2018-05-15, 2018-06-12/2018-06-13]")
    return _parsed(parse_event_dates, value, zone)


def _sessions(value: Any, zone: ZoneInfo = _DEFAULT_ZONE) -> tuple[dt.date | dt.datetime, ...]:
    from events.parse import parse_session_names

    if not isinstance(value, (list, str, dt.date)):
        raise Invalid("must be a list of dates", "write it like [2026-12-26, 2027-01-02]")
    return _parsed(parse_session_names, value, zone)


def _moves(value: Any, zone: ZoneInfo = _DEFAULT_ZONE) -> tuple[tuple[dt.date | dt.datetime, Occurrence], ...]:
    from events.parse import MOVE_HINT, parse_moves

    if not isinstance(value, (list, dict)):
        raise Invalid("must be a list of {from, to}", MOVE_HINT)
    return _parsed(parse_moves, value, zone)


def _event_status(value: Any) -> str:
    from events.parse import parse_event_status

    return _parsed(parse_event_status, _text(value))


def _status(value: Any) -> str:
    text = _text(value)
    if text not in schema.STATUSES:
        guess = nearest(text.lower(), schema.STATUSES, cutoff=0.5)
        raise Invalid(
            f"{text!r} is not a status",
            f"did you mean '{guess}'?"
            if guess
            else "write published, draft (preview only) or hidden (published, not listed)",
        )
    return text


def _rrule(value: Any) -> str:
    from events.recurrence import validate_rrule

    text = _text(value)
    problem = validate_rrule(text)
    if problem:
        raise Invalid(problem, "e.g. FREQ=WEEKLY;BYDAY=SA;UNTIL=20271031 (every Saturday until 31 October 2027)")
    return text.removeprefix("RRULE:")


def _slug(value: Any) -> str:
    text = _text(value)
    if not is_safe_segment(text):
        raise Invalid(
            f"{text!r} is not a URL slug (lowercase ASCII letters, digits, hyphens)", f"use slug: {slugify(text)}"
        )
    return text


def _code(value: Any) -> str:
    text = _text(value)
    if not _CODE.fullmatch(text) or not is_safe_segment(text.lower()):
        raise Invalid(
            f"{text!r} is not a project code (it becomes part of the page's address)",
            f"use letters, digits and single hyphens, e.g. LLI-59 or {slugify(text).upper()}",
        )
    return text


def _money(value: Any) -> float:
    """A finite, non-negative amount in euros, from a number or text such as "30 000,50 €"."""
    hint = "write digits only, e.g. 30000 or 30000.50"
    if isinstance(value, (bool, list, dict)) or value is None:
        raise Invalid("must be an amount in euros", hint)
    if isinstance(value, (int, float)):
        try:
            amount = float(value)
        except OverflowError:  # an integer with hundreds of digits
            raise Invalid("is far too large to be an amount in euros", hint) from None
        shown = str(amount)
    else:
        shown = repr(str(value)) if len(str(value)) <= 40 else repr(str(value)[:40] + "…")
        text = str(value).replace("\u00a0", "").replace(" ", "").replace("€", "").replace("EUR", "")
        text = text.replace(",", ".")
        try:
            amount = float(text)
        except ValueError:
            raise Invalid(f"{shown} is not an amount in euros", hint) from None
    if not math.isfinite(amount):  # .nan, .inf, "inf", 1e400
        raise Invalid(f"{shown} is not an amount in euros (it is not a finite number)", hint)
    if amount < 0:
        raise Invalid("must not be negative", f"{hint}, without a minus sign")
    return amount + 0.0  # -0.0 becomes 0.0


def _url(value: Any) -> str:

    text = _text(value)
    why = web_address_problem(text)
    if why:
        raise Invalid(
            f"{text!r} {why}",
            "write the full address, e.g. https://latlit.eu"
            if why == "is not a web address"
            else "use an https:// address, e.g. https://latlit.eu",
        )
    return text


COERCERS: dict[str, Callable[..., Any]] = {
    schema.TEXT: _text,
    schema.LONG_TEXT: _long_text,
    schema.DATE_OR_DATETIME: _published,
    schema.DATE: _date,
    schema.TEXT_LIST: _text_list,
    schema.PROJECT_LIST: _text_list,
    schema.MUNICIPALITY_LIST: _text_list,
    schema.IMAGE: _image,
    schema.ATTACHMENTS: _attachments,
    schema.EVENT_DATES: _event_dates,
    schema.EVENT_STATUS: _event_status,
    schema.RRULE: _rrule,
    schema.SESSIONS: _sessions,
    schema.MOVES: _moves,
    schema.STATUS: _status,
    schema.SLUG: _slug,
    schema.CODE: _code,
    schema.PROGRAMME: _text,
    schema.MONEY: _money,
    schema.URL: _url,
}


# Types whose coercer reads times in the site's time zone.
ZONED = (schema.DATE_OR_DATETIME, schema.EVENT_DATES, schema.SESSIONS, schema.MOVES)


def coerce(
    kind: str, raw: Mapping[str, Any], *, path: str, key_lines: Mapping[str, int], zone: ZoneInfo | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values of one file's front matter, and the problems found.

    Keys are reported under their canonical name (``project`` -> ``projects``).
    Missing required keys are not reported here: a translation may inherit
    them; ``contentmodel.site`` checks them after inheritance. Dates and
    times without an offset are in ``zone`` (the site's ``TIMEZONE``).
    An empty key
    (``title:``, ``title: ""``, ``title: "   "``) counts as absent here and is
    reported there as empty when nothing fills it.
    """
    zone = zone or _DEFAULT_ZONE
    known = schema.fields_by_name(kind)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, raw_value in raw.items():
        line = key_lines.get(key)
        field = known.get(key)
        if field is None:
            guess = nearest(key, known, cutoff=0.6)
            hint = (
                f"did you mean '{guess}'?"
                if guess
                else ("see the front-matter reference in docs/ for the keys of this kind of file")
            )
            problems.append(Problem(path, line, key, f"unknown key '{key}'", hint))
            continue
        if field.name in values:
            problems.append(Problem(path, line, key, f"'{key}' repeats '{field.name}'", "keep only one of them"))
            continue
        if is_empty(raw_value):
            continue  # an empty key is the same as an absent one (contentmodel.site reports required ones)
        try:
            if field.type in ZONED:
                values[field.name] = COERCERS[field.type](raw_value, zone)
            else:
                values[field.name] = COERCERS[field.type](raw_value)
        except Invalid as exc:
            problems.append(Problem(path, line, field.name, exc.message, exc.hint))
    return values, problems


def is_empty(value: Any) -> bool:
    """Whether a front-matter value says nothing: no value, blank text or an empty list."""
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, list) and not value)
