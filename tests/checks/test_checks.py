"""The OKR linter: every rule of the catalogue, configuration, custom rules, the command line (SPEC §5)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import goalgraph
from goalgraph import CheckConfig, Finding, RegistrationError, Registry, RuleError, Severity, ValidationError, check
from goalgraph._checks.context import facts
from goalgraph._cli import DEMO_AS_OF, main
from goalgraph.strategies import documents
from tests.builders import example, kr, o


def kpi(id: str, **fields: Any) -> dict[str, Any]:
    """A KPI with all four elements and a recent measurement, so that no KPI rule fires unless told."""
    data = {
        "id": id,
        "name": id,
        "target": 1,
        "timeframe": "2026",
        "source": "warehouse",
        "frequency": "yearly",
        "measurements": [{"date": "2026-01-02", "value": 1}],
        **fields,
    }
    return {key: value for key, value in data.items() if value is not None}  # None: leave the field out


def checked_in(id: str, day: str = "2026-02-10", value: float = 50) -> dict[str, Any]:
    return kr(id, checkins=[{"date": day, "value": value}])


# One document per rule on which the whole catalogue finds exactly one thing:
# that rule, on that node. Early in Q1 (2026-01-10) nothing is stale yet.
CASES: list[tuple[str, str, goalgraph.GoalGraph, str]] = [
    ("GG102", "team-o", example(o("top", "acme"), o("team-o", "emea")), "2026-01-10"),
    (
        "GG103",
        "top2",
        example(
            o("top1", "acme"),
            o("sales-o", "sales", aligns=["top1"]),
            o("team-o", "emea", aligns=["sales-o"]),
            o("top2", "acme", aligns=["team-o"]),
        ),
        "2026-01-10",
    ),
    ("GG104", "ana-o", example(o("top", "acme"), o("ana-o", "ana", aligns=["top"])), "2026-01-10"),
    (
        "GG105",
        "emea-o",
        example(o("top", "acme"), o("ops-o", "ops", aligns=["top"]), o("emea-o", "emea", aligns=["ops-o"])),
        "2026-01-10",
    ),
    ("GG106", "top", example(o("top", "acme", key_results=[])), "2026-01-10"),
    ("GG107", "top", example(o("top", "acme", kr("a", weight=0), kr("b", weight=0))), "2026-01-10"),
    ("GG108", "sales-o", example(o("top", "acme", cycle="Q2"), o("sales-o", "sales", aligns=["top"])), "2026-01-10"),
    ("GG201", "acme", example(*(o(f"o{i}", "acme") for i in range(6))), "2026-01-10"),
    ("GG202", "top", example(o("top", "acme", kr("a"))), "2026-01-10"),
    ("GG202", "top", example(o("top", "acme", *(kr(f"k{i}") for i in range(6)))), "2026-01-10"),
    (
        "GG203",
        "web",
        example(o("top", "acme", kr("web", "Launch the new website", {"type": "milestone"}), kr("b"))),
        "2026-01-10",
    ),
    ("GG204", "b", example(o("a", "acme", title="Grow"), o("b", "acme", title="grow ")), "2026-01-10"),
    (
        "GG301",
        "a",
        example(o("top", "acme", checked_in("a", "2026-01-05"), checked_in("b"))),
        "2026-02-15",
    ),
    (
        "GG302",
        "top",
        example(o("top", "acme", checked_in("a", "2026-03-20", 60), checked_in("b", "2026-03-20", 60))),
        "2026-04-10",
    ),
    (
        "GG303",
        "acme",
        example(o("top", "acme", checked_in("a", "2026-03-20", 100), checked_in("b", "2026-03-20", 120))),
        "2026-04-10",
    ),
    (
        "GG304",
        "top",
        example(
            o(
                "top",
                "acme",
                checked_in("a", "2026-03-20", 80),
                checked_in("b", "2026-03-20"),
                kind="committed",
                grade=0.9,
            )
        ),
        "2026-04-10",
    ),
    (
        "GG401",
        "nps",
        example(o("top", "acme"), kpis=[kpi("nps", supports=["top"], source=None)]),
        "2026-01-10",
    ),
    ("GG402", "nps", example(o("top", "acme"), kpis=[kpi("nps")]), "2026-01-10"),
    (
        "GG403",
        "ops",
        example(o("top", "acme"), kpis=[kpi(f"k{i}", owner="ops", supports=["top-kr"]) for i in range(26)]),
        "2026-01-10",
    ),
    ("GG404", "top", example(o("top", "acme"), kpis=[kpi(f"k{i}", supports=["top"]) for i in range(3)]), "2026-01-10"),
    (
        "GG405",
        "mrr",
        example(
            o("top", "acme", checked_in("a"), checked_in("b")),
            kpis=[kpi("mrr", frequency="monthly", supports=["top"], measurements=[{"date": "2026-01-01", "value": 5}])],
        ),
        "2026-02-15",
    ),
]


@pytest.mark.parametrize(("code", "node", "graph", "as_of"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_each_rule_fires_alone_on_its_node(code, node, graph, as_of):
    findings = check(graph, as_of=as_of)
    assert [(f.code, f.node) for f in findings] == [(code, node)]
    finding = findings[0]
    assert finding.severity == goalgraph.default_registry.rules[code].severity
    assert finding.message
    assert finding.hint


def test_every_rule_of_the_catalogue_has_a_case():
    covered = {code for code, _, _, _ in CASES} | {"GG101"}
    assert covered == {code for code in goalgraph.default_registry.rules if code.startswith("GG")}


def test_a_dangling_reference_is_refused_at_load_with_gg101():
    with pytest.raises(ValidationError) as caught:
        example(o("team-o", "emea", aligns=["nowhere"]))
    assert [(p.code, p.path) for p in caught.value.problems] == [("GG101", "/objectives/0/aligns_to/0/id")]


def test_an_objective_scored_only_by_aligned_objectives_is_a_warning():
    graph = example(o("top", "acme", key_results=[]), o("sales-o", "sales", aligns=["top"]))
    findings = check(graph, as_of="2026-01-10")
    assert [(f.code, f.node, f.severity) for f in findings] == [("GG106", "top", Severity.WARNING)]


def test_a_key_result_that_states_an_outcome_is_not_a_task():
    outcome = kr("conv", "Increase conversion from 4% to 7%", {"type": "linear", "start": 4, "target": 7})
    numbered = kr("ship", "Launch 3 regional sites", {"type": "milestone"})
    graph = example(o("top", "acme", outcome, numbered))
    assert check(graph, as_of="2026-01-10") == []


def test_alignment_findings_carry_the_path_to_the_top_or_to_where_it_breaks():
    graph = example(
        o("top", "acme"),
        o("sales-o", "sales", aligns=["top"]),
        o("ops-o", "ops"),
        o("emea-o", "emea", aligns=["sales-o", "ops-o"]),
    )
    by_code = {f.code: f for f in check(graph, as_of="2026-01-10")}
    assert by_code["GG105"].path == ("emea-o", "sales-o", "top")
    assert by_code["GG102"].path == ("ops-o",)
    broken = example(o("top", "acme"), o("sales-o", "sales"), o("emea-o", "emea", aligns=["sales-o"]))
    context = goalgraph.CheckContext(broken, DEMO_AS_OF, goalgraph.default_registry)
    assert context.path_to_top("emea-o-kr") == ("emea-o-kr", "emea-o", "sales-o")


def test_check_and_summarize_share_one_org_chart_until_the_graph_changes():
    # The rules ask the org chart once or more per objective: over a large graph, working it out again per call
    # (or per check of an unchanged graph) would make check() and summarize() many times slower.
    graph = example(o("top", "acme"), o("sales-o", "sales", aligns=["top"]), o("emea-o", "emea", aligns=["sales-o"]))
    findings = check(graph, as_of="2026-01-10")
    chart = facts(graph).chart
    assert goalgraph.summarize(graph, findings).coverage["team"] == (1, 1)
    check(graph, as_of="2026-02-10", config=CheckConfig(select=["GG1"]))
    assert facts(graph).chart is chart
    graph.unalign("sales-o", "top")
    assert goalgraph.summarize(graph, check(graph, as_of="2026-01-10")).coverage["team"] == (0, 1)
    assert facts(graph).chart is not chart


def test_findings_are_sorted_by_severity_then_code_then_node():
    graph = example(
        o("top", "acme", key_results=[]),
        o("b", "emea"),
        o("a", "emea"),
        o("z", "acme", kr("web", "Launch the new website", {"type": "milestone"}), kr("x")),
    )
    findings = check(graph, as_of="2026-01-10")
    assert [(f.severity, f.code, f.node) for f in findings] == sorted(
        ((f.severity, f.code, f.node) for f in findings), key=lambda t: (t[0].rank(), t[1], t[2])
    )
    assert findings[0].severity == Severity.ERROR


def test_the_bundled_example_has_no_error_findings():
    findings = check(goalgraph.load_example(), as_of=DEMO_AS_OF)
    assert findings
    assert not [f for f in findings if f.severity == Severity.ERROR]


# -- configuration -----------------------------------------------------------------------------

BUSY = example(
    o("top", "acme", key_results=[]),
    o("team-o", "emea"),
    o("z", "acme", kr("web", "Launch the new website", {"type": "milestone"}), kr("x")),
)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_select_and_ignore_take_codes_and_prefixes():
    assert codes(check(BUSY, as_of="2026-01-10")) == ["GG106", "GG102", "GG203"]
    assert codes(check(BUSY, as_of="2026-01-10", config=CheckConfig(select=["GG1"]))) == ["GG106", "GG102"]
    assert codes(check(BUSY, as_of="2026-01-10", config=CheckConfig(ignore="GG1"))) == ["GG203"]
    config = CheckConfig(select="GG1,GG2", ignore=["GG102"])
    assert codes(check(BUSY, as_of="2026-01-10", config=config)) == ["GG106", "GG203"]


def test_severity_and_parameters_are_configurable():
    config = CheckConfig(severity={"GG203": "error", "GG106": "info"})
    findings = check(BUSY, as_of="2026-01-10", config=config)
    assert [(f.code, f.severity) for f in findings] == [
        ("GG203", Severity.ERROR),
        ("GG102", Severity.WARNING),
        ("GG106", Severity.INFO),
    ]
    graph = example(*(o(f"o{i}", "acme") for i in range(6)))
    assert codes(check(graph, as_of="2026-01-10")) == ["GG201"]
    assert check(graph, as_of="2026-01-10", config=CheckConfig(params={"GG201": {"max_objectives": 6}})) == []


def test_a_node_may_silence_rules_for_itself():
    graph = example(o("top", "acme"), o("team-o", "emea", ignore=["GG102"]), o("other", "emea", ignore=["GG1"]))
    assert check(graph, as_of="2026-01-10") == []


@pytest.mark.parametrize(
    ("config", "code", "path"),
    [
        (CheckConfig(severity={"GG999": "error"}), "GG025", "/severity/GG999"),
        (CheckConfig(params={"GG201": {"max_objective": 3}}), "GG010", "/params/GG201/max_objective"),
        (CheckConfig(params={"GG201": {"max_objectives": "five"}}), "GG012", "/params/GG201/max_objectives"),
        (CheckConfig(params={"GG201": {"max_objectives": True}}), "GG012", "/params/GG201/max_objectives"),
        (CheckConfig(params={"GG303": {"high_average": 1}}), None, None),  # an int where a float is the default: fine
    ],
)
def test_a_configuration_that_names_what_does_not_exist_is_refused(config, code, path):
    if code is None:
        check(BUSY, as_of="2026-01-10", config=config)
        return
    with pytest.raises(ValidationError) as caught:
        check(BUSY, as_of="2026-01-10", config=config)
    assert [(p.code, p.path) for p in caught.value.problems] == [(code, path)]


def test_a_configuration_of_the_wrong_shape_is_refused():
    with pytest.raises(ValidationError) as caught:
        CheckConfig(select=[3], severity={"GG102": "fatal"}, params={"GG201": 7})
    assert sorted(p.path for p in caught.value.problems) == ["/params/GG201", "/select", "/severity/GG102"]


def test_configuration_from_a_toml_file(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"\n[tool.goalgraph.check]\nignore = ["GG2"]\nseverity = {GG102 = "error"}\n',
        encoding="utf-8",
    )
    config = CheckConfig.from_toml(pyproject)
    assert codes(check(BUSY, as_of="2026-01-10", config=config)) == ["GG102", "GG106"]
    own = tmp_path / "goalgraph.toml"
    own.write_text('[check]\nselect = ["GG203"]\n', encoding="utf-8")
    assert CheckConfig.from_toml(own).select == ("GG203",)
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    assert CheckConfig.from_toml(empty) == CheckConfig()


@pytest.mark.parametrize(
    ("text", "code", "path"),
    [
        ("[check\n", "GG001", ""),
        ('[check]\nselekt = ["GG1"]\n', "GG010", "/check/selekt"),
        ("[tool.goalgraph.check]\nselect = 3\n", "GG012", "/tool/goalgraph/check/select"),
        ("check = 3\n", "GG012", "/check"),
    ],
)
def test_a_bad_toml_configuration_is_refused_with_its_place(tmp_path, text, code, path):
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        CheckConfig.from_toml(config)
    assert [(p.code, p.path) for p in caught.value.problems] == [(code, path)]
    assert caught.value.source == str(config)


# -- custom rules -------------------------------------------------------------------------------


def test_a_custom_rule_runs_beside_the_catalogue_with_its_own_parameters():
    registry = Registry()

    @registry.rule("ACME001", severity="info", params={"word": "synergy"})
    def buzzwords(context):
        """Objectives should not say the buzzword."""
        for objective in context.graph.objectives.values():
            if context.params["word"] in objective.title.lower():
                yield context.finding(objective.id, "buzzword", "say what changes")

    graph = example(o("top", "acme", title="Unlock synergy"))
    findings = check(graph, as_of="2026-01-10", registry=registry)
    assert [(f.code, f.node, f.severity) for f in findings] == [("ACME001", "top", Severity.INFO)]
    assert registry.rules["ACME001"].doc == "Objectives should not say the buzzword."
    config = CheckConfig(params={"ACME001": {"word": "unlock"}}, select=["ACME"])
    assert codes(check(graph, as_of="2026-01-10", config=config, registry=registry)) == ["ACME001"]
    assert "ACME001" not in goalgraph.default_registry.rules


def test_a_failing_custom_rule_fails_closed_and_names_itself():
    registry = Registry()

    @registry.rule("ACME002", severity="warning")
    def broken(context):
        raise KeyError("oops")

    @registry.rule("ACME003", severity="warning")
    def confused(context):
        yield "not a finding"

    with pytest.raises(RuleError, match="ACME002"):
        check(example(), as_of="2026-01-10", registry=registry, config=CheckConfig(select=["ACME002"]))
    with pytest.raises(RuleError, match="ACME003"):
        check(example(), as_of="2026-01-10", registry=registry, config=CheckConfig(select=["ACME003"]))
    with pytest.raises(RegistrationError):
        registry.rule("GG102", severity="info")(broken)


def test_a_registry_without_builtins_runs_only_its_own_rules():
    assert check(example(o("team-o", "emea")), registry=Registry(builtins=False)) == []


# -- laws ---------------------------------------------------------------------------------------


@given(documents(max_nodes=20), st.dates(min_value=goalgraph.strategies.CYCLE_START, max_value=DEMO_AS_OF))
def test_check_never_raises_and_names_only_nodes_of_the_graph(doc, as_of):
    graph = goalgraph.from_dict(doc)
    findings = check(graph, as_of=as_of)
    for finding in findings:
        graph.kind_of(finding.node)
        for other in (*finding.related, *finding.path):
            graph.kind_of(other)
    assert findings == sorted(findings, key=Finding.sort_key)


# -- the command line ---------------------------------------------------------------------------------


def _write(tmp_path, graph: goalgraph.GoalGraph):
    path = tmp_path / "okrs.json"
    path.write_text(goalgraph.dumps(graph), encoding="utf-8")
    return str(path)


def test_check_exits_0_when_clean_and_1_on_an_error_finding(tmp_path, capsys):
    clean = _write(tmp_path, example(o("top", "acme")))
    assert main(["check", clean, "--as-of", "2026-01-10"]) == 0
    assert "0 errors, 0 warnings, 0 info" in capsys.readouterr().out
    bad = _write(tmp_path, BUSY)
    assert main(["check", bad, "--as-of", "2026-01-10"]) == 1
    out = capsys.readouterr().out
    assert out.index("error (1)") < out.index("warning (2)")
    assert "  GG106 top: " in out
    assert "        hint: " in out
    assert main(["check", bad, "--as-of", "2026-01-10", "--ignore", "GG106"]) == 0
    assert main(["check", bad, "--as-of", "2026-01-10", "--select", "GG2"]) == 0


def test_check_json_is_deterministic_and_complete(tmp_path, capsys):
    path = _write(tmp_path, BUSY)
    main(["check", path, "--as-of", "2026-01-10", "--format", "json"])
    first = capsys.readouterr().out
    main(["check", path, "--as-of", "2026-01-10", "--format", "json"])
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert [f["code"] for f in data["findings"]] == ["GG106", "GG102", "GG203"]
    assert data["summary"]["counts"] == {"error": 1, "warning": 2, "info": 0}
    assert data["summary"]["coverage"]["team"] == {"laddered": 0, "total": 1, "share": 0.0}


def test_check_reads_a_config_file_and_refuses_bad_input_with_exit_2(tmp_path, capsys):
    path = _write(tmp_path, BUSY)
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.goalgraph.check]\nseverity = {GG106 = "warning"}\n', encoding="utf-8")
    assert main(["check", path, "--as-of", "2026-01-10", "--config", str(config)]) == 0
    config.write_text('[tool.goalgraph.check]\nseverity = {GG106 = "fatal"}\n', encoding="utf-8")
    assert main(["check", path, "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "/tool/goalgraph/check/severity/GG106" in err
    assert "Traceback" not in err
    assert main(["check", str(tmp_path / "missing.json")]) == 2


def test_the_demo_shows_the_checks_too(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Checks as of 2026-11-16: 0 errors" in out
    assert "Coverage: objectives that ladder up" in out


def test_checking_does_not_invalidate_the_compiled_scoring_plan():
    graph = goalgraph.load_example()
    from goalgraph._scoring.compiled import compiled

    goalgraph.score(graph, as_of=DEMO_AS_OF)
    plan = compiled(graph, goalgraph.default_registry, "weighted_mean")
    check(graph, as_of=DEMO_AS_OF)
    goalgraph.score(graph, as_of=DEMO_AS_OF)
    assert compiled(graph, goalgraph.default_registry, "weighted_mean") is plan


def test_owner_chains_of_any_depth_are_walked_without_recursion():
    depth = 3000
    owners = [{"id": "o0", "level": "company"}] + [
        {"id": f"o{i}", "level": "team", "parent": f"o{i - 1}"} for i in range(1, depth)
    ]
    doc = {
        "goalgraph": 1,
        "cycles": [{"id": "Q1", "start": "2026-01-01", "end": "2026-03-31"}],
        "owners": owners,
        "objectives": [o("top", "o0"), o("deep", f"o{depth - 1}", aligns=["top"])],
    }
    findings = check(goalgraph.from_dict(doc), as_of="2026-01-10")
    assert [(f.code, f.node) for f in findings] == [("GG104", "deep")]
