import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lvlang import dates, numbers
from lvlang.collation import collate
from lvlang.months import GENITIVE, LOCATIVE, latvian_month
from lvlang.slugs import slugify
from tests.langs import EN, LTG, LV

LOC = [
    "janvārī",
    "februārī",
    "martā",
    "aprīlī",
    "maijā",
    "jūnijā",
    "jūlijā",
    "augustā",
    "septembrī",
    "oktobrī",
    "novembrī",
    "decembrī",
]
GEN = [
    "janvāra",
    "februāra",
    "marta",
    "aprīļa",
    "maija",
    "jūnija",
    "jūlija",
    "augusta",
    "septembra",
    "oktobra",
    "novembra",
    "decembra",
]


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_running_text(month):
    d = dt.date(2019, month, 10)
    assert dates.format_date(d, LV) == f"2019. gada 10. {LOC[month - 1]}"
    assert latvian_month(month, "genitive") == GEN[month - 1]
    assert dates.format_date(d, LV, "short") == f"10.{month:02d}.2019."
    assert dates.format_date(d, EN) == f"10 {dates.month_name(month, EN)} 2019"


def test_month_table_and_errors():
    assert len(LOCATIVE) == len(GENITIVE) == 12
    with pytest.raises(ValueError):
        latvian_month(13, "locative")
    with pytest.raises(ValueError):
        latvian_month(1, "dative")
    with pytest.raises(ValueError):
        dates.format_date(dt.date(2019, 1, 1), LV, "medium")


def test_times_and_datetimes_across_dst():
    riga = ZoneInfo("Europe/Riga")
    summer = dt.datetime(2024, 3, 31, 10, 0, tzinfo=riga)
    winter = dt.datetime(2024, 10, 27, 10, 0, tzinfo=riga)
    assert dates.format_datetime(summer, LV) == "2024. gada 31. martā plkst. 10.00"
    assert dates.format_datetime(winter, EN) == "27 October 2024, 10:00"
    assert dates.format_time_range(dt.time(10), dt.time(16), LV) == "plkst. 10.00–16.00"
    assert dates.format_time_range(dt.time(10), dt.time(16), EN) == "10:00–16:00"


def test_calendar_words_come_from_babel():
    assert dates.month_caption(2018, 5, LV) == "2018. gada maijs"
    assert dates.month_caption(2018, 5, EN) == "May 2018"
    assert dates.weekday_names(LV)[0] == "pirmdiena"
    assert dates.weekday_names(EN, "abbreviated")[6] == "Sun"
    assert len(set(dates.weekday_names(LTG, "short"))) == 7


def test_numbers_money_plurals():
    # Latvian style: the code after the amount, non-breaking spaces (EU style guide, State Language Centre)
    assert numbers.format_eur(30000, LV) == "30\u00a0000\u00a0EUR"
    assert numbers.format_eur(30000.5, LV) == "30\u00a0000,50\u00a0EUR"
    assert numbers.format_eur(30000.5, EN) == "€30,000.50"
    assert numbers.format_percent(0.85, LV) == "85\u00a0%" and numbers.format_percent(0.855, LV) == "85,5\u00a0%"
    assert numbers.format_percent(0.85, EN) == "85%"
    forms = {"zero": "{n} rakstu", "one": "{n} raksts", "other": "{n} raksti"}
    assert [numbers.plural(n, LV, forms) for n in (0, 1, 2, 11, 21)] == [
        "0 rakstu",
        "1 raksts",
        "2 raksti",
        "11 rakstu",
        "21 raksts",
    ]


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Latgales plānošanas reģions", "latgales-planosanas-regions"),
        ("Ķekava, Ļaudona un Ņukši!", "kekava-laudona-un-nuksi"),
        ("Latgolys plānuošonys regions – Rēzekne", "latgolys-planuosonys-regions-rezekne"),
        ("  --  ", None),
    ],
)
def test_slugs(text, slug):
    result = slugify(text)
    if slug is None:
        assert result.startswith("n-") and len(result) == 10
    else:
        assert result == slug


def test_slug_length_cut_at_word():
    slug = slugify("vārds " * 40, max_length=30)
    assert len(slug) <= 30 and not slug.endswith("-")
    assert slug.split("-") == ["vards"] * len(slug.split("-"))


