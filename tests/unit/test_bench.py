"""The tables of `invoke bench` (perf/bench.py), from given figures: every row and target is printed with
its figures, limits are applied the right way round, and the report block replaces only its own part of
docs/performance.md. Nothing here builds or times anything."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from perf.bench import (
    CURVE,
    Edit,
    Point,
    PreviewRun,
    Results,
    Run,
    curve_limits,
    curve_sizes,
    curve_table,
    preview_edit,
    replace_block,
    report_block,
    rerendered,
    results_table,
    share_text,
)

KEPT = "Built in 3.1 s (12 pages and files computed, 588 unchanged kept).\n"
ALL = "Built in 9.0 s.\n"


def results(c: float = 3.0, f: float = 9.0, f_output: str = ALL) -> Results:
    return Results(
        a=Run(30.0, 480.0, 0),
        b=Run(25.0, 300.0, 0),
        c=Run(c, 400.0, 0, output=KEPT),
        e=Run(46.0, 1870.0, 0, largest_mb=1595.0),
        f=Run(f, 450.0, 0, output=f_output),
        pages=600,
        plain_pages=400,
        index_s=20.9,
    )


def target_rows(table: str) -> dict[str, list[str]]:
    """The targets table: name -> (measured, limit, met)."""
    rows = table.split("| target | measured | limit | met |")[1].strip().splitlines()[1:]
    return {cells[0]: cells[1:] for cells in ([c.strip() for c in row.strip("|").split("|")] for row in rows)}


def measurement_rows(table: str) -> list[list[str]]:
    rows = table.split("\n\n")[0].splitlines()[2:]
    return [[c.strip() for c in row.strip("|").split("|")] for row in rows]


def test_every_row_has_its_figures():
    rows = measurement_rows(results_table(results()))
    names = [row[0] for row in rows]
    assert [name[:3] for name in names if name.startswith("(")] == ["(a)", "(b)", "(c)", "(e)", "(f)"]
    by_letter = {row[0][:3]: row for row in rows}
    assert by_letter["(a)"][1:] == ["30.0 s", "20", "600"]
    assert by_letter["(b)"][1:] == ["25.0 s", "16", "400"]
    assert by_letter["(f)"][1:] == ["9.0 s", "67", "600"]
    assert "build date one day later" in by_letter["(f)"][0]
    assert "every output re-rendered, none kept" in by_letter["(f)"][0]
    assert "12 of 600 outputs re-rendered (2%)" in by_letter["(c)"][0]
    assert ["of which the search index (Pagefind, from the build's records)", "20.9 s", "", ""] in rows


def test_targets_with_their_limits():
    targets = target_rows(results_table(results()))
    assert targets == {
        "cold build / plain Pelican (a)/(b)": ["1.20×", "≤ 1.00×", "NO"],
        "warm rebuild / cold build (c)/(a)": ["10.0%", "≤ 15%", "yes"],
        "peak memory of (a)": ["480 MB", "≤ 500 MB", "yes"],
        "`invoke build` with search / plain Pelican (e)/(b)": ["1.84×", "≤ 1.00×", "NO"],
        "peak memory of (e), search indexer included": ["1870 MB", "≤ 500 MB", "NO"],
        "largest single process of (e)": ["1595 MB", "≤ 300 MB", "NO"],
        "next day's rebuild / cold build (f)/(a)": ["30.0%", "≤ 15%", "NO"],
    }


@pytest.mark.parametrize(("seconds", "met"), [(4.5, "yes"), (4.51, "NO")])
def test_next_day_target_is_the_warm_limit(seconds, met):
    assert target_rows(results_table(results(f=seconds)))["next day's rebuild / cold build (f)/(a)"][2] == met


def test_results_fail_when_a_build_failed():
    assert results().ok
    broken = dataclasses.replace(results(), f=Run(1.0, 10.0, 1))
    assert not broken.ok


@pytest.mark.parametrize(
    ("output", "counts", "text"),
    [
        (KEPT, (12, 588), "12 of 600 outputs re-rendered (2%)"),
        (ALL, (None, 0), "every output re-rendered, none kept"),
        ("Traceback ...", None, "outputs re-rendered: not reported"),
        (f"waiting for another build\n{ALL}later {KEPT}", (12, 588), "12 of 600 outputs re-rendered (2%)"),
    ],
)
def test_share_of_outputs_rendered_again(output, counts, text):
    assert rerendered(output) == counts
    assert share_text(counts) == text


def test_curve_sizes():
    assert curve_sizes(True) == CURVE == (1000, 4000, 16000)
    assert curve_sizes("400,100, 200") == (100, 200, 400)
    assert curve_sizes("16000") == (16000,)
    for wrong in ("a,b", "0,100", "-5"):
        with pytest.raises(ValueError, match="--curve"):
            curve_sizes(wrong)


def test_curve_limits_are_the_issues_for_four_times_the_articles():
    assert curve_limits(4) == pytest.approx((4.4, 2.0))
    assert curve_limits(2) == pytest.approx((2.2, 4 / 3))


def curve(seconds16: float, memory16: float) -> str:
    return curve_table(
        [
            Point(16000, 24000, 33000, seconds16, memory16),  # given out of order
            Point(1000, 1500, 2100, 8.0, 250.0),
            Point(4000, 6068, 8317, 28.0, 480.0),
        ]
    )


def test_curve_table_against_the_size_before_the_largest():
    table = curve(112.0, 900.0)
    rows = measurement_rows(table)
    assert rows == [
        ["1000", "1500", "2100", "8.0 s", "0.29×", "250 MB", "0.52×"],
        ["4000", "6068", "8317", "28.0 s", "1.00×", "480 MB", "1.00×"],
        ["16000", "24000", "33000", "112.0 s", "4.00×", "900 MB", "1.88×"],
    ]
    assert "time / 4000" in table and "memory / 4000" in table
    assert target_rows(table) == {
        "cold build (a) time, 16000 / 4000 articles (4× the articles)": ["4.00×", "≤ 4.40×", "yes"],
        "peak memory of (a), 16000 / 4000 articles (4× the articles)": ["1.88×", "≤ 2.00×", "yes"],
    }


def test_curve_targets_missed():
    targets = target_rows(curve(124.0, 1000.0))
    assert [row[2] for row in targets.values()] == ["NO", "NO"]
    assert [row[0] for row in targets.values()] == ["4.43×", "2.08×"]


def test_curve_of_one_size_has_no_targets():
    table = curve_table([Point(200, 300, 605, 12.7, 124.0)])
    assert "| target |" not in table
    assert measurement_rows(table) == [["200", "300", "605", "12.7 s", "1.00×", "124 MB", "1.00×"]]


def test_report_blocks_replace_only_their_own_part():
    day = dt.date(2026, 12, 2)
    text = (
        "prose\n<!-- bench:start -->\nold table\n<!-- bench:end -->\nmiddle\n"
        "<!-- bench-curve:start -->\nold curve\n<!-- bench-curve:end -->\nend\n"
    )
    block = report_block("bench-curve", ["Corpora of 100, 200."], "| new |", day, "a machine")
    new = replace_block(text, "bench-curve", block)
    assert "old table" in new and "old curve" not in new
    assert "Run of 2026-12-02 on: a machine.\nCorpora of 100, 200.\n\n| new |\n<!-- bench-curve:end -->\nend" in new
    assert new.startswith("prose\n<!-- bench:start -->\nold table\n<!-- bench:end -->\nmiddle\n")
    appended = replace_block("prose\n", "bench", report_block("bench", [], "| t |", day, "m"))
    assert appended.startswith("prose\n\n<!-- bench:start -->\nRun of 2026-12-02 on: m.\n")
    assert appended.endswith("| t |\n<!-- bench:end -->\n")


def test_curve_without_memory_figures_misses_the_memory_target():
    table = curve_table([Point(100, 190, 380, 6.0, 0.0), Point(400, 650, 1040, 20.0, 0.0)])
    assert measurement_rows(table)[1][-1] == "nan×"
    targets = target_rows(table)
    assert [row[2] for row in targets.values()] == ["yes", "NO"]


def preview_run(text=(0.6, 0.9, 0.7), title=(1.5, 2.5, 1.9), search=(3.0, 4.0, 6.0)) -> PreviewRun:
    return PreviewRun(
        (
            Edit("text", text, search),
            Edit("title", title, search),
            Edit("date", (1.0, 1.2, 1.1), search),
            Edit("tag", (2.1, 2.2, 2.0), (5.0, 5.5, 5.2)),
        )
    )


def test_live_preview_rows_give_the_median_and_the_spread_of_each_edit():
    rows = measurement_rows(results_table(dataclasses.replace(results(), g=preview_run())))
    preview = [row for row in rows if row[0].startswith("(g)")]
    assert [row[1] for row in preview] == [
        "0.70 s",
        "4.00 s",
        "1.90 s",
        "4.00 s",
        "1.10 s",
        "4.00 s",
        "2.10 s",
        "5.20 s",
    ]
    assert preview[0][0] == "(g) live preview, text edit: save to reloaded page (median of 3: 0.60–0.90 s)"
    assert preview[7][0] == "(g) live preview, tag edit: save to the search index in place (median of 3: 5.00–5.50 s)"


def test_live_preview_targets():
    targets = target_rows(results_table(dataclasses.replace(results(), g=preview_run())))
    assert {name: row for name, row in targets.items() if "(g)" in name} == {
        "live preview, text edit: save to reloaded page (g)": ["0.70 s", "≤ 1.0 s", "yes"],
        "live preview, title edit: save to reloaded page (g)": ["1.90 s", "≤ 2.0 s", "yes"],
        "live preview, date edit: save to reloaded page (g)": ["1.10 s", "≤ 2.0 s", "yes"],
        "live preview, tag edit: save to reloaded page (g)": ["2.10 s", "≤ 2.0 s", "NO"],
        "live preview: save to fresh search, slowest kind of edit (g)": ["5.20 s", "≤ 5.0 s", "NO"],
    }


@pytest.mark.parametrize(("text", "met"), [((1.0, 0.2, 3.0), "yes"), ((1.01, 0.2, 3.0), "NO")])
def test_live_preview_text_limit_is_one_second(text, met):
    targets = target_rows(results_table(dataclasses.replace(results(), g=preview_run(text=text))))
    assert targets["live preview, text edit: save to reloaded page (g)"][2] == met


def test_without_the_live_preview_there_are_no_g_rows_and_a_failed_preview_fails_the_run():
    table = results_table(results())
    assert "(g)" not in table
    assert dataclasses.replace(results(), g=preview_run()).ok
    assert not dataclasses.replace(results(), g=PreviewRun((), 1, "never printed 'Preview at'")).ok


def test_live_preview_edits_show_what_no_page_showed_before():
    text = '---\ntitle: "Vecs nosaukums (7)"\nslug: raksts-7\ndate: 2025-12-31 17:39\ntags: [kultūra]\n---\n\nTeksts.\n'
    edited, shown = preview_edit("text", text, 0)
    assert edited.endswith(f"\n\n{shown}\n") and edited.startswith(text.rstrip("\n"))
    again, shown2 = preview_edit("text", edited, 1)
    assert shown not in again and shown2 in again  # the paragraph the last edit added is replaced
    titled, mark = preview_edit("title", text, 0)
    assert f'title: "Vecs nosaukums (7) [{mark}]"' in titled
    dated, when = preview_edit("date", text, 1)
    assert "date: 2025-12-31 23:10" in dated and when == 'datetime="2025-12-31T23:10:00'
    tagged, tag = preview_edit("tag", text, 0)
    assert f"tags: [kultūra, {tag}]" in tagged
    assert "slug: raksts-7" in tagged and tagged.endswith("\n\nTeksts.\n")
