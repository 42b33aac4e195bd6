"""Whatever `validate` accepts, `price`, `price --json`, both exports and the
text report handle (issue 9): generated files across the whole accepted
range, driven through the command line in-process.

A generated file that `validate` refuses is no counter-example (the rule is
about what the door lets in); one it accepts must go through everything.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from strategies import catalog_and_quote, decimal_text
from quotewright import cli
from quotewright.domain.fingerprint import fingerprint
from quotewright.domain.money import MINOR_UNITS

WIDE = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Numbers as long as the door allows (40 characters), with few or many decimals.
HUGE_MONEY = st.one_of(decimal_text("9" * 30, 2), st.just("9" * 39), st.just("1" + "0" * 26))
GROWTH = st.one_of(decimal_text("1000", 4, "-99.9999"), st.sampled_from(["100", "1000", "-99.99", "30"]))


@st.composite
def wide_pairs(draw) -> tuple[dict, dict]:
    catalog, quote = draw(catalog_and_quote(max_term=120))
    catalog["currency"] = draw(st.sampled_from(sorted(MINOR_UNITS)))
    plan = catalog["plans"][0]
    if draw(st.booleans()):
        plan["platform_fee"] = draw(HUGE_MONEY)
    for entry in quote["usage"] + quote["outcomes"]:
        if draw(st.booleans()):
            entry["growth_percent"] = draw(GROWTH)
        if draw(st.booleans()):
            entry["monthly"] = draw(st.one_of(decimal_text("9" * 20, 0), decimal_text("5", 4)))
    if draw(st.booleans()):
        quote["term_months"] = 120
        if isinstance(quote["credit_packs_per_year"], list):
            quote["credit_packs_per_year"] = 1
    if draw(st.booleans()):
        quote["customer"] = {"name": draw(st.text(min_size=1, max_size=200).filter(str.strip))}
    return catalog, quote


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(argv))
    return status, out.getvalue(), err.getvalue()


@WIDE
@given(wide_pairs())
def test_what_validate_accepts_prices_and_exports(pair):
    catalog, quote = pair
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        saved = folder / "quote.json"
        saved.write_text(json.dumps({**quote, "catalog": catalog, "catalog_sha256": fingerprint(catalog)},
                                    ensure_ascii=False), "utf-8")
        assume(run("validate", str(saved))[0] == 0)
        xlsx, pdf = folder / "q.xlsx", folder / "q.pdf"
        for command in (["price"], ["price", "--json"], ["export", "--xlsx", str(xlsx), "--pdf", str(pdf)]):
            status, out, err = run(command[0], str(saved), *command[1:])
            assert status == 0, f"{' '.join(command)}: {err}"
            assert out.strip()
        assert json.loads(run("price", str(saved), "--json")[1])["totals"]["tcv"]
        assert xlsx.stat().st_size > 0 and pdf.read_bytes().startswith(b"%PDF")
