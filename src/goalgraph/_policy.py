"""Policy: the organisation-wide settings that scoring follows."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

from goalgraph import _validators as v
from goalgraph._errors import Problem

__all__ = ["Missing", "Policy"]


class Missing(StrEnum):
    """How a rollup treats a contributor with no score.

    ``zero``: counted as 0 (no progress reported is no progress).
    ``skip``: left out, the remaining weights renormalised.
    ``propagate``: the parent has no score either.

    Examples
    --------
    >>> Missing("skip") is Missing.SKIP
    True
    """

    ZERO = "zero"
    SKIP = "skip"
    PROPAGATE = "propagate"


def _missing(value: Any) -> Any:
    return v.to_enum(Missing, value)


@attrs.frozen(kw_only=True)
class Policy:
    """Settings for scoring: missing-data handling and the default aggregator.

    Parameters
    ----------
    missing : Missing, default ``zero``
        What a rollup does with a contributor that has no score.
    aggregator : str, default ``weighted_mean``
        The aggregator for objectives that name none (``rollup:``).

    Raises
    ------
    ValidationError
        For an unknown ``missing`` value or an empty aggregator name.

    Examples
    --------
    >>> Policy(missing="skip").missing
    <Missing.SKIP: 'skip'>
    >>> Policy().aggregator
    'weighted_mean'
    """

    missing: Missing = attrs.field(default=Missing.ZERO, converter=_missing)
    aggregator: str = "weighted_mean"

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.choice(problems, "/missing", self.missing, Missing)
        v.identifier(problems, "/aggregator", self.aggregator)
        v.fail_if(problems)
