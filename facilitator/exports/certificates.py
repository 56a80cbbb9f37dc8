"""Certificates (เกียรติบัตร) for everyone who met the attendance rule: one A4 landscape page
each, as one PDF to print and one PNG per person to send by LINE.

Each page: the organising office (under its logo when one is set),
"ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า", the name with its title, the role in the project, the
project with its dates and venue, "ให้ไว้ ณ วันที่ …" in the Buddhist Era, up to three signers
(a picture of the signature when given), a running number, and a small QR whose signed code
`facilitator verify` (or the door's scanner) recognises as a genuine certificate of this event.

Why one layout drawn twice: the PDF (fpdf2) and the PNG (Pillow) must say the same thing in the
same places, so the page is decided once as a list of placed items (`certificate_items`), with
every text already broken into lines between words and fitted by its shaped width, and each
writer only draws the items.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

from facilitator.codes.qr_image import qr_matrix
from facilitator.errors import UserError
from facilitator.event_settings import AttendanceRule, PaperworkSettings, Signer
from facilitator.exports.attendance import build_attendance
from facilitator.exports.options import ExportOptions
from facilitator.exports.pdf_text import ELLIPSIS, fit_text, text_width
from facilitator.exports.sources import ExportSources
from facilitator.models import Event, Participant
from facilitator.thai.dates import thai_year
from facilitator.thai.linebreak import fit_lines, size_steps, split_lines

Progress = Callable[[int, int], None]

PAGE_W, PAGE_H = 297.0, 210.0
TEXT_W = 235.0
BODY_W = 205.0  # the dates and venue: a narrower measure reads better
SIGNERS_TOP = 148.0
LEFT = (PAGE_W - TEXT_W) / 2
NAVY = (31, 56, 100)
GOLD = (176, 141, 60)
INK = (20, 20, 20)
QR_SIZE = 24.0
PNG_DPI = 150
PT_MM = 25.4 / 72


@dataclass(frozen=True)
class Certificate:
    """One certificate: its running number, its holder, the signed code in its QR."""

    number: int
    participant: Participant
    code: str
    attended: int
    sessions: int


@dataclass(frozen=True)
class CertificateRun:
    """Everyone who met the rule (in roster order), and the settings the pages are made from."""

    event: Event
    settings: PaperworkSettings
    rule: AttendanceRule
    certificates: tuple[Certificate, ...]
    given_on: date

    def number_text(self, cert: Certificate, opts: ExportOptions) -> str:
        """ "001/2564": the running number and the year it was given."""
        return f"{cert.number:03d}/{thai_year(self.given_on, opts.buddhist_era)}"


def build_certificates(sources: ExportSources, rule: AttendanceRule) -> CertificateRun:
    """Who gets a certificate: the known people whose sessions attended meet `rule`.

    The number is the person's place among everyone ever on the roster (`places_ever`: the
    removed keep theirs), so a certificate reprinted later (after a late sync, or after someone
    was taken off the roster) keeps its number, and the code in its QR stays the same. Numbers
    are not stored: each is signed into its certificate's QR, so numbering only those who
    qualify (1, 2, 3 …) would give a printed certificate a new number and a new code whenever
    someone ahead of it qualified later; the gaps are the price of that stability. Someone
    removed from the roster gets none. (A walk-in added at another desk before one added here,
    and synced afterwards, still takes a place ahead of it: walk-ins are placed as they came.)
    """
    event = sources.events.current
    settings = sources.events.settings.current
    table = build_attendance(sources)
    total = len(table.sessions)
    places = sources.roster.places_ever()
    certs = []
    for row in table.rows:
        person = row.participant
        attended = row.attended_count([s.id for s in table.sessions]) if row.cells else 0
        if person is None or not row.on_roster or not rule.met(attended, total):
            continue  # someone removed from the roster gets no certificate, whatever they attended
        number = places[person.id]
        code = event.certificate_code_for(person.id, number)
        certs.append(Certificate(number, person, code, attended, total))
    if not certs:
        raise UserError("paperwork.error.no_certificates", rule=rule.label(), sessions=total)
    given_on = settings.certificate_date or (max(event.days) if event.days else date.today())
    return CertificateRun(event, settings, rule, tuple(certs), given_on)


# -- the page as placed items ---------------------------------------------------------------


@dataclass(frozen=True)
class TextItem:
    """One line of text in the box (x, y, w, h) mm, at `size` pt, vertically centred."""

    x: float
    y: float
    w: float
    h: float
    text: str
    size: float
    bold: bool = False
    align: str = "C"
    colour: tuple[int, int, int] = INK


@dataclass(frozen=True)
class PictureItem:
    x: float
    y: float
    w: float
    h: float
    path: Path


@dataclass(frozen=True)
class QrItem:
    x: float
    y: float
    size: float
    code: str


@dataclass(frozen=True)
class FrameItem:
    x: float
    y: float
    w: float
    h: float
    line: float
    colour: tuple[int, int, int]


Item = TextItem | PictureItem | QrItem | FrameItem


def _width(bold: bool) -> Callable[[str, float], float]:
    style = "B" if bold else ""
    return lambda text, size: text_width(None, text, size, style)


def _lines(
    text: str,
    y: float,
    size: float,
    min_size: float,
    max_lines: int,
    bold: bool = False,
    colour: tuple[int, int, int] = INK,
    w: float = TEXT_W,
    x: float = LEFT,
) -> tuple[list[TextItem], float]:
    """The text broken between words into at most `max_lines` centred lines (shrunk first);
    returns the items and the y under them."""
    if not text:
        return [], y
    lines, pt = fit_lines(
        text, _width(bold), w - 2, size_steps(size, min_size), max_lines, ELLIPSIS
    )
    if len(lines) == 2 and not lines[-1].endswith(ELLIPSIS):
        # Two lines of one measure read better than a long one and an orphan word.
        even = split_lines(text, lambda t: _width(bold)(t, pt), 2)
        if len(even) == 2 and all(_width(bold)(line, pt) <= w - 2 for line in even):
            lines = even
    pitch = pt * PT_MM * 1.6
    items = [
        TextItem(x, y + n * pitch, w, pitch, line, pt, bold, "C", colour)
        for n, line in enumerate(lines)
    ]
    return items, y + pitch * len(lines)


def _picture_box(path: Path, x: float, y: float, w: float, h: float) -> PictureItem:
    """The picture fitted inside (w, h), centred in the box, keeping its proportions."""
    try:
        with Image.open(path) as img:
            pw, ph = img.size
    except (OSError, ValueError):
        raise UserError("paperwork.error.image", path=str(path)) from None
    scale = min(w / pw, h / ph)
    fw, fh = pw * scale, ph * scale
    return PictureItem(x + (w - fw) / 2, y + (h - fh) / 2, fw, fh, path)


def _image_path(text: str) -> Path | None:
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_file():
        raise UserError("paperwork.error.image", path=text)
    return path


def _signers(settings: PaperworkSettings, opts: ExportOptions, top: float) -> list[Item]:
    signers: list[Signer] = list(settings.signers) or [Signer("", "")]
    col_w = TEXT_W / len(signers)
    items: list[Item] = []
    for n, signer in enumerate(signers):
        x = LEFT + n * col_w
        picture = _image_path(signer.signature)
        if picture is not None:
            items.append(_picture_box(picture, x + 10, top, col_w - 20, 14))
        items.append(TextItem(x, top + 12, col_w, 5, "." * 40, 11, colour=(110, 110, 110)))
        name = f"( {signer.name} )" if signer.name else f"( {'.' * 36} )"
        text, size = fit_text(None, name, col_w - 6, 14, 10)
        items.append(TextItem(x, top + 18, col_w, 7, text, size))
        position, _ = _lines(signer.position, top + 25, 12, 9, 2, w=col_w - 6, x=x + 3)
        items += position
    return items


def certificate_items(run: CertificateRun, cert: Certificate, opts: ExportOptions) -> list[Item]:
    """Everything on one certificate, placed in mm on the A4 landscape page."""
    o, event, settings = opts, run.event, run.settings
    person = cert.participant
    items: list[Item] = [
        FrameItem(8, 8, PAGE_W - 16, PAGE_H - 16, 1.6, NAVY),
        FrameItem(11.5, 11.5, PAGE_W - 23, PAGE_H - 23, 0.5, GOLD),
        TextItem(
            PAGE_W - 95,
            15,
            75,
            6,
            o.text("paperwork.cert.number", number=run.number_text(cert, o)),
            11,
            align="R",
        ),
    ]
    top = 18.0
    logo = _image_path(settings.logo)
    if logo is not None:
        items.append(_picture_box(logo, PAGE_W / 2 - 20, top, 40, 24))
        top += 27
    # The body is laid out from y = 0, then centred between the top and the signers.
    body: list[TextItem] = []
    office, y = _lines(settings.office, 0, 20, 14, 2, bold=True, colour=NAVY)
    body += office
    intro, y = _lines(o.text("paperwork.cert.intro"), y + 5, 18, 14, 1)
    body += intro
    name_text, name_size = fit_text(None, person.display_name, TEXT_W, 32, 20, "B")
    body.append(TextItem(LEFT, y + 2, TEXT_W, 16, name_text, name_size, True, "C", NAVY))
    y += 20
    role, y = _lines(o.text("paperwork.cert.role", role=o.role(person.role)), y, 16, 12, 1)
    body += role
    project, y = _lines(o.text("paperwork.cert.project", project=event.name), y + 2, 16, 12, 2)
    body += project
    dates = o.date_range(event.days)
    where = (
        o.text("paperwork.cert.when_where", dates=dates, venue=event.venue)
        if event.venue
        else o.text("paperwork.cert.when", dates=dates)
    )
    place, y = _lines(where, y, 14, 11, 2, w=BODY_W, x=(PAGE_W - BODY_W) / 2)
    body += place
    given, y = _lines(
        o.text("paperwork.cert.given_on", date=o.date(run.given_on)), y + 5, 14, 11, 1
    )
    body += given
    shift = top + max(0.0, (SIGNERS_TOP - 4 - top - y) / 2)
    items += [replace(item, y=item.y + shift) for item in body]
    items += _signers(settings, o, max(shift + y + 4, SIGNERS_TOP))
    qr_y = PAGE_H - 16 - QR_SIZE - 5
    items.append(QrItem(18, qr_y, QR_SIZE, cert.code))
    items.append(TextItem(14, qr_y + QR_SIZE + 0.5, QR_SIZE + 8, 4, cert.code, 5.5, align="C"))
    return items


# -- writers ---------------------------------------------------------------------------------


def certificates_pdf(
    run: CertificateRun, opts: ExportOptions, progress: Progress | None = None
) -> bytes:
    """One page per certificate, in number order."""
    from facilitator.badges.sheet import draw_qr
    from facilitator.thai.shaping import FONT_FAMILY, thai_pdf

    pdf = thai_pdf("L")
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0
    pdf.set_creator("facilitator")
    pdf.set_title(opts.text("paperwork.cert.title"))
    total = len(run.certificates)
    for n, cert in enumerate(run.certificates, start=1):
        pdf.add_page()
        for item in certificate_items(run, cert, opts):
            if isinstance(item, FrameItem):
                pdf.set_draw_color(*item.colour)
                pdf.set_line_width(item.line)
                pdf.rect(item.x, item.y, item.w, item.h)
            elif isinstance(item, TextItem):
                pdf.set_text_color(*item.colour)
                pdf.set_font(FONT_FAMILY, "B" if item.bold else "", round(item.size, 2))
                pdf.set_xy(item.x, item.y)
                pdf.cell(w=item.w, h=item.h, text=item.text, align=item.align)
            elif isinstance(item, PictureItem):
                pdf.image(str(item.path), x=item.x, y=item.y, w=item.w, h=item.h)
            else:
                pdf.set_fill_color(0, 0, 0)
                draw_qr(pdf, qr_matrix(item.code), item.x, item.y, item.size)
        if progress:
            progress(n, total)
    return bytes(pdf.output())


def certificate_png(
    run: CertificateRun, cert: Certificate, opts: ExportOptions, dpi: int = PNG_DPI
) -> bytes:
    """One certificate as a PNG (A4 landscape at `dpi`), the QR on whole pixels so it scans."""
    from facilitator.thai.shaping import pillow_font

    px = dpi / 25.4
    image = Image.new("RGB", (round(PAGE_W * px), round(PAGE_H * px)), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for item in certificate_items(run, cert, opts):
        if isinstance(item, FrameItem):
            box = [item.x * px, item.y * px, (item.x + item.w) * px, (item.y + item.h) * px]
            draw.rectangle(box, outline=item.colour, width=max(1, round(item.line * px)))
        elif isinstance(item, TextItem):
            font = pillow_font(max(6, round(item.size * dpi / 72)), item.bold)
            anchor_x = {"L": item.x, "R": item.x + item.w}.get(item.align, item.x + item.w / 2)
            anchor = {"L": "lm", "R": "rm"}.get(item.align, "mm")
            draw.text(
                (anchor_x * px, (item.y + item.h / 2) * px),
                item.text,
                font=font,
                fill=item.colour,
                anchor=anchor,
            )
        elif isinstance(item, PictureItem):
            with Image.open(item.path) as picture:
                fitted = picture.convert("RGBA").resize(
                    (max(1, round(item.w * px)), max(1, round(item.h * px)))
                )
            image.paste(fitted, (round(item.x * px), round(item.y * px)), fitted)
        else:
            matrix = qr_matrix(item.code)
            module = max(3, int(item.size * px // len(matrix)))
            qr = Image.new("L", (len(matrix), len(matrix)), 255)
            qr.putdata([0 if dark else 255 for row in matrix for dark in row])
            qr = qr.resize((module * len(matrix),) * 2, Image.Resampling.NEAREST)
            image.paste(qr, (round(item.x * px), round(item.y * px)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def certificate_file_name(cert: Certificate) -> str:
    """ "certificate-007-ACDFGIKL.png": the number and the random id, no name (PDPA)."""
    return f"certificate-{cert.number:03d}-{cert.participant.id}.png"


def certificate_pngs(
    run: CertificateRun, opts: ExportOptions, progress: Progress | None = None
) -> list[tuple[str, bytes]]:
    out = []
    for n, cert in enumerate(run.certificates, start=1):
        out.append((certificate_file_name(cert), certificate_png(run, cert, opts)))
        if progress:
            progress(n, len(run.certificates))
    return out
