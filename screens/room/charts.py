"""The projector's two pictures, drawn in block characters: bars by role and arrivals in time.

Why drawn by hand rather than with `ProgressBar` or `Sparkline`: a washed-out projector eats
thin lines, half-tones and colour alone. These draw with full blocks for what is there and a
hatch (░) for what is still expected, so the difference reads as texture even in grey, with
the numbers written beside every bar and a time under every column. Colours come from the
component classes in `projector.tcss`.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from facilitator.checkin.turnout import UNLISTED, Arrivals, RoleCount
from facilitator.i18n import t
from facilitator.labels import role_label

EIGHTHS = " ▁▂▃▄▅▆▇█"
COLUMN_WIDTH = 6
"""A bucket's column: a 4-cell bar and room for its time ("08:15") below."""


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal cells (Thai marks take no cell)."""
    return text + " " * max(0, width - cell_len(text))


class RoleBars(Widget):
    """One bar per role: in (full blocks) against expected (hatched), with the numbers."""

    COMPONENT_CLASSES = {"bars--label", "bars--here", "bars--rest", "bars--number"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.roles: list[RoleCount] = []

    def show(self, roles: list[RoleCount]) -> None:
        self.roles = list(roles)
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, 2 * len(self.roles) - 1)

    def render(self) -> Text:
        label_style = self.get_component_rich_style("bars--label")
        here_style = self.get_component_rich_style("bars--here")
        rest_style = self.get_component_rich_style("bars--rest")
        number_style = self.get_component_rich_style("bars--number")
        labels = [self._label(r) for r in self.roles]
        label_width = max((cell_len(x) for x in labels), default=0) + 2
        numbers = [self._number(r) for r in self.roles]
        number_width = max((len(x) for x in numbers), default=0) + 1
        bar_width = max(4, self.size.width - label_width - number_width)
        text = Text(no_wrap=True, overflow="crop")
        for n, (row, label, number) in enumerate(zip(self.roles, labels, numbers, strict=True)):
            if n:
                text.append("\n\n")
            text.append(pad(label, label_width), label_style)
            whole = max(row.expected, row.here, 1)
            filled = round(bar_width * row.here / whole)
            text.append("█" * filled, here_style)
            text.append("░" * (bar_width - filled), rest_style)
            text.append(" " + number.rjust(number_width - 1), number_style)
        return text

    @staticmethod
    def _label(row: RoleCount) -> str:
        return t("dashboard.unlisted") if row.role == UNLISTED else role_label(row.role)

    @staticmethod
    def _number(row: RoleCount) -> str:
        return f"{row.here}" if not row.expected else f"{row.here} / {row.expected}"


class ArrivalsChart(Widget):
    """Arrivals per bucket as columns, the count on top of each and its time below."""

    COMPONENT_CLASSES = {"chart--bar", "chart--count", "chart--axis"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.arrivals = Arrivals(None, 15, [])

    def show(self, arrivals: Arrivals) -> None:
        self.arrivals = arrivals
        self.refresh()

    def shown_buckets(self) -> range:
        """The buckets that fit the width: the latest ones when the morning is long."""
        fits = max(1, self.size.width // COLUMN_WIDTH)
        total = len(self.arrivals.counts)
        return range(max(0, total - fits), total)

    def render(self) -> Text:
        counts = self.arrivals.counts
        if not counts:
            return Text(
                t("dashboard.no_arrivals"), style=self.get_component_rich_style("chart--axis")
            )
        bar_style = self.get_component_rich_style("chart--bar")
        count_style = self.get_component_rich_style("chart--count")
        axis_style = self.get_component_rich_style("chart--axis")
        shown = self.shown_buckets()
        area = max(2, self.size.height - 2)  # the axis line and the times take two rows
        top = max(max(counts[n] for n in shown), 1)
        columns = []
        for n in shown:
            eighths = round(counts[n] * (area - 1) * 8 / top)  # the top row keeps the count
            full, part = divmod(eighths, 8)
            columns.append((counts[n], full, part, full + (1 if part else 0)))
        text = Text(no_wrap=True, overflow="crop")
        for row in range(area - 1, -1, -1):
            for count, full, part, label_row in columns:
                if row < full:
                    text.append("████", bar_style)
                elif row == full and part:
                    text.append(EIGHTHS[part] * 4, bar_style)
                elif row == label_row and count:
                    text.append(str(count).center(4), count_style)
                else:
                    text.append("    ")
                text.append("  ")
            text.append("\n")
        text.append("─" * (COLUMN_WIDTH * len(shown)) + "\n", axis_style)
        for n in shown:
            text.append(f"{self.arrivals.bucket_start(n):%H:%M} ", axis_style)
        return text
