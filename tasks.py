"""Project tasks. Run `invoke --list` for the list, `invoke --help TASK` for details."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]
PY = sys.executable
OUTPUT = ROOT / "output"
DEV_SETTINGS = "pelicanconf.py"
PUB_SETTINGS = "publishconf.py"


def _build(c, settings: str, output: Path = OUTPUT, build_date: str | None = None) -> None:
    args = f"--settings {settings} --output {output}"
    if build_date:
        args += f" --build-date {build_date}"
    c.run(f"{PY} -m multisite.cli {args}", env={"PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}"}, pty=False)


def _output_lock(task: str, wait: float = 600):
    """Hold output/'s lock, so that no build (the live preview's included) swaps it meanwhile."""
    from multisite import staging

    return staging.locked(OUTPUT, wait=wait, task=task, notify=lambda line: print(line, file=sys.stderr, flush=True))


def _busy(what: str, exc: Exception) -> None:
    print(f"{what}: {exc}; try again when it has finished.", file=sys.stderr)
    sys.exit(1)


@task
def clean(c):
    """Delete the built site (the output/ symlink and the build folders beside it) and the build cache (cache/)."""
    from multisite import staging

    try:
        with _output_lock("clean"):
            staging.remove(OUTPUT)
    except staging.OutputBusy as exc:
        _busy("Not cleaned", exc)
    if (ROOT / "cache").exists():
        shutil.rmtree(ROOT / "cache")


@task(help={"build_date": "pin 'today' for upcoming events and project status (YYYY-MM-DD)"})
def build(c, build_date=None):
    """Build the development site into output/ (fails with a list of content errors)."""
    _build(c, DEV_SETTINGS, build_date=build_date)


@task(clean, build)
def rebuild(c):
    """Delete output/ and build the development site from scratch."""


@task
def regenerate(c):
    """Rebuild the development site whenever content, theme or plugins change (no server)."""
    from editorial.preview import watch_and_build

    watch_and_build(ROOT, DEV_SETTINGS, OUTPUT)


@task(
    help={
        "port": "port to listen on (default 8000; the next free one when it is taken)",
        "as_is": "serve output/ unchanged, even when it is missing or holds the production build",
    }
)
def serve(c, port=8000, as_is=False):
    """Serve the built site at http://localhost:8000 without rebuilding on save.

    When output/ is missing, or holds the production build (whose links point to the published
    address), the development site is built first, so that every link works locally."""
    from editorial.preview import NoFreePort, serve_static

    if not as_is:
        if not (OUTPUT / "index.html").is_file():
            print("output/ holds no site yet: building the development site first.", flush=True)
            _build(c, DEV_SETTINGS)
        elif _settings_of_output() == PUB_SETTINGS:
            print(
                "output/ holds the production build, whose links point to the published address: "
                "building the development site first (use --as-is to serve it unchanged).",
                flush=True,
            )
            _build(c, DEV_SETTINGS)
    try:
        serve_static(OUTPUT, int(port))  # the symlink, not its target: each request sees the latest build
    except NoFreePort as exc:
        print(f"Not served: {exc}.", file=sys.stderr)
        sys.exit(1)


@task(help={"port": "port to listen on (default 8000; the next free one when it is taken)"})
def livereload(c, port=8000):
    """Build, serve at http://localhost:8000, rebuild on every save and reload the browser.

    Content errors are printed and shown in the browser instead of a stale page;
    the server keeps running until Ctrl+C.
    """
    from editorial.preview import NoFreePort, live_preview

    try:
        live_preview(ROOT, DEV_SETTINGS, OUTPUT, int(port))  # its builds wait for any other build of output/
    except NoFreePort as exc:
        print(f"Preview not started: {exc}.", file=sys.stderr)
        sys.exit(1)


@task(
    help={
        "port": "the preview's port (default 8000; the next free one when it is taken)",
        "cms_port": "decap-server's port (default 8081; the next free one when it is taken)",
    }
)
def cms(c, port=8000, cms_port=None):
    """Edit in the browser on this computer: the web editor at http://localhost:8000/admin/.

    Starts decap-server, which reads and writes this folder's files (no account needed), and the
    live preview, which rebuilds the site on every save. What the editor saves appears in content/;
    commit it with Git as usual. Ctrl+C stops both."""
    from cms.local import EditorUnavailable, free_port, start_server, stop
    from contentmodel.routes import ADMIN_FOLDER
    from editorial.preview import NoFreePort, live_preview

    server = None
    try:
        chosen = free_port(int(cms_port or os.environ.get("CMS_LOCAL_PORT") or 8081))
        os.environ["CMS_LOCAL_PORT"] = str(chosen)  # the build writes decap-server's address into the editor
        server = start_server(ROOT, chosen)
        live_preview(ROOT, DEV_SETTINGS, OUTPUT, int(port), editor=f"{ADMIN_FOLDER}/")
    except (EditorUnavailable, NoFreePort) as exc:
        print(f"The web editor was not started: {exc}.", file=sys.stderr)
        sys.exit(1)
    finally:
        stop(server)


@task(help={"build_date": "pin 'today' (YYYY-MM-DD)"})
def preview(c, build_date=None):
    """Build the production site (publishconf.py: absolute URLs) into output/."""
    _build(c, PUB_SETTINGS, build_date=build_date)


def _settings_of_output() -> str:
    """publishconf.py when output/ holds the production build (absolute canonical URLs), else pelicanconf.py."""
    from pelican.settings import read_settings

    index = OUTPUT / "index.html"
    text = index.read_text("utf-8") if index.is_file() else ""
    site_url = read_settings(str(ROOT / PUB_SETTINGS)).get("SITEURL", "")
    return PUB_SETTINGS if site_url and f'rel="canonical" href="{site_url}/' in text else DEV_SETTINGS


@task(
    help={
        "no_browser": "skip the axe-core browser checks",
        "no_vnu": "skip the Nu Html Checker",
        "settings": "settings the site in output/ was built with (default: detected)",
        "changed": "validate HTML, accessibility, feeds and calendars only in files changed since the last "
        "check that passed (links and the security rule still cover the whole site)",
    }
)
def check(c, no_browser=False, no_vnu=False, settings=None, changed=False):
    """Check the built site in output/: links, HTML, feeds, calendars, accessibility and injected content.

    In detail: internal links and anchors, HTML validity (Nu Html Checker), feeds and calendars, hreflang,
    accessibility (axe-core in Chromium), and active content or injection left in any file (scripts,
    handlers, URL schemes, CSV formulas, symbolic links)."""
    from multisite.staging import OutputBusy
    from quality.check import main as check_main

    args = [str(OUTPUT)]
    if no_browser:
        args.append("--no-browser")
    if no_vnu:
        args.append("--no-vnu")
    args += ["--state", str(ROOT / "cache" / "last-check.json")] + (["--changed"] if changed else [])
    try:
        with _output_lock("check"):  # the same build from the first file to the last
            code = check_main([*args, "--settings", str(ROOT / (settings or _settings_of_output()))])
    except OutputBusy as exc:
        _busy("Not checked", exc)
    if code:
        sys.exit(code)


@task
def i18n(c):
    """Extract the interface strings and update and compile the catalog of every site language."""
    from multisite.catalogs import update_catalogs

    config = _site_languages()
    sys.exit(update_catalogs(ROOT, fallback_languages=tuple(l.code for l in config.languages if l.fallback)))


def _lint(c) -> None:
    """ruff check, ruff format --check, then mypy (settings in pyproject.toml); exits with the first one's
    status when it fails."""
    steps = (
        ("ruff check", f"{PY} -m ruff check ."),
        ("ruff format --check", f"{PY} -m ruff format --check ."),
        ("mypy", f"{PY} -m mypy"),
    )
    for name, cmd in steps:
        print(f"{name}:", flush=True)
        result = c.run(cmd, warn=True, pty=False)
        if result is None or result.failed:
            print(f"{name} failed (see above).", file=sys.stderr)
            sys.exit(result.exited if result is not None and result.exited else 1)


@task
def lint(c):
    """Lint with ruff and type-check with mypy (both configured in pyproject.toml)."""
    _lint(c)


@task(
    help={
        "k": "only tests matching this expression",
        "fast": "skip the browser tests and the check of the production build",
        "workers": "test processes (default 3 on two cores: many tests wait on a browser, a server or a build)",
    }
)
def test(c, k=None, fast=False, workers=3):
    """Run ruff and mypy, then the whole test suite (unit, fixture sites, browser, production build).

    In detail: unit tests, fixture sites, browser tests, and the
    demo's production build through `invoke gh-pages` and `invoke check` (in tests/sites/test_workflow.py).
    Stops at the first failing step."""
    if not k:
        _lint(c)
    args = ["-n", str(int(workers)), "--dist", "loadgroup", "--no-loadscope-reorder"]  # the order: tests/conftest.py
    if k:
        args += ["-k", shlex.quote(k)]  # an expression such as "deps or frozen" is one argument
    if fast:
        args += ["-m", "'not browser'"]
    # Compiled modules are kept (__pycache__, ignored by Git) even where the environment asks Python not
    # to write them: otherwise every test process rewrites the tests' assertions again, and every build
    # the tests start in a process of its own compiles the plugins again.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    c.run(f"{PY} -m pytest {' '.join(args)}", pty=False, env=env, replace_env=True)


def _site_languages():
    from pelican.settings import read_settings

    from contentmodel.config import SiteConfig

    config = SiteConfig.from_settings(read_settings(str(ROOT / DEV_SETTINGS)))
    return config


def _chain(config, code: str) -> tuple[str, ...]:
    return config.fallback_chain(code) if code in config.codes else (code,)


def _ask(prompt: str, default: str = "") -> str:
    suffix = f" [{default}]" if default else ""
    answer = input(f"{prompt}{suffix}: ").strip()
    return answer or default


@task(
    help={
        "title": "headline (the file name comes from it, unless --slug is given)",
        "slug": "file name without language and .md, e.g. jauniesu-forums (default: made from the title)",
        "lang": "language code: lv (default), en, ltg",
        "project": "project code(s), comma-separated, e.g. LLI-59",
        "event_dates": "makes an event: dates or intervals, comma-separated, e.g. 2024-05-08T10:00/2024-05-10T16:00",
        "location": "the event's location",
        "municipality": "municipality key(s) or names, comma-separated",
        "translation_of": "path of an existing file to translate (creates the same stem with --lang)",
        "kind": "article (default), event, translation or project",
        "code": "project code (with --kind project)",
        "programme": "programme key from content/data/programmes.yaml (with --kind project)",
        "start": "project start YYYY-MM-DD",
        "end": "project end YYYY-MM-DD",
        "date": "publication time (default: now), e.g. 2024-05-10 14:30",
    }
)
def new(
    c,
    title="",
    lang="",
    project="",
    event_dates="",
    location="",
    municipality="",
    translation_of="",
    kind="",
    code="",
    programme="",
    start="",
    end="",
    date="",
    slug="",
):
    """Create a new article, event, translation or project page with the right name and front matter.

    Asks for what is missing when run in a terminal. Never overwrites a file.
    """
    from editorial import scaffold

    config = _site_languages()
    codes, default = config.codes, config.default_lang
    interactive = sys.stdin.isatty()
    kind = kind or ("translation" if translation_of else "project" if code else "event" if event_dates else "")
    if not kind and interactive:
        kind = _ask("What to create: article, event, translation, project", "article")
    kind = kind or "article"
    split = lambda s: [x.strip() for x in s.split(",") if x.strip()]  # noqa: E731
    content = ROOT / "content"
    try:
        if kind == "translation":
            if not translation_of and interactive:
                translation_of = _ask("Path of the file to translate (e.g. content/articles/2024/x.lv.md)")
            if not lang and interactive:
                lang = _ask(f"Language of the translation ({', '.join(c for c in codes if c != default)})", "en")
            if not translation_of:
                raise scaffold.ScaffoldError("give --translation-of PATH")
            new_file = scaffold.new_translation(
                content,
                source=Path(translation_of),
                lang=lang or "en",
                title=title or None,
                languages=codes,
                default_lang=default,
                chain=_chain(config, lang or "en"),
            )
        elif kind == "project":
            if interactive:
                code = code or _ask("Project code (e.g. LLI-59)")
                title = title or _ask("Full name of the project")
                programme = programme or _ask("Programme key (see content/data/programmes.yaml)")
                start = start or _ask("Start (YYYY-MM-DD)")
                end = end or _ask("End (YYYY-MM-DD)")
            new_file = scaffold.new_project(
                content,
                code=code,
                title=title,
                lang=lang or default,
                programme=programme,
                start=start,
                end=end,
                languages=codes,
                chain=_chain(config, lang or default),
            )
        else:
            if interactive:
                title = title or _ask("Title")
                if kind == "event" and not event_dates:
                    event_dates = _ask("Event dates (e.g. 2024-05-08 or 2024-05-08T10:00/2024-05-10T16:00)")
                    location = location or _ask("Location")
                project = project or _ask("Project code(s), comma-separated (Enter for none)")
            new_file = scaffold.new_article(
                content,
                title=title,
                lang=lang or default,
                default_lang=default,
                languages=codes,
                projects=split(project),
                event_dates=split(event_dates),
                location=location,
                date=date or None,
                municipalities=split(municipality),
                slug=slug,
                chain=_chain(config, lang or default),
                timezone=config.timezone,
            )
        scaffold.write(new_file)
    except scaffold.ScaffoldError as exc:
        print(f"Not created: {exc}", file=sys.stderr)
        sys.exit(1)
    print(
        f"Created content/{new_file.rel}\nEdit it (replace every TODO), then run `python3 bootstrap.py serve` "
        "to see it."
    )


@task
def docs(c):
    """Regenerate the front-matter reference in the editor guides (docs/) from the schema."""
    from editorial.guide import update

    changed = update(ROOT)
    print("updated: " + ", ".join(changed) if changed else "the guides are current")


@task(
    help={
        "out": "folder to write the Markdown files into (e.g. content/articles/imported)",
        "source": "a file or a folder of old articles (.txt, .html)",
        "report": "also write the per-file report as JSON to this file",
    },
    positional=["source"],
)
def import_articles(c, source, out, report=None):
    """Convert old articles (plain text or saved HTML) into Markdown files with front matter; report per file."""
    from editorial.importer import main as import_main

    sys.exit(import_main(ROOT, Path(source), Path(out), report=Path(report) if report else None))


@task(
    help={
        "push": "push the gh-pages branch to origin (default: only update the local branch)",
        "remote": "git remote to push to",
        "branch": "branch to publish to",
    }
)
def gh_pages(c, push=False, remote="origin", branch="gh-pages"):
    """Build the production site, run `invoke check`, and publish output/ with ghp-import only if both pass.

    output/'s lock is held from the build to the publication, so what is published is what was checked."""
    from multisite import staging
    from multisite.cli import build as run_build
    from multisite.staging import OutputBusy
    from quality.check import main as check_main

    try:
        with _output_lock("publication"):
            code = run_build(str(ROOT / PUB_SETTINGS), str(OUTPUT), wait=600)
            if code:
                print("Not published: the production build failed.", file=sys.stderr)
                sys.exit(code)
            code = check_main([str(OUTPUT), "--settings", str(ROOT / PUB_SETTINGS)])
            if code:
                print("Not published: the checks found problems (see above).", file=sys.stderr)
                sys.exit(code)
            site = OUTPUT.resolve()  # the build folder itself: ghp-import gets a plain folder
            staging.note(OUTPUT, site, written=[".nojekyll"])  # the next build's mirror catches up with it
            (site / ".nojekyll").write_text("")
            args = f"-n -b {branch} -m 'Publish site' {'-p -r ' + remote if push else ''} {site}"
            c.run(f"{PY} -m ghp_import {args}", pty=False)
    except OutputBusy as exc:
        _busy("Not published", exc)
    print(f"Published to branch {branch}{' and pushed to ' + remote if push else ''}.")


