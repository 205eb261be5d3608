"""The shape of the code: the domain knows nothing of Telegram; docs cover every command."""

import ast
from pathlib import Path

from bot.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Return the top-level modules a file imports at module level or in functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_domain_never_imports_telegram_or_handlers():
    for path in (ROOT / "bot").rglob("*.py"):
        if path == ROOT / "bot" / "cli" / "main.py":
            continue  # `policybot run` imports handlers inside its function, by design
        assert not imported_modules(path) & {"telegram", "handlers"}, path


def test_cli_imports_telegram_only_inside_functions():
    tree = ast.parse((ROOT / "bot" / "cli" / "main.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            assert not (module or "").startswith(("telegram", "handlers"))


def test_only_matching_imports_rapidfuzz():
    users = {p for p in (ROOT / "bot").rglob("*.py") if "rapidfuzz" in imported_modules(p)}
    assert users == {ROOT / "bot" / "matching" / "ranking.py"}


def cli_commands() -> list[str]:
    """Return every `policybot …` subcommand path, e.g. 'kb check'."""
    parser = build_parser()
    commands = []
    for action in parser._subparsers._group_actions:  # argparse keeps no public accessor
        for choice in action._choices_actions:  # primary names only, not aliases
            sub = action.choices[choice.dest]
            nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
            if nested:
                commands += [f"{choice.dest} {child.dest}" for child in nested[0]._choices_actions]
            else:
                commands.append(choice.dest)
    return commands


def test_every_cli_command_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in cli_commands():
        assert f"policybot {command}" in readme, command


def test_every_cli_command_has_help():
    parser = build_parser()
    for action in parser._subparsers._group_actions:
        for choice in action._choices_actions:
            assert choice.help, choice.dest


def test_every_telegram_command_is_in_help_and_readme():
    from handlers.commands import COMMANDS, STAFF_COMMANDS, help_text

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS + STAFF_COMMANDS:
        staff = command in STAFF_COMMANDS
        for name in command.names:
            assert f"/{name}" in help_text("id", staff) and f"/{name}" in help_text("en", staff)
            assert f"`/{name}`" in readme, name
    assert "/lapor" not in help_text("id")


def test_every_registered_command_is_in_the_command_table():
    from telegram.ext import CommandHandler

    from bot.config import Config, StorageSettings
    from bot.services import build_services
    from handlers.application import build_application
    from handlers.commands import COMMANDS, STAFF_COMMANDS

    services = build_services(Config(storage=StorageSettings(path=":memory:")))
    app = build_application(services, "123456789:" + "A" * 35)
    handlers = [h for group in app.handlers.values() for h in group]
    handlers += [entry for h in handlers for entry in getattr(h, "entry_points", [])]
    registered = {
        name
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for name in handler.commands
    }
    assert registered == {name for command in COMMANDS + STAFF_COMMANDS for name in command.names}
