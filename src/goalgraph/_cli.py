"""The ``goalgraph`` command: parses arguments, calls the public API, prints.

This is the only module that prints. Invalid input of any kind ends with a
message on stderr that names the file, the place in the document and the
problem, and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
from collections.abc import Callable, Sequence

from goalgraph._checks import CheckConfig, check, summarize
from goalgraph._classify import classify
from goalgraph._documents import Limits, dump, dumps, load, load_example
from goalgraph._documents._parse import FIELDS as LIMIT_FIELDS
from goalgraph._documents._schema import json_schema
from goalgraph._errors import GoalGraphError, UnknownNodeError, ValidationError
from goalgraph._findings import Severity
from goalgraph._graph import GoalGraph
from goalgraph._plugins import PluginError
from goalgraph._render import render
from goalgraph._report import (
    classification_json,
    classification_text,
    findings_json,
    findings_text,
    scorecard_json,
    scorecard_table,
)
from goalgraph._scoring import score
from goalgraph._spreadsheet import ColumnMap, read_goals_csv
from goalgraph._tables import edge_table, score_table, table_csv

__all__ = ["DEMO_AS_OF", "main"]

# The bundled example is written as seen on this day, so that the demo's
# output does not change with the calendar.
DEMO_AS_OF = datetime.date(2026, 11, 16)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2


def _date(text: str) -> datetime.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a valid date") from None


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
    "max_depth": "refuse mappings and lists nested deeper than this",
    "max_nodes": "refuse a document with more cycles, owners, objectives, key results and KPIs (rows, for a CSV)",
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
    return Limits(**given)


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
        choices=("scores", "edges"),
        default="scores",
        help="with --format csv: the scores table (a row per node) or the edges table (a row per link)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    args = _parser().parse_args(argv)
    source = "the bundled example" if args.command in ("demo", "schema") else args.file
    try:
        if args.command == "schema":
            sys.stdout.write(json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
            return EXIT_OK
        limits = _limits(args)
        if args.command == "import-csv":
            return _import_csv(args.file, args.map, args.output, limits)
        if args.command == "render":
            graph = load(args.file, limits=limits)
            try:
                picture = render(graph, args.format, as_of=args.as_of, root=args.root)
            except (ValueError, UnknownNodeError) as err:  # a --root that is not an objective
                _fail(f"{source}: --root {args.root}: {err}")
                return EXIT_INVALID
            sys.stdout.write(picture)
            return EXIT_OK
        if args.command == "check":
            graph = load(args.file, limits=limits)
            # From here on, what can fail is the configuration: errors name it.
            source = args.config or "the command line"
            config = CheckConfig.from_toml(args.config) if args.config else CheckConfig()
            config = config.with_codes(select=args.select, ignore=args.ignore)
            return _check(graph, args.as_of, config, args.format)
        if args.command == "classify":
            return _classify(load(args.file, limits=limits), args.as_of, args.format)
        graph = load_example() if args.command == "demo" else load(args.file, limits=limits)
        if args.command == "demo" and args.format == "table":
            print(f"goalgraph demo: Acme Cloud, the bundled example organisation ({len(graph.objectives)} objectives)")
            _score(graph, args.as_of, args.format, "scores")
            print()
            _check(graph, args.as_of, CheckConfig(), "text")
            print()
            _classify(graph, args.as_of, "text")
            return EXIT_OK
        return _score(graph, args.as_of, args.format, args.table)
    except ValidationError as err:
        _fail(str(err.with_source(source)))
    except PluginError as err:
        _fail(str(err))  # an installed package's fault, not the document's
    except GoalGraphError as err:
        _fail(f"{source}: {err}")
    except FileNotFoundError:
        _fail(f"{source}: no such file")
    except IsADirectoryError:
        _fail(f"{source}: is a directory, not a document")
    except OSError as err:
        _fail(f"{source}: cannot read it: {err.strerror or err}")
    except ImportError as err:
        _fail(f"{source}: {err}")
    return EXIT_INVALID


def _colour() -> bool:
    # Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _score(graph: GoalGraph, as_of: datetime.date | None, output: str, table: str) -> int:
    if output == "csv" and table == "edges":
        sys.stdout.write(table_csv(edge_table(graph)))
        return EXIT_OK
    card = score(graph, as_of=as_of)
    formatters: dict[str, Callable[[], str]] = {
        "table": lambda: scorecard_table(graph, card, colour=_colour()),
        "json": lambda: scorecard_json(card),
        "csv": lambda: table_csv(score_table(graph, card=card)),
    }
    sys.stdout.write(formatters[output]())
    return EXIT_OK


def _import_csv(file: str, mapping_file: str | None, output: str | None, limits: Limits) -> int:
    mapping = ColumnMap()
    if mapping_file is not None:
        try:
            mapping = ColumnMap.from_file(mapping_file)
        except ValidationError as err:
            _fail(str(err))  # from_file names the mapping file already
            return EXIT_INVALID
    graph = read_goals_csv(file, mapping, limits=limits)
    if output is None:
        sys.stdout.write(dumps(graph, "json"))
    else:
        dump(graph, output)
    return EXIT_OK


def _check(graph: GoalGraph, as_of: datetime.date | None, config: CheckConfig, output: str) -> int:
    findings = check(graph, as_of=as_of, config=config)
    summary = summarize(graph, findings)
    day = (as_of or datetime.date.today()).isoformat()
    sys.stdout.write((findings_text if output == "text" else findings_json)(findings, summary, day))
    return EXIT_FINDINGS if summary.counts[Severity.ERROR] else EXIT_OK


def _classify(graph: GoalGraph, as_of: datetime.date | None, output: str) -> int:
    day = as_of or datetime.date.today()
    found = classify(graph, as_of=day)
    sys.stdout.write((classification_text if output == "text" else classification_json)(found, day.isoformat()))
    return EXIT_OK


def _fail(message: str) -> None:
    print(f"goalgraph: error: {message}", file=sys.stderr)


def run() -> None:
    """Entry point of the ``goalgraph`` script."""
    sys.exit(main())
