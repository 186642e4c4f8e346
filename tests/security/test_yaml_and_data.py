"""Bad input in front matter and data files: a clear error, never a crash or a silent change.

* YAML 1.1 guessing is off: what the editor typed is what is published
  (``title: 1.10`` is "1.10", a tag ``no`` is "no").
* Deep nesting (which crashes libyaml), anchors and aliases ("billion laughs")
  and tags such as ``!!python/object/apply:os.system`` are refused before
  anything is built from them.
* The data files' values are checked for their type; notice templates allow
  only bare known placeholders and are filled without ``str.format``.
* A required key written but left empty is an error, not a vanished page.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import textwrap

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentmodel import schema
from contentmodel.frontmatter import (
    MAX_DEPTH,
    FrontMatterError,
    load_yaml_text,
    normalise,
    split,
)
from contentmodel.validate import coerce
from funding.municipalities import validate_municipalities
from funding.notices import ProjectInfo, fill, notices_for
from funding.programmes import validate_programmes
from lvlang.slugs import slugify
from tests.conftest import ROOT, build, write_content

LANGS = ("lv", "en", "ltg")
FALLBACKS = {"ltg": "lv"}  # as the demo settings say

# What editors type that YAML 1.1 would have turned into something else.
TYPED = ["1.10", "no", "yes", "010", "on", "~", "0x1F", "1_000", ".5", "12:30", "1e3", "2019-12-10", "off", "+1"]


def article(front: str, body: str = "Teksts.") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}\n"


def programmes_data() -> dict:
    return yaml.safe_load((ROOT / "content/data/programmes.yaml").read_text("utf-8"))


def municipalities_data() -> dict:
    return yaml.safe_load((ROOT / "content/data/municipalities.yaml").read_text("utf-8"))


def error_lines(log: str, where: str, key: str) -> list[str]:
    """The messages (with their hint line) for ``where`` (a file, optionally with :line) and ``[key]``."""
    lines = log.splitlines()
    found = []
    for i, line in enumerate(lines):
        if re.match(rf"{re.escape(where)}(:\d+)?: \[{re.escape(key)}\] error:", line):
            found.append(line + "\n" + (lines[i + 1] if i + 1 < len(lines) else ""))
    return found


def assert_error(built, where: str, key: str, text: str) -> None:
    matches = [m for m in error_lines(built.log, where, key) if text in m]
    assert matches, f"expected {where} [{key}] ... {text!r} in:\n{built.log}"


# ---------------------------------------------------------------------------------------------------------------
# 1. Text stays what the editor typed (unit and end to end)


def test_plain_scalars_stay_text_in_front_matter():
    items = ", ".join(TYPED)
    block = "\n".join(f"  - {t}" for t in TYPED)
    src = split(normalise(f"---\ntitle: 1.10\ntags: [{items}]\nmore:\n{block}\nyes: 1\nempty:\nnull_word: null\n---\n"))
    assert src.meta["title"] == "1.10"
    assert src.meta["tags"] == TYPED
    assert src.meta["more"] == TYPED
    assert src.meta["yes"] == "1"  # keys too
    assert src.meta["empty"] is None and src.meta["null_word"] is None  # an empty key is an absent key
    assert all(isinstance(v, str) for v in src.meta["tags"])


def test_typed_coercers_parse_the_text():
    src = split(
        normalise(
            article(
                "code: X-1\ntitle: 1.10\nprogramme: rrf\nstart: 2020-01-01\nend: 2021-12-31\n"
                "budget: 1 000,50\neu_funding: 010\nwebsite: https://latlit.eu\npartners: [no, yes]"
            )
        )
    )
    values, problems = coerce(schema.PROJECT, src.meta, path="p.md", key_lines=src.key_lines)
    assert problems == []
    assert values["title"] == "1.10" and values["partners"] == ("no", "yes")
    assert values["budget"] == 1000.5 and values["eu_funding"] == 10.0
    assert str(values["start"]) == "2020-01-01" and str(values["end"]) == "2021-12-31"
    src = split(normalise(article("title: A\ndate: 2019-12-10 14:30\nevent_dates: [2019-12-11]")))
    values, problems = coerce(schema.ARTICLE, src.meta, path="a.md", key_lines=src.key_lines)
    assert problems == [] and values["date"].has_time and values["date"].value.hour == 14


@pytest.fixture(scope="module")
def typed_site(tmp_path_factory):
    """One article per typed value (title and tag), and a translation that leaves its date empty."""
    base = tmp_path_factory.mktemp("typed")
    files = {
        f"articles/case-{i}.lv.md": article(f"title: {value}\ndate: 2019-12-10\nslug: case-{i}\ntags: [{value}]")
        for i, value in enumerate(TYPED)
    }
    files["articles/inherit.lv.md"] = article("title: Oriģināls\ndate: 2019-12-11")
    files["articles/inherit.en.md"] = article("title: Translation\ndate:")
    write_content(base / "content", files)
    built = build(base / "content", base / "output")
    assert built.code == 0, built.log
    return built


@pytest.mark.site
@pytest.mark.parametrize("index, value", list(enumerate(TYPED)), ids=TYPED)
def test_typed_value_is_published_as_written(typed_site, index, value):
    page = typed_site.read(f"2019/case-{index}/index.html")
    assert f'<h1 class="p-name">{html.escape(value)}</h1>' in page
    feed = typed_site.read("feeds/all.atom.xml")
    assert f"<title>{html.escape(value)}</title>" in feed
    assert f'<category term="{html.escape(value)}"/>' in feed
    tag_page = typed_site.read(f"birkas/{slugify(value)}/index.html")
    assert f"<title>{html.escape(value)} –" in tag_page


@pytest.mark.site
def test_translation_with_an_empty_neutral_key_inherits_it(typed_site):
    assert typed_site.exists("en/2019/translation/index.html")


# ---------------------------------------------------------------------------------------------------------------
# 2. Nesting, anchors and aliases, tags


@pytest.mark.parametrize(
    "text",
    [
        "tags: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5),
        "a: " + "{a: " * (MAX_DEPTH + 5) + "x" + "}" * (MAX_DEPTH + 5),
        "\n".join(" " * i + "a:" for i in range(MAX_DEPTH + 5)),
        "tags:\n" + "".join("  " * i + "-\n" for i in range(MAX_DEPTH + 5)),
        "tags:\n  " + "- " * (MAX_DEPTH + 5) + "x",
    ],
    ids=["flow-list", "flow-mapping", "block-mapping", "block-list", "compact-list"],
)
def test_deep_nesting_is_refused_with_a_line(text):
    with pytest.raises(FrontMatterError) as info:
        split(normalise(f"---\ntitle: A\n{text}\n---\n"))
    assert "nested more than" in info.value.message and info.value.line and info.value.hint


def test_nesting_within_the_limit_works():
    depth = MAX_DEPTH - 1
    src = split(normalise("---\ntags: " + "[" * depth + "x" + "]" * depth + "\n---\n"))
    value = src.meta["tags"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == ["x"]


BILLION_LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    + ["tags: *i"]
)


@pytest.mark.parametrize(
    "text, word",
    [
        (BILLION_LAUGHS, "anchor"),
        ("title: &t A\ndate: 2019-01-01", "anchor"),
        ("title: *t\ndate: 2019-01-01", "alias"),
        ("a: &a [*a]", "anchor"),
        ("<<: {title: A}\ntitle: B", None),  # no merge keys either: "<<" is just an unknown key
    ],
)
def test_anchors_and_aliases_are_refused(text, word):
    if word is None:
        assert split(normalise(f"---\n{text}\n---\n")).meta["<<"] == {"title": "A"}
        return
    with pytest.raises(FrontMatterError) as info:
        split(normalise(f"---\n{text}\n---\n"))
    assert word in info.value.message and "not allowed" in info.value.message
    assert info.value.line and "write the value out" in info.value.hint


@pytest.mark.parametrize(
    "text, tag",
    [
        ("title: !!python/object/apply:os.system [echo unsafe]", "!!python/object/apply:os.system"),
        ("title: !!python/object:os.system {}", "!!python/object:os.system"),
        ("title: !!python/name:os.system ''", "!!python/name:os.system"),
        ("budget: !!float .nan", "!!float"),
        ("title: !!binary aGVsbG8=", "!!binary"),
        ("tags: !!set {a, b}", "!!set"),
        ("title: !custom x", "!custom"),
    ],
)
def test_yaml_tags_are_refused(text, tag):
    with pytest.raises(FrontMatterError) as info:
        split(normalise(f"---\n{text}\n---\n"))
    assert f"the YAML tag '{tag}' is not allowed" == info.value.message
    assert info.value.line == 2 and info.value.hint


def test_a_plain_str_tag_is_text():
    assert split(normalise("---\ntitle: !!str 1.10\nx: ! yes\n---\n")).meta == {"title": "1.10", "x": "yes"}


def _build_in_subprocess(tmp_path, files: dict[str, str]) -> subprocess.CompletedProcess:
    content, output = tmp_path / "content", tmp_path / "output"
    write_content(content, files)
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from tests.conftest import build
        built = build(Path({str(content)!r}), Path({str(output)!r}))
        sys.stdout.write(built.log)
        sys.exit(built.code)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300
    )


@pytest.mark.site
def test_front_matter_nested_10000_deep_does_not_crash_the_build(tmp_path):
    deep = 10_000
    result = _build_in_subprocess(
        tmp_path,
        {
            "articles/list.lv.md": article("title: A\ndate: 2019-01-01\ntags: " + "[" * deep * 10 + "]" * deep * 10),
            "articles/map.lv.md": article("title: B\ndate: 2019-01-01\ntags: " + "{a: " * deep + "b" + "}" * deep),
            "articles/open.lv.md": article("title: C\ndate: 2019-01-01\ntags: " + "[" * deep * 10),
            "articles/indent.lv.md": "---\ntitle: D\ndate: 2019-01-01\n"
            + "".join(  # 10 000 lines would be 47 MB
                " " * i + "a:\n" for i in range(2_000)
            )
            + "---\n\nTeksts.\n",
        },
    )
    assert result.returncode == 1, (result.returncode, result.stdout[-3000:], result.stderr[-3000:])
    assert "Traceback" not in result.stdout + result.stderr
    for name in ("list", "map", "open", "indent"):
        assert re.search(
            rf"articles/{name}\.lv\.md:\d+: error: the lists and sets of keys are nested more than", result.stdout
        ), result.stdout
    assert not (tmp_path / "output" / "index.html").exists()


@pytest.mark.site
def test_data_files_nested_10000_deep_do_not_crash_the_build(tmp_path):
    deep = 10_000
    result = _build_in_subprocess(
        tmp_path,
        {
            "articles/a.lv.md": article("title: A\ndate: 2019-01-01"),
            "data/programmes.yaml": "rrf:\n  name: " + "[" * deep + "]" * deep + "\n",
            "data/municipalities.yaml": "aglona:\n  name: " + "{lv: " * deep + "Aglona" + "}" * deep + "\n",
        },
    )
    assert result.returncode == 1, (result.returncode, result.stdout[-3000:], result.stderr[-3000:])
    assert "Traceback" not in result.stdout + result.stderr
    assert re.search(r"data/programmes\.yaml:2: error: the lists and sets of keys are nested", result.stdout)
    assert re.search(r"data/municipalities\.yaml:2: error: the lists and sets of keys are nested", result.stdout)
    assert not (tmp_path / "output" / "index.html").exists()


# ---------------------------------------------------------------------------------------------------------------
# 3. Data files: shapes and values


def _with_bad_data() -> tuple[str, str]:
    programmes = programmes_data()
    programmes["rrf"]["name"] = ["Atveseļošanas fonds", "Recovery fund"]
    programmes["rrf"]["notice"] = ["Par saturu atbild {beneficiary}."]
    programmes["rrf"]["eu_funded"] = "maybe"
    programmes["rrf"]["funds"] = {"lv": "ERAF"}
    programmes["esf-plus-2021-2027"]["name"]["lv"] = "ES fondi\u202e2021"
    programmes["esf-plus-2021-2027"]["emblem"]["alt"]["en"] = "Flag\x07of the EU"
    programmes["esf-plus-2021-2027"]["short_name"] = {"lv": ["a", "b"]}
    programmes["esf-plus-2021-2027"]["emblem"]["file"] = ["images/emblems/eu-emblem.svg"]
    municipalities = municipalities_data()
    municipalities["aglona"]["history"][0]["into"] = ["preili"]
    municipalities["balvi"]["name"] = {"lv": {"pilns": "Balvu novads"}, "en": "Balvi"}
    municipalities["ludza"]["name"] = ["Ludzas novads", "Ludza"]
    municipalities["ludza"]["aliases"] = {"Ludzā": "yes"}
    municipalities["preili"]["short"] = {"lv": "Prei\tļi"}
    municipalities["kraslava"]["until"] = ["2021-06-30"]
    municipalities["livani"]["kind"] = {"novads": True}
    municipalities["riebini"]["history"][0]["date"] = "30.06.2021."
    return (yaml.safe_dump(programmes, allow_unicode=True), yaml.safe_dump(municipalities, allow_unicode=True))


DATA_CASES = [
    ("programmes", "rrf.name", "must be text or one text per language, not a list"),
    ("programmes", "rrf.notice", "must be text or one text per language, not a list"),
    ("programmes", "rrf.eu_funded", "must be true or false, not 'maybe'"),
    ("programmes", "rrf.funds", "must be a list of funds"),
    ("programmes", "esf-plus-2021-2027.name.lv", "contains U+202E RIGHT-TO-LEFT OVERRIDE, which is not allowed"),
    ("programmes", "esf-plus-2021-2027.emblem.alt.en", "contains U+0007 CONTROL CHARACTER, which is not allowed"),
    ("programmes", "esf-plus-2021-2027.short_name.lv", "must be text, not a list"),
    ("programmes", "esf-plus-2021-2027.emblem.file", "must be text, not a list"),
    ("municipalities", "aglona.history.1.into", "must be text, not a list"),
    ("municipalities", "balvi.name.lv", "must be text, not a set of keys"),
    ("municipalities", "ludza.name", "must be text or one text per language, not a list"),
    ("municipalities", "ludza.aliases", "must be a list of texts, not a set of keys"),
    ("municipalities", "preili.short.lv", "contains U+0009 TAB, which is not allowed"),
    ("municipalities", "kraslava.until", "must be a date, not a list"),
    ("municipalities", "livani.kind", "must be text, not a set of keys"),
    ("municipalities", "riebini.history.1.date", "'30.06.2021.' is not a date"),
]


@pytest.fixture(scope="module")
def bad_data_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("baddata")
    programmes, municipalities = _with_bad_data()
    write_content(
        base / "content",
        {
            "articles/a.lv.md": article("title: A\ndate: 2019-01-01"),
            "data/programmes.yaml": programmes,
            "data/municipalities.yaml": municipalities,
        },
    )
    return build(base / "content", base / "output")


@pytest.mark.site
@pytest.mark.parametrize("file, key, text", DATA_CASES, ids=[c[1] for c in DATA_CASES])
def test_data_file_shape_errors_are_clear(bad_data_site, file, key, text):
    built = bad_data_site
    assert built.code == 1 and "Traceback" not in built.log
    matches = [m for m in error_lines(built.log, f"data/{file}.yaml", key) if text in m]
    assert matches, f"expected data/{file}.yaml [{key}] ... {text!r} in:\n{built.log}"
    assert re.match(rf"data/{file}\.yaml:\d+: ", matches[0]), "the line is known"
    assert not (built.output / "index.html").exists()


def test_numbers_and_flags_from_typed_data():
    """A YAML reader that types values (as yaml.safe_load does) gives numbers: named where text is expected."""
    programmes = programmes_data()
    programmes["rrf"]["name"] = {"lv": 2020, "en": "Recovery"}
    programmes["rrf"]["notice"]["en"] = 1.5
    programmes["rrf"]["eu_funded"] = False
    programmes["interreg-lv-lt-2014-2020"]["eu_funded"] = "no"
    result, problems = validate_programmes(programmes, LANGS, "lv", fallbacks=FALLBACKS)
    messages = {(p.key, p.message) for p in problems}
    assert ("rrf.name.lv", "must be text, not a number") in messages
    assert ("rrf.notice.en", "must be text, not a number") in messages
    assert result["rrf"].eu_funded is False and result["interreg-lv-lt-2014-2020"].eu_funded is False
    municipalities = municipalities_data()
    municipalities["aglona"]["history"][0]["into"] = 7
    municipalities["balvi"]["name"]["en"] = True
    _result, problems = validate_municipalities(municipalities, LANGS, "lv", fallbacks=FALLBACKS)
    messages = {(p.key, p.message) for p in problems}
    assert ("aglona.history.1.into", "must be text, not a number") in messages
    assert ("balvi.name.en", "must be text, not true/false") in messages


def test_demo_data_files_read_as_text_validate_cleanly():
    from contentmodel.diagnostics import Report
    from contentmodel.frontmatter import load_data_file as load_yaml

    report = Report()
    programmes = load_yaml(ROOT / "content/data/programmes.yaml", "data/programmes.yaml", report)
    municipalities = load_yaml(ROOT / "content/data/municipalities.yaml", "data/municipalities.yaml", report)
    assert report.problems == []
    assert programmes.key_lines["rrf.notice.en"] > programmes.key_lines["rrf"]
    result, problems = validate_programmes(programmes, LANGS, "lv", fallbacks=FALLBACKS)
    assert [p for p in problems if p.severity == "error"] == [] and result["rrf"].eu_funded is True
    result, problems = validate_municipalities(municipalities, LANGS, "lv", fallbacks=FALLBACKS)
    assert [p for p in problems if p.severity == "error"] == [] and str(result["aglona"].until) == "2021-06-30"


@pytest.mark.parametrize(
    "text, message",
    [
        ("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", "anchor"),
        ("rrf: !!python/object/apply:os.system [echo unsafe]\n", "the YAML tag '!!python/object/apply:os.system'"),
        ("rrf: {name: A}\nrrf: {name: B}\n", "'rrf' is written twice"),
        ("- a\n- b\n", "must be a mapping of keys to entries"),
        ("rrf: [unclosed\n", "not valid YAML"),
    ],
    ids=["billion-laughs", "python-tag", "duplicate-entry", "a-list", "invalid"],
)
def test_data_file_reader_refuses_with_a_clear_error(tmp_path, text, message):
    from contentmodel.diagnostics import Report
    from contentmodel.frontmatter import load_data_file as load_yaml

    (tmp_path / "programmes.yaml").write_text(text, "utf-8")
    report = Report()
    load_yaml(tmp_path / "programmes.yaml", "data/programmes.yaml", report)
    assert len(report.errors) == 1
    (problem,) = report.errors
    assert problem.path == "data/programmes.yaml" and message in problem.message and problem.hint


def test_data_file_not_utf8(tmp_path):
    from contentmodel.diagnostics import Report
    from contentmodel.frontmatter import load_data_file as load_yaml

    (tmp_path / "m.yaml").write_bytes("a:\n  name: Preiļi\n".encode("cp1257"))
    report = Report()
    assert load_yaml(tmp_path / "m.yaml", "data/municipalities.yaml", report) == {}
    assert report.errors[0].message == "the file is not UTF-8 text" and report.errors[0].line == 2


# ---------------------------------------------------------------------------------------------------------------
# 4. Notice templates

NOTICE_VARIANTS = [
    ("{beneficiary:d}", "has a format (:d)"),
    ("{beneficiary:>{project}}", "has a format"),
    ("{beneficiary!r}", "has a conversion (!r)"),
    ("{beneficiary!s}", "has a conversion (!s)"),
    ("{beneficiary.__class__}", "reaches into a value (attribute or index)"),
    ("{beneficiary.__class__.__init__.__globals__}", "reaches into a value"),
    ("{beneficiary[0]}", "reaches into a value (attribute or index)"),
    ("{0}", "has no name"),
    ("{}", "has no name"),
    ("Par saturu atbild {beneficiary", "not a valid template"),
    ("Par saturu atbild beneficiary}", "not a valid template"),
    ("{nezinams}", "unknown placeholder {nezinams}"),
]


@pytest.mark.parametrize("template, message", NOTICE_VARIANTS, ids=[v[0] for v in NOTICE_VARIANTS])
def test_notice_template_variants_are_refused(template, message):
    programmes = programmes_data()
    programmes["rrf"]["notice"]["en"] = f"The project is co-funded. {template}"
    result, problems = validate_programmes(programmes, LANGS, "lv", fallbacks=FALLBACKS)
    found = [p for p in problems if p.key == "rrf.notice.en"]
    assert found and message in found[0].message and found[0].hint, problems
    assert "en" not in result["rrf"].notice  # an invalid template is never used


def test_valid_notice_and_escaped_braces_are_accepted():
    programmes = programmes_data()
    programmes["rrf"]["notice"]["en"] = "{{literal}} {project} by {beneficiary} under {programme}."
    result, problems = validate_programmes(programmes, LANGS, "lv", fallbacks=FALLBACKS)
    assert [p for p in problems if p.severity == "error"] == []
    (notice,) = notices_for(["X-1"], {"X-1": ProjectInfo("X-1", "Ceļš", "rrf", "LPR")}, result, "en", "lv", "LPR")
    assert notice.text == "{literal} X-1 \u201cCeļš\u201d by LPR under " + result["rrf"].name["en"] + "."


def test_fill_never_reaches_into_values():
    class Loud(str):
        def __getattribute__(self, name):
            raise AssertionError(f"attribute {name} was read")

    values = {"beneficiary": Loud("LPR"), "project": "P", "programme": "Q"}
    assert (
        fill("{beneficiary.__class__} {beneficiary[0]} {beneficiary!r} {beneficiary:d} {x} {0}", values)
        == "{beneficiary.__class__} {beneficiary[0]} {beneficiary!r} {beneficiary:d} {x} {0}"
    )
    assert fill("unbalanced {beneficiary", values) == "unbalanced {beneficiary"
    assert fill("{project} {{x}}", values) == "P {x}"


@pytest.mark.site
def test_notice_format_spec_fails_the_build(make_site):
    programmes = programmes_data()
    programmes["rrf"]["notice"]["lv"] = "Par saturu atbild {beneficiary.__class__.__name__}."
    programmes["rrf"]["notice"]["en"] = "Responsible: {beneficiary!r:>{project}}"
    programmes["interreg-lv-lt-2014-2020"]["notice"]["en"] = "Unbalanced {beneficiary"
    built = make_site(
        {
            "articles/a.lv.md": article("title: A\ndate: 2019-01-01"),
            "data/programmes.yaml": yaml.safe_dump(programmes, allow_unicode=True),
        }
    )
    assert built.code == 1 and "Traceback" not in built.log
    assert_error(built, "data/programmes.yaml", "rrf.notice.lv", "reaches into a value")
    assert_error(built, "data/programmes.yaml", "rrf.notice.en", "has a conversion (!r)")
    assert_error(built, "data/programmes.yaml", "interreg-lv-lt-2014-2020.notice.en", "not a valid template")
    assert not (built.output / "index.html").exists()


# ---------------------------------------------------------------------------------------------------------------
# 5. Empty titles

PROJECT = "code: X-{n}\n{title}\nprogramme: rrf\nstart: 2020-01-01\nend: 2021-01-01"
EMPTY_TITLES = ['title: ""', "title:", 'title: "   "', "title: ''", "title: null"]


@pytest.mark.site
def test_empty_titles_are_errors_for_articles_projects_and_pages(make_site):
    files = {}
    for n, title in enumerate(EMPTY_TITLES):
        files[f"articles/a{n}.lv.md"] = article(f"{title}\ndate: 2019-01-0{n + 1}")
        files[f"projects/p{n}.lv.md"] = article(PROJECT.format(n=n, title=title))
        files[f"pages/s{n}.lv.md"] = article(title)
    files["articles/ok.lv.md"] = article("title: Labs\ndate: 2019-01-01")
    files["articles/ok.en.md"] = article("title: '   '")  # a translation needs its own title
    built = make_site(files)
    assert built.code == 1 and "Traceback" not in built.log
    for n in range(len(EMPTY_TITLES)):
        assert_error(built, f"articles/a{n}.lv.md:2", "title", "'title' is empty")
        assert_error(built, f"projects/p{n}.lv.md:3", "title", "'title' is empty")
        assert_error(built, f"pages/s{n}.lv.md:2", "title", "'title' is empty")
    assert_error(built, "articles/ok.en.md:2", "title", "'title' is empty")
    assert "write the value after the colon" in built.log
    assert not (built.output / "index.html").exists()


@pytest.mark.site
def test_empty_date_on_the_original_is_an_error(make_site):
    built = make_site({"articles/a.lv.md": article("title: A\ndate:"), "articles/a.en.md": article("title: B")})
    assert built.code == 1
    assert_error(built, "articles/a.lv.md:3", "date", "'date' is empty")


# ---------------------------------------------------------------------------------------------------------------
# 6. No input crashes the reader

FRAGMENTS = [
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    ",",
    "-",
    "- ",
    "&a",
    "*a",
    "&b ",
    "*b",
    "!!python/object",
    "!!str",
    "!!python/object/apply:os.system",
    "!x",
    '"',
    "'",
    "\t",
    "\n",
    "\n  ",
    "---",
    "...",
    "#",
    "|",
    ">",
    "? ",
    "%YAML 1.1",
    "title",
    "date",
    "tags",
    "2019-12-10",
    "1.10",
    "no",
    "~",
    "null",
    "\\",
    "\x00",
    "\u202e",
    "\ufeff",
    "é",
    "<<",
    "@",
    "`",
    "%",
    "=",
    " ",
]


def _check_reader(text: str) -> None:
    try:
        source = split(normalise(text))
    except FrontMatterError as exc:
        assert isinstance(exc.message, str) and exc.message
    else:
        for kind in schema.KINDS:
            values, problems = coerce(kind, source.meta, path="a.md", key_lines=source.key_lines)
            assert isinstance(values, dict) and all(p.message for p in problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_yamlish_text_never_crashes_the_reader(parts):
    _check_reader("---\n" + "".join(parts) + "\n---\nbody")
    try:
        load_yaml_text("".join(parts))
    except FrontMatterError as exc:
        assert exc.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes_the_reader(text):
    _check_reader(text)
    _check_reader("---\n" + text + "\n---\n")


@pytest.mark.parametrize("text", ["a: \ud800", "\udfff", "title: [\ud83d]"])
def test_lone_surrogates_never_crash(text):
    with pytest.raises(FrontMatterError) as info:
        load_yaml_text(text)
    assert info.value.message == "not valid YAML: the text cannot be read"
