"""One page of each paperwork document, as poppler draws it, against its golden image.

See `reading.py` for the tolerance and how to regenerate the images. With
FACILITATOR_WRITE_DOCS=1 the same pages are also written, at a readable resolution, to
docs/paperwork-*.png, the screenshots the README links to.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from facilitator.desk import Desk
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from tests.facilitator.exports.paperwork_desk import DAY1, open_paperwork_desk
from tests.facilitator.exports.reading import assert_like_golden, render_page

DOCS = Path(__file__).parents[3] / "docs"
DOCS_DPI = 70


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    d = open_paperwork_desk(tmp_path_factory.mktemp("golden") / "event.json")
    yield d
    d.close()


def photo_folder(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    for n, colour in enumerate(["#c87850", "#508cc8"], start=1):
        Image.new("RGB", (640, 480), colour).save(folder / f"activity_{n}.jpg")
    return folder


# (name, kind, format, options, page)
DOCUMENTS = [
    ("signin", "attendance", "pdf", {"group_by_role": True, "blank_rows": 3}, 1),
    ("payments", "payments", "pdf", {}, 1),
    ("certificate", "certificates", "pdf", {}, 1),
    ("report", "report", "pdf", {}, 2),
    ("plan", "plan", "pdf", {}, 1),
]


@pytest.mark.parametrize(
    ("name", "kind", "fmt", "values", "page"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS]
)
def test_the_page_looks_as_it_did(
    desk: Desk, tmp_path: Path, name: str, kind: str, fmt: str, values: dict[str, object], page: int
) -> None:
    out = tmp_path / f"{name}.{fmt}"
    producer = desk.mentoring.list()[1].producer_ids[0] if kind == "plan" else None
    if kind == "report":
        values = {"photos": photo_folder(tmp_path / "photos")}
    options = ExportOptions(day=DAY1) if kind == "attendance" else ExportOptions()
    desk.exports.run(ExportRequest(kind, fmt, out, options, producer, force=True, values=values))
    assert_like_golden(render_page(out, page), name)
    if os.environ.get("FACILITATOR_WRITE_DOCS") == "1":
        render_page(out, page, DOCS_DPI, grey=False).save(
            DOCS / f"paperwork-{name}.png", optimize=True
        )
