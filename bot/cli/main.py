"""The `policybot` command line: ask, chat, kb, unanswered, eval."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from bot.answering.answerer import Answer, AnswerOutcome, Asker
from bot.answering.evaluation import (
    DEFAULT_EVAL_FILE,
    AccuracyReport,
    evaluate,
    fit_confidence,
    load_cases,
    sweep,
)
from bot.answering.reply_parts import plain_reply
from bot.cli.broadcasts import add_broadcast
from bot.cli.kb import add_kb_sheets, add_stats
from bot.cli.reports import add_officers, add_reports
from bot.cli.startup_checks import (
    backup_database,
    check_database_writable,
    checked_token,
    configure_logging,
)
from bot.config import load_config
from bot.errors import ConfigError, KnowledgeError, PolicybotError, UserError
from bot.knowledge.base import TOPICS, load_knowledge
from bot.services import Services, build_services, knowledge_dir

Handler = Callable[[argparse.Namespace, TextIO], int]


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the CLI; return the exit code (tests call this in process)."""
    out = stdout or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help(out)
        return 2
    try:
        return args.handler(args, out)
    except KnowledgeError as error:
        print("Error: the knowledge base is invalid:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except (ConfigError, UserError, PolicybotError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (`| head`) left early; silence the interpreter's flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def build_parser() -> argparse.ArgumentParser:
    """Declare every subcommand and its options."""
    parser = argparse.ArgumentParser(prog="policybot", description=__doc__)
    parser.add_argument("--config", help=CONFIG_HELP)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_ask(commands)
    add_chat(commands)
    add_kb(commands, services_for)
    add_unanswered(commands)
    add_eval(commands)
    add_run(commands)
    add_doctor(commands)
    add_privacy(commands)
    add_backup(commands)
    add_broadcast(commands)
    add_reports(commands, services_for)
    add_officers(commands, services_for)
    add_stats(commands, services_for)
    accept_config_everywhere(parser)
    return parser


CONFIG_HELP = "config file (default: config.yaml when present)"


def accept_config_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let --config come after any command name too (`policybot kb check --config X`).

    Every subparser, at every depth, gets its own --config whose default is SUPPRESS, so an
    absent option leaves the value given before the command name (or None) untouched.
    """
    for action in parser._actions:  # argparse keeps no public accessor for subparsers
        if isinstance(action, argparse._SubParsersAction):
            for subparser in {id(sub): sub for sub in action.choices.values()}.values():
                subparser.add_argument("--config", default=argparse.SUPPRESS, help=CONFIG_HELP)
                accept_config_everywhere(subparser)


def services_for(args: argparse.Namespace) -> Services:
    """Load the config named on the command line and build the services."""
    return build_services(load_config(args.config))


def add_ask(commands: argparse._SubParsersAction) -> None:
    """Declare `policybot ask`."""
    ask = commands.add_parser("ask", help="answer one question ('-' reads one per line)")
    ask.add_argument("question", help="the question, or - to read questions from stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--lang", choices=("id", "en"), help="answer language (default: detect)")
    ask.set_defaults(handler=ask_command)


def ask_command(args: argparse.Namespace, out: TextIO) -> int:
    """Answer a question (or each line of stdin) and print it."""
    services = services_for(args)
    asker = Asker(channel="cli", language=args.lang)
    questions = sys.stdin if args.question == "-" else [args.question]
    for line in questions:
        if args.question == "-" and not line.strip():
            continue
        answer = answer_or_error(services, line, asker)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), file=out, flush=True)
        else:
            print(plain_reply(answer), file=out)
    return 0


def answer_or_error(services: Services, question: str, asker: Asker) -> Answer:
    """Answer a question; an empty one becomes a no-match answer rather than an abort."""
    try:
        return services.answerer.answer(question, asker)
    except UserError:
        return Answer(AnswerOutcome.NO_MATCH, asker.language or "id", "", "")


def add_chat(commands: argparse._SubParsersAction) -> None:
    """Declare `policybot chat`."""
    chat = commands.add_parser("chat", help="talk to the bot in the terminal")
    chat.add_argument("--lang", choices=("id", "en"), help="answer language (default: detect)")
    chat.set_defaults(handler=chat_command)


def chat_command(args: argparse.Namespace, out: TextIO) -> int:
    """Run an interactive conversation on stdin/stdout; Ctrl-C or Ctrl-D leave quietly."""
    from bot.cli.chat import TerminalChat

    try:
        services = services_for(args)
    except KeyboardInterrupt:  # Ctrl-C while the knowledge base loads
        print(file=out)
        return 0
    TerminalChat(services, out, language=args.lang).run(sys.stdin)
    return 0


def add_kb(commands: argparse._SubParsersAction, services_for: Callable) -> None:
    """Declare `policybot kb check|stats|export|import`."""
    kb = commands.add_parser("kb", help="check the knowledge base or show its statistics")
    actions = kb.add_subparsers(title="kb commands", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="validate knowledge files; exit 1 on problems")
    check.add_argument("directory", nargs="?", help="folder to check (default: configured)")
    check.set_defaults(handler=kb_check_command)
    stats = actions.add_parser("stats", help="entries per document and topic")
    stats.set_defaults(handler=kb_stats_command)
    add_kb_sheets(actions, services_for)


def kb_check_command(args: argparse.Namespace, out: TextIO) -> int:
    """Validate a knowledge folder and list every problem."""
    directory = args.directory or knowledge_dir(load_config(args.config))
    knowledge = load_knowledge(directory)
    print(
        f"OK: {len(knowledge.entries)} entries in {len(knowledge.documents)} documents, "
        f"{len(knowledge.synonyms)} synonyms ({directory})",
        file=out,
    )
    return 0


def kb_stats_command(args: argparse.Namespace, out: TextIO) -> int:
    """Print entries per document and per topic."""
    knowledge = load_knowledge(knowledge_dir(load_config(args.config)))
    print("Entries per document:", file=out)
    for doc_id, entries in knowledge.by_document().items():
        print(f"  {len(entries):4d}  {knowledge.documents[doc_id].short}  ({doc_id})", file=out)
    print("Entries per topic:", file=out)
    for topic, (label, _) in TOPICS.items():
        count = sum(entry.topic == topic for entry in knowledge.entries)
        print(f"  {count:4d}  {label}  ({topic})", file=out)
    questions = sum(len(entry.questions) for entry in knowledge.entries)
    print(f"Total: {len(knowledge.entries)} entries, {questions} phrasings", file=out)
    return 0


def add_unanswered(commands: argparse._SubParsersAction) -> None:
    """Declare `policybot unanswered list`."""
    unanswered = commands.add_parser("unanswered", help="questions the bot could not answer")
    actions = unanswered.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list unanswered questions, newest first")
    listing.add_argument("--status", default="open", choices=("open", "resolved", "dismissed"))
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true", help="print one JSON object per row")
    listing.set_defaults(handler=unanswered_list_command)


def unanswered_list_command(args: argparse.Namespace, out: TextIO) -> int:
    """List unanswered questions."""
    rows = services_for(args).store.unanswered(args.status, args.limit)
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False), file=out)
        else:
            best = row["best_entry_id"] or "-"
            if row["best_entry_id"]:
                best += f" {row['best_score']:.0f}"
            print(
                f"#{row['id']}  {row['asked_at'][:16]}  {row['reason']:<8}  "
                f"{row['question']!r}  (best: {best})",
                file=out,
            )
    if not rows and not args.json:
        print(f"No {args.status} unanswered questions.", file=out)
    return 0


def add_eval(commands: argparse._SubParsersAction) -> None:
    """Declare `policybot eval`."""
    ev = commands.add_parser("eval", help="measure accuracy on a labelled question set")
    ev.add_argument(
        "file",
        nargs="*",
        default=[str(DEFAULT_EVAL_FILE)],
        help="labelled YAML set(s), measured together",
    )
    ev.add_argument("--sweep", action="store_true", help="try a grid of thresholds and margins")
    ev.add_argument(
        "--fit",
        action="store_true",
        help="fit the confidence model on the sets; print it for bot/answering/confidence.py",
    )
    ev.add_argument(
        "--threshold-from",
        metavar="FILE",
        help="with --fit: choose the cut-off on this set, not by cross-validation",
    )
    ev.add_argument(
        "--precision",
        type=float,
        default=0.98,
        help="with --fit: precision the cut-off must reach (default 0.98)",
    )
    ev.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    ev.set_defaults(handler=eval_command)


def eval_command(args: argparse.Namespace, out: TextIO) -> int:
    """Print the figures per style, the confident-wrong rate and the misses."""
    config = load_config(args.config)
    answerer = build_services(
        config.__class__(
            knowledge=config.knowledge,
            matching=config.matching,
            base_dir=config.base_dir,
            storage=config.storage.__class__(path=":memory:"),
        )
    ).answerer
    cases = [case for path in args.file for case in load_cases(path)]
    if args.fit:
        held_out = load_cases(args.threshold_from) if args.threshold_from else None
        model = fit_confidence(answerer, cases, held_out, args.precision)
        print(model.describe(), file=out)
        return 0
    if args.sweep:
        print_sweep(answerer, cases, out)
        return 0
    report = evaluate(answerer, cases)
    print_report(report, out)
    if not args.quiet:
        print_misses(report, out)
    return 0


def print_report(report: AccuracyReport, out: TextIO) -> None:
    """Print the overall figures, then one row per writing style."""
    in_scope, out_of_scope = report.counts()
    print(
        f"In scope: {in_scope} messages, out of scope: {out_of_scope}, all: {len(report.results)}",
        file=out,
    )
    print(f"Top-1 accuracy (in scope):     {report.top1_accuracy:6.1%}", file=out)
    print(f"Answered rate (in scope):      {report.answered_rate:6.1%}", file=out)
    print(f"Answered and correct:          {report.answered_correct_rate:6.1%}", file=out)
    print(f"Answered but wrong:            {report.wrong_answer_rate:6.1%}", file=out)
    print(f"Out-of-scope refusal rate:     {report.refusal_rate:6.1%}", file=out)
    print(f"Confident-wrong rate (all):    {report.confident_wrong_rate:6.1%}", file=out)
    print(f"Precision of answers:          {report.precision:6.1%}", file=out)
    print(f"Handled right (all):           {report.correct_rate:6.1%}", file=out)
    print("\nstyle             n  right  conf-wrong  not-answered  right-suggested", file=out)
    for style, part in report.by_style().items():
        unanswered = [r for r in part.results if r.case.in_scope and not r.answered]
        suggested = sum(r.suggested_right for r in unanswered)
        print(
            f"{style:<15} {len(part.results):>3}  {part.correct_rate:6.1%}  "
            f"{part.confident_wrong_rate:9.1%}  {len(unanswered):>12}  "
            f"{suggested:>15}",
            file=out,
        )


def print_misses(report: AccuracyReport, out: TextIO) -> None:
    """Print every miss with what the bot did and what was wanted."""
    print(f"\nMisses ({len(report.misses)}):", file=out)
    for miss in report.misses:
        case = miss.case
        wanted = (
            "small talk" if case.small_talk else "/".join(sorted(case.expect)) or "(out of scope)"
        )
        if case.also:
            wanted += " + " + "/".join(sorted(case.also))
        got = "+".join(miss.answered) or f"[{miss.top_entry or '-'}]"
        previous = f"  (after {case.previous!r})" if case.previous else ""
        print(
            f"  {case.style:<14} {miss.outcome:<10} {miss.score:5.1f}  got {got}  "
            f"want {wanted}  {case.question!r}{previous}",
            file=out,
        )


def print_sweep(answerer: object, cases: list, out: TextIO) -> None:
    """Print accuracy figures for a grid of answer thresholds and margins."""
    print("threshold margin  answered  correct  wrong  refused(oos)", file=out)
    rows = sweep(answerer, cases, range(40, 81, 4), (0.0, 2.0, 4.0, 6.0, 8.0))  # type: ignore[arg-type]
    for threshold, margin, report in rows:
        print(
            f"{threshold:9.0f} {margin:6.1f}  {report.answered_rate:8.1%} "
            f"{report.answered_correct_rate:8.1%} {report.wrong_answer_rate:6.1%} "
            f"{report.refusal_rate:8.1%}",
            file=out,
        )


def add_run(commands: argparse._SubParsersAction) -> None:
    """Declare `policybot run`."""
    run = commands.add_parser("run", help="run the Telegram bot (token from POLICYBOT_TOKEN)")
    run.add_argument("--verbose", action="store_true", help="log debug messages too")
    run.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace, out: TextIO) -> int:
    """Run the Telegram bot until it is stopped."""
    config = load_config(args.config)
    token = checked_token(config)
    configure_logging(token, logging.DEBUG if args.verbose else logging.INFO)
    services = build_services(config)
    # The knowledge base and its index live for the whole run: keep the garbage collector from
    # walking them again and again (a full pass costs ~50 ms, felt as reply latency).
    gc.freeze()
    from handlers.application import run  # the only place bot/ reaches into Telegram

    run(services, token)
    return 0


def add_doctor(commands: argparse._SubParsersAction) -> None:
    """Declare `policybot doctor`."""
    doctor = commands.add_parser("doctor", help="check config, token, knowledge and database")
    doctor.set_defaults(handler=doctor_command)


def doctor_command(args: argparse.Namespace, out: TextIO) -> int:
    """Check each part the bot needs; print one line per check; exit 1 if any failed."""
    checks = doctor_checks(args.config)
    failed = 0
    for name, check in checks:
        try:
            detail = check()
        except Exception as error:  # every failure becomes one readable line
            failed += 1
            print(f"FAIL  {name}: {error}", file=out)
        else:
            print(f"ok    {name}: {detail}", file=out)
    return 1 if failed else 0


def doctor_checks(config_path: str | None) -> list[tuple[str, Callable[[], str]]]:
    """Return the named checks `policybot doctor` runs, in order."""
    state: dict[str, object] = {}

    def loaded() -> object:
        if "config" not in state:
            raise RuntimeError("skipped: the config did not load")
        return state["config"]

    def config_check() -> str:
        state["config"] = load_config(config_path)
        return config_path or ("config.yaml" if os.path.exists("config.yaml") else "defaults")

    def token_check() -> str:
        config = loaded()
        token = checked_token(config)  # type: ignore[arg-type]
        from handlers.doctor import describe_bot

        settings = config.telegram  # type: ignore[attr-defined]
        try:
            return asyncio.run(describe_bot(token, settings.base_url, settings.base_file_url))
        except RuntimeError as error:
            raise RuntimeError(str(error).replace(token, "[token]")) from None

    def knowledge_check() -> str:
        directory = knowledge_dir(loaded())  # type: ignore[arg-type]
        knowledge = load_knowledge(directory)
        return f"{len(knowledge.entries)} entries in {directory}"

    def database_check() -> str:
        config = loaded()
        storage_path = config.storage.path  # type: ignore[attr-defined]
        if storage_path == ":memory:":
            return ":memory: keeps nothing"
        path = config.resolve(storage_path)  # type: ignore[attr-defined]
        created = check_database_writable(path)
        return f"{path} is writable" + (f" (created the folder {path.parent})" if created else "")

    return [
        ("config", config_check),
        ("token", token_check),
        ("knowledge", knowledge_check),
        ("database", database_check),
    ]


def add_privacy(commands: argparse._SubParsersAction) -> None:
    """Declare `policybot privacy show|delete USER_ID`."""
    privacy = commands.add_parser("privacy", help="show or delete what is stored about a user")
    actions = privacy.add_subparsers(title="actions", metavar="ACTION", required=True)
    for name, help_text in (
        ("show", "count what is stored about a Telegram user id"),
        ("delete", "delete everything stored about a Telegram user id"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("user_id", type=int, help="the Telegram user id")
        action.set_defaults(handler=privacy_command, action=name)


def privacy_command(args: argparse.Namespace, out: TextIO) -> int:
    """Show or delete a user's stored data."""
    store = services_for(args).store
    counts = (
        store.delete_user_data(args.user_id)
        if args.action == "delete"
        else store.user_data_counts(args.user_id)
    )
    verb = "Deleted" if args.action == "delete" else "Stored"
    summary = ", ".join(f"{count} {table}" for table, count in counts.items())
    print(f"{verb} for user {args.user_id}: {summary}", file=out)
    from bot.access.privacy import kept_report

    print("\n".join(kept_report(store.kept_data_counts(args.user_id))), file=out)
    return 0


def add_backup(commands: argparse._SubParsersAction) -> None:
    """Declare `policybot backup`."""
    backup = commands.add_parser("backup", help="copy the live database safely to a new file")
    backup.add_argument("destination", help="the new backup file")
    backup.set_defaults(handler=backup_command)


def backup_command(args: argparse.Namespace, out: TextIO) -> int:
    """Back up the database with SQLite's online backup (safe while the bot runs)."""
    config = load_config(args.config)
    source = config.resolve(config.storage.path)
    if not source.exists():
        raise ConfigError(f"database not found: {source}")
    backup_database(source, Path(args.destination))
    print(f"Backed up {source} to {args.destination}", file=out)
    return 0
