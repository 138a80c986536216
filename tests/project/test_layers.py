"""Data flows one way: each layer is a package, and its modules import only from the layers above it.

The layers are listed once, in ``goalgraph/__init__.py``'s docstring;
``tools/architecture.py`` reads them and every import from the source (the
design page of the docs draws the same). Every import counts, with no
exemption: at a module's top, inside a function and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

from tools.architecture import SRC, cycles, imports, layer_imports, layer_of, layers, modules

RANK = {package: rank for rank, (_, packages) in enumerate(layers()) for package in packages}
PUBLIC = {"", "strategies", "testing", "dask"}  # goalgraph itself and its documented submodules


def test_the_docstring_lists_one_package_per_layer_top_first():
    assert [name for name, _ in layers()] == [
        "core",
        "model",
        "graph",
        "time",
        "builtins",
        "registry",
        "scoring",
        "views",
        "documents",
        "checks",
        "KPIs",
        "spreadsheet",
        "export",
        "output",
        "command line",
    ]
    listed = [package for _, packages in layers() for package in packages]
    assert len(listed) == len(set(listed))
    assert all((SRC / package).is_dir() for package in listed if package not in ("_cli", "__main__"))


def test_every_private_module_belongs_to_a_layer():
    private = {name for name in modules() if name.startswith("_")}
    assert private
    assert {name for name in private if layer_of(name) is None} == set()


def test_no_module_imports_from_a_layer_below_its_own():
    upward = [
        f"{each.source} imports {each.target} (line {each.line})"
        for each in imports()
        if each.source in RANK or each.source.split(".")[0] in RANK
        if each.target not in PUBLIC and RANK[each.target.split(".")[0]] > RANK[each.source.split(".")[0]]
    ]
    assert upward == []


def test_private_modules_never_import_the_public_face():
    found = [f"{each.source} imports goalgraph.{each.target}" for each in imports() if each.source[:1] == "_"]
    assert [line for line in found if line.endswith(tuple(f"goalgraph.{name}" for name in PUBLIC))] == []


def test_no_goalgraph_module_is_imported_inside_a_function():
    inside = [f"{each.source}:{each.line} imports {each.target}" for each in imports() if each.in_function]
    assert inside == []


def test_there_is_no_import_cycle():
    assert cycles() == []


def test_the_import_reader_sees_real_imports():
    seen = {(each.source, each.target) for each in imports()}
    assert ("_scoring.score", "_scoring.compiled") in seen
    assert ("_documents.read", "_core.fields") in seen
    assert not any(source.startswith("_core") and not target.startswith("_core") for source, target in seen)
    assert layer_imports()["command line"] >= {"documents", "output"}


def test_imports_in_functions_and_under_type_checking_are_seen():
    import ast

    from tools.architecture import _walk

    tree = ast.parse("if TYPE_CHECKING:\n    import a\ndef f():\n    import b\nimport c\n")
    found = {
        node.names[0].name: (inside, guarded) for node, inside, guarded in _walk(tree) if isinstance(node, ast.Import)
    }
    assert found == {"a": (False, True), "b": (True, False), "c": (False, False)}


def test_the_source_cites_the_docs_pages_not_the_spec():
    # The specification is not part of the repository: a newcomer can follow a docs page, not "SPEC §5".
    citing = [str(path.relative_to(SRC)) for path in sorted(SRC.rglob("*.py")) if "SPEC §" in path.read_text("utf-8")]
    assert citing == []
