"""The values a build's stages make are immutable: frozen dataclasses, with tuples for their lists.

A stage makes its value once (collect, then construct; or ``dataclasses.replace``) and nobody changes
it afterwards, so render workers, caches and memos can share it. These tests fail when one of them
can be changed again, or when a new dataclass under plugins/ is not frozen without being listed
below as one that keeps state.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"

# The products of the build's stages, and the values they are made of.
STAGE_VALUES = {
    "contentmodel.documents": ["Document"],
    "contentmodel.frontmatter": ["Source"],
    "contentmodel.site": ["Group", "Tag", "SiteModel"],
    "multisite.build": ["PreparedSite", "BuildResult"],
    "multisite.pages": ["Output", "PageMeta", "Alternate", "LinkItem", "Link", "Pager"],
    "multisite.pictures": ["Pictures"],
    "multisite.incremental": ["BuildRecord"],
    "sitepages.views": ["ArticleView", "ImageView"],
}

# Dataclasses that keep state on purpose: collectors and recorders filled while they work.
STATEFUL = {
    "contentmodel.diagnostics.Report",  # collects every problem of a build
    "contentmodel.frontmatter.Parsed",  # filled by the YAML loader as it reads
    "multisite.i18n.RecordingTranslations",  # records the strings shown untranslated
    "quality.report.CheckReport",  # collects the findings of the checks
    "editorial.legacy_import.ImportReport",  # the importer's notes, filled step by step
    "editorial.legacy_import.ImportedArticle",  # an imported article, completed step by step
    "editorial.html_page.HtmlPage",  # what the importer finds in a page, filled step by step
}

MUTABLE_CONTAINERS = ("list[", "dict[", "set[", "List[", "Dict[", "Set[")
CACHES = {"PreparedSite.memo_cache"}  # values computed from the rest once per build, never state a stage changes


def stage_classes() -> list[type]:
    return [getattr(importlib.import_module(module), name) for module, names in STAGE_VALUES.items() for name in names]


@pytest.mark.parametrize("cls", stage_classes(), ids=lambda cls: cls.__name__)
def test_stage_values_are_frozen(cls: type) -> None:
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    value = object.__new__(cls)  # a frozen class refuses every assignment, whatever its fields hold
    for field in dataclasses.fields(cls):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field.name, None)


@pytest.mark.parametrize("cls", stage_classes(), ids=lambda cls: cls.__name__)
def test_stage_values_hold_no_lists(cls: type) -> None:
    """Sequences are tuples; mappings are typed Mapping (made once, never changed)."""

    def mutable(annotation: str) -> bool:
        return any(part.startswith(MUTABLE_CONTAINERS) for part in annotation.replace(" ", "").split("|"))

    found = [
        f"{field.name}: {field.type}"
        for field in dataclasses.fields(cls)
        if f"{cls.__name__}.{field.name}" not in CACHES and mutable(str(field.type))
    ]
    assert not found, f"{cls.__name__} has mutable containers: {found}"


def test_a_page_head_cannot_be_changed() -> None:
    from multisite.pages import Link, PageMeta

    meta = PageMeta("lv", "page", "par/", "Par mums", feeds=(Link("Ziņas", "atom.xml", "application/atom+xml"),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        meta.title = "Cits"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        meta.feeds[0].path = "cits.xml"  # type: ignore[misc]
    assert not hasattr(meta.feeds, "append")
    assert meta.hreflang == ()


def _dataclasses_in_plugins() -> dict[str, bool]:
    """Every dataclass defined under plugins/ (module.Class) and whether it is frozen."""
    found = {}
    for path in sorted(PLUGINS.rglob("*.py")):
        module = ".".join(path.relative_to(PLUGINS).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                target = call.func if call else decorator
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if name != "dataclass":
                    continue
                frozen = call is not None and any(
                    k.arg == "frozen" and isinstance(k.value, ast.Constant) and k.value.value is True
                    for k in call.keywords
                )
                found[f"{module}.{node.name}"] = frozen
    return found


def test_every_dataclass_is_frozen_unless_it_keeps_state() -> None:
    found = _dataclasses_in_plugins()
    assert {f"{module}.{name}" for module, names in STAGE_VALUES.items() for name in names} <= set(found)
    unfrozen = sorted(name for name, frozen in found.items() if not frozen and name not in STATEFUL)
    assert not unfrozen, f"freeze these (or, if they keep state on purpose, list them in STATEFUL): {unfrozen}"
    assert not STATEFUL - set(found), f"no longer dataclasses: {sorted(STATEFUL - set(found))}"
    assert not {name for name in STATEFUL if found[name]}, "frozen now: take them out of STATEFUL"
