"""Reading usage files for shadow billing (storage/usage_import.py): CSV,
gzip CSV and Parquet agree; names and columns can be mapped; a malformed
record names the file and its physical line, and nothing is billed."""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from conftest import next_vector_files, read_vector
from quotewright import shadow_command
from quotewright.domain.catalog import Catalog
from quotewright.domain.shadow import ShadowTerms, shadow_bill, shadow_to_json
from quotewright.storage.problems import FileProblem
from quotewright.storage.event_map import read_mapping
from quotewright.storage.usage_import import Columns, read_usage

START = dt.date(2026, 1, 1)
HEADER = "timestamp,work_unit,quantity\n"


@pytest.fixture(scope="module")
def vector() -> dict:
    return read_vector(next_vector_files("shadow")[0])


@pytest.fixture(scope="module")
def catalog(vector) -> Catalog:
    return Catalog.model_validate(vector["catalog"])


def _units(catalog: Catalog) -> list[str]:
    return [unit.id for unit in catalog.work_units]


def _csv(tmp_path: Path, text: str, name: str = "usage.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _parquet(source: Path, target: Path, select: str = "*") -> Path:
    connection = duckdb.connect()
    connection.execute(f"COPY (SELECT {select} FROM read_csv('{source}', all_varchar=true, header=true)) "
                       f"TO '{target}' (FORMAT parquet)")
    connection.close()
    return target


def _json_of(path: Path, catalog: Catalog, vector: dict, **options) -> dict:
    start = dt.date.fromisoformat(vector["start"])
    recorded = read_usage(path, start, catalog, **options)
    return shadow_to_json(shadow_bill(catalog, recorded, ShadowTerms.model_validate(vector["quote"]), start))


def test_csv_and_the_same_records_as_parquet_give_identical_results(tmp_path, vector, catalog):
    source = _csv(tmp_path, vector["records_csv"])
    as_text = _parquet(source, tmp_path / "text.parquet")
    typed = _parquet(source, tmp_path / "typed.parquet",
                     "CAST(timestamp AS TIMESTAMPTZ) AS timestamp, work_unit, CAST(quantity AS DECIMAL(20,4)) AS quantity")
    expected = _json_of(source, catalog, vector)
    assert _json_of(as_text, catalog, vector) == expected
    assert _json_of(typed, catalog, vector) == expected


def test_gzip_csv_gives_the_same_result_whatever_its_name(tmp_path, vector, catalog):
    source = _csv(tmp_path, vector["records_csv"])
    expected = _json_of(source, catalog, vector)
    for name in ("usage.csv.gz", "usage.export"):
        packed = tmp_path / name
        packed.write_bytes(gzip.compress(vector["records_csv"].encode("utf-8")))
        assert _json_of(packed, catalog, vector) == expected


def test_quantities_are_summed_exactly_to_nine_decimals(tmp_path, catalog):
    unit = _units(catalog)[0]
    lines = [f"2026-01-0{1 + i % 5}T10:00:00Z,{unit},0.000000001\n" for i in range(3)]
    lines += [f"2026-01-05,{unit},123456789012345678.5\n", f"2026-01-06,{unit},\n", f"2026-01-06,{unit},0.1\n"] * 2
    recorded = read_usage(_csv(tmp_path, HEADER + "".join(lines)), START, catalog)
    exact = Decimal("0.000000001") * 3 + (Decimal("123456789012345678.5") + 1 + Decimal("0.1")) * 2
    assert recorded.billed[unit] == {1: exact}
    assert recorded.records == 9 and recorded.billed_records[unit] == 9


def test_zones_go_to_utc_and_the_day_of_the_month_is_clamped(tmp_path, catalog):
    unit = _units(catalog)[0]
    start = dt.date(2026, 1, 31)
    text = HEADER + "".join(f"{time},{unit},1\n" for time in (
        "2026-01-30T23:30:00-01:00",  # 00:30 UTC on Jan 31: month 1
        "2026-02-27 23:59:59.999999",  # month 1
        "2026-02-28",  # month 2 starts on Feb 28
        "2026-03-31T01:00:00+02:00",  # 23:00 UTC on Mar 30: still month 2
        "2026-03-31T00:00Z",  # month 3
        "2026-01-31T00:30:00+01:00",  # 23:30 UTC on Jan 30: before the start
        "2036-01-31T00:00:00Z",  # month 121: past the term
    ))
    recorded = read_usage(_csv(tmp_path, text), start, catalog)
    assert recorded.billed[unit] == {1: 2, 2: 2, 3: 1}
    assert (recorded.before_start, recorded.beyond_term) == (1, 1)


def test_other_columns_can_be_named_and_a_file_without_quantities_counts_one_per_record(tmp_path, catalog):
    unit = _units(catalog)[0]
    path = _csv(tmp_path, f"when,event,count,note\n2026-01-02,{unit},4,a\n2026-02-02,{unit},,b\n")
    recorded = read_usage(path, START, catalog, columns=Columns("when", "event", "count"))
    assert recorded.billed[unit] == {1: 4, 2: 1}
    bare = _csv(tmp_path, f"Timestamp,Work_Unit\n2026-01-02,{unit}\n2026-01-03,{unit}\n", "bare.csv")
    assert read_usage(bare, START, catalog).billed[unit] == {1: 2}


def test_the_mapping_file_turns_event_names_into_work_units(tmp_path, vector, catalog):
    first, second = _units(catalog)[:2]
    mapping_path = _csv(tmp_path, f"event,work_unit\npdf.summarized,{first}\nrow.enriched,{second}\n", "map.csv")
    usage = _csv(tmp_path, "ts,name\n2026-01-02,pdf.summarized\n2026-01-03,row.enriched\n"
                           f"2026-01-04,{first}\n2026-01-05,page.viewed\n")
    mapping = read_mapping(mapping_path, catalog)
    recorded = read_usage(usage, START, catalog, columns=Columns("ts", "name"), mapping=mapping)
    assert recorded.billed == {first: {1: 2}, second: {1: 1}}
    assert recorded.unknown_work_units == {"page.viewed": 1}


def test_the_command_reads_the_mapping_and_columns(tmp_path, vector, capsys):
    catalog_path = tmp_path / "catalog.json"
    catalog_path.write_text(json.dumps(vector["catalog"]), encoding="utf-8")
    unit = vector["catalog"]["work_units"][0]["id"]
    mapping_path = _csv(tmp_path, f"event,work_unit\ndone,{unit}\n", "map.csv")
    usage = _csv(tmp_path, "at,what\n2026-01-02,done\n2026-01-03,done\n2026-01-04,other\n")
    parser = argparse.ArgumentParser()
    shadow_command.add_arguments(parser)
    args = parser.parse_args([str(usage), "--catalog", str(catalog_path), "--start", "2026-01-01", "--map",
                              str(mapping_path), "--timestamp-column", "at", "--work-unit-column", "what", "--json"])
    assert shadow_command.run(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["usage"] == {unit: ["2"]} and data["unknown_work_units"] == {"other": 1}


@pytest.mark.parametrize(("text", "problem"), [
    ("event,work_unit\na,nowhere\n", "line 2: work unit 'nowhere' is not in the catalog"),
    ("event,work_unit\na,{unit}\na,{unit}\n", "line 3: event 'a' is mapped twice (first on line 2)"),
    ("name,unit\na,{unit}\n", "line 1: must be the header event,work_unit"),
    ("event,work_unit\n", "maps no event"),
    ("", "is empty"),
])
def test_a_bad_mapping_file_names_its_line(tmp_path, catalog, text, problem):
    path = _csv(tmp_path, text.format(unit=_units(catalog)[0]), "map.csv")
    with pytest.raises(FileProblem) as caught:
        read_mapping(path, catalog)
    assert str(caught.value).startswith(str(path)) and problem in str(caught.value)


@pytest.mark.parametrize(("bad", "reason"), [
    ("2026-02-30T10:00:00Z,{unit},1", "time '2026-02-30T10:00:00Z' is not an ISO 8601"),
    ("02/01/2026,{unit},1", "time '02/01/2026' is not an ISO 8601"),
    ("epoch,{unit},1", "time 'epoch' is not an ISO 8601"),
    ("2026-01-05,{unit},-3", "quantity '-3' is negative"),
    ("2026-01-05,{unit},1.0000000001", "quantity '1.0000000001' has 10 decimals; at most 9"),
    ("2026-01-05,{unit},lots", "quantity 'lots' is not a number"),
    ("2026-01-05,{unit},1e3", "quantity '1e3' is not a number"),
    ("2026-01-05,,1", "the work unit is empty"),
])
def test_a_malformed_record_names_the_file_and_its_line_and_nothing_is_billed(tmp_path, catalog, bad, reason):
    unit = _units(catalog)[0]
    # A quoted line break before it: the record's physical line is counted, not its record number.
    text = HEADER + f'2026-01-02,{unit},1\n\n2026-01-03,"{unit}\nsecond line",2\n' + bad.format(unit=unit) + "\n"
    text += f"2026-01-04,{unit},1\n"
    path = _csv(tmp_path, text)
    with pytest.raises(FileProblem) as caught:
        read_usage(path, START, catalog)
    message = str(caught.value)
    assert message.startswith(f"{path}: line 6: ")
    assert reason in message
    assert "1 malformed record of 4" in message and "nothing was billed" in message
    assert "\n" not in message


def test_many_malformed_records_show_the_first_few_and_how_many_in_all(tmp_path, catalog):
    unit = _units(catalog)[0]
    rows = [f"2026-01-02,{unit},1\n"] * 10 + [f"2026-01-02,{unit},-1\n"] * 8 + [f"2026-01-02,{unit},x\n"] * 2
    path = _csv(tmp_path, HEADER + "".join(rows))
    with pytest.raises(FileProblem) as caught:
        read_usage(path, START, catalog)
    message = str(caught.value)
    assert message.startswith(f"{path}: line 12: quantity '-1' is negative")
    for line in (13, 14, 15, 16):
        assert f"line {line}: quantity '-1' is negative" in message
    assert "line 17" not in message
    assert "10 malformed records of 20" in message


def test_a_malformed_parquet_record_is_named_by_its_number(tmp_path, catalog):
    unit = _units(catalog)[0]
    source = _csv(tmp_path, HEADER + f"2026-01-02,{unit},1\n2026-01-02,{unit},1\n2026-01-02,{unit},-2\n")
    path = _parquet(source, tmp_path / "usage.parquet")
    with pytest.raises(FileProblem) as caught:
        read_usage(path, START, catalog)
    assert str(caught.value).startswith(f"{path}: record 3: quantity '-2' is negative")


def test_a_floating_point_quantity_column_is_refused(tmp_path, catalog):
    unit = _units(catalog)[0]
    source = _csv(tmp_path, HEADER + f"2026-01-02,{unit},1.5\n")
    path = _parquet(source, tmp_path / "float.parquet", "timestamp, work_unit, CAST(quantity AS DOUBLE) AS quantity")
    with pytest.raises(FileProblem, match="quantity: is a DOUBLE column"):
        read_usage(path, START, catalog)


def test_a_line_with_a_field_too_many_names_its_line(tmp_path, catalog):
    unit = _units(catalog)[0]
    path = _csv(tmp_path, HEADER + f"2026-01-02,{unit},1\n2026-01-02,{unit},1,9\n")
    with pytest.raises(FileProblem) as caught:
        read_usage(path, START, catalog)
    assert str(caught.value) == f"{path}: line 3: has 4 fields; the header has 3; nothing was billed from this file"


def test_an_empty_file_and_a_header_only_file_are_clear_errors(tmp_path, catalog):
    empty = _csv(tmp_path, "", "empty.csv")
    with pytest.raises(FileProblem) as caught:
        read_usage(empty, START, catalog)
    assert str(caught.value).startswith(f"{empty}: is empty (0 bytes)")
    header = _csv(tmp_path, HEADER, "header.csv")
    with pytest.raises(FileProblem) as caught:
        read_usage(header, START, catalog)
    assert str(caught.value) == f"{header}: has a header but no records"


@pytest.mark.parametrize(("header", "columns", "missing"), [
    ("time,work_unit,quantity", Columns(), "timestamp"),
    ("timestamp,unit,quantity", Columns(), "work_unit"),
    ("timestamp,work_unit,quantity", Columns(quantity="amount"), "amount"),
])
def test_a_missing_column_is_a_clear_error_naming_it(tmp_path, catalog, header, columns, missing):
    path = _csv(tmp_path, f"{header}\n2026-01-02,x,1\n")
    with pytest.raises(FileProblem) as caught:
        read_usage(path, START, catalog, columns=columns)
    assert str(caught.value).startswith(f"{path}: {missing}: is a column the file does not have")


def test_a_missing_file_is_a_clear_error(tmp_path, catalog):
    with pytest.raises(FileProblem, match="no such file"):
        read_usage(tmp_path / "nowhere.csv", START, catalog)
