"""Lighthouse (the npm package, driving Debian's Chromium) on the built site.

``audit_site`` serves the site the way GitHub Pages does (text compressed
with gzip, a ten-minute cache lifetime), runs Lighthouse on the pages that
matter most to residents (the home page, a funded article with a picture, a
project page and the month calendar) as a phone and as a desktop, and
returns the four category scores of each run with the audits that cost
points.

The performance score is a measurement of time. It belongs to
``invoke lighthouse`` (which prints the figures and can write them to a
file), never to a test; the tests hold the other three categories, which do
not depend on how busy the machine is.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .browser import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
BATCH = Path(__file__).with_name("lighthouse_batch.mjs")  # several pages in one Node.js process

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORMS = ("mobile", "desktop")
TARGET = 0.95

_LOC = re.compile(r"<loc>([^<]+)</loc>")


class LighthouseError(RuntimeError):
    """Lighthouse could not run or gave no report; ``str(error)`` says why."""


@dataclass(frozen=True)
class Run:
    """One Lighthouse run: a page as a phone or a desktop."""

    name: str  # what the page is ("home", "article" ...)
    path: str  # its site path, e.g. "/kalendars/"
    form: str  # "mobile" or "desktop"
    scores: dict[str, float]  # category id -> 0..1
    losses: tuple[str, ...] = field(default=())  # audits that cost points, "category: title (score)"

    def below(self, target: float = TARGET, categories: Iterable[str] = CATEGORIES) -> list[str]:
        return [c for c in categories if c in self.scores and self.scores[c] < target]


def find_lighthouse() -> tuple[str, Path] | None:
    """(node, the CLI script) when both are installed, else None."""
    node = shutil.which("node")
    return (node, CLI) if node and CLI.is_file() else None


def default_pages(site: Path, settings_file: Path) -> dict[str, str]:
    """The pages audited by default, in the site's first language: the home
    page, the newest funded article with a picture (a page with a notice, an
    emblem and an image is the heaviest kind), the largest project page and
    the month calendar."""
    from pelican.settings import read_settings

    from contentmodel.config import SiteConfig
    from contentmodel.routes import Routes

    routes = Routes.for_config(SiteConfig.from_settings(read_settings(str(settings_file))))
    lang = routes.default_lang
    pages = {"home": "/" + routes.home(lang)}
    article = _funded_article(site)
    if article:
        pages["article"] = article
    project = _largest_project(site, routes.projects(lang), routes.words[lang]["programme"])
    if project:
        pages["project"] = "/" + project
    pages["calendar"] = "/" + routes.calendar(lang)
    return pages


def _largest_project(site: Path, projects: str, programme_word: str) -> str | None:
    folder = site / projects
    pages = [p for p in folder.glob("*/index.html") if p.parent.name != programme_word] if folder.is_dir() else []
    if not pages:
        return None
    largest = max(pages, key=lambda p: (p.stat().st_size, p.parent.name))
    return f"{projects}{largest.parent.name}/"


def _funded_article(site: Path) -> str | None:
    candidates: list[str] = []
    for sitemap in sorted(site.glob("sitemap-*.xml")):
        for url in _LOC.findall(sitemap.read_text("utf-8")):
            path = "/" + url.split("://", 1)[-1].partition("/")[2]
            candidates.append(path)
    for path in sorted(set(candidates), reverse=True):  # newest year first
        if not re.match(r"^/\d{4}/", path):
            continue
        html = site / path.lstrip("/") / "index.html"
        if html.is_file():
            text = html.read_text("utf-8")
            if 'class="funding-disclaimer' in text and '<figure class="cover"' in text:
                return path
    return None


def run_lighthouse(url: str, form: str, categories: Sequence[str] = CATEGORIES, timeout: float = 240) -> dict:
    """Lighthouse's JSON report (the "lhr") for ``url`` as ``form`` ("mobile" or "desktop")."""
    return run_batch([(url, form)], categories, timeout)[0]


