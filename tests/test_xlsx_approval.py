"""Issue 10, item 3: the workbook's approval mirror decides what the engine
decides. The engine compares the figures as reported, at 2 decimals
(PRICING.md 6), so each probe puts a discount or the margin floor between a
figure's exact value and its reported one: a mirror that compares exact
figures gets the other level. All probes recalculate in one LibreOffice run."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import pytest

from builders import northwind_catalog, quote_data
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.money import round_percent
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.xlsx import XlsxExporter
from xlsx_recalc import recalculate  # LibreOffice set to recalculate every formula (the file has cached values)
from workbook_reader import RecalculatedWorkbook

REP, LAST = "rep", "vp"


class Probe(NamedTuple):
    label: str
    catalog: Catalog
    quote: Quote
    level: str  # what the rule on reported figures gives, by construction
    exact_level: str  # what comparing the exact figures would give


def catalog(rep_limit: str = "10", floor: str = "0") -> dict:
    data = northwind_catalog()
    data["approval"] = {"margin_floor_percent": floor, "levels": [
        {"role": REP, "max_discount_percent": rep_limit}, {"role": LAST, "max_discount_percent": "100"}]}
    return data


def between(low: Fraction, high: Fraction) -> Decimal:
    """A 4-decimal value strictly between two figures (asserted)."""
    middle = Decimal((low + high).numerator) / Decimal((low + high).denominator) / 2
    value = middle.quantize(Decimal("0.0001"))
    assert min(low, high) < value < max(low, high), (low, high, value)
    return value


def exact_committed_percent(totals) -> Fraction:
    listed = Fraction(totals.committed_list_tcv)
    return (listed - Fraction(totals.committed_tcv)) / listed * 100


def exact_margin_percent(totals) -> Fraction:
    return (Fraction(totals.tcv) - Fraction(totals.cost_to_serve)) / Fraction(totals.tcv) * 100


def discount_probe(label: str, field: str, value: str, rep_limit: str = "10", **changes) -> Probe:
    data = quote_data(discounts={field: value}, **changes)
    limit = Decimal(rep_limit)
    level = REP if round_percent(Decimal(value)) <= limit else LAST
    exact_level = REP if Decimal(value) <= limit else LAST
    return Probe(label, Catalog.model_validate(catalog(rep_limit)), Quote.model_validate(data), level, exact_level)


def committed_probe() -> Probe:
    """A subscription discount whose committed percent reports below the
    rep limit while its exact value is above it (10.0042... -> 10.00)."""
    quote = Quote.model_validate(quote_data(discounts={"subscription_percent": "10.004"}))
    totals = price_quote(Catalog.model_validate(catalog()), quote).totals
    exact, reported = exact_committed_percent(totals), totals.committed_discount_percent
    assert reported <= 10 < exact, (reported, exact)
    return Probe("committed 10.004", Catalog.model_validate(catalog()), quote, REP, LAST)


def margin_probe(label: str, subscription: str) -> Probe:
    """The margin floor between the exact and the reported gross margin."""
    quote = Quote.model_validate(quote_data(discounts={"subscription_percent": subscription}))
    totals = price_quote(Catalog.model_validate(catalog()), quote).totals
    exact, reported = exact_margin_percent(totals), totals.gross_margin_percent
    floor = between(exact, Fraction(reported))
    level = LAST if reported < floor else REP
    assert (exact < floor) != (reported < floor)
    return Probe(label, Catalog.model_validate(catalog(floor=str(floor))), quote, level, LAST if level == REP else REP)


def probes() -> list[Probe]:
    outcomes = {"outcomes": [{"outcome": "resolved", "monthly": "400"}]}
    return [
        discount_probe("overage 10.004", "overage_percent", "10.004"),  # the case of the issue
        discount_probe("overage 10.0049", "overage_percent", "10.0049"),
        discount_probe("overage 10.005 at a 10.006 limit", "overage_percent", "10.005", rep_limit="10.006"),
        # Equal once rounded: the limit and the reported discount are the same number in a spreadsheet too.
        discount_probe("overage 10.005 at a 10.01 limit", "overage_percent", "10.005", rep_limit="10.01"),
        discount_probe("overage 10.00 at a 10 limit", "overage_percent", "10.00"),
        discount_probe("overage 10.003 at a 10.001 limit", "overage_percent", "10.003", rep_limit="10.001"),
        discount_probe("outcomes 10.004", "outcomes_percent", "10.004", **outcomes),
        discount_probe("outcomes 25.0031 at a 25.0001 limit", "outcomes_percent", "25.0031", rep_limit="25.0001",
                       **outcomes),
        committed_probe(),
        margin_probe("margin reported under the floor", "10.004"),
        margin_probe("margin reported over the floor", "9.997"),
    ]


PROBES = {probe.label: probe for probe in probes()}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, tuple[object, RecalculatedWorkbook]]:
    folder = tmp_path_factory.mktemp("approval")
    exported = {}
    for index, probe in enumerate(PROBES.values()):
        priced = price_quote(probe.catalog, probe.quote)
        path = folder / f"probe-{index}.xlsx"
        XlsxExporter().export(ExportJob(probe.catalog, probe.quote, priced), Settings(), path)
        exported[probe.label] = (priced, path)
    copies = recalculate([path for _, path in exported.values()], folder / "recalculated")
    return {label: (priced, RecalculatedWorkbook(copies[path])) for label, (priced, path) in exported.items()}


def test_the_probes_cover_every_comparison():
    """Each comparison has a probe where the exact figure gives the other
    level, in both directions overall."""
    telling = [probe for probe in PROBES.values() if probe.level != probe.exact_level]
    for comparison in ("overage", "outcomes", "committed", "margin"):
        assert any(probe.label.startswith(comparison) for probe in telling), comparison
    assert {probe.level for probe in telling} == {REP, LAST}


@pytest.mark.parametrize("label", list(PROBES))
def test_the_engine_compares_the_reported_figures(label):
    probe = PROBES[label]
    assert price_quote(probe.catalog, probe.quote).approval.level == probe.level


@pytest.mark.parametrize("label", list(PROBES))
def test_the_recalculated_workbook_needs_the_engines_level(recalculated, label):
    priced, book = recalculated[label]
    assert book.labelled("Summary", "Approval level needed") == priced.approval.level
    assert book.failed_checks() == []
    assert book.master_check == "OK"
