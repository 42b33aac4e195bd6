"""Quotewright: a pricing calculator and quote builder for companies that sell AI work."""

import os

__version__ = "0.1.0"

# Quotewright uses no pydantic plugins; skipping their discovery (a scan of
# every installed package's entry points) shortens start-up noticeably.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
