"""Data shown as written: brackets in a name are letters, never Textual markup.

A plain string in a `DataTable` cell or an `Option` prompt is parsed as markup, so a product
called "[/]" crashed the screen and "[@click=app.quit]" became a link. Everything that shows
data goes through `plain`: brackets are escaped, so the text reads exactly as it was written
(and a name without brackets, nearly every name, is the very same string).
"""

from __future__ import annotations

from textual.markup import escape


def plain(*cells: object) -> tuple[object, ...]:
    """The cells, each string with its markup escaped (other values as they are)."""
    return tuple(escape(cell) if isinstance(cell, str) else cell for cell in cells)


def literal(text: str) -> str:
    """One string with its markup escaped."""
    return escape(text)
