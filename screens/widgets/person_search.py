"""Find a person by typing part of a name, and choose them with the arrow keys and Enter.

A standalone widget because two screens need it: the check-in desk (a forgotten badge) and the
mentoring screen (pick a producer and a mentor). It only reads the roster through
`ParticipantDirectory.search` and says what was chosen with a `PersonChosen` message, so each
screen decides what choosing means. A screen may pass `note` to print a word beside each person
("here since 09:12"), `roles` to offer only some roles, and `no_match` to say what to do when a
query finds nobody ("ไม่พบ — Ctrl+N ลงทะเบียนหน้างาน").
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from facilitator.labels import role_label
from facilitator.models import Participant
from facilitator.roster.directory import ParticipantDirectory
from facilitator.screens.widgets.steady_input import SteadyInput


@dataclass
class PersonChosen(Message):
    """The user chose `participant` in `search` (Enter on a result, or a click)."""

    search: PersonSearch
    participant: Participant

    @property
    def control(self) -> PersonSearch:
        return self.search


class PersonSearch(Vertical):
    """A query box over a result list; the list follows the box from the first keystroke."""

    DEFAULT_CSS = """
    PersonSearch {
        height: auto;
        max-height: 16;
    }
    PersonSearch > Input {
        margin: 0;
    }
    PersonSearch > OptionList {
        height: auto;
        max-height: 12;
        border: none;
    }
    """

    BINDINGS = [
        Binding(
            "down",
            "move(1)",
            "search.key.next",
            id="person_search.down",
            tooltip="search.key.next",
            show=False,
        ),
        Binding(
            "up",
            "move(-1)",
            "search.key.previous",
            id="person_search.up",
            tooltip="search.key.previous",
            show=False,
        ),
        Binding(
            "escape",
            "cancel",
            "search.key.close",
            id="person_search.cancel",
            tooltip="search.key.close",
            show=False,
        ),
    ]

    PersonChosen = PersonChosen

    @dataclass
    class Cancelled(Message):
        """The user closed the search without choosing (Escape)."""

        search: PersonSearch

        @property
        def control(self) -> PersonSearch:
            return self.search

    def __init__(
        self,
        directory: ParticipantDirectory,
        *,
        note: Callable[[Participant], str] | None = None,
        roles: Collection[str] | None = None,
        placeholder: str = "",
        no_match: str = "",
        limit: int = 20,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.directory = directory
        self.note = note
        self.roles = set(roles) if roles else None
        self.placeholder = placeholder
        self.no_match = no_match
        self.limit = limit
        self.people: list[Participant] = []

    def compose(self) -> ComposeResult:
        yield SteadyInput(placeholder=self.placeholder, classes="person-search-query")
        results = OptionList(classes="person-search-results")
        results.can_focus = False  # the arrows work from the query box
        yield results

    @property
    def query_box(self) -> Input:
        return self.query_one(".person-search-query", Input)

    @property
    def results(self) -> OptionList:
        return self.query_one(".person-search-results", OptionList)

    def focus_query(self) -> None:
        self.query_box.focus()

    def reset(self) -> None:
        """Empty the query and the results, ready for the next person."""
        self.query_box.value = ""
        self.show_people([])

    def show_people(self, people: list[Participant], query: str = "") -> None:
        self.people = people
        results = self.results
        results.clear_options()
        results.add_options([Option(self._row(p), id=p.id) for p in people])
        if people:
            results.highlighted = 0
        elif query.strip() and self.no_match:
            # A line to read, not to choose: Enter on it does nothing (`_choose` finds nobody).
            results.add_option(Option(Text(self.no_match, style="bold yellow"), disabled=True))

    def _row(self, p: Participant) -> Text:
        row = Text(p.display_name, style="bold")
        details = " · ".join(
            x for x in (p.position, role_label(p.role), p.affiliation, p.phone) if x
        )
        row.append(f"  {details}", style="dim")
        if self.note is not None and (word := self.note(p)):
            row.append(f"  {word}", style="bold green")
        return row

    @on(Input.Changed, ".person-search-query")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        found = self.directory.search(
            event.value, limit=self.limit * 3 if self.roles else self.limit
        )
        if self.roles is not None:
            found = [p for p in found if p.role in self.roles][: self.limit]
        self.show_people(found, event.value)

    @on(Input.Submitted, ".person-search-query")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(self.results.highlighted)

    @on(OptionList.OptionSelected, ".person-search-results")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.people):
            return
        self.post_message(PersonChosen(self, self.people[index]))

    def action_move(self, step: int) -> None:
        if step > 0:
            self.results.action_cursor_down()
        else:
            self.results.action_cursor_up()

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self))
