"""The doctests' namespace: the tests' builders, which the examples in the rules' docstrings use."""

from __future__ import annotations

import pytest
from tests import builders


@pytest.fixture(autouse=True)
def _builders(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace.update(kr=builders.kr, o=builders.o, example=builders.example, hits=builders.hits)
