"""Deeply immutable copies of free-form data, and plain copies back.

Free-form values (``x-`` keys for host products, custom metric parameters)
are JSON-like trees. Model objects hold them frozen, as read-only mappings
(:class:`FrozenDict`) and tuples, so that the objects stay immutable and can
be shared between threads, pickled and copied; documents are written from
plain dicts and lists again.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar

__all__ = ["EMPTY", "FrozenDict", "freeze", "thaw"]

_CONTAINERS = (Mapping, list, tuple)

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V]):
    """A read-only mapping that, unlike :class:`types.MappingProxyType`, pickles and copies.

    Value objects hold their mappings as this type, so that an objective, a
    metric or a policy can be sent to another process or deep-copied. It
    owns a private dict: changing the mapping it was made from does not
    change it.

    Examples
    --------
    >>> import copy, pickle
    >>> params = FrozenDict({"target": 10})
    >>> params["target"], params == {"target": 10}, pickle.loads(pickle.dumps(params)) == params
    (10, True, True)
    >>> copy.deepcopy(params) == params
    True
    >>> params["target"] = 11
    Traceback (most recent call last):
    TypeError: 'FrozenDict' object does not support item assignment
    """

    __slots__ = ("_data",)
    _data: dict[K, V]

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        object.__setattr__(self, "_data", dict(data) if data else {})

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: K, default: Any = None) -> Any:
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        return self._data.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to dicts, which are not hashable

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"'FrozenDict' object is read-only: cannot set {name!r}")

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._data,))


EMPTY: Mapping[str, Any] = FrozenDict()


def freeze(value: object) -> Any:
    """Make free-form data immutable, deeply: mappings become read-only, lists tuples.

    The walk is iterative, so depth is bounded by the document limits, not
    by the interpreter's stack.

    Examples
    --------
    >>> frozen = freeze({"jira": ["OKR-1", "OKR-2"]})
    >>> frozen["jira"]
    ('OKR-1', 'OKR-2')
    >>> type(frozen).__name__
    'FrozenDict'
    """
    if isinstance(value, FrozenDict) and not value:
        return value
    return _rebuild(value, frozen=True) if isinstance(value, _CONTAINERS) else value


def thaw(value: object) -> Any:
    """Undo :func:`freeze`: plain dicts and lists, for writing documents.

    Examples
    --------
    >>> thaw(freeze({"a": [1, {"b": 2}]}))
    {'a': [1, {'b': 2}]}
    """
    return _rebuild(value, frozen=False) if isinstance(value, _CONTAINERS) else value


def _rebuild(root: Any, *, frozen: bool) -> Any:
    # Post-order without recursion. Each frame holds a container, the
    # [key, value] pairs rebuilt so far, and an iterator over what is left;
    # a child container leaves a [key, None] slot that is filled when it closes.
    def open_frame(node: Any) -> tuple[Any, list[list[Any]], Iterator[tuple[Any, Any]]]:
        items = node.items() if isinstance(node, Mapping) else enumerate(node)
        return node, [], iter(items)

    def close(node: Any, pairs: list[list[Any]]) -> Any:
        if isinstance(node, Mapping):
            mapping = dict(pairs)
            return FrozenDict(mapping) if frozen else mapping
        values = [value for _, value in pairs]
        return tuple(values) if frozen else values

    stack = [open_frame(root)]
    while True:
        node, pairs, items = stack[-1]
        for key, child in items:
            pairs.append([key, child])
            if isinstance(child, _CONTAINERS):
                stack.append(open_frame(child))
                break
        else:
            stack.pop()
            rebuilt = close(node, pairs)
            if not stack:
                return rebuilt
            stack[-1][1][-1][1] = rebuilt
