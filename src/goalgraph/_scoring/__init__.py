"""Scoring.

The graph compiled to flat lists and scored in one pass, the outlook
(expected, status, forecast), the results, ``score()`` and the incremental
``Scorer``.
"""
