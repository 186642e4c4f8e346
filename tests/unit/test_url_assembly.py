"""Addresses are made by ``contentmodel.routes.Routes`` only.

This scans the plugins and the templates for URLs put together by hand (a
path word, a language folder, a feed or calendar file name, an index.html,
a theme file, a string ending in "/" built from values) and lists each as
file:line. Use the build's ``Routes`` (``build.routes``; ``routes`` in the
templates) instead, adding a method there if a new kind of address is needed.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The one module that makes addresses.
OWNER = "plugins/contentmodel/routes.py"
# These read a finished site the way a web server or a browser does (a URL to its file); they make no address.
READERS = ("plugins/quality/", "plugins/editorial/preview.py")

# In the text of a Python string or of a template's string: a file name or folder only Routes may write.
NAMES = [
    (re.compile(r"feeds/"), "a feed folder"),
    (re.compile(r"\.(?:atom|rss)\.xml"), "a feed file"),
    (re.compile(r"[\w}]\.ics$"), "a calendar file"),
    (re.compile(r"[/}]index\.html"), "a page's index.html"),
    (re.compile(r"\btheme/(?:css|js|img|xsl|data|fonts)/"), "a theme file"),
    (re.compile(r"\bsitemap[-.]|\brobots\.txt"), "a sitemap or robots.txt"),
]
# File names that are also template names: flagged only when joined to something with "+".
JOINED_NAMES = {"index.html", "404.html"}
# An f-string that ends in "/" and has a replacement field, without spaces outside its fields: a page
# address built from values (a message ending in "content/" has spaces).
FSTRING_DIR = re.compile(r"^(?=[^{]*\{)\S*/$")
FIELD = re.compile(r"\{[^{}]*\}")
# Inside an f-string's replacement fields (one token in Python 3.11).
FSTRING_CODE = [
    (re.compile(r"\bsegment\s*\("), "a path word (segment() outside Routes)"),
    (re.compile(r"\.prefix\b"), "a language folder (.prefix outside Routes)"),
]

TEMPLATE_RULES = [
    (re.compile(r"\bsegment\s*\("), "a path word (segment)"),
    (re.compile(r"\.prefix\b"), "a language folder (.prefix)"),
    (re.compile(r"~\s*(['\"])[^'\"\n]*/\1|(['\"])[^'\"\n]*/\2\s*~"), "a string with '/' joined with ~"),
    (re.compile(r"\b(?:href|src|action)=\"/(?!/)"), "a root-relative address written out"),
]
TEMPLATE_STRING = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def python_findings(text: str) -> list[tuple[int, str]]:
    """(line, what) of every hand-made address in Python source ``text``."""
    found = []
    tokens = [
        t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type not in (tokenize.NL, tokenize.COMMENT)
    ]
    for i, tok in enumerate(tokens):
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.type == tokenize.NAME and tok.string == "segment" and after is not None and after.string == "(":
            found.append((tok.start[0], "a path word (segment() outside Routes)"))
        elif tok.type == tokenize.NAME and tok.string == "prefix" and before is not None and before.string == ".":
            found.append((tok.start[0], "a language folder (.prefix outside Routes)"))
        elif tok.type == tokenize.STRING and not _is_docstring(before):
            body, is_f = _string_body(tok.string)
            for pattern, what in NAMES:
                if pattern.search(body):
                    found.append((tok.start[0], f"{what} in {tok.string[:60]}"))
            if is_f:
                fields = FIELD.findall(body)
                if FSTRING_DIR.search(FIELD.sub("{}", body)):
                    found.append((tok.start[0], f"a string ending in '/' built from values: {tok.string[:60]}"))
                for pattern, what in FSTRING_CODE:
                    if any(pattern.search(f) for f in fields):
                        found.append((tok.start[0], f"{what} in {tok.string[:60]}"))
            if body in JOINED_NAMES and any(t is not None and t.string in ("+", "+=") for t in (before, after)):
                found.append((tok.start[0], f"an output file joined to a path: {tok.string}"))
    return found


def template_findings(text: str) -> list[tuple[int, str]]:
    """(line, what) of every hand-made address in a Jinja template."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for pattern, what in TEMPLATE_RULES:
            if pattern.search(line):
                found.append((number, what))
    # the strings of the Jinja code, then the HTML's attribute values around it
    literals = []
    for block in JINJA.finditer(text):
        literals += [(block.start() + m.start(), m.group(0)) for m in TEMPLATE_STRING.finditer(block.group(0))]
    html = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    literals += [(m.start(), m.group(0)) for m in TEMPLATE_STRING.finditer(html)]
    for offset, literal in sorted(literals):
        for pattern, what in NAMES:
            if pattern.search(literal[1:-1]):
                found.append((text.count("\n", 0, offset) + 1, f"{what} in {literal[:60]}"))
    return found


def _is_docstring(before) -> bool:
    """A string that is a statement of its own (a docstring) names files in prose, not in code."""
    return before is None or before.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)


def _string_body(literal: str) -> tuple[str, bool]:
    prefix = re.match(r"[A-Za-z]*", literal).group(0)
    body = literal[len(prefix) :]
    quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
    return body[len(quote) : len(body) - len(quote)], "f" in prefix.lower()


