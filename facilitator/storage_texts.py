"""The storage layer's messages (and the operating system's reasons) in the catalogue's words.

`facilitator.storage` speaks English and knows nothing of the catalogue (it is kept that way so
it can be tested and reused on its own), and its exceptions carry no codes. So its messages are
recognised here by their wording, one pattern per message, and rebuilt from the catalogue with
the same values: the English text the catalogue makes is the storage layer's text, character for
character (`tests/facilitator/test_storage_texts.py` provokes each message and checks the round
trip), and the Thai one says the same in Thai. A message no pattern knows keeps its English
text inside a Thai frame (`storage.error.other`), so nothing is ever lost in translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from facilitator.i18n import Text


@dataclass(frozen=True)
class Lines:
    """Several texts, one a line (a list inside a message)."""

    items: tuple[object, ...]

    def __str__(self) -> str:
        return "\n".join(str(item) for item in self.items)


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text, re.DOTALL)


# (catalogue key, the storage message it stands for); fields named `error` hold another storage
# message, translated in turn.
MESSAGES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "storage.error.locked",
        _pattern(
            r"(?P<path>.+) is already open by PID (?P<pid>\S+) on (?P<host>\S+) since "
            r"(?P<since>\S+)\. Close the other facilitator window first, or use another --db file\."
        ),
    ),
    (
        "storage.text.locked_elsewhere",
        _pattern(
            r"(?P<path>.+) is already open by another process\. Close the other facilitator "
            r"window first, or use another --db file\."
        ),
    ),
    (
        "storage.error.is_folder",
        _pattern(
            r"(?P<path>.+) is a folder, not a database file\. Give --db a file name, "
            r"e\.g\. (?P<example>.+)\."
        ),
    ),
    (
        "storage.text.no_folder",
        _pattern(
            r"Cannot create the folder (?P<folder>.+) for the database \((?P<reason>.+)\)\. "
            r"Check the --db path, or choose a folder you can write to\."
        ),
    ),
    (
        "storage.text.read_only",
        _pattern(
            r"Cannot open (?P<path>.+): the folder (?P<folder>.+) does not let this desk write "
            r"\((?P<reason>.+)\)\. Copy the file to a folder you can write to \(not a CD, a "
            r"read-only USB stick or a shared folder\), or use another --db file\."
        ),
    ),
    (
        "storage.text.save",
        _pattern(
            r"Could not save to (?P<path>.+): (?P<reason>.+)\. Nothing was recorded; "
            r"free some disk space or check the folder, then try again\."
        ),
    ),
    (
        "storage.text.fold",
        _pattern(
            r"Could not write (?P<path>.+) \((?P<reason>.+)\)\. What was saved is safe in "
            r"(?P<journal>.+) and is folded in next time the file opens\. "
            r"Check that the folder is writable and the disk has space\."
        ),
    ),
    (
        "storage.text.backup_not_taken",
        _pattern(r"(?P<error>.+) The backup was not taken; nothing new was written\."),
    ),
    (
        "storage.text.backup",
        _pattern(
            r"Could not take a backup in (?P<folder>.+) \((?P<reason>.+)\); nothing was "
            r"changed\. Check that the folder is writable and the disk has space\."
        ),
    ),
    ("storage.text.no_backup", _pattern(r"No backup named (?P<name>.+) in (?P<folder>.+)")),
    ("sync.bundle.no_file", _pattern(r"(?P<file>.+): no such file\.")),
    ("sync.bundle.unreadable", _pattern(r"(?P<file>.+): cannot read it \((?P<reason>.+)\)\.")),
    (
        "sync.bundle.cut_short",
        _pattern(
            r"(?P<file>.+) is not a complete bundle \(it may have been cut short while copying\)\. "
            r"Export it again at the other desk\. Nothing was imported\."
        ),
    ),
    (
        "sync.bundle.not_a_bundle",
        _pattern(
            r"(?P<file>.+) is not a facilitator bundle\. "
            r"Export one with `facilitator sync export`\."
        ),
    ),
    (
        "sync.bundle.version",
        _pattern(
            r"(?P<file>.+) is a bundle of format version (?P<theirs>.+); this facilitator reads "
            r"version (?P<ours>\d+)\. Use the same facilitator version on both desks\."
        ),
    ),
    (
        "sync.bundle.checksum",
        _pattern(
            r"(?P<file>.+) was changed or damaged after it was exported \(its checksum does not "
            r"match\)\. Export it again at the other desk\. Nothing was imported\."
        ),
    ),
    (
        "sync.bundle.tables",
        _pattern(r"(?P<file>.+): the bundle's tables are malformed\. Nothing was imported\."),
    ),
    (
        "sync.bundle.record",
        _pattern(r"(?P<file>.+): a record of (?P<table>.+) is malformed\. Nothing imported\."),
    ),
    (
        "sync.bundle.counts",
        _pattern(r"(?P<file>.+): the record counts do not match its header\. Nothing imported\."),
    ),
    (
        "storage.problem.fold",
        _pattern(r"could not fold the journal into (?P<name>[^:]+): (?P<error>.+)"),
    ),
    (
        "storage.problem.previous",
        _pattern(
            r"(?P<name>.+) was damaged; opened the previous generation instead "
            r"\((?P<problems>.*)\)"
        ),
    ),
)

# Why one generation of the file could not be read ("event.json.prev: the file is empty").
REASONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("storage.reason.missing", _pattern(r"missing")),
    ("storage.reason.empty", _pattern(r"the file is empty")),
    ("storage.reason.zeros", _pattern(r"the file is all zero bytes")),
    ("storage.reason.not_json", _pattern(r"the file is not valid JSON \((?P<detail>.+)\)")),
    (
        "storage.reason.not_ours",
        _pattern(
            r"the file has no storage header: it is not a facilitator event database "
            r"\(check that --db names the event file\)"
        ),
    ),
    (
        "storage.reason.checksum",
        _pattern(r"the checksum does not match the content \(damaged or edited\)"),
    ),
)

# The operating system's reasons (`strerror`, English in a C locale) that a desk meets.
OS_REASONS: dict[str, str] = {
    "Permission denied": "os.error.permission",
    "Operation not permitted": "os.error.not_permitted",
    "No such file or directory": "os.error.no_such_file",
    "Read-only file system": "os.error.read_only",
    "No space left on device": "os.error.disk_full",
    "File exists": "os.error.exists",
    "Not a directory": "os.error.not_a_folder",
    "Is a directory": "os.error.is_a_folder",
    "Disk quota exceeded": "os.error.quota",
}


def os_reason(text: object) -> object:
    """An operating system's reason ("Permission denied") in the catalogue's words."""
    key = OS_REASONS.get(str(text))
    return Text(key) if key else text


_CORRUPT = re.compile(r"Cannot open (?P<path>.+): no valid copy of the database was found\.")
_BACKUPS = "Backups that can be restored (newest first):"
_RUN = re.compile(r"Run: facilitator --db (?P<path>.+) restore (?P<name>\S+)")
_NO_BACKUPS = re.compile(r"No backups were found in (?P<folder>.+)")
_UNCHANGED = "The damaged file was not changed."


_JSON_AT = re.compile(
    r"(?P<message>.+): line (?P<line>\d+) column (?P<column>\d+) \(char (?P<char>\d+)\)"
)


#: What Python's json parser says when it stops (English only), by catalogue key.
JSON_MESSAGES: dict[str, str] = {
    "Unterminated string starting at": "storage.json.unterminated",
    "Expecting ',' delimiter": "storage.json.comma",
    "Expecting ':' delimiter": "storage.json.colon",
    "Expecting value": "storage.json.value",
    "Expecting property name enclosed in double quotes": "storage.json.name",
    "Extra data": "storage.json.extra",
    "Invalid control character at": "storage.json.control",
    "Invalid \\escape": "storage.json.escape",
}


def _json_detail(detail: str) -> object:
    """Where json's parser stopped ("Expecting ',' delimiter: line 47 column 212 (char 20826)"),
    as a line and a column the user can look at; json's own words are English only."""
    found = _JSON_AT.fullmatch(detail)
    if not found:
        return detail
    params: dict[str, Any] = found.groupdict()
    key = JSON_MESSAGES.get(params["message"])
    if key:
        params["message"] = Text(key)
    return Text("storage.reason.json_at", params)


