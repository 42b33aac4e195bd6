"""What an edit of a quote means, beyond the one field it touches: the
edits a plan change, a term change, typed pack counts, who prepared the
quote, a new line or a repricing make. Each function reads the quote as it
is and returns the edit (a value, with an inverse once applied) or raises
`InvalidInput` naming the field; `QuoteSession` pushes them. Front ends
turn a person's gesture into one of these calls and decide nothing else.

How a term change resizes the per-year pack list is a domain rule; it
lives here until `domain/` gives it a home of its own (the years a term
has come from `domain/term.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence, Union

from ..domain.catalog import Catalog
from ..domain.edits import MISSING, Compound, Edit, InsertItem, RemoveItem, SetValue
from ..domain.errors import InvalidInput
from ..domain.quote import AUTO, MAX_PACKS, Person, Quote
from ..domain.result import PricedQuote
from ..domain.term import contract_years

PACKS = ("credit_packs_per_year",)
PACKS_FIELD = "credit_packs_per_year"
PACKS_EXAMPLE = 'a number of packs for every year ("6"), one per contract year ("6, 9"), or "auto"'
_SEPARATORS = re.compile(r"[,;]")
_WHOLE = re.compile(r"[+-]?[0-9][0-9_]*")

PackCounts = Union[str, int, tuple[int, ...]]


@dataclass(frozen=True)
class UseCatalog:
    """Price the quote with `catalog` from now on: the catalog snapshot is
    part of the quote's document, so changing it is an edit like any other
    (its inverse is `UseCatalog(previous snapshot)`)."""

    catalog: Catalog
    label: str = "Reprice with the current catalog"

    def describe(self) -> str:
        return self.label


QuoteEdit = Union[Edit, UseCatalog]


# --- terms and years --------------------------------------------------------------
def packs_per_year(packs: PackCounts, years: int) -> tuple[int, ...] | None:
    """The typed count for each year (None for "auto": the engine chooses)."""
    if packs == AUTO:
        return None
    if isinstance(packs, tuple):
        return packs
    return (int(packs),) * years


# --- plan and term --------------------------------------------------------------------
def change_plan(catalog: Catalog, quote: Quote, plan_id: str) -> Compound:
    """Choose another plan. A plan that sells no credit packs takes none,
    so typed counts become 0; "auto" stays (it chooses 0 there and picks
    packs again if the quote goes back to a plan that sells them); a plan
    that sells packs keeps the counts the quote has."""
    plan = next((plan for plan in catalog.plans if plan.id == plan_id), None)
    if plan is None:
        raise InvalidInput("plan", f"{plan_id!r} is not a plan of catalog {catalog.name!r}")
    edits: list[Edit] = [SetValue(("plan",), plan_id)]
    if plan.credit_pack is None and not quote.auto_packs and quote.credit_packs_per_year != 0:
        edits.append(SetValue(PACKS, 0))
    return Compound(tuple(edits), "Change plan")


def change_term(quote: Quote, months: int) -> Compound:
    """Change the contract length. A per-year pack list follows the new
    number of contract years: cut to it, or lengthened by repeating the
    last year's count; one count for every year, or "auto", needs no change."""
    edits: list[Edit] = [SetValue(("term_months",), months)]
    packs = quote.credit_packs_per_year
    if isinstance(packs, tuple) and isinstance(months, int) and months >= 1:
        years = contract_years(months)
        resized = list(packs[:years]) + [packs[-1] if packs else 0] * (years - len(packs))
        if tuple(resized) != packs:
            edits.append(SetValue(PACKS, resized))
    return Compound(tuple(edits), "Change term")


# --- credit packs ----------------------------------------------------------------------
def parse_pack_counts(text: str) -> PackCounts:
    """Read what a person typed into the pack field. The accepted forms:

    - `auto`: the engine chooses each year's packs (any letter case);
    - one whole number, such as `6`: that many packs every contract year;
    - whole numbers separated by commas (or semicolons), such as `6, 9`:
      one per contract year, in order (the quote then checks that there is
      exactly one per year).

    Spaces around a number do not matter; `_` may group digits (`1_000`).
    Everything else is refused with `InvalidInput` on `credit_packs_per_year`
    saying what is wrong: an empty field, an empty place between commas, a
    number that is not whole or negative, numbers separated by spaces only,
    or more than `MAX_PACKS`.
    """
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput(PACKS_FIELD, f"is empty; type {PACKS_EXAMPLE}")
    if cleaned.lower() == AUTO:
        return AUTO
    parts = [part.strip() for part in _SEPARATORS.split(cleaned)]
    counts = tuple(_count(part, index, len(parts)) for index, part in enumerate(parts))
    if len(counts) == 1 and not _SEPARATORS.search(cleaned):
        return counts[0]
    return counts


