"""What the person at the desk sees, through a real terminal: launch, scan, search, memory.

Everything here runs in a 120x35 tmux pane (`bench.terminal`): the facilitator as the desk
starts it (`facilitator --lang en --db FILE`, the CLI entry point of the venv), and beside it
the minimal Textual app (`bench.minimal_app`: an Input and a Static, on the same Python) whose
times are the floors. Each facilitator figure is reported as a ratio to its floor:

- launch → first scan's verdict: from asking tmux to start the app to the first scan's
  person on screen. The scan is typed as soon as the first frame shows (the scan field's
  placeholder); the floor is the minimal app started the same way, a code typed as soon as its
  first frame shows, and its answer on screen. Each launch opens a fresh copy of the event.
- scan → name on screen: a reserved person's code typed as one burst plus Enter, until their
  name is on the pane (p95 over about 100 scans; each is a real check-in while the reserve
  lasts, 250 people from 5,000 up; at 50 the 19 reserved people come round again and get the
  "already" verdict, which shows the name too). Without sync, and (at the
  synced sizes) with desk B syncing every 2 s (`bench.second_desk`) against the CouchDB
  database the TUI's live sync pulls from (`FACILITATOR_COUCH_URL`); the TUI pulls B's
  check-ins while the scans run, and the count on the check-in screen proves it. Floor: the
  minimal app's code + Enter → answer.
- search keystroke → results on screen: on the participants screen (F3, Ctrl+F), two
  surnames and a phone number typed a key at a time; after each key, until the query is echoed
  and the first rows are the people the desk's own search lists first (worked out when the
  event was built). Floor: the minimal app's key → echo.
- TUI peak memory: the TUI's own VmHWM (/proc/<pid>/status) after loading, the scans, the
  search, and a round of the dashboard, mentoring and check-in screens. Floor: the minimal
  app's VmHWM.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import REPO, BenchResult, beside, failed, repeats, scratch_dir, summarise
from bench.events import BuiltEvent, copy_event, prepared
from bench.minimal_app import PLACEHOLDER as MINIMAL_PLACEHOLDER
from bench.terminal import Terminal, TerminalTimeout, vm_hwm_mb

SCAN_SPACING_S = 0.12
"""Quiet scans: the next code goes in this long after the previous one was typed."""
SYNCED_SPACING_S = 0.3
"""With desk B syncing: slower, so the ~100 scans span several of the TUI's pulls."""
SYNCED_SIZES = (5000, 20000)
"""Where the second desk runs (and `--quick` adds the biggest size it measures)."""
LAUNCH_TIMEOUT_S = 240.0
STEP_TIMEOUT_S = 60.0
CODE = re.compile(r"\b[ACDFGIKLOPRSTV]{19}\b")


@dataclass
class QuietRun:
    """One size without sync: every launch, and the first launch's scans, search and memory."""

    launches: list[float] = field(default_factory=list)
    scans: list[float] = field(default_factory=list)
    search: list[float] = field(default_factory=list)
    open_participants: float = 0.0
    search_error: str = ""
    peak_mb: float = 0.0


@dataclass
class SyncedRun:
    """One size with desk B syncing: the scans, the proof that B's check-ins came in, memory."""

    scans: list[float] = field(default_factory=list)
    seconds: float = 0.0
    pulled_from_b: int = 0
    peak_mb: float = 0.0
    desk_b: dict[str, Any] = field(default_factory=dict)


def _texts() -> dict[str, str]:
    """The English texts the benches look for, from the app's own catalogue."""
    from facilitator.i18n import set_language, t

    set_language("en")
    count = re.escape(t("room.count", here="HERE", expected="EXPECTED"))
    return {
        "placeholder": t("scan.placeholder"),
        "search_title": t("participants.title", count="COUNT").split("COUNT")[0],
        "dashboard": f"[Ctrl+D {t('dashboard.view.today')}]",
        "mentoring": t("mentoring.filter_person"),
        "sync_ok": t("sync.status.ok"),
        "sync_never": t("sync.status.never"),
        "count": count.replace("HERE", r"(\d+)").replace("EXPECTED", r"(\d+)"),
    }


