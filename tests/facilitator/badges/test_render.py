"""A facilitator prints badge sheets and sends each person a picture by LINE.

Everything is checked the way a person would: pages are rasterised with
poppler's pdftoppm (as a printer would see them), and every QR is read back
with zxing-cpp, as the check-in desk's scanner would.
"""

import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pypdf
import pytest
from fpdf import FPDF
from PIL import Image

from facilitator.badges.png import MARGIN, TEXT_W, WIDTH, fit_text, png_name, write_badge_pngs
from facilitator.badges.sheet import (
    BADGE_H,
    BADGE_W,
    BADGES_PER_PAGE,
    CUT_CROSS,
    PT_TO_MM,
    BadgeData,
    BadgeLayout,
    badge_origin,
    layout_badge,
    write_badge_sheet,
)
from facilitator.codes.qr_image import decode_qr_image
from facilitator.thai import shaping as thai_fonts
from facilitator.thai.shaping import ShapingUnavailable, thai_pdf

DPI = 150
EVENT = "อบรมเชิงปฏิบัติการ OTOP/KBO ภาคตะวันออกเฉียงเหนือ"
DATES = "7–8 มิถุนายน 2564"
LONG_NAME = "ปิ่นฟ้าประกายพรึกษ์ศรีสวัสดิ์ ฝั่งน้ำเจริญรุ่งเรืองศรีสวัสดิ์วัฒนาถาวรกุลชัยมงคล" * 2


def badge(code: str, title: str, name: str, sort_key: str = "", **extra: str) -> BadgeData:
    return BadgeData(
        code=code,
        title=title,
        name=name,
        role_label=extra.get("role_label", "ผู้เข้าร่วม"),
        affiliation=extra.get("affiliation", "วิสาหกิจชุมชนผ้าไหมบ้านท่าสว่าง"),
        event_name=EVENT,
        event_dates=DATES,
        sort_key=sort_key,
    )


ROSTER = [
    badge("KBO-00001", "นาย", "ชูศักดิ์ ยิ่งรุ่งโรจน์", role_label="วิทยากร"),
    badge("KBO-00002", "นางสาว", "ปิ่นฟ้า ฝั่งน้ำ", affiliation="น้ำพริกแม่ปิ่น"),
    badge("KBO-00003", "ดร.", "สมศรี ศรีสุข", role_label="พี่เลี้ยง"),
    badge("KBO-00004", "Mr.", "John Smith", role_label="Mentor", affiliation="KBO Co., Ltd."),
    badge("KBO-00005", "นาง", "ฎุฏูญู ป๊ีปั้ม"),
    badge("KBO-00006", "นางสาว", LONG_NAME, affiliation="กลุ่มแม่บ้าน" * 12),
    badge("KBO-00007", "", "NoTitle Person", role_label="Staff"),
    badge("KBO-00008", "นาย", "ก" * 150),
    badge("KBO-00009", "นาง", "มาลี ดีใจ"),
]


