"""Project helpers: status from the dates, the EU share of the budget."""

from __future__ import annotations

import datetime as dt


def project_status(start: dt.date, end: dt.date, today: dt.date) -> str:
    if today < start:
        return "planned"
    if today > end:
        return "finished"
    return "running"


def eu_share(budget: float | None, eu_funding: float | None) -> float | None:
    if not budget or eu_funding is None:
        return None
    return eu_funding / budget
