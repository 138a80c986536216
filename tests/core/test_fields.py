"""Field checks of free-form data: every problem at its path, without a path made per item."""

from __future__ import annotations

import math

from goalgraph._core import fields as v


def test_free_form_locates_each_problem_deep_inside_the_value():
    problems: list = []
    marked = v.DuplicateKeys({"b": 1})
    marked.duplicates = ("b",)
    value = {"a": [1, {"c": math.nan}, [True, float("inf")]], 7: "x", "d": marked}
    assert not v.free_form(problems, "/x-a", value)
    assert sorted((p.code, p.path) for p in problems) == [
        ("GG007", "/x-a/d/b"),
        ("GG012", "/x-a"),
        ("GG013", "/x-a/a/1/c"),
        ("GG013", "/x-a/a/2/1"),
    ]


def test_free_form_takes_plain_data_of_any_size():
    problems: list = []
    assert v.free_form(problems, "/x-a", {"n": list(range(100_000)), "t": ("x", None, 2.5)})
    assert problems == []
