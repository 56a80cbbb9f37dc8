"""Keeping a DataTable's rows in step with what should show, one changed row at a time.

Why: the dashboard's tables follow every check-in (here, or thousands synced in at once), and
clearing a table to add every row again costs the whole roster each time, moves the cursor and
the scroll, and flickers. `TableRows` remembers what each row shows and touches only the rows
(and within them the cells) that differ.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import islice

from textual.widgets import DataTable

from facilitator.screens.widgets.plain import plain

Cells = tuple[str, ...]
STEP = 150
"""Rows put per frame while a table is filled."""


class TableRows:
    """The rows of one table by key, with the cells each shows."""

    def __init__(self, table: DataTable[str], columns: Sequence[str]) -> None:
        self.table = table
        self.columns = list(columns)
        self.shown: dict[str, Cells] = {}
        self.touched = 0
        """How many rows were added, changed or removed (tests read it)."""
        self._filling = 0

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
        """Make the table show exactly `rows` (in their order for rows that are new).

        Rows that go are removed at once; the rest are put `STEP` at a time, a step per frame,
        so a first fill of 20,000 people never holds the screen (or a scan) for seconds. A row
        `put` meanwhile is simply there when its step comes; a newer `sync` replaces the rest.
        """
        self._filling += 1
        for key in [k for k in self.shown if k not in rows]:
            self.put(key, None)
        self._fill(iter(list(rows.items())), self._filling)

    def _fill(self, rows: Iterator[tuple[str, Sequence[str]]], filling: int) -> None:
        if filling != self._filling:
            return  # a newer sync took over
        for key, cells in islice(rows, STEP):
            self.put(key, cells)
        if rows.__length_hint__():  # type: ignore[attr-defined]
            self.table.call_after_refresh(self._fill, rows, filling)

    def clear(self) -> None:
        """Remove every row (and any fill still under way)."""
        self._filling += 1
        self.table.clear()
        self.touched += len(self.shown)
        self.shown = {}
