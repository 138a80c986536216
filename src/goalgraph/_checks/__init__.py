"""The checks: goalgraph's OKR linter, one module per job.

- ``config``: :class:`~goalgraph.CheckConfig`, read from data or a TOML file;
- ``context``: :class:`~goalgraph.CheckContext`, what a rule sees, and the
  facts about a graph that the rules share, cached per graph version;
- ``engine``: :func:`~goalgraph.check`, which chooses and runs the rules and
  orders their findings;
- ``summary``: :class:`~goalgraph.CheckSummary` and :func:`~goalgraph.summarize`;
- ``rules``: the built-in catalogue, one module per family (GG1xx to GG4xx).

Importing the package imports the catalogue, which registers itself as the
built-in rules: whatever part of the checks is imported, every registry
made with its built-ins holds them.
"""

from goalgraph._checks import rules as _rules  # noqa: F401 (importing it registers the built-in check rules)
