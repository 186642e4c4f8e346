"""The web editor's configuration follows the content schema: every key, its checks, its languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cms.config import COLLECTION_NAMES, Backend, Choice, EditorSetup, decap_config
from cms.site_pages import interface_languages
from contentmodel import schema
from contentmodel.diagnostics import Problem
from contentmodel.validate import coerce

SETUP = EditorSetup(
    ui="lv",
    languages=("lv", "en", "ltg", "lt"),
    default_lang="lv",
    projects=(Choice("LLI-59", "LLI-59 · Open Leadership"),),
    programmes=(Choice("interreg-lv-lt-2014-2020", "Interreg V-A"),),
    municipalities=(
        Choice("preili", "Preiļu novads"),
        Choice("aglona", "Aglonas novads (bijusī; tagad Preiļu novads)"),
    ),
)


def _collections(setup: EditorSetup = SETUP) -> dict[str, dict]:
    return {c["name"]: c for c in decap_config(setup)["collections"]}


def _fields(collection: dict) -> dict[str, dict]:
    return {f["name"]: f for f in collection["fields"]}


@pytest.mark.parametrize("kind", schema.KINDS)
def test_every_schema_key_has_exactly_one_widget(kind):
    fields = _fields(_collections()[COLLECTION_NAMES[kind]])
    assert set(fields) == {f.name for f in schema.FIELDS[kind]} | {"body"}
    for f in schema.FIELDS[kind]:
        widget = fields[f.name]
        assert widget["required"] is f.required, f.name
        assert widget["label"] == f.label["lv"] and widget["label"] != f.name, f.name
        if f.neutral and widget["widget"] != "list":
            assert widget["i18n"] == "duplicate", f.name
        elif not f.neutral:
            assert widget["i18n"] is True, f.name
        else:  # Decap cannot copy lists: the build's inheritance does
            assert widget["i18n"] is False, f.name


def test_labels_and_hints_follow_the_interface_language():
    en = _fields(_collections(EditorSetup(ui="en", languages=("lv", "en"), default_lang="lv"))["articles"])
    lv = _fields(_collections()["articles"])
    assert lv["image_alt"]["label"] == "Bildes alternatīvais teksts"
    assert en["image_alt"]["label"] == "Picture's alternative text"
    assert "alternatīvais teksts" in lv["image_alt"]["hint"] and "alternative text" in en["image_alt"]["hint"]
    assert decap_config(SETUP)["locale"] == "lv"


def test_files_are_named_as_the_content_model_names_them():
    config = decap_config(SETUP)
    assert config["i18n"] == {
        "structure": "multiple_files",
        "locales": ["lv", "en", "ltg", "lt"],
        "default_locale": "lv",
    }
    articles, projects, pages = (_collections()[n] for n in ("articles", "projects", "pages"))
    assert articles["folder"] == "content/articles" and articles["path"] == "{{year}}/{{slug}}"
    assert projects["folder"] == "content/projects" and projects["slug"] == "{{fields.code | lower}}"
    assert pages["folder"] == "content/pages"
    assert all(c["extension"] == "md" and c["format"] == "yaml-frontmatter" for c in (articles, projects, pages))
    assert config["media_folder"] == "content/images" and config["public_folder"] == "images"


def test_choices_come_from_the_data():
    articles, projects = _collections()["articles"], _collections()["projects"]
    options = _fields(articles)["projects"]
    assert options["widget"] == "select" and options["multiple"] is True
    assert options["options"] == [{"label": "LLI-59 · Open Leadership", "value": "LLI-59"}]
    municipalities = _fields(articles)["municipalities"]["options"]
    assert {"label": "Aglonas novads (bijusī; tagad Preiļu novads)", "value": "aglona"} in municipalities
    assert _fields(projects)["programme"]["options"][0]["value"] == "interreg-lv-lt-2014-2020"
    status = _fields(articles)["status"]
    assert [o["value"] for o in status["options"]] == list(schema.STATUSES)
    assert [o["value"] for o in _fields(articles)["event_status"]["options"]] == list(schema.EVENT_STATUSES)


def test_event_statuses_are_the_ones_the_validator_knows():
    from events.model import STATUSES

    assert set(schema.EVENT_STATUSES) <= set(STATUSES)


def test_money_has_its_range_and_patterns_their_messages():
    fields = _fields(_collections()["projects"])
    assert fields["budget"]["widget"] == "number" and fields["budget"]["min"] == 0
    assert fields["code"]["pattern"][0] == schema.PATTERNS[schema.CODE]
    assert "LLI-59" in fields["code"]["pattern"][1]
    assert (
        _fields(_collections()["articles"])["event_dates"]["field"]["pattern"][0] == schema.PATTERNS[schema.EVENT_DATES]
    )


def test_backends_local_and_published():
    local = decap_config(
        EditorSetup(ui="lv", languages=("lv",), default_lang="lv", local_backend="http://127.0.0.1:8081/api/v1")
    )
    assert local["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"} and "publish_mode" not in local
    published = decap_config(
        EditorSetup(
            ui="lv",
            languages=("lv",),
            default_lang="lv",
            editorial_workflow=True,
            backend=Backend("github", "latgale/site", "main", "https://auth.example.lv"),
        )
    )
    assert published["backend"] == {
        "name": "github",
        "branch": "main",
        "repo": "latgale/site",
        "base_url": "https://auth.example.lv",
    }
    assert published["publish_mode"] == "editorial_workflow" and "local_backend" not in published


def test_interface_languages_are_the_schema_languages_the_site_has():
    assert interface_languages(["lv", "en", "ltg"], "lv") == ["lv", "en"]
    assert interface_languages(["en", "lv"], "en") == ["en", "lv"]
    assert interface_languages(["lt", "en"], "lt") == ["en"]
    assert interface_languages(["lt"], "lt") == [schema.SCHEMA_LANGUAGES[0]]


def test_every_type_of_the_schema_has_a_widget():
    types = {f.type for kind in schema.KINDS for f in schema.FIELDS[kind]}
    widgets = {f["widget"] for c in _collections().values() for f in c["fields"]}
    assert types and "markdown" in widgets


# ---------------------------------------------------------------- what the editor accepts, the build accepts

_FIELD_OF_TYPE = {
    schema.DATE: ("project", "start"),
    schema.DATE_OR_DATETIME: ("article", "date"),
    schema.SLUG: ("article", "slug"),
    schema.CODE: ("project", "code"),
    schema.RRULE: ("article", "event_recurrence"),
    schema.URL: ("project", "website"),
}


_RULES = [
    "FREQ=WEEKLY;BYDAY=SA",
    "FREQ=MONTHLY;BYMONTHDAY=1,15",
    "RRULE:FREQ=DAILY;COUNT=5",
    "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=23",
]


@pytest.mark.parametrize("type_", sorted(_FIELD_OF_TYPE))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_value_the_editor_accepts_passes_the_validator(type_, data):
    kind, key = _FIELD_OF_TYPE[type_]
    if type_ == schema.RRULE:
        # the pattern checks only the shape of a rule: real rules are drawn instead, each of that shape
        text = data.draw(st.sampled_from(_RULES))
        assert re.fullmatch(schema.PATTERNS[type_], text), text
    else:
        text = data.draw(st.from_regex(schema.PATTERNS[type_], fullmatch=True).filter(lambda t: "\n" not in t))
    if type_ in (schema.DATE, schema.DATE_OR_DATETIME):
        day = data.draw(st.dates(min_value=dt.date(1900, 1, 1)))
        text = day.isoformat() + text[10:]  # the pattern cannot know month lengths: the editor's picker does
    values, problems = coerce(kind, {key: text}, path="x.lv.md", key_lines={})
    assert problems == [], (text, problems)


@settings(max_examples=300, deadline=None)
@given(st.dates(), st.dates(), st.booleans())
def test_event_dates_the_pattern_accepts_are_dates_the_validator_reads(a, b, timed):
    start, end = sorted((a, b))
    item = f"{start.isoformat()}T10:00/{end.isoformat()}T12:00" if timed else f"{start.isoformat()}/{end.isoformat()}"
    if not re.fullmatch(schema.PATTERNS[schema.EVENT_DATES], item):
        assert not (start.year >= 1900 and end.year <= 2199), item
        return
    values, problems = coerce("article", {"event_dates": [item]}, path="x.lv.md", key_lines={})
    assert problems == [], problems


@pytest.mark.parametrize(
    "type_, bad",
    [
        (schema.SLUG, "Mans Raksts"),
        (schema.CODE, "LLI 59"),
        (schema.DATE, "10.12.2019."),
        (schema.URL, "javascript:alert(1)"),
        (schema.EVENT_DATES, "2018-05-15 10:00"),
        (schema.RRULE, "every Saturday"),
    ],
)
def test_the_editor_refuses_what_the_validator_refuses(type_, bad):
    assert not re.fullmatch(schema.PATTERNS[type_], bad)


def test_build_errors_name_the_editor_field():
    text = Problem("articles/2026/x.lv.md", 4, "image_alt", "is missing", "add it").format()
    assert text.startswith("articles/2026/x.lv.md:4: [image_alt] error: is missing\n    hint: add it\n")
    assert text.endswith(
        "\n    in the web editor: the field “Bildes alternatīvais teksts” / “Picture's alternative text”"
    )
    assert "[rrf.notice]" in Problem("data/programmes.yaml", 3, "rrf.notice", "x").format()


@pytest.mark.parametrize("ui", ["lv", "en"])
def test_cancelled_and_moved_sessions_are_lists_the_validator_reads(ui):
    setup = EditorSetup(ui=ui, languages=("lv", "en"), default_lang="lv")
    fields = _fields(_collections(setup)["articles"])
    exceptions, moves = fields["event_exceptions"], fields["event_moves"]
    assert exceptions["widget"] == "list" and exceptions["field"]["widget"] == "string"
    assert exceptions["i18n"] is False and moves["i18n"] is False  # lists go into the default language's file
    assert [f["name"] for f in moves["fields"]] == ["from", "to"]
    assert exceptions["label"] == {"lv": "Atceltās reizes", "en": "Cancelled sessions"}[ui]
    session, to = exceptions["field"]["pattern"][0], moves["fields"][1]["pattern"][0]
    assert re.fullmatch(session, "2026-12-26") and re.fullmatch(session, "2026-12-26T08:00")
    assert not re.fullmatch(session, "2026-12-26/2026-12-27")
    assert re.fullmatch(to, "2026-12-23T10:00/2026-12-23T16:00")
    # what the editor writes, the validator reads
    values, problems = coerce(
        "article",
        {
            "event_exceptions": ["2026-12-26"],
            "event_moves": [{"from": "2026-12-19", "to": "2026-12-23T10:00/2026-12-23T16:00"}],
        },
        path="x.lv.md",
        key_lines={},
    )
    assert problems == []
    assert values["event_exceptions"] == (dt.date(2026, 12, 26),)
    assert values["event_moves"][0][0] == dt.date(2026, 12, 19)
