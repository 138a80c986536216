"""Loading pauses the cyclic garbage collector and always restores the host's setting."""

from __future__ import annotations

import gc
import threading

import pytest

import goalgraph
from goalgraph._core.collector import paused


def test_the_collector_is_back_on_after_a_load_and_after_a_refused_load():
    assert gc.isenabled()
    goalgraph.load_example()
    assert gc.isenabled()
    with pytest.raises(goalgraph.ValidationError):
        goalgraph.loads('{"goalgraph": 1, "owners": [{"id": "x"}]}')
    assert gc.isenabled()


def test_a_host_that_turned_the_collector_off_keeps_it_off():
    gc.disable()
    try:
        goalgraph.score(goalgraph.load_example(), as_of="2026-11-16")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_nested_and_concurrent_pauses_end_with_the_last_one():
    inside = threading.Event()
    release = threading.Event()

    def other() -> None:
        with paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with paused(), paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread's load is still running
    release.set()
    thread.join()
    assert gc.isenabled()
