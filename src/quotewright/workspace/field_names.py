"""Field paths in the words a person knows, for every front end.

The domain names a field by its path in the file
(`plans[1].seat_price.tiers[1].up_to`), which is what the command line's
one-line errors print and what a tooltip keeps; a window says it as
"Professional > Seat price > tier 2 > Up to". An item of a list is named
by what it is (its `name`, or the work unit or outcome a quote line
refers to), a tier or level by its number from 1.
"""

from __future__ import annotations

from typing import Any, Iterable

from ..domain.edits import Compound, InsertItem, RemoveItem, SetValue, value_at

# Fields whose plain name reads badly or is not the label the form shows.
_WORDS = {
    "id": "Id", "name": "Name", "seats": "Seats", "term_months": "Term", "billing": "Billing",
    "plan": "Plan", "date": "Quote date", "valid_until": "Valid until", "start_date": "Contract start",
    "customer": "Customer", "contact": "Contact", "email": "Email", "prepared_by": "Prepared by",
    "role": "Role", "discounts": "Discounts", "subscription_percent": "Subscription discount",
    "credit_packs_percent": "Credit packs discount", "overage_percent": "Overage discount",
    "outcomes_percent": "Outcomes discount", "scenario_multipliers": "Scenarios", "low": "Low multiplier",
    "high": "High multiplier", "usage": "Usage", "outcomes": "Outcome add-ons", "monthly": "per month",
    "growth_percent": "growth", "credit_packs": "Credit packs", "auto_packs": "Automatic packs",
    "seat_price": "Seat price", "platform_fee": "Platform fee", "overage": "Overage", "tiers": "tier",
    "up_to": "Up to", "work_units": "Work units", "plans": "Plans", "approval_levels": "Approval level",
    "term_discounts": "Term discount", "credit_pack": "Credit pack", "included_credits": "Included credits",
}
# The quote's own fields a person calls by one name (the customer's name is "Customer").
_WHOLE = {("customer", "name"): "Customer", ("prepared_by", "name"): "Prepared by",
          ("prepared_by", "role"): "Role", ("scenario_multipliers", "low"): "Low scenario multiplier",
          ("scenario_multipliers", "high"): "High scenario multiplier",
          **{("discounts", key): _WORDS[key] for key in ("subscription_percent", "credit_packs_percent",
                                                         "overage_percent", "outcomes_percent")}}
# Lists whose items are numbered rather than named.
_NUMBERED = {"tiers": "tier", "approval_levels": "level", "term_discounts": "term discount", "levels": "level"}
_LINE_KEYS = ("work_unit", "outcome")  # a quote line is named by what it refers to


# Words a role id spells in capitals ("cfo" is the CFO, "vp_sales" the VP sales).
_CAPITALS = {"cfo", "ceo", "coo", "cro", "vp", "svp", "evp", "gm", "it", "ae", "sdr"}


def role_words(role: str) -> str:
    """An approval role in words: "deal_desk" -> "Deal desk", "cfo" -> "CFO"."""
    pieces = [piece.upper() if piece in _CAPITALS else piece for piece in role.split("_") if piece]
    if not pieces:
        return role
    first = pieces[0]
    return " ".join([first if first.isupper() else first.capitalize(), *pieces[1:]])


def with_role_names(reason, roles: set[str]):
    """A phrase (an approval reason) with each role id ("deal_desk") said
    as a name ("Deal desk"); any other text is returned as it is."""
    parts = getattr(reason, "parts", None)
    if parts is None or not any(isinstance(part, str) and part in roles for part in parts):
        return reason
    return type(reason)(reason.template, *(role_words(part) if isinstance(part, str) and part in roles else part
                                           for part in parts))


def word(key: str) -> str:
    """One key in words: "growth_percent" -> "growth"."""
    return _WORDS.get(key) or key.replace("_", " ").capitalize()


