"""The built-in check rules: goalgraph's OKR linter catalogue (the Checks page of the docs), one module per family.

- :mod:`~goalgraph._checks.rules.alignment`: GG1xx, how objectives ladder up;
- :mod:`~goalgraph._checks.rules.writing`: GG2xx, how OKRs are written;
- :mod:`~goalgraph._checks.rules.time`: GG3xx, check-ins, cycle ends and grades;
- :mod:`~goalgraph._checks.rules.kpis`: GG4xx, the KPIs beside the OKRs.

Each rule is a function ``(context) -> findings`` registered with its code,
default severity and parameters; it reads its context through
:class:`~goalgraph._checks.rules.context.RuleContext`, so the catalogue
does not import the engine. Its docstring says what it finds, why (with
the source of the practice), how to fix it, and holds one example that
triggers it and one that does not. The docs' rule catalogue is generated
from these docstrings, and the examples run as tests.

The examples build small graphs with :func:`example`, :func:`o` and
:func:`kr`, and run one rule with :func:`hits` (``tests/builders.py``, given
to every doctest by the root ``conftest.py``). The example organisation:
``acme`` (company) → ``sales`` and ``ops`` (divisions) → ``emea``
(a team in sales) → ``ana`` (an individual in emea); cycles ``Q1``
(January to March 2026), ``Q2`` (April to June) and ``H1`` (January to June).

Importing this package registers the catalogue as built-in rules
(:func:`~goalgraph._registry.registry.builtin_rules`): every registry made
with its built-ins holds it, GG101 first.
"""

from __future__ import annotations

from goalgraph._checks.rules import alignment, kpis, time, writing
from goalgraph._registry.registry import Registry, builtin_rules

__all__ = ["register"]

_FAMILIES = (alignment, writing, time, kpis)  # in the order of their codes: the catalogue's and the docs' order


def register(registry: Registry) -> None:
    """Register the built-in catalogue on ``registry`` (done when its rules are first asked for)."""
    for family in _FAMILIES:
        family.register(registry)


builtin_rules(register)
