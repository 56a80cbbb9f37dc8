"""Compile the command line's gettext catalogue (`.po`, text) into the `.mo` gettext reads.

The `.mo` is shipped in the package (gettext reads only the binary form) and rebuilt from the
`.po` by running `.venv/bin/python -m tests.mo_file`; `tests/facilitator/cli/test_languages.py`
checks that the two agree, so an edit of the `.po` cannot be forgotten. GNU msgfmt would do the
same, but it is one more Debian package for a file of thirty messages.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "facilitator" / "messages" / "locale").glob("*/LC_MESSAGES/*.po"))
MAGIC = 0x950412DE


def parse_po(text: str) -> dict[str, str]:
    """{msgid: msgstr} of a .po file; a plural entry is keyed "singular\\0plural" and its
    forms are joined by NUL, as the .mo format stores them."""
    entries: dict[str, str] = {}
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None

    def flush() -> None:
        if "msgid" in fields:
            msgid = "".join(fields["msgid"])
            if "msgid_plural" in fields:
                msgid += "\0" + "".join(fields["msgid_plural"])
                forms = sorted(k for k in fields if k.startswith("msgstr["))
                entries[msgid] = "\0".join("".join(fields[k]) for k in forms)
            else:
                entries[msgid] = "".join(fields.get("msgstr", []))
        fields.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            assert current is not None, raw
            current.append(ast.literal_eval(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid":
            flush()
        current = fields.setdefault(keyword, [])
        current.append(ast.literal_eval(rest))
    flush()
    return entries


def compile_po(text: str) -> bytes:
    """The .mo bytes of a .po text (no hash table: gettext does not need one)."""
    entries = sorted((k.encode(), v.encode()) for k, v in parse_po(text).items())
    count = len(entries)
    originals_at = 7 * 4
    translations_at = originals_at + 8 * count
    data_at = translations_at + 8 * count
    originals, translations, data = [], [], b""
    for source, _ in entries:
        originals.append((len(source), data_at + len(data)))
        data += source + b"\0"
    for _, target in entries:
        translations.append((len(target), data_at + len(data)))
        data += target + b"\0"
    header = struct.pack("<7I", MAGIC, 0, count, originals_at, translations_at, 0, data_at)
    tables = b"".join(struct.pack("<2I", *pair) for pair in originals + translations)
    return header + tables + data


def mo_path(po: Path) -> Path:
    return po.with_suffix(".mo")


def main() -> int:
    for po in CATALOGUES:
        mo_path(po).write_bytes(compile_po(po.read_text(encoding="utf-8")))
        print(f"wrote {mo_path(po).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
