"""Exporters lay out numbers the engine computed: an Excel model and a PDF proposal."""
