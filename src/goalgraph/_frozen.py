"""Deeply immutable copies of free-form data, and plain copies back.

Free-form values (``x-`` keys for host products, custom metric parameters)
are JSON-like trees. Model objects hold them frozen, as read-only mappings
and tuples, so that the objects stay immutable and can be shared between
threads; documents are written from plain dicts and lists again.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["freeze", "thaw"]

_CONTAINERS = (Mapping, list, tuple)


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
    'mappingproxy'
    """
    if isinstance(value, types.MappingProxyType) and not value:
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
            return types.MappingProxyType(mapping) if frozen else mapping
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
