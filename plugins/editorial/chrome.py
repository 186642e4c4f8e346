"""Lines of a saved page that are the site's furniture, not the article.

Each rule names what it removes, so the import report can say which lines
went and why: the name-day header ("ceturtdiena, 14. novembris, 2024 Vārda
diena: …"), menus, breadcrumbs, category lines, share buttons, view
counters, cookie notices, calendars, pagers and skip links.
"""

from __future__ import annotations

import re

MENU_WORDS = {
    "sākums",
    "sākumlapa",
    "jaunumi",
    "ziņas",
    "aktualitātes",
    "aktuāli",
    "kontakti",
    "pašvaldība",
    "novads",
    "dome",
    "par mums",
    "projekti",
    "tūrisms",
    "kultūra",
    "izglītība",
    "sports",
    "pakalpojumi",
    "uzņēmējiem",
    "iedzīvotājiem",
    "home",
    "news",
    "projects",
    "contacts",
    "about us",
    "about",
}
SHARE_WORDS = {
    "dalīties",
    "dalies",
    "facebook",
    "twitter",
    "x",
    "draugiem",
    "draugiem.lv",
    "linkedin",
    "whatsapp",
    "pinterest",
    "e-pasts",
    "epasts",
    "e-mail",
    "email",
    "drukāt",
    "drukas versija",
    "izdrukāt",
    "share",
    "print",
    "tweet",
    "like",
    "patīk",
    "kopēt saiti",
    "telegram",
}
CATEGORY = re.compile(
    r"^(?:kategorija:.*|(?:pagastu un pilsētu|pilsētas|pagastu|novada|reģiona|pašvaldības)"
    r" ziņas|jaunumi|ziņas|aktualitātes|aktuāli|notikumi|news|latest news)$",
    re.I,
)
_COUNTER = re.compile(
    r"^(?:skatīts|skatījumi|skatījumu skaits|apmeklējumi|lasīts|views|hits|reads)\s*:?\s*\d+"
    r"(?:\s*(?:reizes|reizi|times))?\.?$|^\d+\s*(?:skatījumi|views)$",
    re.I,
)
_NAMEDAY = re.compile(r"vārda\s+dien(?:a|as)\s*:|vārdadiena\s*:|name days?\s*:", re.I)
_COOKIE = re.compile(r"sīkdatn|cookie", re.I)
_SKIP = re.compile(
    r"^(?:pāriet uz (?:galveno )?saturu|pāriet uz saturu|skip to (?:main )?content|uz augšu|"
    r"atpakaļ|« atpakaļ|iepriekšējais|nākamais|iepriekšējā|nākamā|lasīt vairāk|piekrītu|labi|"
    r"apstiprināt|aizvērt|meklēt|previous|next|back|read more|accept|ok)\.?$",
    re.I,
)
_BYLINE = re.compile(
    r"^(?:publicēja|autors|author|posted by|ievietoja)\s*:?\s*(?:admin\w*|redaktor\w*|"
    r"webmaster|editor)?$",
    re.I,
)
_WEEKDAY_ROW = re.compile(r"^(?:(?:p|o|t|c|pk|s|sv|pr|ot|tr|ce|se|mo|tu|we|th|fr|sa|su)\s*){5,7}$", re.I)
_NUMBERS_ROW = re.compile(r"^(?:\d{1,2}\s+){4,}\d{1,2}$")
_MONTH_YEAR = re.compile(
    r"^(?:janvāris|februāris|marts|aprīlis|maijs|jūnijs|jūlijs|augusts|septembris|oktobris|"
    r"novembris|decembris)\s+\d{4}$",
    re.I,
)
_CRUMB_SEP = re.compile(r"\s(?:>|»|›|/|→)\s")
_MENU_SEP = re.compile(r"\s*[|•·]\s*")


def _items(line: str) -> list[str]:
    return [i.strip(" :,.") for i in re.split(r"[|•·,:]|\s+", line) if i.strip(" :,.")]


def classify(line: str) -> str | None:
    """What kind of page furniture ``line`` is ("menu", "share buttons", …), or None for article text."""
    text = " ".join(line.replace("\u00a0", " ").split())
    low = text.casefold()
    if not text:
        return None
    if _NAMEDAY.search(text):
        return "name-day header"
    if _COUNTER.match(text):
        return "view counter"
    if _COOKIE.search(text) and len(text) < 400:
        return "cookie notice"
    if _SKIP.match(low):
        return "navigation link"
    if _BYLINE.match(low):
        return "byline of the site's user"
    if (
        _WEEKDAY_ROW.match(low)
        or _NUMBERS_ROW.match(low)
        or low in ("kalendārs", "calendar", "notikumu kalendārs")
        or _MONTH_YEAR.match(low)
    ):
        return "calendar"
    items = _items(low)
    if items and all(i in SHARE_WORDS or i in {"|", "-"} for i in items):
        return "share buttons"
    if CATEGORY.match(low.strip(" :")):
        return "category line"
    if _CRUMB_SEP.search(text) and len(text) < 160 and not re.search(r"[.!?]$", text):
        first = _CRUMB_SEP.split(text)[0].strip().casefold()
        if first in MENU_WORDS or len(_CRUMB_SEP.split(text)) >= 3:
            return "breadcrumb"
    if not re.search(r"[.!?;]$", text) and len(text) < 200:
        parts = [p.strip().casefold() for p in _MENU_SEP.split(text) if p.strip()]
        if len(parts) >= 3 and sum(p in MENU_WORDS for p in parts) >= 2:
            return "menu"
        words = low.split()
        hits = sum(w in MENU_WORDS for w in words)
        if len(words) >= 4 and hits >= 3 and hits >= len(words) / 2 and all(w[:1].isupper() for w in text.split()):
            return "menu"
    return None
