"""The content schema: every front-matter key of every content type.

This table is the single source of truth. The validator coerces and checks
front matter with it, the editor guide's reference is generated from it, and
``invoke new`` writes new files from it. Add a key here and all three follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Value types understood by the validator (contentmodel.validate.COERCERS).
TEXT = "text"  # one line of text
LONG_TEXT = "long_text"  # free text, may span lines
DATE_OR_DATETIME = "datetime"  # 2019-12-10 or 2019-12-10 14:30 (Europe/Riga)
DATE = "date"  # 2019-12-10
TEXT_LIST = "text_list"  # list of strings (a single string is accepted)
PROJECT_LIST = "project_list"  # list of project codes
MUNICIPALITY_LIST = "municipality_list"
IMAGE = "image"  # path under content/, e.g. images/x.jpg
ATTACHMENTS = "attachments"  # list of {file, title}
EVENT_DATES = "event_dates"  # list of ISO 8601 dates, date-times, intervals
EVENT_STATUS = "event_status"  # cancelled | postponed | rescheduled
RRULE = "rrule"  # RFC 5545 recurrence rule
SESSIONS = "sessions"  # list of sessions of a repeating event, each a date or date-time
MOVES = "moves"  # list of {from: session, to: one event_dates item}
STATUS = "status"  # published | draft | hidden (as in Pelican)
STATUSES = ("published", "draft", "hidden")
EVENT_STATUSES = ("cancelled", "postponed", "rescheduled")
SLUG = "slug"  # lowercase ASCII, digits and hyphens
CODE = "code"  # project code, e.g. LLI-59
PROGRAMME = "programme"  # key in data/programmes.yaml
MONEY = "money"  # amount in euros
URL = "url"  # http(s) URL

ARTICLE = "article"
PROJECT = "project"
PAGE = "page"
KINDS = (ARTICLE, PROJECT, PAGE)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    neutral: bool = False  # language-neutral: translations inherit it when they omit it
    aliases: tuple[str, ...] = ()  # other spellings accepted (e.g. ``project`` for ``projects``)
    meaning: dict[str, str] = field(default_factory=dict)  # per language (lv, en)
    example: str = ""
    scaffold: bool = False  # ``invoke new`` writes it into new files
    requires: tuple[str, ...] = ()  # other keys that must be set with this one
    label: dict[str, str] = field(default_factory=dict)  # short name per language, as forms show it


# Languages the meanings and labels are written in (the web editor's interface languages).
SCHEMA_LANGUAGES = ("lv", "en")

# The short name of each key, as the web editor's form shows it and build errors repeat it.
LABELS: dict[str, tuple[str, str]] = {
    "title": ("Virsraksts", "Title"),
    "date": ("Publicēšanas laiks", "Publication time"),
    "modified": ("Pēdējās izmaiņas", "Last updated"),
    "slug": ("Adreses daļa", "URL part"),
    "summary": ("Ievads", "Summary"),
    "projects": ("Projekti", "Projects"),
    "municipalities": ("Pašvaldības", "Municipalities"),
    "tags": ("Birkas", "Tags"),
    "category": ("Kategorija", "Category"),
    "author": ("Autors", "Author"),
    "image": ("Titulbilde", "Cover picture"),
    "image_alt": ("Bildes alternatīvais teksts", "Picture's alternative text"),
    "image_credit": ("Bildes autors", "Picture credit"),
    "attachments": ("Pielikumi", "Attachments"),
    "event_dates": ("Pasākuma datumi", "Event dates"),
    "event_location": ("Norises vieta", "Event location"),
    "event_status": ("Pasākuma statuss", "Event status"),
    "event_recurrence": ("Atkārtošanās", "Repetition"),
    "event_exceptions": ("Atceltās reizes", "Cancelled sessions"),
    "event_moves": ("Pārceltās reizes", "Moved sessions"),
    "status": ("Publicēšanas statuss", "Publication status"),
    "translation": ("Tulkojumu atslēga", "Translation key"),
    "code": ("Projekta kods", "Project code"),
    "short_title": ("Īsais nosaukums", "Short title"),
    "programme": ("Programma", "Programme"),
    "beneficiary": ("Finansējuma saņēmējs", "Beneficiary"),
    "beneficiary_genitive": ("Saņēmējs ģenitīvā (kā?)", "Beneficiary in the genitive"),
    "start": ("Sākums", "Start"),
    "end": ("Beigas", "End"),
    "budget": ("Kopējais budžets, EUR", "Total budget, EUR"),
    "eu_funding": ("ES finansējums, EUR", "EU funding, EUR"),
    "partners": ("Partneri", "Partners"),
    "website": ("Tīmekļvietne", "Website"),
}
BODY_LABEL = {"lv": "Teksts", "en": "Text"}

# What the web editor shows for the values of the keys with fixed choices, and for parts of list items.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "published": {"lv": "Publicēts", "en": "Published"},
    "draft": {"lv": "Melnraksts (tikai priekšskatījumā)", "en": "Draft (preview only)"},
    "hidden": {"lv": "Publicēts, bet nav sarakstos", "en": "Published, not listed"},
    "cancelled": {"lv": "Atcelts", "en": "Cancelled"},
    "postponed": {"lv": "Atlikts", "en": "Postponed"},
    "rescheduled": {"lv": "Pārcelts", "en": "Rescheduled"},
}
FORM_WORDS: dict[str, dict[str, str]] = {
    "file": {"lv": "Fails", "en": "File"},
    "title": {"lv": "Nosaukums", "en": "Title"},
    "when": {"lv": "Datums vai intervāls", "en": "Date or interval"},
    "session": {"lv": "Datums", "en": "Date"},
    "from": {"lv": "Reize (datums pēc atkārtošanās likuma)", "en": "Session (its date by the rule)"},
    "to": {
        "lv": "Jaunais laiks: datums, datums ar laiku vai intervāls",
        "en": "New time: date, date and time or interval",
    },
}

# What a value of each type looks like, as a regular expression that Python and
# JavaScript read alike (the web editor checks fields with them before saving;
# the validator's coercers check the rest: real dates, ends after starts).
_DAY = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_CLOCK = r"([01]\d|2[0-3]):[0-5]\d"
_MOMENT = r"(19|2[01])\d{2}" + _DAY[len(r"\d{4}") :] + "(T" + _CLOCK + ")?"  # events: the years 1900-2199
PATTERNS: dict[str, str] = {
    DATE: "^" + _DAY + "$",
    DATE_OR_DATETIME: "^" + _DAY + "( " + _CLOCK + ")?$",
    EVENT_DATES: "^" + _MOMENT + "(/" + _MOMENT + ")?$",  # one item of the list
    SESSIONS: "^" + _MOMENT + "$",  # one item of the list
    SLUG: r"^[a-z0-9]+(-[a-z0-9]+)*$",
    CODE: r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$",
    RRULE: r"^(RRULE:)?FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$",
    # no spaces, control, line-separator or direction-changing characters (contentmodel.safety)
    URL: r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?"
    r"(/[^\s\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*)?$",
}

# What the web editor says when a value does not match its pattern.
PATTERN_MESSAGES: dict[str, dict[str, str]] = {
    DATE: {"lv": "Datums kā 2026-05-15", "en": "A date like 2026-05-15"},
    DATE_OR_DATETIME: {
        "lv": "Datums kā 2026-05-15 vai 2026-05-15 14:30",
        "en": "A date like 2026-05-15 or 2026-05-15 14:30",
    },
    EVENT_DATES: {
        "lv": "Datums (2026-05-15), datums ar laiku (2026-05-15T10:00) vai intervāls "
        "sākums/beigas (2026-05-15/2026-05-16)",
        "en": "A date (2026-05-15), a date and time (2026-05-15T10:00) or an interval "
        "start/end (2026-05-15/2026-05-16)",
    },
    SLUG: {
        "lv": "Tikai mazie latīņu burti, cipari un defises, piem. pasvaldibas-dalas-pieredze",
        "en": "Lowercase letters a-z, digits and hyphens only, e.g. municipalities-share-experience",
    },
    CODE: {"lv": "Burti, cipari un defises, piem. LLI-59", "en": "Letters, digits and hyphens, e.g. LLI-59"},
    SESSIONS: {
        "lv": "Datums (2026-12-26) vai datums ar laiku (2026-12-26T08:00)",
        "en": "A date (2026-12-26) or a date and time (2026-12-26T08:00)",
    },
    RRULE: {
        "lv": "Atkārtošanās likums, piem. FREQ=WEEKLY;BYDAY=SA (katru sestdienu)",
        "en": "A repetition rule, e.g. FREQ=WEEKLY;BYDAY=SA (every Saturday)",
    },
    URL: {"lv": "Pilna adrese, piem. https://latlit.eu", "en": "A full address, e.g. https://latlit.eu"},
}


def _f(
    name, type_, *, required=False, neutral=False, aliases=(), lv="", en="", example="", scaffold=False, requires=()
):
    short = LABELS.get(name, (name, name))
    return Field(
        name,
        type_,
        required,
        neutral,
        tuple(aliases),
        {"lv": lv, "en": en},
        example,
        scaffold,
        tuple(requires),
        dict(zip(SCHEMA_LANGUAGES, short)),
    )


ARTICLE_FIELDS: tuple[Field, ...] = (
    _f(
        "title",
        TEXT,
        required=True,
        scaffold=True,
        example="Latgales pašvaldības dalās pieredzē",
        lv="virsraksts",
        en="headline",
    ),
    _f(
        "date",
        DATE_OR_DATETIME,
        required=True,
        neutral=True,
        scaffold=True,
        example="2019-12-10 14:30",
        lv="publicēšanas laiks (Rīgas laiks): 2019-12-10 vai 2019-12-10 14:30",
        en="publication time (Riga time): 2019-12-10 or 2019-12-10 14:30",
    ),
    _f(
        "modified",
        DATE_OR_DATETIME,
        neutral=True,
        example="2019-12-11",
        lv="pēdējo izmaiņu laiks; rāda kā „Pēdējās izmaiņas”",
        en='last change; shown as "Last updated"',
    ),
    _f(
        "slug",
        SLUG,
        example="pasvaldibas-dalas-pieredze",
        lv="adreses daļa; ja nav, to veido no virsraksta (ā→a, č→c …)",
        en="URL part; default: the title transliterated to ASCII (ā→a, č→c, ...)",
    ),
    _f(
        "summary",
        LONG_TEXT,
        scaffold=True,
        example="Īss ievads par notikušo.",
        lv="ievads sarakstiem un plūsmām; ja nav, pirmā rindkopa",
        en="teaser for lists and feeds; default: the first paragraph",
    ),
    _f(
        "projects",
        PROJECT_LIST,
        neutral=True,
        aliases=("project",),
        example="[LLI-59]",
        lv="projektu kodi no content/projects/ (der arī `project:` ar vienu kodu)",
        en="project codes from content/projects/ (`project:` with one code is accepted too)",
    ),
    _f(
        "municipalities",
        MUNICIPALITY_LIST,
        neutral=True,
        example="[Preiļi, Krāslava]",
        lv="pašvaldību atslēgas vai nosaukumi no data/municipalities.yaml",
        en="municipality keys or names from data/municipalities.yaml",
    ),
    _f(
        "tags",
        TEXT_LIST,
        neutral=True,
        example="[LEAN, pieredzes apmaiņa]",
        lv="brīvas birkas (tulkojums var dot savas)",
        en="free tags (a translation may give its own)",
    ),
    _f(
        "category", TEXT, neutral=True, example="news", lv="kategorija; noklusējums: news", en="category; default: news"
    ),
    _f(
        "author",
        TEXT,
        neutral=True,
        example="Elita Jermolajeva, projekta vadītāja",
        lv="autors, brīvs teksts",
        en="author, free text",
    ),
    _f(
        "image",
        IMAGE,
        neutral=True,
        requires=("image_alt",),
        example="images/seminars.jpg",
        lv="titulbilde (ceļš no content/)",
        en="cover picture (path from content/)",
    ),
    _f(
        "image_alt",
        TEXT,
        example="Semināra dalībnieki pie galda",
        lv="bildes alternatīvais teksts; obligāts, ja ir `image`",
        en="the picture's alternative text; required when `image` is set",
    ),
    _f("image_credit", TEXT, neutral=True, example="Foto: Preiļu novada dome", lv="bildes autors", en="picture credit"),
    _f(
        "attachments",
        ATTACHMENTS,
        neutral=True,
        example="[{file: files/programma.pdf, title: Programma}]",
        lv="pielikumi: saraksts ar {file, title}",
        en="attachments: a list of {file, title}",
    ),
    _f(
        "event_dates",
        EVENT_DATES,
        neutral=True,
        example="[2018-05-15, 2018-06-12/2018-06-13]",
        lv="padara rakstu par pasākumu: datumi, datumi ar laiku vai intervāli sākums/beigas",
        en="makes the article an event: dates, date-times or intervals start/end",
    ),
    _f(
        "event_location",
        TEXT,
        neutral=True,
        requires=("event_dates",),
        example="Daugavpils, Saules iela 1",
        lv="norises vieta",
        en="where",
    ),
    _f(
        "event_status",
        EVENT_STATUS,
        neutral=True,
        requires=("event_dates",),
        example="cancelled",
        lv="cancelled (atcelts), postponed (atlikts) vai rescheduled (pārcelts)",
        en="cancelled, postponed or rescheduled",
    ),
    _f(
        "event_recurrence",
        RRULE,
        neutral=True,
        requires=("event_dates",),
        example="FREQ=WEEKLY;BYDAY=SA",
        lv="atkārtošanās pēc RFC 5545 RRULE, sākot ar pirmo datumu (piem., katru sestdienu)",
        en="repetition as an RFC 5545 RRULE from the first date (e.g. every Saturday)",
    ),
    _f(
        "event_exceptions",
        SESSIONS,
        neutral=True,
        requires=("event_recurrence",),
        example="[2026-12-26]",
        lv="atkārtota pasākuma atceltās reizes: to datumi (vai datumi ar laiku) pēc atkārtošanās likuma",
        en="cancelled sessions of a repeating event: their dates (or date-times) by the repetition rule",
    ),
    _f(
        "event_moves",
        MOVES,
        neutral=True,
        requires=("event_recurrence",),
        example="[{from: 2027-01-02, to: 2027-01-03T09:00/2027-01-03T13:00}]",
        lv="atkārtota pasākuma pārceltās reizes: saraksts ar {from: reizes datums pēc likuma, to: jaunais datums, "
        "datums ar laiku vai intervāls}; bez beigām reize ilgst tikpat, cik citas",
        en="moved sessions of a repeating event: a list of {from: the session's date by the rule, to: the new date, "
        "date-time or interval}; without an end the session lasts as long as the others",
    ),
    _f(
        "status",
        STATUS,
        neutral=True,
        example="draft",
        lv="published (noklusējums), draft (melnraksts: redzams tikai priekšskatījumā, netiek publicēts) vai "
        "hidden (publicēts, bet nav sarakstos); nākotnes datums publicē rakstu tajā dienā",
        en="published (default), draft (shown only in the preview, never published) or hidden (published, "
        "not listed); a future date publishes the article on that day",
    ),
    _f(
        "translation",
        TEXT,
        example="lean-pieredze-2018",
        lv="tulkojumu atslēga, ja faila nosaukumi atšķiras",
        en="translation key when file names differ",
    ),
)

PROJECT_FIELDS: tuple[Field, ...] = (
    _f(
        "code",
        CODE,
        required=True,
        neutral=True,
        scaffold=True,
        example="LLI-59",
        lv="unikāls projekta kods; lapas adrese to izmanto mazajiem burtiem",
        en="unique project code; the page's URL uses it lowercased",
    ),
    _f(
        "title",
        TEXT,
        required=True,
        scaffold=True,
        example="Praktisko apmācību un pasākumu cikls",
        lv="pilns nosaukums",
        en="full name",
    ),
    _f("short_title", TEXT, example="Open Leadership", lv="īsais nosaukums", en="short name"),
    _f(
        "programme",
        PROGRAMME,
        required=True,
        neutral=True,
        scaffold=True,
        example="interreg-lv-lt-2014-2020",
        lv="programmas atslēga no data/programmes.yaml",
        en="key in data/programmes.yaml",
    ),
    _f(
        "beneficiary",
        TEXT,
        neutral=True,
        example="Latgales plānošanas reģions",
        lv="kas atbild par saturu; noklusējums: vietnes organizācija",
        en="who is responsible for the content; default: the site's organisation",
    ),
    _f(
        "beneficiary_genitive",
        TEXT,
        neutral=True,
        example="Preiļu novada pašvaldības",
        lv="saņēmējs ģenitīvā (kā?), ja programmas paziņojums to prasa („… ir tikai un vienīgi Preiļu novada "
        "pašvaldības viedokļi”); vietnes organizācijai to dod iestatījumi",
        en="the beneficiary in the genitive, for notices that need it (Latvian „Preiļu novada pašvaldības”); "
        "the site's organisation has it in the settings",
    ),
    _f(
        "start",
        DATE,
        required=True,
        neutral=True,
        scaffold=True,
        example="2017-09-01",
        lv="projekta sākums",
        en="project start",
    ),
    _f(
        "end",
        DATE,
        required=True,
        neutral=True,
        scaffold=True,
        example="2019-08-31",
        lv="projekta beigas (statuss izriet no datumiem)",
        en="project end (status follows from the dates)",
    ),
    _f("budget", MONEY, neutral=True, example="250000", lv="kopējais budžets, EUR", en="total budget, EUR"),
    _f("eu_funding", MONEY, neutral=True, example="212500", lv="ES finansējums, EUR", en="EU funding, EUR"),
    _f(
        "partners",
        TEXT_LIST,
        neutral=True,
        example="[Utenas rajona pašvaldība]",
        lv="partneri (tulkojums var dot to nosaukumus savā valodā)",
        en="partners (a translation may give their names in its language)",
    ),
    _f(
        "municipalities",
        MUNICIPALITY_LIST,
        neutral=True,
        example="[preili, ludza]",
        lv="iesaistītās pašvaldības",
        en="municipalities involved",
    ),
    _f("website", URL, neutral=True, example="https://latlit.eu", lv="tīmekļvietne", en="website"),
    _f("summary", LONG_TEXT, example="Apmācības pašvaldību darbiniekiem.", lv="ievads", en="teaser"),
    _f("image", IMAGE, neutral=True, requires=("image_alt",), example="images/projekts.jpg", lv="attēls", en="picture"),
    _f("image_alt", TEXT, lv="attēla alternatīvais teksts", en="the picture's alternative text"),
    _f("translation", TEXT, lv="tulkojumu atslēga", en="translation key"),
)

PAGE_FIELDS: tuple[Field, ...] = (
    _f("title", TEXT, required=True, scaffold=True, example="Par mums", lv="virsraksts", en="title"),
    _f("slug", SLUG, example="par-mums", lv="adreses daļa", en="URL part"),
    _f("summary", LONG_TEXT, lv="apraksts", en="description"),
    _f("modified", DATE_OR_DATETIME, neutral=True, lv="pēdējo izmaiņu laiks", en="last change"),
    _f("translation", TEXT, lv="tulkojumu atslēga", en="translation key"),
)

FIELDS: dict[str, tuple[Field, ...]] = {ARTICLE: ARTICLE_FIELDS, PROJECT: PROJECT_FIELDS, PAGE: PAGE_FIELDS}

# Where each kind lives under content/.
FOLDERS: dict[str, str] = {ARTICLE: "articles", PROJECT: "projects", PAGE: "pages"}


def fields_by_name(kind: str) -> dict[str, Field]:
    """Every key of ``kind`` and its aliases mapped to its Field."""
    out: dict[str, Field] = {}
    for f in FIELDS[kind]:
        out[f.name] = f
        for alias in f.aliases:
            out[alias] = f
    return out


def label_of(path: str, key: str, lang: str = "lv") -> str:
    """The web editor's name for ``key`` in a content file at ``path`` (relative to content/), or ""."""
    folder = path.replace("\\", "/").split("/", 1)[0]
    kind = next((k for k, f in FOLDERS.items() if f == folder), None)
    if kind is None:
        return ""
    found = fields_by_name(kind).get(key)
    return found.label.get(lang, "") if found else ""


def neutral_keys(kind: str) -> tuple[str, ...]:
    return tuple(f.name for f in FIELDS[kind] if f.neutral)
