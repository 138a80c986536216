"""Entry-point plugins: scorers, aggregators and rules another package registers (SPEC: entry points).

Each test installs a real distribution in its own directory (a module and a
``*.dist-info`` with ``entry_points.txt``) and puts that directory on
``sys.path``: importlib.metadata finds it as it finds any installed package.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import itertools
import pathlib
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Mapping
from typing import Any

import pytest

import goalgraph
from goalgraph import PluginError, Policy, RegistrationError, Registry

AS_OF = "2026-08-15"

# The plugin's code: a scorer as a plain function, an aggregator as a record, a rule as a record.
PLUGIN = '''
from goalgraph import Aggregator, CheckRule


def nps(value, params):
    return (value + 100) / 200


def _median(contributions):
    scores = sorted(c.score for c in contributions)
    middle = len(scores) // 2
    return scores[middle] if len(scores) % 2 else (scores[middle - 1] + scores[middle]) / 2


median = Aggregator("acme_median", _median)


def _buzzwords(context):
    """Objectives should not say synergy."""
    for objective in context.graph.objectives.values():
        if "synergy" in objective.title.lower():
            yield context.finding(objective.id, "buzzword in the title", "say what changes")


BUZZWORDS = CheckRule(
    code="ACME001", name="buzzwords", severity="info", function=_buzzwords, params={}, doc=_buzzwords.__doc__
)
'''

_serial = itertools.count()

Install = Callable[..., str]


def value(module: str, attribute: str) -> str:
    """An entry point's value: ``module:attribute``, or the module alone."""
    return f"{module}:{attribute}" if attribute else module


@pytest.fixture
def install(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> Install:
    """Install a plugin distribution; return its module's name, unique to the test, so no import is reused.

    ``entry_points`` maps each group to ``{name: attribute}`` (``""``: the
    module itself); ``{module}`` in the source is the module's own name.
    """
    # The default registry scans on first use: make it do so now, before the test's plugins are on sys.path.
    assert goalgraph.default_registry.scorers
    monkeypatch.syspath_prepend(str(tmp_path))

    def install(
        entry_points: Mapping[str, Mapping[str, str]],
        source: str = PLUGIN,
        distribution: str = "acme-okr-plugin",
        version: str = "1.2",
    ) -> str:
        module = f"acme_okr_plugin_{next(_serial)}"
        (tmp_path / f"{module}.py").write_text(textwrap.dedent(source).replace("{module}", module), encoding="utf-8")
        info = tmp_path / f"{distribution.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
        )
        sections = [
            f"[{group}]\n" + "".join(f"{name} = {value(module, attribute)}\n" for name, attribute in names.items())
            for group, names in entry_points.items()
        ]
        (info / "entry_points.txt").write_text("\n".join(sections), encoding="utf-8")
        monkeypatch.delitem(sys.modules, module, raising=False)  # undone at teardown: forgets the import
        importlib.invalidate_caches()
        return module

    return install


ACME = {
    "goalgraph.scorers": {"nps": "nps"},
    "goalgraph.aggregators": {"acme_median": "median"},
    "goalgraph.rules": {"ACME001": "BUZZWORDS"},
}


def document(rollup: str | None = None, title: str = "Delight customers") -> dict[str, Any]:
    def kr(id: str, metric: dict[str, Any], value: float) -> dict[str, Any]:
        return {"id": id, "title": id, "metric": metric, "checkins": [{"date": "2026-07-10", "value": value}]}

    return {
        "goalgraph": 1,
        "cycles": [{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}],
        "owners": [{"id": "acme", "level": "company"}],
        "objectives": [
            {
                "id": "O1",
                "title": title,
                "owner": "acme",
                "cycle": "Q3",
                "key_results": [
                    kr("promoters", {"type": "custom", "name": "nps"}, 20),
                    kr("low", {"type": "linear", "start": 0, "target": 10}, 1),
                    kr("high", {"type": "linear", "start": 0, "target": 10}, 9),
                ],
            }
            | ({} if rollup is None else {"rollup": rollup})
        ],
    }


