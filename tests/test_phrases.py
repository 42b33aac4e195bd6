"""Warnings and approval reasons are phrases: plain values (a template and
its figures) that the domain makes without ever turning a number into text.
formatting.format_phrase writes them in a locale, domain/report.py writes
them for JSON with plain decimals, and domain/phrases.py imports nothing
from formatting, not even inside a function."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import json
import pickle
import subprocess
import sys
from decimal import Decimal

import pytest

from builders import northwind_catalog, quote_data
from conftest import REPO
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.phrases import Figure, Phrase, date_figure, money_figure, percent_figure, quantity_figure
from quotewright.domain.report import message_text, priced_to_json
from quotewright.formatting import format_date, format_money, format_percent, format_phrase, format_quantity

PHRASES = REPO / "src" / "quotewright" / "domain" / "phrases.py"


def _imported_modules(source: str) -> set[str]:
    """Every module an import statement names, at any depth (function-level
    imports included), with relative imports kept relative ("..formatting")."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):  # "from .. import formatting" names ..formatting too
            base = "." * node.level + (node.module or "")
            found |= {base} | {f"{base.rstrip('.')}.{alias.name}" if base.rstrip(".") else base + alias.name
                               for alias in node.names}
    return found


def test_phrases_imports_nothing_that_formats_even_inside_a_function():
    imported = _imported_modules(PHRASES.read_text("utf-8"))
    assert imported, "the walk found no import at all: it would pass whatever the file says"
    assert not [name for name in imported if "formatting" in name or name.split(".")[0] == "babel"], imported
    # Only the standard library: nothing of the package at all.
    assert all(not name.startswith(".") and name.split(".")[0] in sys.stdlib_module_names for name in imported)


def test_the_walk_would_see_a_function_level_import():
    assert "..formatting" in _imported_modules("def f():\n    from ..formatting import format_phrase\n")
    assert "..formatting" in _imported_modules("def f():\n    from .. import formatting\n")


def _expired_quote() -> dict:
    # Packs bought well above the usage (credits expire unused) on a quote
    # past its validity: phrases of every kind of figure.
    return quote_data(credit_packs_per_year=[9], valid_until="2026-01-31", date="2026-01-02",
                      discounts={"overage_percent": "12.5"})


def test_pricing_and_the_json_report_run_with_formatting_and_babel_blocked():
    """The domain makes every phrase, and the JSON report writes them, with
    formatting.py and babel unimportable."""
    code = f"""
import json, sys, datetime as dt
sys.modules["quotewright.formatting"] = None
sys.modules["babel"] = None
sys.path.insert(0, {str(REPO / "tests")!r})
from builders import northwind_catalog
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.phrases import Phrase
from quotewright.domain.report import priced_to_json
quote = Quote.model_validate(json.loads(sys.argv[1]))
priced = price_quote(Catalog.model_validate(northwind_catalog()), quote, today=dt.date(2026, 3, 1))
phrases = [m for m in [*priced.approval.reasons, *(w.message for w in priced.warnings)] if isinstance(m, Phrase)]
data = priced_to_json(priced)
print(json.dumps({{"phrases": len(phrases), "codes": [w["code"] for w in data["warnings"]],
                  "loaded": sorted(m for m in sys.modules if m.startswith("babel") and sys.modules[m])}}))
"""
    result = subprocess.run([sys.executable, "-c", code, json.dumps(_expired_quote())],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["phrases"] >= 3 and "expired" in found["codes"] and "credits_expire" in found["codes"]
    assert found["loaded"] == []


def _priced():
    catalog = Catalog.model_validate(northwind_catalog())
    return price_quote(catalog, Quote.model_validate(_expired_quote()), today=dt.date(2026, 3, 1))


def test_a_phrase_is_a_value_not_text():
    phrase = Phrase("Year {}: {} of {} ({})", "1", quantity_figure(1500), money_figure(Decimal("12.50"), "EUR"),
                    percent_figure(Decimal("8.33")))
    same = Phrase("Year {}: {} of {} ({})", "1", quantity_figure(1500), money_figure(Decimal("12.50"), "EUR"),
                  percent_figure(Decimal("8.33")))
    assert not isinstance(phrase, str)
    assert phrase == same and hash(phrase) == hash(same) and len({phrase, same}) == 1
    assert phrase != Phrase("Year {}: {} of {} ({})", "2", *phrase.parts[1:])
    assert pickle.loads(pickle.dumps(phrase)) == phrase and copy.deepcopy(phrase) == phrase
    with pytest.raises(AttributeError):
        phrase.template = "other"
    with pytest.raises(ValueError, match="2 slots for 1 parts"):
        Phrase("{} and {}", "one")


def test_format_phrase_writes_every_figure_in_the_locale():
    when = dt.date(2026, 1, 31)
    phrase = Phrase("{} / {} / {} / {} / {}", "name", money_figure(Decimal("1234.50"), "EUR"),
                    percent_figure(Decimal("12.50")), quantity_figure(Decimal("24000")), date_figure(when))
    for locale in ("en_US", "de_DE", "fr_FR"):
        expected = " / ".join(["name", format_money(Decimal("1234.50"), "EUR", locale),
                               format_percent(Decimal("12.50"), locale), format_quantity(Decimal("24000"), locale),
                               format_date(when, locale)])
        assert format_phrase(phrase, locale) == expected
    assert format_phrase(phrase, "de_DE") != format_phrase(phrase, "en_US")
    assert format_phrase("A sentence with no figures.", "de_DE") == "A sentence with no figures."


def test_text_parts_are_inserted_as_they_are():
    # A name holding braces or a format spec is text, never a template.
    assert format_phrase(Phrase("Outcome {} costs {}", "{0} {x:,}", quantity_figure(3))) == "Outcome {0} {x:,} costs 3"


def test_every_warning_and_reason_of_a_priced_quote_follows_the_locale():
    priced = _priced()
    messages = [*priced.approval.reasons, *(w.message for w in priced.warnings)]
    phrases = [m for m in messages if isinstance(m, Phrase)]
    assert {w.code for w in priced.warnings} >= {"credits_expire", "expired"}
    for phrase in phrases:
        german = format_phrase(phrase, "de_DE")
        assert "{}" not in german
        for part in phrase.parts:
            if isinstance(part, Figure) and part.kind == "percent":
                assert format_percent(part.value, "de_DE") in german
            if isinstance(part, Figure) and part.kind == "date":
                assert format_date(part.value, "de_DE") in german
    (expired,) = [w.message for w in priced.warnings if w.code == "expired"]
    assert format_date(dt.date(2026, 1, 31), "en_US") in format_phrase(expired, "en_US")


def test_the_json_report_writes_phrases_without_a_locale():
    priced = _priced()
    data = priced_to_json(priced)
    messages = {w["code"]: w["message"] for w in data["warnings"]}
    assert messages["expired"] == message_text(next(w.message for w in priced.warnings if w.code == "expired"))
    assert "2026-01-31" in messages["expired"]
    (credits,) = [w.message for w in priced.warnings if w.code == "credits_expire"]
    for part in credits.parts:
        if isinstance(part, Figure) and part.kind == "quantity":
            assert format(part.value, "f") in messages["credits_expire"]  # 24000, not 24,000
    assert data["approval"]["reasons"] == [message_text(r) for r in priced.approval.reasons]
    assert all(isinstance(reason, str) and "{}" not in reason for reason in data["approval"]["reasons"])
    json.dumps(data)  # plain data all through
