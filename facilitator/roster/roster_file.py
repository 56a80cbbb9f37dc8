"""Read the participant lists district offices send (CSV or XLSX) into drafts.

Rosters arrive in every shape: Thai or English headers, a title line above
the header, a merged "ชื่อ - สกุล" header over title/first/last columns,
Windows Thai (cp874) CSVs, Thai digits, a "รวม 50 คน" line at the bottom.
This module turns such a file into :class:`ParticipantDraft` objects plus a
list of row-numbered problems the user can fix in the file.  It never touches
the database: deciding what to import is the caller's job.

Decisions (also in docs/roster-columns.md):

* A row with any problem is *not* drafted; every problem is reported
  separately with the row number Excel shows (header row = its own number).
* Empty role: ``default_role`` if the caller gives one, else the role the
  position's words name (:data:`POSITION_ROLE_WORDS`), else "producer" when
  the row names a product, else the problem :data:`NO_ROLE`.
* Blank rows (also rows holding only a ลำดับ number) and totals rows are
  listed in ``skipped_rows``, not in ``problems``.
* A phone cell with several numbers keeps the first as the phone and adds
  the others to the note.

Limits: a roster file is also input from outside, and the first version had
none (a 1.2 MB XLSX took 2.8 GB and three minutes, then imported; a CSV cell
over 128 KiB, a DTD in an XLSX and a huge shared string were tracebacks). So
the file is read with bounds on its size, rows, columns and cells, an XLSX is
checked before openpyxl sees it (how far it unpacks, no DTD or entity in any
XML part) and read streaming; each bound refused is a :class:`RosterFileError`
that says which limit, where, and what to do.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.parsers.expat
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.models import Role
from facilitator.storage_texts import os_reason
from facilitator.thai.text import (
    TITLES,
    clean_text,
    normalize_phone,
    split_full_name,
    split_title,
    thai_digits_to_arabic,
)

__all__ = [
    "HEADER_ALIASES",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_LINES",
    "MAX_ROWS",
    "NO_ROLE",
    "POSITION_ROLE_WORDS",
    "ROLES",
    "ROLE_ALIASES",
    "ParticipantDraft",
    "RosterFileError",
    "RosterParse",
    "RowProblem",
    "header_field",
    "parse_role",
    "parse_roster",
    "parse_star_level",
    "role_from_position",
]

ROLES: tuple[str, ...] = tuple(role.value for role in Role)

#: Field a recognised-but-unused column (ลำดับ, No.) is mapped to.
IGNORED = "ignored"

#: Roster header aliases per field.  Matching is lenient (see
#: :func:`header_field`); keep docs/roster-columns.md in step (a test checks).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    IGNORED: ("ลำดับ", "ลำดับที่", "ที่", "No.", "#", "Seq"),
    "title": ("คำนำหน้า", "คำนำหน้าชื่อ", "คำนำหน้านาม", "Title", "Prefix"),
    "first_name": ("ชื่อ", "ชื่อจริง", "First name", "Given name"),
    "last_name": ("นามสกุล", "สกุล", "Last name", "Surname", "Family name"),
    "full_name": (
        "ชื่อ-สกุล",
        "ชื่อ-นามสกุล",
        "ชื่อ - สกุล",
        "ชื่อและนามสกุล",
        "ชื่อผู้เข้าอบรม",
        "ชื่อผู้เข้าร่วม",
        "ชื่อผู้เข้าร่วมอบรม",
        "Full name",
        "Name",
        "Participant",
    ),
    "nickname": ("ชื่อเล่น", "Nickname"),
    "role": ("บทบาท", "ประเภท", "ประเภทผู้เข้าร่วม", "Role", "Type"),
    # Not "Title": a roster's Title column is the name's title (นาย, นาง), see "title" above.
    "position": ("ตำแหน่ง", "ตำแหน่งงาน", "Position", "Job title", "Job"),
    "organisation": (
        "กลุ่ม",
        "ชื่อกลุ่ม",
        "หน่วยงาน",
        "สังกัด",
        "วิสาหกิจชุมชน",
        "Organisation",
        "Organization",
        "Group",
        "Agency",
    ),
    "product": ("ผลิตภัณฑ์", "ชื่อผลิตภัณฑ์", "สินค้า", "Product"),
    "product_category": (
        "ประเภทผลิตภัณฑ์",
        "หมวด",
        "หมวดหมู่",
        "หมวดผลิตภัณฑ์",
        "Category",
        "Product category",
    ),
    "star_level": ("ระดับดาว", "ดาว", "ระดับดาว OTOP", "ผลการคัดสรร", "Stars", "Star level"),
    "district": ("อำเภอ", "District", "Amphoe"),
    "phone": (
        "เบอร์โทร",
        "เบอร์โทรศัพท์",
        "โทรศัพท์",
        "โทร",
        "เบอร์",
        "เบอร์มือถือ",
        "มือถือ",
        "เบอร์ติดต่อ",
        "หมายเลขโทรศัพท์",
        "Phone",
        "Tel",
        "Telephone",
        "Mobile",
        "Phone number",
    ),
    "note": ("หมายเหตุ", "Note", "Notes", "Remark", "Remarks"),
}

#: Role words per role, matched leniently like headers.
ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "producer": ("ผู้ประกอบการ", "ผู้ผลิต", "ผู้ประกอบการ OTOP", "OTOP", "Producer"),
    "mentor": ("KBO", "กรรมการ KBO", "พี่เลี้ยง", "พี่เลี้ยง KBO", "Mentor"),
    "official": (
        "เจ้าหน้าที่",
        "จนท.",
        "ข้าราชการ",
        "พัฒนาการ",
        "พัฒนากร",
        "พัฒนาการอำเภอ",
        "พัฒนาการจังหวัด",
        "Official",
        "Officer",
    ),
    "lecturer": ("วิทยากร", "Lecturer", "Speaker", "Trainer"),
    "guest": ("แขก", "แขกรับเชิญ", "ผู้สังเกตการณ์", "Guest", "Visitor"),
    "staff": ("ทีมงาน", "ผู้จัด", "Staff"),
}

#: Words inside a position (ตำแหน่ง) that tell the role when the row names none: a list of
#: officials often has only a ตำแหน่ง column. Matched like role cells (contained, one role only);
#: the one table for this rule, kept small on purpose (docs/roster-columns.md lists it).
POSITION_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "official": (
        "พัฒนากร",
        "พัฒนาการ",
        "นักวิชาการ",
        "นักพัฒนาชุมชน",
        "เจ้าพนักงาน",
        "เจ้าหน้าที่",
        "ข้าราชการ",
        "ปลัด",
        "นายอำเภอ",
        "ผู้ว่าราชการ",
        "กำนัน",
        "ผู้ใหญ่บ้าน",
        "Officer",
    ),
    "lecturer": ("วิทยากร", "อาจารย์", "ศาสตราจารย์", "Lecturer", "Speaker", "Trainer"),
    "mentor": ("กรรมการ KBO", "ที่ปรึกษา", "KBO", "Mentor", "Adviser", "Advisor"),
    "producer": ("ประธานกลุ่ม", "ผู้ประกอบการ", "สมาชิกกลุ่ม", "Producer"),
}

#: The problem (its catalogue key) of a row with no role and no product; a screen can offer
#: "import these as ..." (``parse_roster(path, default_role=...)``) when it sees it.
NO_ROLE = "roster.row.no_role"

#: Cell texts that mean "nothing here".
_PLACEHOLDERS = frozenset({"-", "--", "–", "—", ".", "ไม่มี", "n/a", "na", "none", "null"})

_HEADER_SCAN_ROWS = 30

#: Bounds on what a roster file may hold; each is refused with a message.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 100_000  # rows with content: a province-wide list is a few thousand
MAX_LINES = 200_000  # rows counting blank ones (Excel allows 1,048,576, no roster needs them)
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_XLSX_UNPACKED = 256 * 1024 * 1024
MAX_XLSX_PART = 128 * 1024 * 1024
MAX_SHARED_STRINGS = 32 * 1024 * 1024
MAX_XLSX_PARTS = 10_000
_MB = 1024 * 1024
_NAME_FIELDS = frozenset({"first_name", "full_name"})


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


@dataclass
class ParticipantDraft:
    """One person as the roster describes them, not yet in the database."""

    title: str = ""
    first_name: str = ""
    last_name: str = ""
    nickname: str = ""
    role: str = "guest"  # one of ROLES
    position: str = ""
    organisation: str = ""
    product: str = ""
    product_category: str = ""
    star_level: int | None = None
    district: str = ""
    phone: str = ""
    note: str = ""


@dataclass(frozen=True)
class RowProblem:
    """Why one row could not be drafted; ``row_number`` is Excel's row number.

    The reason is a catalogue key and its values, put into words when shown (``reason``),
    so a list parsed once reads in whichever language the desk speaks when it is shown.
    """

    row_number: int
    key: str
    params: dict[str, object] = field(default_factory=dict, hash=False)

    @property
    def reason(self) -> str:
        return t(self.key, **self.params)

    def text(self) -> str:
        """The reason in words (as `reason`)."""
        return self.reason


@dataclass
class RosterParse:
    """Everything learnt from one roster file."""

    drafts: list[tuple[int, ParticipantDraft]]
    problems: list[RowProblem]
    skipped_rows: list[int]
    column_map: dict[str, str]  # source header -> field (IGNORED for ลำดับ/No.)
    unknown_columns: list[str]
    header_row: int = 0
    sheet_name: str = ""  # "" for CSV

    @property
    def problem_rows(self) -> list[int]:
        """Row numbers with at least one problem, in file order."""
        return sorted({p.row_number for p in self.problems})


class RosterFileError(UserError):
    """The whole file cannot be read; the message says what and what to do."""


class CellError(UserError, ValueError):
    """One cell holds something the roster cannot use (a star level of 7)."""


# --------------------------------------------------------------------------
# Lenient matching
# --------------------------------------------------------------------------

_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _loose_key(text: str) -> str:
    """Case-folded text without spaces, punctuation or symbols."""
    text = _PARENTHESES.sub("", clean_text(text))
    return "".join(
        ch for ch in text.casefold() if not (ch.isspace() or unicodedata.category(ch)[0] in "PSZ")
    )


def _index(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for target, words in aliases.items():
        for word in words:
            index[_loose_key(word)] = target
    return index


_HEADER_INDEX = _index(HEADER_ALIASES)
_HEADER_INDEX.pop("", None)  # "#" has no letters left; it is handled explicitly
_ROLE_INDEX = _index(ROLE_ALIASES)
_POSITION_INDEX = _index(POSITION_ROLE_WORDS)
_TITLE_INDEX = {_loose_key(t): t for t in TITLES}


def header_field(header: str) -> str | None:
    """The field a header names, or None.

    Lenient: outer spaces, case, spaces, punctuation ("ชื่อ - สกุล", "No.",
    "เบอร์โทร:") and anything in brackets ("เบอร์โทร (มือถือ)") are ignored.
    """
    if clean_text(header) == "#":
        return IGNORED
    key = _loose_key(header)
    if key in _HEADER_INDEX:
        return _HEADER_INDEX[key]
    # "กลุ่ม/หน่วยงาน", "เบอร์โทร/มือถือ": fine when the parts agree on one field
    parts = {_HEADER_INDEX.get(_loose_key(part)) for part in header.split("/")} - {None}
    return parts.pop() if len(parts) == 1 else None


def parse_role(text: str) -> str | None:
    """The role a roster cell names, or None when it names none or several.

    Exact alias first ("กรรมการ KBO"); otherwise the cell must contain the
    aliases of exactly one role ("ผู้ประกอบการ OTOP ดีเด่น" -> producer), so a
    cell like "เจ้าหน้าที่ KBO" is reported rather than guessed.
    """
    key = _loose_key(text)
    if not key:
        return None
    if key in _ROLE_INDEX:
        return _ROLE_INDEX[key]
    found = {role for alias, role in _ROLE_INDEX.items() if alias in key}
    return found.pop() if len(found) == 1 else None


def role_from_position(position: str) -> str | None:
    """The role a position's words name ("พัฒนาการจังหวัดมุกดาหาร" -> official), or None when
    they name none or several ("ประธานกลุ่ม ที่ปรึกษา KBO")."""
    key = _loose_key(position)
    if not key:
        return None
    found = {role for word, role in _POSITION_INDEX.items() if word in key}
    return found.pop() if len(found) == 1 else None


_STARS = re.compile("[★⭐✩✪✫✬✭✮✯✰🌟]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def parse_star_level(text: str) -> int | None:
    """OTOP star level 1-5 from "3", "3 ดาว", "๓", "★★★", "3.0"; None when empty.

    Raises ``CellError`` (a ``ValueError``) for anything else (0, 6, "3-4", "ดี").
    """
    text = _cell_text(text)
    if not text:
        return None
    stars = len(_STARS.findall(text))
    if stars:
        level = stars
    else:
        numbers = _NUMBER.findall(thai_digits_to_arabic(text))
        if len(numbers) != 1 or float(numbers[0]) != int(float(numbers[0])):
            raise CellError("roster.row.stars_not_number", text=text)
        level = int(float(numbers[0]))
    if not 1 <= level <= 5:
        raise CellError("roster.row.stars_range", text=text)
    return level


def _cell_text(value: object) -> str:
    """A cell as clean text: Excel numbers without ".0", placeholders as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = str(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    text = clean_text(text)
    return "" if text.casefold() in _PLACEHOLDERS else text


# --------------------------------------------------------------------------
# Reading files into tables
# --------------------------------------------------------------------------

Table = list[list[str]]
_NO_CELLS: list[str] = []  # shared by every blank row; never mutated


class _Bounds:
    """Counts what one table read has taken in, and refuses the first thing over a limit."""

    def __init__(self, path: Path, sheet: str = "") -> None:
        self.path = path
        self.where = f" (sheet {sheet!r})" if sheet else ""
        self.lines = 0
        self.rows = 0

    def row(self, raw: Sequence[object]) -> list[str]:
        """One row as text cells, trailing empties dropped; raises past a limit."""
        self.lines += 1
        if self.lines > MAX_LINES:
            raise RosterFileError(
                "roster.file.too_many_lines",
                file=f"{self.path.name}{self.where}",
                lines=f"{MAX_LINES:,}",
                rows=f"{MAX_ROWS:,}",
            )
        end = len(raw)
        while end and (raw[end - 1] is None or raw[end - 1] == ""):
            end -= 1
        if not end:
            return _NO_CELLS
        if end > MAX_COLUMNS:
            raise RosterFileError(
                "roster.file.too_many_columns",
                file=f"{self.path.name}{self.where}",
                row=self.lines,
                column=_column_letter(end - 1),
                columns=MAX_COLUMNS,
            )
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise RosterFileError(
                "roster.file.too_many_rows",
                file=f"{self.path.name}{self.where}",
                rows=f"{MAX_ROWS:,}",
            )
        cells = []
        for column, value in enumerate(raw[:end]):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise _cell_too_long(self.path, self.where, f"{_column_letter(column)}{self.lines}")
            cells.append(_cell_text(value))
        return cells


def _cell_too_long(path: Path, where: str, cell: str) -> RosterFileError:
    return RosterFileError(
        "roster.file.cell_too_long",
        file=f"{path.name}{where}",
        cell=cell,
        chars=f"{MAX_CELL_CHARS:,}",
    )


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel "Unicode Text"), else cp874."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874")
    except UnicodeDecodeError:
        raise RosterFileError("roster.file.encoding", file=path.name) from None


