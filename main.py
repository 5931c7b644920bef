"""Stanceline's command line: the GUI by default, and the commands tests and scripts use.

    python main.py [PROJECT]                      open the GUI (last project, or the demo)
    python main.py import --project P [--published YYYY-MM-DD] [--workers N] PATH...
    python main.py import --project P --resume     finish an import a kill interrupted
    python main.py bench-import DIR [--project P] [--workers N]   import vs extraction alone
    python main.py extract --json [--dct YYYY-MM-DD | --dct FILE=YYYY-MM-DD ...] FILE...
    python main.py screenshot --project P --out FILE.png [--size WxH] [--actor NAME]...
                              [--select ID]
    python main.py install-launcher [--uninstall]
    python main.py evaluate timex|timeline|speed DIR | evaluate plover FILE.json
    python main.py stances FILE [--dct YYYY-MM-DD]     every stance of an article, one a line
    python main.py train-model [--data DIR] [--out DIR]   rebuild resources/nlp/ (~35 min)
    python main.py generate --project P --events N [--actors K] [--seed S]
    python main.py bench --events N [--project P]
    python main.py export --project P --format FMT --out FILE [--actor NAME]...
                          [--network issues|actors]   (FMT graphml or gexf: a stance network)
    python main.py reread --project P     read the stored articles again (annotations kept)

Each command imports what it needs when it runs, so `import` and `extract` never load Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

COMMANDS = (
    "import",
    "bench-import",
    "extract",
    "screenshot",
    "install-launcher",
    "evaluate",
    "stances",
    "train-model",
    "generate",
    "bench",
    "export",
    "reread",
)
EXPORT_FORMATS = (
    "csv", "json", "timelinejs", "stances", "statements", "png", "svg", "bundle", "graphml",
    "gexf", "plover",
)
NETWORK_FORMATS = ("graphml", "gexf")


class UsageError(Exception):
    """A command-line argument that makes no sense; the message says which and why."""


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1600x1000") from None
    if not (200 <= w <= 10000 and 200 <= h <= 10000):
        raise argparse.ArgumentTypeError(f"{text!r}: width and height must be 200..10000")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stanceline", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("import", help="import articles into a project (created if missing)")
    p.add_argument("--project", required=True, help="project file (*.stanceline) or database URL")
    p.add_argument("--published", type=parse_day, help="publication date for all the articles")
    p.add_argument("--resume", action="store_true",
                   help="import the files an interrupted import did not finish (its journal)")
    p.add_argument("--workers", type=int, help="processes that read the articles (default: cores)")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (.txt, .md, .html)")

    p = sub.add_parser("bench-import", help="time an import against the extraction alone (JSON)")
    p.add_argument("dir", type=Path, help="a folder of .tml files or articles")
    p.add_argument("--project", help="import into this project (default: a temporary one)")
    p.add_argument("--workers", type=int, help="processes that read the articles (default: cores)")

    p = sub.add_parser("extract", help="run the extraction without a database, print JSON")
    p.add_argument("--json", action="store_true", required=True, help="print one JSON document")
    p.add_argument(
        "--dct",
        action="append",
        default=[],
        metavar="[FILE=]YYYY-MM-DD",
        help="publication date for all files, or for one file (repeatable)",
    )
    p.add_argument("files", nargs="+", type=Path)

    p = sub.add_parser("screenshot", help="render the main window offscreen to a PNG")
    p.add_argument("--project", required=True)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--size", type=parse_size, default=(1600, 1000))
    p.add_argument("--actor", action="append", default=[], help="filter by actor (repeatable)")
    p.add_argument("--select", type=int, help="event id to select")

    p = sub.add_parser("install-launcher", help="add Stanceline to the menu and the desktop")
    p.add_argument("--uninstall", action="store_true", help="remove what install put there")

    p = sub.add_parser("evaluate", help="score the extraction on an annotated corpus (JSON line)")
    p.add_argument("task", choices=("timex", "timeline", "speed", "plover"))
    p.add_argument("dir", type=Path, help="the corpus folder (plover: the records' JSON file)")

    p = sub.add_parser("stances", help="print every stance of an article, one a line")
    p.add_argument("--dct", type=parse_day, help="publication date (else read from the file)")
    p.add_argument("files", nargs="+", type=Path)

    p = sub.add_parser("train-model", help="train the language pipeline from ../shared/data")
    p.add_argument("--data", type=Path, help="folder with ud-english-ewt/ and uner-english-ewt/")
    p.add_argument("--out", type=Path, help="where the pipeline goes (default resources/nlp/)")

    p = sub.add_parser("generate", help="write a synthetic project through the db layer")
    p.add_argument("--project", required=True)
    p.add_argument("--events", type=positive_int, required=True)
    p.add_argument("--actors", type=positive_int, default=200)
    p.add_argument("--seed", type=int, default=1)

    p = sub.add_parser("bench", help="timeline benchmark in the real window, offscreen (JSON)")
    p.add_argument("--events", type=positive_int, required=True)
    p.add_argument("--project", help="an existing project to measure instead of a generated one")

    p = sub.add_parser("export", help="export events, stances, the timeline view or the project")
    p.add_argument("--project", required=True)
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--actor", action="append", default=[], help="only these actors (repeatable)")
    p.add_argument(
        "--network",
        choices=("issues", "actors"),
        default="issues",
        help="graphml/gexf: actors × issues (two-mode) or actor agreement/conflict (one-mode)",
    )

    p = sub.add_parser("reread", help="read the stored articles again, keeping annotations")
    p.add_argument("--project", required=True)
    return parser


def positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def parse_dcts(specs: list[str]) -> dict[str, date | None]:
    """'--dct 2022-03-23' sets the default ('*'); '--dct FILE=2022-03-23' sets one file's."""
    dcts: dict[str, date | None] = {}
    for spec in specs:
        name, sep, value = spec.rpartition("=")
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise UsageError(
                f"--dct {spec!r}: {value!r} is not a date in the form YYYY-MM-DD"
            ) from None
        dcts[name if sep else "*"] = day
    return dcts


