"""A scanner types 19 keys per badge into the scan field: none of them may lay the screen out
again (a reflow of every widget on screen, per key); a plain `Input` does, and shows the count
can fail."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from facilitator.screens.widgets.steady_input import SteadyInput

CODE = "ICPADPCGTPPCIKGFSLR"


class Form(App[None]):
    def __init__(self, field: type[Input], width: str = "100%") -> None:
        super().__init__()
        self.field, self.width = field, width

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("ลงทะเบียน")
            field = self.field(id="field")
            field.styles.width = self.width
            yield field
            yield Static("ผลการสแกน")


async def layouts_while_typing(field: type[Input], width: str = "100%") -> tuple[int, str]:
    app = Form(field, width)
    async with app.run_test() as pilot:
        await pilot.pause()
        layouts = 0
        original = app.screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            nonlocal layouts
            if app.screen._layout_required:
                layouts += 1
            original(*args, **kwargs)

        app.screen._refresh_layout = counted  # type: ignore[method-assign]
        for key in CODE:
            await pilot.press(key)
        await pilot.pause()
        return layouts, app.query_one("#field", Input).value


async def test_typing_a_code_into_a_steady_field_lays_nothing_out() -> None:
    layouts, typed = await layouts_while_typing(SteadyInput)
    assert typed == CODE  # every key reached the field
    assert layouts == 0


async def test_a_plain_input_lays_the_screen_out_on_every_key() -> None:
    layouts, typed = await layouts_while_typing(Input)
    assert typed == CODE
    assert layouts >= len(CODE) // 2


@pytest.mark.parametrize("field", [SteadyInput, Input])
async def test_a_field_as_wide_as_its_text_still_grows(field: type[Input]) -> None:
    layouts, typed = await layouts_while_typing(field, width="auto")
    assert typed == CODE and layouts >= len(CODE) // 2
