"""Does a quote fit the catalog it is priced against? Every reference must
resolve, a plan that sells no credit packs cannot take any, and an overage
cap is money in the catalog's currency."""

from __future__ import annotations

from .catalog import Catalog
from .errors import InvalidInput
from .quote import Quote
from .spend import check_spend_protection


def check_quote_against_catalog(catalog: Catalog, quote: Quote) -> None:
    """Raise `InvalidInput` with the quote field at fault, or return."""
    plans = {plan.id: plan for plan in catalog.plans}
    if quote.plan not in plans:
        raise InvalidInput("plan", f"{quote.plan!r} is not a plan of catalog {catalog.name!r}")
    units = {unit.id for unit in catalog.work_units}
    for index, line in enumerate(quote.usage):
        if line.work_unit not in units:
            raise InvalidInput(
                f"usage[{index}].work_unit", f"{line.work_unit!r} is not a work unit of catalog {catalog.name!r}"
            )
    outcomes = {outcome.id for outcome in catalog.outcomes}
    for index, line in enumerate(quote.outcomes):
        if line.outcome not in outcomes:
            raise InvalidInput(
                f"outcomes[{index}].outcome", f"{line.outcome!r} is not an outcome of catalog {catalog.name!r}"
            )
    if plans[quote.plan].credit_pack is None and not quote.auto_packs:
        counts = quote.credit_packs_per_year
        for year in range(1, quote.contract_years + 1):
            if quote.packs_for_year(year):
                where = f"credit_packs_per_year[{year - 1}]" if isinstance(counts, tuple) else "credit_packs_per_year"
                raise InvalidInput(where, f"plan {quote.plan!r} sells no credit packs, so it takes none")
    check_spend_protection(quote, catalog.currency, catalog.minor_units)
