"""Green, amber and red each sound their own, and a player that hangs never holds up the desk.

The player here is a real program on PATH (a shell script that notes what it was asked to play
and then sleeps for half a minute), not a mock: what is proven is that the desk starts it and
walks on.
"""

from __future__ import annotations

import os
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.checkin.sounds import (
    SOUND_FILES,
    TONE_FOLDER,
    SoundPlayer,
    Sounds,
    find_player,
    tone_wav,
)
from tests.demo_desks import open_demo_desk

HANG_SECONDS = 30


class MemoryState:
    """Desk-local state in a dict."""

    def __init__(self) -> None:
        self.data: dict[str, object] = {}

    def local(self, key: str, default: object = None) -> object:
        return self.data.get(key, default)

    def set_local(self, key: str, value: object) -> None:
        self.data[key] = value


def hanging_player(folder: Path, name: str = "paplay") -> Path:
    """A player that writes its arguments to a log, then hangs (as a stuck sound server does)."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "played.log"
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "$$ $@" >> "{log}"\nexec sleep {HANG_SECONDS}\n')
    script.chmod(0o755)
    return log


@pytest.fixture
def player_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A hanging `paplay` first on PATH, so `find_player` finds it."""
    log = hanging_player(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("FACILITATOR_SOUND_PLAYER", raising=False)
    yield log


def played(log: Path, count: int, timeout: float = 10.0) -> list[tuple[int, str]]:
    """The (pid, file name) of the first `count` plays, once the players have written them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = log.read_text().splitlines() if log.exists() else []
        if len(lines) >= count:
            return [(int(pid), Path(path).name) for pid, path in (x.split(" ", 1) for x in lines)]
        time.sleep(0.02)
    raise AssertionError(f"the player was started fewer than {count} times")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


def test_the_shipped_tones_are_the_ones_the_notes_make_and_each_is_short_and_distinct() -> None:
    files = {colour: (TONE_FOLDER / name).read_bytes() for colour, name in SOUND_FILES.items()}
    assert set(files) == {"green", "amber", "red"}
    assert len(set(files.values())) == 3
    for colour, data in files.items():
        assert data == tone_wav(colour), (
            f"{colour}.wav differs: run python -m facilitator.checkin.sounds"
        )
        with wave.open(str(TONE_FOLDER / SOUND_FILES[colour])) as tone:
            seconds = tone.getnframes() / tone.getframerate()
            assert 0.1 < seconds < 0.6  # short: the next scan comes in a second


def test_each_verdict_colour_plays_its_own_file_without_waiting_for_the_player(
    player_log: Path,
) -> None:
    sounds = Sounds(MemoryState(), SoundPlayer.find())
    try:
        for n, colour in enumerate(("green", "amber", "red"), start=1):
            started = time.monotonic()
            result = sounds.play(colour)
            assert time.monotonic() - started < 0.5  # the player sleeps for 30 s
            assert result.sound == SOUND_FILES[colour] and not result.bell
            played(player_log, n)  # (a player replaced before it wrote its line would be lost)
        assert [name for _, name in played(player_log, 3)] == ["green.wav", "amber.wav", "red.wav"]
    finally:
        sounds.close()


def test_a_new_sound_replaces_one_still_playing_and_closing_silences_the_last(
    player_log: Path,
) -> None:
    sounds = Sounds(MemoryState(), SoundPlayer.find())
    sounds.play("green")
    [(first, _)] = played(player_log, 1)
    sounds.play("red")
    [_, (second, _)] = played(player_log, 2)
    deadline = time.monotonic() + 5
    while alive(first) and time.monotonic() < deadline:
        time.sleep(0.02)
        sounds.player._reap()
    assert not alive(first)  # at most one plays at a time per desk
    assert alive(second)
    sounds.close()
    deadline = time.monotonic() + 5
    while alive(second) and time.monotonic() < deadline:
        time.sleep(0.02)
        sounds.player._reap()
    assert not alive(second)


def test_with_no_player_the_bell_rings_for_amber_and_red_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FACILITATOR_SOUND_PLAYER", "bell")
    assert find_player() is None
    sounds = Sounds(MemoryState(), SoundPlayer.find())
    assert [sounds.play(c).bell for c in ("green", "amber", "red")] == [False, True, True]


def test_muted_plays_nothing_and_rings_nothing(player_log: Path) -> None:
    sounds = Sounds(MemoryState(), SoundPlayer.find())
    sounds.toggle_mute()
    result = sounds.play("red")
    assert result.muted and result.sound is None and not result.bell
    assert sounds.player.started == 0
    sounds.toggle_mute()
    assert sounds.play("red").sound == "red.wav"
    sounds.close()


def test_the_kiosk_has_its_own_volume_kept_by_the_desk(tmp_path: Path, player_log: Path) -> None:
    desk = open_demo_desk(tmp_path / "ev.json")
    desk.sounds.set_volume(40, "kiosk")
    assert desk.sounds.play("green").sound == "green.wav"  # the desk stays at 100%
    kiosk = desk.sounds.play("green", "kiosk")
    assert kiosk.sound == "040-green.wav"
    with wave.open(str(desk.sounds.file_for("green", 40))) as quiet:
        frames = quiet.readframes(quiet.getnframes())
    assert (
        max(
            abs(int.from_bytes(frames[i : i + 2], "little", signed=True))
            for i in range(0, len(frames), 2)
        )
        < 0.45 * 32767
    )
    desk.close()
    again = open_demo_desk(tmp_path / "ev.json")
    assert again.sounds.settings.kiosk_volume == 40 and again.sounds.settings.volume == 100
    again.close()
