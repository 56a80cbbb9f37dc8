"""Report blocks as Markdown: readable as plain text, and pasted into LINE or a wiki as is."""

from __future__ import annotations

from facilitator.exports.blocks import (
    Block,
    Fields,
    Gallery,
    Heading,
    Paragraph,
    Picture,
    Signatures,
    Table,
)
from facilitator.exports.options import ExportOptions
from facilitator.exports.signing import signer_lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def blocks_markdown(blocks: list[Block], opts: ExportOptions) -> str:
    """The blocks in Markdown; a signing spot reads as on the PDF and the DOCX (`signer_lines`:
    the line, the name, "ตำแหน่ง …", the date), in the export's language."""
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            lines += ["#" * b.level + " " + b.text, ""]
        elif isinstance(b, Fields):
            lines += [f"- **{label}:** {value}" for label, value in b.items if value]
            lines.append("")
        elif isinstance(b, Paragraph):
            if b.label:
                lines.append(f"**{b.label}**")
                lines.append("")
            lines += [line.rstrip() for line in b.text.splitlines()]
            lines.append("")
        elif isinstance(b, Table):
            lines.append("| " + " | ".join(_cell(h) for h in b.headers) + " |")
            lines.append("|" + "|".join("---" for _ in b.headers) + "|")
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in b.rows]
            lines.append("")
        elif isinstance(b, Picture | Gallery):
            # Markdown carries no pictures here: their captions say what the PDF shows.
            photos = [b] if isinstance(b, Picture) else b.photos
            lines += [f"- ({p.caption})" for p in photos if p.caption]
            lines.append("")
        elif isinstance(b, Signatures):
            for signer, role in b.signers:
                lines += [*signer_lines(opts, role, signer), ""]
    return "\n".join(lines).rstrip() + "\n"
