"""Importing an optional dependency, with the extra that installs it named in the error."""

from __future__ import annotations

from types import ModuleType

__all__ = ["missing", "yaml_module"]

# For each optional dependency: the distribution that brings it, goalgraph's
# extra that installs it, and what else the user could do.
_EXTRAS = {
    "yaml": ("PyYAML", "yaml", ", or use JSON"),
    "pandas": ("pandas", "pandas", ""),
    "dask": ("Dask", "dask", ""),
    "hypothesis": ("Hypothesis", "testing", ""),
}


def missing(dependency: str, needed_for: str) -> ImportError:
    """The error for a missing optional ``dependency``, naming the extra that installs it.

    Examples
    --------
    >>> print(missing("yaml", "reading YAML"))
    reading YAML needs PyYAML: install goalgraph with the yaml extra (pip install 'goalgraph[yaml]'), or use JSON
    """
    distribution, extra, instead = _EXTRAS[dependency]
    return ImportError(
        f"{needed_for} needs {distribution}: install goalgraph with the {extra} extra "
        f"(pip install 'goalgraph[{extra}]'){instead}"
    )


def yaml_module(needed_for: str) -> ModuleType:
    """PyYAML, imported when first needed: ``needed_for`` (``"reading YAML"``) says why, if it is missing."""
    try:
        import yaml
    except ImportError:
        raise missing("yaml", needed_for) from None
    return yaml
