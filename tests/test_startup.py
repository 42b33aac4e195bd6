"""Opening the app pauses the garbage collector until the first frame;
other commands leave it alone."""

from __future__ import annotations

import gc

import pytest

from quotewright.cli import main
from quotewright.startup import pause_collection, resume_collection


def test_resuming_freezes_start_up_objects_and_turns_collection_back_on():
    assert gc.isenabled()
    pause_collection()
    try:
        assert not gc.isenabled()
        built = [[index] for index in range(1000)]  # tracked, long-lived start-up objects
    finally:
        resume_collection()
    try:
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(built)
    finally:
        gc.unfreeze()


def test_a_command_line_command_leaves_collection_on(capsys):
    assert main(["samples"]) == 0
    assert "support-agent" in capsys.readouterr().out
    assert gc.isenabled()


def test_opening_the_app_with_bad_arguments_turns_collection_back_on(capsys):
    try:
        with pytest.raises(SystemExit) as exit_:
            main(["app", "--no-such-option"])
        assert exit_.value.code == 2
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_failed_start_turns_collection_back_on(monkeypatch):
    from quotewright import app

    def broken_start():
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(app, "prepare_start", broken_start)
    try:
        with pytest.raises(RuntimeError, match="disk went away"):
            app.main([])
        assert gc.isenabled()
    finally:
        gc.unfreeze()
