"""Issue 10, item 5: the top-level layout, and the shipped data found through
importlib.resources by an editable install, a wheel (installed in a fresh
venv, and imported straight from its zip) alike. The bundle's turn is in
tests/test_bundle.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, sample_names

TOP_LEVEL = {"pyproject.toml", "README.md", "src", "tests", "resources", "templates", "packaging"}
SHIPPED = {
    "resources": ["catalogs/*.json", "quotes/*-quote.json", "fonts/DejaVuSans*.ttf", "icons/quotewright.png"],
    "templates": ["*.toml"],
}


def shipped_files() -> dict[str, list[str]]:
    """Top-level folder -> its shipped files, relative to it, as found on disk."""
    return {folder: sorted(str(path.relative_to(REPO / folder)) for pattern in patterns
                           for path in (REPO / folder).glob(pattern))
            for folder, patterns in SHIPPED.items()}


def test_the_top_level_is_the_one_the_design_card_asks_for():
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    top = {line.split("/")[0] for line in tracked.splitlines()} - {".ci", ".gitignore"}
    assert TOP_LEVEL <= top
    assert top - TOP_LEVEL <= {"docs", "benchmarks", "scripts"}, top - TOP_LEVEL


def test_the_shipped_data_lives_at_the_top_and_none_under_src():
    found = shipped_files()
    assert len(found["resources"]) == 2 * len(sample_names()) + 4 and len(sample_names()) == 4
    assert found["templates"] == ["full.toml", "summary.toml"]
    code = REPO / "src" / "quotewright"
    data = [path for path in code.rglob("*") if path.is_file() and path.suffix in {".json", ".toml", ".ttf", ".png"}]
    assert data == []
    assert not (code / "resources").exists() and not (code / "templates").exists()


def test_every_package_under_src_is_in_the_explicit_package_list():
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    code = REPO / "src"
    on_disk = {".".join(folder.relative_to(code).parts) for folder in code.rglob("*")
               if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py"))}
    assert on_disk | {"quotewright.resources", "quotewright.templates"} == listed
    assert setuptools["package-dir"] == {"": "src", "quotewright.resources": "resources",
                                         "quotewright.templates": "templates"}


WHERE = """
import json, quotewright.resources, quotewright.templates
from quotewright.exporters.pdf.fonts import _FILES, BODY
from importlib import resources
from quotewright.storage.samples import app_icon, samples
from quotewright.storage.templates import available_templates
print(json.dumps({
    "package": quotewright.__file__,
    "samples": [str(p) for s in samples() for p in (s.catalog, s.quote)],
    "templates": sorted(str(p) for p in available_templates().values()),
    "font": str(resources.files("quotewright.resources") / "fonts" / _FILES[BODY]),
    "icon": str(app_icon()),
}))
"""


def where_found(python: str, cwd: Path, env: dict | None = None) -> dict:
    found = subprocess.run([python, "-c", WHERE], capture_output=True, text=True, cwd=cwd, env=env)
    assert found.returncode == 0, found.stderr
    return json.loads(found.stdout)


def test_the_editable_install_reads_the_top_level_folders(tmp_path):
    from importlib.metadata import distribution

    direct = json.loads(distribution("quotewright").read_text("direct_url.json") or "{}")
    assert direct.get("dir_info", {}).get("editable"), "the test venv is an editable install (README, .ci/run)"
    found = where_found(sys.executable, tmp_path)  # from elsewhere: nothing found through the working folder
    assert Path(found["package"]).is_relative_to(REPO / "src")
    assert len(found["samples"]) == 8 and all(Path(p).is_relative_to(REPO / "resources") for p in found["samples"])
    assert found["templates"] == [str(REPO / "templates" / name) for name in ("full.toml", "summary.toml")]
    assert Path(found["font"]).is_relative_to(REPO / "resources" / "fonts") and Path(found["font"]).is_file()
    assert found["icon"] == str(REPO / "resources" / "icons" / "quotewright.png")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("layout-wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(out), str(REPO)], capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    return next(out.glob("quotewright-*.whl"))


@pytest.mark.slow
def test_the_wheel_carries_the_top_level_folders_inside_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, files in shipped_files().items():
        for name in files:
            assert f"quotewright/{folder}/{name}" in names, name
    assert {"quotewright/resources/__init__.py", "quotewright/templates/__init__.py"} <= names
    assert not [name for name in names if name.startswith(("resources/", "templates/", "src/"))]


ZIPPED = """
import datetime as dt, json, sys, tempfile
from pathlib import Path
import quotewright
from quotewright.entry import main
from quotewright.storage.samples import samples
from quotewright.storage.templates import available_templates
assert ".whl" in quotewright.__file__, quotewright.__file__
out = Path(sys.argv[1])
for found in samples():
    assert main(["price", str(found.quote)]) == 0
found = samples()[0]
assert main(["export", str(found.quote), "--pdf", str(out / "q.pdf"), "--xlsx", str(out / "q.xlsx"),
             "--template", "summary"]) == 0
print(json.dumps(sorted(available_templates())))
"""


@pytest.mark.slow
def test_a_zipped_import_from_the_wheel_prices_and_exports_with_the_shipped_data(wheel, tmp_path):
    # The wheel is a zip: imported from it, nothing has a real path until
    # as_file makes one, so this proves every reader goes through as_file.
    home, temporary = tmp_path / "home", tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "PYTHONPATH": str(wheel), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "TMPDIR": str(temporary)}
    run = subprocess.run([sys.executable, "-c", ZIPPED, str(tmp_path)], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.splitlines()[-1]) == ["full", "summary"]
    assert (tmp_path / "q.pdf").read_bytes().startswith(b"%PDF")
    assert zipfile.is_zipfile(tmp_path / "q.xlsx")
    assert list(temporary.iterdir()) == []  # as_file's copies out of the zip are gone at exit


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_reads_its_own_copy_of_the_shipped_data(installed_wheel, tmp_path):
    venv = installed_wheel.parent
    found = where_found(str(installed_wheel / "python"), tmp_path)
    paths = [found["package"], *found["samples"], *found["templates"], found["font"], found["icon"]]
    assert all(Path(path).is_relative_to(venv) and Path(path).is_file() for path in paths), paths
    assert [Path(path).name for path in found["templates"]] == ["full.toml", "summary.toml"]
    listed = subprocess.run([str(installed_wheel / "quotewright"), "templates"], capture_output=True, text=True,
                            cwd=tmp_path, env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")})
    assert listed.returncode == 0, listed.stderr
    assert str(venv) in listed.stdout and "summary" in listed.stdout
