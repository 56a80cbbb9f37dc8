"""The keys of the screen in front, in one line at the bottom of every area.

Textual's `Footer` makes a widget per key and makes them all again whenever the focus moves:
with the dozen keys of an area that was 130 ms of the launch and 80 ms after each Ctrl+F, so
the first letter of a search waited for it. This footer is one widget that draws one line of
text, redrawn only when the keys it shows change.

When the keys do not fit the width, the App's own keys (Ctrl+Q, F10, the theme) go first and
then the area keys' names, never the keys of the area in front or F1, whose help lists every
key. Textual's footer cut the line at the right edge instead, so at 80 columns the area keys
F2-F8 were the ones that vanished.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

OWN = 0
"""The keys of the screen in front (and of the widget with the focus): always shown."""
GUIDE = 1
"""F1 (help, which lists every key) and the area keys F2-F8."""
APP = 2
"""The App's other keys (quit, sound): the first to go when the line is full."""

SEPARATOR = "▏"


@dataclass(frozen=True)
class KeyHint:
    """One key as the footer shows it."""

    key: str
    """The key as Textual names it ("f2", "ctrl+f"): what a click on the hint presses."""
    display: str
    """The key as shown ("f2", "^f")."""
    description: str
    enabled: bool
    rank: int


@dataclass(frozen=True)
class PlacedHint:
    """A hint on the line: the cells it takes (from `start`, `width` wide), and how shown."""

    hint: KeyHint
    start: int
    width: int
    with_description: bool


def fit_hints(
    hints: Sequence[KeyHint], palette: KeyHint | None, width: int
) -> tuple[list[PlacedHint], PlacedHint | None]:
    """Which hints fit in `width` cells, in their own order, and where each goes.

    Each hint is " key description ". While the line is too long, in this order: the App's
    own keys go (rightmost first), the area keys lose their names (" f8 " alone), the palette
    key goes, the area keys go, and last the screen's own keys from the right. F1 stays.
    """
    shown = list(hints)
    named = dict.fromkeys(shown, True)
    tail = palette

    def length() -> int:
        line = sum(_hint_width(h, named[h]) for h in shown)
        return line + (_hint_width(tail, True) + 1 if tail is not None else 0)

    app_keys = [h for h in shown if h.rank == APP]
    area_keys = [h for h in shown if h.rank == GUIDE and h.key != "f1"]
    own_keys = [h for h in shown if h.rank == OWN]
    steps: list[tuple[str, KeyHint | None]] = [
        *(("drop", h) for h in reversed(app_keys)),
        *(("unname", h) for h in reversed(area_keys)),
        ("palette", None),
        *(("drop", h) for h in reversed(area_keys)),
        *(("drop", h) for h in reversed(own_keys)),
    ]
    for step, hint in steps:
        if length() <= width:
            break
        if step == "palette":
            tail = None
        elif step == "unname" and hint is not None:
            named[hint] = False
        elif hint is not None:
            shown.remove(hint)
    placed: list[PlacedHint] = []
    at = 0
    for hint in shown:
        cells = _hint_width(hint, named[hint])
        placed.append(PlacedHint(hint, at, cells, named[hint]))
        at += cells
    if tail is None:
        return placed, None
    cells = _hint_width(tail, True)
    return placed, PlacedHint(tail, max(at + 1, width - cells), cells, True)


def _hint_width(hint: KeyHint | None, with_description: bool) -> int:
    if hint is None:
        return 0
    if with_description and hint.description:
        return cell_len(hint.display) + cell_len(hint.description) + 3
    return cell_len(hint.display) + 2


def hints_of(screen: Screen[object]) -> tuple[list[KeyHint], KeyHint | None]:
    """The keys `screen` shows now (each action once, as Textual's footer did), and the
    command palette's key."""
    app = screen.app
    hints: list[KeyHint] = []
    actions: set[str] = set()
    palette: KeyHint | None = None
    for node, binding, enabled, _tooltip in screen.active_bindings.values():
        if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
            palette = KeyHint(
                binding.key, app.get_key_display(binding), binding.description, enabled, APP
            )
            continue
        if not binding.show or binding.action in actions:
            continue
        actions.add(binding.action)
        if node is not app:
            rank = OWN
        elif binding.key == "f1" or (binding.id or "").startswith("nav."):
            rank = GUIDE
        else:
            rank = APP
        hints.append(
            KeyHint(binding.key, app.get_key_display(binding), binding.description, enabled, rank)
        )
    return hints, palette


class KeyFooter(Widget, can_focus=False):
    """The keys of the screen in front; a click on one presses it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__(id="key-footer")
        self._hints: list[KeyHint] = []
        self._palette: KeyHint | None = None
        self._placed: list[PlacedHint] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """The focus moved or a key was turned on or off: redraw if what shows changed."""
        if screen is not self.screen:
            return
        hints, palette = hints_of(screen)
        if (hints, palette) != (self._hints, self._palette):
            self._hints, self._palette = hints, palette
            self.refresh()

    @property
    def shown(self) -> list[PlacedHint]:
        """The hints on the line as last drawn, palette last."""
        return list(self._placed)

    def render(self) -> Text:
        placed, tail = fit_hints(self._hints, self._palette, self.size.width)
        self._placed = [*placed, *([tail] if tail else [])]
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        for one in placed:
            _append(line, one, key_style, description_style, dim)
        if tail is not None:
            line.append(" " * (tail.start - 1 - line.cell_len))
            line.append(SEPARATOR)
            _append(line, tail, key_style, description_style, dim)
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a hint presses its key (a disabled one rings the bell)."""
        for one in self._placed:
            if one.start <= event.x < one.start + one.width:
                if one.hint.enabled:
                    self.app.simulate_key(one.hint.key)
                else:
                    self.app.bell()
                return


def _append(
    line: Text, one: PlacedHint, key_style: Style, description_style: Style, dim: Style
) -> None:
    extra = Style() if one.hint.enabled else dim
    line.append(f" {one.hint.display} ", key_style + extra)
    if one.with_description and one.hint.description:
        line.append(f"{one.hint.description} ", description_style + extra)