def letters(text: str) -> str:
    """Text without spaces and control characters (pypdf guesses spaces between Thai glyphs)."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cc")


def rasterise(pdf: Path, out_dir: Path) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm missing: sudo apt-get install poppler-utils")
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(out_dir / "page")], check=True
    )
    return [Image.open(p).convert("L") for p in sorted(out_dir.glob("page-*.png"))]


def px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


def slot_crop(page: Image.Image, slot: int) -> Image.Image:
    x, y = badge_origin(slot)
    return page.crop((px(x), px(y), px(x + BADGE_W), px(y + BADGE_H)))


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, list[Image.Image]]:
    folder = tmp_path_factory.mktemp("sheet")
    out = folder / "badges.pdf"
    pages = write_badge_sheet(ROSTER, out)
    return out, pages, rasterise(out, folder)


def test_eight_badges_fit_a_page(sheet: tuple[Path, int, list[Image.Image]]) -> None:
    out, pages, images = sheet
    assert BADGES_PER_PAGE == 8
    assert pages == 2 == len(pypdf.PdfReader(out).pages) == len(images)
    width_mm = float(pypdf.PdfReader(out).pages[0].mediabox.width) * PT_TO_MM
    assert round(width_mm) == 210, "A4 portrait"


def test_every_printed_qr_scans_back_to_its_code(
    sheet: tuple[Path, int, list[Image.Image]],
) -> None:
    _, _, images = sheet
    for index, person in enumerate(ROSTER):
        page, slot = divmod(index, BADGES_PER_PAGE)
        assert decode_qr_image(slot_crop(images[page], slot)) == [person.code]


def test_the_pdf_keeps_names_as_searchable_text(
    sheet: tuple[Path, int, list[Image.Image]],
) -> None:
    out, _, _ = sheet
    text = letters("".join(page.extract_text() for page in pypdf.PdfReader(out).pages))
    for name in ("นายชูศักดิ์ ยิ่งรุ่งโรจน์", "นางสาวปิ่นฟ้า ฝั่งน้ำ", "ดร.สมศรี ศรีสุข"):
        assert letters(name) in text
    assert "Mr.JohnSmith" in text
    assert letters(EVENT) in text and letters(DATES) in text


def test_qrs_are_vector_squares_not_pictures(
    sheet: tuple[Path, int, list[Image.Image]],
) -> None:
    out, _, _ = sheet
    for page in pypdf.PdfReader(out).pages:
        assert list(page.images) == []


def test_thai_titles_join_the_name_and_latin_titles_take_a_space() -> None:
    assert ROSTER[0].display_name == "นายชูศักดิ์ ยิ่งรุ่งโรจน์"
    assert ROSTER[2].display_name == "ดร.สมศรี ศรีสุข"
    assert ROSTER[3].display_name == "Mr. John Smith"
    assert ROSTER[6].display_name == "NoTitle Person"


def test_every_line_stays_inside_its_badge() -> None:
    pdf = thai_pdf()
    for slot, person in enumerate(ROSTER[:BADGES_PER_PAGE]):
        assert_inside_its_badge(pdf, person, slot)


def test_a_position_has_a_line_of_its_own_under_the_name() -> None:
    pdf = thai_pdf()
    positions = ["ประธานกลุ่ม", "พัฒนาการจังหวัดมุกดาหาร", "นักวิชาการพัฒนาชุมชนชำนาญการ" * 4]
    for slot, person in enumerate(ROSTER[:BADGES_PER_PAGE]):
        with_position = replace(person, position=positions[slot % len(positions)])
        layout = assert_inside_its_badge(pdf, with_position, slot)
        (line,) = [line for line in layout.lines if line.part == "position"]
        names = [n for n in layout.lines if n.part == "name"]
        assert names[-1].bottom <= line.top + 1e-6 and line.bottom <= layout.qr_y + 1e-6
        assert line.text.rstrip("…") and with_position.position.startswith(line.text.rstrip("…"))


def assert_inside_its_badge(pdf: FPDF, person: BadgeData, slot: int) -> BadgeLayout:
    """Every line and the QR inside the badge, no text wider than its box, no two overlapping."""
    x, y = badge_origin(slot)
    layout = layout_badge(pdf, person, x, y)
    for line in layout.lines:
        assert x <= line.x and line.x + line.width <= x + BADGE_W
        assert y <= line.top and line.bottom <= y + BADGE_H, line.text
        pdf.set_font("Sarabun", "B" if line.bold else "", line.size_pt)
        assert pdf.get_string_width(line.text) <= line.width, line.text
    assert layout.qr_x + layout.qr_size <= x + BADGE_W
    assert layout.qr_y + layout.qr_size <= y + BADGE_H
    boxes = sorted((line.top, line.bottom) for line in layout.lines if line.x < layout.qr_x)
    for (_, above_bottom), (below_top, _) in pairwise(boxes):
        assert above_bottom <= below_top + 1e-6, "text lines must not overlap"
    return layout


def test_a_long_name_shrinks_rather_than_spilling(tmp_path: Path) -> None:
    pdf = thai_pdf()
    # The name takes one line or two; each line says which part of the badge it shows.
    short = [
        line for line in layout_badge(pdf, ROSTER[1], *badge_origin(0)).lines if line.part == "name"
    ]
    long = [
        line for line in layout_badge(pdf, ROSTER[5], *badge_origin(0)).lines if line.part == "name"
    ]
    assert long[0].size_pt < short[0].size_pt
    assert len(long) == 2  # too long for one line: two lines broken between words
    printed = letters("".join(line.text for line in long)).rstrip("…")
    assert len(printed) > 40
    assert letters(ROSTER[5].display_name).startswith(printed)

    # On paper: alone on a page, the long name leaves the neighbouring badges blank.
    out = tmp_path / "long.pdf"
    write_badge_sheet([ROSTER[5]], out)
    page = rasterise(out, tmp_path)[0]
    x, y = badge_origin(0)
    corner = px(CUT_CROSS) + 3
    right_neighbour = page.crop(
        (
            px(x + BADGE_W) + 2,
            px(y) + corner,
            px(x + 2 * BADGE_W) - corner,
            px(y + BADGE_H) - corner,
        )
    )
    below = page.crop(
        (px(x) + corner, px(y + BADGE_H) + 2, px(x + BADGE_W) - corner, px(y + 2 * BADGE_H))
    )
    assert right_neighbour.getextrema()[0] > 200
    assert below.getextrema()[0] > 200
    assert decode_qr_image(slot_crop(page, 0)) == [ROSTER[5].code]


def test_progress_counts_up_to_the_whole_roster(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_badge_sheet(
        ROSTER, tmp_path / "b.pdf", progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (len(ROSTER), len(ROSTER))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_rewriting_a_sheet_replaces_it_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    out = tmp_path / "badges.pdf"
    out.write_text("old sheet")
    assert write_badge_sheet(ROSTER[:2], out) == 1
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["badges.pdf"]


def test_badges_follow_the_roster_sort_key(tmp_path: Path) -> None:
    shuffled = [
        badge("KBO-B", "นาย", "บี", sort_key="2"),
        badge("KBO-A", "นาย", "เอ", sort_key="1"),
    ]
    paths = write_badge_pngs(shuffled, tmp_path)
    assert [p.name for p in paths] == ["001-เอ.png", "002-บี.png"]


def test_every_picture_scans_and_files_sort_in_roster_order(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    paths = write_badge_pngs(ROSTER, tmp_path / "line", progress=lambda d, t: seen.append((d, t)))
    assert [p.name for p in paths] == sorted(p.name for p in paths)
    assert paths[0].name == "001-ชูศักดิ์-ยิ่งรุ่งโรจน์.png"
    assert sorted(p.name for p in (tmp_path / "line").iterdir()) == [p.name for p in paths]
    assert seen[-1] == (len(ROSTER), len(ROSTER))
    for path, person in zip(paths, ROSTER, strict=True):
        with Image.open(path) as picture:
            assert picture.width == WIDTH
            assert decode_qr_image(picture) == [person.code]


def test_a_long_name_in_a_picture_stays_inside_the_margins(tmp_path: Path) -> None:
    text, size = fit_text(ROSTER[5].display_name, 64, 18, bold=True)
    assert thai_fonts.pillow_font(size, bold=True).getlength(text) <= TEXT_W
    (path,) = write_badge_pngs([ROSTER[5]], tmp_path)
    with Image.open(path) as picture:
        grey = picture.convert("L")
        left = grey.crop((0, 0, MARGIN - 2, grey.height))
        right = grey.crop((grey.width - MARGIN + 2, 0, grey.width, grey.height))
        assert left.getextrema()[0] == 255 and right.getextrema()[0] == 255


def test_file_names_are_the_roster_number_and_the_name_safe_for_any_disk() -> None:
    assert png_name(7, 50, "วีรพงษ์ ศรีสุข") == "007-วีรพงษ์-ศรีสุข.png"
    assert png_name(42, 5000, "ปิ่นฟ้า ณ  นคร") == "0042-ปิ่นฟ้า-ณ-นคร.png"
    assert png_name(1, 1, 'a/b\\c:d*e?"f<g>h|i') == "001-a-b-c-d-e-f-g-h-i.png"
    assert png_name(1, 1, "../..") == "001-badge.png"
    assert png_name(3, 9, "") == "003-badge.png"
    assert len(png_name(1, 1, LONG_NAME)) <= len("001-.png") + 60


def test_pictures_are_numbered_by_the_roster_not_by_the_selection(tmp_path: Path) -> None:
    chosen = [
        replace(badge("KBO-12", "นาย", "วีรพงษ์ ศรีสุข"), number=12),
        replace(badge("KBO-40", "นาง", "บัวผัน ศรีบุญ"), number=40),
    ]
    paths = write_badge_pngs(chosen, tmp_path)
    assert [p.name for p in paths] == ["012-วีรพงษ์-ศรีสุข.png", "040-บัวผัน-ศรีบุญ.png"]


def test_pictures_can_be_drawn_by_worker_processes(tmp_path: Path) -> None:
    paths = write_badge_pngs(ROSTER[:3], tmp_path, workers=2)
    for path, person in zip(paths, ROSTER[:3], strict=True):
        with Image.open(path) as picture:
            assert decode_qr_image(picture) == [person.code]


def test_no_pictures_without_shaping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    thai_fonts._pillow_shaping_error.cache_clear()
    monkeypatch.setattr(thai_fonts.features, "check", lambda feature: False)
    try:
        with pytest.raises(ShapingUnavailable, match="libfribidi0"):
            write_badge_pngs(ROSTER, tmp_path / "line")
    finally:
        thai_fonts._pillow_shaping_error.cache_clear()
    assert not (tmp_path / "line").exists()


def ink_top(image: Image.Image) -> int:
    """First row with ink (the page is white, text black)."""
    bbox = Image.eval(image, lambda v: 255 - v).getbbox()
    assert bbox is not None
    return bbox[1]


def test_printed_tone_marks_stack_above_the_vowel(tmp_path: Path) -> None:
    """Without shaping, ่ in ยิ่ง would print on top of ิ, and ยิ่ง would look like ยิง."""
    tops: dict[str, int] = {}
    for word in ("ยิ่ง", "ยิง"):
        pdf = thai_pdf()
        pdf.add_page()
        pdf.set_font("Sarabun", "B", 72)
        pdf.set_xy(20, 20)
        pdf.cell(text=word)
        out = tmp_path / f"{len(word)}.pdf"
        pdf.output(str(out))
        folder = tmp_path / str(len(word))
        folder.mkdir()
        tops[word] = ink_top(rasterise(out, folder)[0])
    assert tops["ยิ่ง"] < tops["ยิง"] - 10


BIG_RUN = 301  # 38 pages, the last with five badges


def rasterise_pages(pdf: Path, out_dir: Path, pages: list[int]) -> dict[int, Image.Image]:
    """Only the chosen pages (1-based), as a printer would see them."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm missing: sudo apt-get install poppler-utils")
    images = {}
    for page in pages:
        prefix = out_dir / f"p{page}"
        only = ["-f", str(page), "-l", str(page), "-singlefile"]
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), *only, "-png", str(pdf), str(prefix)], check=True
        )
        images[page] = Image.open(f"{prefix}.png").convert("L")
    return images


