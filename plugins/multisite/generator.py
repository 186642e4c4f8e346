"""The plugin's side of a Pelican run: publishing it, and the generator that builds the site.

Every run of a Pelican instance goes the same way, whoever started it
(``pelican content``, each rebuild of ``pelican --autoreload``,
``multisite.cli.build`` and the invoke tasks built on it):

``get_generators`` (the start of ``Pelican.run``)
    the typed config is made from the settings (once per run), the output
    folder's lock is taken, the staging folder is prepared (a hard-linked
    mirror of the published build) and Pelican is pointed at it;
``MultisiteGenerator.generate_context``
    everything is read and checked; a content error stops the run here;
``static_generator_finalized``
    every static file Pelican is about to copy is unlinked from the staging
    folder first, so that the copy is a new file and never writes through a
    hard link into the live site; unchanged files stay hard links;
``MultisiteGenerator.generate_output``
    every page is written into the staging folder;
``finalized``
    the staging folder is published in one step, the build record committed
    and the lock released.

A failure in any of these steps leaves the published output as it was,
prints a readable report (never a traceback), releases the lock and raises
``BuildFailed``, which Pelican's command turns into exit status 1. Inside
``pelican --autoreload`` nothing is raised: Pelican would run again at once,
in a loop, instead of waiting for the next save; the failed run goes on to
its end without publishing anything and holds the lock until then.

What a run needs travels in a ``Publisher`` attached to the Pelican instance
(``Publisher.of(pelican)``), never through the settings.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from contentmodel.config import ConfigError, SiteConfig
from contentmodel.diagnostics import ContentError

from . import signals
from . import staging as stage
from .build import BuildResult, PreparedSite, SiteBuild
from .settings_names import unknown_settings

log = logging.getLogger(__name__)

WAIT = 600.0  # seconds a run waits for another build of the same output folder
_UNRECORDED = ("DIRECT_TEMPLATES", "TEMPLATE_PAGES", "OUTPUT_SOURCES")  # Pelican's own pages (none by default)


class BuildFailed(Exception):
    """A run stopped; the report has been printed and the published output is unchanged."""

    exitcode = 1  # what Pelican's command exits with


class Publisher:
    """The plugin's state for one Pelican instance: how its runs publish, and the last run's build.

    Callers may set ``stream`` (where reports go: standard error by default)
    ``wait`` (seconds to wait for another build of the same output
    folder; None: as long as it takes), ``search_later`` (publish without
    the search index; the caller writes it afterwards, as the live preview
    does) and ``long_lived`` (the process builds again, as the live preview
    does: what it read is kept in memory for the next build) before calling
    ``pelican.run()``."""

    def __init__(self, pelican) -> None:
        self.pelican = pelican
        self.output_path = pelican.output_path
        self.target = Path(os.path.abspath(pelican.output_path))  # the published output (a symlink)
        self.stream: TextIO | None = None
        self.wait: float | None = WAIT
        self.search_later = False  # leave the search index to the caller, after publishing
        self.long_lived = False  # the process builds again (keeps its caches in memory between builds)
        self.build: SiteBuild | None = None  # the last successful run's build
        self.result: BuildResult | None = None  # and what it wrote
        self.prepared: PreparedSite | None = None  # and what it read (what the search index is made from)
        self._run: _Run | None = None
        self._names_checked = False

    @classmethod
    def of(cls, pelican) -> Publisher:
        publisher = getattr(pelican, "multisite_publisher", None)
        if publisher is None:
            publisher = pelican.multisite_publisher = cls(pelican)
        return publisher

    @property
    def out(self) -> TextIO:
        return self.stream or sys.stderr

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _notify(self, line: str) -> None:
        self.say(line)
        if self.out is not sys.stderr:  # a caller that shows the report later (the preview): say it now
            print(line, file=sys.stderr, flush=True)

    # ------------------------------------------------------------------ the run

    @property
    def run(self) -> _Run:
        if self._run is None:
            raise RuntimeError("the multisite generator runs only inside a Pelican run")
        return self._run

    def begin(self) -> type:
        """Start a run: config, lock, staging folder. Returns the generator class for this run."""
        if self._run is not None:
            self._run.release()  # the last run failed outside our code
        run = self._run = _Run(self)
        self.build = self.result = self.prepared = None
        settings = self.pelican.settings
        if not self._names_checked:
            self._names_checked = True
            for line in unknown_settings(settings):
                self.say(line)
        try:
            run.lock.enter_context(stage.locked(self.target, wait=self.wait, notify=self._notify))
            # Pelican copies the theme's files into existing files: give it fresh ones, not links to the live output.
            run.staging = stage.prepare(self.target, [settings.get("THEME_STATIC_DIR") or "theme"])
        except Exception as exc:  # noqa: BLE001 - failed() words the known failures and re-raises the rest
            self.failed(exc, keep_going=False)
        run.watch_disk_errors()
        self.pelican.output_path = str(run.staging)
        try:
            run.config = SiteConfig.from_settings(settings)
        except ConfigError as exc:
            self.failed(exc)
        return type(MultisiteGenerator.__name__, (MultisiteGenerator,), {"publisher": self})

    def failed(self, exc: BaseException, keep_going: bool = True) -> None:
        """Stop the run: print what went wrong in words, release the lock, raise ``BuildFailed``
        (inside ``pelican --autoreload``, when ``keep_going``: return, and let the run end unpublished).

        An error that is neither about the content, the settings, the lock nor
        the disk is a bug: it is raised as it is, after the lock is released."""
        if isinstance(exc, BuildFailed):
            raise exc
        if isinstance(exc, ContentError):
            message = (
                "The site was not built: the content has errors.\n\n"
                + exc.report.format()
                + "\n\nNothing was written; fix the files above and build again."
            )
        elif isinstance(exc, ConfigError):
            message = f"The site was not built: a setting is wrong.\n{exc}"
        elif isinstance(exc, stage.OutputBusy):
            waited = f" and did not finish within {self.wait:g} s" if self.wait else ""
            message = f"The site was not built: {exc}{waited}; the published files are unchanged."
        else:
            problem = stage.disk_problem(exc, self.target)
            if problem is None:
                self._end()
                raise exc
            message = f"The site was not built: {problem}; the published files are unchanged."
        if keep_going and self._run is not None and _inside_autoreload():
            self._run.failed = True
            self.say(message)
            return
        self._end()
        self.say(message)
        raise BuildFailed(message.splitlines()[0]) from exc

    def finish(self) -> None:
        """Publish the finished run (Pelican's ``finalized``)."""
        run = self.run
        if run.failed:
            self._end()
            return
        try:
            if run.disk_errors:
                raise run.disk_errors[0]
            if run.build is None or run.result is None or run.staging is None:
                raise RuntimeError("the multisite generator did not run")
            self._record(run)
            stage.swap(run.staging, self.target)
        except Exception as exc:  # noqa: BLE001 - failed() words the known failures and re-raises the rest
            self.failed(exc)
            self._end()  # inside autoreload: reported, not raised
            return
        try:
            run.build.committed()
            stage.settle(self.target)
        except Exception as exc:
            problem = stage.disk_problem(exc, self.target)
            self._end()
            if problem is None:
                raise
            self.say(
                f"The site was built and published, but its build record was not saved: {problem}; "
                "the next build will be a full one."
            )
            self.build, self.result, self.prepared = run.build, run.result, run.prepared
            return
        self._end()
        self.build, self.result = build, result = run.build, run.result
        self.prepared = run.prepared
        for warning in build.report.warnings:
            self.say(warning.format())
        detail = f" ({result.rendered} pages and files computed, {result.kept} unchanged kept)" if result.kept else ""
        self.say(f"Built in {time.perf_counter() - run.started:.1f} s{detail}.")

    def _record(self, run: _Run) -> None:
        """The journal of this build, for the next one's mirror (``staging.record``): what the build wrote,
        and what Pelican copied - the theme's folder and the static folders, walked again, and every
        static file it was given."""
        result, settings = run.result, self.pelican.settings
        if run.context is None or result is None or run.staging is None or any(map(settings.get, _UNRECORDED)):
            stage.forget(self.target)  # Pelican wrote pages of its own, which no journal lists: the next build walks
            return
        statics = [os.path.normpath(str(static.save_as)) for static in run.context.get("staticfiles") or ()]
        copied = [settings.get("THEME_STATIC_DIR") or "theme", *settings.get("STATIC_PATHS", ())]
        stage.record(
            self.target,
            run.staging,
            written=[*result.touched, *(path.replace(os.sep, "/") for path in statics)],
            removed=result.removed,
            folders=[*result.replaced, *(os.path.normpath(str(folder)).replace(os.sep, "/") for folder in copied)],
        )

    def _end(self) -> None:
        if self._run is not None:
            self._run.release()
            self._run = None


class _Run:
    """One run of a Pelican instance: its config, lock, staging folder and build."""

    def __init__(self, publisher: Publisher) -> None:
        self.publisher = publisher
        self.started = time.perf_counter()
        self.config: SiteConfig | None = None
        self.lock = contextlib.ExitStack()
        self.staging: Path | None = None
        self.build: SiteBuild | None = None
        self.result: BuildResult | None = None  # what the build wrote, once it has
        self.prepared: PreparedSite | None = None
        self.context: dict[str, Any] | None = None  # Pelican's context of the run, shared by its generators
        self.failed = False  # reported already; the rest of the run only runs out
        self.disk_errors: list[OSError] = []
        self._handler: _DiskErrors | None = None

    def watch_disk_errors(self) -> None:
        self._handler = _DiskErrors(self.disk_errors)
        logging.getLogger("pelican").addHandler(self._handler)

    def release(self) -> None:
        if self._handler is not None:
            logging.getLogger("pelican").removeHandler(self._handler)
            self._handler = None
        self.publisher.pelican.output_path = self.publisher.output_path
        self.lock.close()


def _inside_autoreload() -> bool:
    """Whether this run was started by Pelican's ``autoreload`` loop (which reruns at once after an exception)."""
    import pelican

    code = getattr(getattr(pelican, "autoreload", None), "__code__", None)
    frame: Any = sys._getframe(1)
    while frame is not None:
        if frame.f_code is code:
            return True
        frame = frame.f_back
    return False


class _DiskErrors(logging.Handler):
    """Pelican logs a failed copy of a static or theme file and goes on: a full or
    read-only disk must stop the build instead of publishing a site without the file."""

    def __init__(self, errors: list[OSError]) -> None:
        super().__init__(logging.WARNING)
        self.errors = errors

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        self.errors += [arg for arg in args if isinstance(arg, OSError) and stage.is_disk_error(arg)]


class QuietFailure(logging.Filter):
    """Pelican logs the exception that ended a run, with its traceback; ours has been reported already."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        args = record.args if isinstance(record.args, tuple) else ()
        return not (isinstance(exc, BuildFailed) or any(isinstance(arg, BuildFailed) for arg in args))


# ---------------------------------------------------------------------- static files


def _same_bytes(a: Path, b: Path, chunk: int = 1 << 20) -> bool:
    """Whether two files hold the same bytes, read now. (Not ``filecmp.cmp``: it keeps its answers for the
    process's life, keyed by size and time - so an edit keeping both, after an earlier build of the same
    process compared the same two files, as in the live preview, would be taken for no edit.)"""
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            left, right = fa.read(chunk), fb.read(chunk)
            if left != right:
                return False
            if not left:
                return True


def refresh_static(generator) -> None:
    """Make Pelican's copies of static files safe and cheap (``static_generator_finalized``).

    The staging folder is a hard-linked mirror of the published build, and
    Pelican copies into an existing file in place: every file it is about to
    copy is unlinked first, so the copy is a new file. A file whose source is
    unchanged (same size, not newer: ``STATIC_CHECK_IF_MODIFIED``, and the same
    bytes, since an edit can keep size and time) is left alone - a hard link to
    the published one, nothing copied. A file no longer
    in the content is removed from the static folders."""
    settings = generator.settings
    output, source = Path(generator.output_path), Path(generator.path)
    check = bool(settings.get("STATIC_CHECK_IF_MODIFIED"))
    wanted = set()
    for static in generator.staticfiles:
        rel = os.path.normpath(static.save_as)
        wanted.add(rel)
        target = output / rel
        try:
            there = os.lstat(target)
        except FileNotFoundError:
            continue
        try:
            here = os.stat(source / static.source_path)
        except OSError:
            here = None
        # Size and time alone can be kept by an edit (cp -p, touch -r, rsync -t): same size means compare the bytes.
        unchanged = (
            check
            and here is not None
            and not os.path.islink(target)
            and os.path.isfile(target)
            and there.st_size == here.st_size
            and here.st_mtime - there.st_mtime <= 0.000001
            and _same_bytes(source / static.source_path, target)
        )
        if not unchanged:
            if os.path.isdir(target) and not os.path.islink(target):
                continue  # Pelican reports a folder in the way
            os.unlink(target)
    for folder in settings.get("STATIC_PATHS", ()):
        base = output / folder
        if not base.is_dir() or base.is_symlink():
            continue
        for dirpath, _dirnames, filenames in os.walk(base):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if os.path.normpath(os.path.relpath(path, output)) not in wanted:
                    os.unlink(path)


# ---------------------------------------------------------------------- the generator


class MultisiteGenerator:
    """Reads, validates and writes every language of the site in one pass.

    Pelican gets a subclass bound to the run's ``Publisher`` (``Publisher.begin``)."""

    publisher: Publisher

    def __init__(
        self,
        context: dict[str, Any],
        settings: dict[str, Any],
        path: str,
        theme: str,
        output_path: str,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        self.context = context
        self.settings = settings
        run = self.run = self.publisher.run
        run.context = context  # where Pelican lists the static files it copies (see Publisher._record)
        self.build: SiteBuild | None = None
        self.prepared: PreparedSite | None = None  # what generate_context made, for generate_output
        if run.config is None:  # the settings are wrong: reported, the run only runs out
            return
        build = self.build = run.build = SiteBuild(
            settings=settings,
            config=run.config,
            content_root=Path(path),
            theme_dir=Path(theme),
            output_dir=Path(output_path),
            target=stage.record_target(self.publisher.target),
            search_later=self.publisher.search_later,
            long_lived=self.publisher.long_lived,
        )
        # The page families, in the order their outputs are planned: the pages layer's one list
        # (sitepages.families) answers; the build itself knows no page type.
        for _receiver, result in signals.builders.send(build):
            if result is None:
                continue
            build.builders.extend(result if isinstance(result, (list, tuple)) else [result])

    def generate_context(self):
        if self.run.failed or self.build is None:
            return
        try:
            self.prepared = self.build.prepare()  # every problem, before anything is written
        except Exception as exc:  # noqa: BLE001 - failed() words the known failures and re-raises the rest
            self.publisher.failed(exc)

    def generate_output(self, writer):
        if self.run.failed or self.build is None or self.prepared is None:
            return
        try:
            self.run.result = self.build.write(self.prepared)
            self.run.prepared = self.prepared
        except Exception as exc:  # noqa: BLE001 - failed() words the known failures and re-raises the rest
            self.publisher.failed(exc)
        log.info("phases: %s", ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.build.timings.items()))