def cmd_import(args: argparse.Namespace) -> int:
    from db.project import Project, ProjectError
    from services.importing import default_workers, import_paths
    from services.journal import interrupted

    if not args.paths and not args.resume:
        raise UsageError("import: name the files or folders to import, or --resume")
    missing = [p for p in args.paths if not p.exists()]
    try:
        project = Project.open(args.project, create=True)
    except ProjectError as err:
        print(f"stanceline: {err}", file=sys.stderr)
        return 2
    paths = [p for p in args.paths if p.exists()]
    published = args.published
    if args.resume:
        left = interrupted(project.path)
        if left is None:
            print("stanceline: no interrupted import to resume in this project", file=sys.stderr)
        else:
            print(f"resuming: {left.describe()}", file=sys.stderr)
            gone = [p for p in left.remaining if not p.exists()]
            missing += gone
            paths = [p for p in left.remaining if p.exists()] + paths
            published = published or left.published

    def progress(i: int, n: int, name: str) -> None:
        if name:  # the importer reports (n, n, "") once more when it is done
            print(f"[{i + 1}/{n}] {name}", file=sys.stderr, flush=True)

    try:
        report = import_paths(
            project,
            paths,
            published=published,
            progress=progress,
            workers=args.workers or default_workers(),
        )
        if report.imported:
            from db.queries import prime_arrays_cache

            prime_arrays_cache(project)  # the next window opens from it
    finally:
        project.close()
    failed = [(p, "no such file or folder") for p in missing] + list(report.failed)
    print(
        f"imported {len(report.imported)}, duplicates {len(report.duplicates)}, "
        f"failed {len(failed)}",
        file=sys.stderr,
    )
    for path, reason in failed:
        print(f"FAILED {path}: {reason}", file=sys.stderr)
    return 1 if failed else 0


