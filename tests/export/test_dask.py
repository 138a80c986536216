"""goalgraph.dask on the local schedulers: the same rows as scoring each organisation in one process."""

from __future__ import annotations

import datetime
import io
import sys

import dask
import dask.bag
import dask.dataframe
import pandas
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import goalgraph
import goalgraph.dask as gd
from goalgraph import ValidationError, goals_csv, score_frame, score_table
from goalgraph._export.batch import document_graph
from goalgraph._export.tables import SCORE_COLUMNS  # not (yet) re-exported by goalgraph
from goalgraph.strategies import documents

# Each test runs Dask's schedulers (a process pool among them): end to end, so all of them are slow.
pytestmark = pytest.mark.slow

DAY = datetime.date(2026, 11, 16)
SCHEDULERS = ["synchronous", "threads"]


def variant(index: int) -> dict:
    """The example organisation with its numeric check-ins moved by a few per cent: another organisation."""
    doc = goalgraph.load_example().to_dict()
    for objective in doc["objectives"]:
        for kr in objective.get("key_results", []):
            for checkin in kr.get("checkins", []):
                if not isinstance(checkin["value"], bool):
                    checkin["value"] = checkin["value"] * (1 + 0.04 * index)
    doc["x-organisation"] = f"org-{index}"
    return doc


@pytest.fixture(scope="module")
def organisations() -> list[dict]:
    return [variant(i) for i in range(5)]


def by_document_and_id(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (row["document"], row["id"]))


def expected_rows(named: dict[str, object], as_of: object = DAY) -> list[dict]:
    return by_document_and_id(
        [
            {"document": name, **row}
            for name, document in named.items()
            for row in score_table(document_graph(document), as_of)
        ]
    )


# -- score_bag ----------------------------------------------------------------


@pytest.mark.parametrize("scheduler", SCHEDULERS)
@pytest.mark.parametrize("npartitions", [1, 2, 5])
def test_score_bag_equals_scoring_each_document(organisations, scheduler, npartitions):
    bag = dask.bag.from_sequence(organisations, npartitions=npartitions)
    with dask.config.set(scheduler=scheduler):
        rows = gd.score_bag(bag, as_of=DAY).compute()
    assert by_document_and_id(rows) == expected_rows({doc["x-organisation"]: doc for doc in organisations})
    assert all(list(row) == ["document", *SCORE_COLUMNS] for row in rows)
    assert len({row["document"] for row in rows}) == 5


def test_worker_processes_get_the_policy_and_a_registry_with_a_local_aggregator(organisations):
    # The processes scheduler pickles each task (with cloudpickle) for another Python, as a cluster does:
    # the policy and the registry, with a function defined here, must arrive whole.
    registry = goalgraph.Registry()

    @registry.aggregator("cautious_mean")
    def cautious_mean(contributions):
        used = [c for c in contributions if c.weight > 0]
        return 0.9 * sum(c.weight * c.score for c in used) / sum(c.weight for c in used) if used else 0.0

    cautious = [
        {**doc, "objectives": [{**objective, "rollup": "cautious_mean"} for objective in doc["objectives"]]}
        for doc in organisations[:2]
    ]
    policy = goalgraph.Policy(missing="skip")
    bag = dask.bag.from_sequence(cautious, npartitions=2)
    rows = gd.score_bag(bag, as_of=DAY, policy=policy, registry=registry).compute(scheduler="processes")
    expected = by_document_and_id(
        [
            {"document": doc["x-organisation"], **row}
            for doc in cautious
            for row in score_table(document_graph(doc, registry), DAY, policy=policy, registry=registry)
        ]
    )
    assert by_document_and_id(rows) == expected
    plain = expected_rows({doc["x-organisation"]: doc for doc in organisations[:2]})
    assert by_document_and_id(rows) != plain  # the custom aggregator and the policy were used


@settings(max_examples=15)
@given(st.lists(documents(max_nodes=8), min_size=1, max_size=5))
def test_score_bag_equals_score_table_on_generated_documents(generated):
    named = {f"org-{i}": {**doc, "x-organisation": f"org-{i}"} for i, doc in enumerate(generated)}
    bag = dask.bag.from_sequence(list(named.values()), npartitions=min(3, len(named)))
    rows = gd.score_bag(bag, as_of="2026-08-15").compute(scheduler="synchronous")
    assert by_document_and_id(rows) == expected_rows(named, "2026-08-15")


def test_paths_and_graphs_are_named_by_their_path_and_extra(organisations, tmp_path):
    path = tmp_path / "org-1.json"
    goalgraph.dump(goalgraph.from_dict(organisations[1]), path)
    graph = goalgraph.from_dict(organisations[2])
    assert graph.extra["x-organisation"] == "org-2"
    bag = dask.bag.from_sequence([path, graph], npartitions=2)
    rows = gd.score_bag(bag, as_of=DAY).compute(scheduler="synchronous")
    assert by_document_and_id(rows) == expected_rows({str(path): path, "org-2": graph})


def test_a_key_function_names_the_rows(organisations):
    bag = dask.bag.from_sequence(organisations[:2])
    rows = gd.score_bag(bag, as_of=DAY, key=lambda doc: doc["x-organisation"].upper()).compute(scheduler="threads")
    assert {row["document"] for row in rows} == {"ORG-0", "ORG-1"}


def test_a_document_without_a_key_is_refused_with_the_fix():
    doc = goalgraph.load_example().to_dict()
    with pytest.raises(ValueError, match=r"no 'x-organisation' key .* or pass key= to score_bag"):
        gd.score_bag(dask.bag.from_sequence([doc]), as_of=DAY).compute(scheduler="synchronous")