@task(
    help={
        "pages": "comma-separated site paths to audit (default: home, a funded article, a project, the calendar)",
        "form": "mobile, desktop or both (default both)",
        "out": "also write the figures as Markdown to this file (e.g. docs/lighthouse.md)",
    }
)
def lighthouse(c, pages="", form="both", out=""):
    """Lighthouse scores (performance, accessibility, best practices, SEO) of the site in output/.

    Serves output/ the way GitHub Pages does and runs Lighthouse in Debian's Chromium, as a phone and a desktop.
    Build first (`invoke build`); the scores are measurements, so run it on a quiet machine."""
    from quality.lighthouse import FORMS, TARGET, LighthouseError, audit_site, default_pages, table, write_report

    if not (OUTPUT / "index.html").is_file():
        sys.exit("Nothing to audit: build the site first (invoke build).")
    chosen = {p: p for p in pages.split(",") if p.strip()} if pages else default_pages(OUTPUT, ROOT / DEV_SETTINGS)
    forms = FORMS if form == "both" else (form,)
    try:
        with _output_lock("lighthouse"):
            runs = audit_site(OUTPUT, chosen, forms)
    except LighthouseError as exc:
        sys.exit(str(exc))
    print(table(runs))
    for run in runs:
        for loss in run.losses:
            print(f"  {run.name} ({run.form}) – {loss}")
    if out:
        write_report(Path(out), runs)
        print(f"Written to {out}.")
    failing = [f"{run.name} ({run.form}): {', '.join(run.below())}" for run in runs if run.below()]
    if failing:
        sys.exit(f"Below {round(TARGET * 100)}: " + "; ".join(failing))


