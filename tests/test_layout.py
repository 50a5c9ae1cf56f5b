"""The architecture: imports point down, siblings do not import each other, and only the store writes SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "unvotes"
LAYERS = {
    "models": 0,
    "errors": 1,
    "refdata": 2,
    "symbols": 2,
    "sources": 2,
    "settings": 2,
    "ingest": 3,
    "download": 3,
    "store": 3,
    "rules": 3,
    "analysis": 4,
    "audit": 4,
    "pipeline": 4,
    "views": 5,
    "report": 6,
    "factcheck": 6,
    "cli": 8,  # the outermost shell: `unvotes serve` starts the web app
    "web": 7,
}


def _part(module: Path) -> str:
    return module.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imports(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("unvotes."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "unvotes":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("unvotes.")}
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _part(p) != "__init__")


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(module):
    """A module imports only from lower layers, or from inside its own package."""
    own = _part(module)
    assert own in LAYERS, f"{own} has no layer: add it to LAYERS and ARCHITECTURE.md"
    wrong = {i for i in _imports(module) - {own} if LAYERS.get(i, 99) >= LAYERS[own]}
    assert not wrong, f"{module.name} imports {wrong}, which are not below {own}"


def test_the_layer_table_knows_every_part():
    """Every top-level module or package has a layer."""
    assert {_part(p) for p in MODULES} <= LAYERS.keys()


@pytest.mark.parametrize("module", [m for m in MODULES if _part(m) == "report"], ids=lambda p: p.name)
def test_renderings_never_read_the_store(module):
    """`report/` renders the views' dicts: it imports no store, analysis or rules module."""
    assert not _imports(module) & {"store", "analysis", "rules", "audit", "pipeline"}


@pytest.mark.parametrize("module", [m for m in MODULES if _part(m) == "cli"], ids=lambda p: p.name)
def test_commands_only_pick_options_call_a_view_and_render_it(module):
    """`cli/` defines no renderer of its own and reads the store only through the views (or the writer's pipeline)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    renderers = [
        n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name.startswith("_render")
    ]
    assert renderers == []
    assert not _imports(module) & {"analysis", "audit", "rules"}
