"""The blocks a report is made of: headings, label/value fields, paragraphs, tables, pictures.

A report decides its content once, as a list of blocks; each writer (Markdown, PDF, Word) only
lays them out, so every format says the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.event_settings import Signer


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Fields:
    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Paragraph:
    label: str
    text: str


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative


@dataclass(frozen=True)
class Picture:
    """A PNG or JPEG (its bytes), `width` mm wide on the page, with a caption under it."""

    data: bytes
    width: float
    caption: str = ""


@dataclass(frozen=True)
class Gallery:
    """Photos side by side, `columns` to a row, each with its caption (an activity page)."""

    photos: list[Picture]
    columns: int = 2


@dataclass(frozen=True)
class Signatures:
    """Signing spots side by side: (who signs, what they sign as), e.g. the producer's and the
    mentor's at the foot of a development plan. Who signs is a `Signer`, so a position set in
    the paperwork settings is printed under the name; None leaves the spot blank to fill in."""

    signers: list[tuple[Signer | None, str]]


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a new page (a cover, a photo page)."""


Block = Heading | Fields | Paragraph | Table | Picture | Gallery | Signatures | PageBreak
