"""Documents the app writes hold names, phones and valid codes: owner-only, whole, no leftovers."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from facilitator.badges.service import Selection
from facilitator.desk import Desk
from facilitator.exports.service import ExportRequest
from facilitator.files import save_beside_then_rename, write_atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_badges_exports_and_their_folders_are_the_owners_only(demo_desk: Desk) -> None:
    old = os.umask(0)
    try:
        people = demo_desk.badges.select(Selection(role="lecturer"))
        run = demo_desk.badges.write(
            people, pdf=demo_desk.badges.fresh_pdf_path("t"), png_dir=demo_desk.folder / "pictures"
        )
        out = demo_desk.exports.default_path("attendance", "csv")
        demo_desk.exports.run(ExportRequest("attendance", "csv", out))
    finally:
        os.umask(old)
    assert run.pdf is not None and mode(run.pdf) == 0o600
    assert run.pngs and all(mode(p) == 0o600 for p in run.pngs)
    assert mode(run.pdf.parent) == 0o700 and mode(demo_desk.folder / "pictures") == 0o700
    assert mode(out) == 0o600 and mode(out.parent) == 0o700


def test_a_write_killed_half_way_leaves_nothing_that_the_next_write_keeps(tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    leftover = tmp_path / ".sheet.pdf.abc123.tmp"  # what a kill inside a write leaves
    leftover.write_bytes(b"half a sheet with names")
    save_beside_then_rename(out, lambda tmp: tmp.write_bytes(b"%PDF whole"))
    assert out.read_bytes() == b"%PDF whole" and not leftover.exists()
    leftover.write_bytes(b"again")
    write_atomic(out, b"%PDF newer", force=True)
    assert not leftover.exists()
