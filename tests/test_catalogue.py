"""No user-facing text bypasses the catalogue, and the catalogue holds nothing unused.

The desk speaks Thai by default and English on request; a literal English sentence anywhere a
user reads it (an error, a printed line, a notification, a widget's label, a `--help` text)
would stay English whatever the language. So this test reads every module of `facilitator/`
and `screens/` (the sources, as ASTs: nothing is imported) and fails on a string literal or
f-string with letters in it at one of those places, unless it is a catalogue key that exists
in both languages. A key given as an f-string (`t(f"role.{role}")`) must belong to one of the
documented key families below, and every catalogue key must be used by a literal somewhere or
belong to one of those families, so the catalogue does not fill up with dead texts.

What the check cannot see: a text assigned to a variable first and passed on later. The places
it watches are the ones where such texts are written in this code base.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from facilitator import i18n

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "facilitator", ROOT / "screens")

KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

# Key families: catalogue keys made with an f-string from a value the code knows (an enum, a
# registry, a storage error code). Each pattern is the f-string with `{}` for the value.
FAMILIES: dict[str, str] = {
    "paperwork.option.{}": "an export option's label (exports.kinds.KindOption.label_key)",
    "paperwork.option.{}.help": "an export option's help, the CLI flag's and the screen's",
    "paperwork.verify.{}": "the verdict of `verify` on a certificate (checkin.certificates)",
    "{}.help": "the help of an export option: its label key plus .help (exports.kinds.KindOption)",
    "paperwork.unpaid.{}": "why someone is not on the payment form (exports.payments)",
    "paperwork.pay.rule.{}": "the day rule of the payment form in words (any, all)",
    "paperwork.kind.{}": "a kind of payment (meals, lodging, travel)",
    "paperwork.pay.col.{}": "a column of the payment form",
    "paperwork.report.col.{}": "a column of a table in the project report",
    "paperwork.setting.{}": "a paperwork setting's name (event_settings.SETTING_KEYS)",
    "paperwork.hint.{}": "a paperwork setting's hint in the settings dialog",
    "roster_edit.field.{}": "a participant field a correction may change (roster.directory.EDITABLE_FIELDS)",
    "roster_edit.event_field.{}": "an event field an edit may change (name, venue, days, sessions)",
    "role.{}": "a participant's role (facilitator.models.Role)",
    "nav.{}": "an area of the app, by its mode name (screens.area.AREAS)",
    "topic.{}": "a mentoring topic (facilitator.mentoring.service.TOPICS)",
    "verdict.{}": "a check-in verdict (facilitator.checkin.service.Verdict)",
    "scan.head.{}": "the banner's headline for a verdict",
    "checkin.pick.{}": "why a session was picked (SessionPick.reason)",
    "export.what.{}": "an export kind (facilitator.exports.kinds.KINDS)",
    "export.what.{}.help": "an export kind's --help text",
    "export.col.{}": "a column of an exported sheet",
    "dashboard.col.{}": "a column of the dashboard's tables",
    "mentoring.field.{}": "a note field (facilitator.mentoring.notes.NOTE_FIELDS)",
    "badges.choose.{}": "a choice in the badge dialog (screens.badges.actions)",
    "sync.table.{}": "a table of the event database, in sync counts",
    "storage.error.{}": "a storage error's code (facilitator.errors.from_storage)",
    "storage.text.{}": "a storage message without a code, known by its wording (facilitator.storage_texts)",
    "storage.notice.{}": "a storage notice's code after an open (facilitator.desk.Desk.warnings)",
    "couch.error.{}": "a CouchDB client error's code (facilitator.sync.service)",
    "couch.action.{}": "what the CouchDB client was doing when it failed (CouchError.params)",
    "cli.colour.{}": "a verdict's colour (Verdict.colour), in `checkin --help`",
    "room.role_short.{}": "a role in short, for the running count (facilitator.checkin.turnout)",
    "kiosk.head.{}": "the kiosk's headline for a verdict (screens.checkin.kiosk)",
    "dashboard.view.{}": "a view of the dashboard (today, the whole event, after lunch)",
    "dates.error.{}": "a date refusal's code (facilitator.thai.dates.DateError, see CODE_MODULES)",
}

# Modules whose errors carry a short code that names their catalogue key with a prefix.
CODE_MODULES: dict[str, str] = {
    "facilitator/thai/dates.py": "dates.error.",
}

# Literals with letters that are not words for a reader. Each is explained; keep it short.
# (f-strings are listed by their pattern, `{}` for each value.)
NOT_TEXT: dict[str, str] = {
    "not a participant id: {}": "a certificate code built from a bad id: a programming error",
    "certificate number out of range: {}": "the same: the program numbered a certificate wrongly",
    "LF": "the name of a key (line feed), which is the same in every language",
    "message key {} defined twice ({})": "the catalogue's own loader: it cannot look itself up, "
    "and only a developer who added a key twice ever sees it",
    "unknown keysym {}": "reading the X keyboard tables that build the Kedmanee map, a "
    "developer's tool; a user never reaches it",
    'no xkb_symbols "basic" section in {}': "the same: a developer's tool over xkb files",
    "window ends before it starts: {} > {}": "a date window built wrongly by the program "
    "itself (a ValueError for a developer, never from what a user typed)",
    "a window needs at least one day": "the same: a programming error in building a window",
    "fit_lines needs at least one size": "the line breaker called without font sizes: a "
    "programming error",
    "16-bit samples expected": "the tone generator fed the wrong WAV: a programming error",
    "unknown sound profile {}": "a sound profile name the program itself passes wrongly",
    "a bucket must divide the hour (5, 10, 15, 20, 30 or 60 minutes)": "the arrivals chart "
    "asked for a bucket size the program never uses",
}

# Functions (and classes) taking a catalogue key, and at which position.
KEY_FUNCTIONS = {
    "t": 0,
    "has_text": 0,
    "text_in": 1,
    "thai": 0,
    "text": 0,
    "Text": 0,
    "RowProblem": 1,
}

# Widgets whose first positional argument is shown as text.
TEXT_WIDGETS = {
    "Static",
    "Label",
    "Button",
    "Option",
    "Checkbox",
    "RadioButton",
    "TabPane",
    "Tab",
    "Collapsible",
    "Markdown",
}
# Keyword arguments shown as text, in any call.
TEXT_KEYWORDS = {"placeholder", "prompt", "tooltip", "help", "description", "epilog", "title"}
# Methods whose returned value is the text a face shows.
TEXT_METHODS = re.compile(r"^(message|summary|line|lines|describe\w*)$")
# Attributes that Textual shows as text.
TEXT_ATTRIBUTES = {"title", "sub_title", "border_title", "border_subtitle", "tooltip"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}: {self.text!r}"


def modules() -> Iterator[tuple[str, ast.Module]]:
    for folder in SOURCES:
        for path in sorted(folder.rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            yield str(path.relative_to(ROOT)), ast.parse(source, filename=str(path))


@cache
def parsed() -> list[tuple[str, ast.Module]]:
    return list(modules())


def exception_names() -> set[str]:
    """Builtin exceptions and every class in the sources that derives from one."""
    names = {
        name
        for name, value in vars(builtins).items()
        if isinstance(value, type) and issubclass(value, BaseException)
    }
    classes = [
        node for _, tree in parsed() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
    ]
    grew = True
    while grew:
        grew = False
        for cls in classes:
            if cls.name not in names and any(_name(b) in names for b in cls.bases):
                names.add(cls.name)
                grew = True
    return names


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def family_of(node: ast.JoinedStr) -> str:
    """An f-string's pattern: its literal parts with `{}` for each value (format specs dropped)."""
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