def test_an_invalid_document_is_named_by_its_key(organisations):
    bad = {**organisations[3], "owners": [{"id": "acme"}]}
    bag = dask.bag.from_sequence([organisations[0], bad], npartitions=2)
    with pytest.raises(ValidationError, match="in document 'org-3'") as info:
        gd.score_bag(bag, as_of=DAY).compute(scheduler="synchronous")
    assert "GG011" in {p.code for p in info.value.problems}


def test_the_date_is_required_and_checked_at_once():
    bag = dask.bag.from_sequence([{}])
    with pytest.raises(TypeError, match="as_of is required"):
        gd.score_bag(bag, as_of=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ISO date"):
        gd.score_bag(bag, as_of="16/11/2026")


# -- score_partitioned --------------------------------------------------------


@pytest.fixture(scope="module")
def flat_rows(organisations) -> pandas.DataFrame:
    frames = [
        pandas.read_csv(io.StringIO(goals_csv(goalgraph.from_dict(doc))), dtype=str).assign(org=doc["x-organisation"])
        for doc in organisations
    ]
    return pandas.concat(frames, ignore_index=True)


def sorted_frame(frame: pandas.DataFrame, keys: list[str]) -> pandas.DataFrame:
    return frame.sort_values([*keys, "id"], kind="stable").reset_index(drop=True)


def kernel_result(flat: pandas.DataFrame, keys: list[str]) -> pandas.DataFrame:
    """score_frame on each organisation in this process: what every engine must reproduce."""
    groups = [score_frame(group, as_of=DAY, keep=keys) for _, group in flat.groupby(keys, sort=True)]
    return sorted_frame(pandas.concat(groups, ignore_index=True), keys)


@pytest.mark.parametrize("scheduler", SCHEDULERS)
@pytest.mark.parametrize("npartitions", [1, 3, 7])
def test_score_partitioned_equals_score_frame_per_organisation(flat_rows, scheduler, npartitions):
    ddf = dask.dataframe.from_pandas(flat_rows, npartitions=npartitions)
    scores = gd.score_partitioned(ddf, "org", as_of=DAY)
    assert list(scores.columns) == ["org", *SCORE_COLUMNS]
    with dask.config.set(scheduler=scheduler):
        computed = scores.compute()
    assert computed.dtypes.astype(str).to_dict() == scores.dtypes.astype(str).to_dict()  # the meta is right
    # Dask may store text columns in another string dtype than pandas read them in: the kernel sees Dask's.
    pandas.testing.assert_frame_equal(sorted_frame(computed, ["org"]), kernel_result(ddf.compute(), ["org"]))


def test_score_partitioned_equals_score_table_of_each_organisation(flat_rows, organisations):
    ddf = dask.dataframe.from_pandas(flat_rows, npartitions=4)
    computed = gd.score_partitioned(ddf, "org", as_of=DAY).compute(scheduler="synchronous")
    for doc in organisations:
        name = doc["x-organisation"]
        mine = computed[computed["org"] == name].drop(columns="org").reset_index(drop=True)  # in the rows' order
        flat = flat_rows[flat_rows["org"] == name].drop(columns="org")
        graph = goalgraph.read_goals_csv(io.StringIO(flat.to_csv(index=False)))
        alone = goalgraph.table_frame(score_table(graph, DAY), SCORE_COLUMNS)
        pandas.testing.assert_frame_equal(mine, alone)
    assert computed.groupby("org").size().to_dict() == flat_rows.groupby("org").size().to_dict()


def test_several_key_columns(flat_rows):
    flat = flat_rows.assign(region=flat_rows["org"].map(lambda org: "emea" if org < "org-2" else "apac"))
    ddf = dask.dataframe.from_pandas(flat, npartitions=3)
    computed = gd.score_partitioned(ddf, ["region", "org"], as_of="2026-11-16").compute(scheduler="threads")
    assert list(computed.columns[:2]) == ["region", "org"]
    pandas.testing.assert_frame_equal(
        sorted_frame(computed, ["region", "org"]), kernel_result(ddf.compute(), ["region", "org"])
    )


def test_an_invalid_organisation_is_named(flat_rows):
    flat = flat_rows.copy()
    flat.loc[(flat["org"] == "org-4") & (flat["id"] == "acme-q3-1-kr3"), "target"] = "lots"
    scores = gd.score_partitioned(dask.dataframe.from_pandas(flat, npartitions=2), "org", as_of=DAY)
    with pytest.raises(ValidationError, match="in organisation org='org-4'") as info:
        scores.compute(scheduler="synchronous")
    assert [p.code for p in info.value.problems] == ["GG012"]


def test_score_partitioned_needs_a_date(flat_rows):
    ddf = dask.dataframe.from_pandas(flat_rows, npartitions=2)
    with pytest.raises(TypeError, match="as_of is required"):
        gd.score_partitioned(ddf, "org", as_of=None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("module", "call"),
    [
        ("dask.bag", lambda: gd.score_bag(None, as_of=DAY)),
        ("dask.dataframe", lambda: gd.score_partitioned(None, "org", as_of=DAY)),
    ],
)
def test_missing_dask_names_the_extra(monkeypatch, module, call):
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError, match=r"needs Dask: pip install 'goalgraph\[dask\]'"):
        call()


def test_the_module_lists_its_public_names():
    assert gd.__all__ == ["score_bag", "score_partitioned"]
