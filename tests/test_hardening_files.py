"""Issue 9, the file side: exports all or nothing (9), never over an input
(13), saves through links (15), terminal-safe output and one-line errors
(17), duplicate keys (18), only regular files read (20), stale temporary
files removed (21)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builders import northwind_catalog, quote_data
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob, exporters
from quotewright.exporters.batch import export_all
from quotewright.printable import printable, printable_json
from quotewright.storage import jsonfile
from quotewright.storage.documents import load_any, load_quote, quote_file_data, save_quote
from quotewright.storage.jsonfile import read_json, remove_stale_parts, write_atomic
from quotewright.storage.problems import FileProblem
from quotewright.text_report import render_text

POSIX = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and pids are POSIX")
RAW_CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]]


def run(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotewright", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def one_line(text: str) -> str:
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


def saved_quote(folder: Path, name: str = "quote.json", **changes) -> Path:
    path = folder / name
    save_quote(path, Quote.model_validate(quote_data(**changes)), Catalog.model_validate(northwind_catalog()))
    return path


def parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def a_dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# Item 9: a failed export leaves nothing half-written.

def test_a_failed_export_writes_neither_output(tmp_path):
    quote = saved_quote(tmp_path)
    xlsx, pdf = tmp_path / "a.xlsx", tmp_path / "b.pdf"
    result = run("export", str(quote), "--xlsx", str(xlsx), "--pdf", str(pdf), "--template", "nosuch",
                 env={"QUOTEWRIGHT_SETTINGS": str(tmp_path / "no-settings.json")})
    assert result.returncode == 1
    assert "nosuch" in one_line(result.stderr)
    assert not xlsx.exists() and not pdf.exists()
    assert parts(tmp_path) == []


def test_a_failed_export_keeps_the_previous_outputs(tmp_path):
    quote = saved_quote(tmp_path)
    xlsx = tmp_path / "a.xlsx"
    xlsx.write_bytes(b"the previous export")
    result = run("export", str(quote), "--xlsx", str(xlsx), "--pdf", str(tmp_path / "b.pdf"), "--template",
                 "nosuch", env={"QUOTEWRIGHT_SETTINGS": str(tmp_path / "no-settings.json")})
    assert result.returncode == 1
    assert xlsx.read_bytes() == b"the previous export"


def job() -> ExportJob:
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate(quote_data())
    return ExportJob(catalog, quote, price_quote(catalog, quote))


class _Failing:
    identifier, label, suffix = "failing", "failing document", ".bin"

    def export(self, job, settings, out):  # writes half its output, then fails
        Path(out).write_bytes(b"half")
        raise FileProblem(out, "", "cannot be rendered")


def test_the_second_render_failing_leaves_the_first_unwritten(tmp_path, monkeypatch):
    from quotewright.exporters import base

    extra = base.ExporterEntry("failing", "failing document", ".bin", __name__, "_Failing")
    monkeypatch.setattr(base, "EXPORTERS", (*base.EXPORTERS, extra))
    first, second = tmp_path / "model.xlsx", tmp_path / "doc.bin"
    with pytest.raises(FileProblem, match="cannot be rendered"):
        export_all(job(), Settings(), [("xlsx", first), ("failing", second)])
    assert sorted(p.name for p in tmp_path.iterdir()) == []


class _WritesOnly:
    identifier, label, suffix = "writes-only", "plain document", ".txt"

    def export(self, job, settings, out):
        write_atomic(Path(out), "the document")


def test_both_exports_and_an_exporter_that_only_writes_files(tmp_path, monkeypatch):
    from quotewright.exporters import base

    # An exporter with no render() writes into the staged temporary file,
    # which is put in place with the others.
    extra = base.ExporterEntry("writes-only", "plain document", ".txt", __name__, "_WritesOnly")
    monkeypatch.setattr(base, "EXPORTERS", (*base.EXPORTERS, extra))
    targets = {"xlsx": tmp_path / "m.xlsx", "pdf": tmp_path / "p.pdf", "writes-only": tmp_path / "d.txt"}
    branded = Settings(branding={"company_name": "Northwind AI"})  # unbranded, the PDF warns (its own test)
    result = export_all(job(), branded, targets)
    assert result.written == list(targets.values()) and result.warnings == []
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "m.xlsx").read_bytes().startswith(b"PK")
    assert (tmp_path / "d.txt").read_text() == "the document"
    assert parts(tmp_path) == []
    mode = 0o666 & ~jsonfile._UMASK
    assert (tmp_path / "d.txt").stat().st_mode & 0o777 == mode  # not the temporary file's 0600


def test_a_missing_output_folder_is_refused_before_anything_is_written(tmp_path):
    quote = saved_quote(tmp_path)
    result = run("export", str(quote), "--xlsx", str(tmp_path / "a.xlsx"), "--pdf",
                 str(tmp_path / "missing" / "b.pdf"))
    assert result.returncode == 1
    assert "does not exist" in one_line(result.stderr)
    assert not (tmp_path / "a.xlsx").exists()


# Item 13: an export never replaces one of its inputs or another output.

@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
def test_an_export_cannot_overwrite_its_quote(tmp_path, link):
    quote = saved_quote(tmp_path, "same.json")
    before = quote.read_bytes()
    out = quote
    if link == "symlink":
        out = tmp_path / "proposal.pdf"
        out.symlink_to(quote.name)
    elif link == "hardlink":
        out = tmp_path / "proposal.pdf"
        os.link(quote, out)
    result = run("export", str(quote), "--pdf", str(out))
    assert result.returncode == 1
    assert "is the quote this export reads" in one_line(result.stderr)
    assert quote.read_bytes() == before


def test_an_export_cannot_overwrite_its_catalog(tmp_path):
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(northwind_catalog()))
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(quote_data()))
    before = catalog.read_bytes()
    result = run("export", str(bare), "--catalog", str(catalog), "--xlsx", str(tmp_path / "." / "catalog.json"))
    assert result.returncode == 1
    assert "is the catalog this export reads" in one_line(result.stderr)
    assert catalog.read_bytes() == before


def test_two_outputs_cannot_share_a_file(tmp_path):
    quote = saved_quote(tmp_path)
    out = tmp_path / "x"
    result = run("export", str(quote), "--xlsx", str(out), "--pdf", str(out))
    assert result.returncode == 1
    assert "is given for both the --xlsx output and the --pdf output" in one_line(result.stderr)
    assert not out.exists()


# Item 15: a save goes through links to the file they name.

def test_saving_through_a_symbolic_link_updates_its_target(tmp_path):
    real_folder, link_folder = tmp_path / "real", tmp_path / "links"
    real_folder.mkdir()
    link_folder.mkdir()
    target = saved_quote(real_folder)
    link = link_folder / "quote.json"
    link.symlink_to(Path("..") / "real" / "quote.json")
    save_quote(link, Quote.model_validate(quote_data(seats=99)), Catalog.model_validate(northwind_catalog()))
    assert link.is_symlink()
    assert load_quote(target).quote.seats == 99
    assert parts(real_folder) == [] and parts(link_folder) == []


def test_saving_a_hard_linked_file_updates_every_name(tmp_path):
    first = saved_quote(tmp_path)
    second = tmp_path / "also.json"
    os.link(first, second)
    first.chmod(0o640)
    inode = first.stat().st_ino
    save_quote(first, Quote.model_validate(quote_data(seats=7)), Catalog.model_validate(northwind_catalog()))
    assert first.stat().st_ino == inode and first.stat().st_nlink == 2
    assert load_quote(second).quote.seats == 7
    assert first.stat().st_mode & 0o777 == 0o640
    assert parts(tmp_path) == []
    write_atomic(second, "short")  # a shorter version leaves no tail of the longer one
    assert first.read_text() == "short"


def test_a_hard_linked_file_is_untouched_when_the_new_version_cannot_be_staged(tmp_path, monkeypatch):
    first = saved_quote(tmp_path)
    os.link(first, tmp_path / "also.json")
    before = first.read_bytes()

    def full(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonfile.os, "fsync", full)
    with pytest.raises(FileProblem, match="No space left"):
        write_atomic(first, "new")
    assert first.read_bytes() == before and parts(tmp_path) == []


# Item 17: what reaches the terminal is escaped, and errors stay one line.

def test_printable_escapes_what_a_terminal_obeys():
    text = "A\x1b[2J\x07\x00B\r\nC\x9b\u2028\u202eD\ud800 caf\u00e9 \u6f22 C:\\Users"
    shown = printable(text)
    assert not any(c in shown for c in RAW_CONTROLS + ["\u2028", "\u202e", "\ud800", "\n", "\r"])
    assert shown == "A\\x1b[2J\\x07\\x00B\\r\\nC\\x9b\\u2028\\u202eD\\ud800 caf\u00e9 \u6f22 C:\\Users"
    assert printable("plain") == "plain"


def test_json_output_escapes_them_and_stays_json():
    data = {"name": "x\x1b\x7f\x9b\u2028\u202e\ud800y"}
    text = printable_json(json.dumps(data, ensure_ascii=False))
    assert not any(c in text for c in RAW_CONTROLS + ["\u2028", "\u202e", "\ud800"])
    assert json.loads(text) == data


def test_the_text_report_shows_control_characters_escaped():
    priced = job().priced._replace(customer="Evil\x1b]0;owned\x07\x00 Corp\nline", quote_id="Q\r1")
    report = render_text(priced)
    assert not any(c in report for c in RAW_CONTROLS + ["\r"])
    assert "Evil\\x1b]0;owned\\x07\\x00 Corp\\nline" in report and "Q\\r1" in report


def test_price_never_sends_raw_control_characters(tmp_path):
    # Whether the name is refused at the door or priced, nothing raw is printed.
    path = tmp_path / "evil.json"
    data = quote_file_data(Quote.model_validate(quote_data()), Catalog.model_validate(northwind_catalog()))
    data["customer"]["name"] = "Evil\x1b[2J\x07\x00Corp\u009b"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for args in (["price", str(path)], ["price", str(path), "--json"], ["validate", str(path)]):
        result = run(*args)
        assert result.returncode in (0, 1), result.stderr
        output = result.stdout + result.stderr
        assert not any(c in output for c in RAW_CONTROLS), args
        if result.returncode == 1:
            one_line(result.stderr)


def test_a_file_name_or_key_with_newlines_keeps_the_error_on_one_line(tmp_path):
    problem = FileProblem(tmp_path / "a\nb.json", "plans[0].\r\nkey", "is bad:\nreally\x1b")
    assert "\n" not in str(problem) and "\r" not in str(problem) and "\x1b" not in str(problem)
    assert problem.file.endswith("a\nb.json")  # the raw text is still there for code that needs it
    weird = tmp_path / "bad\nname.json"
    weird.write_text('{"format": "quotewright.quote/1", "a\\nb": 1, "a\\nb": 2}')
    result = run("validate", str(weird))
    assert result.returncode == 1
    assert "a\\nb: appears twice" in one_line(result.stderr)


def test_wrong_usage_with_control_characters_stays_one_escaped_line():
    result = run("schema", "cat\x1b[31malog\nx")
    assert result.returncode == 2
    assert "\\x1b[31malog\\nx" in one_line(result.stderr)


# Item 18: a key that appears twice is refused with its path.

def test_a_duplicate_key_in_the_embedded_catalog_is_refused_with_its_path(tmp_path):
    path = saved_quote(tmp_path)
    data = json.loads(path.read_text())
    original = data["catalog"]["plans"][0]["overage"]["unit_price"]
    data["catalog"]["plans"][0]["overage"]["unit_price"] = "__MARK__"
    text = json.dumps(data, indent=2).replace('"unit_price": "__MARK__"',
                                              f'"unit_price": "0.0001", "unit_price": "{original}"')
    path.write_text(text)
    with pytest.raises(FileProblem) as caught:
        load_any(path)
    assert str(caught.value) == f"{path}: catalog.plans[0].overage.unit_price: appears twice in the same object; " \
                                "a key may appear only once"


@pytest.mark.parametrize(
    "text, where, times",
    [
        ('{"format": "a", "format": "b"}', "format", "twice"),
        ('{"x": [1, {"y": [{"z": 1, "z": 2, "z": 3}]}]}', "x[1].y[0].z", "3 times"),
        ('[{"a": 1}, {"b": {"c": 1, "c": 1}}]', "[1].b.c", "twice"),
    ],
)
def test_duplicate_keys_anywhere(tmp_path, text, where, times):
    path = tmp_path / "d.json"
    path.write_text(text)
    with pytest.raises(FileProblem) as caught:
        read_json(path)
    assert caught.value.path == where and f"appears {times}" in caught.value.message


def test_the_same_key_in_different_objects_is_fine(tmp_path):
    path = tmp_path / "ok.json"
    path.write_text('{"a": {"id": 1}, "b": {"id": 2}, "c": [{"id": 3}, {"id": 4}], "n": 1.5}')
    data = read_json(path)
    assert data["c"][1] == {"id": 4} and type(data) is dict and type(data["a"]) is dict
    assert type(data["n"]).__name__ == "FloatLiteral"


# Item 20: only regular files are read, and at once.

@POSIX
def test_validate_refuses_a_device_at_once():
    result = run("validate", "/dev/zero", timeout=30)
    assert result.returncode == 1
    assert "not a regular file" in one_line(result.stderr)


@POSIX
@pytest.mark.parametrize("role", ["quote", "catalog", "settings"])
def test_a_fifo_is_refused_not_waited_for(tmp_path, role):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(northwind_catalog()))
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(quote_data()))
    args = {
        "quote": ["price", str(fifo), "--catalog", str(catalog)],
        "catalog": ["price", str(bare), "--catalog", str(fifo)],
        "settings": ["export", str(bare), "--catalog", str(catalog), "--xlsx", str(tmp_path / "o.xlsx")],
    }[role]
    result = run(*args, env={"QUOTEWRIGHT_SETTINGS": str(fifo)}, timeout=30)
    assert result.returncode == 1
    assert str(fifo) in one_line(result.stderr) and "not a regular file" in result.stderr
    assert not (tmp_path / "o.xlsx").exists()


# Item 21: temporary files of interrupted saves are removed by the next save.

def _part(folder: Path, name: str, pid: int | None, age: float, tag: str = "abcd1234") -> Path:
    middle = f"{pid}.{tag}" if pid is not None else tag
    path = folder / f".{name}.{middle}.part"
    path.write_text("customer data")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


@POSIX
def test_the_next_save_removes_stale_parts_and_keeps_live_ones(tmp_path):
    target = saved_quote(tmp_path)
    live_writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = _part(tmp_path, "quote.json", a_dead_pid(), age=60)
        old = _part(tmp_path, "quote.json", None, age=3600)
        ancient_live = _part(tmp_path, "quote.json", live_writer.pid, age=3600, tag="zzzz9999")
        live = _part(tmp_path, "quote.json", live_writer.pid, age=60, tag="yyyy8888")
        fresh_dead = _part(tmp_path, "quote.json", a_dead_pid(), age=0, tag="xxxx7777")
        mine = _part(tmp_path, "quote.json", os.getpid(), age=60, tag="wwww6666")
        other_file = _part(tmp_path, "other.json", a_dead_pid(), age=60)
        strangers = [tmp_path / "movie.mp4.part", tmp_path / ".quote.json.backup", tmp_path / ".quote.json.part"]
        for path in strangers:
            path.write_text("not ours")
            os.utime(path, (0, 0))
        save_quote(target, Quote.model_validate(quote_data(seats=3)), Catalog.model_validate(northwind_catalog()))
        remaining = set(tmp_path.iterdir())
        assert not {dead, old, ancient_live} & remaining
        assert {live, fresh_dead, mine, other_file, *strangers} <= remaining
        assert set(remove_stale_parts(tmp_path)) == {other_file}  # app start: every name in the folder
    finally:
        live_writer.kill()
        live_writer.wait()


@POSIX
def test_kills_mid_save_leave_nothing_after_the_next_save(tmp_path):
    target = saved_quote(tmp_path)
    writer = (
        "import sys, itertools; from quotewright.storage.jsonfile import write_atomic\n"
        "for n in itertools.count(): write_atomic(sys.argv[1], '{\"n\": %d}' % n + ' ' * 200000)\n"
    )
    for attempt in range(40):  # until a few kills have landed mid-save
        child = subprocess.Popen([sys.executable, "-c", writer, str(target)])
        time.sleep(0.6 + (attempt % 7) * 0.037)
        child.send_signal(signal.SIGKILL)
        child.wait()
        json.loads(target.read_text())  # always whole: the old version or a new one
        if len(parts(tmp_path)) >= 3:
            break
    assert parts(tmp_path), "the kills should have left temporary files behind"
    for path in tmp_path.glob(".*.part"):
        os.utime(path, (time.time() - 30, time.time() - 30))  # the next save comes a little later
    write_atomic(target, "{}")
    assert parts(tmp_path) == []


def test_a_workbook_only_export_loads_no_pdf_library(tmp_path):
    import subprocess, sys, textwrap
    script = textwrap.dedent(f"""
        import sys
        from quotewright.exporters.base import ExportJob
        from quotewright.exporters.batch import export_all
        from quotewright.domain.pricing import price_quote
        from quotewright.domain.settings import Settings
        from quotewright.storage.documents import load_quote
        from quotewright.storage.samples import samples
        loaded = load_quote(samples()[0].quote)
        job = ExportJob(loaded.catalog, loaded.quote, price_quote(loaded.catalog, loaded.quote))
        export_all(job, Settings(), [("xlsx", {str(tmp_path / 'model.xlsx')!r})])
        print("reportlab" in sys.modules, "openpyxl" in sys.modules)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "True"]
    assert (tmp_path / "model.xlsx").stat().st_size > 0
