"""The core stays headless: importing the CLI or the services never loads Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_the_cli_does_not_load_textual() -> None:
    modules = _loaded_after("import facilitator.cli")
    assert "textual" not in modules
    assert "rich" not in modules


def test_storage_knows_nothing_of_the_domain_or_the_ui() -> None:
    modules = _loaded_after("import storage.store, storage.merge, storage.backups")
    assert not {m for m in modules if m.split(".")[0] in {"facilitator", "screens", "textual"}}


def test_the_layer_contract_holds() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    lint = subprocess.run(
        [str(lint_imports), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
