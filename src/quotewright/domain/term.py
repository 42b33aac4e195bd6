"""The contract calendar: which contract year a month falls in, how many
years a term has, and which months make a year (PRICING.md 5: year
`y = ceil(m / 12)`; the last year may be shorter than 12 months).

Every layer asks here; nothing else divides a month by 12.
"""

from __future__ import annotations

import datetime as dt

MONTHS_PER_YEAR = 12


def contract_year(month: int) -> int:
    """The contract year (1-based) of term month `month` (1-based)."""
    return -(-month // MONTHS_PER_YEAR)


def contract_years(term_months: int) -> int:
    """How many contract years a term of `term_months` months has."""
    return contract_year(term_months)


def year_month_indexes(year: int, term_months: int) -> range:
    """The 0-based month indexes of contract year `year` (1-based)."""
    return range((year - 1) * MONTHS_PER_YEAR, min(year * MONTHS_PER_YEAR, term_months))


def is_year_start(month: int) -> bool:
    """Whether term month `month` (1-based) opens a contract year."""
    return (month - 1) % MONTHS_PER_YEAR == 0


def calendar_month(start: dt.date, month: int) -> dt.date:
    """The first day of the calendar month in which contract month `month`
    (1-based) falls, for a contract that starts on `start`: month 1 is the
    start's own month."""
    years, month_index = divmod(start.month - 1 + month - 1, MONTHS_PER_YEAR)
    return dt.date(start.year + years, month_index + 1, 1)
