"""The one place that picks the front end: the command line or the desktop app.

`quotewright` (a console script), `quotewright-app` (a GUI script),
`python -m quotewright` and the desktop bundle's launcher all start here.
This module sits above both front ends: it may import `cli` and `app`, and
neither imports the other (the CLI opens the app through the `open_app` it is
handed, so it never loads Qt). Process-wide settings that must not happen
merely because the package is imported (a test or another program importing
`quotewright` keeps its own environment) are made here, before the first
import of the rest of the package.
"""

from __future__ import annotations

import os
import sys

SMOKE_TEST = "--smoke-test"  # hidden: open the window with the sample quote, paint it, close, exit 0


def _prepare_process() -> None:
    # Quotewright uses no pydantic plugins; skipping their discovery (a scan of
    # every installed package's entry points) shortens start-up noticeably.
    # It must be set before the first model is built, so before any import of
    # the domain.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def main(argv: list[str] | None = None) -> int:
    """`quotewright [COMMAND ...]`: a command, or with none (or `app [FILE]`)
    the desktop app. Exit status as in `cli.py`."""
    _prepare_process()
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == [SMOKE_TEST]:
        return smoke_test()
    if argv in (["--version"], ["-V"]):
        from .storage.samples import installed_version

        print(f"quotewright {installed_version()}")
        return 0
    opening_app = not argv or argv[0] == "app"
    from .startup import pause_collection, resume_collection

    if opening_app:
        pause_collection()  # until the app's first frame, imports included (see startup.py)
    try:
        from . import cli

        return cli.main(argv, open_app=open_app)
    finally:
        if opening_app:
            resume_collection()  # already done after the first frame, unless start-up failed


def app_main(argv: list[str] | None = None) -> int:
    """`quotewright-app [FILE]`: the desktop app, as `quotewright app [FILE]`
    (the same usage check, collector pause and one-line report of a failure)."""
    return main(["app", *(sys.argv[1:] if argv is None else argv)])


def open_app(arguments: list[str]) -> int:
    """The desktop app, opening `arguments[0]` if given (what `cli` calls)."""
    from . import app

    return app.main(arguments)


def smoke_test() -> int:
    """Open the main window with the starting quote (the default sample, in a
    fresh data folder), paint it, close it and exit: what the bundle test runs,
    offscreen. Says first what the window opens, so the caller can check the
    sample came from the bundled resources."""
    from . import app

    start = app.prepare_start()
    print(f"smoke test: quote {start.quote.id} with catalog {start.catalog_path}", flush=True)
    os.environ["QUOTEWRIGHT_EXIT_AFTER_SHOW"] = "1"  # app.main quits once the first frame is shown
    return app.main([])
