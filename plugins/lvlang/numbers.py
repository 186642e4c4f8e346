"""Numbers, money, percentages and plurals through Babel, for a language's record."""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as babel_percent

from .language import Language


def format_number(value: float, lang: Language) -> str:
    return format_decimal(value, locale=lang.locale)


def format_eur(amount: float, lang: Language) -> str:
    """Euros by the locale's rules; cents only when there are any (lv "30 000 €")."""
    whole = float(amount).is_integer()
    pattern = None
    locale = Locale.parse(lang.data_locale)
    if whole:
        pattern = locale.currency_formats["standard"].pattern.replace(".00", "").replace(",00", "")
    return format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=not whole)


def format_percent(fraction: float, lang: Language, digits: int = 1) -> str:
    return babel_percent(fraction, format="#,##0." + "0" * digits + "%" if digits else None, locale=lang.data_locale)


def plural(n: int, lang: Language, forms: dict[str, str]) -> str:
    """Pick the CLDR plural category of ``n`` (lv: zero/one/other; lt: one/few/many/other) from ``forms``."""
    category = Locale.parse(lang.data_locale).plural_form(n)
    return forms.get(category, forms.get("other", "")).format(n=n)
