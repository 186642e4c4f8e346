"""Jinja environments, one per language, with gettext and locale-aware filters."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable, Mapping
from collections.abc import Set as AbstractSet
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from contentmodel import deps
from contentmodel.config import Language, SiteConfig
from contentmodel.markup import plain_text
from contentmodel.routes import Routes
from events.links import webcal_url
from lvlang import dates, numbers

from .fallback import Marks
from .i18n import RecordingTranslations, translations_for


class _CompiledTemplates(jinja2.BytecodeCache):
    """The compiled templates of this process, by template file and source checksum: a long-lived process
    (the live preview) compiles a template once, and again only when its source changes (Jinja compares
    the checksum of the source it loads with the stored one). Every environment that uses it is made with
    the same options (``Renderer``), which the compiled code depends on."""

    def __init__(self) -> None:
        self.stored: dict[str, tuple[str, Any]] = {}  # key -> (checksum of the source, code)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        stored = self.stored.get(bucket.key)
        if stored is not None and stored[0] == bucket.checksum:
            bucket.code = stored[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.stored[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledTemplates()


def _json_ld(data: Any) -> Markup:
    # allow_nan=False: NaN and Infinity are not JSON; one slipping through stops the build.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    # Keep "</script>" and HTML comments out of the script element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


# Where base.html puts the note that some interface texts of the page are in another language.
FALLBACK_NOTE = "<!--interface-fallback-note-->"


class Renderer:
    """Renders templates for every language of the site."""

    def __init__(
        self,
        theme_dir: Path,
        config: SiteConfig,
        lang_globals: Callable[[str], dict[str, Any]] | None = None,
        routes: Routes | None = None,
    ):
        self.config = config
        self.routes = routes = routes if routes is not None else Routes.for_config(config)
        self.translations: dict[str, RecordingTranslations] = {}
        self.marks = Marks.new()
        self.envs: dict[str, jinja2.Environment] = {}
        self._page_numbers: dict[tuple[str, str, int], tuple[Markup, ...]] = {}
        # Fragments rendered once per build and process (``once``), with what they read of the site.
        self._fragments = deps.Memo({})
        loader = jinja2.FileSystemLoader(str(theme_dir / "templates"))
        for lang in config.languages:
            tr = translations_for(theme_dir / "translations", lang.code, lang.chain[1:], self.marks)
            env = jinja2.Environment(
                loader=loader,
                autoescape=True,
                trim_blocks=True,
                lstrip_blocks=True,
                extensions=["jinja2.ext.i18n"],
                undefined=jinja2.StrictUndefined,
                bytecode_cache=_COMPILED,
                auto_reload=False,  # one build, one version of the theme
            )
            env.install_gettext_translations(tr, newstyle=True)
            # ``_`` as Jinja's newstyle gettext gives it (autoescaped, then formatted), without its two
            # indirections through the template context: pages call it thousands of times.
            env.globals["_"] = partial(_gettext, tr.gettext, {})
            date_lang = lang
            formatted: dict[tuple[dt.date, str], str] = {}  # this language's dates as written, by (day, style)
            env.filters.update(
                {
                    "date": partial(_format_date, lang=date_lang, formatted=formatted),
                    "short_date": partial(_format_date, lang=date_lang, style="short", formatted=formatted),
                    "datetime": lambda value, _l=date_lang: dates.format_datetime(value, _l),
                    "number": lambda value, _l=date_lang: numbers.format_number(value, _l),
                    "eur": lambda value, _l=date_lang: numbers.format_eur(value, _l),
                    "percent": lambda value, _l=date_lang: numbers.format_percent(value, _l),
                    "iso": _iso,
                    "json_ld": _json_ld,
                    "plain_text": plain_text,
                    "webcal": _webcal,
                }
            )
            env.globals.update(
                {
                    "lang": lang.code,
                    "language": lang,
                    "config": config,
                    "languages": config.languages,
                    "routes": routes,
                    "url": routes.href,
                    "page_numbers": partial(self.page_numbers, lang.code),
                    "once": partial(self.once, lang.code),
                    "same_on_every_page": partial(self.same_on_every_page, lang.code),
                    "absolute_url": routes.absolute,
                    "dates_lang": dates.running_text_language(lang),
                    "month_caption": lambda y, m, _l=date_lang: dates.month_caption(y, m, _l),
                    "weekday_names": lambda width="wide", _l=date_lang: dates.weekday_names(_l, width),
                    "plural": lambda n, forms, _l=date_lang: numbers.plural(n, _l, forms),
                }
            )
            if lang_globals is not None:
                env.globals.update(lang_globals(lang.code))
            self.envs[lang.code] = env
            self.translations[lang.code] = tr

    def compile_all(self) -> None:
        """Load every template of the theme in every language's environment. Called before render
        workers are forked: they then share the compiled templates instead of each compiling them again
        (what a worker compiles is lost when it ends). A template that does not compile is left for
        the render that uses it to report."""
        for env in self.envs.values():
            for name in env.list_templates():
                try:
                    env.get_template(name)
                except jinja2.TemplateError:
                    continue

    def render(self, lang: str, template: str, context: Mapping[str, Any]) -> str:
        """The template's output; in an HTML page, interface texts in another language than ``lang``
        are marked with ``lang`` and the page's footer says so (see fallback.py)."""
        text = self.envs[lang].get_template(template).render(context)
        if not template.endswith(".html"):
            return self.marks.strip(text)
        html, shown_in = self.marks.mark(text)
        if FALLBACK_NOTE not in html:
            return html
        note = ""
        if shown_in:
            names = ", ".join(self.config.language_name(code) for code in sorted(shown_in))
            message = self.translations[lang].gettext(
                "Some interface texts on this page are not translated yet; they are shown in: %(languages)s."
            )
            note, _ = self.marks.mark(f'<p class="wrap fallback-note">{escape(message) % {"languages": names}}</p>')
        return html.replace(FALLBACK_NOTE, note, 1)

    def page_numbers(self, lang: str, pager: Any, entry: Callable[[int, str | None], Markup]) -> Markup:
        """The entries of every page of ``pager``'s listing, ``entry(n, address)`` each, the current
        page's ``entry(n, None)``: the links are rendered once per listing, not once per page (a listing
        of 400 pages would render 160,000 of them)."""
        key = (lang, pager.base, pager.count)
        if self._fragments.asked is not None:
            self._fragments.asked.add("page_numbers")
        links = self._page_numbers.get(key)
        if links is None:
            links = self._page_numbers[key] = tuple(
                entry(n, self.routes.href(pager.path(n))) for n in range(1, pager.count + 1)
            )
        number = pager.number
        return Markup("").join((*links[: number - 1], entry(number, None), *links[number:]))

    def once(self, lang: str, macro: Callable[..., Markup], item: Any, *args: Hashable) -> Markup:
        """``macro(item, *args)``, rendered once per language, item and arguments, and taken again by
        every page that shows the same ``item`` (the very object: an article's view is one per build and
        process), as an article's card is in every list of it. ``macro`` must depend on nothing else
        than its arguments and the language's globals; what it reads of the site is noted again on
        every page that takes it (``deps.Memo``)."""
        key = (getattr(macro, "name", macro), lang, id(item), args)  # its kind (``watch``): the macro's name
        # The entry holds ``item`` itself: its id cannot be taken by another object while it is kept.
        return self._fragments.get(key, lambda: (item, macro(item, *args)))[1]

    def same_on_every_page(self, lang: str, name: str, caller: Callable[[], Markup]) -> Markup:
        """The body of ``{% call same_on_every_page(name) %}``, rendered once per language (a page's
        header and footer); what it reads of the site is noted again on every page that takes it."""
        return self._fragments.get(("same_on_every_page", lang, name), lambda: (None, caller()))[1]

    def watch(self) -> set[Hashable]:
        """The set into which the renderer notes, from now on, the kinds of fragments it is asked for: a
        macro's name for ``once``, "same_on_every_page", "page_numbers" (``deps.Memo.watch``)."""
        return self._fragments.watch()

    def forget(self, kinds: AbstractSet[Hashable]) -> None:
        """Let go of the fragments of these kinds (``watch``): asked again, they are rendered again."""
        self._fragments.forget(kinds)
        if "page_numbers" in kinds:
            self._page_numbers.clear()

    def forget_reads(self, reads: AbstractSet[deps.Dep]) -> None:
        """Let go of the fragments whose rendering read any of ``reads`` (``deps.Memo.forget_reads``)."""
        self._fragments.forget_reads(reads)

    def gettext(self, lang: str, message: str) -> str:
        return self.translations[lang].gettext(message)

    def missing_strings(self) -> dict[str, list[str]]:
        return {code: sorted(tr.missing) for code, tr in self.translations.items() if tr.missing}


def _gettext(translate: Callable[[str], str], known: dict[str, Markup], message: str, **variables: Any) -> Markup:
    # Always formatted, even without variables, as Jinja's newstyle gettext does ("%%" gives "%").
    if variables:
        return Markup(translate(message)) % variables
    # Without variables the text is the same on every page: made once per language (``known``). The
    # first call notes a message the language lacks (``RecordingTranslations.missing``).
    text = known.get(message)
    if text is None:
        text = Markup(translate(message))
        if "%" in text:
            text = text % {}
        known[message] = text
    return text


def _format_date(value, lang: Language, style: str = "long", formatted: dict | None = None) -> str:
    if hasattr(value, "value"):  # contentmodel.validate.Published
        value = value.value
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    if formatted is None or type(value) is not dt.date:  # e.g. the build date, whose reads are noted
        return dates.format_date(value, lang, style)
    # A plain day: the same article's date is shown on its page and in every list it is in.
    key = (value, style)
    text = formatted.get(key)
    if text is None:
        text = formatted[key] = dates.format_date(value, lang, style)
    return text


def _iso(value) -> str:
    if hasattr(value, "value"):
        value = value.value
    return value.isoformat()


def _webcal(url: str) -> str:
    return webcal_url(url)
