"""The live summary beside the quote: totals, the approval badge with its
reasons, warnings, and the two charts. It re-reads the priced result on
every change and formats it, in the locale of the settings; it never adds
anything up.

It never shows figures that are not the open quote's: when they cannot be
shown (a figure the formatter cannot write), every figure and both charts
are blanked and a notice says why; when the last change could not be
priced (and so was not applied), the notice says that too."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.new_quote import nothing_to_approve
from ..domain.result import PricedCase
from ..formatting import DEFAULT_LOCALE, format_amount, format_money, format_quantity
from ..workspace.scenarios import EXPECTED, cases_in_order
from .charts import Series, StackedBarChart
from .documents import PricingFailed, QuoteDocument
from .figure_texts import FigureTexts
from ..workspace.field_names import role_words, with_role_names
from .refused import not_applied

LINE_COLORS = {"platform": "#1F4E79", "seats": "#4F81BD", "credit_packs": "#8DB4E2", "overage": "#D9822B",
               "outcomes": "#6AA84F"}
LINE_NAMES = {"platform": "Platform", "seats": "Seats", "credit_packs": "Packs", "overage": "Overage",
              "outcomes": "Outcomes"}
LEVEL_COLORS = ["#2E7D32", "#F9A825", "#EF6C00", "#C62828"]
NEUTRAL_COLOR = "#757575"  # grey: no level to show yet
NOTHING_YET = "Nothing to approve yet"
UNAVAILABLE = "\u2014"  # an em dash: nothing to show, never an old figure

FIGURES = [
    # key, label, tooltip (how it is computed)
    ("tcv", "TCV", "Total contract value: the sum of every month's net total over the term."),
    ("acv", "ACV", "Annual contract value: TCV x 12 / term months, rounded once."),
    ("list_tcv", "List TCV", "The sum of every month's list total, before any discount."),
    ("discount", "Discount", "List TCV - TCV; the percentage is of list TCV."),
    ("committed", "Committed discount", "Discount on platform, seats and packs only (what the customer commits "
     "to); it decides the approval level with the overage and outcome discounts."),
    ("breakage", "Credits expiring", "Prepaid pack credits left unused at the end of each contract year."),
    ("packs", "Packs per year", "Credit packs bought at the start of each contract year."),
    ("margin", "Gross margin (internal)", "(TCV - cost to serve) / TCV. Cost to serve is each month's usage and "
     "outcomes x their work units' cost, rounded per month. Never shown to the customer."),
]


class SummaryPanel(QWidget):
    def __init__(self, document: QuoteDocument, parent: QWidget | None = None, locale: str = DEFAULT_LOCALE):
        super().__init__(parent)
        self.document = document
        self.locale = locale  # every figure's text, the charts' included (settings.locale)
        self.texts = FigureTexts()  # the figures' text, remembered while this view lives
        layout = QVBoxLayout(self)
        layout.setSpacing(4)  # the figures and both charts fit a 1024x700 window

        self.notice = QLabel()
        self.notice.setObjectName("summary_notice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel { background: #FDECEA; border: 1px solid #C62828; padding: 6px; }")
        self.notice.hide()
        layout.addWidget(self.notice)
        # While a field is refused, the figures are the last valid value's: said above them.
        self.refused_notice = QLabel()
        self.refused_notice.setObjectName("refused_notice")
        self.refused_notice.setWordWrap(True)
        self.refused_notice.setStyleSheet("QLabel { background: #FFF8E1; border: 1px solid #F2C94C; padding: 6px; }")
        self.refused_notice.hide()
        layout.addWidget(self.refused_notice)

        scenario_row = QHBoxLayout()
        self.scenario_label = QLabel("Usage:")
        scenario_row.addWidget(self.scenario_label)
        # Which case every figure below is for, in words: a pressed button alone was easy to miss.
        self.showing = QLabel()
        self.showing.setObjectName("scenario_showing")
        self.showing.setStyleSheet("QLabel { font-weight: bold; }")
        self.showing.setWordWrap(True)  # a long scenario name wraps; it never widens the summary
        scenario_row.addWidget(self.showing, 1)
        self.scenario_buttons = QButtonGroup(self)
        self.scenario_buttons.setExclusive(True)
        self.scenario_row = scenario_row
        layout.addLayout(scenario_row)

        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        for row, (key, label, tooltip) in enumerate(FIGURES):
            name = QLabel(label)
            value = QLabel()
            value.setObjectName(f"figure_{key}")
            value.setWordWrap(True)  # a long list of packs or a 28-digit cost must not widen the window
            for widget in (name, value):
                widget.setToolTip(tooltip)
            if key == "tcv":
                font = value.font()
                font.setPointSize(font.pointSize() + 6)
                font.setBold(True)
                value.setFont(font)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.values[key] = value
        layout.addLayout(grid)

        self.years = QLabel()
        self.years.setObjectName("years")
        self.years.setWordWrap(True)  # ten years of 28-digit totals must not widen the window
        self.years.setToolTip("Each contract year's net total: the sum of its months.")
        layout.addWidget(self.years)

        self.badge = QLabel()
        self.badge.setObjectName("approval_badge")
        self.badge.setToolTip("The first approval level whose discount limit covers the committed, overage and "
                              "outcome discounts; the last level if none does or margin is under the floor.")
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        layout.addWidget(self.badge)
        layout.addWidget(self.reasons)

        self.warnings = QLabel()
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setFrameShape(QFrame.Shape.StyledPanel)
        layout.addWidget(self.warnings)

        money = lambda value: format_amount(value, self.document.priced.minor_units, self.locale)  # noqa: E731
        self.lines_chart = StackedBarChart("Monthly charges by line (net)", money, locale=locale)
        self.burn_chart = StackedBarChart("Credit burn: included, prepaid, overage",
                                          lambda value: format_quantity(value.to_integral_value(), self.locale),
                                          locale=locale)
        layout.addWidget(self.lines_chart, 1)
        layout.addWidget(self.burn_chart, 1)

        document.changed.connect(self.refresh)
        document.scenario_changed.connect(self.refresh)
        document.rejected.connect(self._on_document_rejected)
        document.refused_changed.connect(self._show_refused)
        self.refresh()
        self._show_refused()

    # --- scenario toggle -------------------------------------------------------
    def _rebuild_scenarios(self) -> None:
        names = [EXPECTED if name is None else name for name in cases_in_order(self.document.priced)]
        current = [button.property("scenario") for button in self.scenario_buttons.buttons()]
        if current == names:
            return
        for button in self.scenario_buttons.buttons():
            self.scenario_buttons.removeButton(button)
            button.deleteLater()
        for index, name in enumerate(names, 1):
            button = QPushButton(name.capitalize())
            button.setCheckable(True)
            button.setProperty("scenario", name)
            button.setObjectName(f"scenario_{name}")
            button.setToolTip(f"Show the {name} case (Alt+{index})" if index <= 3 else f"Show the {name} case")
            button.clicked.connect(lambda _=False, n=name: self.document.set_scenario(None if n == EXPECTED else n))
            self.scenario_buttons.addButton(button)
            self.scenario_row.addWidget(button)
        visible = len(names) > 1
        self.scenario_label.setVisible(False)  # the showing text says it: "Showing: High, 1.3x usage"
        self.showing.setVisible(visible)
        for button in self.scenario_buttons.buttons():
            button.setVisible(visible)

    # --- refresh -----------------------------------------------------------------
    def set_locale(self, locale: str) -> None:
        """Write every figure in `locale` from now on, starting now."""
        if locale != self.locale:
            self.locale = locale
            for chart in (self.lines_chart, self.burn_chart):
                chart.set_locale(locale)
            self.refresh()

    def refresh(self) -> None:
        try:
            texts = self._texts()
        except Exception as error:  # noqa: BLE001 - any display failure blanks the figures, never keeps old ones
            self._show_unavailable(f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)
            return
        self.notice.hide()
        self._show(texts)

    def _texts(self) -> dict[str, str]:
        """Every text the panel shows, formatted before any is shown, so a
        failure part way leaves no mix of new and old figures."""
        priced = self.document.priced
        case: PricedCase = self.document.case
        currency, locale = priced.currency, self.locale
        totals = case.totals
        roles = {level.role for level in self.document.catalog.approval.levels}

        def money(value: Decimal) -> str:
            return self.texts.money(value, currency, locale, format_money)

        def percent(value: Decimal) -> str:
            return self.texts.percent(value, locale)

        approval = priced.approval
        texts = {
            "showing": self.showing_text(),
            "tcv": money(totals.tcv),
            "acv": money(totals.acv),
            "list_tcv": money(totals.list_tcv),
            "discount": f"{money(totals.discount)} ({percent(totals.effective_discount_percent)})",
            "committed": percent(totals.committed_discount_percent),
            "breakage": self.texts.quantity(totals.breakage_credits, locale),
            "packs": ", ".join(str(n) for n in priced.credit_packs_per_year)
            + (" (auto)" if self.document.quote.auto_packs else ""),
            "margin": f"{percent(totals.gross_margin_percent)} (cost to serve {money(totals.cost_to_serve)})",
            "years": "   ".join(f"Year {y.year}: {money(y.total)}" for y in case.years),
            # An empty quote's level (0% margin: the CFO) says nothing about the deal.
            "badge": NOTHING_YET if nothing_to_approve(self.document.quote) else f"Approval: {role_words(approval.level)}",
            "reasons": "\n".join(self.texts.phrase(with_role_names(reason, roles), locale)
                                 for reason in approval.reasons),
            "warnings": "\n".join(f"\u26a0 {self.texts.phrase(w.message, locale)}" for w in priced.warnings)
            or "No warnings.",
        }
        return texts

    def _show(self, texts: dict[str, str]) -> None:
        priced, case = self.document.priced, self.document.case
        self._rebuild_scenarios()
        for button in self.scenario_buttons.buttons():
            button.setChecked(button.property("scenario") == (self.document.scenario or EXPECTED))
        self.showing.setText(texts["showing"])
        for key, label in self.values.items():
            label.setText(texts[key])
        self.years.setText(texts["years"])

        approval = priced.approval
        color = LEVEL_COLORS[min(approval.level_index, len(LEVEL_COLORS) - 1)]
        if approval.level_index and approval.level_index == len(self.document.catalog.approval.levels) - 1:
            color = LEVEL_COLORS[-1]
        if texts["badge"] == NOTHING_YET:
            color = NEUTRAL_COLOR
        self.badge.setText(texts["badge"])
        badge_style = (f"QLabel {{ background: {color}; color: white; padding: 4px 10px; "
                       "border-radius: 8px; font-weight: bold; }")
        if self.badge.styleSheet() != badge_style:  # restyling repolishes: only when the level changes
            self.badge.setStyleSheet(badge_style)
        self.reasons.setText(texts["reasons"])
        self.warnings.setText(texts["warnings"])

        months = [str(m.month) for m in case.months]
        self.lines_chart.set_data(months, [
            Series(LINE_NAMES[name], QColor(color), [m.lines.charge(name).net for m in case.months])
            for name, color in LINE_COLORS.items()
        ], [m.total for m in case.months])
        self.burn_chart.set_data(months, [
            Series("Included", QColor("#1F4E79"), [m.credits.included_used for m in case.months]),
            Series("Prepaid", QColor("#8DB4E2"), [m.credits.pack_used for m in case.months]),
            Series("Overage", QColor("#D9822B"), [m.credits.overage for m in case.months]),
        ], [m.credits.needed for m in case.months])

    def _show_unavailable(self, reason: str) -> None:
        """Blank every figure and chart and say why, in place of old figures."""
        for label in self.values.values():
            label.setText(UNAVAILABLE)
        for label in (self.years, self.reasons):
            label.setText("")
        self.badge.setText("Approval: " + UNAVAILABLE)
        self.warnings.setText("")
        message = "Figures cannot be shown"
        for chart in (self.lines_chart, self.burn_chart):
            chart.show_message(message)
        self.notice.setText(f"The figures for this quote cannot be shown ({reason}). Your quote is kept as you "
                            "typed it; you can still change it and save it.")
        self.notice.show()

    def _on_document_rejected(self, problem) -> None:
        if isinstance(problem, PricingFailed):
            self.notice.setText(f"Your last change was not applied: {problem.message}. The figures below are for "
                                "the quote without that change.")
            self.notice.show()

    def _show_refused(self) -> None:
        sentence = not_applied(self.document)
        stale = bool(sentence)
        if sentence:
            self.refused_notice.setText(f"{sentence}. The figures below are from the last valid value; "
                                        "fix the field or undo to match what the form shows.")
        self.refused_notice.setVisible(stale)
        tooltips = {key: tooltip for key, _label, tooltip in FIGURES}
        for key, label in self.values.items():  # marked, so no one reads them as the form's
            if bool(label.property("stale")) != stale:
                label.setProperty("stale", stale)
                font = label.font()
                font.setItalic(stale)
                label.setFont(font)
                label.setStyleSheet("QLabel { color: #8A6D00; }" if stale else "")
                label.setToolTip(("From the last valid value (a field is not applied). " if stale else "")
                                 + tooltips[key])

    def showing_text(self) -> str:
        """The case the figures are for: "Showing: High, 1.3x usage"."""
        name = self.document.scenario
        if name is None:
            return "Showing: Expected usage"
        multiplier = self.document.priced.scenarios[name].multiplier
        return f"Showing: {name.capitalize()}, {self.texts.quantity(multiplier, self.locale)}x usage"

    def figure(self, key: str) -> str:
        """The text a figure shows (for tests and screenshots)."""
        return self.values[key].text()
