"""Two read-only pieces of the Library tab's detail pane: the difference
between two revisions in words (the inputs changed, by field, and how every
total moved) and the quote's history as a timeline."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QListWidget, QPlainTextEdit, QWidget

from ..formatting import DEFAULT_LOCALE, format_amount, format_quantity
from ..workspace.field_names import field_words, parse_path
from ..workspace.library_session import RevisionDiff, TimelineEntry

# Totals said as the summary says them (the rest: "Cost to serve" from cost_to_serve).
_TOTAL_WORDS = {"tcv": "TCV", "list_tcv": "List TCV", "acv": "ACV", "committed_tcv": "Committed TCV",
                "committed_list_tcv": "Committed list TCV"}
_PERCENT_TOTALS = {"effective_discount_percent", "committed_discount_percent", "gross_margin_percent"}
_CREDIT_TOTALS = {"breakage_credits", "credits_needed", "credits_included_used", "credits_pack_used",
                  "overage_credits"}


def total_words(name: str) -> str:
    return _TOTAL_WORDS.get(name) or name.replace("_", " ").capitalize()


def _value(value) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False)


def _figure(name: str, value, minor_units: int, locale: str) -> str:
    if name in _CREDIT_TOTALS:
        return format_quantity(value, locale)
    return format_amount(value, 2 if name in _PERCENT_TOTALS else minor_units, locale)


def _field(path: str, diff: RevisionDiff) -> str:
    try:
        return field_words(parse_path(path), diff.quote, diff.catalog)
    except Exception:  # noqa: BLE001 - a path the later revision lacks (a removed line) reads as it is
        return field_words(parse_path(path))


def diff_lines(diff: RevisionDiff, locale: str = DEFAULT_LOCALE) -> list[str]:
    """The diff as lines a person reads; paths in words, figures by formatting.py."""
    lines = [f"Revision {diff.first} -> {diff.second}", "", "Inputs changed:"]
    if diff.catalog_changed:
        lines.append("  The catalog snapshot")
    for change in diff.changes:
        lines.append(f"  {_field(change.path, diff)}: {_value(change.before)} -> {_value(change.after)}")
    if not diff.changes and not diff.catalog_changed:
        lines.append("  none")
    lines += ["", "Totals moved:"]
    for move in diff.moved:
        sign = "+" if move.change > 0 else ""
        lines.append(f"  {total_words(move.name)}: {_figure(move.name, move.before, diff.minor_units, locale)} -> "
                     f"{_figure(move.name, move.after, diff.minor_units, locale)} "
                     f"({sign}{_figure(move.name, move.change, diff.minor_units, locale)})")
    if not diff.moved:
        lines.append("  none")
    return lines


class DiffView(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("library_diff")
        self.setReadOnly(True)
        self.setPlaceholderText("Select two revisions to compare them (one: it and the one before)")

    def show_diff(self, diff: RevisionDiff | None, locale: str = DEFAULT_LOCALE) -> None:
        self.setPlainText("\n".join(diff_lines(diff, locale)) if diff else "")


class Timeline(QListWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("library_timeline")
        self.setWordWrap(True)

    def show_entries(self, entries: list[TimelineEntry]) -> None:
        self.clear()
        for entry in entries:
            self.addItem(f"{entry.at}   {entry.who}   {entry.text}")

    def texts(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]
