"""`--help` laid out for Thai: lines broken between words, measured in terminal cells.

argparse wraps with `textwrap`, which counts characters and breaks only at spaces: a Thai
sentence (no spaces between words) was cut wherever the count ran out, often right before a
tone mark ("พร" / "้อมกัน"), and lines with many marks ended short. Here the help texts go
through the same word breaker the printed sheets use (`thai.linebreak.wrap`), measured with
`cell_width`. The breaker loads its dictionary only when a text does not fit its line, and
only `--help` asks.
"""

from __future__ import annotations

import argparse
import re

from facilitator.thai.linebreak import wrap
from facilitator.thai.text import cell_width

_SPACES = re.compile(r"\s+")


class ThaiHelpFormatter(argparse.HelpFormatter):
    """Help texts wrapped between words at the terminal's width in cells."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(_SPACES.sub(" ", text).strip(), cell_width, max(width, 10)) or [""]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = wrap(_SPACES.sub(" ", text).strip(), cell_width, max(width - len(indent), 10))
        return "\n".join(indent + line for line in lines)


class ThaiRawDescriptionFormatter(ThaiHelpFormatter):
    """The description and epilog kept as written (a table of exit codes); help texts
    wrapped as `ThaiHelpFormatter` does."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "".join(indent + line for line in text.splitlines(keepends=True))


class ThaiArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help, and every subcommand's, is laid out for Thai."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", ThaiHelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
