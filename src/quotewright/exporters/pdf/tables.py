"""Themed tables: a header row in the accent colour that repeats on every
page, striped rows, numbers right-aligned, every cell a wrapping paragraph."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from .context import ProposalContext
from .fonts import literal


def cell(context: ProposalContext, text: str, right: bool = False, markup: bool = False) -> Paragraph:
    """A table cell; `text` is printed literally unless `markup` is set."""
    style = context.styles["cell_right" if right else "cell"]
    return Paragraph(text if markup else literal(text), style)


def themed_table(
    context: ProposalContext,
    header: list[str],
    rows: list[list[str]],
    widths: list[float],
    right: set[int] = frozenset(),
    total_row: bool = False,
    markup_columns: set[int] = frozenset(),
) -> Table:
    head = [Paragraph(literal(title), context.styles["cell_head_right" if i in right else "cell_head"])
            for i, title in enumerate(header)]
    body = [[cell(context, value, i in right, i in markup_columns) for i, value in enumerate(row)] for row in rows]
    table = Table([head, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), context.accent),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, context.accent),
    ]
    for index in range(1, len(rows) + 1):
        if index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), context.stripe))
    if total_row and rows:
        commands += [("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black)]
    table.setStyle(TableStyle(commands))
    return table


def facts_table(context: ProposalContext, facts: list[tuple[str, str]], widths: list[float]) -> Table:
    """Label / value pairs without a header, for covers and summaries."""
    rows = [[Paragraph(literal(label), context.styles["muted"]), Paragraph(literal(value), context.styles["cell"])]
            for label, value in facts if value]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def paired_columns(context: ProposalContext, header: tuple[str, str], entries: list[tuple[str, str]],
                   width: float) -> "PairedColumns":
    """Label / figure pairs (month and amount, month and count) in one, two or
    three side-by-side column pairs, so a long term stays a short table."""
    return PairedColumns(context, header, entries, width)


class PairedColumns(Flowable):
    """Pairs laid out column-major *per page*: down the first column pair,
    then the next, and only then on to the next page. A plain table split
    across pages reads 1-38 / 41-78 / 81-118 on one page and the rest on
    the next; this reads 1-38 / 39-76 / 77-114, then 115-120."""

    def __init__(self, context: ProposalContext, header: tuple[str, str], entries: list[tuple[str, str]],
                 width: float, column_count: int | None = None):
        super().__init__()
        self.context, self.header, self.entries, self.width = context, header, entries, width
        self.column_count = column_count or (1 if len(entries) <= 12 else 2 if len(entries) <= 24 else 3)
        self._table: Table | None = None

    def _build(self, entries: list[tuple[str, str]]) -> Table:
        columns = self.column_count
        per_column = max(1, -(-len(entries) // columns))
        chunks = [entries[i:i + per_column] for i in range(0, len(entries), per_column)]
        rows = []
        for index in range(per_column):
            row: list[str] = []
            for column in range(columns):
                chunk = chunks[column] if column < len(chunks) else []
                row += list(chunk[index]) if index < len(chunk) else ["", ""]
            rows.append(row)
        pair = self.width / columns
        return themed_table(self.context, list(self.header) * columns, rows, [pair * 0.55, pair * 0.45] * columns,
                            right={i for i in range(1, 2 * columns, 2)})

    def _whole(self) -> Table:
        """The table of all the entries, built once (its cells are paragraphs)."""
        if self._table is None:
            self._table = self._build(self.entries)
        return self._table

    def wrap(self, available_width, available_height):
        return self._whole().wrap(available_width, available_height)

    def draw(self):
        self._table.drawOn(self.canv, 0, 0)

    def split(self, available_width, available_height):
        """As many whole rows as fit, each filled across every column pair."""
        table = self._whole()
        table.wrap(available_width, available_height)
        heights = table._rowHeights
        used, rows = heights[0], 0
        for height in heights[1:]:
            if used + height > available_height:
                break
            used, rows = used + height, rows + 1
        if rows * self.column_count >= len(self.entries):
            return [table] if rows else []
        # The part is laid out afresh (its rows pair other entries than the
        # whole table's rows do), so a row's height can differ when figures
        # wrap: shrink until the part really fits.
        while rows > 0:
            first = self._part(self.entries[:rows * self.column_count])
            if first.wrap(available_width, available_height)[1] <= available_height:
                return [first, self._part(self.entries[rows * self.column_count:])]
            rows -= 1
        return []  # not even one row here: the whole table moves on

    def _part(self, entries: list[tuple[str, str]]) -> "PairedColumns":
        return PairedColumns(self.context, self.header, entries, self.width, self.column_count)
