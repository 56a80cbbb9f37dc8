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


def _import_graph(view: Path) -> dict[str, set[str]]:
    """Module -> the facilitator modules it imports (at any depth of the file), from grimp."""
    code = (
        "import json, grimp\n"
        "g = grimp.build_graph('facilitator', cache_dir=None)\n"
        "print(json.dumps({m: sorted(g.find_modules_directly_imported_by(m)) for m in g.modules}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=view
    )
    return {m: set(deps) for m, deps in __import__("json").loads(out.stdout).items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), i.e. import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_back_through_others(tmp_path: Path) -> None:
    graph = _import_graph(build_view(tmp_path / "view"))
    graph["facilitator.cli.tui"].discard("facilitator.screens.app")  # the one deferred face link
    # A package's __init__ re-exporting its modules is not a cycle of modules.
    graph = {
        m: {d for d in deps if not m.startswith(d + ".") and not d.startswith(m + ".")}
        for m, deps in graph.items()
    }
    assert _cycles(graph) == []


def test_no_face_reaches_past_the_desk_into_its_store() -> None:
    """The faces call the Desk's services; `desk.store` is the storage layer's object."""
    import ast

    offenders = []
    for folder in (REPO / "screens", REPO / "facilitator" / "cli"):
        for path in folder.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr == "store":
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []
