"""A small fuzzing budget in every test run; tools/fuzz.py runs the same contract for as long as you like.

Findings of longer runs are kept in tests/data/fuzz/<target>/ and replayed here.
"""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import TARGETS, mutated_inputs, one_input, seeds

FOUND = pathlib.Path(__file__).parents[1] / "data" / "fuzz"


@pytest.mark.parametrize("target", TARGETS)
def test_the_seeds_load(target):
    for seed in seeds(target):
        one_input(target, seed)


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_input_loads_or_is_refused_with_problems(target, data):
    one_input(target, data.draw(mutated_inputs(target)))


def test_earlier_findings_stay_fixed():
    found = sorted(path for path in FOUND.glob("*/*") if path.is_file())
    assert found, f"no findings to replay in {FOUND}"
    for path in found:
        one_input(path.parent.name, path.read_bytes())
