"""The mapping file of shadow billing: a prospect's event names as catalog
work units (a usage export never uses our ids).

CSV with the header `event,work_unit` and one line per event name. A name
the file does not map is kept as it is (so records already written with
catalog ids need no line), and a name that is no work unit of the catalog
is counted as unknown, by the name written.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..domain.catalog import Catalog
from .jsonfile import read_regular_file
from .problems import FileProblem

MAX_MAP_BYTES = 10 * 1024 * 1024


def read_mapping(path: Path, catalog: Catalog) -> dict[str, str]:
    """A mapping file: CSV with the header `event,work_unit`, one line per
    event name of the prospect's export and the catalog work unit it is.
    Names the file and line of a problem."""
    path = Path(path)
    raw = read_regular_file(path, MAX_MAP_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(path, "", f"is not UTF-8 text (byte {error.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    known = {unit.id for unit in catalog.work_units}
    mapping: dict[str, str] = {}
    first_line: dict[str, int] = {}
    header_seen = False
    last = 0
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            if not row or row == [""]:
                continue
            cells = [cell.strip() for cell in row]
            if not header_seen:
                if [c.casefold() for c in cells] != ["event", "work_unit"]:
                    raise FileProblem(path, f"line {line}", "must be the header event,work_unit")
                header_seen = True
                continue
            if len(cells) != 2:
                raise FileProblem(path, f"line {line}", f"has {len(cells)} fields; a line is event,work_unit")
            event, unit = cells
            if not event or not unit:
                raise FileProblem(path, f"line {line}", "needs both an event name and a work unit")
            if unit not in known:
                ids = ", ".join(sorted(known)[:20])
                raise FileProblem(path, f"line {line}", f"work unit {unit!r} is not in the catalog (it has {ids})")
            if event in mapping:
                raise FileProblem(path, f"line {line}", f"event {event!r} is mapped twice (first on line "
                                                        f"{first_line[event]})")
            mapping[event], first_line[event] = unit, line
    except csv.Error as error:
        raise FileProblem(path, f"line {last + 1}", f"cannot be read as CSV: {error}") from None
    if not header_seen:
        raise FileProblem(path, "", "is empty; a mapping file starts with the header event,work_unit")
    if not mapping:
        raise FileProblem(path, "", "maps no event (it has only its header)")
    return mapping
