"""Shared test configuration: Hypothesis profiles and common fixtures."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# "default" keeps the suite quick on a 2-core CI machine; "thorough" is for
# long local runs: HYPOTHESIS_PROFILE=thorough pytest
settings.register_profile("default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


import pathlib  # noqa: E402

import pytest  # noqa: E402

import goalgraph  # noqa: E402

DATA = pathlib.Path(__file__).parent / "data"


@pytest.fixture
def spec_example() -> goalgraph.GoalGraph:
    """The example document of SPEC §8, exactly as written there."""
    return goalgraph.load(DATA / "spec_example.yaml")
