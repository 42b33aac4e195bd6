"""Opening the app without the garbage collector.

Start-up imports pydantic, builds the models, loads Qt and lays out the
first window: hundreds of thousands of objects that live as long as the
process, and almost no garbage. Python's collector would still scan them
about a hundred times before the first frame. So opening the app pauses
it, and after the first frame freezes what exists (moved out of every later
collection: keystrokes then never rescan start-up objects) and resumes.

Measured again for issue 10 (`benchmarks/bench_app.py --collector`,
interleaved runs on a shared 2-core machine): the pause saves about 30-40 ms
of the CPU time to the first frame (4-5%), every run in the same direction,
so it stays.
"""

from __future__ import annotations

import gc


def pause_collection() -> None:
    gc.disable()


def resume_collection() -> None:
    """Freeze first: re-enabling alone would scan everything allocated during
    the pause in one long collection. Safe to call again (start-up's error
    paths call it too).

    The price: a frozen object that later becomes part of a reference cycle
    is never freed. Only start-up's objects are frozen, once, and what they
    could leak (the first documents, if they are replaced) is a few hundred
    objects."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
