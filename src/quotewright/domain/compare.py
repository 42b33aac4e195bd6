"""Plans side by side (PRICING.md section 12): `compare(catalog, quote)`
prices the same customer under every plan of the catalog, and sweeps the
usage from 0.1x to 5.0x to say which plan is cheapest where.

A row is the plan's `price_quote` (the quote unchanged but for its plan and
its packs: kept for the quote's own plan, "auto" for another plan that sells
packs, 0 otherwise), what the plan is made of, and a one-word architecture.

The sweep prices plans x 50 cases, so it shares all it can: the forecast at
each multiplier is the same for every plan (credits do not depend on the
plan), each plan's `Terms` are the same at every multiplier, and outcome fees
depend only on the quote's discounts. A case's TCV is then the sum of its
lines without building the months: platform and seats are the same every
month, the year's packs and overage are the auto-pack search's own cost
(`PackChoice.cost`, the same rounded lines), outcomes are shared. Tests check
every swept TCV against `price_quote` of the scaled quote.

Work is bounded: each case's auto-pack search has one quote's budget, as
`price_quote` has, and the whole sweep has `SWEEP_EVALUATIONS`. A plan whose
packs cannot settle at a multiplier is left out of that multiplier's choice
and named in the entry (`unsettled`), rather than failing the comparison.
"""

from decimal import Decimal, localcontext
from typing import NamedTuple

from .catalog import Catalog, Plan
from .charges import Terms
from .consistency import check_quote_against_catalog
from .credits import draw_included
from .errors import InvalidInput
from .forecast import credits_and_counts
from .money import EXACT, ZERO
from .packs import MAX_EVALUATIONS, Budget, SearchTooLarge, YearCost, best_pack_count
from .pricing import price_quote
from .quote import AUTO, Quote
from .result import PricedQuote
from .seats import billable_seats
from .values import rebuilt

MULTIPLIERS: tuple[Decimal, ...] = tuple(Decimal(tenths) / 10 for tenths in range(1, 51))
"""k = 0.1, 0.2, ..., 5.0, exact (a tenth is exact in decimal)."""

SWEEP_EVALUATIONS = 10 * MAX_EVALUATIONS
"""The auto-pack work of the whole sweep (about 3 seconds of CPU at most):
ten quotes' worth, while a sample quote's sweep uses about a tenth of one."""

ARCHITECTURE_SHARE = Decimal("0.6")
"""A part of the bill that carries at least this share of the TCV names the
plan's architecture; below it the plan is a hybrid."""

ARCHITECTURES = ("seat", "usage", "credits", "outcomes", "hybrid")


class Makeup(NamedTuple):
    """What a plan is made of for this quote (list prices, per month)."""

    platform_fee: Decimal
    seat_price: bool  # the plan charges for seats
    billable_seats: int  # seats charged on this quote: above the included, at least the minimum
    included_seats: int
    included_credits: Decimal
    rollover_cap: Decimal  # months of included credits that may be banked
    credit_pack_size: Decimal | None  # None: the plan sells no packs
    overage_mode: str  # the overage schedule's mode (every plan has one)
    outcomes: tuple[str, ...]  # the outcome ids on the quote, billed under every plan


class PlanRow(NamedTuple):
    """One plan priced for the customer. `priced` is None only when the
    plan's auto packs cannot settle; `problem` then says why."""

    plan: str
    name: str
    makeup: Makeup
    priced: PricedQuote | None
    architecture: str | None
    problem: str | None = None

    @property
    def tcv(self) -> Decimal:
        return self.priced.totals.tcv

    @property
    def year_1(self) -> Decimal:
        return self.priced.years[0].total

    @property
    def max_invoice(self) -> Decimal:
        return max(invoice.amount for invoice in self.priced.invoices)

    @property
    def scenario_tcvs(self) -> dict[str, Decimal]:
        return {name: case.totals.tcv for name, case in self.priced.scenarios.items()}

    @property
    def low_high(self) -> tuple[Decimal, Decimal]:
        """The lowest and highest TCV over the expected case and the quote's
        scenarios (just the expected TCV twice when it has none)."""
        tcvs = [self.tcv, *self.scenario_tcvs.values()]
        return min(tcvs), max(tcvs)


