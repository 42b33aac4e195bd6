"""Plans side by side for a front end: the comparison of PRICING.md 12 run
as a job that holds only immutable inputs (a catalog and a quote are frozen
models), so any thread may run it; the newest job supersedes every older
one, whose result is thrown away; the crossovers a chart marks; and
switching the quote to a plan as one undoable command.

The job does not decide threads: the app runs it on a worker thread
(`ui/plans_view.py`), tests call `run()` directly.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import NamedTuple

from ..domain.catalog import Catalog
from ..domain.compare import Comparison, compare
from ..domain.edits import Compound, Edit, SetValue
from ..domain.errors import InvalidInput
from ..domain.quote import AUTO, Quote
from .commands import PACKS


class SweepCancelled(Exception):
    """The job was superseded before it ran; it has no result."""


class SweepJob:
    """One comparison of one quote. `cancel()` may be called from any thread:
    a job cancelled before it starts never computes; one cancelled while it
    computes finishes, and `SweepJobs.accept` then refuses its result."""

    def __init__(self, generation: int, catalog: Catalog, quote: Quote):
        self.generation, self.catalog, self.quote = generation, catalog, quote
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def run(self) -> Comparison:
        """Raises `SweepCancelled`, or `InvalidInput` if the quote cannot be priced."""
        if self.cancelled:
            raise SweepCancelled()
        return compare(self.catalog, self.quote)


class SweepJobs:
    """Hands out jobs; only the newest one's result is current."""

    def __init__(self) -> None:
        self.generation = 0
        self._latest: SweepJob | None = None

    def submit(self, catalog: Catalog, quote: Quote) -> SweepJob:
        """A job for the quote as it is now; the one before is cancelled."""
        if self._latest is not None:
            self._latest.cancel()
        self.generation += 1
        self._latest = SweepJob(self.generation, catalog, quote)
        return self._latest

    def cancel(self) -> None:
        if self._latest is not None:
            self._latest.cancel()

    def accept(self, job: SweepJob) -> bool:
        """Is `job`'s result the one to show (the newest, not cancelled)?"""
        return job is self._latest and not job.cancelled


class Crossover(NamedTuple):
    """Between `after` (the last multiplier where `before` is cheapest) and
    the next multiplier, `plan` becomes the cheapest."""

    after: Decimal
    at: Decimal
    before: str | None
    plan: str | None


def crossovers(comparison: Comparison) -> tuple[Crossover, ...]:
    """Where the cheapest plan changes along the sweep."""
    ranges = comparison.cheapest_ranges
    return tuple(Crossover(a.last, b.first, a.plan, b.plan) for a, b in zip(ranges, ranges[1:]))


def switch_to_plan(catalog: Catalog, quote: Quote, plan_id: str) -> Compound | None:
    """The quote as the comparison priced it under `plan_id`: that plan, and
    its packs as the row had them ("auto" where the plan sells packs, else
    0; the quote's own plan keeps its packs). One step; None if already on it."""
    if plan_id == quote.plan:
        return None
    plan = next((plan for plan in catalog.plans if plan.id == plan_id), None)
    if plan is None:
        raise InvalidInput("plan", f"{plan_id!r} is not a plan of catalog {catalog.name!r}")
    packs = AUTO if plan.credit_pack is not None else 0
    edits: list[Edit] = [SetValue(("plan",), plan_id)]
    if quote.credit_packs_per_year != packs:
        edits.append(SetValue(PACKS, packs))
    return Compound(tuple(edits), f"Switch to plan {plan.name}")
