"""A real terminal for the benches: one private tmux server per app, driven in control mode.

Why tmux and not `App.run_test`: a headless Pilot stops at the message queue, so it misses the
part of the wait the person at the desk sees, from the keys reaching the terminal to the
characters painted on it (the driver's parsing, the compositor, the escape codes, the pty).
Here the app runs in a 120x35 tmux pane like on the desk laptop; keys go in with `send-keys`
as a USB scanner's do (a burst of characters, then Enter), and the bench polls the pane with
`capture-pane -p` until the expected text is on it.

Polling goes through one control-mode client (`tmux -C attach`): a capture is one round trip
on tmux's socket (about 0.2 ms), not a new process, so polling every millisecond costs the
measured app almost nothing and the resolution is about a millisecond. The same driver runs
the minimal app that gives the floors, so what polling does cost is in both.

Every `Terminal` has its own tmux server (`-L` socket named after this process and a
counter), so it never touches the user's tmux; `close()` kills the app, the server and the
client, and the context manager calls it whatever happened.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

WIDTH, HEIGHT = 120, 35
POLL_S = 0.001
_serial = itertools.count(1)


class TerminalTimeout(RuntimeError):
    """The expected text did not appear in time; the message carries the last screen."""


class Terminal:
    """One app running in its own tmux server, and a control-mode client to drive it."""

    def __init__(
        self,
        command: Sequence[str],
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        label: str = "app",
    ) -> None:
        self.command = list(command)
        self.env = dict(env or {})
        self.cwd = cwd
        self.socket = f"bench-{os.getpid()}-{next(_serial)}"
        self.session = f"{label}-{self.socket}"
        self.started_at = 0.0
        self.pid: int | None = None
        self._client: subprocess.Popen[bytes] | None = None
        self._buffer = b""

    # -- life --------------------------------------------------------------------------------

    def start(self) -> float:
        """Start the app in a fresh tmux server; returns the moment it was asked to start."""
        environ = {**os.environ, **self.env, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
        environ.pop("TMUX", None)
        shell_line = "exec " + " ".join(_quote(part) for part in self.command)
        if self.cwd is not None:
            shell_line = f"cd {_quote(str(self.cwd))} && {shell_line}"
        # The pane stays after the app exits, so a crash leaves its traceback to be read.
        config = Path(tempfile.gettempdir()) / f"{self.socket}.conf"
        config.write_text("set-option -g remain-on-exit on\n")
        self.started_at = time.perf_counter()
        self._tmux(
            "-f", str(config), "new-session", "-d", "-s", self.session,
            "-x", str(WIDTH), "-y", str(HEIGHT), shell_line,
            env=environ,
        )  # fmt: skip
        self._tmux("set-option", "-s", "escape-time", "0")
        self._tmux("set-option", "-t", self.session, "window-size", "manual")
        pid = self._tmux("display-message", "-p", "-t", self.session, "#{pane_pid}")
        self.pid = int(pid.strip())
        self._client = subprocess.Popen(
            ["tmux", "-u", "-L", self.socket, "-C", "attach-session", "-t", self.session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self._read_block()  # the attach's own reply
        self.command_line("refresh-client -f no-output")  # no %output flood to parse
        config.unlink(missing_ok=True)
        return self.started_at

    def close(self) -> None:
        """Stop the app (TERM, then KILL), the control client and the tmux server."""
        if self.pid is not None:
            _stop(self.pid)
            self.pid = None
        if self._client is not None:
            with contextlib.suppress(OSError):
                if self._client.stdin:
                    self._client.stdin.close()
            self._client.kill()
            self._client.wait(timeout=10)
            self._client = None
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)

    def __enter__(self) -> Terminal:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- driving -----------------------------------------------------------------------------

    def command_line(self, line: str) -> str:
        """One tmux command through the control client; its output."""
        assert self._client is not None and self._client.stdin is not None
        self._client.stdin.write(line.encode() + b"\n")
        ok, output = self._read_block()
        if not ok:
            raise RuntimeError(f"tmux refused {line!r}: {output}")
        return output

    def screen(self) -> str:
        """The pane's text now, one line per row."""
        return self.command_line(f"capture-pane -p -t {self.session}")

    def type(self, text: str) -> None:
        """Characters as a keyboard-wedge scanner types them: one burst into the pty."""
        self.command_line(f"send-keys -t {self.session} -l {_quote(text)}")

    def key(self, *names: str) -> None:
        """Named keys (Enter, F3, C-f, BSpace, ...)."""
        self.command_line(f"send-keys -t {self.session} {' '.join(names)}")

    def wait_for(
        self, condition: Callable[[str], bool], timeout: float = 60.0, since: float | None = None
    ) -> float:
        """Poll the pane until `condition(screen)` holds; seconds from `since` (default: now)
        to the capture that showed it."""
        begin = time.perf_counter() if since is None else since
        deadline = time.perf_counter() + timeout
        next_check = time.perf_counter() + 0.5
        shown = ""
        while True:
            shown = self.screen()
            seen = time.perf_counter()
            if condition(shown):
                return seen - begin
            if seen > next_check:  # an app that died will not paint it: say so at once
                next_check = seen + 0.5
                if self.pid is not None and not _alive(self.pid):
                    raise TerminalTimeout(f"the app exited; its screen was:\n{shown}")
            if seen > deadline:
                raise TerminalTimeout(f"waited {timeout:.0f} s; the screen was:\n{shown}")
            time.sleep(POLL_S)

    def wait_text(self, text: str, timeout: float = 60.0, since: float | None = None) -> float:
        """`wait_for` the text anywhere on the pane."""
        return self.wait_for(lambda screen: text in screen, timeout, since)

    # -- plumbing ----------------------------------------------------------------------------

    def _tmux(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        done = subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=dict(env) if env is not None else None,
            check=False,
            timeout=30,
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args[:3])} failed: {done.stderr.strip()}")
        return done.stdout

    def _read_block(self) -> tuple[bool, str]:
        """Read the next `%begin` ... `%end`/`%error` block (skipping notifications)."""
        assert self._client is not None and self._client.stdout is not None
        lines: list[bytes] = []
        inside = False
        fd = self._client.stdout.fileno()
        while True:
            while b"\n" not in self._buffer:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise RuntimeError("the tmux control client went away")
                self._buffer += chunk
            line, self._buffer = self._buffer.split(b"\n", 1)
            if line.startswith(b"%begin"):
                inside, lines = True, []
            elif inside and (line.startswith(b"%end") or line.startswith(b"%error")):
                return line.startswith(b"%end"), b"\n".join(lines).decode("utf-8", "replace")
            elif inside:
                lines.append(line)


def vm_hwm_mb(pid: int) -> float | None:
    """A live process's own peak resident memory (VmHWM), in MB; None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _quote(text: str) -> str:
    """Single-quoted for tmux's and sh's parsers alike."""
    return "'" + text.replace("'", "'\\''") + "'"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _stop(pid: int, grace: float = 3.0) -> None:
    """TERM, wait a little, then KILL: the app never outlives its bench."""
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.02)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
