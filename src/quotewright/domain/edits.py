"""Edits as values: `apply_edit(edit, model) -> (new_model, inverse)`.

An edit names a place in a model's data by path, such as
("usage", 0, "monthly"), and what to put there. Applying it rebuilds and
validates the model, so an edit that would make an impossible quote or
catalog raises `InvalidInput` and changes nothing. The inverse is another
edit; undo is applying it (the GUI's QUndoCommand only calls this).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ValidationError

from .errors import InvalidInput, describe, join_path

Path = tuple[Union[str, int], ...]
M = TypeVar("M", bound=BaseModel)


class _Missing:
    """Marks a dictionary key that is absent (so setting it deletes it)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class SetValue:
    path: Path
    value: Any

    def describe(self) -> str:
        return f"Set {join_path(self.path)}"


@dataclass(frozen=True)
class InsertItem:
    path: Path  # of the list
    index: int
    item: Any

    def describe(self) -> str:
        return f"Add to {join_path(self.path)}"


@dataclass(frozen=True)
class RemoveItem:
    path: Path
    index: int

    def describe(self) -> str:
        return f"Remove from {join_path(self.path)}"


@dataclass(frozen=True)
class Compound:
    """Several edits that make sense only together (a plan change that also
    drops the packs the new plan does not sell)."""

    edits: tuple["Edit", ...]
    label: str = ""

    def describe(self) -> str:
        return self.label or (self.edits[0].describe() if self.edits else "Edit")


Edit = Union[SetValue, InsertItem, RemoveItem, Compound]


def _at(data: Any, path: Path) -> Any:
    for key in path:
        data = data[key]
    return data


def _apply(edit: Edit, data: Any) -> Edit:
    """Change `data` in place; return the inverse edit."""
    if isinstance(edit, SetValue):
        parent, key = _at(data, edit.path[:-1]), edit.path[-1]
        old = parent.get(key, MISSING) if isinstance(parent, dict) else parent[key]
        if edit.value is MISSING:
            parent.pop(key, None)
        else:
            parent[key] = edit.value
        return SetValue(edit.path, old)
    if isinstance(edit, InsertItem):
        _at(data, edit.path).insert(edit.index, edit.item)
        return RemoveItem(edit.path, edit.index)
    if isinstance(edit, RemoveItem):
        return InsertItem(edit.path, edit.index, _at(data, edit.path).pop(edit.index))
    inverses = [_apply(inner, data) for inner in edit.edits]
    return Compound(tuple(reversed(inverses)), edit.label)


def apply_edit(edit: Edit, model: M) -> tuple[M, Edit]:
    """The model with `edit` applied, and the edit that undoes it.

    Raises `InvalidInput` (naming the field) if the result is not valid; the
    original model is untouched either way.
    """
    data = _thaw(model.model_dump())
    try:
        inverse = _apply(edit, data)
    except (KeyError, IndexError, TypeError) as error:
        raise InvalidInput(join_path(getattr(edit, "path", ())), f"cannot be edited here ({error})") from None
    try:
        return type(model).model_validate(data), inverse
    except ValidationError as error:
        raise describe(error) from None


def _thaw(data: Any) -> Any:
    """Tuples from the model dump become lists, so they can be edited."""
    if isinstance(data, dict):
        return {key: _thaw(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_thaw(value) for value in data]
    return data


def value_at(model: BaseModel, path: Path) -> Any:
    """The current value at `path` in a model's data (MISSING if absent)."""
    try:
        return _at(model.model_dump(), path)
    except (KeyError, IndexError, TypeError):
        return MISSING


def value_in(model: BaseModel, path: Path) -> Any:
    """`value_at(model, path)`, without dumping the whole model.

    A bound field reads its value on every change of the document; dumping a
    whole quote for each of them cost 1-2 ms a keystroke. This walks the
    attributes down to the model that holds the last key and dumps only that
    field, so the field's serializers (a pack list, a line's omitted unset
    fields) give exactly what the whole dump gives. tests/test_speed_paths.py
    checks it against `value_at` for every path of the samples."""
    node: Any = model
    last = len(path) - 1
    for depth, key in enumerate(path):
        if isinstance(node, BaseModel):
            if not isinstance(key, str) or key not in type(node).model_fields:
                return MISSING
            if depth == last:
                return node.model_dump(include={key}).get(key, MISSING)
            node = getattr(node, key)
        else:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return MISSING
    if isinstance(node, BaseModel):
        return node.model_dump()
    if isinstance(node, (list, tuple, dict)):
        return value_at(model, path)  # a container read through a container: rare, so the whole dump
    return node
