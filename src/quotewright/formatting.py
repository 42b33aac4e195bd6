"""Display formatting for every reader (CLI, GUI, PDF): money, percentages
and quantities. The one place that turns numbers into text for people.

Amounts arrive already rounded by the engine; formatting never rounds money.
Babel does its arithmetic (normalize, quantize) in the thread's decimal
context, which keeps only 28 digits, while the engine's figures can have
hundreds: every call here runs in a local context sized to the value, and a
zero is shown without a sign (a "-0.00" on a proposal reads as a refund).
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from copy import copy
from decimal import Decimal, localcontext
from functools import lru_cache

from babel.core import Locale
from babel.numbers import NumberPattern, format_currency, get_currency_symbol, parse_pattern

from .domain.money import MINOR_UNITS, ZERO, minor_units, round_money
from .domain.phrases import Figure, Message, Phrase
from .domain.term import calendar_month

month_start = calendar_month  # the contract calendar is domain/term.py's; the old name stays for its readers

DEFAULT_LOCALE = "en_US"

_DEFAULT_DIGITS = 28  # Python's default precision: enough for most figures


def _wide(value: Decimal, places: int = 0) -> AbstractContextManager:
    """A decimal context with room for every digit of `value` shown with
    `places` decimals, so that babel's quantize neither fails nor rounds."""
    digits = max(value.adjusted() + 1, 1) + max(places, -value.as_tuple().exponent, 0) + 2
    return localcontext(prec=max(_DEFAULT_DIGITS, digits), Emax=max(999_999, digits), Emin=-max(999_999, digits))


def _unsigned_zero(value: Decimal) -> Decimal:
    """-0 and -0.00 as 0 and 0.00: a zero never prints with a minus sign."""
    return value.copy_abs() if value.is_zero() else value


@lru_cache(maxsize=256)
def _money_pattern(locale: str, places: int, currency: str) -> tuple[Locale, NumberPattern, str | None]:
    """The locale's currency pattern with exactly the ISO 4217 digits (CLDR,
    which babel follows, disagrees for a dozen currencies), and the currency
    written into it. Babel looks up the currency's symbol and its plural
    name on every call otherwise (a third of a call's time); the symbol and
    code depend only on the locale, so they are substituted here as babel
    would. A pattern with the plural name (not in CLDR's standard patterns)
    keeps babel's substitution: the `currency` to hand it, else None."""
    parsed = Locale.parse(locale)
    pattern = copy(parsed.currency_formats["standard"])
    pattern.frac_prec = (places, places)
    if any("¤¤¤" in text for text in pattern.prefix + pattern.suffix):
        return parsed, pattern, currency
    symbol = get_currency_symbol(currency, parsed)

    def written(text: str) -> str:  # babel's order: the code for ¤¤, then the symbol for ¤
        return text.replace("¤¤", currency.upper()).replace("¤", symbol)

    pattern.prefix = tuple(written(text) for text in pattern.prefix)
    pattern.suffix = tuple(written(text) for text in pattern.suffix)
    return parsed, pattern, None


@lru_cache(maxsize=64)
def _number_pattern(locale: str, pattern: str) -> tuple[Locale, NumberPattern]:
    """`pattern` parsed once per locale (babel's decimal formatting parses
    the pattern text and the locale again on every call)."""
    return Locale.parse(locale), parse_pattern(pattern)


def format_money(amount: Decimal, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """$1,234.50 / ¥1,235 / KWD1.235: the currency's ISO 4217 digits. The
    engine has already rounded the amount; nothing here rounds it again."""
    parsed, pattern, name_currency = _money_pattern(locale, minor_units(currency), currency)
    amount = _unsigned_zero(amount)
    with _wide(amount, pattern.frac_prec[0]):
        return pattern.apply(amount, parsed, currency=name_currency, currency_digits=False,
                             decimal_quantization=False)


def _number(value: Decimal, pattern: str, locale: str) -> str:
    """`value` in `pattern`, as babel's `format_decimal` writes it without
    decimal quantization, with the pattern parsed once."""
    parsed, number_pattern = _number_pattern(locale, pattern)
    return number_pattern.apply(value, parsed, decimal_quantization=False)


def format_amount(amount: Decimal, places: int, locale: str = DEFAULT_LOCALE) -> str:
    """A money amount without its symbol, for dense tables: 1,234.50."""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    amount = _unsigned_zero(amount)
    with _wide(amount, places):
        return _number(amount, pattern, locale)


def format_percent(value: Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """17.10 -> '17.10%' (values are already rounded to 2 decimals)."""
    value = _unsigned_zero(value)
    with _wide(value, 2):
        return _number(value, "#,##0.00", locale) + "%"


def format_quantity(value: Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """Credits and units: thousands separators, only the decimals they have."""
    value = _unsigned_zero(value)
    with _wide(value):
        normalized = value.normalize() if value else ZERO
        places = max(0, -normalized.as_tuple().exponent)
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return _number(value, pattern, locale)


_COMPACT_SIZES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(1000), "k"))


def format_compact(value: Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """A short figure for a chart axis: 20000 -> 20k, 1500000 -> 1.5M,
    9500 -> 9.5k; one decimal below ten of its unit, none above, and only if
    not zero (rounded as every figure is, by money.py); past trillions
    4e+27, which stays short however many digits a total has."""
    value = _unsigned_zero(value)
    if abs(value) >= 10 ** 15:
        return f"{value:.0e}"
    scaled, suffix = value, ""
    for size, unit in _COMPACT_SIZES:
        if abs(value) >= size:
            scaled, suffix = value / size, unit  # a power of ten: exact
            break
    shown = _unsigned_zero(round_money(scaled, 1 if abs(scaled) < 10 else 0))
    pattern = "#,##0" if shown == shown.to_integral_value() else "#,##0.0"
    with _wide(shown, 1):
        return _number(shown, pattern, locale) + suffix


def format_rate(value: Decimal, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """A unit price with every decimal it has: $0.0065 stays $0.0065."""
    value = _unsigned_zero(value)
    with _wide(value, minor_units(currency) if currency in MINOR_UNITS else 4):
        return format_currency(value, currency, locale=locale, decimal_quantization=False)


def format_date(value: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """24 Nov 2026 (the locale's medium date)."""
    from babel.dates import format_date as babel_format_date  # only proposals need dates: keep start-up light

    return babel_format_date(value, format="medium", locale=locale)


def format_month(start: dt.date, month: int, locale: str = DEFAULT_LOCALE) -> str:
    """Contract month `month` as a calendar month: Feb 2027."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(month_start(start, month), format="MMM y", locale=locale)


def format_figure(figure: Figure, locale: str = DEFAULT_LOCALE) -> str:
    """A `domain.phrases.Figure` as text: money, a percentage, a quantity or a date."""
    if figure.kind == "money":
        return format_money(figure.value, figure.currency, locale)
    if figure.kind == "percent":
        return format_percent(figure.value, locale)
    if figure.kind == "date":
        return format_date(figure.value, locale)
    return format_quantity(figure.value, locale)


def format_phrase(phrase: Message, locale: str = DEFAULT_LOCALE) -> str:
    """A warning or an approval reason in `locale`: a `Phrase`'s template
    with each figure formatted here and each text part as it is; a message
    that is plain text (it holds no figures) is returned as it is."""
    if not isinstance(phrase, Phrase):
        return str(phrase)
    return phrase.template.format(*(format_figure(part, locale) if isinstance(part, Figure) else part
                                    for part in phrase.parts))
