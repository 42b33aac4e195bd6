"""The README opens with the two commands, and CI runs the test one."""

from __future__ import annotations

import re

from conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    return [block.strip() for block in re.findall(r"```\n(.*?)```", text, flags=re.S)][:2]


def test_readme_starts_with_the_run_and_test_commands():
    run, test = readme_commands()
    assert run.endswith("quotewright") and "pip install -e ." in run
    assert "pytest" in test and ".[test]" in test
    head = (REPO / "README.md").read_text("utf-8")[:600]
    assert run in head and test in head


def test_ci_runs_the_readme_test_command_verbatim():
    _, test = readme_commands()
    assert test in (REPO / ".ci" / "run").read_text("utf-8")