class Cheapest(NamedTuple):
    """The cheapest plan at one multiplier; `plan` and `tcv` are None only
    if no plan could be priced there. `unsettled` names the plans left out."""

    multiplier: Decimal
    plan: str | None
    tcv: Decimal | None
    unsettled: tuple[str, ...] = ()


class CheapestRange(NamedTuple):
    """Consecutive multipliers where the same plan is cheapest (inclusive)."""

    first: Decimal
    last: Decimal
    plan: str | None


class Comparison(NamedTuple):
    currency: str
    minor_units: int
    quote_plan: str
    plans: tuple[PlanRow, ...]  # catalog order
    multipliers: tuple[Decimal, ...]
    sweep: tuple[tuple[Decimal | None, ...], ...]  # [multiplier][plan]: the swept TCV, None if unsettled
    cheapest_by_multiplier: tuple[Cheapest, ...]
    cheapest_ranges: tuple[CheapestRange, ...]

    def row(self, plan: str) -> PlanRow:
        return next(row for row in self.plans if row.plan == plan)


def compare(catalog: Catalog, quote: Quote, own: PricedQuote | None = None, *, sweep: bool = True) -> Comparison:
    """Every plan of `catalog` priced for `quote`'s customer, and the sweep.
    Raises `InvalidInput` if the quote itself cannot be priced. `own` is
    `price_quote(catalog, quote)` when the caller has priced it already.
    With `sweep=False` only the rows are priced (a proposal's "Your
    options" needs no more): the sweep fields are then empty."""
    if own is None:
        own = price_quote(catalog, quote)  # the quote as it is: its problems are the caller's
    rows = tuple(_row(catalog, quote, plan, own) for plan in catalog.plans)
    multipliers = MULTIPLIERS if sweep else ()
    swept = _sweep(catalog, quote) if sweep else ()
    cheapest = tuple(_cheapest(k, catalog.plans, tcvs) for k, tcvs in zip(multipliers, swept))
    return Comparison(
        currency=catalog.currency,
        minor_units=catalog.minor_units,
        quote_plan=quote.plan,
        plans=rows,
        multipliers=multipliers,
        sweep=swept,
        cheapest_by_multiplier=cheapest,
        cheapest_ranges=cheapest_ranges(cheapest),
    )


def plan_quote(quote: Quote, plan: Plan, packs: object | None = None) -> Quote:
    """The quote under `plan`: the same customer, usage and discounts; packs
    `packs` if given, else "auto" when the plan sells packs and 0 when not."""
    if packs is None:
        packs = AUTO if plan.credit_pack is not None else 0
    return rebuilt(quote, plan=plan.id, credit_packs_per_year=packs)


def _row(catalog: Catalog, quote: Quote, plan: Plan, own: PricedQuote) -> PlanRow:
    makeup = _makeup(catalog, quote, plan)
    if plan.id == quote.plan:
        return PlanRow(plan.id, plan.name, makeup, own, architecture(own))
    try:
        priced = price_quote(catalog, plan_quote(quote, plan))
    except InvalidInput as problem:
        # Only "auto" can fail here (the quote itself priced): say so in the row.
        return PlanRow(plan.id, plan.name, makeup, None, None, f"{problem.path}: {problem.message}")
    return PlanRow(plan.id, plan.name, makeup, priced, architecture(priced))


def _makeup(catalog: Catalog, quote: Quote, plan: Plan) -> Makeup:
    return Makeup(
        platform_fee=plan.platform_fee,
        seat_price=plan.seat_price is not None,
        billable_seats=billable_seats(plan, quote.seats) if plan.seat_price else 0,
        included_seats=plan.included_seats,
        included_credits=plan.included_credits,
        rollover_cap=plan.rollover_cap,
        credit_pack_size=plan.credit_pack.size if plan.credit_pack else None,
        overage_mode=plan.overage.mode,
        outcomes=tuple(line.outcome for line in quote.outcomes),
    )