def pieces(node: ast.expr) -> Iterator[ast.expr]:
    """The literal strings an expression is made of: the branches of `a if c else b`, both
    sides of `+`, the receiver of `"...".format()`, the items of a list or tuple."""
    if (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(
        node, ast.JoinedStr
    ):
        yield node
    elif isinstance(node, ast.IfExp):
        yield from pieces(node.body)
        yield from pieces(node.orelse)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        yield from pieces(node.left)
        if isinstance(node.op, ast.Add):
            yield from pieces(node.right)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from pieces(value)
    elif isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            yield from pieces(item)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        yield from pieces(node.func.value)


def text_sites(tree: ast.Module, exceptions: set[str]) -> Iterator[tuple[ast.expr, str]]:
    """Every expression whose value a user reads, with what kind of place it is."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in exceptions:
                for arg in node.args:
                    yield arg, f"passed to {name}"
            elif name == "print":
                for arg in node.args:
                    yield arg, "printed"
            elif name == "notify":
                yield from ((arg, "notified") for arg in node.args[:1])
            elif name in TEXT_WIDGETS:
                yield from ((arg, f"shown by {name}") for arg in node.args[:1])
            elif name == "Binding" and len(node.args) > 2:
                yield node.args[2], "a key's description"
            elif name in {"add_column", "update"} and isinstance(node.func, ast.Attribute):
                yield from ((arg, f"shown by .{name}()") for arg in node.args[:1])
            elif name == "add_columns":
                yield from ((arg, "a column heading") for arg in node.args)
            elif name == "add_argument_group":
                yield from ((arg, "an option group's title") for arg in node.args[:2])
            elif name == "error" and isinstance(node.func, ast.Attribute):
                yield from ((arg, "an argparse error") for arg in node.args[:1])
            for keyword in node.keywords:
                if keyword.arg in TEXT_KEYWORDS:
                    yield keyword.value, f"{keyword.arg}="
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for arg in node.exc.args:
                yield arg, "raised"
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in TEXT_ATTRIBUTES:
                    yield node.value, f".{target.attr} ="
        elif isinstance(node, ast.FunctionDef) and TEXT_METHODS.match(node.name):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    yield inner.value, f"returned by {node.name}()"


def key_sites(tree: ast.Module) -> Iterator[ast.expr]:
    """Every expression passed where a catalogue key is expected."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            position = KEY_FUNCTIONS.get(_name(node.func))
            if position is not None and len(node.args) > position:
                yield from pieces(node.args[position])


def family_matches(pattern: str, key: str) -> bool:
    regex = "^" + re.escape(pattern).replace(r"\{\}", r"[a-z0-9_]+") + "$"
    return re.match(regex, key) is not None


def known_family(pattern: str) -> bool:
    return pattern in FAMILIES


def is_key(text: str) -> bool:
    """Whether `text` is a catalogue key with a text in every language."""
    texts = i18n.catalogue().get(text)
    return bool(texts) and all(texts.get(lang, "").strip() for lang in i18n.LANGUAGES)


def findings(sources: list[tuple[str, ast.Module]] | None = None) -> list[Finding]:
    """Every text at a user-facing place that is not a catalogue key, in `sources` (default:
    every module of facilitator/ and screens/)."""
    exceptions = exception_names()
    found: list[Finding] = []
    for path, tree in parsed() if sources is None else sources:
        seen: set[int] = set()
        for site, why in text_sites(tree, exceptions):
            for piece in pieces(site):
                if id(piece) in seen:
                    continue
                seen.add(id(piece))
                if isinstance(piece, ast.Constant):
                    text = piece.value
                    if not has_letters(text) or is_key(text) or text in NOT_TEXT:
                        continue
                    prefix = CODE_MODULES.get(path)
                    if prefix and is_key(prefix + text):
                        continue
                    reason = "unknown key" if KEY_SHAPE.match(text) else f"text {why}"
                    found.append(Finding(path, piece.lineno, text, reason))
                else:
                    assert isinstance(piece, ast.JoinedStr)
                    pattern = family_of(piece)
                    if known_family(pattern):
                        continue
                    literal = "".join(p.value for p in piece.values if isinstance(p, ast.Constant))
                    if has_letters(literal) and pattern not in NOT_TEXT:
                        found.append(Finding(path, piece.lineno, pattern, f"f-string {why}"))
        for piece in key_sites(tree):
            if isinstance(piece, ast.Constant):
                if has_letters(piece.value) and not is_key(piece.value):
                    found.append(Finding(path, piece.lineno, piece.value, "no such key"))
            elif isinstance(piece, ast.JoinedStr) and not known_family(family_of(piece)):
                found.append(
                    Finding(path, piece.lineno, family_of(piece), "undocumented key family")
                )
    return found


def literal_strings() -> set[str]:
    return {
        node.value
        for _, tree in parsed()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def fstring_patterns() -> set[str]:
    return {
        family_of(node)
        for _, tree in parsed()
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
    }


def test_no_user_facing_text_bypasses_the_catalogue() -> None:
    assert [str(f) for f in findings()] == []


PLANTED = """
class RosterGone(UserError):
    pass

def refuse(x):
    raise RosterGone(f"{x} is gone")
    return BadgeError(f"{x} unknown")

def tell(app, parser, p):
    print("Imported.")
    app.notify(f"Saved {p}")
    parser.add_argument("--out", help="the file to write")
    yield Static("Ready")
    yield Input(placeholder="Type a name")
    yield Binding("ctrl+s", "save", "Save now")
    return t("no.such.key")

class Plan:
    def summary(self):
        return f"{self.n} new"

def fine(p):
    print(t("cli.roster.count", count=3))
    print(f"{p.n:>4}  {p.code}  [{p.role}]")
    raise UserError("cli.error.no_code")
"""


def test_the_check_finds_what_it_is_meant_to_find() -> None:
    """A module written the old way is caught at every place; one written through the
    catalogue (keys, layout-only f-strings) passes."""
    found = {(f.line, f.why) for f in findings([("planted.py", ast.parse(PLANTED))])}
    assert found == {
        (6, "f-string raised"),
        (7, "f-string passed to BadgeError"),
        (10, "text printed"),
        (11, "f-string notified"),
        (12, "text help="),
        (13, "text shown by Static"),
        (14, "text placeholder="),
        (15, "text a key's description"),
        (16, "no such key"),
        (20, "f-string returned by summary()"),
    }


def test_every_catalogue_key_is_used() -> None:
    used = literal_strings()
    unused = [
        key
        for key in i18n.catalogue()
        if key not in used and not any(family_matches(p, key) for p in FAMILIES)
    ]
    assert unused == []


def test_every_documented_family_has_keys() -> None:
    keys = list(i18n.catalogue())
    assert [p for p in FAMILIES if not any(family_matches(p, k) for k in keys)] == []


def test_the_whitelist_is_still_needed() -> None:
    """An entry of NOT_TEXT that no longer occurs in the code is dropped, not kept "just in case"."""
    used = literal_strings() | fstring_patterns()
    assert [text for text in NOT_TEXT if text not in used] == []


def test_a_literal_that_looks_like_a_key_of_the_catalogue_is_one() -> None:
    """A key kept in a table or a variable (`("push", "cli.sync.push")`) is checked too: a
    literal of three parts or more whose first parts name a group of keys must be a key, so a
    misspelt key cannot slip through to the screen as its own name."""
    keys = i18n.catalogue()
    groups = {key.rsplit(".", 1)[0] for key in keys}
    wrong = sorted(
        text
        for text in literal_strings()
        if KEY_SHAPE.match(text)
        and text.count(".") >= 2
        and text.rsplit(".", 1)[0] in groups
        and text not in keys
    )
    assert wrong == []
