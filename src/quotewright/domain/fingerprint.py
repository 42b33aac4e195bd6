"""Canonical JSON and its SHA-256: how a saved quote proves that the catalog
snapshot it carries is the one it was priced with."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .catalog import Catalog


def canonical_json(data: Any) -> bytes:
    """One byte string per JSON value: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def fingerprint(data: Any) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def catalog_fingerprint(catalog: Catalog) -> str:
    """The SHA-256 of a catalog as Quotewright writes it."""
    return fingerprint(catalog.model_dump(mode="json"))
