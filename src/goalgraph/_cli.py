"""The ``goalgraph`` command: parses arguments, calls the public API, prints.

This is the only module that prints. Invalid input of any kind ends with a
message on stderr that names what is at fault (the document, the
``--config`` or ``--map`` file, the ``-o`` path, an option), the place in it
and the problem, and exit status 2; never a traceback. Each command reads its
files inside :func:`_reading`, which knows whose fault a failure is.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence

from goalgraph._checks.config import CheckConfig
from goalgraph._checks.engine import check
from goalgraph._checks.summary import summarize
from goalgraph._core.dates import ISO_DATE, iso_date
from goalgraph._core.errors import GoalGraphError, UnknownNodeError, ValidationError
from goalgraph._documents import Limits, dump, dumps, load, load_example
from goalgraph._documents.parse import FIELDS as LIMIT_FIELDS
from goalgraph._documents.schema import json_schema
from goalgraph._export.tables import (
    EDGE_COLUMNS,
    OWNER_SCORE_COLUMNS,
    SCORE_COLUMNS,
    edge_table,
    owner_score_table,
    score_table,
    table_csv,
)
from goalgraph._graph.graph import GoalGraph
from goalgraph._kpis.classify import classify
from goalgraph._model.findings import Severity
from goalgraph._output.render import render
from goalgraph._output.report import (
    classification_json,
    classification_text,
    findings_json,
    findings_text,
    inert,
    scorecard_json,
    scorecard_table,
)
from goalgraph._output.views import changes_json, changes_text, owners_json, owners_text, rows_text
from goalgraph._registry.plugins import PluginError
from goalgraph._scoring.score import score
from goalgraph._spreadsheet import ColumnMap, read_goals_csv
from goalgraph._views.changes import CHANGE_FIELDS, diff
from goalgraph._views.owners import owner_scores

__all__ = ["DEMO_AS_OF", "main"]

# The bundled example is written as seen on this day, so that the demo's
# output does not change with the calendar.
DEMO_AS_OF = datetime.date(2026, 11, 16)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2


def _date(text: str) -> datetime.date:
    day = iso_date(text)
    if day is not None:
        return day
    if not ISO_DATE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD")
    raise argparse.ArgumentTypeError(f"{text!r} is not a valid date")


def _positive(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,18}", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number: write digits, such as 1000000")
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number: write 1 or more")
    return number


# What each limit counts, for its flag's help.
_LIMIT_HELP = {
    "max_bytes": "refuse a document over this many bytes",
    "max_depth": "refuse mappings and lists nested deeper than this (at most 500)",
    "max_nodes": "refuse a document with more cycles, owners, objectives, key results, KPIs and values of host data "
    "(x- keys) than this (rows, for a CSV)",
    "max_edges": "refuse a document with more links (key results to objectives, aligns_to, supports)",
    "max_text": "refuse any text (id, title, name, note...) longer than this many characters",
}


def _limit_options(command: argparse.ArgumentParser) -> None:
    group = command.add_argument_group("resource limits", "what a document may hold before it is refused (exit 2)")
    defaults = Limits()
    for field in LIMIT_FIELDS:
        group.add_argument(
            "--" + field.replace("_", "-"),
            type=_positive,
            default=None,
            metavar="N",
            help=f"{_LIMIT_HELP[field]} (default: {getattr(defaults, field)})",
        )


def _limits(args: argparse.Namespace) -> Limits:
    given = {field: getattr(args, field) for field in LIMIT_FIELDS if getattr(args, field, None) is not None}
    try:
        return Limits(**given)
    except ValidationError as err:  # a limit above what can be read safely (--max-depth 1000): the flag's fault
        flags = " and ".join("--" + problem.path[1:].replace("_", "-") for problem in err.problems)
        raise _CommandError(str(err.with_source(flags))) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="goalgraph",
        description="Score, check and explain OKRs and KPIs kept as a goal graph.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    score_cmd = commands.add_parser("score", help="score a document's key results and objectives")
    score_cmd.add_argument("file", metavar="FILE", help="a goalgraph document (.json, .yaml or .yml)")
    _score_options(score_cmd)
    _limit_options(score_cmd)

    check_cmd = commands.add_parser(
        "check",
        help="lint a document's OKRs and KPIs against the rule catalogue",
        description="Run the check rules; exit 1 when an error-severity finding remains.",
    )
    check_cmd.add_argument("file", metavar="FILE", help="a goalgraph document (.json, .yaml or .yml)")
    check_cmd.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="DATE",
        help="judge time-aware rules as of this date (default: today)",
    )
    check_cmd.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check_cmd.add_argument("--select", default="", metavar="CODES", help="run only these codes or prefixes (GG1,GG203)")
    check_cmd.add_argument("--ignore", default="", metavar="CODES", help="skip these codes or prefixes")
    check_cmd.add_argument(
        "--config", default=None, metavar="TOML", help="read [tool.goalgraph.check] from this file (a pyproject.toml)"
    )
    _limit_options(check_cmd)

    classify_cmd = commands.add_parser(
        "classify", help="tell leading from lagging KPIs, with the evidence", description="Classify every KPI."
    )
    classify_cmd.add_argument("file", metavar="FILE", help="a goalgraph document (.json, .yaml or .yml)")
    classify_cmd.add_argument(
        "--as-of", type=_date, default=None, metavar="DATE", help="use measurements up to this date (default: today)"
    )
    classify_cmd.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    _limit_options(classify_cmd)

    render_cmd = commands.add_parser(
        "render",
        help="draw the alignment graph (Mermaid, Graphviz DOT, SVG or one self-contained HTML page)",
        description="Draw the alignment graph, each node coloured by its grade band.",
    )
    render_cmd.add_argument("file", metavar="FILE", help="a goalgraph document (.json, .yaml or .yml)")
    render_cmd.add_argument(
        "--format", choices=("mermaid", "dot", "html", "svg"), default="mermaid", help="default: mermaid"
    )
    render_cmd.add_argument(
        "--as-of", type=_date, default=None, metavar="DATE", help="score as of this date (default: today)"
    )
    render_cmd.add_argument(
        "--root",
        default=None,
        metavar="ID",
        help="draw only this objective and what it is scored from (default: the whole graph)",
    )
    _limit_options(render_cmd)

    import_cmd = commands.add_parser(
        "import-csv",
        help="turn a one-row-per-goal spreadsheet export into a goalgraph document",
        description="Read a flat CSV of goals (one row each) through a column mapping and write a document.",
    )
    import_cmd.add_argument("file", metavar="FILE", help="a CSV file, one row per goal, with a header row")
    import_cmd.add_argument(
        "--map",
        default=None,
        metavar="MAPPING",
        help="column mapping (.yaml, .yml, .json or .toml); default: same names",
    )
    import_cmd.add_argument(
        "-o", "--output", default=None, metavar="DOC", help="write the document here (.json, .yaml); default: stdout"
    )
    _limit_options(import_cmd)

    diff_cmd = commands.add_parser(
        "diff",
        help="what changed between two dates, or between two versions of a document",
        description="List every node whose score or status changed, largest moves first: one document "
        "between --from and --to, or two documents (OLD as of --from, NEW as of --to). A KPI's status is "
        "its health. Exit 0 (2 for a file or an option that is refused).",
    )
    diff_cmd.add_argument("file", metavar="FILE", help="a goalgraph document (.json, .yaml or .yml); OLD with NEW")
    diff_cmd.add_argument("new", metavar="NEW", nargs="?", default=None, help="a later version of the document")
    diff_cmd.add_argument(
        "--from",
        dest="since",
        type=_date,
        default=None,
        metavar="DATE",
        help="score FILE (or OLD) as of this date; needed with one file (default with two: the --to date)",
    )
    diff_cmd.add_argument(
        "--to",
        dest="until",
        type=_date,
        default=None,
        metavar="DATE",
        help="score FILE (or NEW) as of this date (default: today)",
    )
    diff_cmd.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="output format (default: table)"
    )
    _limit_options(diff_cmd)

    commands.add_parser(
        "schema",
        help="print the JSON Schema (draft-07) of the document format",
        description="Print the JSON Schema of goalgraph documents, for editors and web front ends.",
    )

    demo = commands.add_parser("demo", help="score, check and classify the bundled example organisation")
    _score_options(demo, default_as_of=DEMO_AS_OF)
    return parser


def _score_options(command: argparse.ArgumentParser, default_as_of: datetime.date | None = None) -> None:
    when = default_as_of.isoformat() if default_as_of else "today"
    command.add_argument(
        "--as-of", type=_date, default=default_as_of, metavar="DATE", help=f"score as of this date (default: {when})"
    )
    command.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="output format (default: table)"
    )
    command.add_argument(
        "--table",
        choices=("scores", "edges", "owners"),
        default="scores",
        help="what to write: the scores (a row per node), the edges (a row per link) or the owner scorecards "
        "(a row per owner and cycle); default: scores",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    args = _parser().parse_args(argv)
    try:
        output, status = _COMMANDS[args.command](args)
    except _CommandError as refused:
        _fail(str(refused))
        return EXIT_INVALID
    # Written only once all went well, and outside the blame of any input: a closed pipe is no file's fault.
    sys.stdout.write(output)
    return status


class _CommandError(Exception):
    """What to say on stderr, raised where it is known which file or option is at fault."""


@contextlib.contextmanager
def _reading(name: str) -> Iterator[None]:
    """Blame the file ``name`` for what goes wrong while it is read, and while what it holds is used."""
    try:
        yield
    except _CommandError:
        raise  # already blames what is at fault
    except ValidationError as err:
        raise _CommandError(str(err.with_source(name))) from None
    except PluginError as err:
        raise _CommandError(str(err)) from None  # an installed package's fault, not the file's
    except (GoalGraphError, ImportError) as err:
        raise _CommandError(f"{name}: {err}") from None
    except FileNotFoundError:
        raise _CommandError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise _CommandError(f"{name}: is a directory, not a file") from None
    except OSError as err:
        raise _CommandError(f"{name}: cannot read it: {_reason(err)}") from None
    except Exception as err:  # goalgraph's own bug: still a message naming the input, never a traceback
        raise _CommandError(f"{name}: internal error ({type(err).__name__}: {err}); please report it") from err


@contextlib.contextmanager
def _writing(name: str) -> Iterator[None]:
    """Blame the path ``name`` for what stops it being written."""
    folder = os.path.dirname(name) or "."
    try:
        yield
    except FileNotFoundError as err:
        reason = _reason(err) if os.path.isdir(folder) else f"no such directory: {folder}"
        raise _CommandError(f"cannot write {name}: {reason}") from None
    except IsADirectoryError:
        raise _CommandError(f"cannot write {name}: it is a directory; name a file in it") from None
    except OSError as err:
        raise _CommandError(f"cannot write {name}: {_reason(err)}") from None
    except ImportError as err:  # YAML without PyYAML
        raise _CommandError(f"cannot write {name}: {err}") from None


def _reason(err: OSError) -> str:
    """The system's reason, in the lower case of the rest of the message: ``permission denied``."""
    return err.strerror.lower() if err.strerror else str(err)


