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


def site_url(root: Path) -> str | None:
    """`site_url` from mkdocs.yml: the address the site is published at. Only this one
    setting is read (tags such as !!python/name are skipped, not run)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError):
        return None
    url = config.get("site_url") if isinstance(config, dict) else None
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def cmd_export(args: argparse.Namespace) -> int:
    """The glossary as XLSX, CSV, JSON or SKOS Turtle, to stdout or a file."""
    from handbook.export import EXPORTERS, FALLBACK_BASE, write_export

    content = _load(args)
    if content is None:
        return 1
    base_uri = args.base_uri
    if base_uri is None:
        # The concept URIs are the addresses of the concept pages on the published site.
        url = site_url(Path(args.root))
        base_uri = url.rstrip("/") + "/glossary/" if url else FALLBACK_BASE
    if args.output:
        write_export(content, args.format, Path(args.output), base_uri=base_uri)
        print(f"Wrote {args.output}.")
    else:
        data = EXPORTERS[args.format](content, base_uri)
        if isinstance(data, str):
            sys.stdout.write(data)
        elif sys.stdout.isatty():
            print("An .xlsx file is not text: write it to a file with -o glossary.xlsx.", file=sys.stderr)
            return 2
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
    return 0


def cmd_paths(args: argparse.Namespace) -> int:
    content = _load(args)
    if content is None:
        return 1
    sys.stdout.write(golden_text(content))
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    """Write the language parts of the schemas from languages.yaml (or, with --check,
    only say whether they are up to date)."""
    from handbook.schemas import outdated, site_languages, write

    root = Path(args.root)
    languages, problems = site_languages(root)
    if problems:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1
    if args.check:
        stale = outdated(root, languages)
        for path in stale:
            print(
                f"{path.relative_to(root)}: not up to date with languages.yaml; run 'handbook schemas'.",
                file=sys.stderr,
            )
        return 1 if stale else 0
    changed = write(root, languages)
    print(
        "Wrote " + ", ".join(str(p.relative_to(root)) for p in changed) + "."
        if changed
        else "The schemas are up to date."
    )
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
    export = commands.add_parser(
        "export", help="the glossary as XLSX (Excel), CSV, JSON or SKOS (Turtle)"
    )
    export.add_argument("--format", choices=["xlsx", "csv", "json", "skos"], default="json")
    export.add_argument("-o", "--output", help="write to this file instead of the screen")
    export.add_argument(
        "--base-uri",
        default=None,
        help="SKOS and JSON: the concept URIs are this followed by '<id>/' (default: "
        "site_url of mkdocs.yml + 'glossary/', the addresses of the concept pages)",
    )
    export.set_defaults(func=cmd_export)
    paths = commands.add_parser(
        "paths",
        help="print every root-to-leaf path of every decision tree (the golden file "
        "tests/golden/tree_paths.txt)",
    )
    paths.set_defaults(func=cmd_paths)
    schemas = commands.add_parser(
        "schemas",
        help="write the languages of languages.yaml into the schemas (editors then "
        "underline a text that lacks a language)",
    )
    schemas.add_argument("--check", action="store_true", help="only check; exit 1 if out of date")
    schemas.set_defaults(func=cmd_schemas)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
