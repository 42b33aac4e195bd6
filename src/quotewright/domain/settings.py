"""The user's settings: who is quoting, and how proposals are branded.

A plain value; storage reads and writes it, dialogs take one and return one.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .values import Frozen, LongText, ShortText

DEFAULT_TERMS = (
    "Prices exclude taxes. Subscription fees are billed in advance for each billing period; overage and "
    "outcome fees are billed monthly in arrears. Prepaid credits are valid for the contract year in which "
    "they are bought and expire at its end. Usage figures are estimates provided by the customer; actual "
    "charges follow actual usage under the rates in this proposal."
)


class Branding(Frozen):
    company_name: ShortText = "Your company"
    logo_path: ShortText = ""
    accent_color: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")] = "#1F4E79"
    legal_terms: LongText = DEFAULT_TERMS
    website: ShortText = ""


class Settings(Frozen):
    rep_name: ShortText = ""
    rep_role: ShortText = ""
    rep_email: ShortText = ""
    branding: Branding = Branding()
    default_template: ShortText = "full"
    default_catalog: ShortText = ""
    locale: Annotated[str, Field(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")] = "en_US"
