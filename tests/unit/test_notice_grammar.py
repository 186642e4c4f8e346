"""Funding notices in the grammar of their language: the forms a template names, the quotation marks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funding.notices import FormGap, ProjectInfo, fill, form_gaps, is_organisation, notices_for
from funding.programmes import Programme, forms_needed, template_problems
from lvlang.language import Language, quotation_marks

LV = Language(
    "lv",
    "Latviešu",
    "lv",
    organisation="Latgales plānošanas reģions",
    organisation_forms={"genitive": "Latgales plānošanas reģiona"},
)
EN = Language("en", "English", "en_GB", organisation="Latgale Planning Region", chain=("en", "lv"))
LTG = Language(
    "ltg",
    "Latgalīšu",
    "ltg",
    organisation="Latgolys plānuošonys regions",
    fallback="lv",
    chain=("ltg", "lv"),
    organisation_forms={"genitive": "Latgolys plānuošonys regiona"},
)
INTERREG = Programme(
    "interreg",
    {"lv": "Interreg", "en": "Interreg"},
    notice={
        "lv": "Projektu {project} līdzfinansē ES. "
        "Paustie viedokļi ir tikai un vienīgi {beneficiary:genitive} viedokļi.",
        "en": "The views expressed are those of {beneficiary} only.",
    },
)
ORG = {"nominative": LV.organisation, **LV.organisation_forms}


def _text(info: ProjectInfo, lang: Language) -> str:
    organisations = {x.code: {"nominative": x.organisation, **x.organisation_forms} for x in (LV, EN, LTG)}
    [notice] = notices_for(
        [info.code],
        {info.code: info},
        {"interreg": INTERREG},
        lang,
        "lv",
        organisations[lang.code],
        organisations=organisations,
    )
    return notice.text


def test_the_genitive_slot_gets_the_genitive():
    info = ProjectInfo("LL-1", "Velomaršruti", "interreg")
    assert "tikai un vienīgi Latgales plānošanas reģiona viedokļi" in _text(info, LV)
    assert "Projektu LL-1 „Velomaršruti” līdzfinansē" in _text(info, LV)
    assert _text(info, EN) == "The views expressed are those of Latgale Planning Region only."


def test_a_projects_own_beneficiary_gives_its_own_forms():
    info = ProjectInfo(
        "LL-2",
        "Tirgus",
        "interreg",
        beneficiary="Preiļu novada pašvaldība",
        beneficiary_forms={"genitive": "Preiļu novada pašvaldības"},
    )
    assert "vienīgi Preiļu novada pašvaldības viedokļi" in _text(info, LV)
    assert "those of Preiļu novada pašvaldība only" in _text(info, EN)


def test_a_fallback_notice_names_the_organisation_in_the_notices_language():
    # Latgalian pages show the Latvian notice: the name inside it is the Latvian genitive, not a Latgalian one.
    assert "vienīgi Latgales plānošanas reģiona viedokļi" in _text(ProjectInfo("LL-1", "X", "interreg"), LTG)


def test_missing_forms_are_named():
    own = ProjectInfo("LL-2", "Tirgus", "interreg", beneficiary="Preiļu novada pašvaldība")
    assert form_gaps(own, INTERREG, LV, (LV, EN)) == [FormGap("interreg", "lv", "genitive", False)]
    assert form_gaps(own, INTERREG, EN, (LV, EN)) == []  # the English sentence needs none
    bare = Language("lv", "Latviešu", "lv", organisation="Latgales plānošanas reģions")
    assert form_gaps(ProjectInfo("LL-1", "X", "interreg"), INTERREG, bare, (bare,)) == [
        FormGap("interreg", "lv", "genitive", True)
    ]


def test_the_organisation_is_recognised_by_any_of_its_names():
    assert is_organisation(None, (LV, EN)) and is_organisation("latgales  plānošanas reģions", (LV, EN))
    assert is_organisation("Latgale Planning Region", (LV, EN))
    assert not is_organisation("Preiļu novada pašvaldība", (LV, EN))


@pytest.mark.parametrize(
    "template, ok",
    [
        ("{beneficiary:genitive} viedokļi", True),
        ("{beneficiary:dative}", False),
        ("{project:genitive}", False),
        ("{beneficiary:>10}", False),
        ("{beneficiary!r}", False),
    ],
)
def test_templates_may_name_only_known_forms_of_the_beneficiary(template, ok):
    assert (template_problems(template) == []) is ok


def test_forms_needed():
    assert forms_needed(INTERREG.notice["lv"]) == {"genitive"}
    assert forms_needed(INTERREG.notice["en"]) == set()
    assert forms_needed("{beneficiary:dative} {oops") == set()


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=40), st.text(min_size=1, max_size=30))
def test_fill_puts_each_form_where_it_is_asked_and_nothing_else(literal, genitive):
    values = {"beneficiary": "NOM", "beneficiary:genitive": genitive}
    assert fill(literal + "{beneficiary:genitive}", values) == literal + genitive
    assert fill(literal + "{beneficiary}", values) == literal + "NOM"
    assert fill("{beneficiary:dative}", values) == "{beneficiary:dative}"  # unknown: left as written


@pytest.mark.parametrize(
    "code, locale, marks",
    [
        ("lv", "lv", ("„", "”")),
        ("ltg", "ltg", ("„", "”")),
        ("lt", "lt", ("„", "“")),
        ("en", "en_GB", ("“", "”")),
        ("de", "de", ("„", "“")),
        ("xx", "xx", ("“", "”")),
    ],
)
def test_quotation_marks_follow_the_language(code, locale, marks):
    assert quotation_marks(code, locale) == marks


# ------------------------------------------------------------------ notices typed by hand


def _finder():
    from pathlib import Path

    import yaml

    from funding.notices import TypedNoticeFinder
    from funding.programmes import validate_programmes

    root = Path(__file__).resolve().parents[2]
    raw = yaml.safe_load((root / "content/data/programmes.yaml").read_text("utf-8"))
    programmes, _problems = validate_programmes(raw, ["lv", "en"], "lv")
    return TypedNoticeFinder(programmes)


@pytest.mark.parametrize(
    "typed",
    [
        # the state-budget measure, as old municipal pages wrote it: other dashes, quotes, spaces and capitals
        "Aktivitāte notiek Vides aizsardzības un reģionālās attīstības ministrijas (VARAM) prioritārā pasākuma "
        "2019.-2021. gadam “Diasporas likuma normu īstenošanai (Atbalsta pasākums remigrācijas veicināšanai "
        "“Reģionālās remigrācijas koordinators”)  ietvaros.",
        "The activity is part of the 2019 - 2021 priority measure ‘Implementing the Diaspora Law’ (support for return "
        "migration ‘Regional remigration coordinator’) of the Ministry of Environmental Protection and Regional "
        "Development of Latvia (VARAM).",
        "Šī publikācija ir sagatavota ar Eiropas Savienības finansiālo atbalstu.",
    ],
)
def test_a_typed_notice_is_recognised(typed):
    assert _finder().find(typed)


@pytest.mark.parametrize(
    "text",
    [
        "Projektu līdzfinansē Eiropas Savienība, un dalībnieki to novērtēja.",
        "Ministrija 2019. gadā sāka remigrācijas koordinatoru darbu reģionos.",
    ],
)
def test_ordinary_sentences_are_not_notices(text):
    assert _finder().find(text) is None


def test_the_state_budget_notice_names_the_ministry_and_the_measure():
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    notice = yaml.safe_load((root / "content/data/programmes.yaml").read_text("utf-8"))["varam-remigration"]["notice"]
    assert "Vides aizsardzības un reģionālās attīstības ministrijas (VARAM)" in notice["lv"]
    assert (
        "„Diasporas likuma normu īstenošanai”" in notice["lv"]
        and "Reģionālās remigrācijas koordinators" in notice["lv"]
    )
    assert "Ministry of Environmental Protection and Regional Development" in notice["en"]
