"""The proposal templates shipped with Quotewright (`*.toml`), no code.

This is the top-level `templates/` folder of the source tree, installed as
the package `quotewright.templates`; storage/templates.py reads it with
importlib.resources.
"""