def _csv_tables(text: str, path: Path) -> Iterator[Table | RosterFileError]:
    """The file read with each delimiter: a table, or the limit that reading broke.

    A limit broken under one delimiter says nothing about the others (a semicolon file read
    with commas has one long cell per line), so the caller decides once all are read.
    """
    for delimiter in (",", ";", "\t"):
        bounds = _Bounds(path)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            yield [bounds.row(row) for row in reader]
        except RosterFileError as refused:
            yield refused
        except csv.Error:  # a field over the csv module's own limit (128 KiB)
            yield _cell_too_long(path, "", f"in row {bounds.lines + 1}")


class _RootReached(Exception):
    """The XML prolog is over: no DTD can follow."""


class _DoctypeFound(Exception):
    """The XML part declares a DTD or an entity."""


def _refuse_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Refuse an XML part with a DTD or an entity declaration (billion laughs, external
    entities), before openpyxl parses it. Only the prolog is read: a DTD must come before the
    root element, and expat decodes it exactly as the real parser will."""
    parser = xml.parsers.expat.ParserCreate()

    def doctype(*_args: object) -> None:
        raise _DoctypeFound

    def root(*_args: object) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        with archive.open(info) as part:
            while chunk := part.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _RootReached:
        return
    except _DoctypeFound:
        raise RosterFileError("roster.file.xml_dtd", file=path.name, part=info.filename) from None
    except (xml.parsers.expat.ExpatError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _damaged_xlsx(path, error) from None


def _damaged_xlsx(path: Path, error: object) -> RosterFileError:
    return RosterFileError("roster.file.damaged_xlsx", file=path.name, detail=error)


def _check_xlsx_package(data: bytes, path: Path) -> None:
    """Refuse a workbook that unpacks to too much, or holds XML with a DTD, before openpyxl."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise _damaged_xlsx(path, error) from None
    if len(parts) > MAX_XLSX_PARTS:
        raise RosterFileError("roster.file.too_many_parts", file=path.name, parts=f"{len(parts):,}")
    unpacked = sum(part.file_size for part in parts)
    for part in parts:
        limit = MAX_SHARED_STRINGS if part.filename.endswith("sharedStrings.xml") else MAX_XLSX_PART
        if part.file_size > limit or unpacked > MAX_XLSX_UNPACKED:
            size = part.file_size if part.file_size > limit else unpacked
            raise RosterFileError(
                "roster.file.strings_too_big"
                if limit == MAX_SHARED_STRINGS
                else "roster.file.part_too_big",
                file=path.name,
                part=part.filename,
                size=f"{size / _MB:,.0f}",
                limit=min(limit, MAX_XLSX_UNPACKED) // _MB,
            )
    for part in parts:
        if part.filename.endswith((".xml", ".rels", ".vml")):
            _refuse_dtd(archive, part, path)
        if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
            _count_rows(archive, part, path)


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,10}:)?row[\s>/]")
_ROW_NUMBER = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,10}:)?row\s[^>]{0,64}?\br=[\"'](\d{1,12})[\"']")
_ROW_TAG_LONGEST = 128  # a tag whose start is this close to a chunk's end is read with the next


