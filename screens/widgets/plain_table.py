"""A DataTable of one-line text cells, drawn and measured without Rich's renderer.

Why: Textual's DataTable draws every cell through Rich (markup parsed, then `Padding` and
`Styled` through `Console.render_lines`) and keys its cell cache on a counter that every change
bumps, so any change to any row draws every cell on screen again from scratch. On the
participants screen at a 20,000-person fair that was 20-40 ms a keystroke for 24 rows of 8
columns, and measuring the widths of 60 new rows the same way took 12 ms more: together past
the whole budget of a keystroke. Every cell of that table is one line of text (markup-escaped
by `plain`), so here a cell is one `Segment`: the text fitted to its column with
`set_cell_size`, padded, in the style DataTable gives it. The cache is keyed by the cell's
text, not the counter, so a row that stays on screen is not drawn again. Anything else (the
header, a cell that is not text, a row taller than one line, fixed rows or columns) is drawn
by DataTable itself.

This overrides two private methods of Textual 8.2's DataTable (`textual<8.3` in pyproject):
`tests/screens/widgets/test_plain_table.py` draws cells both ways and compares them, so an
upgrade that changes either fails there before it shows on a screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

SegmentLines = list[list[Segment]]


@lru_cache(maxsize=8192)
def shown_text(cell: str) -> str:
    """What a cell's (markup-escaped) text reads on screen."""
    return Text.from_markup(cell).plain


class PlainTable(DataTable[str]):
    """A DataTable whose one-line text cells cost a string operation each, not a Rich render."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._plain_cells: dict[tuple[object, ...], SegmentLines] = {}

    def _plain_ok(self) -> bool:
        return not (self.fixed_rows or self.fixed_columns or self._labelled_row_exists)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        if row_index < 0 or column_index < 0 or not self._plain_ok():
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cell = self._data[row_key].get(column_key) if row_key is not None else None
        if not isinstance(cell, str) or self.rows[row_key].height != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            cell,
            row_index,
            column_index,
            width,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._pseudo_class_state,
        )
        lines = self._plain_cells.get(key)
        if lines is None:
            if len(self._plain_cells) > 4096:
                self._plain_cells.clear()  # rows come and go: keep what one screen needs
            lines = self._plain_cells[key] = [
                [self._segment(cell, row_index, column_index, base_style, width, cursor, hover)]
            ]
        return lines

    def _segment(
        self,
        cell: str,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> Segment:
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        meta = Style.from_meta({"row": row_index, "column": column_index})
        style = base_style + meta + component_style + post_style
        pad = min(self.cell_padding, width // 2)
        body = set_cell_size(shown_text(cell), width - 2 * pad)
        return Segment(f"{' ' * pad}{body}{' ' * pad}", style)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Column widths from the new rows' text, measured as a terminal counts cells."""
        if not self._plain_ok():
            super()._update_dimensions(new_rows)
            return
        rest: list[RowKey] = []
        columns = self.ordered_columns
        for row_key in new_rows:
            cells = self._data.get(row_key)
            row = self.rows.get(row_key)
            if cells is None or row is None:
                continue  # removed before the table was idle
            values = [cells.get(column.key) for column in columns]
            if (
                row.height != 1
                or row.label is not None
                or not all(isinstance(v, str) for v in values)
            ):
                rest.append(row_key)
                continue
            for column, value in zip(columns, values, strict=True):
                width = cell_len(shown_text(value))  # type: ignore[arg-type]
                if width > column.content_width:
                    column.content_width = width
        super()._update_dimensions(rest)  # the others, and the table's virtual size
