"""Badges from the TUI: one person's badge, today's walk-ins, the new ones, or everyone.

Why a modal with a progress bar: a badge for one walk-in takes a second, but everyone at a big
fair takes the better part of a minute, and the desk must keep answering meanwhile. The PDF is
written by a thread worker; it reports progress with messages (posting is thread-safe and never
waits for the screen, unlike `call_from_thread`), at most once per percent.

Files go to `badges/` beside the database, each under a new name stamped with the time, so a
reprint never overwrites the sheet someone is printing from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from facilitator.badges.service import BadgeRun, Selection
from facilitator.desk import Desk
from facilitator.i18n import t
from facilitator.models import Participant
from facilitator.screens.badges.qr_view import QrScreen
from facilitator.screens.keys import localise
from facilitator.screens.styles import stylesheet

CHOICES = ("walk_ins", "new", "all")


def selection_for(choice: str) -> Selection:
    """The Selection behind each choice of the badges dialog."""
    return {
        "walk_ins": Selection(walk_ins_today=True),
        "new": Selection(new_only=True),
        "all": Selection(),
    }[choice]


class BadgeJobScreen(ModalScreen[BadgeRun | None]):
    """Writes one badge PDF in a thread worker, with a progress bar and the path at the end."""

    CSS = stylesheet(__file__, "badges.tcss")

    BINDINGS = [
        Binding("escape", "close", "badges.job.close", id="badges.job.close"),
    ]

    @dataclass
    class Progressed(Message):
        """Posted from the worker thread: `done` of `total` badges are on the sheet."""

        done: int
        total: int

    def __init__(self, desk: Desk, people: list[Participant], out: Path) -> None:
        super().__init__()
        localise(self)
        self.desk = desk
        self.people = people
        self.out = out
        self.result: BadgeRun | None = None
        self._last_percent = -1

    def compose(self) -> ComposeResult:
        with Vertical(id="badge-job"):
            yield Static(t("badges.job.title", count=len(self.people)), id="badge-job-title")
            yield ProgressBar(total=len(self.people), id="badge-job-bar")
            yield Static("", id="badge-job-result", markup=False)
            yield Button(t("badges.job.close"), id="badge-job-close", disabled=True)

    def on_mount(self) -> None:
        self.write_badges()

    @work(thread=True, exit_on_error=False, group="badges")
    def write_badges(self) -> BadgeRun:
        return self.desk.badges.write(self.people, pdf=self.out, progress=self._report)

    def _report(self, done: int, total: int) -> None:
        """Runs in the worker thread: post progress when the percentage moves."""
        percent = done * 100 // max(total, 1)
        if percent != self._last_percent or done == total:
            self._last_percent = percent
            self.post_message(self.Progressed(done, total))

    def on_badge_job_screen_progressed(self, message: Progressed) -> None:
        self.query_one("#badge-job-bar", ProgressBar).update(
            total=message.total, progress=message.done
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "badges":
            return
        result = self.query_one("#badge-job-result", Static)
        if event.state == WorkerState.SUCCESS:
            run: BadgeRun = event.worker.result
            self.result = run
            bar = self.query_one("#badge-job-bar", ProgressBar)
            bar.update(total=len(run.people), progress=len(run.people))
            result.update(
                t("badges.job.done", count=len(run.people), pages=run.pages)
                + "\n"
                + t("badges.job.path", path=run.pdf)
            )
            self.app.notify(t("badges.notify_done", path=run.pdf), timeout=10, markup=False)
        elif event.state == WorkerState.ERROR:
            result.update(t("badges.job.failed", error=event.worker.error))
            result.add_class("-error")
        else:
            return
        close = self.query_one("#badge-job-close", Button)
        close.disabled = False
        close.focus()

    @on(Button.Pressed, "#badge-job-close")
    def action_close(self) -> None:
        """Close once the job is over; the PDF stays in badges/ either way."""
        if self.query_one("#badge-job-close", Button).disabled:
            return
        self.dismiss(self.result)


class BadgeChoiceScreen(ModalScreen[str | None]):
    """Asks whose badges to write: today's walk-ins, the ones not printed yet, or everyone."""

    CSS = stylesheet(__file__, "badges.tcss")

    BINDINGS = [Binding("escape", "cancel", "badges.choose.cancel", id="badges.cancel")]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        localise(self)
        self.desk = desk

    def compose(self) -> ComposeResult:
        service = self.desk.badges
        with Vertical(id="badge-choice"):
            yield Static(t("badges.choose.title"), id="badge-choice-title", markup=False)
            yield OptionList(
                *(
                    Option(
                        t(f"badges.choose.{c}", count=len(service.select(selection_for(c)))), id=c
                    )
                    for c in CHOICES
                ),
                id="badge-choice-list",
            )

    @on(OptionList.OptionSelected, "#badge-choice-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def write_badges_for(app: App[object], desk: Desk, people: list[Participant], label: str) -> None:
    """Open the job screen writing these people's badges to a fresh file in badges/."""
    if not people:
        app.notify(t("badges.none"), severity="warning", markup=False)
        return
    out = desk.badges.fresh_pdf_path(label)
    app.push_screen(BadgeJobScreen(desk, people, out))


def write_badge_for(app: App[object], desk: Desk, person: Participant) -> None:
    """One person's badge (a walk-in, a lost badge), named by their code."""
    write_badges_for(app, desk, [person], desk.badges.code_of(person))


def show_qr_for(app: App[object], desk: Desk, person: Participant) -> None:
    app.push_screen(QrScreen(person, desk.badges.code_of(person)))


def choose_and_write_badges(app: App[object], desk: Desk) -> None:
    """The "badges" action: ask whose, then write them."""

    def chosen(choice: str | None) -> None:
        if choice is not None:
            people = desk.badges.select(selection_for(choice))
            write_badges_for(app, desk, people, choice.replace("_", "-"))

    app.push_screen(BadgeChoiceScreen(desk), chosen)


class BadgeCommands(Provider):
    """The command palette's "Print badges" entry, from any screen."""

    async def discover(self) -> Hits:
        label = t("badges.palette")
        yield DiscoveryHit(label, self._run, text=label, help=t("badges.palette_help"))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        label = t("badges.palette")
        score = max(matcher.match(label), matcher.match("badges"))
        if score > 0:
            yield Hit(
                score,
                matcher.highlight(label),
                self._run,
                text=label,
                help=t("badges.palette_help"),
            )

    def _run(self) -> None:
        desk: Desk = self.app.desk  # type: ignore[attr-defined]
        choose_and_write_badges(self.app, desk)
