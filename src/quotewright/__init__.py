"""Quotewright: a pricing calculator and quote builder for companies that sell AI work."""

__version__ = "0.1.0"