def counting_scans(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Count the calls to importlib.metadata.entry_points, which still does the real scan."""
    calls: list[object] = []
    real = importlib.metadata.entry_points

    def entry_points(**params: Any) -> Any:
        calls.append(params)
        return real(**params)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    return calls


# -- what plugins register ------------------------------------------------------------------------


def test_a_plugin_registry_holds_the_plugins_scorer_aggregator_and_rule(install):
    install(ACME)
    registry = Registry(plugins=True)
    assert registry.get_scorer("nps").bounded is True
    assert registry.scorers["nps"].function(20, {}) == 0.6
    assert registry.aggregators["acme_median"].name == "acme_median"
    rule = registry.rules["ACME001"]
    assert (rule.name, rule.severity, rule.doc) == ("buzzwords", "info", "Objectives should not say synergy.")


def scores_and_checks_with_acme_rules(registry: Registry) -> None:
    """A document using the nps scorer, the acme_median aggregator and rule ACME001 goes through score and check."""
    graph = goalgraph.from_dict(document(rollup="acme_median", title="Unlock synergy"), registry=registry)
    card = goalgraph.score(graph, as_of=AS_OF, registry=registry)
    assert card["promoters"].score == pytest.approx(0.6)
    assert card["O1"].score == pytest.approx(0.6)  # the median of 0.6, 0.1 and 0.9
    findings = goalgraph.check(graph, as_of=AS_OF, registry=registry, config=goalgraph.CheckConfig(select=["ACME"]))
    assert [(f.code, f.node) for f in findings] == [("ACME001", "O1")]


def test_documents_score_and_check_through_the_plugins(install):
    install(ACME)
    registry = Registry(plugins=True)
    scores_and_checks_with_acme_rules(registry)


def test_an_isolated_registry_serves_its_own_scorer_aggregator_and_rule_and_the_default_stays_untouched():
    default_names = (
        dict(goalgraph.default_registry.scorers),
        dict(goalgraph.default_registry.aggregators),
        dict(goalgraph.default_registry.rules),
    )
    registry = Registry()

    @registry.scorer("nps")
    def nps(value, params):
        return (value + 100) / 200

    @registry.aggregator("acme_median")
    def median(contributions):
        return sorted(c.score for c in contributions)[len(contributions) // 2]

    @registry.rule("ACME001", severity="info")
    def buzzwords(context):
        """Objectives should not say synergy."""
        for objective in context.graph.objectives.values():
            if "synergy" in objective.title.lower():
                yield context.finding(objective.id, "buzzword in the title", "say what changes")

    scores_and_checks_with_acme_rules(registry)
    after = (
        dict(goalgraph.default_registry.scorers),
        dict(goalgraph.default_registry.aggregators),
        dict(goalgraph.default_registry.rules),
    )
    assert after == default_names
    assert "nps" not in after[0]
    assert "acme_median" not in after[1]
    assert "ACME001" not in after[2]
    with pytest.raises(goalgraph.ValidationError, match="no aggregator named 'acme_median'"):
        goalgraph.from_dict(document(rollup="acme_median"))  # the default registry does not know it


def test_a_plain_function_gets_the_default_declarations(install):
    install({"goalgraph.aggregators": {"acme_mean": "_median"}})
    aggregator = Registry(plugins=True).aggregators["acme_mean"]
    assert (aggregator.monotone, aggregator.mean_like, aggregator.weighting) == (True, True, "edge")


def test_a_plain_registry_ignores_installed_plugins(install):
    install(ACME)
    registry = Registry()
    assert "nps" not in registry.scorers
    assert "acme_median" not in registry.aggregators
    assert "ACME001" not in registry.rules
    with pytest.raises(goalgraph.ValidationError, match="nps"):
        goalgraph.from_dict(document(), registry=registry)


def test_a_registry_without_builtins_can_still_hold_plugins(install):
    install(ACME)
    registry = Registry(builtins=False, plugins=True)
    assert sorted(registry.aggregators) == ["acme_median"]
    assert sorted(registry.rules) == ["ACME001"]


def test_a_registration_under_a_plugins_name_needs_replace(install):
    install(ACME)
    registry = Registry(plugins=True)
    with pytest.raises(RegistrationError, match="'nps' is already registered"):
        registry.scorer("nps")(lambda value, params: 0.5)
    registry.scorer("nps", replace=True)(lambda value, params: 0.5)
    assert registry.scorers["nps"].function(20, {}) == 0.5


# -- lazily, once --------------------------------------------------------------------------------


def test_plugins_load_on_first_use_and_once(install, monkeypatch):
    module = install(ACME)
    scans = counting_scans(monkeypatch)
    registry = Registry(plugins=True)
    assert module not in sys.modules
    assert scans == []
    assert "nps" in registry.scorers
    assert module in sys.modules
    assert len(scans) == 1
    registry.aggregators, registry.rules, registry.get_scorer("nps"), registry.get_rule("ACME001")
    goalgraph.score(goalgraph.from_dict(document(), registry=registry), as_of=AS_OF, registry=registry)
    assert len(scans) == 1


def test_threads_using_a_registry_first_all_wait_for_the_plugins(install):
    install(ACME, source="import time\ntime.sleep(0.2)\n" + PLUGIN)  # a slow import: the others arrive meanwhile
    registry = Registry(plugins=True)
    start = threading.Barrier(4)
    seen: list[bool] = []

    def first_use() -> None:
        start.wait()
        seen.append("nps" in registry.scorers)

    threads = [threading.Thread(target=first_use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [True] * 4


@pytest.mark.parametrize(
    "first_use",
    [
        lambda registry: registry.scorers,
        lambda registry: registry.aggregators,
        lambda registry: registry.rules,
        lambda registry: registry.get_aggregator("mean"),
        lambda registry: registry.get_rule("GG102"),
        lambda registry: registry.scorer("percent")(lambda value, params: value / 100),
        lambda registry: registry.aggregator("first")(lambda contributions: contributions[0].score),
        lambda registry: registry.rule("ACME999", severity="info")(lambda context: ()),
    ],
)
def test_every_first_use_loads_the_plugins(install, first_use):
    module = install(ACME)
    registry = Registry(plugins=True)
    first_use(registry)
    assert module in sys.modules
    assert "ACME001" in registry._rules  # read before any other access could load them


def test_importing_goalgraph_scans_nothing_and_the_default_registry_holds_the_plugins(install, tmp_path):
    module = install(ACME)
    code = (
        "import sys, goalgraph\n"
        f"print({module!r} in sys.modules)\n"
        "print('nps' in goalgraph.default_registry.scorers)\n"
        f"print({module!r} in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert result.stdout.split() == ["False", "True", "True"]


def test_scoring_is_a_first_use_and_plugin_aggregators_serve_as_the_default(install):
    install(ACME)
    graph = goalgraph.from_dict(document(), registry=Registry(plugins=True))
    registry = Registry(plugins=True)
    assert "acme_median" not in registry._aggregators  # untouched so far
    card = goalgraph.score(graph, as_of=AS_OF, registry=registry, policy=Policy(aggregator="acme_median"))
    assert card["O1"].score == pytest.approx(0.6)
    # The plugins count as one registration, so a plan compiled before they loaded is not reused.
    assert registry.generation == Registry().generation + 1


# -- failures: named, all or nothing, again at every use ---------------------------------------


BROKEN = PLUGIN + '\nraise RuntimeError("the acme licence server is down")\n'


def test_a_plugin_failing_at_import_names_its_distribution_and_registers_nothing(install):
    install({"goalgraph.scorers": {"nps": "nps"}})
    install({"goalgraph.aggregators": {"acme_median": "median"}}, source=BROKEN, distribution="acme-broken")
    registry = Registry(plugins=True)
    with pytest.raises(PluginError) as caught:
        len(registry.scorers)
    err = caught.value
    message = str(err)
    assert "the goalgraph.aggregators plugin 'acme_median' (acme_okr_plugin_" in message
    assert "from acme-broken 1.2: loading it raised RuntimeError: the acme licence server is down" in message
    assert "upgrade or uninstall acme-broken" in message
    assert (err.group, err.name, err.distribution) == ("goalgraph.aggregators", "acme_median", "acme-broken")
    assert isinstance(err.__cause__, RuntimeError)
    assert isinstance(err, RegistrationError)
    assert "nps" not in registry._scorers
    with pytest.raises(PluginError, match="licence server"):
        registry.get_scorer("nps")  # tried again, failing again: never a silently partial registry
    with pytest.raises(PluginError, match="licence server"):
        goalgraph.from_dict(document(), registry=registry)


def test_the_command_line_blames_the_plugin_not_the_document(install, tmp_path):
    install({"goalgraph.aggregators": {"acme_median": "median"}}, source=BROKEN, distribution="acme-broken")
    result = subprocess.run([sys.executable, "-m", "goalgraph", "demo"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("goalgraph: error: cannot load the goalgraph.aggregators plugin 'acme_median'")
    assert "acme-broken 1.2" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fixed_plugin_loads_on_the_next_use(install, tmp_path):
    module = install(ACME, source=BROKEN)
    registry = Registry(plugins=True)
    with pytest.raises(PluginError):
        len(registry.rules)
    (tmp_path / f"{module}.py").write_text(PLUGIN + "\n# fixed\n", encoding="utf-8")
    importlib.invalidate_caches()
    assert "ACME001" in registry.rules
    assert "nps" in registry.scorers


def test_a_missing_attribute_is_reported_with_the_entry_point(install):
    install({"goalgraph.scorers": {"nps": "net_promoter_score"}})
    with pytest.raises(PluginError, match=r"'nps' \(acme_okr_plugin_\d+:net_promoter_score\) .*AttributeError"):
        len(Registry(plugins=True).scorers)


@pytest.mark.parametrize(
    ("group", "attribute", "expected"),
    [
        (
            "goalgraph.scorers",
            "NOT_A_FUNCTION",
            "it is a str, 'synergy', where a ScoringRule or a function (value, params) -> progress was expected",
        ),
        (
            "goalgraph.aggregators",
            "NOT_A_FUNCTION",
            "it is a str, 'synergy', where an Aggregator or a function (contributions) -> score was expected",
        ),
        ("goalgraph.scorers", "median", "it is the Aggregator 'acme_median', where a ScoringRule or a function"),
        ("goalgraph.rules", "NOT_A_FUNCTION", "it is a str, 'synergy', where a CheckRule was expected"),
        ("goalgraph.rules", "", "it is the module {module}, where a CheckRule was expected"),
    ],
)
def test_an_object_of_the_wrong_kind_is_refused(install, group, attribute, expected):
    module = install({group: {"acme": attribute}}, source=PLUGIN + "\nNOT_A_FUNCTION = 'synergy'\n")
    with pytest.raises(PluginError) as caught:
        len(Registry(plugins=True).scorers)
    assert expected.replace("{module}", module) in str(caught.value)
    assert f"the {group} plugin 'acme' ({value(module, attribute)})" in str(caught.value)


def test_a_rule_given_as_a_function_is_refused_with_the_record_to_export(install):
    install({"goalgraph.rules": {"ACME001": "_buzzwords"}})
    with pytest.raises(PluginError) as caught:
        len(Registry(plugins=True).rules)
    message = str(caught.value)
    assert "it is the function _buzzwords, where a CheckRule was expected: a rule needs a code, a name" in message
    assert (
        "export CheckRule(code='ACME001', name='buzzwords', severity='warning', function=_buzzwords, params={}, "
        "doc=_buzzwords.__doc__ or '')" in message
    )


@pytest.mark.parametrize(
    ("group", "name", "attribute", "expected"),
    [
        ("goalgraph.aggregators", "median", "median", "the Aggregator's name is 'acme_median', not the entry point's"),
        ("goalgraph.rules", "ACME002", "BUZZWORDS", "the CheckRule's code is 'ACME001', not the entry point's name"),
    ],
)
def test_a_record_named_unlike_its_entry_point_is_refused(install, group, name, attribute, expected):
    install({group: {name: attribute}})
    with pytest.raises(PluginError, match="give the entry point and the") as caught:
        len(Registry(plugins=True).rules)
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    ("group", "name", "kind"),
    [("goalgraph.aggregators", "mean", "aggregator"), ("goalgraph.rules", "GG102", "rule")],
)
def test_a_plugin_never_replaces_a_builtin(install, group, name, kind):
    impostor = 'CheckRule(code="GG102", name="orphan", severity="error", function=_buzzwords, params={})'
    install(
        {group: {name: "_median" if kind == "aggregator" else "IMPOSTOR"}}, source=f"{PLUGIN}\nIMPOSTOR = {impostor}\n"
    )
    registry = Registry(plugins=True)
    with pytest.raises(PluginError, match=f"{kind} '{name}' is already registered") as caught:
        len(registry.rules)
    assert "a plugin may add names, never replace one" in str(caught.value)
    assert "ask the plugin's authors to rename the entry point" in str(caught.value)
    assert registry._aggregators["mean"] == Registry().aggregators["mean"]
    assert registry._rules["GG102"] == Registry().rules["GG102"]


def test_two_plugins_with_one_name_are_refused_naming_both(install):
    install({"goalgraph.scorers": {"nps": "nps"}}, distribution="acme-a", version="1.0")
    install({"goalgraph.scorers": {"nps": "nps"}}, distribution="acme-b", version="2.0")
    with pytest.raises(PluginError) as caught:
        len(Registry(plugins=True).scorers)
    message = str(caught.value)
    assert "from acme-b 2.0: acme-a 1.0 also provides scorer 'nps'" in message
    assert "keep only one of acme-a and acme-b installed" in message
    assert caught.value.distribution == "acme-b"


def test_a_plugin_error_survives_pickling():
    import pickle

    err = PluginError("it failed", "goalgraph.rules", "ACME001", "acme-okr-plugin")
    again = pickle.loads(pickle.dumps(err))
    assert (str(again), again.group, again.name, again.distribution) == (
        "it failed",
        "goalgraph.rules",
        "ACME001",
        "acme-okr-plugin",
    )


def test_a_custom_scorer_is_called_once_per_key_result_for_a_whole_scorecard():
    # The forecast pass scored every node again: a slow scorer (a database call, say) took twice as long.
    calls = []
    registry = goalgraph.Registry()

    @registry.scorer("counted")
    def counted(value, params):
        calls.append(value)
        return 0.5

    doc = {
        "goalgraph": 1,
        "cycles": [{"id": "C", "start": "2026-07-01", "end": "2026-09-30"}],
        "owners": [{"id": "acme", "level": "company"}],
        "objectives": [
            {
                "id": "O1",
                "title": "T",
                "owner": "acme",
                "cycle": "C",
                "key_results": [
                    {
                        "id": f"KR{n}",
                        "title": "K",
                        "metric": {"type": "custom", "name": "counted"},
                        "checkins": [{"date": "2026-07-15", "value": n}, {"date": "2026-08-15", "value": n + 10}],
                    }
                    for n in range(3)
                ],
            }
        ],
    }
    graph = goalgraph.from_dict(doc, registry=registry)
    card = goalgraph.score(graph, as_of="2026-09-01", registry=registry)
    card.to_dict()  # every result, forecasts included
    assert sorted(calls) == [10, 11, 12]
    assert card["O1"].score == 0.5