def run_batch(
    runs: Sequence[tuple[str, str]], categories: Sequence[str] = CATEGORIES, timeout: float = 240
) -> list[dict]:
    """Lighthouse's reports for ``runs`` ((url, form) each), in one Node.js process driving one
    Chromium (``lighthouse_batch.mjs``); ``timeout`` is per run."""
    found = find_lighthouse()
    if found is None:
        raise LighthouseError("Lighthouse is not installed: run `npm ci` (node_modules/lighthouse) with Node.js")
    for _url, form in runs:
        if form not in FORMS:
            raise ValueError(f"form must be one of {FORMS}, not {form!r}")
    node, _cli = found
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        folder = Path(tmp)
        reports = [folder / f"report-{i}.json" for i in range(len(runs))]
        job = {
            "chrome": CHROMIUM,
            "chromeFlags": [*CHROMIUM_ARGS, "--headless=new", f"--user-data-dir={folder / 'profile'}"],
            "categories": list(categories),
            "maxWaitForLoad": 30000,
            "runs": [{"url": u, "form": f, "out": str(out)} for (u, f), out in zip(runs, reports, strict=True)],
        }
        (folder / "job.json").write_text(json.dumps(job), "utf-8")
        limit = timeout * max(1, len(runs))
        try:
            result = subprocess.run(
                [node, str(BATCH), str(folder / "job.json")], capture_output=True, text=True, timeout=limit
            )
        except subprocess.TimeoutExpired:
            raise LighthouseError(f"Lighthouse did not finish {len(runs)} page(s) within {limit:.0f} s") from None
        found_reports = []
        for (url, _form), report in zip(runs, reports, strict=True):
            if result.returncode != 0 or not report.is_file():
                raise LighthouseError(f"Lighthouse failed on {url}: {(result.stderr or result.stdout).strip()[-600:]}")
            data = json.loads(report.read_text("utf-8"))
            if "error" in data and "categories" not in data:
                raise LighthouseError(f"Lighthouse failed on {url}: {data['error']}")
            found_reports.append(data)
        return found_reports


def scores_of(report: dict, name: str, path: str, form: str) -> Run:
    """The category scores of a report and the audits that cost points."""
    runtime_error = report.get("runtimeError")
    if runtime_error:
        raise LighthouseError(f"Lighthouse could not audit {path}: {runtime_error.get('message', runtime_error)}")
    scores: dict[str, float] = {}
    losses: list[str] = []
    for cid, category in report["categories"].items():
        if category.get("score") is None:
            raise LighthouseError(f"Lighthouse gave no {cid} score for {path}")
        scores[cid] = float(category["score"])
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            score = audit.get("score")
            if ref.get("weight", 0) > 0 and score is not None and score < 1:
                shown = audit.get("displayValue") or f"{score:.2f}"
                losses.append(f"{cid}: {audit['title']} ({shown})")
    return Run(name, path, form, scores, tuple(losses))


def audit_site(
    site: Path, pages: dict[str, str], forms: Sequence[str] = FORMS, categories: Sequence[str] = CATEGORIES
) -> list[Run]:
    """Lighthouse on every page in ``pages`` (name -> site path) in every form, one run at a time, in one browser."""
    return audit_sites([(site, pages)], forms, categories)[0]


def audit_sites(
    sites: Sequence[tuple[Path, dict[str, str]]], forms: Sequence[str] = FORMS, categories: Sequence[str] = CATEGORIES
) -> list[list[Run]]:
    """``audit_site`` for several sites (each with its pages), each served on a port of its own, with one
    Lighthouse process and one browser for all: per site, its runs."""
    jobs = [
        (number, name, path, form)
        for number, (_site, pages) in enumerate(sites)
        for name, path in pages.items()
        for form in forms
    ]
    with contextlib.ExitStack() as stack:
        bases = [stack.enter_context(serve(site, like_github_pages=True)) for site, _pages in sites]
        reports = run_batch([(bases[number] + path, form) for number, _name, path, form in jobs], categories)
    runs: list[list[Run]] = [[] for _site in sites]
    for (number, name, path, form), report in zip(jobs, reports, strict=True):
        runs[number].append(scores_of(report, name, path, form))
    return runs


def table(runs: Sequence[Run], categories: Sequence[str] = CATEGORIES) -> str:
    """The scores as a Markdown table (0-100, as Lighthouse shows them)."""
    head = ["page", "path", "form", *categories]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for run in runs:
        cells = [
            run.name,
            f"`{run.path}`",
            run.form,
            *(f"{round(run.scores[c] * 100)}" if c in run.scores else "–" for c in categories),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(path: Path, runs: Sequence[Run]) -> None:
    """The figures as a Markdown page, with the machine and the versions they were measured with."""
    import datetime as dt
    import platform

    version = json.loads((CLI.parents[1] / "package.json").read_text("utf-8"))["version"]
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Lighthouse scores",
        "",
        f"Measured on {dt.date.today().isoformat()} with Lighthouse {version}, {chromium}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU cores; "
        "the site served as GitHub Pages serves it (gzip, ten-minute cache). "
        "Made with `invoke lighthouse --out docs/lighthouse.md` on a quiet machine. "
        "Performance is a measurement of time and varies from run to run.",
        "",
        table(runs),
        "",
    ]
    losses = [f"- {run.name} ({run.form}): {loss}" for run in runs for loss in run.losses]
    if losses:
        lines += ["Audits that cost points:", "", *losses, ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), "utf-8")
