"""Run the documentation's examples where a reader would: beside the files they name."""

from __future__ import annotations

import pathlib

import pytest

DOCS = pathlib.Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _in_docs_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    # getting-started.rst loads "okrs.yaml", the file it shows, by its bare name.
    monkeypatch.chdir(DOCS)
