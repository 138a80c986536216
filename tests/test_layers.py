"""Data flows one way: each private module imports, at its top, only from the layers above it.

The layers are listed in ``goalgraph/__init__.py``'s docstring. Imports made
inside a function (the few deliberate back-references, each commented where
it is made) are not module-level and are not checked.
"""

from __future__ import annotations

import ast
import pathlib

import goalgraph

SRC = pathlib.Path(goalgraph.__file__).parent

LAYERS = [
    ["_errors", "_validators", "_frozen", "_gc"],
    ["_metrics", "_model"],
    ["_graph"],
    [
        "_aggregators",
        "_findings",
        "_registry",
        "_plugins",
        "_policy",
        "_timeline",
        "_status",
        "_forecast",
        "_health",
        "_compiled",
        "_outlook",
        "_scoring",
        "_incremental",
    ],
    ["_checks", "_rules"],
    ["_series", "_classify", "_lifecycle"],
    ["_documents", "_spreadsheet"],
    ["_report", "_tables", "_render"],
    ["_batch"],
    ["_cli", "__main__"],
]
RANK = {module: rank for rank, layer in enumerate(LAYERS) for module in layer}


def _top_level_imports(path: pathlib.Path) -> set[str]:
    """The goalgraph modules a file imports outside functions (first component below goalgraph)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("goalgraph"):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:  # from goalgraph import _x
                found.update(alias.name for alias in node.names)
    return found


def test_every_private_module_has_a_layer():
    modules = {p.stem for p in SRC.glob("_*.py")} | {p.name for p in SRC.iterdir() if p.is_dir() and p.name[0] == "_"}
    assert modules - {"__init__", "__pycache__"} == set(RANK)


def test_no_module_imports_from_a_layer_below_its_own():
    upward = []
    for path in [*SRC.glob("_*.py"), *SRC.glob("_*/*.py")]:
        module = path.parent.name if path.parent != SRC else path.stem
        if module not in RANK:
            continue
        for imported in _top_level_imports(path):
            if imported in RANK and RANK[imported] > RANK[module]:
                upward.append(f"{path.relative_to(SRC)} imports {imported}")
    assert upward == []
