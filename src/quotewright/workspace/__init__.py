"""The workspace: the documents open in a front end, their history and the
commands that carry meaning. Qt-free (an import contract proves it never
imports PySide6 or `ui`), so the desktop app, the command line and the
tests drive the same sessions; the app only adapts them to signals.

- `QuoteSession` (`quote_session.py`): the open quote, its catalog snapshot,
  the priced result, its file, modified state and the case shown;
- `CatalogSession` (`catalog_session.py`): the catalog being edited;
- `History` (`history.py`): undo and redo as domain edits and their inverses;
- `commands.py`: what a plan change, a term change or typed pack counts mean;
- `catalog_commands.py`: what a new plan, a schedule's new mode or a new tier mean;
- `scenarios.py`: which case is low, expected and high;
- `events.py`: the tiny observer the sessions speak through.
"""

from .catalog_session import CatalogSession
from .history import MERGE_WINDOW_SECONDS, History
from .quote_session import PricingFailed, QuoteSession

__all__ = ["CatalogSession", "History", "MERGE_WINDOW_SECONDS", "PricingFailed", "QuoteSession"]
