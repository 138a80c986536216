"""Deep freezing of free-form data (x- keys, custom parameters)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goalgraph._frozen import freeze, thaw

json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=30,
)


@given(json_like)
def test_thaw_undoes_freeze(value):
    assert thaw(freeze(value)) == value


def test_frozen_data_cannot_be_changed():
    frozen = freeze({"a": [1, {"b": 2}]})
    with pytest.raises(TypeError):
        frozen["a"] = 3
    with pytest.raises(TypeError):
        frozen["a"][1]["b"] = 3
    assert frozen["a"] == (1, freeze({"b": 2}))


def test_deep_data_freezes_without_recursion():
    deep: list[object] = []
    node = deep
    for _ in range(50_000):
        child: list[object] = []
        node.append(child)
        node = child
    frozen = freeze(deep)
    for _ in range(50_000):
        frozen = frozen[0]
    assert frozen == ()
