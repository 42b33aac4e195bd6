"""The committed / estimated usage-based split of TCV (domain/commitment.py):
one definition for the workbook and the proposal, summing to TCV exactly."""

from __future__ import annotations

import pytest

from conftest import sample_names
from quotewright.domain import price_quote
from quotewright.domain.commitment import USAGE_BASED_LINES, committed_and_estimated, split_lines
from quotewright.domain.money import exact_sum
from quotewright.storage.documents import load_catalog, load_quote
from quotewright.storage.samples import sample


def priced_sample(name: str):
    found = sample(name)
    return price_quote(load_catalog(found.catalog), load_quote(found.quote).quote)


def test_usage_based_lines_are_overage_and_outcomes():
    assert USAGE_BASED_LINES == ("overage", "outcomes")


@pytest.mark.parametrize("name", sample_names())
def test_split_sums_to_tcv_and_follows_the_lines(name):
    priced = priced_sample(name)
    for case in (priced.expected, *priced.scenarios.values()):
        committed, estimated = committed_and_estimated(case)
        assert exact_sum([committed, estimated]) == case.totals.tcv
        lines = case.totals.lines
        assert committed == exact_sum([lines.platform.net, lines.seats.net, lines.credit_packs.net])
        assert estimated == exact_sum([lines.overage.net, lines.outcomes.net])
        # the same split year by year adds up to the term's
        by_year = [split_lines(year.lines) for year in case.years]
        assert exact_sum(part for part, _ in by_year) == committed
        assert exact_sum(part for _, part in by_year) == estimated


def test_a_sample_with_forecast_usage_has_an_estimated_part():
    parts = [committed_and_estimated(priced_sample(name).expected) for name in sample_names()]
    assert any(estimated > 0 for _, estimated in parts)
    assert any(committed > 0 for committed, _ in parts)
