"""Data flows one way: each private module imports, at its top, only from the layers above it.

The layers are listed once, in ``goalgraph/__init__.py``'s docstring;
``tools/architecture.py`` reads them and the imports from the source (the
design page of the docs draws the same). Imports made inside a function
(the few deliberate back-references, each commented where it is made) are
not module-level and are not checked.
"""

from __future__ import annotations

from tools.architecture import SRC, layer_imports, layers, module_imports

RANK = {module: rank for rank, (_, modules) in enumerate(layers()) for module in modules}


def test_the_docstring_lists_ten_layers_each_module_once():
    names = [name for name, _ in layers()]
    assert names == [
        "foundations",
        "model",
        "graph",
        "scoring",
        "checks",
        "KPIs",
        "io",
        "output",
        "scale-out",
        "command line",
    ]
    listed = [module for _, modules in layers() for module in modules]
    assert len(listed) == len(set(listed))
    assert {"_core", "_graph", "_scoring", "_render", "_cli", "__main__"} <= set(listed)


def test_every_private_module_has_a_layer():
    modules = {p.stem for p in SRC.glob("_*.py")} | {p.name for p in SRC.iterdir() if p.is_dir() and p.name[0] == "_"}
    assert modules - {"__init__", "__pycache__"} == set(RANK)


def test_no_module_imports_from_a_layer_below_its_own():
    upward = [
        f"{module} imports {imported}"
        for module, imports in module_imports().items()
        for imported in imports
        if RANK[imported] > RANK[module]
    ]
    assert upward == []


def test_the_import_reader_sees_real_imports():
    imports = module_imports()
    assert "_graph" in imports["_scoring"]
    assert "_core" in imports["_documents"]  # a package's modules count as the package's
    assert imports["_core"] == set()
    assert layer_imports()["command line"] >= {"io", "output"}
