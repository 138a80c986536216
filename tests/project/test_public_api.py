"""The public surface: changing it is a deliberate act, and all of it is documented."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

import goalgraph

ROOT = pathlib.Path(__file__).resolve().parents[2]
API_LIST = ROOT / "tests" / "data" / "public_api.txt"


def test_the_public_names_are_the_recorded_ones():
    recorded = API_LIST.read_text(encoding="utf-8").split()
    assert sorted(goalgraph.__all__) == recorded, (
        "goalgraph.__all__ changed: update tests/data/public_api.txt, the API docs and CHANGELOG.md"
    )


def test_every_public_name_exists():
    for name in goalgraph.__all__:
        assert hasattr(goalgraph, name), name


def test_every_public_name_is_in_the_api_reference():
    reference = (ROOT / "docs" / "api.rst").read_text(encoding="utf-8")
    missing = [name for name in goalgraph.__all__ if name != "__version__" and f"goalgraph.{name}" not in reference]
    assert missing == []


def test_every_public_callable_has_a_docstring_with_an_example():
    lacking = []
    for name in goalgraph.__all__:
        obj = getattr(goalgraph, name)
        if callable(obj) and ">>>" not in (obj.__doc__ or ""):
            lacking.append(name)
    assert lacking == []


def test_importing_goalgraph_does_not_import_optional_dependencies():
    code = "import sys, goalgraph; print(sorted(m for m in ('yaml', 'hypothesis', 'pandas') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_problem_code_is_in_the_errors_page_and_no_other():
    import re

    from goalgraph._core import codes

    defined = {value for name, value in vars(codes).items() if name.isupper() and str(value).startswith("GG")}
    page = (ROOT / "docs" / "errors.rst").read_text(encoding="utf-8")
    tabled = set(re.findall(r"^   \* - (GG\d{3})$", page, flags=re.MULTILINE))
    assert tabled == defined


def test_errors_are_named_in_tracebacks_and_pickles_as_users_import_them():
    import pickle
    import traceback

    errors = [getattr(goalgraph, name) for name in goalgraph.__all__ if name.endswith("Error")]
    assert len(errors) == 7
    for error in errors:
        assert error.__module__ == "goalgraph", error
        assert pickle.dumps(error) == pickle.dumps(getattr(goalgraph, error.__name__))
    with pytest.raises(goalgraph.ValidationError) as info:
        goalgraph.loads("{}")
    assert traceback.format_exception_only(info.value)[0].startswith("goalgraph.ValidationError: 1 problem")


def test_every_exported_class_reports_the_public_module_and_keeps_its_type_hints():
    import pickle
    import typing

    classes = [getattr(goalgraph, name) for name in goalgraph.__all__ if isinstance(getattr(goalgraph, name), type)]
    assert len(classes) > 50
    assert [cls.__name__ for cls in classes if cls.__module__ != "goalgraph"] == []
    for cls in classes:
        typing.get_type_hints(cls)  # resolves although the module named is no longer the defining one
    graph = goalgraph.load_example()
    objective = graph.objectives["acme-q4-1"]
    assert b"goalgraph._model" not in pickle.dumps(objective)  # pickled by its public name
    assert pickle.loads(pickle.dumps(objective)) == objective
    assert repr(goalgraph.Objective) == "<class 'goalgraph.Objective'>"
