"""Parsing the `event_dates` key: ISO 8601 dates, date-times and intervals in Riga time."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from .model import RIGA, STATUSES, Occurrence

_TZ = ZoneInfo(RIGA)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$")
_TIME = re.compile(r"^T?(\d{1,2}):(\d{2})(?::(\d{2}))?$")
# Events are dated within these years. Anything outside is a typing mistake
# (0001, 9999), and near the ends of what datetime can hold a time zone
# conversion, the day after the last day or a repetition would overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2200
YEAR_HINT = f"check the year: an event date must be in the years {FIRST_YEAR} to {LAST_YEAR}, e.g. 2026-05-15"
HINT = "use YYYY-MM-DD, e.g. 2018-05-15, a time like 2018-05-15T10:00, or an interval like 2018-06-12/2018-06-13"


class EventDateError(ValueError):
    def __init__(self, index: int | None, value: Any, problem: str, hint: str = HINT):
        super().__init__(problem)
        self.index, self.value, self.problem, self.hint = index, value, problem, hint


def _exists(local: dt.datetime, tz: ZoneInfo = _TZ) -> bool:
    """False for a wall-clock time skipped by the spring DST change."""
    aware = local.replace(tzinfo=tz)
    return aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) == local


def _check_year(year: int, text: str, index: int | None, raw: Any) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise EventDateError(index, raw, f"{text} is outside the years {FIRST_YEAR} to {LAST_YEAR}", YEAR_HINT)


def _point(text: str, index: int, raw: Any, tz: ZoneInfo = _TZ) -> dt.date | dt.datetime:
    m = _DATE.match(text) or _DATETIME.match(text)
    if m:
        _check_year(int(m.group(1)), text, index, raw)
    m = _DATE.match(text)
    try:
        if m:
            return dt.date(*(int(x) for x in m.groups()))
        m = _DATETIME.match(text)
        if m:
            y, mo, d, h, mi, s, written = m.groups()
            naive = dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
            if written:
                offset = (
                    dt.UTC
                    if written == "Z"
                    else dt.timezone(
                        (1 if written[0] == "+" else -1)
                        * dt.timedelta(hours=int(written[1:3]), minutes=int(written[-2:]))
                    )
                )
                return naive.replace(tzinfo=offset).astimezone(tz)
            if not _exists(naive, tz):
                place = tz.key.rsplit("/", 1)[-1].replace("_", " ")
                raise EventDateError(
                    index,
                    raw,
                    f"{text} does not exist in {place} (the clocks go forward that night)",
                    "choose a time an hour later",
                )
            return naive.replace(tzinfo=tz, fold=0)
    except EventDateError:
        raise
    except ValueError:
        raise EventDateError(index, raw, f"'{text}' is not a real date") from None
    raise EventDateError(index, raw, f"'{text}' is not a date")


def _one(value: Any, index: int, tz: ZoneInfo = _TZ) -> Occurrence:
    if isinstance(value, dt.date):
        _check_year(value.year, value.isoformat(), index, value)
    if isinstance(value, dt.datetime):
        start = value if value.tzinfo else value.replace(tzinfo=tz)
        return Occurrence(start.astimezone(tz), start.astimezone(tz))
    if isinstance(value, dt.date):
        return Occurrence(value, value)
    if not isinstance(value, str):
        raise EventDateError(index, value, f"{value!r} is not a date")
    text = value.strip()
    if "/" in text:
        left, right = (part.strip() for part in text.split("/", 1))
        start = _point(left, index, value, tz)
        tm = _TIME.match(right)
        if tm and isinstance(start, dt.datetime):
            h, mi, s = tm.groups()
            end = _point(f"{start.date().isoformat()}T{int(h):02d}:{mi}" + (f":{s}" if s else ""), index, value, tz)
        else:
            end = _point(right, index, value, tz)
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            raise EventDateError(
                index,
                value,
                f"'{text}' mixes a date and a date with a time",
                "give both ends with a time (2024-05-08T10:00/2024-05-10T16:00) or both without",
            )
        if end < start:
            raise EventDateError(
                index,
                value,
                f"the end {right} is before the start {left}",
                f"write the earlier date first: {right}/{left}",
            )
        return Occurrence(start, end)
    point = _point(text, index, value, tz)
    return Occurrence(point, point)


def parse_event_dates(values: Sequence[Any], tz: ZoneInfo | None = None) -> tuple[Occurrence, ...]:
    """The sessions of an event; times without an offset are in ``tz`` (the site's zone, Riga if none)."""
    tz = tz or _TZ
    if isinstance(values, (str, dt.date)):
        values = [values]
    if not values:
        raise EventDateError(
            None, values, "the list of event dates is empty", "add at least one date, e.g. event_dates: [2018-05-15]"
        )
    occurrences = {_one(v, i, tz) for i, v in enumerate(values)}
    return tuple(sorted(occurrences, key=lambda o: (_key(o.start), _key(o.end))))


def _key(value: dt.date | dt.datetime) -> tuple:
    if isinstance(value, dt.datetime):
        return (value.date(), 1, value.astimezone(dt.UTC))
    return (value, 0, dt.datetime.min.replace(tzinfo=dt.UTC))


def parse_event_status(value: str) -> str:
    text = str(value).strip().lower()
    if text not in STATUSES:
        raise EventDateError(
            None,
            value,
            f"'{value}' is not an event status",
            "use cancelled (atcelts), postponed (atlikts) or rescheduled (pārcelts)",
        )
    return text


SESSION_HINT = (
    "name the session by its date, e.g. 2026-12-26 (or date and time, 2026-12-26T08:00, when a day has several)"
)
MOVE_HINT = (
    "write each move like {from: 2026-12-26, to: 2026-12-27} "
    "or {from: 2026-12-26, to: 2026-12-27T10:00/2026-12-27T14:00}"
)


def parse_session_names(
    values: Sequence[Any] | str | dt.date, tz: ZoneInfo | None = None
) -> tuple[dt.date | dt.datetime, ...]:
    """Sessions of a repeating event named by a date or a date-time (``event_exceptions``)."""
    tz = tz or _TZ
    if isinstance(values, (str, dt.date)):
        values = [values]
    return tuple(_name(value, index, tz) for index, value in enumerate(values))


def parse_moves(
    values: Sequence[Any] | dict[str, Any], tz: ZoneInfo | None = None
) -> tuple[tuple[dt.date | dt.datetime, Occurrence], ...]:
    """``event_moves``: pairs of a session named as in ``parse_session_names`` and when it is held instead,
    written as one item of ``event_dates`` (a date, a date-time or an interval)."""
    tz = tz or _TZ
    if isinstance(values, dict):
        values = [values]
    out = []
    for index, item in enumerate(values):
        if not isinstance(item, dict) or set(item) != {"from", "to"}:
            raise EventDateError(index, item, f"{item!r} is not a move of a session", MOVE_HINT)
        original = _name(item["from"], index, tz)
        out.append((original, _one(item["to"], index, tz)))
    return tuple(out)


def _name(value: Any, index: int, tz: ZoneInfo) -> dt.date | dt.datetime:
    if isinstance(value, str) and "/" in value:
        raise EventDateError(
            index, value, f"'{value.strip()}' is an interval, not the start of one session", SESSION_HINT
        )
    try:
        return _one(value, index, tz).start
    except EventDateError as error:
        raise EventDateError(index, value, error.problem, SESSION_HINT) from None
