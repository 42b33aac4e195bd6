"""Data shipped with Quotewright, no code: the sample catalogs (`catalogs/`),
their example quotes (`quotes/`) and the proposal fonts (`fonts/`).

This is the top-level `resources/` folder of the source tree, installed as
the package `quotewright.resources`; read it with
`importlib.resources.files("quotewright.resources")`.
"""