def _count(part: str, index: int, total: int) -> int:
    where = f"year {index + 1}: " if total > 1 else ""
    if not part:
        raise InvalidInput(PACKS_FIELD, f"{where}no number between the commas; type {PACKS_EXAMPLE}")
    if not _WHOLE.fullmatch(part):
        if " " in part and all(_WHOLE.fullmatch(word) for word in part.split()):
            raise InvalidInput(PACKS_FIELD, f"{where}{part!r}: separate the years with commas, such as: 6, 9")
        raise InvalidInput(PACKS_FIELD, f"{where}{part!r} is not a whole number of packs; type {PACKS_EXAMPLE}")
    value = int(part.replace("_", ""))
    if value < 0:
        raise InvalidInput(PACKS_FIELD, f"{where}{part!r}: a number of packs cannot be negative")
    if value > MAX_PACKS:
        raise InvalidInput(PACKS_FIELD, f"{where}{part!r}: at most {MAX_PACKS:,} packs a year")
    return value


def same_packs(a: PackCounts, b: PackCounts, years: int) -> bool:
    """Do two pack values buy the same packs? (6 and "6, 6" do for two years.)"""
    return a == b or (a != AUTO and b != AUTO and packs_per_year(a, years) == packs_per_year(b, years))


def type_pack_counts(quote: Quote, text: str) -> SetValue | None:
    """The edit for a typed pack field, or None when the text says what the
    quote already holds. Raises `InvalidInput` for text it cannot read."""
    value = parse_pack_counts(text)
    if same_packs(value, quote.credit_packs_per_year, quote.contract_years):
        return None
    return SetValue(PACKS, list(value) if isinstance(value, tuple) else value)


def text_shows_packs(text: str, quote: Quote, priced: PricedQuote) -> bool:
    """Does the pack field's text already say the packs the quote buys?
    (Then a refresh leaves what the person typed alone.)"""
    try:
        typed = parse_pack_counts(text)
    except InvalidInput:
        return False
    return typed != AUTO and packs_per_year(typed, quote.contract_years) == tuple(priced.credit_packs_per_year)


def pack_counts_text(priced: PricedQuote) -> str:
    """The packs bought each year, as the pack field shows them."""
    return ", ".join(str(count) for count in priced.credit_packs_per_year)


def set_auto_packs(quote: Quote, priced: PricedQuote, on: bool) -> SetValue | None:
    """Let the engine choose the packs, or stop: then the counts it chose
    become the typed ones, so the price does not move."""
    if on == quote.auto_packs:
        return None
    return SetValue(PACKS, AUTO if on else list(priced.credit_packs_per_year))


# --- who prepared it --------------------------------------------------------------------
def set_prepared_by(quote: Quote, name: str) -> SetValue | None:
    """Who prepared the quote. An empty name removes the person (the
    settings' rep is printed then); a name keeps the role and email."""
    person = quote.prepared_by
    if (person.name if person else "") == name:
        return None
    value = None if not name else {"name": name, "role": person.role if person else "",
                                   "email": person.email if person else ""}
    return SetValue(("prepared_by",), value)


def set_prepared_role(quote: Quote, role: str) -> SetValue | None:
    """The preparer's role; there must be a preparer to have one."""
    person: Person | None = quote.prepared_by
    if person is None:
        raise InvalidInput("prepared_by.role", "type who prepared the quote first")
    return None if person.role == role else SetValue(("prepared_by", "role"), role)


# --- lines and scenarios -----------------------------------------------------------------
LINE_FIELDS = {"usage": "work_unit", "outcomes": "outcome"}


def add_line(quote: Quote, key: str, ident: str) -> InsertItem:
    """A new usage or outcome line for `ident`, at the end, with nothing used yet."""
    line = {LINE_FIELDS[key]: ident, "monthly": Decimal(0), "growth_percent": Decimal(0)}
    return InsertItem((key,), len(getattr(quote, key)), line)


def remove_lines(key: str, rows: Sequence[int]) -> Compound | None:
    """Remove several lines at once, as one step (from the last, so the
    other rows keep their places)."""
    ordered = sorted(set(rows), reverse=True)
    if not ordered:
        return None
    return Compound(tuple(RemoveItem((key,), row) for row in ordered), "Remove lines")


def set_scenario_multiplier(name: str, value: Decimal | None) -> SetValue:
    """A scenario's usage multiplier; None removes the scenario."""
    return SetValue(("scenario_multipliers", name), MISSING if value is None else value)
