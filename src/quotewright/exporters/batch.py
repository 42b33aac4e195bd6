"""One export of several documents, all or nothing: the command line's
`export --xlsx A --pdf B` and the app's export both go through `export_all`.

Before anything is written, every output path is checked (not an input,
not another output, not a folder or a device, its folder there and
writable), then every document is rendered and staged in a temporary file
beside its target. Only when all are ready is each put in place, by a
rename, so a failure at any step before that (an unknown template, a bad
logo, a full disk) leaves every output as it was.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Mapping, NamedTuple, Sequence

from ..domain.settings import Settings
from ..storage.jsonfile import StagedFile, real_target, stage_file
from ..storage.problems import FileProblem
from .base import Exporter, ExportJob, exporter_table

Targets = Mapping[str, Path] | Sequence[tuple[str, Path]]
Inputs = Iterable[tuple[str, Path | str | None]]  # ("quote", path), ("catalog", path)...
Progress = Callable[[int, Exporter, Path], None]


class ExportResult(NamedTuple):
    written: list[Path]
    warnings: list[str]  # one line each, for the person exporting (the export still succeeded)


def _same_file(first: Path, second: Path) -> bool:
    """The same file, through symbolic links or hard links."""
    if os.path.realpath(first) == os.path.realpath(second):
        return True
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def _check_writable(out: Path) -> None:
    real = real_target(out)
    if real.is_dir():
        raise FileProblem(out, "", "is a folder; name the file to write")
    if real.exists() and not real.is_file():
        raise FileProblem(out, "", "is not a regular file (a pipe or a device); an export cannot replace it")
    folder = real.parent
    if not folder.is_dir():
        raise FileProblem(out, "", f"cannot be written: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FileProblem(out, "", f"cannot be written: the folder {folder} is not writable")


def check_targets(targets: Targets, inputs: Inputs = (), labels: Mapping[str, str] | None = None) -> None:
    """Refuse, with one line naming the output, any output that is one of
    the `inputs`, the same file as another output, or cannot be written."""
    pairs = _pairs(targets)
    labels = labels or {}
    known = [(role, Path(path)) for role, path in inputs if path]
    for index, (identifier, out) in enumerate(pairs):
        for role, source in known:
            if _same_file(out, source):
                raise FileProblem(out, "", f"is the {role} this export reads ({source}); write to another file")
        for other, earlier in pairs[:index]:
            if _same_file(out, earlier):
                both = f"the {labels.get(other, other)} and the {labels.get(identifier, identifier)}"
                raise FileProblem(out, "", f"is given for both {both}; each needs its own file")
        _check_writable(out)


def _pairs(targets: Targets) -> list[tuple[str, Path]]:
    items = targets.items() if isinstance(targets, Mapping) else targets
    return [(identifier, Path(out)) for identifier, out in items if out is not None]


def _stage(exporter: Exporter, job: ExportJob, settings: Settings, out: Path, options: Mapping) -> StagedFile:
    render = getattr(exporter, "render", None)
    if render is not None:
        return stage_file(out, render(job, settings, **options))
    # An exporter that only writes files writes into the staged temporary
    # file; it is put in place with the others.
    staged = stage_file(out)
    try:
        exporter.export(job, settings, staged.temporary, **options)
    except BaseException:
        staged.discard()
        raise
    return staged


def export_all(job: ExportJob, settings: Settings, targets: Targets, inputs: Inputs = (),
               progress: Progress | None = None, options: Mapping[str, Mapping] | None = None) -> ExportResult:
    """Write every (exporter identifier, path) of `targets`, or none of them.

    `options` holds each exporter's own keyword options, by identifier
    (`{"pdf": {"optional_sections": ("options",)}}`).

    `inputs` are the files the export reads, by role, which no output may
    replace. `progress(step, exporter, path)` is called before each render.
    Raises `FileProblem` for a problem with a file; any other error is a bug
    in an exporter, and it too leaves every output untouched.
    """
    table = exporter_table()
    pairs = _pairs(targets)
    missing = [identifier for identifier, _ in pairs if identifier not in table]
    if missing:
        raise ValueError(f"no exporter for {', '.join(missing)}")
    check_targets(pairs, inputs, {identifier: entry.label for identifier, entry in table.items()})
    # Only the exporters asked for are loaded: a workbook alone never loads reportlab.
    available = {identifier: table[identifier].load() for identifier, _ in pairs}
    staged: list[StagedFile] = []
    try:
        for step, (identifier, out) in enumerate(pairs):
            if progress is not None:
                progress(step, available[identifier], out)
            staged.append(_stage(available[identifier], job, settings, out, (options or {}).get(identifier, {})))
        warnings: list[str] = []
        for identifier in dict.fromkeys(identifier for identifier, _ in pairs):
            found = getattr(available[identifier], "warnings", None)
            warnings += found(job, settings) if found else []
    except BaseException:
        for ready in staged:
            ready.discard()
        raise
    written = []
    for index, ((_, out), ready) in enumerate(zip(pairs, staged)):
        try:
            ready.commit()  # a rename: it needs no space, so it fails only if the folder changed meanwhile
        except BaseException:
            for rest in staged[index + 1:]:
                rest.discard()
            raise
        written.append(out)
    return ExportResult(written, warnings)