def _env(**extra: str) -> dict[str, str]:
    """What the apps get on top of this process's environment: no sounds (the bench machine
    has no speakers; a player would be a process per verdict), and what the caller adds."""
    return {"FACILITATOR_SOUND_PLAYER": "none", **extra}


def _facilitator() -> str:
    script = Path(sys.executable).with_name("facilitator")
    return str(script) if script.exists() else "facilitator"


# -- the floors: the minimal app ------------------------------------------------------------


def _fake_code(n: int) -> str:
    letters = "ACDFGIKLOPRSTV"
    return "".join(letters[(n * 7 + i * 3 + n // 14) % 14] for i in range(19))


def minimal_floors(scans: int, typed: str) -> list[BenchResult]:
    """Launch, scan → answer and key → echo of the minimal app, and its VmHWM."""
    command = [sys.executable, "-m", "bench.minimal_app"]
    launches: list[float] = []
    scan_s: list[float] = []
    key_s: list[float] = []
    peak = None
    for n in range(repeats(5, 2)):
        with Terminal(command, env=_env(), cwd=REPO, label="minimal") as term:
            term.wait_text(MINIMAL_PLACEHOLDER, LAUNCH_TIMEOUT_S, since=term.started_at)
            first = _fake_code(1000 + n)
            term.type(first)
            term.key("Enter")
            launches.append(term.wait_text(f"got:{first}", STEP_TIMEOUT_S, term.started_at))
            if n:
                continue
            for k in range(scans):
                code = _fake_code(k)
                begin = time.perf_counter()
                term.type(code)
                term.key("Enter")
                scan_s.append(term.wait_text(f"got:{code}", STEP_TIMEOUT_S, begin))
                _sleep_until(begin + SCAN_SPACING_S)
            value = ""
            for ch in typed:
                value += ch
                begin = time.perf_counter()
                term.type(ch)
                key_s.append(term.wait_text(f"echo:{value}", STEP_TIMEOUT_S, begin))
            assert term.pid is not None
            peak = vm_hwm_mb(term.pid)
    return [
        summarise("minimal app: launch → first answer", 0, launches),
        summarise("minimal app: scan → answer", 0, scan_s),
        summarise("minimal app: key → echo", 0, key_s),
        BenchResult("minimal app: peak memory (VmHWM)", 0, "MB", peak or 0, peak or 0),
    ]


# -- the facilitator ----------------------------------------------------------------------------


def _sleep_until(moment: float) -> None:
    left = moment - time.perf_counter()
    if left > 0:
        time.sleep(left)


def _tui(db: str, **env: str) -> Terminal:
    command = [_facilitator(), "--lang", "en", "--db", db, "--station", "desk-a"]
    return Terminal(command, env=_env(**env), cwd=Path(db).parent, label="tui")


def _launch(term: Terminal, built: BuiltEvent, texts: dict[str, str]) -> float:
    """Seconds from start to the first scan's name on screen (the scan typed at first frame)."""
    term.start()
    term.wait_text(texts["placeholder"], LAUNCH_TIMEOUT_S, since=term.started_at)
    first = built.reserve[0]
    term.type(first.code)
    term.key("Enter")
    return term.wait_text(first.display_name, LAUNCH_TIMEOUT_S, since=term.started_at)


def _scan_all(term: Terminal, built: BuiltEvent, count: int, spacing: float) -> list[float]:
    """Scan `count` reserved people (cycling, skipping the launch's), timing code → name."""
    people = built.reserve[1:] or built.reserve
    took = []
    for n in range(count):
        person = people[n % len(people)]
        begin = time.perf_counter()
        term.type(person.code)
        term.key("Enter")
        took.append(term.wait_text(person.display_name, STEP_TIMEOUT_S, begin))
        _sleep_until(begin + spacing)
    return took


def _search_input(screen: str) -> str | None:
    """What the participants screen's search box shows (its value or its placeholder)."""
    for line in screen.splitlines():
        body = line.strip()
        if body.startswith("▊") and not set(body) <= set("▊▔▁▎ "):
            return body.strip("▊▎").strip()
    return None


def _shows(screen: str, query: str, codes: list[str], placeholder: str) -> bool:
    """The box echoes `query` and the first rows are `codes`, in order."""
    shown = _search_input(screen)
    if shown is None:
        return False
    if query:
        if shown.replace(" ", "") != query.replace(" ", ""):
            return False
    elif not shown.startswith(placeholder[:20]):
        return False
    listed = CODE.findall(screen)
    return listed[: len(codes)] == codes and (bool(codes) or not listed)


def _search(term: Terminal, built: BuiltEvent, texts: dict[str, str]) -> tuple[list[float], float]:
    """Per keystroke on the participants screen; also how long F3 took to show everyone."""
    from facilitator.i18n import t

    placeholder = t("participants.search")
    begin = time.perf_counter()
    term.key("F3")
    opened = term.wait_for(
        lambda s: texts["search_title"] in s and _shows(s, "", built.searches[""], placeholder),
        STEP_TIMEOUT_S,
        begin,
    )
    term.key("C-f")
    took: list[float] = []
    for query in built.queries:
        for n in range(1, len(query) + 1):
            prefix, expected = query[:n], built.searches[query[:n]]
            begin = time.perf_counter()
            term.type(query[n - 1])
            took.append(
                term.wait_for(
                    lambda s, p=prefix, e=expected: _shows(s, p, e, placeholder),
                    STEP_TIMEOUT_S,
                    begin,
                )
            )
        term.key("C-u")  # empty the box: everyone again (not timed as a search keystroke)
        term.wait_for(lambda s: _shows(s, "", built.searches[""], placeholder), STEP_TIMEOUT_S)
    return took, opened


def _tour(term: Terminal, texts: dict[str, str]) -> None:
    """A round of screens, as the desk does during a day (dashboard, mentoring, back)."""
    for key, text in (("F4", "dashboard"), ("F5", "mentoring"), ("F2", "placeholder")):
        term.key(key)
        term.wait_text(texts[text], STEP_TIMEOUT_S)


def quiet(size: int, folder: Path, texts: dict[str, str], scans: int) -> QuietRun:
    """Launches, quiet scans, search and memory at one size."""
    built = prepared(size)
    out = QuietRun()
    for n in range(repeats(3 if size >= 5000 else 5, 1)):
        copy = copy_event(built, folder / f"launch-{n}")
        term = _tui(copy.db)
        try:
            out.launches.append(_launch(term, copy, texts))
            if n == 0:
                out.scans = _scan_all(term, copy, scans, SCAN_SPACING_S)
                try:
                    out.search, out.open_participants = _search(term, copy, texts)
                except TerminalTimeout as exc:
                    out.search_error = str(exc)
                    print(f"  search at {size:,} failed: {exc}", file=sys.stderr)
                _tour(term, texts)
                out.peak_mb = _peak(term)
        finally:
            term.close()
        shutil.rmtree(copy.path.parent, ignore_errors=True)
    return out


def _peak(term: Terminal) -> float:
    peak = vm_hwm_mb(term.pid) if term.pid is not None else None
    if peak is None:
        raise RuntimeError("the TUI was gone before its memory could be read")
    return peak


def synced(size: int, folder: Path, texts: dict[str, str], scans: int) -> SyncedRun:
    """Scans while desk B checks people in and syncs every 2 s with the TUI's CouchDB."""
    from bench.couch import forget, two_desks

    desks = two_desks(size)
    stats = folder / f"desk-b-{size}.json"
    ready = stats.with_suffix(".ready")
    desk_b = subprocess.Popen(
        [sys.executable, "-m", "bench.second_desk", "--db", desks.b.db, "--url", desks.url,
         "--stats", str(stats)],
        cwd=REPO,
        env={**os.environ, **_env()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    term = _tui(desks.a.db, FACILITATOR_COUCH_URL=desks.url)
    out = SyncedRun()
    try:
        deadline = time.monotonic() + LAUNCH_TIMEOUT_S
        while not ready.exists():
            if desk_b.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"desk B did not start: {desk_b.stderr.read()[-800:]!r}")
            time.sleep(0.1)
        _launch(term, desks.a, texts)
        # The TUI's first sync (a backup, then a pull) ends before the scans start.
        term.wait_for(
            lambda s: texts["sync_ok"] in s and texts["sync_never"] not in s, LAUNCH_TIMEOUT_S
        )
        here_before = _here(term.screen(), texts)
        began = time.perf_counter()
        out.scans = _scan_all(term, desks.a, scans, SYNCED_SPACING_S)
        out.seconds = time.perf_counter() - began
        time.sleep(0.5)
        here_after = _here(term.screen(), texts)
        scanned = len({p.participant_id for p in (desks.a.reserve[1:] or desks.a.reserve)[:scans]})
        out.pulled_from_b = here_after - here_before - scanned
        out.peak_mb = _peak(term)
    finally:
        term.close()
        if desk_b.poll() is None:
            desk_b.send_signal(signal.SIGTERM)
        try:
            desk_b.wait(timeout=60)
        except subprocess.TimeoutExpired:
            desk_b.kill()
            desk_b.wait()
        forget(size)
    if stats.exists():
        out.desk_b = json.loads(stats.read_text())
    return out


def _here(screen: str, texts: dict[str, str]) -> int:
    found = re.search(texts["count"], screen)
    return int(found.group(1)) if found else -1


def run(sizes: list[int]) -> list[BenchResult]:
    if shutil.which("tmux") is None:
        why = "tmux is not installed (apt-get install tmux)"
        print(f"bench_terminal skipped: {why}", file=sys.stderr)
        return [failed("terminal benches", max(sizes), "ms", why)]
    texts = _texts()
    scans = repeats(100, 30)
    typed = "".join(prepared(min(sizes)).queries)
    floors = minimal_floors(scans, typed)
    scan_floor, memory_floor = floors[1], floors[3]
    results = list(floors)
    synced_sizes = [s for s in sizes if s in SYNCED_SIZES]
    if not synced_sizes and sizes:
        synced_sizes = [max(sizes)]  # --quick: the second desk still runs, at the biggest size
    with scratch_dir("bench-terminal-") as folder:
        for size in sizes:
            print(f"  terminal at {size:,} ...", file=sys.stderr, flush=True)
            results += _quiet_results(size, folder, texts, scans, floors)
            if size in synced_sizes:
                results += _synced_results(size, folder, texts, scans, scan_floor, memory_floor)
    return results


def _quiet_results(
    size: int, folder: Path, texts: dict[str, str], scans: int, floors: list[BenchResult]
) -> list[BenchResult]:
    launch_floor, scan_floor, key_floor, memory_floor = floors
    try:
        got = quiet(size, folder, texts, scans)
    except (TerminalTimeout, RuntimeError) as exc:
        print(f"  terminal at {size:,} failed: {exc}", file=sys.stderr)
        return [failed("TUI: launch → first scan's name", size, "ms", str(exc).splitlines()[0])]
    search_name = "TUI: search keystroke → results"
    if got.search:
        search = beside(
            summarise(
                search_name, size, got.search, open_participants_ms=got.open_participants * 1000
            ),
            key_floor,
        )
    else:
        search = failed(search_name, size, "ms", got.search_error.splitlines()[0])
    peak = BenchResult("TUI: peak memory (VmHWM)", size, "MB", got.peak_mb, got.peak_mb)
    return [
        beside(summarise("TUI: launch → first scan's name", size, got.launches), launch_floor),
        beside(summarise("TUI: scan → name on screen", size, got.scans), scan_floor),
        search,
        beside(peak, memory_floor),
    ]


def _synced_results(
    size: int,
    folder: Path,
    texts: dict[str, str],
    scans: int,
    scan_floor: BenchResult,
    memory_floor: BenchResult,
) -> list[BenchResult]:
    name = "TUI: scan → name, second desk syncing"
    try:
        got = synced(size, folder, texts, scans)
    except (TerminalTimeout, RuntimeError) as exc:
        print(f"  terminal (synced) at {size:,} failed: {exc}", file=sys.stderr)
        return [failed(name, size, "ms", str(exc).splitlines()[0])]
    result = summarise(
        name,
        size,
        got.scans,
        pulled_from_b=got.pulled_from_b,
        b_checked_in=got.desk_b.get("checked_in"),
        b_syncs=got.desk_b.get("syncs"),
        b_sync_median_ms=got.desk_b.get("sync_median_ms"),
        over_s=round(got.seconds, 1),
    )
    peak = BenchResult("TUI: peak memory, syncing (VmHWM)", size, "MB", got.peak_mb, got.peak_mb)
    return [beside(result, scan_floor), beside(peak, memory_floor)]
