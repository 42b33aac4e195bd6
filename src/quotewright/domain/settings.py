"""The user's settings: who is quoting, and how proposals are branded.

A plain value; storage reads and writes it, dialogs take one and return one.
Each field that has a shape says which in its message ("accent_color must be
a #rrggbb colour"); a locale is one babel knows, so formatting never meets an
unknown one halfway through an export.
"""

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from .values import Frozen, LongText, ShortText

DEFAULT_TERMS = (
    "Prices exclude taxes. Subscription fees are billed in advance for each billing period; overage and "
    "outcome fees are billed monthly in arrears. Prepaid credits are valid for the contract year in which "
    "they are bought and expire at its end. Usage figures are estimates provided by the customer; actual "
    "charges follow actual usage under the rates in this proposal."
)

_HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_LOCALE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
_LOCALE_LOOSE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?")


def _hex_color(value: Any) -> str:
    if not isinstance(value, str) or not _HEX_COLOR.fullmatch(value):
        shown = f" (not {value!r})" if isinstance(value, str) and len(value) <= 40 else ""
        raise ValueError(f"must be a #rrggbb colour such as #1F4E79{shown}")
    return value


HexColor = Annotated[str, AfterValidator(_hex_color),
                     WithJsonSchema({"type": "string", "pattern": r"^#[0-9A-Fa-f]{6}$"})]
"""A colour as #rrggbb."""


def normalise_locale(value: Any) -> Any:
    """'EN' -> 'en', 'en-us' -> 'en_US': a clearly meant locale is written the
    one way babel and the settings file use. Anything else is left for the
    check to refuse."""
    if isinstance(value, str):
        match = _LOCALE_LOOSE.fullmatch(value)
        if match:
            language, territory = match.groups()
            return language.lower() + (f"_{territory.upper()}" if territory else "")
    return value


def _known_locale(value: Any) -> str:
    message = "must be a locale such as en_US, de_DE or fr"
    if not isinstance(value, str) or not _LOCALE.fullmatch(value):
        raise ValueError(message + (f" (not {value!r})" if isinstance(value, str) and len(value) <= 40 else ""))
    from babel import Locale, UnknownLocaleError, localedata  # locale data ships with babel

    unknown = f"{message} ({value!r} is not one Quotewright knows)"
    if not localedata.exists(value):
        raise ValueError(unknown)
    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        raise ValueError(unknown) from None
    return value


LocaleName = Annotated[str, BeforeValidator(normalise_locale), AfterValidator(_known_locale),
                       WithJsonSchema({"type": "string", "pattern": r"^[a-z]{2,3}(_[A-Z]{2})?$"})]
"""A babel locale such as en_US; 'EN' and 'en-us' are accepted and normalised."""

_LIBRARY_SCHEMES = ("sqlite:///", "postgresql://", "postgres://", "postgresql+psycopg://")


def _library_url(value: Any) -> str:
    """Empty (the default library) or a URL the library opens. Only its
    shape is checked here: whether the database answers is the library's
    business when it is opened, and never stops the settings loading."""
    if value == "":
        return value
    scheme = next((s for s in _LIBRARY_SCHEMES if isinstance(value, str) and value.startswith(s)), None)
    if scheme is None or not value[len(scheme):].strip() or value.strip() != value:
        raise ValueError("must be empty or a library URL such as sqlite:///PATH or postgresql://HOST/DATABASE")
    return value


class Branding(Frozen):
    company_name: ShortText = "Your company"
    logo_path: ShortText = ""
    accent_color: HexColor = "#1F4E79"
    legal_terms: LongText = DEFAULT_TERMS
    website: ShortText = ""


class Settings(Frozen):
    rep_name: ShortText = ""
    rep_role: ShortText = ""
    rep_email: ShortText = ""
    branding: Branding = Branding()
    default_template: ShortText = "full"
    default_catalog: ShortText = ""
    locale: LocaleName = "en_US"
    # The library the app and the commands work in (QUOTEWRIGHT_LIBRARY, when
    # set, comes first; empty: the local SQLite file in the data folder) and
    # the team library push and pull reach (empty: QUOTEWRIGHT_TEAM_LIBRARY).
    library_url: Annotated[ShortText, AfterValidator(_library_url)] = ""
    team_library_url: Annotated[ShortText, AfterValidator(_library_url)] = ""
