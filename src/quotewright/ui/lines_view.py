"""The quote's line grid (issue 11, item 7): platform, seats, credit packs,
overage and each outcome add-on, with their list, discount and net over the
term and the net of each contract year, and a totals row, for the case the
scenario toggle shows. The rows come from `domain/line_items.py`; this view
only formats them.

The table, its updating (cheap on every keystroke) and its height are
`ui/case_table.py`'s, shared with the invoice schedule.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..domain.line_items import LINE, LineGrid, LineRow, line_grid
from ..domain.result import PricedCase
from ..formatting import DEFAULT_LOCALE
from .case_table import CaseTableView, case_caption
from .documents import QuoteDocument


class LinesView(CaseTableView):
    """The line grid of the open quote for the case shown."""

    grid: LineGrid | None = None  # the rows shown
    _measured: tuple = ()  # what the column widths were measured for

    def __init__(self, quote: QuoteDocument, locale: str = DEFAULT_LOCALE, parent: QWidget | None = None):
        super().__init__("Lines", "lines", quote, locale, parent)

    def _forget_texts(self) -> None:
        super()._forget_texts()
        self.grid = None  # every width again

    # --- cells ----------------------------------------------------------------------------------
    @staticmethod
    def _values(line: LineRow) -> tuple:
        return (line.label, line.list, line.discount, *line.years, line.net)

    def _text(self, column: int, value) -> str:
        if column == 0:
            return value
        return "" if value is None else self.money_text(value)

    @staticmethod
    def _style(line: LineRow) -> str:
        return line.kind

    def text(self, key: str, column: int) -> str:
        """The text of the row `key` ("platform", "outcome:<id>", "total"...) in `column`."""
        self.catch_up()
        for index, line in enumerate(self.grid.rows):
            if line.key == key:
                return self.model.text(index, column)
        raise KeyError(key)

    # --- updating -------------------------------------------------------------------------------
    def _update(self, case: PricedCase) -> None:
        document = self.document
        self.caption_text(case_caption(case, self.locale))
        grid = line_grid(document.catalog, document.priced, case)
        if grid == self.grid:
            return  # e.g. a keystroke in a scenario not shown
        reshaped = self.grid is None or grid.years != self.grid.years or len(grid.rows) != len(self.grid.rows)
        self.grid = grid
        headers = ["Line", "List", "Discount"] + [f"Year {year}" for year in grid.years] + ["Net, term"]
        tooltips = (["", "List price over the whole term, before any discount.", "List minus net over the term."]
                    + [f"Net billed in contract year {year}." for year in grid.years]
                    + ["Net over the whole term: the year columns add up to it."])
        self.model.show(grid.rows, headers, tooltips)
        # Every line is >= 0, so the totals row holds each column's widest
        # charge; a memo (the overage the cap waived) is in no total: measured too.
        widest = [index for index, line in enumerate(grid.rows) if line.kind != LINE]
        # Measured again only when a label or the length of a widest figure changes
        # (digits are equally wide): most keystrokes change digits, not lengths.
        measured = tuple(line.label for line in grid.rows) + tuple(
            len(self.model.text(row, column)) for row in widest for column in range(1, len(headers)))
        if reshaped or measured != self._measured:
            self.table.set_widths([[line.label for line in grid.rows]]
                                  + [[self.model.text(row, column) for row in widest]
                                     for column in range(1, len(headers))])
            self._measured = measured