def scanned_files(root: Path) -> list[Path]:
    files = []
    for path in sorted((root / "plugins").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel == OWNER or rel.startswith(READERS) or "/tests/" in rel:
            continue
        files.append(path)
    return files + sorted((root / "theme" / "templates").rglob("*.html"))


def scan(root: Path) -> list[str]:
    """ "file:line: what" for every hand-made address under ``root``'s plugins and templates."""
    problems = []
    for path in scanned_files(root):
        found = (python_findings if path.suffix == ".py" else template_findings)(path.read_text("utf-8"))
        problems += [f"{path.relative_to(root).as_posix()}:{line}: {what}" for line, what in found]
    return problems


def test_no_address_is_put_together_outside_routes():
    files = scanned_files(ROOT)
    assert any(p.suffix == ".html" for p in files) and any(p.parent.name == "sitepages" for p in files)
    problems = scan(ROOT)
    assert not problems, (
        "addresses put together by hand; use the build's Routes "
        "(build.routes, or routes in a template):\n" + "\n".join(problems)
    )


# ------------------------------------------------------------------ the scanner itself finds what it should


@pytest.mark.parametrize(
    "source",
    [
        "path = f\"{language.prefix}{segment('tags', lang)}/\"",
        "path = prefix + routes.segment('archive', lang) + '/'",
        'base = config.language(lang).prefix + "x/"',
        'ics = view.path + "event.ics"',
        'path = f"{base}{name}.ics"',
        'feed = "feeds/all.atom.xml"',
        'feed = base + ".rss.xml"',
        'out = path + "index.html"',
        'logo = absolute("theme/img/logo.svg")',
        'writer.write(f"sitemap-{code}.xml", text)',
        'writer.write("robots.txt", text)',
        'path = f"{year}/{slug}/"',
        'def f():\n    return f"{base}{page}/"',
    ],
)
def test_python_assembly_is_found(source):
    assert python_findings(source + "\n"), source


@pytest.mark.parametrize(
    "source",
    [
        '"""Writes en/feeds/all.atom.xml and 2018/slug/index.html."""',
        'def f():\n    """The 404.html page and robots.txt."""\n    return 1',
        'extensions = {".ics": "text/calendar", ".xml": "application/xml"}',
        'prefix = f".{output.name}.link-"',
        'name = item.removeprefix("+")',
        "ok = is_safe_segment(text)",
        "first_segment = title.split()[0]",
        "key = f\"{doc.group.strip('/')}/{doc.lang}\"",
        'rel = rel + "/"',
        'catalog = f"theme/translations/{lang}/LC_MESSAGES/messages.po"',
        'yield deferred(build, lang, "index.html", path, make)',
        'yield Output(path=path, template="404.html")',
        'raise ValueError(f"{value!r} is not a path inside content/")',
        "# see feeds/all.atom.xml",
        "path = routes.feeds(lang).atom",
    ],
)
def test_python_without_assembly_passes(source):
    assert not python_findings(source + "\n"), source


@pytest.mark.parametrize(
    "source",
    [
        "<a href=\"{{ url(language.prefix ~ segment('search') ~ '/') }}\">",
        '<a href="{{ url(l.prefix) }}">',
        "<a href=\"{{ url(base ~ '/' ~ key) }}\">",
        "<a href=\"{{ url(base ~ 'programme/') }}\">",
        "<link href=\"{{ url('theme/css/site.css') }}\">",
        "<a href=\"{{ url(page.path ~ 'event.ics') }}\">",
        "<a href=\"{{ url('feeds/all.atom.xml') }}\">",
        '<a href="/en/archive/">',
    ],
)
def test_template_assembly_is_found(source):
    assert template_findings(source), source


@pytest.mark.parametrize(
    "source",
    [
        '<a href="{{ url(routes.search(lang)) }}" type="text/calendar">{{ _("Add to my calendar (.ics)") }}</a>',
        '<link rel="stylesheet" href="{{ url(routes.asset(\'css/site.css\')) }}">',
        '<a href="{{ url(feeds.atom) }}" type="application/atom+xml">',
        '<a href="//example.org/">',
        '<a href="{{ url(month_path) }}#d-{{ day.date.isoformat() }}">',
    ],
)
def test_templates_without_assembly_pass(source):
    assert not template_findings(source), source


def test_findings_name_the_line():
    python = 'import x\n\n\ndef f(lang):\n    """Writes feeds/all.atom.xml."""\n    return x.prefix + "tags/"\n'
    assert [line for line, _what in python_findings(python)] == [6]
    template = "{% for key, href in [\n    ('home', routes.home(lang)),\n    ('css', 'theme/css/a.css'),\n] %}\n"
    assert [line for line, _what in template_findings(template)] == [3]


def test_a_new_hand_made_address_fails_the_scan(tmp_path):
    plugin = tmp_path / "plugins" / "newthing" / "pages.py"
    plugin.parent.mkdir(parents=True)
    plugin.write_text('def path(config, lang, key):\n    return f"{config.language(lang).prefix}things/{key}/"\n')
    (tmp_path / "plugins" / "contentmodel").mkdir()
    (tmp_path / "plugins" / "contentmodel" / "routes.py").write_text('FEED = "feeds/all.atom.xml"\n')
    (tmp_path / "theme" / "templates").mkdir(parents=True)
    (tmp_path / "theme" / "templates" / "x.html").write_text("<p>\n<a href=\"{{ url(x ~ 'feeds/all.rss.xml') }}\">\n")
    problems = scan(tmp_path)
    # routes.py may name feeds; the new module and the template may not
    assert sorted({p.split(": ", 1)[0] for p in problems}) == [
        "plugins/newthing/pages.py:2",
        "theme/templates/x.html:2",
    ], problems
