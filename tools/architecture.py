"""goalgraph's architecture, read from the source: the layers, their packages and who imports whom.

The layers are written once, in the docstring of ``goalgraph/__init__.py``:
one ``- name: ``_package`` (its job);`` item per layer, top first, each a
private package (the command line is a module). ``tests/project/test_layers.py``
checks the code against them, and the documentation's design page draws
them (``docs/_ext/diagrams.py``), so neither can drift from the source.

Every import of a goalgraph module counts: at a module's top, inside a
function and under ``TYPE_CHECKING`` alike.

Usage::

    python tools/architecture.py   # print the layers, their packages and the imports between them
"""

from __future__ import annotations

import ast
import pathlib
import re
from collections.abc import Iterator
from typing import NamedTuple

import networkx as nx

import goalgraph

__all__ = ["SRC", "Import", "cycles", "imports", "layer_imports", "layer_of", "layers", "modules"]

SRC = pathlib.Path(goalgraph.__file__).resolve().parent

# One item per layer: "- name: text;" possibly over several lines, up to the ";" or "." that ends the item.
_ITEM = re.compile(r"^- (?P<name>[\w -]+): (?P<text>.*?)[;.]\n(?=- |\n)", re.MULTILINE | re.DOTALL)
_PACKAGE = re.compile(r"``(_{1,2}\w+)``")


class Import(NamedTuple):
    """One import of a goalgraph module: who imports what, where, and how."""

    source: str  # the importing module, dotted below goalgraph: "_checks.engine"
    target: str  # the module imported: "_scoring.score", or "" for goalgraph itself
    line: int
    in_function: bool
    type_checking: bool


def layers() -> list[tuple[str, list[str]]]:
    """Each layer's name and its packages (or modules), top first, as ``goalgraph/__init__.py`` lists them."""
    found = [
        (item["name"], [name for name in _PACKAGE.findall(item["text"]) if _exists(name)])
        for item in _ITEM.finditer(goalgraph.__doc__ or "")
    ]
    if not found:
        raise ValueError("goalgraph/__init__.py's docstring lists no layers")
    return found


def _exists(name: str) -> bool:
    return (SRC / f"{name}.py").is_file() or (SRC / name / "__init__.py").is_file()


def modules() -> dict[str, pathlib.Path]:
    """Every module of the package, dotted below goalgraph (``_checks.engine``; a package by its name)."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def layer_of(module: str) -> str | None:
    """The layer of a private module (``_checks.engine``: checks), or ``None`` for the public face."""
    top = module.split(".")[0]
    return next((name for name, packages in layers() if top in packages), None)


def imports() -> Iterator[Import]:
    """Every import of a goalgraph module, anywhere in any module."""
    known = modules()
    for source, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, in_function, type_checking in _walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "goalgraph" or node.module.startswith("goalgraph."):
                    base = node.module.removeprefix("goalgraph").removeprefix(".")
                    for alias in node.names:
                        sub = f"{base}.{alias.name}" if base else alias.name
                        target = sub if sub in known else base
                        yield Import(source, target, node.lineno, in_function, type_checking)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "goalgraph" or alias.name.startswith("goalgraph."):
                        target = alias.name.removeprefix("goalgraph").removeprefix(".")
                        yield Import(source, target, node.lineno, in_function, type_checking)


def _walk(tree: ast.AST) -> Iterator[tuple[ast.AST, bool, bool]]:
    """Each node with whether it sits in a function and under ``if TYPE_CHECKING:``."""
    stack: list[tuple[ast.AST, bool, bool]] = [(tree, False, False)]
    while stack:
        node, in_function, type_checking = stack.pop()
        yield node, in_function, type_checking
        inside = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        guarded = type_checking or (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
        stack.extend((child, inside, guarded) for child in ast.iter_child_nodes(node))


def layer_imports() -> dict[str, set[str]]:
    """For each layer, the other layers its modules import."""
    found: dict[str, set[str]] = {name: set() for name, _ in layers()}
    for each in imports():
        source, target = layer_of(each.source), layer_of(each.target) if each.target else None
        if source is not None and target is not None and target != source:
            found[source].add(target)
    return found


def cycles() -> list[list[str]]:
    """The import cycles between modules (a package's ``__init__`` counts as the package), shortest first."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    for each in imports():
        if each.target and each.target != each.source:
            graph.add_edge(each.source, each.target)
    return sorted((list(cycle) for cycle in nx.simple_cycles(graph)), key=len)


if __name__ == "__main__":
    imported = layer_imports()
    for name, packages in layers():
        print(f"{name}: {', '.join(packages)}")
        print(f"    imports from: {', '.join(sorted(imported[name])) or 'nothing'}")
    print(f"import cycles: {len(cycles())}")
