"""Opening the app: whether a window can be opened at all, and the garbage
collector paused until the first frame.

## The display, asked before Qt starts

Without a display, or with Qt's X11 plugin missing a system library, Qt
prints several lines naming the wrong package and aborts (exit 134, a core
dump). Asked first, the app says in one line what is missing and what to do
(install the packages, or set QT_QPA_PLATFORM=offscreen), and exits 1.

Only Linux is checked: Windows and macOS always have their platform plugin.
A platform Qt renders without a screen (offscreen, minimal, vnc...) needs
no display. Wayland is trusted as Qt finds it; the X11 path is checked the
way Qt would use it: the plugin must load (its libraries resolved by the
system loader, as Qt's plugin loader would), then the X server must accept
a connection. Nothing here imports PySide6 (the check must not load Qt).

## Opening the app without the garbage collector

Start-up imports pydantic, builds the models, loads Qt and lays out the
first window: hundreds of thousands of objects that live as long as the
process, and almost no garbage. Python's collector would still scan them
about a hundred times before the first frame. So opening the app pauses
it, and after the first frame freezes what exists (moved out of every later
collection: keystrokes then never rescan start-up objects) and resumes.

Measured again for issue 10 (`benchmarks/bench_app.py --collector`,
interleaved runs on a shared 2-core machine): the pause saves about 30-40 ms
of the CPU time to the first frame (4-5%), every run in the same direction,
so it stays; on a faster machine, after the first frame lost its Qt enum
work, 9 ms (5%).
"""

from __future__ import annotations

import gc
import importlib.util
import os
import sys
from pathlib import Path
from typing import Mapping

OFFSCREEN_HINT = "or set QT_QPA_PLATFORM=offscreen to run without a screen"

# What Qt 6's X11 plugin (libqxcb.so and libQt6XcbQpa) loads, by the Debian /
# Ubuntu package that ships it; checked with `ldd` on PySide6 6.8-6.11's
# plugin. (libxcb-xinerama0, which Qt 5 needed, is no longer among them.)
XCB_LIBRARIES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}

# Platforms that draw without a display server.
HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}


def display_problem(environ: Mapping[str, str] | None = None, platform: str | None = None,
                    plugin: Path | None = None) -> str | None:
    """One line saying why no window can be opened, or None when it can (or
    when this cannot be told before Qt starts: then Qt decides)."""
    environ = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return None
    chosen = [name.split(":")[0].strip().lower() for name in environ.get("QT_QPA_PLATFORM", "").split(";")]
    chosen = [name for name in chosen if name]
    if any(name in HEADLESS for name in chosen):
        return None
    wayland, x11 = environ.get("WAYLAND_DISPLAY", ""), environ.get("DISPLAY", "")
    if not wayland and not x11:
        return ("quotewright: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
                f"run it in a desktop session, {OFFSCREEN_HINT}.")
    uses_x11 = "xcb" in chosen[:1] or (not chosen and not wayland
                                        and environ.get("XDG_SESSION_TYPE", "").lower() != "wayland")
    if not uses_x11 or not x11:
        return None  # Wayland, as Qt finds it
    plugin = plugin if plugin is not None else xcb_plugin(environ)
    if plugin is not None:
        missing = _plugin_missing(plugin)
        if missing is not None:
            return missing
    return _connection_problem(x11)


def xcb_plugin(environ: Mapping[str, str]) -> Path | None:
    """Qt's X11 platform plugin as Qt would find it: a folder named by
    QT_QPA_PLATFORM_PLUGIN_PATH first, else PySide6's own (found without
    importing PySide6)."""
    folders = [Path(environ["QT_QPA_PLATFORM_PLUGIN_PATH"])] if environ.get("QT_QPA_PLATFORM_PLUGIN_PATH") else []
    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        folders.append(Path(location) / "Qt" / "plugins" / "platforms")
    for folder in folders:
        candidate = folder / "libqxcb.so"
        if candidate.is_file():
            return candidate
    return None


def missing_packages(load=None) -> list[str]:
    """The packages of XCB_LIBRARIES whose library the system cannot load."""
    import ctypes  # here, not at the top: every command imports this module, only the app asks

    load = load or ctypes.CDLL
    missing = []
    for library, package in XCB_LIBRARIES.items():
        try:
            load(library)
        except OSError:
            missing.append(package)
    return missing


def _plugin_missing(plugin: Path) -> str | None:
    import ctypes

    try:
        ctypes.CDLL(str(plugin))  # the libraries it needs, resolved as Qt's plugin loader would
        return None
    except OSError as error:
        reason = str(error).removeprefix(f"{plugin}: ")
    packages = missing_packages()
    install = (f"install the system packages it needs (Debian/Ubuntu: sudo apt-get install {' '.join(packages)}; "
               "the README lists them all)" if packages
               else "install the system packages the README lists for the desktop app")
    return f"quotewright: Qt's X11 display plugin cannot load ({reason}); {install}, {OFFSCREEN_HINT}."


def _connection_problem(display: str) -> str | None:
    """Whether the X server named by DISPLAY takes a connection (Qt aborts
    when it does not)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None  # then the plugin could not have loaded either; Qt reports it
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        failed = xcb.xcb_connection_has_error(connection) if connection else 1
    finally:
        if connection:
            xcb.xcb_disconnect(connection)
    if not failed:
        return None
    return (f"quotewright: cannot connect to the display {display!r} (no X server answers there); "
            f"run it in a desktop session, {OFFSCREEN_HINT}.")

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
