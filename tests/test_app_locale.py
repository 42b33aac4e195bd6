"""The locale setting reaches the app: the summary, its charts and the
quote's tables write numbers and money in `settings.locale`, and changing
it in Settings re-renders them at once."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLineEdit

from app_fixtures import click_ok, through_settings_dialog

from quotewright.domain.settings import Settings
from quotewright.formatting import format_amount, format_money, format_phrase, format_quantity
from quotewright.storage.settings_store import load_settings, save_settings

GERMAN_MONEY = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d{2}\s\$$")  # 1.234,50 $ (USD in de_DE)


def shown_texts(window, locale: str) -> dict[str, str]:
    """What the window should show for the open quote in `locale`, made
    from the priced result with formatting.py directly."""
    from quotewright.workspace.field_names import with_role_names

    priced, case = window.quote.priced, window.quote.case
    roles = {level.role for level in window.quote.catalog.approval.levels}  # said as names (issue 11)
    return {
        "tcv": format_money(case.totals.tcv, priced.currency, locale),
        "acv": format_money(case.totals.acv, priced.currency, locale),
        "breakage": format_quantity(case.totals.breakage_credits, locale),
        "reasons": "\n".join(format_phrase(with_role_names(reason, roles), locale)
                              for reason in priced.approval.reasons),
        "credits": format_quantity(case.months[0].usage[0].credits, locale),
        "term_units": format_quantity(case.work_units[0].quantity, locale),
        "chart": format_amount(case.totals.tcv, priced.minor_units, locale),
    }


def displayed(window) -> dict[str, str]:
    usage = window.form.usage_model
    summary = window.summary
    return {
        "tcv": summary.figure("tcv"),
        "acv": summary.figure("acv"),
        "breakage": summary.figure("breakage"),
        "reasons": summary.reasons.text(),
        "credits": usage.data(usage.index(0, 3)),
        "term_units": usage.data(usage.index(0, 4)),
        "chart": summary.lines_chart.format_value(window.quote.case.totals.tcv),
    }


def choose_locale_in_settings(window, qtbot, locale: str) -> None:
    """Edit > Settings, type the locale, OK: as a person would."""
    def use(dialog):
        dialog.locale.setText(locale)
        click_ok(qtbot, dialog)
        assert not dialog.isVisible(), dialog.problem.text()

    through_settings_dialog(window, qtbot, use)


def test_the_app_starts_in_the_default_locale(window):
    assert displayed(window) == shown_texts(window, "en_US")
    assert "." in displayed(window)["tcv"]  # en_US: 1,234.50


def test_choosing_de_DE_in_settings_re_renders_the_summary_and_tables(window, qtbot):
    before = displayed(window)
    choose_locale_in_settings(window, qtbot, "de_DE")
    assert load_settings().locale == "de_DE"
    after = displayed(window)
    assert after == shown_texts(window, "de_DE")
    assert after["tcv"] != before["tcv"] and GERMAN_MONEY.match(after["tcv"]), after["tcv"]
    assert GERMAN_MONEY.match(after["acv"]), after["acv"]


def test_later_edits_keep_the_chosen_locale(window, qtbot):
    choose_locale_in_settings(window, qtbot, "de_DE")
    discount = window.form.findChild(QLineEdit, "discount_subscription_percent")
    discount.setFocus()
    discount.selectAll()
    qtbot.keyClicks(discount, "7")
    assert window.quote.quote.discounts.subscription_percent == 7
    assert displayed(window) == shown_texts(window, "de_DE")


def test_a_window_opened_with_a_saved_locale_shows_it_from_the_start(app_home, make_window):
    save_settings(Settings(locale="de_DE"))
    window = make_window()
    assert displayed(window) == shown_texts(window, "de_DE")
    assert GERMAN_MONEY.match(window.summary.figure("tcv"))
