"""Numbers, money, percentages and plurals through Babel, for a language's record."""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as babel_percent

from .language import Language


def format_number(value: float, lang: Language) -> str:
    return format_decimal(value, locale=lang.locale)


# Where a language's style guides differ from CLDR: Latvian writes amounts with the currency's code
# after them and a space before the per cent sign ("30 000 EUR", "85 %"; the EU Publications
# Office's style guide and the State Language Centre), with non-breaking spaces.
_CODE_AFTER = frozenset({"lv"})
_PERCENT_SPACE = frozenset({"lv"})
NBSP = "\u00a0"


def _base(lang: Language) -> str:
    return lang.data_locale.replace("-", "_").split("_")[0]


def format_eur(amount: float, lang: Language) -> str:
    """Euros by the language's rules; cents only when there are any (lv "30 000 EUR", en "€30,000")."""
    whole = float(amount).is_integer()
    if _base(lang) in _CODE_AFTER:
        number = format_decimal(amount, format="#,##0" if whole else "#,##0.00", locale=lang.data_locale)
        return f"{number}{NBSP}EUR"
    pattern = None
    locale = Locale.parse(lang.data_locale)
    if whole:
        pattern = locale.currency_formats["standard"].pattern.replace(".00", "").replace(",00", "")
    return format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=not whole)


def format_percent(fraction: float, lang: Language, digits: int = 1) -> str:
    """A share as a percentage with up to ``digits`` decimals (lv "85 %", "85,5 %"; en "85%")."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    if _base(lang) in _PERCENT_SPACE:
        return f"{format_decimal(fraction * 100, format=pattern, locale=lang.data_locale)}{NBSP}%"
    return babel_percent(fraction, format=pattern + "%", locale=lang.data_locale)


def plural(n: int, lang: Language, forms: dict[str, str]) -> str:
    """Pick the CLDR plural category of ``n`` (lv: zero/one/other; lt: one/few/many/other) from ``forms``."""
    category = Locale.parse(lang.data_locale).plural_form(n)
    return forms.get(category, forms.get("other", "")).format(n=n)
