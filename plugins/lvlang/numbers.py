"""Numbers, money, percentages and plurals through Babel."""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as babel_percent

from .dates import _locale


def format_number(value: float, lang: str) -> str:
    return format_decimal(value, locale=_locale(lang))


def format_eur(amount: float, lang: str) -> str:
    """Euros by the locale's rules; cents only when there are any (lv "30 000 €")."""
    whole = float(amount).is_integer()
    pattern = None
    locale = Locale.parse(_locale(lang) if lang != "ltg" else "lv")
    if whole:
        pattern = locale.currency_formats["standard"].pattern.replace(".00", "").replace(",00", "")
    return format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=not whole)


def format_percent(fraction: float, lang: str, digits: int = 1) -> str:
    locale = _locale(lang) if lang != "ltg" else "lv"
    return babel_percent(fraction, format="#,##0." + "0" * digits + "%" if digits else None, locale=locale)


def plural(n: int, lang: str, forms: dict[str, str]) -> str:
    """Pick the CLDR plural category of ``n`` (lv: zero/one/other) from ``forms``."""
    locale = Locale.parse(_locale(lang) if lang != "ltg" else "lv")
    category = locale.plural_form(n)
    return forms.get(category, forms.get("other", "")).format(n=n)
