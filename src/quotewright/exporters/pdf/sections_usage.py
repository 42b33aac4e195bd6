"""Usage assumptions and the credit burn chart."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from ...domain.money import round_whole
from ...domain.proposal_template import Section
from .context import ProposalContext
from .describe import ramp_text
from .fonts import BODY, literal
from .sections_front import heading
from .tables import paired_columns, themed_table

OVERAGE_COLOR = colors.HexColor("#D9822B")
MONTH_LABELS = 12  # at most about this many month numbers under the chart


def usage(context: ProposalContext, section: Section, width: float) -> list:
    quote, priced = context.quote, context.priced
    if not quote.usage:
        return []
    rows = []
    ramps: list = []
    for line, total in zip(quote.usage, priced.expected.work_units):
        if not total.quantity:
            continue  # a unit the customer does not expect to use is not part of their usage
        unit = context.catalog.work_unit(line.work_unit)
        if line.series is None:
            first, growth = context.quantity(line.monthly), growth_text(context, line.growth_percent)
        else:
            first, growth = context.quantity(line.series[0]), "Ramp, below"
            ramps += ramp_flowables(context, unit.name, line.series, width, unit)
        rows.append([unit.name, unit.unit, first, growth, context.quantity(unit.credits),
                     context.quantity(total.quantity)])
    if not rows:
        return []
    return heading(context, section, "Usage assumptions") + [themed_table(
        context, ["Work unit", "Counted per", "Month 1", "Growth / month", "Credits each", "Over the term"], rows,
        [width - 128 * mm, 28 * mm, 25 * mm, 25 * mm, 22 * mm, 28 * mm], right={2, 3, 4, 5})] + (
        [Spacer(1, 2 * mm), *ramps] if ramps else [])


def growth_text(context: ProposalContext, percent) -> str:
    """A line's monthly growth, or "Flat" when it does not change."""
    return context.percent(percent) if percent else "Flat"


def ramp_flowables(context: ProposalContext, name: str, series, width: float, unit=None) -> list:
    """A usage or outcome series as the usage it is: its steps in a sentence
    ("months 1-3: 1,000 a month; from month 4: 20,000 a month"), or, with
    more steps than a sentence holds, a month-by-month table."""
    steps = ramp_text(context, series, unit)
    if steps is not None:
        return [Paragraph(f"<b>{literal(name)}</b>: {literal(steps)}.", context.styles["body"])]
    entries = [(context.month(month), context.quantity(value)) for month, value in enumerate(series, 1)]
    return [Paragraph(f"<b>{literal(name)}</b>, month by month:", context.styles["intro"]),
            paired_columns(context, ("Month", "Expected"), entries, width), Spacer(1, 3 * mm)]


def _whole(value) -> int:
    """Credits as whole bar heights, rounded by the one rule (half away from zero)."""
    return int(round_whole(value))


def _tick_step(top: int) -> int:
    """A whole, round step (1, 2 or 5 times a power of ten) that marks the
    axis up to `top` with at most six ticks: every label is a whole number
    of credits, so no label is ever rounded."""
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            if base * magnitude * 5 >= top:
                return base * magnitude
        magnitude *= 10


def burn_chart(context: ProposalContext, width: float, height: float = 62 * mm) -> Drawing:
    months = context.priced.months
    included = [_whole(m.credits.included_used) for m in months]
    prepaid = [_whole(m.credits.pack_used) for m in months]
    overage = [_whole(m.credits.overage) for m in months]
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 16 * mm
    chart.width, chart.height = width - 18 * mm, height - 22 * mm
    chart.data = [included, prepaid, overage]
    chart.categoryAxis.style = "stacked"
    step = max(1, len(months) // MONTH_LABELS)
    chart.categoryAxis.categoryNames = [str(m.month) if (m.month - 1) % step == 0 else "" for m in months]
    chart.categoryAxis.labels.fontName = BODY
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontName = BODY
    chart.valueAxis.labels.fontSize = 6
    top = max((sum(bar) for bar in zip(included, prepaid, overage)), default=0)
    step = _tick_step(top)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = max(step, -(-top // step) * step)
    # The ticks are whole multiples of `step`: the label shows the count in the user's locale.
    chart.valueAxis.labelTextFormat = lambda value: context.quantity(int(value))
    chart.barSpacing = 0
    chart.groupSpacing = 1 if len(months) > 36 else 2
    chart.bars.strokeWidth = 0
    palette = [context.accent, colors.Color(context.accent.red, context.accent.green, context.accent.blue, alpha=0.45),
               OVERAGE_COLOR]
    for index, color in enumerate(palette):
        chart.bars[index].fillColor = color
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 14 * mm, 5 * mm
    legend.fontName, legend.fontSize = BODY, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 6
    legend.deltax = 45 * mm
    legend.colorNamePairs = list(zip(palette, ["Included credits", "Prepaid pack credits", "Overage credits"]))
    drawing.add(legend)
    return drawing


def credit_burn(context: ProposalContext, section: Section, width: float) -> list:
    totals = context.priced.totals
    rows = [[context.quantity(totals.credits_needed), context.quantity(totals.credits_included_used),
             context.quantity(totals.credits_pack_used), context.quantity(totals.overage_credits),
             context.quantity(totals.breakage_credits)]]
    column = width / 5
    return heading(context, section, "Credit burn over the term") + [
        burn_chart(context, width),
        themed_table(context, ["Credits needed", "From included", "From prepaid packs", "Overage",
                               "Prepaid, unused"], rows, [column] * 5, right={0, 1, 2, 3, 4}),
    ]
