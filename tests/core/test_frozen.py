"""Deep freezing of free-form data (x- keys, custom parameters)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goalgraph._core.frozen import FrozenDict, freeze, thaw

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


@given(st.dictionaries(st.text(max_size=4), json_like, max_size=5))
def test_a_frozen_mapping_equals_its_dict_and_survives_pickle_and_copy(value):
    import copy
    import pickle

    assert FrozenDict(value) == value  # shallow: a FrozenDict of the same items equals the dict
    assert value == FrozenDict(value)
    frozen = freeze(value)  # deep: lists became tuples, so equal to the dict only without lists
    assert isinstance(frozen, FrozenDict)
    assert dict(frozen.items()) == {key: freeze(item) for key, item in value.items()}
    for again in (pickle.loads(pickle.dumps(frozen)), copy.copy(frozen), copy.deepcopy(frozen)):
        assert type(again) is FrozenDict
        assert again == frozen
        assert thaw(again) == value


def test_a_frozen_mapping_owns_its_data_and_refuses_every_change():
    source = {"a": 1}
    frozen = FrozenDict(source)
    source["a"] = 2
    assert frozen["a"] == 1
    with pytest.raises(TypeError):
        frozen["b"] = 2  # type: ignore[index]
    with pytest.raises(TypeError):
        del frozen["a"]  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        frozen._data = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(frozen)  # equal to a dict, so unhashable like one
    assert repr(frozen) == "FrozenDict({'a': 1})"
    assert frozen.get("b", 3) == 3
    assert "a" in frozen
    assert FrozenDict() == {}
    assert freeze({}) == FrozenDict() == {}
