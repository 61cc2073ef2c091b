"""The `handbook` command. Each subcommand is a function taking the parsed arguments and
returning the exit code; content problems are printed as file:line messages, never as
tracebacks."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from handbook.loading import ContentError, load_content
from handbook.model import Content
from handbook.paths import golden_text

Command = Callable[[argparse.Namespace], int]


def _load(args: argparse.Namespace) -> Content | None:
    try:
        return load_content(Path(args.root))
    except ContentError as error:
        print(error, file=sys.stderr)
        return None


def cmd_validate(args: argparse.Namespace) -> int:
    content = _load(args)
    if content is None:
        return 1
    print(
        f"OK: {len(content.concepts)} concepts ({len(content.services)} services), "
        f"{len(content.trees)} decision trees, {len(content.sources)} sources."
    )
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """The terminology review; with --strict, not-recommended terms fail the run."""
    from handbook.review import format_text, review  # imports Voikko: only when asked

    content = _load(args)
    if content is None:
        return 1
    try:
        report = review(content, max_age_days=args.max_age)
    except ContentError as error:  # a malformed terminology_exceptions.yaml
        print(error, file=sys.stderr)
        return 1
    from handbook.terminology import morphology

    morphology().save()  # the lemmas found, for the next run and the next build
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_text(report, content))
    if args.strict and report.not_recommended:
        for use in report.not_recommended:
            print(use.message(), file=sys.stderr)
        print(
            f"{len(report.not_recommended)} not-recommended term(s) in use: change them to the "
            "preferred term, or allow a use in terminology_exceptions.yaml with the reason.",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The glossary as CSV, JSON or SKOS Turtle, to stdout or a file."""
    from handbook.export import EXPORTERS, write_export

    content = _load(args)
    if content is None:
        return 1
    if args.output:
        write_export(content, args.format, Path(args.output), base_uri=args.base_uri)
        print(f"Wrote {args.output}.")
    else:
        sys.stdout.write(EXPORTERS[args.format](content, args.base_uri))
    return 0


def cmd_paths(args: argparse.Namespace) -> int:
    content = _load(args)
    if content is None:
        return 1
    sys.stdout.write(golden_text(content))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook", description="Check and work with the handbook's content."
    )
    parser.add_argument(
        "--root", default=".", help="the project folder holding glossary/ and decision_trees/"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check all content; list every problem")
    validate.set_defaults(func=cmd_validate)
    review = commands.add_parser(
        "review",
        help="terminology review: not-recommended terms, where concepts are used, entries to complete",
    )
    review.add_argument("--format", choices=["text", "json"], default="text")
    review.add_argument(
        "--strict", action="store_true", help="exit 1 when a not-recommended term is used (CI)"
    )
    review.add_argument(
        "--max-age",
        type=int,
        default=365,
        metavar="DAYS",
        help="report entries reviewed more than DAYS days ago (default 365)",
    )
    review.set_defaults(func=cmd_review)
    export = commands.add_parser("export", help="the glossary as CSV, JSON or SKOS (Turtle)")
    export.add_argument("--format", choices=["csv", "json", "skos"], default="json")
    export.add_argument("-o", "--output", help="write to this file instead of the screen")
    export.add_argument(
        "--base-uri",
        default="urn:x-handbook:glossary:",
        help="SKOS: the concept URIs are this followed by the concept id",
    )
    export.set_defaults(func=cmd_export)
    paths = commands.add_parser(
        "paths",
        help="print every root-to-leaf path of every decision tree (the golden file "
        "tests/golden/tree_paths.txt)",
    )
    paths.set_defaults(func=cmd_paths)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
