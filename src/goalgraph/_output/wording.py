"""How a forecast reads beside its status, in every output: never a contradiction without its reason.

A key result can be achieved today with a trend that falls below its target
by the cycle's end (a threshold met and falling), or off track today with a
trend that reaches its target (a late start, catching up fast). Shown bare,
"achieved ... forecast 0%" or "off track ... forecast 100%" reads as a bug;
the note says why both hold.
"""

from __future__ import annotations

from goalgraph._scoring.results import NodeResult
from goalgraph._time.status import Status

__all__ = ["forecast_note"]

_BEHIND = (Status.AT_RISK, Status.OFF_TRACK)


def forecast_note(result: NodeResult) -> str:
    """Why the forecast and the status both hold when they seem to disagree; ``""`` when they agree.

    Examples
    --------
    >>> import goalgraph
    >>> card = goalgraph.score(goalgraph.load_example(), as_of="2026-11-16")
    >>> forecast_note(card["acme-q4-3-kr2"]), forecast_note(card["cs-q4-1-kr2"])
    ('met, trend falling', 'behind now, trend reaches the target on 2026-11-19')
    >>> forecast_note(card["acme-q4-1"])
    ''
    """
    forecast = result.forecast
    if forecast is None or forecast.score is None:
        return ""
    if result.status == Status.ACHIEVED and forecast.score < 1.0:
        return "met, trend falling"
    if result.status in _BEHIND and forecast.score >= 1.0:
        when = forecast.reaches_target_on
        return f"behind now, trend reaches the target {'by the cycle end' if when is None else f'on {when}'}"
    return ""