def _load(args: argparse.Namespace) -> GoalGraph:
    return load(args.file, limits=_limits(args))


def _schema_command(args: argparse.Namespace) -> tuple[str, int]:
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n", EXIT_OK


def _score_command(args: argparse.Namespace) -> tuple[str, int]:
    with _reading(args.file):
        return _score(_load(args), args.as_of, args.format, args.table), EXIT_OK


def _classify_command(args: argparse.Namespace) -> tuple[str, int]:
    with _reading(args.file):
        return _classify(_load(args), args.as_of, args.format), EXIT_OK


def _render_command(args: argparse.Namespace) -> tuple[str, int]:
    with _reading(args.file):
        graph = _load(args)
        try:
            return render(graph, args.format, as_of=args.as_of, root=args.root), EXIT_OK
        except (ValueError, UnknownNodeError) as err:
            # render() refuses a root that is not an objective of the graph; anything else is not the root's fault.
            if args.root is None or args.root in graph.objectives:
                raise
            raise _CommandError(f"{args.file}: --root {args.root}: {err}") from None


def _check_command(args: argparse.Namespace) -> tuple[str, int]:
    with _reading(args.file):
        graph = _load(args)
    given = CheckConfig()
    if args.config is not None:
        with _reading(args.config):
            given = CheckConfig.from_toml(args.config)
    config = given.with_codes(select=args.select, ignore=args.ignore)
    with _reading(args.file), _configured(args, given, config):
        return _check(graph, args.as_of, config, args.format)


