"""The desktop app's widgets: the only package that imports PySide6."""
