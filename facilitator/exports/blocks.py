"""The blocks a report is made of: headings, label/value fields, paragraphs and tables.

A report decides its content once, as a list of blocks; each writer (Markdown, PDF, Word) only
lays them out, so every format says the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass


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


Block = Heading | Fields | Paragraph | Table
