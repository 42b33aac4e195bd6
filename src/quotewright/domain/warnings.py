"""Warnings on a priced quote, each with a plain-language reason: credits
that expire unused, overage above a third of a year's spend, a pack count
just below a cheaper volume tier, outcome pricing on a unit that is not
outcome-ready, and a quote past its validity date (the caller says what
day it is: the domain reads no clock). A message with figures is a `Phrase`:
its figures stay values, and the display layer writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .catalog import Catalog
from .charges import Terms
from .money import percent_of
from .phrases import Phrase, date_figure, money_figure, percent_figure, quantity_figure
from .quote import Quote
from .result import PricedCase, QuoteWarning

OVERAGE_SHARE_LIMIT = 3  # warn when overage is more than 1/3 of a year's spend


def collect_warnings(
    catalog: Catalog, quote: Quote, terms: Terms, case: PricedCase, today: dt.date | None
) -> tuple[QuoteWarning, ...]:
    def money(value: Decimal):
        return money_figure(value, catalog.currency)

    found: list[QuoteWarning] = []
    for year in case.years:
        if year.breakage_credits > 0:
            share = percent_of(year.breakage_credits, year.pack_credits)
            found.append(
                QuoteWarning(
                    "credits_expire",
                    Phrase(
                        "Year {}: {} of the {} prepaid credits ({}) expire unused at the end of the year; "
                        "fewer packs would waste less.",
                        str(year.year), quantity_figure(year.breakage_credits), quantity_figure(year.pack_credits),
                        percent_figure(share),
                    ),
                    year.year,
                )
            )
        overage = year.lines.overage.net
        if overage * OVERAGE_SHARE_LIMIT > year.total:
            share = percent_of(overage, year.total)
            found.append(
                QuoteWarning(
                    "overage_share",
                    Phrase(
                        "Year {}: overage is {} of the year's spend ({} of {}); more packs or a larger plan "
                        "would protect the customer from bill shock.",
                        str(year.year), percent_figure(share), money(overage), money(year.total),
                    ),
                    year.year,
                )
            )
        cliff = _cheaper_larger_pack_count(terms, year.credit_packs)
        if cliff is not None:
            more, more_net, now_net = cliff
            found.append(
                QuoteWarning(
                    "pack_cliff",
                    Phrase(
                        "Year {}: {} packs would cost {}, less than the {} quoted ({}): a volume tier makes more "
                        "credits cheaper.",
                        str(year.year), quantity_figure(more), money(more_net), quantity_figure(year.credit_packs),
                        money(now_net),
                    ),
                    year.year,
                )
            )
    for line, outcome in zip(quote.outcomes, terms.outcomes):
        unit = catalog.work_unit(outcome.work_unit)
        ready = unit.readiness
        if not ready.outcome_ready:
            found.append(
                QuoteWarning(
                    "outcome_not_ready",
                    f"Outcome {outcome.name!r} is priced on {unit.name!r}, which is not outcome-ready: "
                    f"{ready.reason}. That unit is ready for {ready.pricing.lower()}.",
                )
            )
    if today is not None and quote.valid_until is not None and today > quote.valid_until:
        found.append(
            QuoteWarning(
                "expired",
                Phrase("The quote was valid until {}; it has expired and needs new dates.",
                       date_figure(quote.valid_until)),
            )
        )
    return tuple(found)


def _cheaper_larger_pack_count(terms: Terms, packs: int) -> tuple[int, Decimal, Decimal] | None:
    """The first larger pack count, at the start of a higher price tier,
    whose net price is below that of `packs`; None if there is none."""
    pack = terms.plan.credit_pack
    if pack is None or packs == 0:
        return None
    now = terms.pack_charge(packs).net
    for bound in pack.price.tier_bounds():
        more = pack.first_count_above(bound)
        if more > packs:
            price = terms.pack_charge(more).net
            if price < now:
                return more, price, now
    return None
