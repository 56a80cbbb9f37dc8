"""The participants table draws its cells itself: it must look exactly as DataTable would.

`PlainTable` replaces two private methods of Textual's DataTable to draw one-line text cells
without Rich's renderer. These tests put the same rows in a `PlainTable` and a plain
`DataTable` side by side and compare every line drawn, character by character with its style,
and the column widths: an upgrade of Textual that changes either side fails here first.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widgets import DataTable

from facilitator.screens.widgets.plain import plain
from facilitator.screens.widgets.plain_table import PlainTable

ROWS = [
    ("1", "PCAKTARCTLOCKPPLATI", "นายชูศักดิ์ ศรีสุข", "ประธานกลุ่ม", "081-234-5678"),
    ("2", "PCAVARKSVDRSGSVDVDK", "นางสาวผู้ใหญ่บ้าน ทองดี", "", "089-111-4321"),
    ("3", "PCAVTSRLFPCITVSLCGV", "Dr. [/] Anna [bold]Berg[/bold]", "x" * 80, "042-611-234 ต่อ 12"),
    ("40", "PCAVTSRLFPCITVSLCGW", "น้ำพริกเผาหมูสับ กลุ่มแม่บ้านเกษตรกรบ้านนาโพธิ์", "ผู้", ""),
]


class SideBySide(App[None]):
    def compose(self) -> ComposeResult:
        yield PlainTable(id="plain", zebra_stripes=True, cursor_type="row")
        yield DataTable(id="rich", zebra_stripes=True, cursor_type="row")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            for n, label in enumerate(("No.", "Code", "Name", "Position", "Phone")):
                table.add_column(label, key=str(n), width=30 if n == 3 else None)
            for row in ROWS:
                table.add_row(*plain(*row), key=row[1])
            table.styles.height = 8


def cells(strip: Strip) -> list[tuple[str, object]]:
    """Each character drawn, with how it looks (a style's meta is not seen, so left out)."""
    return [(ch, looks(segment)) for segment in strip for ch in segment.text]


def looks(segment: Segment) -> object:
    style = segment.style
    if style is None:
        return None
    return style.color, style.bgcolor, style.bold, style.italic, style.underline, style.reverse


def lines(table: DataTable[str]) -> list[list[tuple[str, object]]]:
    return [cells(table.render_line(y)) for y in range(table.size.height)]


async def test_every_line_is_drawn_as_datatable_draws_it() -> None:
    app = SideBySide()
    async with app.run_test(size=(140, 20)) as pilot:
        app.set_focus(None)  # a focused table looks otherwise: compare the two alike
        await pilot.pause()
        ours = app.query_one("#plain", PlainTable)
        theirs = app.query_one("#rich", DataTable)
        assert [c.content_width for c in ours.ordered_columns] == [
            c.content_width for c in theirs.ordered_columns
        ]
        assert lines(ours) == lines(theirs)
        for table in (ours, theirs):  # the cursor moves, a cell changes: still alike
            table.move_cursor(row=2)
            table.update_cell("PCAKTARCTLOCKPPLATI", "2", "นางบุญมี ใจดี", update_width=True)
        await pilot.pause()
        assert lines(ours) == lines(theirs)
        drawn = "".join(ch for ch, _ in cells(ours.render_line(3)))
        assert drawn.startswith(" 3 ") and "Dr. [/] Anna [bold]Berg[/bold]" in drawn


async def test_a_row_that_stays_is_not_drawn_again() -> None:
    app = SideBySide()
    async with app.run_test(size=(140, 20)) as pilot:
        await pilot.pause()
        table = app.query_one("#plain", PlainTable)
        first = table._render_cell(0, 2, table.rich_style, 30)
        table.add_row(*plain("41", "PCAVTSRLFPCITVSLCGX", "นายใหม่ มาทีหลัง", "", ""), key="new")
        await pilot.pause()
        assert table._render_cell(0, 2, table.rich_style, 30) is first
