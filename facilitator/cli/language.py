"""The command line's language: chosen before the parser is built, argparse's own words included.

Every `--help` text is looked up when its parser is built, so the language must be settled
first: `requested_language` reads a global `--lang` from argv ahead of argparse, and without it
the environment decides (`facilitator.i18n.language_from_environment`: Thai unless the locale
names another language).

argparse's own words ("usage:", "options", "show this help message and exit", "the following
arguments are required") go through `gettext.gettext`, the module-level function that reads the
current text domain's catalogue in the language named by LANGUAGE (then LC_ALL, LC_MESSAGES,
LANG). That is the hook Python's argparse documentation gives for translating it ("How to
translate the argparse output"): `speak` binds a domain of our own whose Thai catalogue ships in
`facilitator/messages/locale/`, and names the chosen language in LANGUAGE, so `--lang th` wins
over an English locale and `--lang en` over a Thai one.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Sequence
from pathlib import Path

from facilitator.i18n import LANGUAGES, language_from_environment, set_language

DOMAIN = "argparse"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "messages" / "locale"

# Global options that take a value: their value is not the command name.
_VALUED = ("--db", "--station", "--lang")


def requested_language(argv: Sequence[str]) -> str | None:
    """The value of the global `--lang` (also `--lang=xx` or a prefix such as `--la`), if any.

    Only the options before the command count: `export attendance --lang en` asks for English
    headings in the file, not an English interface.
    """
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        if name.startswith("--l") and "--lang".startswith(name):
            if not eq:
                value = args[i + 1] if i + 1 < len(args) else ""
            return value if value in LANGUAGES else None
        if not arg.startswith("-"):
            return None  # the command: what follows is its own
        i += 2 if arg in _VALUED else 1
    return None


def speak(lang: str) -> None:
    """Use `lang` for the catalogue's texts and for argparse's own words."""
    set_language(lang)
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang


def choose_language(argv: Sequence[str]) -> str:
    """`--lang` if given, else what the environment says; and speak it."""
    lang = requested_language(argv) or language_from_environment()
    speak(lang)
    return lang
