"""An `Input` whose typing repaints the field only, never the layout of the whole screen.

Why: Textual 8.2's `Input` sets its `virtual_size` on every change of its value, and that
reactive asks for a layout (`refresh(layout=True)`): each key typed into the field reflows every
widget on the screen. On the check-in screen that is a scanner's 19 keys per badge; on the
participants screen, a layout of a 60-row table per letter of a search. A field whose size is
fixed by its styles (not `auto`) cannot move anything by what it holds, so its requests for a
layout are taken as repaints. A field with an `auto` dimension keeps Textual's behaviour.
`tests/screens/widgets/test_steady_input.py` counts the layouts while typing.
"""

from __future__ import annotations

from typing import Self

from textual.geometry import Region
from textual.widgets import Input


class SteadyInput(Input):
    """An `Input` of fixed size: typing in it repaints it and lays nothing out."""

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if layout and self.is_mounted and not self.styles.auto_dimensions:
            layout = False  # its size does not depend on its value
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
