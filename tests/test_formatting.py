"""Display formatting shows the engine's figures with the currency's ISO 4217
digits and never rounds them again."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quotewright.domain.money import MINOR_UNITS
from quotewright.formatting import format_amount, format_money, format_percent, format_quantity


@pytest.mark.parametrize(("currency", "amount", "shown"), [
    ("USD", "1234.50", "$1,234.50"),
    ("JPY", "1235", "¥1,235"),
    ("KWD", "1.235", "KWD1.235"),
    ("RSD", "2.50", "RSD2.50"),      # CLDR says RSD has 0 digits; ISO 4217 says 2
    ("IQD", "907.200", "IQD907.200"),
    ("EUR", "-12.30", "-€12.30"),
])
def test_money_uses_iso_digits(currency, amount, shown):
    assert format_money(Decimal(amount), currency) == shown


def test_every_currency_shows_exactly_its_minor_units():
    for currency, places in MINOR_UNITS.items():
        text = format_money(Decimal("2.5").quantize(Decimal(1).scaleb(-places)) if places else Decimal(3), currency)
        digits = text.rsplit(".", 1)[1] if "." in text else ""
        assert len([c for c in digits if c.isdigit()]) == places, (currency, text)


def test_a_locale_changes_separators_not_values():
    assert format_money(Decimal("1234.50"), "EUR", "de_DE") == "1.234,50\u00a0€"
    assert format_amount(Decimal("1234.5"), 2) == "1,234.50"
    assert format_percent(Decimal("17.10")) == "17.10%"
    assert format_quantity(Decimal("3300.0")) == "3,300"
