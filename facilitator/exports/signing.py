"""The signing block every filed form ends with, drawn the same way on each of them.

A Thai government form is signed over a dotted line, the signer's name in brackets under it
(written in by hand when the form does not print it), the position, and the date. The sign-in
sheet's certifier, the payer of the payment evidence and the producer and mentor at the foot
of a development plan all sign on this block.
"""

from __future__ import annotations

from facilitator.event_settings import Signer
from facilitator.exports.options import ExportOptions
from facilitator.exports.pdf_text import CellWriter

DOTS = "." * 48
LINE_EM = 0.55  # mm of line pitch per pt of type


def signer_lines(
    opts: ExportOptions, role: str, signer: Signer | None, dated: bool = True
) -> list[str]:
    """ "ลงชื่อ ……… ผู้จ่ายเงิน", "( name )", "ตำแหน่ง …", "วันที่ ……/……/……"."""
    name = f"( {signer.name} )" if signer and signer.name else f"( {DOTS} )"
    position = signer.position if signer and signer.position else DOTS
    lines = [
        opts.text("paperwork.sign.line", dots=DOTS, role=role),
        name,
        opts.text("paperwork.sign.position", position=position),
    ]
    if dated:
        lines.append(opts.text("paperwork.sign.date"))
    return lines


def signer_block(
    cells: CellWriter,
    opts: ExportOptions,
    x: float,
    y: float,
    w: float,
    role: str,
    signer: Signer | None,
    size: float = 11,
    dated: bool = True,
) -> float:
    """Draw the block centred in the column (x, w) from `y`; returns its height in mm."""
    step = size * LINE_EM
    lines = signer_lines(opts, role, signer, dated)
    for n, text in enumerate(lines):
        cells.cell(x, y + n * step, w, step, text, size, size * 0.75, "", "C", border=False)
    return step * len(lines)
