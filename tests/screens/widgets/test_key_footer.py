"""The key footer: the keys of the area in front, in one line, at any width."""

from __future__ import annotations

from pathlib import Path

from facilitator.i18n import set_language
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.roster.participants import ParticipantsScreen
from facilitator.screens.widgets.key_footer import (
    APP,
    GUIDE,
    OWN,
    KeyFooter,
    KeyHint,
    PlacedHint,
    fit_hints,
)
from tests.demo_desks import open_demo_desk
from tests.screens.conftest import wait_until


def describe(placed: list[PlacedHint]) -> list[str]:
    """The hints as the line reads them: "f2 Check-in", or "f2" without its name."""
    return [
        f"{p.hint.display} {p.hint.description}" if p.with_description else p.hint.display
        for p in placed
    ]


def hint(key: str, description: str, rank: int, enabled: bool = True) -> KeyHint:
    return KeyHint(key, key.replace("ctrl+", "^"), description, enabled, rank)


AREA = [
    hint("ctrl+f", "Search", OWN),
    hint("ctrl+o", "Import file", OWN),
    hint("ctrl+q", "Quit", APP),
    hint("f1", "Help", GUIDE),
    hint("f10", "Sound", APP),
    *(hint(f"f{n}", name, GUIDE) for n, name in enumerate(("Check-in", "People", "Room"), 2)),
]
PALETTE = hint("ctrl+p", "palette", APP)


def test_everything_shows_when_there_is_room() -> None:
    placed, palette = fit_hints(AREA, PALETTE, 200)
    assert describe(placed) == [
        "^f Search",
        "^o Import file",
        "^q Quit",
        "f1 Help",
        "f10 Sound",
        "f2 Check-in",
        "f3 People",
        "f4 Room",
    ]
    assert palette is not None and palette.start + palette.width == 200  # at the right edge


def test_when_the_line_is_full_the_apps_own_keys_go_before_the_area_keys() -> None:
    placed, _ = fit_hints(AREA, PALETTE, 90)
    shown = describe(placed)
    assert "^q Quit" not in shown and "f10 Sound" not in shown
    assert shown[:3] == ["^f Search", "^o Import file", "f1 Help"]
    assert "f2 Check-in" in shown


def test_narrower_still_the_area_keys_lose_their_names_from_the_right_then_the_palette() -> None:
    placed, palette = fit_hints(AREA, PALETTE, 70)
    assert describe(placed) == ["^f Search", "^o Import file", "f1 Help", "f2 Check-in", "f3", "f4"]
    assert palette is not None
    placed, palette = fit_hints(AREA, PALETTE, 50)
    assert describe(placed) == ["^f Search", "^o Import file", "f1 Help", "f2", "f3", "f4"]
    assert palette is None


def test_the_screens_own_keys_and_f1_are_the_last_to_go() -> None:
    placed, _ = fit_hints(AREA, PALETTE, 36)
    assert describe(placed) == ["^f Search", "^o Import file", "f1 Help"]
    for one in placed:  # nothing overlaps, nothing runs past the edge
        assert one.start + one.width <= 36
    assert [p.start for p in placed] == sorted(p.start for p in placed)


async def test_at_80_columns_in_thai_the_participants_footer_keeps_help_and_the_area_keys(
    tmp_path: Path,
) -> None:
    set_language("th")
    desk = open_demo_desk(tmp_path / "ev.json")
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        shown = describe(footer.shown)
        assert "f1 ช่วยเหลือ" in shown
        assert any(s.startswith("f2") for s in shown)  # Textual's footer cut F2-F8 off here
        assert not any(s.startswith("^q") for s in shown)  # the help lists it
        assert sum(p.width for p in footer.shown) <= 80
    desk.close()


async def test_the_footer_follows_the_focus_and_a_click_presses_the_key(tmp_path: Path) -> None:
    desk = open_demo_desk(tmp_path / "ev.json")
    app = FacilitatorApp(desk, start_mode="checkin")
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        before = describe(footer.shown)
        f3 = next(p for p in footer.shown if p.hint.key == "f3")
        await pilot.click(KeyFooter, offset=(f3.start + 1, 0))
        await wait_until(lambda: isinstance(app.screen, ParticipantsScreen))
        footer = app.screen.query_one(KeyFooter)
        await wait_until(lambda: describe(footer.shown) != before)
        assert any(p.hint.key == "ctrl+o" for p in footer.shown)  # the participants' own keys
    desk.close()