def test_a_big_run_puts_everyone_once_in_roster_order_on_the_right_page(tmp_path: Path) -> None:
    """Pages leave memory one by one as the sheet is drawn; at every page boundary nobody may
    be lost or printed twice, and each page's QRs must still scan."""
    people = [
        badge(f"BIG-{n:05d}", "นาย" if n % 2 else "นางสาว", f"ชื่อ{n} นามสกุล{n % 37}", f"{n:05d}")
        for n in range(BIG_RUN)
    ]
    out = tmp_path / "big.pdf"
    pages = write_badge_sheet(list(reversed(people)), out)  # the sort key puts them back
    expected_pages = -(-BIG_RUN // BADGES_PER_PAGE)
    reader = pypdf.PdfReader(out)
    assert pages == expected_pages == len(reader.pages)
    for number, page in enumerate(reader.pages):
        printed = re.findall(r"BIG-\d{5}", page.extract_text())
        slots = people[number * BADGES_PER_PAGE : (number + 1) * BADGES_PER_PAGE]
        assert printed == [person.code for person in slots], f"page {number + 1}"
    sampled = [1, 2, expected_pages // 2, expected_pages // 2 + 1, expected_pages]
    for number, image in rasterise_pages(out, tmp_path, sampled).items():
        slots = people[(number - 1) * BADGES_PER_PAGE : number * BADGES_PER_PAGE]
        for slot, person in enumerate(slots):
            assert decode_qr_image(slot_crop(image, slot)) == [person.code], f"page {number}"