def file_reason(text: object) -> object:
    """Why a database file could not be used ("the file is empty"), in the catalogue's words
    when it is one the storage layer writes; an operating system's reason likewise."""
    found = _match(REASONS, str(text))
    return found if found is not None else os_reason(text)


def _match(table: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> Text | None:
    for key, pattern in table:
        found = pattern.fullmatch(text)
        if found:
            params: dict[str, Any] = {k: v or "" for k, v in found.groupdict().items()}
            if "reason" in params:
                params["reason"] = os_reason(params["reason"])
            if "detail" in params:
                params["detail"] = _json_detail(params["detail"])
            if "error" in params:
                params["error"] = storage_text(params["error"])
            if "problems" in params:
                params["problems"] = _Joined(
                    tuple(_problem(p) for p in params["problems"].split("; "))
                )
            return Text(key, params)
    return None


@dataclass(frozen=True)
class _Joined:
    """Problems of several generations on one line, as the storage layer writes them."""

    items: tuple[object, ...]

    def __str__(self) -> str:
        return "; ".join(str(item) for item in self.items)


def _problem(text: str) -> object:
    """ "event.json: the file is empty", with the reason in the catalogue's words."""
    name, sep, reason = text.partition(": ")
    known = _match(REASONS, reason) if sep else None
    if known is None:
        return text
    return Text("storage.reason.line", {"name": name, "reason": known})


def _corrupt(text: str) -> Text | None:
    """The refusal to open a damaged file: its problems, the backups, the command to restore."""
    lines = text.split("\n")
    head = _CORRUPT.fullmatch(lines[0])
    if head is None:
        return None
    out: list[object] = [Text("storage.text.corrupt", {"path": head["path"]})]
    for line in lines[1:]:
        run, none = _RUN.fullmatch(line), _NO_BACKUPS.fullmatch(line)
        if line.startswith("  - "):
            out.append(Text("storage.text.corrupt_problem", {"problem": _problem(line[4:])}))
        elif line == _BACKUPS:
            out.append(Text("storage.text.corrupt_backups"))
        elif run:
            out.append(Text("storage.text.corrupt_run", run.groupdict()))
        elif none:
            out.append(Text("storage.text.corrupt_no_backups", none.groupdict()))
        elif line == _UNCHANGED:
            out.append(Text("storage.text.corrupt_unchanged"))
        else:
            out.append(line)  # a backup's name, or a line this version does not know
    return Text("storage.text.lines", {"lines": Lines(tuple(out))})


def storage_text(message: str) -> object:
    """A storage message as a text that reads in the current language; unknown ones as they are."""
    return _corrupt(message) or _match(MESSAGES, message) or message


def known(message: str) -> Text | None:
    """The catalogue text for a storage message, or None if no pattern knows it."""
    return _corrupt(message) or _match(MESSAGES, message)