@contextlib.contextmanager
def _configured(args: argparse.Namespace, given: CheckConfig, config: CheckConfig) -> Iterator[None]:
    """Blame what set the settings :func:`check` refuses: the ``--config`` file, ``--select`` or ``--ignore``.

    ``given`` is the file's configuration; ``config`` is ``given`` after
    ``--select`` replaced its ``select`` and ``--ignore`` added to its
    ``ignore``.
    """
    try:
        yield
    except ValidationError as err:
        blamed = dict.fromkeys(_setter(problem.path, args, given, config) for problem in err.problems)
        raise _CommandError(str(err.with_source(" and ".join(blamed)))) from None


def _setter(path: str, args: argparse.Namespace, given: CheckConfig, config: CheckConfig) -> str:
    """What set the setting at ``path`` (``/select/0``, ``/ignore/2``, ``/params/GG201/x``) of ``config``."""
    setting, _, rest = path[1:].partition("/")
    index = rest.partition("/")[0]
    if setting == "select" and config.select != given.select:
        return "--select"
    if setting == "ignore" and index.isdigit() and int(index) >= len(given.ignore):
        return "--ignore"
    return args.config or "the check configuration"


def _import_command(args: argparse.Namespace) -> tuple[str, int]:
    mapping = ColumnMap()
    if args.map is not None:
        with _reading(args.map):
            mapping = ColumnMap.from_file(args.map)
    with _reading(args.file):
        graph = read_goals_csv(args.file, mapping, limits=_limits(args))
        if args.output is None:
            return dumps(graph, "json"), EXIT_OK
    with _writing(args.output):
        dump(graph, args.output)
    return "", EXIT_OK