def test_latvian_alphabetical_order():
    words = [
        "Žīguri",
        "Zilupe",
        "Čaka",
        "Cēsis",
        "Dagda",
        "Ģipka",
        "Gulbene",
        "Ķekava",
        "Kuldīga",
        "Ļaudona",
        "Ludza",
        "Ņukši",
        "Nīca",
        "Šķaune",
        "Sala",
    ]
    assert collate(words, LV) == [
        "Cēsis",
        "Čaka",
        "Dagda",
        "Gulbene",
        "Ģipka",
        "Kuldīga",
        "Ķekava",
        "Ludza",
        "Ļaudona",
        "Nīca",
        "Ņukši",
        "Sala",
        "Šķaune",
        "Zilupe",
        "Žīguri",
    ]
    assert collate(["b", "a"], LTG) == ["a", "b"]


# --- Languages are data: any locale Babel and ICU know --------------------------------------

from lvlang.language import Language, pick, resolve_path_words  # noqa: E402
from tests.langs import DE, LT, WIDE  # noqa: E402


def test_lithuanian_dates_numbers_and_plurals_come_from_babel():
    assert dates.format_date(dt.date(2018, 5, 15), LT) == "2018 m. gegužės 15 d."
    assert dates.month_caption(2018, 5, LT) == "2018 m. gegužė"
    assert dates.weekday_names(LT)[0] == "pirmadienis"
    assert dates.weekday_names(LT, "narrow")[0] == "P"
    assert dates.format_date(dt.date(2018, 5, 15), LT, "short") == "2018-05-15"
    forms = {"one": "{n} renginys", "few": "{n} renginiai", "other": "{n} renginių"}
    assert [numbers.plural(n, LT, forms) for n in (1, 3, 10, 21)] == [
        "1 renginys",
        "3 renginiai",
        "10 renginių",
        "21 renginys",
    ]
    assert numbers.format_eur(1500, LT).replace("\u00a0", " ") == "1 500 €"
    assert dates.format_date(dt.date(2018, 5, 15), DE) == "15. Mai 2018"


def test_lithuanian_collation_puts_y_with_i():
    towns = ["Zarasai", "Ylakiai", "Šiauliai", "Anykščiai", "Ignalina", "Jonava"]
    assert collate(towns, LT) == ["Anykščiai", "Ignalina", "Ylakiai", "Jonava", "Šiauliai", "Zarasai"]


def test_a_language_record_knows_its_chain_words_and_direction():
    assert LT.chain == ("lt", "en", "lv") and LT.direction == "ltr"
    assert LT.word("events") == "events"  # English words, from its fallback
    assert WIDE.language("ltg").word("events") == "pasakumi"
    own = {"lv": {"events": "pasakumi"}, "lt": {"events": "renginiai"}}
    assert resolve_path_words(("lt", "en", "lv"), own)["events"] == "renginiai"
    assert resolve_path_words(("lt", "en", "lv"), own)["tags"] == "tags"
    assert Language("ar", "العربية", "ar").data_locale == "ar"


def test_pick_follows_the_chain():
    texts = {"lv": "Latviski", "en": "In English"}
    assert pick(texts, LT) == "In English"
    assert pick(texts, WIDE.language("ltg")) == "Latviski"
    assert pick({"*": "Visiem"}, LT) == "Visiem"
    assert pick({}, LT) == ""


def test_name_days_hold_names_only():
    """29 February has no names (the list writes "-"); 22 May is also the day of every name the
    calendar lacks, which the list writes among the names as a sentence."""
    import json
    from importlib.resources import files

    from lvlang.namedays import clean_namedays, is_name

    raw = json.loads(files("lv_namedays").joinpath("data/tradic_vardadienu_saraksts.json").read_text("utf-8"))
    names, special = clean_namedays(raw)
    assert "02-29" not in names
    assert names["05-22"] == ["Emīlija"] and special == ["05-22"]
    assert names["01-01"] and all(is_name(n) for day in names.values() for n in day)
    assert sum(len(v) for v in names.values()) > 1000
    assert is_name("Anna-Marija") and not is_name("-") and not is_name("Visu vārdu diena")


def test_narrow_weekday_names_are_the_days_initials_in_every_language():
    from lvlang.language import Language

    ltg = Language("ltg", "Latgalīšu", "ltg", date_grammar="latgalian", data_locale="lv")
    assert dates.weekday_names(ltg, "narrow") == ["P", "Ū", "T", "C", "P", "S", "S"]  # not CLDR's root "M T W"
    assert dates.weekday_names(LV, "narrow") == ["P", "O", "T", "C", "P", "S", "S"]
    assert dates.weekday_names(EN, "narrow") == ["M", "T", "W", "T", "F", "S", "S"]
