"""A cache per graph, kept by the layer that computes it, not parked on the graph.

The scoring plan and the facts the check rules derive belong to their own
layers; the graph knows nothing of either. Each is cached per graph object
and per key (the graph's version, and whatever else it depends on), and a
graph that is gone takes its entries with it (weak references).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["PerGraph"]

T = TypeVar("T")


class PerGraph(Generic[T]):
    """One value per live object and key; a lookup with another key misses.

    Examples
    --------
    >>> class Graph: ...
    >>> plans: PerGraph[str] = PerGraph()
    >>> g = Graph()
    >>> plans.put(g, 1, "plan at version 1")
    >>> plans.get(g, 1), plans.get(g, 2)
    ('plan at version 1', None)
    """

    __slots__ = ("_entries", "_lock")

    def __init__(self) -> None:
        self._entries: weakref.WeakKeyDictionary[object, tuple[Hashable, T]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()  # readers in several threads may fill it at once

    def get(self, owner: object, key: Hashable) -> T | None:
        """The value kept for ``owner`` under ``key``, or ``None``."""
        with self._lock:
            found = self._entries.get(owner)
        return found[1] if found is not None and found[0] == key else None

    def put(self, owner: object, key: Hashable, value: T) -> None:
        """Keep ``value`` for ``owner`` under ``key``, in place of what was kept before."""
        with self._lock:
            self._entries[owner] = (key, value)