def _diff_command(args: argparse.Namespace) -> tuple[str, int]:
    until = args.until or datetime.date.today()
    if args.new is None and args.since is None:
        raise _CommandError(
            f"diff {args.file}: say which dates to compare: --from DATE (and --to DATE, default today), "
            "or give two files, OLD NEW"
        )
    since = args.since or until
    with _reading(args.file):
        graph = _load(args)
        old = new = score(graph, as_of=since)
        if args.new is None:
            new = score(graph, as_of=until)
    if args.new is not None:
        with _reading(args.new):
            new = score(load(args.new, limits=_limits(args)), as_of=until)
    changes = diff(old, new)
    sides = [
        {"file": args.file, "as_of": since.isoformat()},
        {"file": args.new or args.file, "as_of": until.isoformat()},
    ]
    if args.format == "json":
        return changes_json(changes, *sides), EXIT_OK
    if args.format == "csv":
        return table_csv([change.to_dict() for change in changes], columns=CHANGE_FIELDS), EXIT_OK
    labels = [side["as_of"] if args.new is None else f"{side['file']} as of {side['as_of']}" for side in sides]
    return changes_text(changes, *labels), EXIT_OK


def _demo_command(args: argparse.Namespace) -> tuple[str, int]:
    with _reading("the bundled example"):
        graph = load_example()
        if args.format != "table" or args.table != "scores":
            return _score(graph, args.as_of, args.format, args.table), EXIT_OK
        return "\n".join(
            (
                f"goalgraph demo: Acme Cloud, the bundled example organisation ({len(graph.objectives)} objectives)",
                _score(graph, args.as_of, args.format, "scores"),
                _check(graph, args.as_of, CheckConfig(), "text")[0],
                _classify(graph, args.as_of, "text"),
            )
        ), EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace], tuple[str, int]]] = {
    "score": _score_command,
    "check": _check_command,
    "classify": _classify_command,
    "render": _render_command,
    "import-csv": _import_command,
    "diff": _diff_command,
    "schema": _schema_command,
    "demo": _demo_command,
}


def _colour() -> bool:
    # Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _score(graph: GoalGraph, as_of: datetime.date | None, output: str, table: str) -> str:
    if table == "edges":
        edges = edge_table(graph)
        formats = {
            "table": lambda: rows_text(edges, EDGE_COLUMNS),
            "json": lambda: json.dumps(edges, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
            "csv": lambda: table_csv(edges, EDGE_COLUMNS),
        }
        return formats[output]()
    card = score(graph, as_of=as_of)
    if table == "owners":
        owners = owner_scores(graph, card=card)
        formatters: dict[str, Callable[[], str]] = {
            "table": lambda: owners_text(graph, owners, card.as_of, colour=_colour()),
            "json": lambda: owners_json(owners, card.as_of),
            "csv": lambda: table_csv(owner_score_table(graph, card=card), OWNER_SCORE_COLUMNS),
        }
    else:
        formatters = {
            "table": lambda: scorecard_table(graph, card, colour=_colour()),
            "json": lambda: scorecard_json(card),
            "csv": lambda: table_csv(score_table(graph, card=card), SCORE_COLUMNS),
        }
    return formatters[output]()


def _check(graph: GoalGraph, as_of: datetime.date | None, config: CheckConfig, output: str) -> tuple[str, int]:
    findings = check(graph, as_of=as_of, config=config)
    summary = summarize(graph, findings)
    day = (as_of or datetime.date.today()).isoformat()
    text = (findings_text if output == "text" else findings_json)(findings, summary, day)
    return text, EXIT_FINDINGS if summary.counts[Severity.ERROR] else EXIT_OK


def _classify(graph: GoalGraph, as_of: datetime.date | None, output: str) -> str:
    day = as_of or datetime.date.today()
    found = classify(graph, as_of=day)
    return (classification_text if output == "text" else classification_json)(found, day.isoformat())


def _fail(message: str) -> None:
    # Messages quote the document (a field's name, an id): inert, so that a document cannot drive the
    # terminal. Line breaks are kept, since the message's lines (one per problem, its hint) are made of them.
    print("goalgraph: error: " + "\n".join(map(inert, message.split("\n"))), file=sys.stderr)


def run() -> None:
    """Entry point of the ``goalgraph`` script."""
    sys.exit(main())
