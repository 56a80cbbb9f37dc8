"""Report blocks as a Word document the office edits before filing (python-docx).

Why real styles rather than formatted runs: the office rewrites parts of the report, adds its
own sections and regenerates the table of contents; that only works when the headings are
Word's Heading 1–3, the body is Normal and the tables are tables. Every style names the Thai
government's font, TH Sarabun New, for Latin *and* complex script (`w:cs`): Word takes the
font for Thai text from the complex-script slot, so a style that set only the Latin name would
show the Thai in Tahoma or Angsana. The page is A4 with the margins Thai official documents use.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle

from facilitator.exports.blocks import (
    Block,
    Fields,
    Gallery,
    Heading,
    PageBreak,
    Paragraph,
    Picture,
    Signatures,
    Table,
)
from facilitator.exports.options import ExportOptions
from facilitator.exports.signing import signer_lines

THAI_FONT = "TH Sarabun New"
BODY_PT = 16  # TH Sarabun New reads small: 16 pt is the official body size
HEADING_PT = {1: 22, 2: 18, 3: 16}
NAVY = RGBColor(0x1F, 0x38, 0x64)


def set_thai_font(style: BaseStyle, size: float, bold: bool | None = None) -> None:
    """The style's font for every script, and its size for complex script too (w:szCs)."""
    font = style.font  # type: ignore[attr-defined]
    font.name = THAI_FONT
    font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), THAI_FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        rpr.append(size_cs)
    size_cs.set(qn("w:val"), str(int(size * 2)))
    if bold and rpr.find(qn("w:bCs")) is None:
        rpr.append(OxmlElement("w:bCs"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def _styles(doc: DocumentType) -> None:
    set_thai_font(doc.styles["Normal"], BODY_PT)
    doc.styles["Normal"].paragraph_format.space_after = Pt(2)  # type: ignore[union-attr]
    for level, size in HEADING_PT.items():
        style = doc.styles[f"Heading {level}"]
        set_thai_font(style, size, bold=True)
        style.font.color.rgb = NAVY  # type: ignore[union-attr]
    for name in ("Title", "Caption", "Table Grid"):
        if name in [s.name for s in doc.styles]:
            set_thai_font(doc.styles[name], BODY_PT if name != "Caption" else 14)


def _page(doc: DocumentType) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    """Word repeats this row at the top of each page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _text_lines(paragraph, text: str) -> None:  # type: ignore[no-untyped-def]
    """Text with its line breaks as Word line breaks inside one paragraph."""
    for n, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if n:
            run.add_break()
        run.add_text(line)


def _table(doc: DocumentType, b: Table, width_mm: float) -> None:
    table = doc.add_table(rows=1, cols=len(b.headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(b.widths) or 1
    widths = [Mm(width_mm * w / total) for w in b.widths]
    head = table.rows[0]
    _repeat_header(head)
    for cell, title, width in zip(head.cells, b.headers, widths, strict=False):
        cell.width = width
        cell.paragraphs[0].add_run(title).bold = True
    for values in b.rows:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths, strict=False):
            cell.width = width
            _text_lines(cell.paragraphs[0], value)
    doc.add_paragraph()


def _picture(doc: DocumentType, b: Picture) -> None:
    doc.add_picture(io.BytesIO(b.data), width=Mm(b.width))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if b.caption:
        doc.add_paragraph(b.caption, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER


def _gallery(doc: DocumentType, b: Gallery, width_mm: float) -> None:
    cols = max(1, b.columns)
    cell_w = width_mm / cols
    table = doc.add_table(rows=0, cols=cols)
    for start in range(0, len(b.photos), cols):
        cells = table.add_row().cells
        for cell, photo in zip(cells, b.photos[start : start + cols], strict=False):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run().add_picture(
                io.BytesIO(photo.data), width=Mm(min(photo.width, cell_w - 4))
            )
            if photo.caption:
                caption = cell.add_paragraph(photo.caption, style="Caption")
                caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _signatures(doc: DocumentType, b: Signatures, opts: ExportOptions) -> None:
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=max(1, len(b.signers)))
    for cell, (signer, role) in zip(table.rows[0].cells, b.signers, strict=False):
        lines = signer_lines(opts, role, signer)
        cell.paragraphs[0].text = lines[0]
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for line in lines[1:]:
            cell.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER


def blocks_docx(blocks: list[Block], opts: ExportOptions, title: str = "") -> bytes:
    """The blocks as .docx bytes, in Word's own styles."""
    doc = Document()
    _styles(doc)
    _page(doc)
    width_mm = 160.0
    for b in blocks:
        if isinstance(b, Heading):
            heading = doc.add_heading(b.text, level=min(b.level, 3))
            if b.level == 1:
                heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(b, Fields):
            for label, value in b.items:
                if value:
                    paragraph = doc.add_paragraph()
                    paragraph.add_run(f"{label}: ").bold = True
                    paragraph.add_run(value)
        elif isinstance(b, Paragraph):
            if b.label:
                doc.add_paragraph().add_run(b.label).bold = True
            for line in b.text.splitlines() or [""]:
                doc.add_paragraph(line)
        elif isinstance(b, Table):
            _table(doc, b, width_mm)
        elif isinstance(b, Picture):
            _picture(doc, b)
        elif isinstance(b, Gallery):
            _gallery(doc, b, width_mm)
        elif isinstance(b, Signatures):
            _signatures(doc, b, opts)
        elif isinstance(b, PageBreak):
            doc.add_page_break()
    doc.core_properties.title = title
    doc.core_properties.author = "facilitator"
    doc.core_properties.language = "th-TH" if opts.lang == "th" else "en-GB"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
