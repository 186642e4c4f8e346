"""Property tests: the schema parser, the date formatter and the slugger never
raise an unhandled exception, whatever the input."""

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from contentmodel import schema
from contentmodel.frontmatter import FrontMatterError, normalise, split
from contentmodel.validate import coerce
from events.parse import EventDateError, parse_event_dates
from events.words import format_occurrences
from lvlang.dates import format_date
from lvlang.slugs import slugify
from tests.langs import ALL

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@given(st.text())
def test_slugs_are_ascii_nonempty_stable(text):
    slug = slugify(text)
    assert SLUG.match(slug), slug
    assert slug == slugify(text)
    assert slugify(slug) == slug


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    st.sampled_from(ALL),
    st.sampled_from(["long", "short"]),
)
def test_dates_always_format(day, lang, style):
    text = format_date(day, lang, style)
    assert str(day.year) in text


@given(st.lists(st.text(max_size=40), max_size=4))
def test_event_dates_parse_or_explain(values):
    try:
        occurrences = parse_event_dates(values)
    except EventDateError as exc:
        assert exc.problem
    else:
        assert occurrences


@settings(max_examples=150)
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)),
            st.integers(min_value=0, max_value=40),
        ),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(ALL),
)
def test_words_for_any_valid_dates(items, lang):
    values = [f"{d}/{d + dt.timedelta(days=n)}" if n else str(d) for d, n in items]
    assert format_occurrences(parse_event_dates(values), lang)


@given(st.text())
def test_front_matter_parser_never_crashes(text):
    try:
        source = split(normalise("---\n" + text + "\n---\nbody"))
    except FrontMatterError as exc:
        assert exc.message
    else:
        values, problems = coerce(schema.ARTICLE, source.meta, path="a.md", key_lines=source.key_lines)
        assert isinstance(values, dict) and isinstance(problems, list)


@given(
    st.dictionaries(
        st.sampled_from([f.name for f in schema.ARTICLE_FIELDS] + ["x"]),
        st.one_of(
            st.none(),
            st.text(),
            st.integers(),
            st.booleans(),
            st.lists(st.text()),
            st.dictionaries(st.text(), st.text()),
        ),
    )
)
def test_schema_coercion_never_crashes(raw):
    values, problems = coerce(schema.ARTICLE, raw, path="a.md", key_lines={})
    for p in problems:
        assert p.message and p.path == "a.md"


@given(
    st.lists(
        st.lists(
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs", "Zl", "Zp", "Cc")), min_size=1, max_size=12
            ).filter(lambda t: t.strip(" ")),
            min_size=1,
            max_size=4,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_flowed_text_joins_lines_and_keeps_paragraphs(paragraphs):
    """An editor's hard line breaks inside a paragraph become spaces; blank lines stay paragraph breaks."""
    from contentmodel.markup import flowed

    source = "\n\n".join("\n ".join(lines) for lines in paragraphs)
    out = flowed(source)
    assert "\n\n\n" not in out and all("\n" not in p for p in out.split("\n\n"))
    assert out.split() == source.split()
    assert out.count("\u00a0") == source.count("\u00a0")  # non-breaking spaces stay
    assert len(out.split("\n\n")) == len(paragraphs)


def test_flowed_text_example():
    from contentmodel.markup import flowed

    assert (
        flowed("Preiļu\n tirgus laukumā\nnotiek tirgus.\n\n  Nāciet!  ")
        == "Preiļu tirgus laukumā notiek tirgus.\n\nNāciet!"
    )
