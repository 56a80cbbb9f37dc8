"""The payment evidence as a workbook the finance officer can adjust and print.

The amounts are numbers and every total is a live formula (each row's รวมเงิน is the SUM of
its kinds, each column's total the SUM of its rows, the total in words BAHTTEXT of the grand
total), so changing a rate by hand for one person changes the totals and the words with it.
The sheet prints on A4 landscape, one page wide, with the column headings repeated; the people
left out sit on a sheet of their own, with why.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from facilitator.exports.formulas import keep_text
from facilitator.exports.options import ExportOptions
from facilitator.exports.payments import ZERO, PaymentTable
from facilitator.exports.payments_pdf import position_of, rule_text
from facilitator.exports.print_setup import a4_print

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
FILL = PatternFill("solid", fgColor="DDE7F0")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
MONEY = "#,##0.00"
HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1


def _put(ws: Worksheet, row: int, col: int, value: object, **style: object) -> None:
    """A cell from user data or our own text: formula-like text stays text (formulas.py)."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    keep_text(cell)
    for name, v in style.items():
        setattr(cell, name, v)


def _evidence_sheet(ws: Worksheet, table: PaymentTable, opts: ExportOptions) -> None:
    event, settings = table.event, table.settings
    kinds = table.kinds
    titles = [
        opts.text("paperwork.pay.col.no"),
        opts.text("paperwork.pay.col.name"),
        opts.text("paperwork.pay.col.position"),
        opts.text("paperwork.pay.col.days"),
        *(opts.text(f"paperwork.kind.{k}") for k in kinds),
        opts.text("paperwork.pay.col.total"),
        opts.text("paperwork.pay.col.signature"),
        opts.text("paperwork.pay.col.paid_on"),
        opts.text("paperwork.pay.col.remark"),
    ]
    last_col = len(titles)
    heading = [
        (opts.text("paperwork.pay.title"), TITLE),
        (opts.text("paperwork.pay.office", office=settings.office or "-"), BOLD),
        (opts.text("paperwork.pay.project", project=event.name), BOLD),
        (
            opts.text(
                "paperwork.pay.when_where",
                dates=opts.date_range(event.days),
                venue=event.venue or "-",
            ),
            Font(),
        ),
    ]
    for r, (text, font) in enumerate(heading, start=1):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
        _put(ws, r, 1, text, font=font, alignment=Alignment(horizontal="center"))
    for col, title in enumerate(titles, start=1):
        _put(ws, HEADER_ROW, col, title, font=BOLD, fill=FILL, alignment=CENTRE, border=BOX)
    first_kind = 5
    kind_cols = [get_column_letter(first_kind + n) for n in range(len(kinds))]
    total_col = first_kind + len(kinds)
    r = FIRST_ROW
    for row in table.rows:
        values: list[object] = [
            row.number,
            row.participant.display_name,
            position_of(row, opts),
            row.counted_days,
            *(float(row.amounts.get(k, ZERO)) for k in kinds),
            f"=SUM({kind_cols[0]}{r}:{kind_cols[-1]}{r})",
            "",
            "",
            "",
        ]
        for col, value in enumerate(values, start=1):
            if col == total_col:  # the one formula of the row, written as a formula on purpose
                ws.cell(row=r, column=col, value=value)
            else:
                _put(ws, r, col, value)
            cell = ws.cell(row=r, column=col)
            cell.border = BOX
            if first_kind <= col <= total_col:
                cell.number_format = MONEY
        r += 1
    last_data = r - 1
    total_row = r
    _put(ws, total_row, 2, opts.text("paperwork.pay.grand_total"), font=BOLD)
    for n in range(len(kinds) + 1):
        letter = get_column_letter(first_kind + n)
        formula = f"=SUM({letter}{FIRST_ROW}:{letter}{last_data})" if table.rows else 0
        cell = ws.cell(row=total_row, column=first_kind + n, value=formula)
        cell.number_format, cell.font, cell.border, cell.fill = MONEY, BOLD, BOX, FILL
    total_ref = f"{get_column_letter(total_col)}{total_row}"
    words_row = total_row + 1
    _put(ws, words_row, 2, opts.text("paperwork.pay.in_words_label"), font=BOLD)
    ws.merge_cells(start_row=words_row, start_column=3, end_row=words_row, end_column=last_col)
    # `_xlfn.BAHTTEXT` is how Excel stores BAHTTEXT in a workbook; LibreOffice (7.4) reads
    # only that spelling and shows #NAME? for a bare BAHTTEXT.
    ws.cell(row=words_row, column=3, value=f"=_xlfn.BAHTTEXT({total_ref})").font = BOLD
    payer = settings.payer
    block = [
        opts.text("paperwork.sign.line", dots="." * 40, role=opts.text("paperwork.pay.payer")),
        f"( {payer.name} )" if payer else f"( {'.' * 40} )",
        opts.text(
            "paperwork.sign.position",
            position=payer.position if payer and payer.position else "." * 40,
        ),
        opts.text("paperwork.sign.date"),
    ]
    for n, text in enumerate(block):
        row_no = words_row + 2 + n
        ws.merge_cells(
            start_row=row_no, start_column=total_col - 1, end_row=row_no, end_column=last_col
        )
        _put(ws, row_no, total_col - 1, text, alignment=Alignment(horizontal="center"))
    for col, width in enumerate([6, 30, 22, 9, *([12] * len(kinds)), 13, 22, 13, 14], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    a4_print(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def _unpaid_sheet(ws: Worksheet, table: PaymentTable, opts: ExportOptions) -> None:
    _put(ws, 1, 1, opts.text("paperwork.unpaid.title"), font=TITLE)
    _put(ws, 2, 1, rule_text(table, opts))
    titles = [opts.text(f"paperwork.pay.col.{k}") for k in ("no", "name", "position", "reason")]
    for col, title in enumerate(titles, start=1):
        _put(ws, 4, col, title, font=BOLD, fill=FILL, alignment=CENTRE, border=BOX)
    min_days = table.settings.pay_rule.min_days
    for n, person in enumerate(table.unpaid, start=1):
        p = person.participant
        name = p.display_name if p else opts.text("export.unknown_person", id=person.participant_id)
        position = (p.position or opts.role(p.role)) if p else opts.role("")
        for col, value in enumerate(
            [n, name, position, person.reason_text(opts, min_days)], start=1
        ):
            _put(ws, 4 + n, col, value, border=BOX)
    for col, width in enumerate([6, 32, 24, 60], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    a4_print(ws, landscape=False, title_rows="4:4")


def payments_xlsx(table: PaymentTable, opts: ExportOptions) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = opts.text("paperwork.pay.sheet")
    _evidence_sheet(ws, table, opts)
    _unpaid_sheet(wb.create_sheet(opts.text("paperwork.unpaid.sheet")), table, opts)
    wb.properties.title = opts.text("paperwork.pay.title")
    wb.properties.creator = "facilitator"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
