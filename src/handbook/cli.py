"""The `handbook` command. Each subcommand is a function taking the parsed arguments and
returning the exit code; content problems are printed as file:line messages, never as
tracebacks."""

from __future__ import annotations

import argparse
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
