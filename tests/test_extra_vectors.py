"""QUOTEWRIGHT_EXTRA_VECTORS adds vectors to the suite, and they really run:
a correct one passes, a wrong one fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO, SHARED_VECTORS


def run_vector_tests(folder) -> subprocess.CompletedProcess:
    env = {**os.environ, "QUOTEWRIGHT_EXTRA_VECTORS": str(folder)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_vectors.py", "-k", "extra"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )


def write_vectors(folder, expected_tcv: str | None = None, schedule_amount: str = "35") -> None:
    (folder / "quotes").mkdir(parents=True)
    vector = json.loads((SHARED_VECTORS / "quotes" / "starter-monthly-overage.json").read_text("utf-8"))
    vector["name"] = "extra"
    if expected_tcv is not None:
        vector["expected"]["totals"]["tcv"] = expected_tcv
    (folder / "quotes" / "extra-starter.json").write_text(json.dumps(vector), "utf-8")
    schedule = {"mode": "per_unit", "unit_price": "7"}
    (folder / "schedules.json").write_text(
        json.dumps([{"name": "extra per unit", "schedule": schedule, "quantity": "5", "amount": schedule_amount}]), "utf-8"
    )


def test_extra_vectors_are_collected_and_pass(tmp_path):
    write_vectors(tmp_path)
    result = run_vector_tests(tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "3 passed" in result.stdout  # the quote via API and CLI, and the schedule


def test_a_wrong_extra_vector_fails_the_suite(tmp_path):
    write_vectors(tmp_path, expected_tcv="907.21", schedule_amount="36")
    result = run_vector_tests(tmp_path)
    assert result.returncode == 1
    assert "3 failed" in result.stdout


def test_a_folder_with_only_quotes_is_fine(tmp_path):
    write_vectors(tmp_path)
    (tmp_path / "schedules.json").unlink()
    result = run_vector_tests(tmp_path)
    assert result.returncode == 0 and "2 passed" in result.stdout


def test_a_broken_vector_fails_alone_and_by_name(tmp_path):
    write_vectors(tmp_path)
    (tmp_path / "quotes" / "extra-broken-json.json").write_text("{not json", "utf-8")
    unknown = json.loads((tmp_path / "quotes" / "extra-starter.json").read_text("utf-8"))
    unknown["quote"]["a_field_from_the_future"] = True
    (tmp_path / "quotes" / "extra-unknown-field.json").write_text(json.dumps(unknown), "utf-8")
    result = run_vector_tests(tmp_path)
    assert result.returncode == 1
    assert "error" not in result.stdout.splitlines()[-1]  # collection went through
    assert "3 passed" in result.stdout and "4 failed" in result.stdout  # two files, API and CLI each
    assert "extra-broken-json.json: is not a readable vector" in result.stdout


def test_a_malformed_schedules_file_fails_alone(tmp_path):
    folder = tmp_path / "extra-vectors"  # the runner selects tests by "extra"
    write_vectors(folder)
    (folder / "schedules.json").write_text("[{", "utf-8")
    result = run_vector_tests(folder)
    assert result.returncode == 1
    assert "2 passed" in result.stdout and "1 failed" in result.stdout
    assert "schedules.json" in result.stdout


def test_an_extra_folders_next_quotes_are_run(tmp_path):
    write_vectors(tmp_path)
    (tmp_path / "next" / "quotes").mkdir(parents=True)
    vector = json.loads((SHARED_VECTORS / "next" / "quotes" / "ramp-series-cap-alerts.json").read_text("utf-8"))
    (tmp_path / "next" / "quotes" / "extra-ramp.json").write_text(json.dumps(vector), "utf-8")
    result = run_vector_tests(tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "5 passed" in result.stdout  # the next/ vector via API and CLI too
    vector["expected"]["totals"]["overage_waived"] = "258.69"
    (tmp_path / "next" / "quotes" / "extra-ramp.json").write_text(json.dumps(vector), "utf-8")
    result = run_vector_tests(tmp_path)
    assert result.returncode == 1 and "2 failed" in result.stdout