def _count_rows(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Refuse a sheet with more rows than `MAX_LINES` (as row elements, or by jumping to a row
    number past it) in a fraction of a second, instead of letting openpyxl parse or pad them
    all first (about 20 s per million rows)."""
    rows = highest = 0
    tail = b""
    try:
        with archive.open(info) as part:
            while rows <= MAX_LINES and highest <= MAX_LINES:
                chunk = part.read(1 << 20)
                window = tail + chunk
                cut = max(0, len(window) - _ROW_TAG_LONGEST) if chunk else len(window)
                rows += sum(1 for m in _ROW_TAG.finditer(window) if m.start() < cut)
                for m in _ROW_NUMBER.finditer(window):
                    if m.start() < cut:
                        highest = max(highest, int(m[1]))
                tail = window[cut:]
                if not chunk:
                    break
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise _damaged_xlsx(path, error) from None
    if rows > MAX_LINES or highest > MAX_LINES:
        raise RosterFileError(
            "roster.file.sheet_too_long",
            file=path.name,
            sheet=info.filename,
            lines=f"{MAX_LINES:,}",
            rows=f"{MAX_ROWS:,}",
        )


def _xlsx_tables(data: bytes, path: Path) -> Iterator[tuple[str, Table]]:
    """Every sheet as text rows, one sheet at a time; row ``i`` is Excel row ``i + 1``.

    Reads from memory so a workbook saved under a .csv or .txt name still opens
    (openpyxl refuses such names when given a path). Streaming (``read_only``), and
    only the first ``MAX_COLUMNS + 1`` columns are ever built: a stray cell in
    column XFD would otherwise make every row 16,384 cells wide.
    """
    _check_xlsx_package(data, path)
    import openpyxl  # heavy; only needed for XLSX
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        EOFError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        SyntaxError,  # xml.etree's ParseError
    )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except unreadable as error:
        raise _damaged_xlsx(path, error) from None
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # some exporters write a wrong size; read everything
            bounds = _Bounds(path, sheet.title)
            rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1, values_only=True)
            try:
                table = [bounds.row(row) for row in rows]
            except unreadable as error:
                raise _damaged_xlsx(path, error) from None
            yield sheet.title, table
    finally:
        book.close()


def _file_kind(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "ods" if b"opendocument" in data[:200] else "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        return "html"
    return "csv"


# --------------------------------------------------------------------------
# Header detection
# --------------------------------------------------------------------------


@dataclass
class _Header:
    """Where the header is and what each column holds."""

    row_index: int  # 0-based index of the header row in the table
    columns: dict[int, str]  # column index -> field
    labels: dict[int, str]  # column index -> header text as the user sees it
    unknown: list[str]
    first_data: int = 0  # 0-based index of the first data row

    @property
    def score(self) -> int:
        return len(self.columns)

    @property
    def column_map(self) -> dict[str, str]:
        return {self.labels[i]: target for i, target in sorted(self.columns.items())}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _read_header(table: Table, row_index: int) -> _Header | None:
    """Interpret one row as a header, or None if it has < 2 known fields or no name."""
    row = table[row_index]
    fields = {i: header_field(cell) for i, cell in enumerate(row) if cell}
    known = {f for f in fields.values() if f}
    if len(known) < 2 or not _NAME_FIELDS & known:
        return None
    header = _Header(row_index, columns={}, labels={}, unknown=[])
    used: set[str] = set()
    for i, cell in enumerate(row):
        label = cell or t("roster.column", letter=_column_letter(i))
        if label in header.labels.values():
            label = f"{label} {t('roster.column', letter=_column_letter(i))}"
        target = fields.get(i)
        if target and (target not in used or target == IGNORED):
            used.add(target)
            header.columns[i] = target
            header.labels[i] = label
        elif not cell and _merged_name_tail(header.columns, i):
            # "ชื่อ - สกุล" merged over this column too: title | first | last
            header.columns[i] = "full_name"
            header.labels[i] = label
        elif cell:
            header.unknown.append(label)
    return header


def _merged_name_tail(columns: dict[int, str], i: int) -> bool:
    """Column ``i`` has no header and follows a full-name column (at most two such)."""
    return columns.get(i - 1) == "full_name" and columns.get(i - 3) != "full_name"


def _find_header(table: Table) -> _Header | None:
    for row_index in range(min(len(table), _HEADER_SCAN_ROWS)):
        header = _read_header(table, row_index)
        if header:
            header.first_data = row_index + 1
            _apply_subheader(table, header)
            return header
    return None


def _apply_subheader(table: Table, header: _Header) -> None:
    """Use a second header row, as in ``ชื่อ - สกุล`` merged over ``ชื่อ | สกุล``.

    The row below the header is a sub-header when every filled cell in it is
    a known header; its fields replace those of the row above.
    """
    if header.first_data >= len(table):
        return
    row = table[header.first_data]
    filled = {i: cell for i, cell in enumerate(row) if cell}
    fields = {i: header_field(cell) for i, cell in filled.items()}
    if len(filled) < 2 or not all(fields.values()):
        return
    for i, target in fields.items():
        if not target:
            continue
        above = header.labels.get(i, "")
        unnamed = above == t("roster.column", letter=_column_letter(i))
        header.columns[i] = target
        header.labels[i] = filled[i] if unnamed else f"{above} / {filled[i]}"
    header.first_data += 1


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------

_TOTALS = re.compile(
    r"(?:ยอด)?รวม(?:ทั้งสิ้น|ทั้งหมด)?(?:\s*:?\s*\S*?\s*\d+\s*(?:คน|ราย|ท่าน)?)?"
    r"|(?:grand\s+)?totals?\b.*|sum\b.*",
    re.IGNORECASE,
)
_DISTRICT_PREFIX = re.compile(r"^(?:อำเภอ|อ\.)\s*")
_PHONE_SEPARATORS = re.compile(r"\s*(?:[,;/|\n]|หรือ|or)\s*", re.IGNORECASE)


def _row_values(row: Sequence[str], columns: dict[int, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for i, target in columns.items():
        cell = row[i] if i < len(row) else ""
        if not cell:
            continue
        values[target] = f"{values[target]} {cell}" if target in values else cell
    return values


def _has_content(values: dict[str, str]) -> bool:
    return any(k != IGNORED for k in values)


def _is_totals(values: dict[str, str]) -> bool:
    if "phone" in values:
        return False
    return any(
        _TOTALS.fullmatch(thai_digits_to_arabic(v)) for k, v in values.items() if k != IGNORED
    )


def _canonical_title(text: str) -> str:
    """The ``TITLES`` spelling of a title-column value ("น.ส" -> "น.ส."), else as written."""
    exact = text.replace(" ", "").casefold()
    for title in TITLES:
        if title.replace(" ", "").casefold() == exact:
            return title
    return _TITLE_INDEX.get(_loose_key(text), text)


def _name(values: dict[str, str]) -> tuple[str, str, str]:
    title = _canonical_title(values.get("title", ""))
    first = values.get("first_name", "")
    last = values.get("last_name", "")
    if first:
        found, first = split_title(first)
        title = title or found
        if not last and " " in first:
            first, last = first.split(" ", 1)
    elif "full_name" in values:
        found, first, full_last = split_full_name(values["full_name"])
        title = title or found
        last = last or full_last
    return title, first, last


def _phones(text: str) -> tuple[str, list[str]]:
    """First number and any others; ValueError names the bad part."""
    parts = [p for p in _PHONE_SEPARATORS.split(thai_digits_to_arabic(text)) if p]
    numbers = [normalize_phone(p) for p in parts]
    return (numbers[0], numbers[1:]) if numbers else ("", [])


def _draft_row(
    values: dict[str, str], default_role: str | None
) -> tuple[ParticipantDraft, list[tuple[str, dict[str, object]]]]:
    """The draft of one row, and its problems as (catalogue key, values)."""
    reasons: list[tuple[str, dict[str, object]]] = []
    title, first, last = _name(values)
    if not first:
        reasons.append(("roster.row.no_name", {}))

    product = values.get("product", "")
    position = values.get("position", "")
    role_text = values.get("role", "")
    role = parse_role(role_text) if role_text else default_role
    if role_text and role is None:
        reasons.append(("roster.row.unknown_role", {"role": role_text}))
    elif role is None and (from_position := role_from_position(position)):
        role = from_position
    elif role is None and product:
        role = "producer"
    elif role is None:
        reasons.append((NO_ROLE, {}))

    star_level = None
    try:
        star_level = parse_star_level(values.get("star_level", ""))
    except CellError as error:
        reasons.append((error.key, dict(error.params)))

    phone, other_phones = "", []
    try:
        phone, other_phones = _phones(values.get("phone", ""))
    except UserError as error:
        reasons.append(("roster.row.bad_phone", {"error": error}))

    note = values.get("note", "")
    if other_phones:
        extra = "เบอร์อื่น " + ", ".join(other_phones)
        note = f"{note}; {extra}" if note else extra

    draft = ParticipantDraft(
        title=title,
        first_name=first,
        last_name=last,
        nickname=values.get("nickname", ""),
        role=role or "guest",
        position=position,
        organisation=values.get("organisation", ""),
        product=product,
        product_category=values.get("product_category", ""),
        star_level=star_level,
        district=_DISTRICT_PREFIX.sub("", values.get("district", "")),
        phone=phone,
        note=note,
    )
    return draft, reasons


def _parse_table(
    table: Table, header: _Header, default_role: str | None, sheet_name: str
) -> RosterParse:
    result = RosterParse(
        drafts=[],
        problems=[],
        skipped_rows=[],
        column_map=header.column_map,
        unknown_columns=header.unknown,
        header_row=header.row_index + 1,
        sheet_name=sheet_name,
    )
    rows = [
        (i + 1, _row_values(table[i], header.columns)) for i in range(header.first_data, len(table))
    ]
    # Blank rows after the last content (Excel noise, pre-numbered template
    # rows) are not worth mentioning; blank rows in between are.
    while rows and not _has_content(rows[-1][1]):
        rows.pop()
    for row_number, values in rows:
        if not _has_content(values) or _is_totals(values):
            result.skipped_rows.append(row_number)
            continue
        draft, reasons = _draft_row(values, default_role)
        if reasons:
            result.problems.extend(RowProblem(row_number, key, params) for key, params in reasons)
        else:
            result.drafts.append((row_number, draft))
    return result


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def parse_roster(path: Path, *, default_role: str | None = None) -> RosterParse:
    """Read a roster file (CSV or XLSX, by content, not by name) into drafts.

    ``default_role`` is used for rows whose role cell is empty (or when the file
    has no role column), e.g. when the user says "these are all officials".
    Raises :class:`RosterFileError` when the file as a whole cannot be used.
    """
    if default_role is not None and default_role not in ROLES:
        raise ValueError(t("roster.error.default_role", roles=", ".join(ROLES), role=default_role))
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise RosterFileError(
            "roster.file.cannot_open", file=path.name, reason=os_reason(error.strerror)
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise RosterFileError("roster.file.too_big", file=path.name, size=MAX_FILE_BYTES // _MB)
    if not data.strip():
        raise RosterFileError("roster.file.empty", file=path.name)

    kind = _file_kind(data)
    if kind == "xls":
        raise RosterFileError("roster.file.xls", file=path.name)
    if kind == "ods":
        raise RosterFileError("roster.file.ods", file=path.name)
    if kind == "html":
        raise RosterFileError("roster.file.html", file=path.name)

    candidates: Iterable[tuple[str, Table]]
    refused: list[RosterFileError] = []
    if kind == "xlsx":
        candidates = _xlsx_tables(data, path)  # lazily: the first sheet with a header wins
    else:
        candidates = []
        for table in _csv_tables(_decode(data, path), path):
            if isinstance(table, RosterFileError):
                refused.append(table)
            else:
                candidates.append(("", table))

    best: tuple[_Header, str, Table] | None = None
    for sheet_name, table in candidates:
        header = _find_header(table)
        if header is None:
            continue
        if kind == "xlsx":  # the first sheet with a header wins
            best = (header, sheet_name, table)
            break
        if best is None or header.score > best[0].score:  # the delimiter that explains most
            best = (header, sheet_name, table)
    if best is None and refused:
        raise refused[0]
    if best is None:
        raise RosterFileError("roster.file.no_header", file=path.name, rows=_HEADER_SCAN_ROWS)
    header, sheet_name, table = best
    return _parse_table(table, header, default_role, sheet_name)
