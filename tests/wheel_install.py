"""Build the project's wheel and install it in a fresh virtual environment.

The wheel goes in with --no-deps; the dependencies are borrowed from this
test environment through a .pth file placed after the fresh venv's own
site-packages, so quotewright itself must come from the wheel (the tests
check), while nothing is downloaded.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from conftest import REPO


def install_wheel(folder: Path) -> Path:
    """The fresh venv's bin folder, with quotewright installed from a wheel."""
    wheels = folder / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    wheel = next(wheels.glob("quotewright-*.whl"))
    target = folder / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)],
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    site = subprocess.check_output([str(python), "-c", "import site; print(site.getsitepackages()[0])"], text=True)
    (Path(site.strip()) / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = subprocess.run([str(python), "-c", "import quotewright; print(quotewright.__file__)"],
                           capture_output=True, text=True)
    assert str(target) in where.stdout, where.stdout + where.stderr
    return target / "bin"