def architecture(priced: PricedQuote) -> str:
    """The one word for what the customer mostly pays for under the plan,
    from its expected net lines. Outcome fees that carry at least 60% of the
    TCV make it "outcomes". Otherwise outcome fees are set aside (they are
    the same under every plan, so they say nothing about this one) and the
    part that carries at least 60% of the rest names it: platform and seats
    "seat" (seat or subscription access, PRICING.md 7), credit packs
    "credits", overage "usage". No such part, or nothing billed: "hybrid"."""
    lines = priced.totals.lines
    if lines.outcomes.net > 0 and lines.outcomes.net >= priced.totals.tcv * ARCHITECTURE_SHARE:
        return "outcomes"
    parts = {
        "seat": lines.platform.net + lines.seats.net,
        "credits": lines.credit_packs.net,
        "usage": lines.overage.net,
    }
    own = sum(parts.values(), ZERO)
    if own > 0:
        for name, amount in parts.items():
            if amount >= own * ARCHITECTURE_SHARE:
                return name
    return "hybrid"


# --- the sweep -------------------------------------------------------------------------------------------------


class _Unsettled(Exception):
    pass


def _sweep(catalog: Catalog, quote: Quote) -> tuple[tuple[Decimal | None, ...], ...]:
    """Each plan's TCV at each multiplier, auto packs for every plan that
    sells them (the quote's own plan included), scenarios ignored."""
    with localcontext(EXACT):
        plans = []
        for plan in catalog.plans:
            swept = plan_quote(quote, plan)
            check_quote_against_catalog(catalog, swept)
            terms = Terms.of(catalog, swept)
            plans.append((terms, terms.term_months * (terms.platform.net + terms.seats.net)))
        outcome_terms = plans[0][0]  # outcome fees depend on the quote's discounts only, not the plan
        budget = Budget(SWEEP_EVALUATIONS)
        powers: dict = {}  # each growth rate's compounds, shared by every multiplier
        table = []
        for k in MULTIPLIERS:
            # monthly * k (or series * k), then rounded; only the credits and outcome counts are read
            needed, outcome_counts = credits_and_counts(catalog, quote, k, powers)
            outcomes = sum(
                (o.charge.net for counts in outcome_counts for o in outcome_terms.outcome_charges(counts)), ZERO
            )
            row = []
            for terms, subscription in plans:
                try:
                    row.append(subscription + _packs_and_overage(terms, needed, budget) + outcomes)
                except _Unsettled:
                    row.append(None)
            table.append(tuple(row))
        return tuple(table)


def _packs_and_overage(terms: Terms, needed: tuple[Decimal, ...], sweep_budget: Budget) -> Decimal:
    """The term's net credit_packs + overage lines with auto packs: the sum
    of each year's cost at its best count, as `choose_packs` finds it (here
    with a budget that also draws on the sweep's)."""
    plan = terms.plan
    included = draw_included(needed, plan.included_credits, plan.rollover_cap)
    residuals = [month.residual(need) for month, need in zip(included, needed)]
    total = ZERO
    if plan.credit_pack is None:
        for year in range(1, terms.years + 1):
            total += YearCost(terms, [residuals[m] for m in terms.year_months(year)])(0)
        return total
    if sweep_budget.left <= 0:
        raise _Unsettled
    allowed = min(MAX_EVALUATIONS, sweep_budget.left)
    budget = Budget(allowed)  # one quote's search budget, as price_quote's
    try:
        for year in range(1, terms.years + 1):
            months = terms.year_months(year)
            year_needed = sum((needed[m] for m in months), ZERO)
            total += best_pack_count(terms, [residuals[m] for m in months], year_needed, budget)[1]
    except SearchTooLarge:
        raise _Unsettled from None
    finally:
        sweep_budget.left -= allowed - max(budget.left, 0)
    return total


def _cheapest(k: Decimal, plans: list[Plan], tcvs: tuple[Decimal | None, ...]) -> Cheapest:
    best = None
    for plan, tcv in zip(plans, tcvs):
        if tcv is not None and (best is None or tcv < best[1]):  # strictly lower: a tie keeps the first listed
            best = (plan.id, tcv)
    unsettled = tuple(plan.id for plan, tcv in zip(plans, tcvs) if tcv is None)
    return Cheapest(k, *(best or (None, None)), unsettled)


def cheapest_ranges(entries: tuple[Cheapest, ...]) -> tuple[CheapestRange, ...]:
    """Runs of consecutive multipliers with the same cheapest plan."""
    ranges: list[CheapestRange] = []
    for entry in entries:
        if ranges and ranges[-1].plan == entry.plan:
            ranges[-1] = ranges[-1]._replace(last=entry.multiplier)
        else:
            ranges.append(CheapestRange(entry.multiplier, entry.multiplier, entry.plan))
    return tuple(ranges)
