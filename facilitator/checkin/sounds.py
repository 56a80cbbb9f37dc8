"""Sounds for the verdicts: green, amber and red each have their own, heard while the eyes are on
the queue.

Why: the terminal bell was the only sound and rang for red alone, so an amber "already checked
in" passed unheard while the facilitator looked at the person. Three short tones (shipped as WAV
files in `tones/`, made by `tone_wav` from the notes in `TONES`) are played by whatever the
system has (`paplay`, `aplay`, `afplay`, found once); with none of them the face rings the
terminal bell instead.

Why the player is never waited for: a scan must be answered at queue speed, and a sound server
that hangs (a PulseAudio socket stuck after suspend, a Bluetooth sink gone) would otherwise
freeze the desk. `SoundPlayer.play` starts the player as a detached process and returns at
once; at most one plays per desk, a new sound replacing the one still playing (its process
group is killed, never joined). Exits are collected later with `poll`, never `wait`.
"""

from __future__ import annotations

import array
import contextlib
import io
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import wave
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

TONE_FOLDER = Path(__file__).parent / "tones"
SAMPLE_RATE = 22050

# The verdict colour → the file played: the mapping is data, one place to change it.
SOUND_FILES: dict[str, str] = {"green": "green.wav", "amber": "amber.wav", "red": "red.wav"}

# Each tone as (frequency in Hz, milliseconds) notes; 0 Hz is a rest. Rising for "in", two
# equal beeps for "look at the screen", a low falling buzz for "not checked in".
TONES: dict[str, tuple[tuple[float, int], ...]] = {
    "green": ((988.0, 70), (0.0, 20), (1319.0, 110)),
    "amber": ((740.0, 110), (0.0, 70), (740.0, 110)),
    "red": ((330.0, 160), (0.0, 30), (220.0, 260)),
}
# A square-ish wave (odd harmonics) for red cuts through a noisy room; sines for the others.
HARMONICS: dict[str, tuple[float, ...]] = {
    "green": (1.0,),
    "amber": (1.0, 0.0, 0.15),
    "red": (1.0, 0.0, 0.33, 0.0, 0.2),
}

# Players in the order they are looked for, with the options that keep them quiet on stdout.
PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("afplay", ()),
)
PLAYER_ENV = "FACILITATOR_SOUND_PLAYER"
"""A player command to use instead of looking for one; "bell" or "none" for no player."""

# Without a player, the bell rings for the verdicts that need the facilitator's eyes.
BELL_COLOURS = frozenset({"amber", "red"})

SETTINGS_KEY = "sound_settings"
"""Desk-local state: muted, and the volume of the desk and of the kiosk (0–100)."""
PROFILES = ("desk", "kiosk")