@task(
    optional=["curve"],
    help={
        "articles": "number of Latvian articles in the synthetic corpus of the full table (default 4000)",
        "no_write": "do not update docs/performance.md",
        "no_preview": "skip row (g), the live preview's edits (each waits for the search index: minutes on 4000 "
        "articles)",
        "curve": "instead of the full table, the scale curve: cold builds (a) and their peak memory at 1000, 4000 "
        "and 16000 articles, or at the comma-separated sizes given (e.g. --curve 100,200,400); "
        "the largest is compared with the one before it",
    },
)
def bench(c, articles=None, no_write=False, curve=None, no_preview=False):
    """Benchmark: our cold and warm builds against plain Pelican on a synthetic corpus; writes docs/performance.md.

    Rows (a) to (g) with their targets: cold build, plain Pelican, warm rebuild after one edit, peak memory,
    `invoke build` with the search index, the next day's rebuild, and the live preview from an edit's save to
    the reloaded page and to the fresh search index. With --curve, only the scale curve."""
    from perf.bench import curve_sizes, run, run_curve

    if curve is not None and curve is not False:
        if articles is not None:
            sys.exit("--curve takes its own sizes (e.g. --curve 1000,4000,16000); --articles is for the full table.")
        try:
            sizes = curve_sizes(curve)
        except ValueError as exc:
            sys.exit(str(exc))
        run_curve(ROOT, sizes, write_doc=not no_write)
        return
    run(ROOT, int(articles or 4000), write_doc=not no_write, preview=not no_preview)
