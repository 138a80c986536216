"""score(): a 0-1 score with its explanation for every key result and objective.

The arithmetic runs in the compiled engine (:mod:`goalgraph._scoring.compiled`): one
pass over flat lists in topological order, so scoring never recurses and a
chain 100,000 levels deep scores like a flat one. This module is the public
face of its results: a :class:`Scorecard` that builds each
:class:`NodeResult`, explanation included, when it is asked for.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from goalgraph._graph.graph import GoalGraph
from goalgraph._model.policy import Policy
from goalgraph._registry.registry import Registry, default_registry
from goalgraph._scoring import compiled as _compiled
from goalgraph._scoring.results import Scorecard
from goalgraph._time.timeline import as_of_date

__all__ = ["check_card", "score", "scorecards"]


def score(
    graph: GoalGraph,
    as_of: datetime.date | str | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> Scorecard:
    """Score every key result and objective of ``graph`` as of a date.

    Parameters
    ----------
    graph : GoalGraph
    as_of : datetime.date or str, optional
        The scoring date (an ISO ``YYYY-MM-DD`` string is accepted); check-ins
        dated on it count. Default: today.
    policy : Policy, optional
        Missing-data handling and the default aggregator.
    registry : Registry, optional
        Where custom scorers and aggregators are looked up; default
        ``goalgraph.default_registry``.

    Returns
    -------
    Scorecard
        A read-only mapping from id to :class:`NodeResult`.

    Raises
    ------
    RuleError
        When a custom scorer or aggregator raises or returns a non-finite or
        out-of-range value (fail closed: never a silent 0 or 1).
    RegistrationError
        When the graph names a scorer or aggregator the registry lacks.
    ValidationError
        When ``value_weighted`` is asked to mix key results of different units.

    Notes
    -----
    A key result's progress is its metric applied to its current value
    (:doc:`/scoring`); its score is progress clamped to [0, 1]. An objective's score
    aggregates its contributors (its key results and the objectives aligned
    to it with ``contributes: true``) as peers, each with its edge weight
    (:doc:`/scoring`). Sums use :func:`math.fsum`, so the order of contributors
    does not matter.

    The graph is compiled once into flat lists in topological order and the
    compiled form is kept with the graph until it changes, so scoring the
    same graph again costs one pass over those lists. To re-score after each
    check-in, touching only what changed, use :class:`Scorer`.

    Examples
    --------
    >>> from goalgraph import load_example
    >>> card = score(load_example(), as_of="2026-11-16")
    >>> 0 <= card["acme-q4-1"].score <= 1
    True
    """
    day = as_of_date(as_of)
    policy = policy or Policy()
    registry = registry or default_registry
    with graph.reading():  # the graph between two whole changes (see GoalGraph's thread safety)
        plan = _compiled.compiled(graph, registry, policy.aggregator)
        values = _compiled.values_for(plan, graph, day)
    # The pass reads only the plan and values, which nothing changes once made: no lock needed.
    return Scorecard(plan, values, _compiled.run(plan, values, policy.missing), policy)


def check_card(graph: GoalGraph, card: Scorecard) -> None:
    """Refuse a scorecard that was not computed from ``graph`` as it is now (``ValueError``).

    For the functions that take ``card=`` beside the graph it was made from.
    """
    nodes = graph.nx
    if len(card) != nodes.number_of_nodes() or any(node not in nodes for node in card):
        raise ValueError("the card was not computed from this graph as it is now: score the graph again")


def scorecards(
    caller: str,
    graph: GoalGraph,
    as_of: datetime.date | str | Iterable[datetime.date | str] | None,
    card: Scorecard | None,
    policy: Policy | None,
    registry: Registry | None,
) -> list[Scorecard]:
    """The scorecards a function taking ``as_of`` (one date or several) or ``card=`` works from.

    For the tables and views that take either a scorecard already computed
    or the dates and policy to compute them: ``card`` with ``as_of`` or
    ``policy`` is a ``TypeError`` naming ``caller``, a card of another graph
    (or of this graph before a change) a ``ValueError``. Call it inside
    ``graph.reading()``, so that every date sees one state of the graph.
    """
    if card is not None:
        if as_of is not None or policy is not None:
            raise TypeError(f"{caller} takes either card= or as_of/policy, not both: the card has its own")
        check_card(graph, card)
        return [card]
    dates = [as_of] if as_of is None or isinstance(as_of, (str, datetime.date)) else list(as_of)
    return [score(graph, day, policy, registry) for day in dates]
