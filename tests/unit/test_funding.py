from pathlib import Path

import yaml

from funding.municipalities import MunicipalityIndex, validate_municipalities
from funding.notices import ProjectInfo, TypedNoticeFinder, notices_for
from funding.programmes import validate_programmes
from funding.projects import eu_share, project_status

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["lv", "en", "ltg"]


def programmes():
    data = yaml.safe_load((ROOT / "content/data/programmes.yaml").read_text("utf-8"))
    result, problems = validate_programmes(data, LANGS, "lv", fallbacks={"ltg": "lv"})
    assert [p for p in problems if p.severity == "error"] == []
    return result


PROJECTS = {
    "LLI-59": ProjectInfo("LLI-59", "Open Leadership", "interreg-lv-lt-2014-2020", "Latgales plānošanas reģions"),
    "LLI-60": ProjectInfo("LLI-60", "Cits", "interreg-lv-lt-2014-2020", None),
    "DDJ-2023": ProjectInfo("DDJ-2023", "Digitālais darbs", "rrf", "Krāslavas novada pašvaldība"),
    "REM": ProjectInfo("REM", "Remigrācija", "varam-remigration", "Preiļu novada dome"),
}


def test_official_interreg_wording_with_beneficiary():
    (lv,) = notices_for(["LLI-59"], PROJECTS, programmes(), "lv", "lv", "LPR")
    assert lv.text == (
        "Šī publikācija ir sagatavota ar Eiropas Savienības finansiālo atbalstu. Par šīs publikācijas "
        "saturu pilnībā atbild Latgales plānošanas reģions, un tas nekādos apstākļos nav uzskatāms par "
        "Eiropas Savienības oficiālo nostāju."
    )
    assert lv.emblem_file == "images/emblems/eu-emblem.svg" and lv.emblem_alt == "Eiropas Savienības karogs"
    (en,) = notices_for(["LLI-59"], PROJECTS, programmes(), "en", "lv", "LPR")
    assert "sole responsibility of Latgales plānošanas reģions and can under no circumstances" in en.text
    (ltg,) = notices_for(["LLI-59"], PROJECTS, programmes(), "ltg", "lv", "LPR")
    assert ltg.text == lv.text


def test_one_notice_per_programme_and_default_beneficiary():
    notices = notices_for(["LLI-59", "LLI-60", "DDJ-2023"], PROJECTS, programmes(), "lv", "lv", "LPR")
    assert [n.programme for n in notices] == ["interreg-lv-lt-2014-2020", "rrf"]
    assert "Latgales plānošanas reģions, LPR" in notices[0].text
    assert notices[1].statement == "Finansē Eiropas Savienība – NextGenerationEU"
    assert notices_for([], PROJECTS, programmes(), "lv", "lv", "LPR") == []


def test_state_budget_has_no_eu_emblem():
    (n,) = notices_for(["REM"], PROJECTS, programmes(), "en", "lv", "LPR")
    assert n.emblem_file is None and "state budget" in n.statement and "Preiļu novada dome" in n.text


def test_2021_2027_statement():
    p = programmes()["interreg-lv-lt-2021-2027"]
    assert (
        p.statement["lv"] == "Līdzfinansē Eiropas Savienība" and p.statement["en"] == "Co-funded by the European Union"
    )


def test_typed_notice_is_found():
    body = (
        "Pasākums notika projekta ietvaros. Šī publikācija ir sagatavota ar Eiropas Savienības finansiālo "
        "atbalstu. Par šīs publikācijas saturu pilnībā atbild Latgales plānošanas reģions, un tas nekādos "
        "apstākļos nav uzskatāms par Eiropas Savienības oficiālo nostāju."
    )
    finder = TypedNoticeFinder(programmes())
    assert finder.find(body)
    assert finder.find("Parasts teksts par semināru.") is None


def test_programme_validation_problems():
    data = yaml.safe_load((ROOT / "content/data/programmes.yaml").read_text("utf-8"))
    data["rrf"]["notice"]["en"] = "Funded by {funder}"
    del data["rrf"]["emblem"]
    _programmes, problems = validate_programmes(data, LANGS, "lv", fallbacks={"ltg": "lv"})
    keys = {p.key for p in problems}
    assert "rrf.notice.en" in keys and "rrf.emblem" in keys


def test_status_and_share():
    import datetime as dt

    start, end = dt.date(2023, 1, 1), dt.date(2026, 4, 30)
    assert [project_status(start, end, dt.date(y, 6, 1)) for y in (2022, 2024, 2026)] == [
        "planned",
        "running",
        "finished",
    ]
    assert eu_share(250000, 212500) == 0.85 and eu_share(None, 1) is None


def test_municipality_history_and_lookup():
    data = yaml.safe_load((ROOT / "content/data/municipalities.yaml").read_text("utf-8"))
    municipalities, problems = validate_municipalities(data, LANGS, "lv", fallbacks={"ltg": "lv"})
    assert [p for p in problems if p.severity == "error"] == []
    index = MunicipalityIndex(municipalities)
    assert index.resolve("Aglona").key == "aglona" and index.current("aglona").key == "preili"
    assert index.resolve("daugavpils novads").key == "daugavpils-novads"
    assert index.resolve("Daugavpils").key == "daugavpils"
    assert index.resolve("PREILU NOVADS").key == "preili"
    assert {m.key for m in index.former_of("preili")} == {"aglona", "riebini", "varkava"}
    assert index.suggest("Preiļu nov.") == "Preiļu novads"


def test_emblem_geometry():
    import math

    from lxml import etree

    svg = etree.parse(str(ROOT / "content/images/emblems/eu-emblem.svg")).getroot()
    x, y, w, h = (float(v) for v in svg.get("viewBox").split())
    assert w / h == 1.5
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}rect").get("fill") == "#003399"
    stars = svg.findall(f".//{ns}path")
    assert len(stars) == 12
    for star in stars:
        assert star.getparent().get("fill") == "#FFCC00"
        pts = [tuple(map(float, p.strip("MLZ ").split(","))) for p in star.get("d").split(" ")]
        cx = sum(p[0] for p in pts) / len(pts)
        cy = sum(p[1] for p in pts) / len(pts)
        assert abs(math.hypot(cx - w / 2, cy - h / 2) - h / 3) < h * 0.005
        outer = max(math.hypot(px - cx, py - cy) for px, py in pts)
        assert abs(outer - h / 18) < h * 0.005
