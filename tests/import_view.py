"""The installed layout of the package, for tools that cannot see an editable install.

The source folders sit side by side at the top of the repository (facilitator/, storage/,
screens/) and setuptools maps them to one import name (`facilitator`, `facilitator.storage`,
`facilitator.screens`). import-linter and grimp find a package by walking its folder, so they
would never see `facilitator.storage`; this lays the folders out as the wheel does, with hard
links (cheap, and always the current text), and the linters run there.

    python tests/import_view.py DIR      # then: cd DIR && lint-imports --config ../pyproject.toml
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAPPING = {
    "facilitator": "facilitator",
    "storage": "facilitator/storage",
    "screens": "facilitator/screens",
}


def build_view(target: Path) -> Path:
    """Lay out the package under `target` (emptied first); returns `target`."""
    if target.exists():
        shutil.rmtree(target)
    for source, dest in MAPPING.items():
        for path in (REPO / source).rglob("*.py"):
            if "__pycache__" in path.parts:
                continue
            out = target / dest / path.relative_to(REPO / source)
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                out.hardlink_to(path)
            except OSError:
                shutil.copy2(path, out)
    return target


if __name__ == "__main__":
    print(build_view(Path(sys.argv[1]).resolve()))