def cmd_bench_import(args: argparse.Namespace) -> int:
    from services.importbench import bench_import

    if not args.dir.is_dir():
        raise UsageError(f"{args.dir} is not a folder")
    result = bench_import(args.dir, project=args.project, workers=args.workers)
    print(json.dumps(result))
    return 1 if "error" in result else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from ingest.extract_cli import extract_json

    dcts = parse_dcts(args.dct)
    doc = extract_json(list(args.files), dcts)
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 1 if doc.get("errors") else 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    from db.project import ProjectError
    from viewer.screenshot import take_screenshot

    try:
        take_screenshot(
            args.project, args.out, size=args.size, actors=args.actor, select=args.select
        )
    except (ValueError, ProjectError) as err:  # an unknown actor, a missing project
        print(f"stanceline: {err}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def cmd_install_launcher(args: argparse.Namespace) -> int:
    from resources.launcher import install_launcher, uninstall_launcher

    paths = uninstall_launcher() if args.uninstall else install_launcher()
    verb = "removed" if args.uninstall else "installed"
    for path in paths:
        print(f"{verb} {path}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    # ingest/evaluation/<task>.py each expose evaluate(dir) -> dict of figures.
    import importlib

    if args.task == "plover":
        if not args.dir.is_file():
            raise UsageError(f"{args.dir} is not a PLOVER records file")
    elif not args.dir.is_dir():
        raise UsageError(f"{args.dir} is not a folder")
    module = importlib.import_module(f"ingest.evaluation.{args.task}")
    print(json.dumps(module.evaluate(args.dir), ensure_ascii=False))
    return 0


def cmd_stances(args: argparse.Namespace) -> int:
    from ingest.stance_lines import stance_lines

    for path in args.files:
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
        for line in stance_lines(path, args.dct):
            print(line)
    return 0


def cmd_train_model(args: argparse.Namespace) -> int:
    from training.train import train

    print(json.dumps(train(data=args.data, out=args.out), ensure_ascii=False, indent=1))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from db.generate import generate_project

    generate_project(args.project, events=args.events, actors=args.actors, seed=args.seed)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from viewer.bench import run_bench

    print(json.dumps(run_bench(events=args.events, project=args.project)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.format in ("png", "svg"):  # images of the timeline need Qt; the rest does not
        from viewer.export_image import export_view

        return export_view(args.project, args.format, args.out, actors=args.actor)
    if args.format in NETWORK_FORMATS:
        from db.network import export_network

        return export_network(
            args.project, args.format, args.out, network=args.network, actors=args.actor
        )
    from db.export import export_project

    return export_project(args.project, args.format, args.out, actors=args.actor)


def cmd_reread(args: argparse.Namespace) -> int:
    from db.project import Project, ProjectError
    from services.reread import reread

    try:
        project = Project.open(args.project, create=False)
    except ProjectError as err:
        print(f"stanceline: {err}", file=sys.stderr)
        return 2

    def progress(i: int, n: int, name: str) -> None:
        if name:  # (n, n, "") once more when done
            print(f"[{i + 1}/{n}] {name}", file=sys.stderr, flush=True)

    try:
        report = reread(project, progress=progress)
        if report.sources:
            from db.queries import prime_arrays_cache

            prime_arrays_cache(project)
    finally:
        project.close()
    print(
        f"re-read {report.sources} source(s): events {report.events_before} → "
        f"{report.events_after}, {report.kept} kept (annotated, corrected or by hand), "
        f"failed {len(report.failed)}",
        file=sys.stderr,
    )
    for source_id, reason in report.failed:
        print(f"FAILED source {source_id}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0


HANDLERS = {
    "import": cmd_import,
    "bench-import": cmd_bench_import,
    "extract": cmd_extract,
    "screenshot": cmd_screenshot,
    "install-launcher": cmd_install_launcher,
    "evaluate": cmd_evaluate,
    "stances": cmd_stances,
    "train-model": cmd_train_model,
    "generate": cmd_generate,
    "bench": cmd_bench,
    "export": cmd_export,
    "reread": cmd_reread,
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        return run_gui(argv)
    args = build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except UsageError as err:
        print(f"stanceline: {err}", file=sys.stderr)
        return 2


def run_gui(argv: list[str]) -> int:
    if len(argv) > 1:
        print(
            "usage: stanceline [PROJECT]  (or a command: " + ", ".join(COMMANDS) + ")",
            file=sys.stderr,
        )
        return 2
    from viewer.app import run_gui as start

    return start(argv[0] if argv else None)


def gui_entry() -> None:
    """The `stanceline` launcher ([project.gui-scripts])."""
    sys.exit(main())


def cli_entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    import multiprocessing

    # A frozen bundle's worker processes (imports, the relink's reading process) start this
    # executable again: they must run their task, not another window.
    multiprocessing.freeze_support()
    sys.exit(main())
