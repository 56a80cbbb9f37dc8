"""The wheel installs one import name, `facilitator`, with everything it needs beside the code.

The source folders stay where the project keeps them (facilitator/, storage/, screens/ at the
top); setuptools maps them under `facilitator`. A distribution that installed `storage` or
`screens` as top-level packages would collide with other projects' (pip silently merges
folders of the same name).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from tests.import_view import MAPPING, REPO


def _declared_packages() -> set[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_folder_is_declared_under_the_one_import_name() -> None:
    found = set()
    for source, installed in MAPPING.items():
        for init in (REPO / source).rglob("__init__.py"):
            rel = init.parent.relative_to(REPO / source)
            found.add(".".join([*installed.split("/"), *rel.parts]))
    data = {"facilitator.messages", "facilitator.thai.fonts"}
    assert found | data == _declared_packages()


def test_the_wheel_has_one_top_level_name_and_its_styles_fonts_and_texts(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("facilitator-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
        assert archive.read(top_level).decode().split() == ["facilitator"]
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {
        "facilitator"
    }
    for needed in (
        "facilitator/storage/store.py",
        "facilitator/screens/app.tcss",
        "facilitator/screens/checkin/checkin.tcss",
        "facilitator/messages/core.json",
        "facilitator/thai/fonts/Sarabun-Regular.ttf",
    ):
        assert needed in names
