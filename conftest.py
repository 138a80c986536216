"""Test-wide configuration: the doctests' namespace and where they find goalgraph's classes.

The examples in the rules' docstrings use the tests' builders, which every
doctest gets through ``doctest_namespace``. Exported classes name
``goalgraph`` as their module (see ``goalgraph/__init__.py``), so the
doctest finder would skip their docstrings in the private modules that
define them; it is told where each is defined instead, and finds each
docstring once, there.
"""

from __future__ import annotations

import doctest
import types

import pytest
from tests import builders

import goalgraph

_from_module = doctest.DocTestFinder._from_module  # type: ignore[attr-defined]


def _defined_here(finder: doctest.DocTestFinder, module: types.ModuleType, found: object) -> bool:
    defined = goalgraph._DEFINED_IN.get(found) if isinstance(found, type) else None
    if defined is not None:
        return module.__name__ == defined
    return bool(_from_module(finder, module, found))


doctest.DocTestFinder._from_module = _defined_here  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _builders(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace.update(kr=builders.kr, o=builders.o, example=builders.example, hits=builders.hits)
