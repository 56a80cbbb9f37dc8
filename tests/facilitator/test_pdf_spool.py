"""A long PDF streamed page by page is the same file fpdf2 would have written, held in less.

The badge sheet of a 20,000-person fair is 2,500 pages; fpdf2 would keep every page's operators
in memory to the end. A `SpooledPDF` moves each finished page to a scratch file and streams
the document out, and these tests hold it to two promises: the bytes are fpdf2's, to the
/ID, and only the page being drawn stays in memory, however many pages there are.
"""

from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from fpdf import FPDF

from facilitator.pdf_spool import SpooledPDF
from facilitator.thai.shaping import FONT_FAMILY, thai_pdf

WHEN = datetime(2021, 6, 7, 9, 30, tzinfo=UTC)


def fill(pdf: FPDF, pages: int, watch: list[int] | None = None) -> None:
    pdf.set_creation_date(WHEN)
    pdf.set_auto_page_break(False)
    for n in range(pages):
        pdf.add_page()
        if watch is not None and isinstance(pdf, SpooledPDF):
            watch.append(pdf.pages_in_memory)
        pdf.set_font(FONT_FAMILY, "B" if n % 2 else "", 14)
        pdf.set_xy(20, 20)
        pdf.cell(text=f"หน้า {n + 1} นายชูศักดิ์ ยิ่งรุ่งโรจน์")
        pdf.rect(20, 40, 50 + n % 7, 30, style="F")


def test_the_streamed_file_is_fpdf2s_byte_for_byte(tmp_path: Path) -> None:
    plain = thai_pdf("P")
    fill(plain, 30)
    spooled = thai_pdf("P", SpooledPDF)
    fill(spooled, 30)
    out = tmp_path / "spooled.pdf"
    spooled.write(out)
    assert out.read_bytes() == bytes(plain.output())


def test_only_the_page_being_drawn_stays_in_memory(tmp_path: Path) -> None:
    watch: list[int] = []
    pdf = thai_pdf("P", SpooledPDF)
    fill(pdf, 120, watch)
    assert max(watch) == 1, "every finished page leaves memory when the next one starts"
    out = tmp_path / "long.pdf"
    pdf.write(out)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 120
    for n in (0, 1, 59, 118, 119):  # the first, both sides of the middle, the last two
        assert f"หน้า {n + 1} " in reader.pages[n].extract_text()


def test_the_scratch_file_is_gone_once_written(tmp_path: Path) -> None:
    pdf = thai_pdf("P", SpooledPDF)
    fill(pdf, 3)
    pdf.write(tmp_path / "short.pdf")
    assert pdf._spool._file.closed


def test_fpdf2s_own_output_is_refused_rather_than_writing_blank_pages() -> None:
    pdf = thai_pdf("P", SpooledPDF)
    fill(pdf, 3)
    with pytest.raises(RuntimeError, match="write"):
        pdf.output()
