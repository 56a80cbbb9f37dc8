"""The core stays headless: importing the CLI or the services never loads Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.import_view import REPO, build_view


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_the_cli_does_not_load_textual() -> None:
    modules = _loaded_after("import facilitator.cli")
    assert "textual" not in modules
    assert "rich" not in modules


def test_storage_knows_nothing_of_the_domain_or_the_ui() -> None:
    modules = _loaded_after(
        "import facilitator.storage.store, facilitator.storage.merge, facilitator.storage.backups"
    )
    ours = {m for m in modules if m == "facilitator" or m.startswith("facilitator.")}
    assert ours - {"facilitator"} == {m for m in ours if m.startswith("facilitator.storage")}
    assert "textual" not in modules


def test_the_layer_contracts_hold(tmp_path: Path) -> None:
    view = build_view(tmp_path / "view")
    lint_imports = Path(sys.executable).with_name("lint-imports")
    lint = subprocess.run(
        [str(lint_imports), str(REPO / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=view,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
