"""`facilitator kiosk --pin PIN` and `facilitator projector` open the TUI for the room."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from facilitator.cli import main, tui
from facilitator.cli.context import CliContext
from tests.demo_desks import open_demo_desk

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A demo database, and `run_tui` replaced by a note of how it was asked to open."""
    open_demo_desk(tmp_path / "ev.json").close()
    asked: dict[str, Any] = {}

    def fake_run_tui(ctx: CliContext, **options: Any) -> int:
        asked.update(options, volume=ctx.desk().sounds.settings.kiosk_volume)
        return 0

    monkeypatch.setattr(tui, "run_tui", fake_run_tui)
    asked["db"] = str(tmp_path / "ev.json")
    return asked


def test_kiosk_opens_the_tui_locked_with_the_pin_and_keeps_its_volume(
    opened: dict[str, Any],
) -> None:
    assert main(["--db", opened["db"], "kiosk", "--pin", "๒๔๖๘", "--volume", "35"]) == 0
    assert opened["kiosk_pin"] == "2468" and opened["volume"] == 35


def test_a_pin_that_is_no_pin_is_refused_before_anything_opens(
    opened: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", opened["db"], "kiosk", "--pin", "12"]) == 1
    assert "4 to 8 digits" in capsys.readouterr().err
    assert "kiosk_pin" not in opened


def test_projector_opens_on_the_projector_view(opened: dict[str, Any]) -> None:
    assert main(["--db", opened["db"], "projector"]) == 0
    assert opened["start_mode"] == "projector"
