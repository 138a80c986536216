"""goalgraph's architecture, read from the source: the layers and who imports whom.

The layers are written once, in the docstring of ``goalgraph/__init__.py``
(one ``- name: ...;`` item per layer, naming its modules in double
backquotes). ``tests/test_layers.py`` checks the code against them, and the
documentation's design page draws them (``docs/_ext/diagrams.py``), so
neither can drift from the source.

Usage::

    python tools/architecture.py   # print the layers and the imports between them
"""

from __future__ import annotations

import ast
import pathlib
import re

import goalgraph

__all__ = ["SRC", "layer_imports", "layers", "module_imports"]

SRC = pathlib.Path(goalgraph.__file__).resolve().parent

# One item per layer: "- name: text;" possibly over several lines, up to the ";" or "." that ends the item.
_ITEM = re.compile(r"^- (?P<name>[\w -]+): (?P<text>.*?)[;.]\n(?=- |\n)", re.MULTILINE | re.DOTALL)
_MODULE = re.compile(r"``(_{1,2}\w+)``")


def layers() -> list[tuple[str, list[str]]]:
    """Each layer's name and its modules, top first, as ``goalgraph/__init__.py`` lists them."""
    found = [
        (item["name"], [name for name in _MODULE.findall(item["text"]) if _is_module(name)])
        for item in _ITEM.finditer(goalgraph.__doc__ or "")
    ]
    if not found:
        raise ValueError("goalgraph/__init__.py's docstring lists no layers")
    return found


def _is_module(name: str) -> bool:
    return (SRC / f"{name}.py").is_file() or (SRC / name / "__init__.py").is_file()


def module_imports() -> dict[str, set[str]]:
    """For each private module (a package counts as one), the private modules it imports at its top level.

    Imports made inside a function are left out: they run later, and the
    few deliberate ones are commented where they are made.
    """
    found: dict[str, set[str]] = {}
    for path in sorted([*SRC.glob("_*.py"), *SRC.glob("_*/*.py")]):
        module = path.parent.name if path.parent != SRC else path.stem
        if module == "__init__":
            continue
        imported = found.setdefault(module, set())
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("goalgraph"):
                parts = node.module.split(".")
                names = [parts[1]] if len(parts) > 1 else [alias.name for alias in node.names]
                imported.update(name for name in names if name.startswith("_") and name != module)
    return found


def layer_imports() -> dict[str, set[str]]:
    """For each layer, the other layers its modules import at their top level."""
    listed = layers()
    layer_of = {module: name for name, modules in listed for module in modules}
    found: dict[str, set[str]] = {name: set() for name, _ in listed}
    for module, imported in module_imports().items():
        if module in layer_of:
            found[layer_of[module]].update(
                layer_of[i] for i in imported if i in layer_of and layer_of[i] != layer_of[module]
            )
    return found


if __name__ == "__main__":
    imports = layer_imports()
    for name, modules in layers():
        print(f"{name}: {', '.join(modules)}")
        print(f"    imports from: {', '.join(sorted(imports[name])) or 'nothing'}")
