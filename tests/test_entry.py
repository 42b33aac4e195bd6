"""Issue 10, item 4: one entry module picks the front end; importing the
package changes nothing in the process; the exporter registry is a table
that loads no export library to be read; no import circle in the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib

import pytest

from conftest import REPO
from import_graph import circles, graph
from quotewright import cli, entry
from quotewright.exporters import base

FRESH_ENV = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}


def python(code: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env or FRESH_ENV, cwd=REPO / "tests", timeout=120)


# --- the entry module chooses the front end -------------------------------------------------------


def test_no_arguments_and_the_app_command_open_the_app_through_the_entry(monkeypatch):
    opened = []
    monkeypatch.setattr(entry, "open_app", lambda arguments: opened.append(arguments) or 0)
    assert entry.main([]) == 0
    assert entry.main(["app", "some-quote.json"]) == 0
    assert opened == [[], ["some-quote.json"]]


def test_the_gui_script_is_the_app_command(monkeypatch):
    opened = []
    monkeypatch.setattr(entry, "open_app", lambda arguments: opened.append(arguments) or 0)
    assert entry.app_main(["quote.json"]) == 0
    assert opened == [["quote.json"]]
    with pytest.raises(SystemExit) as exit_:
        entry.app_main(["--no-such-option"])
    assert exit_.value.code == cli.EXIT_USAGE and opened == [["quote.json"]]


def test_a_command_never_opens_the_app(monkeypatch, capsys):
    monkeypatch.setattr(entry, "open_app", lambda arguments: pytest.fail("the app was opened"))
    assert entry.main(["samples"]) == 0
    assert "support-agent" in capsys.readouterr().out


def test_the_cli_alone_cannot_open_the_app_and_says_so_in_one_line(capsys):
    assert cli.main(["app"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "desktop app" in err and "Traceback" not in err


def test_the_cli_imports_neither_the_app_nor_qt_not_even_inside_a_function():
    imported = graph()["quotewright.cli"]
    assert not {name for name in imported if name == "quotewright.app" or name.startswith("quotewright.ui")}
    source = (REPO / "src" / "quotewright" / "cli.py").read_text("utf-8")
    assert "importlib" not in source and "PySide6" not in source  # no import by name either


def test_the_entry_sits_above_both_front_ends_and_nothing_imports_it():
    imports = graph()
    assert {"quotewright.cli", "quotewright.app"} <= imports["quotewright.entry"]
    importers = {name for name, targets in imports.items() if "quotewright.entry" in targets}
    assert importers == {"quotewright.__main__"}


def test_the_installed_scripts_point_at_the_entry_functions():
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["scripts"] == {"quotewright": "quotewright.entry:main"}
    assert project["gui-scripts"] == {"quotewright-app": "quotewright.entry:app_main"}
    for target in (*project["scripts"].values(), *project["gui-scripts"].values()):
        module, _, function = target.partition(":")
        assert callable(getattr(__import__(module, fromlist=[function]), function))


def test_python_dash_m_and_the_main_file_as_a_top_level_script_both_work():
    as_module = subprocess.run([sys.executable, "-m", "quotewright", "--help"], capture_output=True, text=True)
    assert as_module.returncode == 0, as_module.stderr
    assert "app" in as_module.stdout and "export" in as_module.stdout
    for script in (REPO / "src" / "quotewright" / "__main__.py", REPO / "packaging" / "launcher.py"):
        run = subprocess.run([sys.executable, str(script), "samples", "--json"], capture_output=True, text=True)
        assert run.returncode == 0, f"{script}: {run.stderr}"
        assert {entry_["name"] for entry_ in json.loads(run.stdout)} >= {"support-agent"}


# --- importing the package leaves the process alone ----------------------------------------------


def test_importing_the_package_does_not_set_the_pydantic_switch():
    found = python("import os, quotewright, quotewright.cli, quotewright.domain.catalog, quotewright.app\n"
                   "print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))")
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "None"


@pytest.mark.parametrize("function, argv", [("main", ["samples"]), ("app_main", None)])
def test_the_entry_functions_set_the_pydantic_switch_before_the_first_model(function, argv):
    # app_main is stopped at the app's door: what matters is what is set by then.
    code = ("import os, sys\n"
            "from quotewright import entry\n"
            "seen = {}\n"
            "def door(arguments):\n"
            "    seen['at the app'] = os.environ.get('PYDANTIC_DISABLE_PLUGINS')\n"
            "    return 0\n"
            "entry.open_app = door\n"
            "assert 'pydantic' not in sys.modules, 'pydantic loaded before the entry ran'\n"
            f"status = entry.{function}({argv!r})\n"
            "print(status, os.environ.get('PYDANTIC_DISABLE_PLUGINS'), seen.get('at the app', '-'))\n")
    found = python(code)
    assert found.returncode == 0, found.stderr
    status, switch, at_app = found.stdout.split()[-3:]
    assert (status, switch) == ("0", "__all__")
    assert at_app == ("__all__" if function == "app_main" else "-")


# --- the exporter registry: a table ---------------------------------------------------------------


def test_the_table_agrees_with_the_exporters_it_names():
    table = base.exporter_table()
    assert set(table) == {"xlsx", "pdf"}
    for identifier, row in table.items():
        loaded = base.exporter(identifier)
        assert (loaded.identifier, loaded.label, loaded.suffix) == (row.identifier, row.label, row.suffix)
        assert base.exporter(identifier) is loaded  # made once
        assert callable(loaded.export)
    with pytest.raises(KeyError):
        base.exporter("docx")


def test_reading_the_table_loads_no_export_library_and_patches_nothing():
    found = python(
        "import sys\n"
        "from quotewright import cli\n"
        "from quotewright.exporters import batch\n"
        "from quotewright.exporters.base import exporter_table\n"
        "labels = {i: (r.label, r.suffix) for i, r in exporter_table().items()}\n"
        "loaded = sorted(m for m in ('openpyxl', 'reportlab') if m in sys.modules)\n"
        "from openpyxl.cell import _writer\n"
        "print(labels['pdf'][1], labels['xlsx'][1], loaded, _writer.safe_string.__module__)\n")
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == [".pdf", ".xlsx", "[]", "openpyxl.compat.strings"]


def test_the_exporter_packages_do_not_register_themselves():
    for package in ("pdf", "xlsx"):
        source = (REPO / "src" / "quotewright" / "exporters" / package / "__init__.py").read_text("utf-8")
        assert "register(" not in source, package


# --- no import circle -----------------------------------------------------------------------------


def test_no_import_circle_in_the_package_counting_function_level_imports():
    assert circles(graph()) == []


def test_the_walk_sees_function_level_imports_and_would_find_a_circle():
    imports = graph()
    assert "quotewright.app" in imports["quotewright.entry"]  # imported inside open_app only
    assert "quotewright.exporters.batch" in imports["quotewright.cli"]  # inside _export only
    looped = {**imports, "quotewright.domain.money": imports["quotewright.domain.money"] | {"quotewright.cli"}}
    assert any("quotewright.cli" in group and "quotewright.domain.money" in group for group in circles(looped))


# --- issue 11, items 8 and 13: --version, and no usable display --------------------------------

APP_ENV_DROPPED = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE", "QT_QPA_PLATFORM_PLUGIN_PATH")


def test_version_prints_the_installed_version_and_exits_0():
    from importlib import metadata

    found = subprocess.run([sys.executable, "-m", "quotewright", "--version"], capture_output=True, text=True,
                           timeout=60)
    assert found.returncode == 0, found.stderr
    assert found.stdout == f"quotewright {metadata.version('quotewright')}\n"


def headless_env(tmp_path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in APP_ENV_DROPPED}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"), **extra)
    return env


def test_the_app_without_a_display_says_so_in_one_line_and_exits_1(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux has no display until one is named")
    found = subprocess.run([sys.executable, "-m", "quotewright"], capture_output=True, text=True, timeout=120,
                           env=headless_env(tmp_path))
    assert found.returncode == 1  # not Qt's abort (134, or -6 from a signal)
    lines = found.stderr.splitlines()
    assert len(lines) == 1, found.stderr
    assert "no display" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0] and "Traceback" not in lines[0]
    assert found.stdout == ""


def test_a_display_nobody_answers_on_or_a_broken_x11_plugin_is_one_line_too(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("the X11 plugin is Linux's")
    # No X server on display 99 here: either the plugin cannot load (this machine's missing
    # libraries) or it loads and the connection is refused; one line and exit 1 either way.
    found = subprocess.run([sys.executable, "-m", "quotewright"], capture_output=True, text=True, timeout=120,
                           env=headless_env(tmp_path, DISPLAY=":99"))
    assert found.returncode == 1, found.stderr
    lines = found.stderr.splitlines()
    assert len(lines) == 1, found.stderr
    assert "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert "cannot connect to the display ':99'" in lines[0] or "plugin cannot load" in lines[0]


def test_an_x11_plugin_that_cannot_load_names_the_missing_packages(tmp_path, monkeypatch):
    from quotewright import startup

    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"not a shared library")
    monkeypatch.setattr(startup, "missing_packages", lambda: ["libxcb-icccm4", "libxcb-keysyms1"])
    line = startup.display_problem({"DISPLAY": ":0"}, "linux", plugin)
    assert line.startswith("quotewright: Qt's X11 display plugin cannot load (")
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in line and "\n" not in line


def test_which_environments_need_no_check():
    from quotewright.startup import display_problem

    assert display_problem({}, "win32") is None and display_problem({}, "darwin") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "minimal"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None  # Qt finds Wayland itself
    assert "no display" in display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux")


def test_missing_packages_are_those_whose_library_does_not_load():
    from quotewright.startup import XCB_LIBRARIES, missing_packages

    def load(library):
        if library in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1"):
            raise OSError(f"{library}: cannot open shared object file")

    assert missing_packages(load) == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert {"libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libgl1", "libfontconfig1",
            "libdbus-1-3"} <= set(XCB_LIBRARIES.values())
