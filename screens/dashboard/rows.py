"""Keeping a DataTable's rows in step with what should show, one changed row at a time.

Why: the dashboard's tables follow every check-in (here, or thousands synced in at once), and
clearing a table to add every row again costs the whole roster each time, moves the cursor and
the scroll, and flickers. `TableRows` remembers what each row shows and touches only the rows
(and within them the cells) that differ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.widgets import DataTable

from facilitator.screens.widgets.plain import plain

Cells = tuple[str, ...]


class TableRows:
    """The rows of one table by key, with the cells each shows."""

    def __init__(self, table: DataTable[str], columns: Sequence[str]) -> None:
        self.table = table
        self.columns = list(columns)
        self.shown: dict[str, Cells] = {}
        self.touched = 0
        """How many rows were added, changed or removed (tests read it)."""

    def put(self, key: str, cells: Sequence[str] | None) -> None:
        """Show `cells` in the row `key` (added at the end if new); None removes the row."""
        before = self.shown.get(key)
        if cells is None:
            if before is not None:
                self.table.remove_row(key)
                del self.shown[key]
                self.touched += 1
            return
        row = tuple(cells)
        if before == row:
            return
        self.touched += 1
        self.shown[key] = row
        if before is None:
            self.table.add_row(*plain(*row), key=key)
            return
        for column, old, new in zip(self.columns, before, row, strict=True):
            if old != new:
                self.table.update_cell(key, column, *plain(new))

    def sync(self, rows: Mapping[str, Sequence[str]]) -> None:
        """Make the table show exactly `rows` (in their order for rows that are new)."""
        for key in [k for k in self.shown if k not in rows]:
            self.put(key, None)
        for key, cells in rows.items():
            self.put(key, cells)

    def clear(self) -> None:
        self.table.clear()
        self.shown.clear()
