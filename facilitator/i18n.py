"""Interface text in Thai and English, from one catalogue.

The catalogue is a set of JSON files in `facilitator/messages/` (one per area of the app), each
mapping a key to its Thai and English text. A test checks that every key has both, and
`tests/test_catalogue.py` that no user-facing text is written anywhere else.

The desk speaks Thai unless told otherwise: by the CLI's `--lang`, by the TUI's language key,
or by an environment whose locale names another language (`language_from_environment`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("th", "en")
_language = "th"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message key with its texts, merged from all catalogue files."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files("facilitator") / "messages"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            for key, texts in json.loads(entry.read_text(encoding="utf-8")).items():
                if key in merged:
                    raise ValueError(f"message key {key!r} defined twice ({entry.name})")
                merged[key] = texts
    return merged


def set_language(lang: str) -> None:
    """Switch the interface language for the rest of the process."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(
            t("i18n.error.unknown_language", lang=lang, languages=", ".join(LANGUAGES))
        )
    _language = lang


def language() -> str:
    return _language


# The variables POSIX reads for the language of messages, strongest first.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The language the environment asks for: Thai unless it names another language.

    The first of LC_ALL, LC_MESSAGES and LANG that is set decides (as POSIX has it): `th_TH...`
    is Thai, `en_US...` or any other language is English. Unset, `C` or `POSIX` say nothing
    about a language (a bare terminal, a service, a fresh laptop), so the desk stays Thai.
    """
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            break
    else:
        return "th"
    base = value.split(".", 1)[0].split("@", 1)[0]
    if base in {"C", "POSIX"} or base.lower().startswith("th"):
        return "th"
    return "en"


def has_text(key: str) -> bool:
    """Whether the catalogue holds `key`."""
    return key in catalogue()


def t(key: str, /, **values: object) -> str:
    """The text for `key` in the current language, with `{name}` fields filled in."""
    return text_in(_language, key, **values)


def text_in(lang: str, key: str, /, **values: object) -> str:
    """The text for `key` in a given language, whatever the interface speaks: a badge is
    printed in Thai and an export has its own language option."""
    texts = catalogue().get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts.get("en") or key
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Text:
    """A catalogue text put into words when shown, so it reads in the language of that moment.

    For a value inside another message (`problem=Text("sync.config_not_object")`) that must not
    be frozen in the language of the moment it was made.
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return t(self.key, **self.params)
