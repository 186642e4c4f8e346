"""The words of the header's "today" line, as data for the site's script."""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib.resources import files

from lvlang import dates
from lvlang.namedays import clean_namedays
from multisite.pages import Output, Prepared, gettext


def today_data(build: Prepared) -> Iterable[Output]:
    """Words for the header's "today" line (weekday, date, name days), for site.js."""
    raw = json.loads(files("lv_namedays").joinpath("data/tradic_vardadienu_saraksts.json").read_text("utf-8"))
    namedays, special = clean_namedays(raw)
    languages = {}
    for lang in build.config.codes:
        _ = gettext(build, lang)
        languages[lang] = {
            "weekdays": dates.weekday_names(build.config.language(lang), "wide"),
            "months": [dates.month_name(m, build.config.language(lang)) for m in range(1, 13)],
            "pattern": _("Today is {weekday}, {day} {month}."),
            "namedays": _("Name days:"),
            "special": _("It is also the name day of every name that is not in the calendar."),
        }
    data = {"languages": languages, "namedays": namedays, "special": special}
    yield Output(
        path=build.routes.asset("data/today.json"),
        content=json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False),
        producer="today",
    )
