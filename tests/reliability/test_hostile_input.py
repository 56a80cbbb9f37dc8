"""Bounded work on hostile input: the scan field, the attendance book and roster files.

Issue 13: a 1 MB paste into the scan field took 82-135 s (prefixes stripped in O(n^2)); 40,000
duplicate check-ins took over 200 s (a re-sort per insert); a 1.2 MB XLSX took 2.8 GB and three
minutes and then imported; a CSV cell over 128 KiB, a DTD in an XLSX and a huge shared string
were tracebacks. Each is reproduced here and must now be quick and, for rosters, refused with a
`RosterFileError` that says what to do.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from facilitator.checkin.attendance import AttendanceBook, CheckIn
from facilitator.codes.participant_code import CodeKind, read_code
from facilitator.codes.scan_repair import MAX_SCAN_LENGTH, repair_scan
from facilitator.roster.roster_file import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_LINES,
    RosterFileError,
    parse_roster,
)
from tests.reliability.scans import EVENT_ID, EVENT_KEY, fuzz_scans
from tests.reliability.xlsx_parts import pack, workbook_parts

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts

# -- the scan field ------------------------------------------------------------------------


def test_two_thousand_fuzzed_scans_never_crash_and_never_accept_a_forged_code() -> None:
    tally = fuzz_scans(2_000, seed=13)
    assert (tally.crashes, tally.forged_accepted, tally.genuine_refused) == (0, 0, 0), tally
    assert tally.slowest_ms < 100


@pytest.mark.parametrize(
    "paste",
    [
        "\\000026" * 150_000,
        "]Q1" * 350_000,
        "ก" * 1_000_000,
        " " * 1_000_000 + "ORGTTDVPKOTTROSFRCI",
        "ORGTTDVPKOTTROSFRCI" * 55_000,
    ],
    ids=["eci", "aim", "thai", "spaces", "codes"],
)
def test_a_megabyte_paste_is_not_a_code_at_once(paste: str) -> None:
    started = time.perf_counter()
    reading = read_code(paste, EVENT_ID, EVENT_KEY)
    assert time.perf_counter() - started < 0.05
    assert reading.kind is CodeKind.NOT_A_CODE
    assert len(reading.cleaned) < 64 and reading.cleaned.endswith("…")


def test_a_scan_just_under_the_cap_is_still_repaired() -> None:
    code = "ORGTTDVPKOTTROSFRCI"
    padded = "\t" * (MAX_SCAN_LENGTH - len(code) - 2) + code + "\r\n"
    assert len(padded) == MAX_SCAN_LENGTH
    assert repair_scan(padded) == code


# -- the attendance book -------------------------------------------------------------------


def test_forty_thousand_duplicate_check_ins_are_indexed_in_seconds_not_minutes() -> None:
    book = AttendanceBook(station="desk-a")
    start = datetime(2021, 6, 7, 8, 0)
    # Arrival times out of order, the way merged desks deliver them.
    order = [(i * 7919) % 40_000 for i in range(40_000)]
    started = time.perf_counter()
    for i in order:
        book.add(
            CheckIn(f"c{i:05d}", "KKKKKKKK", "am", start + timedelta(seconds=i), "a", "scan", False)
        )
    assert time.perf_counter() - started < 5.0  # a re-sort per insert took over 200 s
    assert book.counted("KKKKKKKK", "am").id == "c00000"
    assert len(book) == 40_000


# -- roster files --------------------------------------------------------------------------

HEADER = ["ชื่อ-สกุล", "เบอร์โทร", "ผลิตภัณฑ์"]
ROW = ["นายสมชาย ใจดี", "0812345678", "ผ้าไหม"]


def refused(tmp_path: Path, data: bytes | str, name: str = "roster.xlsx") -> str:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    started = time.perf_counter()
    with pytest.raises(RosterFileError) as error:
        parse_roster(path)
    assert time.perf_counter() - started < 3
    return str(error.value)


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)


def hostile(change: str, how: Callable[[str], str | bytes], extra_rows: str = "") -> bytes:
    """A small good roster with one part changed by `how`."""
    parts: dict[str, str | bytes] = dict(workbook_parts([HEADER, ROW], extra_rows))
    parts[change] = how(str(parts[change]))
    return pack(parts)


def with_dtd(xml: str) -> str:
    return LAUGHS + xml.split("?>", 1)[1]


@pytest.mark.parametrize(
    "part",
    ["xl/sharedStrings.xml", "xl/workbook.xml", "[Content_Types].xml", "xl/worksheets/sheet1.xml"],
)
def test_an_xlsx_with_a_dtd_is_refused_with_a_message(tmp_path: Path, part: str) -> None:
    message = refused(tmp_path, hostile(part, with_dtd))
    assert "DTD" in message and part in message


def test_a_dtd_hidden_in_utf16_is_found_too(tmp_path: Path) -> None:
    def utf16(xml: str) -> bytes:
        text = with_dtd(xml).replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
        return text.encode("utf-16")

    assert "DTD" in refused(tmp_path, hostile("xl/sharedStrings.xml", utf16))


def test_a_huge_shared_string_is_refused_with_a_message(tmp_path: Path) -> None:
    data = pack(dict(workbook_parts([HEADER, [*ROW[:2], "ผ" * (MAX_CELL_CHARS + 1)]])))
    assert "more than 32,767 characters" in refused(tmp_path, data)


def test_an_xlsx_that_unpacks_to_gigabytes_is_refused_before_reading(tmp_path: Path) -> None:
    bomb = "<si><t>" + "a" * (33 * 1024 * 1024) + "</t></si></sst>"
    data = hostile("xl/sharedStrings.xml", lambda xml: xml.replace("</sst>", bomb))
    assert len(data) < 1024 * 1024
    assert "shared strings unpack to" in refused(tmp_path, data)


def far_cells(first: int, last: int) -> str:
    return "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(first, last))


def test_an_xlsx_with_a_million_rows_is_refused_at_once(tmp_path: Path) -> None:
    data = pack(dict(workbook_parts([HEADER, ROW], far_cells(3, MAX_LINES + 9))))
    assert "rows" in refused(tmp_path, data)


def test_an_xlsx_whose_rows_jump_past_the_limit_is_refused_at_once(tmp_path: Path) -> None:
    data = pack(dict(workbook_parts([HEADER, ROW], far_cells(10**9, 10**9 + 1))))
    assert "rows" in refused(tmp_path, data)


def test_content_beyond_the_column_limit_is_refused(tmp_path: Path) -> None:
    wide = [*HEADER, *([""] * (MAX_COLUMNS - len(HEADER))), "ข้อความ"]
    xlsx = pack(dict(workbook_parts([HEADER, ROW, wide])))
    assert "beyond the 200 columns" in refused(tmp_path, xlsx)
    csv_text = ",".join(HEADER) + "\n" + ",".join(ROW) + "\n" + ",".join(wide) + "\n"
    assert "beyond the 200 columns" in refused(tmp_path, csv_text, "roster.csv")


def test_a_stray_cell_far_to_the_right_costs_nothing(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(pack(dict(workbook_parts([HEADER, ROW], far_cells(3, 3000)))))
    started = time.perf_counter()
    parsed = parse_roster(path)
    assert time.perf_counter() - started < 2
    assert [d.first_name for _, d in parsed.drafts] == ["สมชาย"]


@pytest.mark.parametrize(
    "size", [MAX_CELL_CHARS + 1, 131_073, 300_000], ids=["40k", "128k", "300k"]
)
def test_a_csv_cell_over_the_limit_is_refused_with_a_message(tmp_path: Path, size: int) -> None:
    text = ",".join(HEADER) + "\n" + f'นายสมชาย ใจดี,0812345678,"{"ผ" * size}"\n'
    assert "more than 32,767 characters" in refused(tmp_path, text, "roster.csv")


def test_a_csv_with_an_unclosed_quote_is_refused_with_a_message(tmp_path: Path) -> None:
    text = ",".join(HEADER) + "\n" + 'นายสมชาย ใจดี,0812345678,"ผ้าไหม\n' + ("x," * 80_000 + "\n") * 3
    assert "quote" in refused(tmp_path, text, "roster.csv")


def test_a_csv_of_endless_blank_lines_is_refused_at_once(tmp_path: Path) -> None:
    text = ",".join(HEADER) + "\n" + ",".join(ROW) + "\n" + "\n" * (MAX_LINES + 1)
    assert "rows" in refused(tmp_path, text, "roster.csv")


def test_a_file_larger_than_any_roster_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    with path.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(RosterFileError, match="larger than 64 MB"):
        parse_roster(path)
