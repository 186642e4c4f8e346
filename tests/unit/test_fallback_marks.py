"""Interface texts in a fallback language: marked with ``lang`` in running text, dropped elsewhere."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from multisite.fallback import CLOSE, END, OPEN, SEP, Marks, Shown

MARKS = Marks("k3y")


def shown(text: str, lang: str = "lv") -> str:
    return escape(Shown(text, lang, MARKS))


def test_running_text_gets_a_span_with_the_language():
    html, used = MARKS.mark(f"<p>{shown('Abonēt')} <a href='x'>{shown('Visas ziņas')}</a></p>")
    assert html == '<p><span lang="lv">Abonēt</span> <a href=\'x\'><span lang="lv">Visas ziņas</span></a></p>'
    assert used == {"lv"}


def test_attributes_title_script_option_and_textarea_keep_plain_text():
    page = (
        f"<html><head><title>{shown('Meklēt')} – Vietne</title>"
        f'<script type="application/ld+json">{{"name":"{shown("Ziņas")}"}}</script></head>'
        f'<body><input placeholder="{shown("Meklēt vietnē")}" aria-label="{shown("Meklēt")}">'
        f"<select><option>{shown('Visi')}</option></select><textarea>{shown('Teksts')}</textarea>"
        f"<p>{shown('Kad')}</p></body></html>"
    )
    html, used = MARKS.mark(page)
    assert html == (
        '<html><head><title>Meklēt – Vietne</title><script type="application/ld+json">{"name":"Ziņas"}'
        '</script></head><body><input placeholder="Meklēt vietnē" aria-label="Meklēt">'
        "<select><option>Visi</option></select><textarea>Teksts</textarea>"
        '<p><span lang="lv">Kad</span></p></body></html>'
    )
    assert used == {"lv"}


def test_a_text_that_holds_another_is_nested_and_formatting_still_works():
    outer = Markup(escape(Shown("Pasākumi: %(month)s", "lv", MARKS))) % {"month": Shown("janvārī", "en", MARKS)}
    html, used = MARKS.mark(f"<h2>{outer}</h2>")
    assert html == '<h2><span lang="lv">Pasākumi: <span lang="en">janvārī</span></span></h2>'
    assert used == {"lv", "en"}


def test_a_translation_with_markup_keeps_it_and_variables_are_escaped():
    text = Markup(escape(Shown('Skatīt <a href="%(url)s">šeit</a>', "lv", MARKS))) % {"url": "/a?b=1&c=<2>"}
    html, _ = MARKS.mark(f"<p>{text}</p>")
    assert html == '<p><span lang="lv">Skatīt <a href="/a?b=1&amp;c=&lt;2&gt;">šeit</a></span></p>'


def test_outside_html_a_shown_text_is_plain():
    text = Shown("Visas ziņas (Atom)", "lv", MARKS)
    assert text == "Visas ziņas (Atom)" and f"{text}" == "Visas ziņas (Atom)"
    assert MARKS.strip(f"x{escape(text)}y") == "xVisas ziņas (Atom)y"


def test_markers_an_editor_types_do_nothing_without_the_builds_key():
    typed = f"<p>{OPEN}lv{SEP}teksts{CLOSE}{END} {OPEN}k3{SEP}</p>"
    assert MARKS.mark(typed) == (typed, frozenset())
    assert Marks.new().key != Marks.new().key


def test_a_self_closing_or_unclosed_text_element_does_not_swallow_the_page():
    html, _ = MARKS.mark(f"<svg><title/></svg><p>{shown('Kad')}</p>")
    assert html == '<svg><title/></svg><p><span lang="lv">Kad</span></p>'


_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="<>\"'&\ue000\ue001\ue002\ue003"), max_size=30
)


@given(_text, st.sampled_from(["lv", "en", "ltg", "lt", "sr-Latn"]), _text, _text)
def test_any_text_in_running_text_becomes_exactly_one_span(text, lang, before, after):
    html, used = MARKS.mark(f"<div>{before}{shown(text, lang)}{after}</div>")
    assert html == f'<div>{before}<span lang="{lang}">{text}</span>{after}</div>'
    assert used == {lang}


@given(_text, _text)
def test_any_text_in_an_attribute_is_plain_and_no_marker_survives(text, other):
    html, used = MARKS.mark(f'<a title="{shown(text)}">{other}</a><title>{shown(other)}</title>')
    assert html == f'<a title="{text}">{other}</a><title>{other}</title>'
    assert not used and not re.search("[\ue000-\ue003]", html)


def test_a_shown_text_survives_pickling_as_render_workers_send_it():
    import pickle

    text = pickle.loads(pickle.dumps(Shown("Projekti", "lv", MARKS)))
    assert text == "Projekti" and text.lang == "lv" and text.marks == MARKS
    assert MARKS.mark(f"<h1>{escape(text)}</h1>")[0] == '<h1><span lang="lv">Projekti</span></h1>'