def tone_wav(colour: str, volume: int = 100) -> bytes:
    """The WAV file of one verdict's tone, at `volume` percent (deterministic: same bytes each run)."""
    samples = array.array("h")
    harmonics = HARMONICS[colour]
    norm = sum(harmonics)
    amplitude = 0.6 * 32767 * max(0, min(volume, 100)) / 100
    for frequency, ms in TONES[colour]:
        count = SAMPLE_RATE * ms // 1000
        fade = max(1, min(count // 4, SAMPLE_RATE * 8 // 1000))  # 8 ms ramps: no clicks
        for n in range(count):
            if frequency == 0:
                samples.append(0)
                continue
            envelope = min(1.0, n / fade, (count - 1 - n) / fade)
            phase = 2 * math.pi * frequency * n / SAMPLE_RATE
            value = sum(a * math.sin(k * phase) for k, a in enumerate(harmonics, 1) if a) / norm
            samples.append(round(amplitude * envelope * value))
    if samples.itemsize != 2:  # pragma: no cover - 'h' is 16 bits on every platform we run on
        raise RuntimeError("16-bit samples expected")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def write_tones(folder: Path = TONE_FOLDER) -> list[Path]:
    """Write the shipped tone files (run once by a developer; the files are committed)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for colour, name in SOUND_FILES.items():
        path = folder / name
        path.write_bytes(tone_wav(colour))
        written.append(path)
    return written


def find_player() -> list[str] | None:
    """The command line (without the file) of the first player on this system, else None."""
    chosen = os.environ.get(PLAYER_ENV, "").strip()
    if chosen:
        if chosen in {"bell", "none"}:
            return None
        found = shutil.which(chosen)
        return [found] if found else None
    for name, options in PLAYERS:
        found = shutil.which(name)
        if found:
            return [found, *options]
    return None


class SoundPlayer:
    """Plays one file at a time through a system player, never waiting for it."""

    def __init__(self, command: Sequence[str] | None) -> None:
        self.command = list(command) if command else None
        self._lock = threading.Lock()
        self._current: Any = None
        self._ended: list[Any] = []
        self.started = 0
        """How many players were started (tests and the bench read it)."""

    @classmethod
    def find(cls) -> SoundPlayer:
        """A player for whatever this system has (looked for once, here)."""
        return cls(find_player())

    @property
    def available(self) -> bool:
        return self.command is not None

    def play(self, path: Path) -> bool:
        """Start playing `path`, replacing a sound still playing; False if no player could start."""
        if self.command is None:
            return False
        with self._lock:
            self._reap()
            self._stop_current()
            try:
                self._current = subprocess.Popen(
                    [*self.command, str(path)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,  # its own process group: killed whole, never joined
                    close_fds=True,
                )
            except OSError:
                self._current = None
                return False
            self.started += 1
            return True

    def stop(self) -> None:
        """Silence whatever plays (the desk closes)."""
        with self._lock:
            self._stop_current()
            self._reap()

    def _stop_current(self) -> None:
        current, self._current = self._current, None
        if current is None or current.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(current.pid, signal.SIGKILL)
        self._ended.append(current)

    def _reap(self) -> None:
        """Collect the exit of players that ended (poll only: a stuck one is tried next time)."""
        self._ended = [p for p in self._ended if p.poll() is None]


@dataclass(frozen=True)
class SoundSettings:
    """Whether sounds are on, and how loud at the desk and at the kiosk (percent)."""

    muted: bool = False
    volume: int = 100
    kiosk_volume: int = 100

    def volume_of(self, profile: str) -> int:
        return self.kiosk_volume if profile == "kiosk" else self.volume

    def to_dict(self) -> dict[str, Any]:
        return {"muted": self.muted, "volume": self.volume, "kiosk_volume": self.kiosk_volume}

    @classmethod
    def from_dict(cls, data: object) -> SoundSettings:
        if not isinstance(data, dict):
            return cls()

        def level(name: str) -> int:
            value = data.get(name, 100)
            return clamp(value) if isinstance(value, int) else 100

        return cls(bool(data.get("muted", False)), level("volume"), level("kiosk_volume"))


def clamp(volume: int) -> int:
    """A volume kept within 0–100 percent."""
    return max(0, min(100, int(volume)))


@dataclass(frozen=True)
class Played:
    """What one `Sounds.play` did, for the face: which file, or ring the bell, or nothing."""

    colour: str
    sound: str | None = None
    """The file name given to the player (None: nothing was played)."""
    bell: bool = False
    """The face should ring the terminal bell (no player on this system, or it failed)."""
    muted: bool = False


class LocalState(Protocol):
    """Where the settings are kept (the desk's local state: not synced to other desks)."""

    def local(self, key: str, default: Any = None) -> Any: ...

    def set_local(self, key: str, value: Any) -> None: ...


class Sounds:
    """The desk's sounds: the verdict → sound mapping, mute, volumes, and one player."""

    def __init__(self, state: LocalState, player: SoundPlayer) -> None:
        self._state = state
        self.player = player
        self.settings = SoundSettings.from_dict(state.local(SETTINGS_KEY))
        self._scaled: dict[tuple[str, int], Path] = {}
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    # -- settings ------------------------------------------------------------------------------

    def _save(self, settings: SoundSettings) -> SoundSettings:
        self.settings = settings
        self._state.set_local(SETTINGS_KEY, settings.to_dict())
        return settings

    def set_muted(self, muted: bool) -> SoundSettings:
        return self._save(replace(self.settings, muted=muted))

    def toggle_mute(self) -> SoundSettings:
        """Sounds off if on, on if off (the F10 key and the palette)."""
        return self.set_muted(not self.settings.muted)

    def set_volume(self, volume: int, profile: str = "desk") -> SoundSettings:
        """The volume of the desk or of the kiosk, in percent (kept apart: a kiosk faces a queue)."""
        if profile not in PROFILES:
            raise ValueError(f"unknown sound profile {profile!r}")
        field = "kiosk_volume" if profile == "kiosk" else "volume"
        return self._save(replace(self.settings, **{field: clamp(volume)}))

    # -- playing -------------------------------------------------------------------------------

    def file_for(self, colour: str, volume: int = 100) -> Path:
        """The file to play for a verdict colour at a volume (a quieter copy is made once)."""
        shipped = TONE_FOLDER / SOUND_FILES[colour]
        volume = clamp(volume)
        if volume == 100:
            return shipped
        key = (colour, volume)
        if key not in self._scaled:
            if self._folder is None:
                self._folder = tempfile.TemporaryDirectory(prefix="facilitator-sounds-")
            path = Path(self._folder.name) / f"{volume:03d}-{SOUND_FILES[colour]}"
            path.write_bytes(tone_wav(colour, volume))
            self._scaled[key] = path
        return self._scaled[key]

    def play(self, colour: str, profile: str = "desk") -> Played:
        """Sound a verdict of this colour; returns at once whatever the player does."""
        if colour not in SOUND_FILES:
            return Played(colour)
        settings = self.settings
        volume = settings.volume_of(profile)
        if settings.muted or volume == 0:
            return Played(colour, muted=True)
        if self.player.available:
            path = self.file_for(colour, volume)
            if self.player.play(path):
                return Played(colour, sound=path.name)
        return Played(colour, bell=colour in BELL_COLOURS)

    def close(self) -> None:
        """Stop the player and remove the quieter copies."""
        self.player.stop()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
        self._scaled.clear()


if __name__ == "__main__":  # python -m facilitator.checkin.sounds: write the shipped tones
    for written in write_tones():
        print(written)
