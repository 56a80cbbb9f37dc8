"""Each screen's styles from the .tcss file beside it, scoped to that screen.

Textual loads a screen's `CSS_PATH` into the App's one global stylesheet, where a rule for one
area's `#title` would restyle every other's. A screen's `CSS`, with `SCOPED_CSS` (the default),
is scoped to the screen's type instead; `stylesheet` reads the area's file into it once, when the
class is defined.
"""

from __future__ import annotations

from pathlib import Path


def stylesheet(module_file: str, name: str) -> str:
    """The text of the stylesheet `name` in the folder of `module_file`."""
    return (Path(module_file).parent / name).read_text(encoding="utf-8")
