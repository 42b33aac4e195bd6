"""The Schedule sheet: one row per month, every derived cell a formula over
Inputs and Rate card that follows PRICING.md section 5 step by step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ...domain.catalog import Catalog
from ...domain.money import ZERO, exact_sum
from ...domain.quote import Quote
from ...domain.result import Invoice, MonthResult, PricedCase
from ...domain.schedules import schedule_amount
from ...domain.term import MONTHS_PER_YEAR, is_year_start
from ...formatting import month_start
from .cells import cell_ref, col, header_row, put_formula, put_text, put_value, round_to, set_widths, snap
from .inputs import InputRefs
from .rate_card import RateCardRefs

SHEET = "Schedule"
CREDITS_ROW, COST_ROW, HEADER_ROW, FIRST_ROW = 2, 3, 4, 5
_SPREADSHEET_EPOCH = dt.date(1899, 12, 30)  # day 0 of a spreadsheet's date serials


def date_serial(day: dt.date) -> int:
    """A date as the number a spreadsheet stores for it (its cached value)."""
    return (day - _SPREADSHEET_EPOCH).days


def unit_titles(catalog: Catalog, ids: list[str]) -> dict[str, str]:
    """Work unit id -> the name a column header shows (the id added only
    when two units share a name, so every header stays unique)."""
    names = {ident: catalog.work_unit(ident).name for ident in ids}
    seen = list(names.values())
    return {ident: name if seen.count(name) == 1 else f"{name} ({ident})" for ident, name in names.items()}


@dataclass
class ScheduleColumns:
    """Column numbers of the Schedule, by meaning, for Summary and Checks."""

    columns: dict[str, int] = field(default_factory=dict)
    first_row: int = FIRST_ROW
    last_row: int = FIRST_ROW
    total_row: int = 0  # the totals row below the months
    calendar: dict[int, int] = field(default_factory=dict)  # month -> its calendar month's date serial

    def local_range(self, key: str) -> str:
        column = col(self.columns[key])
        return f"${column}${self.first_row}:${column}${self.last_row}"

    def range(self, key: str) -> str:
        return f"{SHEET}!{self.local_range(key)}"

    def cell(self, key: str, month: int) -> str:
        return cell_ref(self.columns[key], self.first_row + month - 1, SHEET)

    def total_cell(self, key: str) -> str:
        return cell_ref(self.columns[key], self.total_row, SHEET)


# Columns the totals row sums (money and credits; counts of usage too).
_TOTALLED = ("need", "bought", "pack_used", "breakage", "overage_credits", "included_used", "platform_list",
             "platform", "seats_list", "seats", "credit_packs_list", "credit_packs", "overage_list", "overage",
             "overage_waived", "outcomes_list", "outcomes", "list_total", "total", "discount", "cost_to_serve",
             "invoice")


class ScheduleSheet:
    def __init__(self, sheet, catalog: Catalog, quote: Quote, places: int, inputs: InputRefs, rates: RateCardRefs,
                 case: PricedCase):
        self.sheet, self.catalog, self.quote, self.places = sheet, catalog, quote, places
        self.inputs, self.rates = inputs, rates
        self.case = case  # the expected case: the values the formulas compute (their cached values)
        self.plan = catalog.plan(quote.plan)
        self.layout = ScheduleColumns(last_row=FIRST_ROW + quote.term_months - 1)
        self._headers: list[tuple[str, str]] = []  # (key, title) in column order

    def _column(self, key: str, title: str) -> int:
        self._headers.append((key, title))
        number = len(self._headers)
        self.layout.columns[key] = number
        return number

    def _at(self, key: str, row: int) -> str:
        return f"${col(self.layout.columns[key])}{row}"

    def build(self) -> ScheduleColumns:
        sheet, quote = self.sheet, self.quote
        units = [line.work_unit for line in quote.usage]
        outcomes = [line.outcome for line in quote.outcomes]
        titles = unit_titles(self.catalog, units)
        outcome_names = {outcome: self.catalog.outcome(outcome).name for outcome in outcomes}
        self._column("month", "Month")
        if self.inputs.start is not None:
            self._column("calendar", "Calendar month")
        self._column("year", "Contract year")
        self._column("month_of_year", "Month of year")
        for unit in units:
            self._column(f"usage:{unit}", f"Usage: {titles[unit]}")
        for outcome in outcomes:
            self._column(f"count:{outcome}", f"Outcomes: {outcome_names[outcome]}")
        spend = self.inputs.spend
        for key, title in [
            ("need", "Credits needed"), *([("used_in_year", "Credits used in year so far")] if spend else []),
            ("pool", "Included pool"), ("included_used", "Included used"),
            ("banked", "Banked (rollover)"), ("bought", "Pack credits bought"), ("available", "Pack credits available"),
            ("pack_used", "Pack credits used"), ("balance", "Pack balance after"), ("breakage", "Pack credits expiring"),
            ("overage_credits", "Overage credits"),
            ("platform_list", "Platform list"), ("platform", "Platform net"),
            ("seats_list", "Seats list"), ("seats", "Seats net"),
            ("packs_amount", "Credit packs amount (exact)"), ("credit_packs_list", "Credit packs list"),
            ("credit_packs", "Credit packs net"),
            ("overage_amount", "Overage amount (exact)"), ("overage_list", "Overage list"), ("overage", "Overage net"),
            *([("overage_waived", "Overage waived by the cap")] if spend else []),
        ]:
            self._column(key, title)
        for outcome in outcomes:
            self._column(f"amount:{outcome}", f"{outcome_names[outcome]}: amount (exact)")
            self._column(f"list:{outcome}", f"{outcome_names[outcome]}: list")
            self._column(f"net:{outcome}", f"{outcome_names[outcome]}: net")
        for key, title in [
            ("outcomes_list", "Outcomes list"), ("outcomes", "Outcomes net"), ("list_total", "List total"),
            ("total", "Total (net)"), ("discount", "Discount"), ("cost_to_serve", "Cost to serve (internal)"),
            ("invoice", "Invoice"),
        ]:
            self._column(key, title)

        put_text(sheet, 1, 1, f"Schedule: quote {quote.id}, {quote.term_months} months, one row per month", "title")
        put_text(sheet, CREDITS_ROW, 1, "Credits per unit", "note")
        put_text(sheet, COST_ROW, 1, "Cost to serve per unit (internal)", "note")
        for unit in units:
            work_unit = self.catalog.work_unit(unit)
            put_formula(sheet, CREDITS_ROW, self.layout.columns[f"usage:{unit}"], self.rates.unit_credits[unit],
                        "calc_rate", work_unit.credits)
            put_formula(sheet, COST_ROW, self.layout.columns[f"usage:{unit}"], self.rates.unit_cost[unit], "calc_rate",
                        work_unit.cost_to_serve)
        for outcome in outcomes:
            put_formula(sheet, COST_ROW, self.layout.columns[f"count:{outcome}"],
                        self.rates.outcomes[outcome].cost_to_serve, "calc_rate",
                        self.catalog.work_unit(self.catalog.outcome(outcome).work_unit).cost_to_serve)
        header_row(sheet, HEADER_ROW, [title for _, title in self._headers])
        used = ZERO
        for month, result, invoice in zip(range(1, quote.term_months + 1), self.case.months, self.case.invoices):
            used = result.credits.needed if is_year_start(month) else exact_sum([used, result.credits.needed])
            self._month(FIRST_ROW + month - 1, month, units, outcomes, result, invoice, used)
        self._totals()
        frozen = self.layout.columns["month_of_year"] + 1  # the month columns stay in view
        sheet.freeze_panes = sheet.cell(FIRST_ROW, frozen).coordinate
        sheet.row_dimensions[HEADER_ROW].height = 49  # three lines at least (cells.fit_header_heights adds more)
        widths = {number: 14 for number in range(1, len(self._headers) + 1)}
        widths.update({self.layout.columns[key]: 9 for key in ("month", "year", "month_of_year")})
        if "calendar" in self.layout.columns:
            widths[self.layout.columns["calendar"]] = 10
        set_widths(sheet, widths)
        return self.layout

    def _totals(self) -> None:
        """Below a blank row, the term's sum of each money and credit column."""
        sheet, layout, c = self.sheet, self.layout, self.layout.columns
        totals = self.case.totals
        r = layout.last_row + 2
        layout.total_row = r
        put_text(sheet, r, 1, "Total", "total_text")
        sums = {"need": totals.credits_needed, "included_used": totals.credits_included_used,
                "pack_used": totals.credits_pack_used, "overage_credits": totals.overage_credits,
                "breakage": totals.breakage_credits, "list_total": totals.list_tcv, "total": totals.tcv,
                "discount": totals.discount, "cost_to_serve": totals.cost_to_serve, "invoice": totals.tcv,
                "overage_waived": totals.overage_waived,
                "bought": exact_sum(m.credits.pack_bought for m in self.case.months)}
        for name in ("platform", "seats", "credit_packs", "overage", "outcomes"):
            charge = totals.lines.charge(name)
            sums[name], sums[f"{name}_list"] = charge.net, charge.list
        for key in _TOTALLED:
            if key not in c:
                continue
            kind = "total_money" if key in sums and key not in (
                "need", "bought", "pack_used", "breakage", "overage_credits", "included_used") else "total_credits"
            formula = f"SUM({layout.local_range(key)})"
            put_formula(sheet, r, c[key], snap(formula) if kind == "total_credits" else
                        f"ROUND({formula},{self.places})", kind, sums[key])

    def _month(self, r: int, month: int, units: list[str], outcomes: list[str], result: MonthResult,
               invoice: Invoice, used_in_year) -> None:
        sheet, places, at = self.sheet, self.places, self._at
        c = self.layout.columns
        first = r == FIRST_ROW
        credits, lines = result.credits, result.lines

        def f(key: str, formula: str, style: str, value) -> None:
            put_formula(sheet, r, c[key], formula, style, value)

        put_value(sheet, r, c["month"], month, "calc_int")
        if "calendar" in c:  # the calendar month the contract month starts in
            self.layout.calendar[month] = date_serial(month_start(self.inputs.start, month))
            f("calendar", f"DATE(YEAR(ContractStart),MONTH(ContractStart)+{at('month', r)}-1,1)", "calc_month",
              self.layout.calendar[month])
        f("year", f"INT(({at('month', r)}-1)/12)+1", "calc_int", result.year)
        f("month_of_year", f"MOD({at('month', r)}-1,12)+1", "calc_int",
          month - (result.year - 1) * MONTHS_PER_YEAR)
        quantities = {unit.work_unit: unit.quantity for unit in result.usage}
        counts = {outcome.outcome: outcome for outcome in result.outcomes}
        for unit in units:
            f(f"usage:{unit}", self._forecast(f"usage:{unit}", self.inputs.usage[unit], r, month), "calc_int",
              quantities[unit])
        for outcome in outcomes:
            f(f"count:{outcome}", self._forecast(f"outcome:{outcome}", self.inputs.outcomes[outcome], r, month),
              "calc_int", counts[outcome].count)

        if units:
            usage = f"{at(f'usage:{units[0]}', r)}:{at(f'usage:{units[-1]}', r)}"
            per_unit = f"${col(c[f'usage:{units[0]}'])}${CREDITS_ROW}:${col(c[f'usage:{units[-1]}'])}${CREDITS_ROW}"
            f("need", snap(f"SUMPRODUCT({usage},{per_unit})"), "calc_credits", credits.needed)
        else:
            f("need", "0", "calc_credits", credits.needed)
        new_year = f"{at('month_of_year', r)}=1"
        if "used_in_year" in c:  # the year's use so far, for the credit alerts (PRICING.md 10)
            so_far = at("need", r) if first else f"IF({new_year},0,{at('used_in_year', r - 1)})+{at('need', r)}"
            f("used_in_year", snap(so_far), "calc_credits", used_in_year)
        carried = "0" if first else f"IF({new_year},0,{at('banked', r - 1)})"
        f("pool", snap(f"IncludedCredits+{carried}"), "calc_credits", credits.included_pool)
        f("included_used", f"MIN({at('need', r)},{at('pool', r)})", "calc_credits", credits.included_used)
        f("banked", snap(f"MIN(RolloverCap*IncludedCredits,{at('pool', r)}-{at('included_used', r)})"),
          "calc_credits", credits.banked)
        bought = snap(f"INDEX(PacksPerYear,{at('year', r)})*PackSize")
        f("bought", f"IF({new_year},{bought},0)", "calc_credits", credits.pack_bought)
        previous = at("bought", r) if first else f"IF({new_year},{at('bought', r)},{at('balance', r - 1)})"
        f("available", previous, "calc_credits", exact_sum([credits.pack_balance, credits.pack_used]))
        f("pack_used", snap(f"MIN({at('need', r)}-{at('included_used', r)},{at('available', r)})"), "calc_credits",
          credits.pack_used)
        f("balance", snap(f"{at('available', r)}-{at('pack_used', r)}"), "calc_credits", credits.pack_balance)
        year_end = is_year_start(month + 1) or month == self.quote.term_months
        f("breakage", f"IF(OR({at('month_of_year', r)}=12,{at('month', r)}=TermMonths),{at('balance', r)},0)",
          "calc_credits", credits.pack_balance if year_end else ZERO)
        f("overage_credits", snap(f"{at('need', r)}-{at('included_used', r)}-{at('pack_used', r)}"), "calc_credits",
          credits.overage)

        f("platform_list", round_to("PlatformFee", places), "calc_money", lines.platform.list)
        f("platform", round_to("PlatformFee*SubscriptionFactor", places), "calc_money", lines.platform.net)
        f("seats_list", round_to("SeatsAmount", places), "calc_money", lines.seats.list)
        f("seats", round_to("SeatsAmount*SubscriptionFactor", places), "calc_money", lines.seats.net)
        pack = self.plan.credit_pack
        packs_exact = schedule_amount(pack.price, credits.pack_bought) if pack and credits.pack_bought else ZERO
        overage_exact = schedule_amount(self.plan.overage, credits.overage) if credits.overage else ZERO
        self._priced_line(r, "packs_amount", "credit_packs", "bought", self.rates.pack_price, "PackFactor",
                          packs_exact, lines.credit_packs)
        self._priced_line(r, "overage_amount", "overage", "overage_credits", self.rates.overage, "OverageFactor",
                          overage_exact, lines.overage)
        if "overage_waived" in c:
            self._capped_overage(r, result)

        for outcome in outcomes:
            refs = self.rates.outcomes[outcome]
            count = at(f"count:{outcome}", r)
            priced = counts[outcome]
            f(f"amount:{outcome}", f"IF({count}=0,0,{refs.price.amount(count)})", "calc_rate", priced.amount)
            amount = at(f"amount:{outcome}", r)

            def clamp(x: str) -> str:
                floor = f"MAX({x},{refs.minimum})"
                return f'IF({refs.cap}="",{floor},MIN({floor},{refs.cap}))'

            f(f"list:{outcome}", round_to(clamp(amount), places), "calc_money", priced.charge.list)
            f(f"net:{outcome}", round_to(clamp(f"{amount}*OutcomeFactor"), places), "calc_money", priced.charge.net)
        for kind in ("list", "net"):
            key = "outcomes_list" if kind == "list" else "outcomes"
            parts = [at(f"{kind}:{o}", r) for o in outcomes]
            f(key, f"ROUND({'+'.join(parts)},{places})" if parts else "0", "calc_money",
              lines.outcomes.list if kind == "list" else lines.outcomes.net)

        lists = "+".join(at(k, r) for k in ("platform_list", "seats_list", "credit_packs_list", "overage_list",
                                            "outcomes_list"))
        nets = "+".join(at(k, r) for k in ("platform", "seats", "credit_packs", "overage", "outcomes"))
        f("list_total", f"ROUND({lists},{places})", "calc_money", result.list_total)
        f("total", f"ROUND({nets},{places})", "calc_money", result.total)
        f("discount", f"ROUND({at('list_total', r)}-{at('total', r)},{places})", "calc_money", lines.discount)
        cost_parts = []
        if units:
            usage = f"{at(f'usage:{units[0]}', r)}:{at(f'usage:{units[-1]}', r)}"
            costs = f"${col(c[f'usage:{units[0]}'])}${COST_ROW}:${col(c[f'usage:{units[-1]}'])}${COST_ROW}"
            cost_parts.append(f"SUMPRODUCT({usage},{costs})")
        if outcomes:
            counts_range = f"{at(f'count:{outcomes[0]}', r)}:{at(f'count:{outcomes[-1]}', r)}"
            costs = f"${col(c[f'count:{outcomes[0]}'])}${COST_ROW}:${col(c[f'count:{outcomes[-1]}'])}${COST_ROW}"
            cost_parts.append(f"SUMPRODUCT({counts_range},{costs})")
        cost = round_to("+".join(cost_parts), places) if cost_parts else "0"
        f("cost_to_serve", cost, "calc_money", result.cost_to_serve)

        years, layout = self.layout.local_range("year"), self.layout
        subscription = f"{at('platform', r)}+{at('seats', r)}"
        year_subscription = (
            f"SUMIF({years},{at('year', r)},{layout.local_range('platform')})"
            f"+SUMIF({years},{at('year', r)},{layout.local_range('seats')})"
        )
        annual = f"{at('total', r)}-({subscription})+IF({new_year},{year_subscription},0)"
        f("invoice", f'ROUND(IF(Billing="annual",{annual},{at("total", r)}),{places})', "calc_money", invoice.amount)

    def _priced_line(self, r: int, amount_key: str, key: str, quantity_key: str, refs, factor: str, exact,
                     charge) -> None:
        """A scheduled line: nothing for a zero quantity, else list and net."""
        at, places, c = self._at, self.places, self.layout.columns
        quantity = at(quantity_key, r)
        amount = "0" if refs is None else f"IF({quantity}=0,0,{refs.amount(quantity)})"
        put_formula(self.sheet, r, c[amount_key], amount, "calc_rate", exact)
        put_formula(self.sheet, r, c[f"{key}_list"], round_to(at(amount_key, r), places), "calc_money", charge.list)
        put_formula(self.sheet, r, c[key], round_to(f"{at(amount_key, r)}*{factor}", places), "calc_money",
                    charge.net)

    def _forecast(self, key: str, growth_refs: tuple[str, str], r: int, month: int) -> str:
        """Whole units for the month: the series value times the multiplier
        (PRICING.md 9), else monthly x multiplier x (1 + growth)^(m-1) (5.1)."""
        value = self.inputs.series_cell(key, month)
        if value is not None:
            return round_to(f"{value}*Multiplier", 0)
        monthly, rate = growth_refs
        return round_to(f"{monthly}*Multiplier*(1+{rate}/100)^({self._at('month', r)}-1)", 0)

    def _capped_overage(self, r: int, result: MonthResult) -> None:
        """PRICING.md 10: list = MIN(a, cap), net = MIN(a x discount, cap),
        each rounded (a blank cap is no cap); waived = the net before the cap
        less the net after it, both rounded."""
        at, places, c = self._at, self.places, self.layout.columns
        amount = at("overage_amount", r)

        def capped(x: str) -> str:
            return f'IF(OverageCap="",{x},MIN({x},OverageCap))'

        overage = result.lines.overage
        put_formula(self.sheet, r, c["overage_list"], round_to(capped(amount), places), "calc_money", overage.list)
        put_formula(self.sheet, r, c["overage"], round_to(capped(f"{amount}*OverageFactor"), places), "calc_money",
                    overage.net)
        put_formula(self.sheet, r, c["overage_waived"],
                    f"ROUND({round_to(f'{amount}*OverageFactor', places)}-{at('overage', r)},{places})", "calc_money",
                    result.overage_waived)
