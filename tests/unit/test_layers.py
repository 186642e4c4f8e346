"""The plugins' layers, with imports only downwards: a test that fails on an upward import.

    domain  pure packages: Latvian language, content model, funding, events, the formats (feeds,
            sitemaps, structured and open data, search records), the web editor's configuration
    engine  the build (multisite) and Pelican itself: it knows no page type
    pages   the page families: the ``sitepages`` package, whose ``families`` module holds the one
            list of them all, and every package's ``site_pages`` module
    tools   what people run around the build: the editorial tasks, the checks, the benchmark

Every import counts, also one inside a function: a cycle is not dodged by moving an import.
Every module of ours is in a layer, and there are no exceptions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
DOMAIN, ENGINE, PAGES, TOOLS = range(4)
NAMES = {DOMAIN: "domain", ENGINE: "engine", PAGES: "pages", TOOLS: "tools"}
FAMILY_LIST = "sitepages.families"  # the one list of page families, and its plugin


def layer_of(module: str) -> int | None:
    """The layer of a module of ours or of Pelican; None for the standard library and other packages."""
    top = module.split(".")[0]
    if top == "sitepages" or module.endswith(".site_pages"):
        return PAGES
    if top in ("multisite", "pelican"):
        return ENGINE
    if top in ("editorial", "quality", "perf") or module == "cms.local":
        return TOOLS
    if top in ("lvlang", "contentmodel", "funding", "events", "discovery", "cms"):
        return DOMAIN
    return None


def module_name(path: Path) -> str:
    parts = path.relative_to(PLUGINS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Every module ``source`` imports (absolute names), at any depth of the code."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
                found += (
                    [(name, node.lineno)] if node.module else [(f"{base}.{a.name}", node.lineno) for a in node.names]
                )
            elif node.module:
                found.append((node.module, node.lineno))
    return found


def upward_imports(path: Path) -> list[str]:
    module = module_name(path)
    mine = layer_of(module)
    if mine is None:
        return []
    problems = []
    for name, line in imports_of(path.read_text("utf-8"), module, path.name == "__init__.py"):
        theirs = layer_of(name)
        if theirs is not None and theirs > mine:
            problems.append(
                f"{path.relative_to(PLUGINS)}:{line}: {module} ({NAMES[mine]}) imports {name} ({NAMES[theirs]})"
            )
    return problems


def test_every_import_goes_downwards():
    modules = sorted(PLUGINS.rglob("*.py"))
    assert len(modules) > 60
    assert {layer_of(module_name(p)) for p in modules} == {DOMAIN, ENGINE, PAGES, TOOLS}
    problems = [problem for path in modules for problem in upward_imports(path)]
    assert not problems, "\n".join(problems)


def test_every_module_is_in_a_layer():
    assert not [path for path in PLUGINS.rglob("*.py") if layer_of(module_name(path)) is None]


def test_the_engine_imports_no_module_by_name():
    """The engine gets its page families from the one list, never by importing a name it was given."""
    for path in PLUGINS.rglob("*.py"):
        if layer_of(module_name(path)) == ENGINE:
            text = path.read_text("utf-8")
            assert "import_module" not in text and "__import__" not in text, path


def test_only_the_build_and_the_one_list_register_with_pelican():
    registering = sorted(
        module_name(path)
        for path in PLUGINS.rglob("*.py")
        if any(
            isinstance(node, ast.FunctionDef) and node.name == "register"
            for node in ast.parse(path.read_text("utf-8")).body
        )
    )
    assert registering == ["multisite", FAMILY_LIST]


def test_every_page_family_is_in_the_one_list():
    import importlib

    families = importlib.import_module(FAMILY_LIST).FAMILIES
    assert len(set(families)) == len(families)
    listed = {family.__module__ for family in families}
    shared = {"sitepages", "sitepages.views", FAMILY_LIST}  # what the families share, and the list
    modules = {module_name(path) for path in PLUGINS.rglob("*.py") if layer_of(module_name(path)) == PAGES}
    assert modules - shared <= listed, "a page family's module that is not in the one list"
    assert listed - modules == {"multisite.pictures"}  # the pictures' sizes: written by the engine


def test_the_domain_knows_nothing_of_pelican_or_the_build():
    for path in PLUGINS.rglob("*.py"):
        if layer_of(module_name(path)) == DOMAIN:
            names = [name for name, _line in imports_of(path.read_text("utf-8"), module_name(path), False)]
            assert not [n for n in names if n.split(".")[0] in ("pelican", "multisite", "jinja2")], path


@pytest.mark.parametrize(
    "module, source, upward",
    [
        ("contentmodel.site", "def f():\n    from multisite.pages import gettext\n", True),  # hidden in a function
        ("funding.notices", "from .programmes import Programme\n", False),
        ("events.ical", "import pelican.settings\n", True),
        ("events", "from multisite import signals\n", True),  # a domain package registers nothing
        ("multisite.build", "from events.site_pages import calendars\n", True),
        ("multisite.generator", "def f():\n    from sitepages.families import FAMILIES\n", True),
        ("events.site_pages", "from multisite.pages import gettext\n", False),
        ("events.site_pages", "from sitepages.views import article_view\n", False),
        ("sitepages.home", "from events.site_pages import home_calendar\n", False),
        ("editorial.preview", "from multisite.cli import build\n", False),
    ],
)
def test_the_check_itself(module, source, upward):
    names = imports_of(source, module, False)
    assert any((layer_of(n) or 0) > (layer_of(module) or 0) for n, _l in names) is upward