def _item_name(item: Any, key: str, index: int, catalog: Any) -> str:
    data = item.model_dump() if hasattr(item, "model_dump") else item
    if isinstance(data, dict):
        if isinstance(data.get("name"), str) and data["name"]:
            return data["name"]
        for line_key in _LINE_KEYS:
            ident = data.get(line_key)
            if isinstance(ident, str) and catalog is not None:
                found = _named(catalog, line_key, ident)
                if found:
                    return found
    return f"{_NUMBERED.get(key, word(key).rstrip('s').lower())} {index + 1}"


def _named(catalog: Any, kind: str, ident: str) -> str | None:
    try:
        return (catalog.work_unit(ident) if kind == "work_unit" else catalog.outcome(ident)).name
    except Exception:  # noqa: BLE001 - an unknown id reads as the id itself
        return ident


def parts(path: Iterable[str | int], model: Any = None, catalog: Any = None) -> list[str]:
    """The steps of `path` in words: ("plans", 1, "seat_price", "tiers", 1,
    "up_to") -> ["Professional", "Seat price", "tier 2", "Up to"]."""
    path = tuple(path)
    if path in _WHOLE:
        return [_WHOLE[path]]
    words: list[str] = []
    for position, key in enumerate(path):
        if isinstance(key, int):
            parent = path[position - 1] if position else ""
            item = value_at(model, path[:position + 1]) if model is not None else None
            named = _item_name(item, str(parent), key, catalog) if item is not None else None
            if words and words[-1] == word(str(parent)):
                words.pop()  # "Plans > Professional" reads as "Professional"
            words.append(named or f"{_NUMBERED.get(str(parent), 'item')} {key + 1}")
        elif key in _NUMBERED and position + 1 < len(path) and isinstance(path[position + 1], int):
            words.append(word(key))  # replaced by "tier 2" at the index
        else:
            words.append(word(key))
    return words


def field_words(path: Iterable[str | int], model: Any = None, catalog: Any = None) -> str:
    """`path` as a person reads it: "Professional > Seat price > tier 2 > Up to"."""
    return " > ".join(parts(path, model, catalog))


def parse_path(text: str) -> tuple[str | int, ...]:
    """"plans[1].seat_price.tiers[1].up_to" -> ("plans", 1, "seat_price", "tiers", 1, "up_to")."""
    found: list[str | int] = []
    for piece in text.replace("]", "").split("."):
        name, *indexes = piece.split("[")
        if name:
            found.append(name)
        found.extend(int(i) for i in indexes if i.isdigit())
    return tuple(found)


def problem_words(problem: Any, model: Any = None, catalog: Any = None) -> str:
    """An `InvalidInput` in words: "Professional > Seat price > tier 2 > Up to must be above 20"."""
    if not getattr(problem, "path", ""):
        return problem.message[:1].upper() + problem.message[1:]
    return f"{field_words(parse_path(problem.path), model, catalog)} {problem.message}"


def step_words(edit: Any, model: Any = None, catalog: Any = None) -> str:
    """What an undo step did: "change growth of Conversation handled"."""
    if isinstance(edit, Compound):
        return edit.label or (step_words(edit.edits[0], model, catalog) if edit.edits else "edit")
    if isinstance(edit, SetValue):
        said = parts(edit.path, model, catalog)
        if len(said) >= 2 and said[-1][:1].islower():
            return f"change {said[-1]} of {' > '.join(said[:-1])}"  # "change growth of Conversation handled"
        if len(said) == 1:
            return f"change {said[0][:1].lower()}{said[0][1:]}"  # "change seats"
        return f"change {' > '.join(said)}"
    if isinstance(edit, InsertItem):
        return f"add to {field_words(edit.path, model, catalog)}"
    if isinstance(edit, RemoveItem):
        return f"remove {field_words(edit.path + (edit.index,), model, catalog)}"
    return edit.describe() if hasattr(edit, "describe") else "edit"
