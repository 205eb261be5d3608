"""bot/ imports without cycles: every module imports, and the import graph is a DAG.

Imports are read with `ast`, wherever they are (module level, functions, TYPE_CHECKING
blocks), so a cycle hidden behind a local import is found too.
"""

import ast
import importlib
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bot"


def module_name(path: Path) -> str:
    """bot/outbox/sending.py -> bot.outbox.sending; bot/x/__init__.py -> bot.x."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def bot_modules() -> dict[str, Path]:
    """Every module of the bot package, by dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The bot modules a module imports (`from bot import x` counts as bot.x when a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each bot module and the bot modules it imports."""
    modules = bot_modules()
    known = set(modules)
    return {name: imported(name, path, known) for name, path in modules.items()}


def test_every_bot_module_imports():
    for name in bot_modules():
        if not name.endswith("__main__"):  # running it is `python -m bot`
            importlib.import_module(name)


def test_bot_has_no_import_cycle():
    graph = import_graph()
    # a package's __init__ importing its own modules is not a cycle: drop parent -> child edges
    graph = {
        name: {dep for dep in deps if not dep.startswith(f"{name}.")}
        for name, deps in graph.items()
    }
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        raise AssertionError(f"import cycle in bot/: {' -> '.join(error.args[1])}") from None


def test_the_graph_sees_imports_in_functions_and_type_checking_blocks():
    graph = import_graph()
    assert "bot.outbox.sending" in graph["bot.broadcasts.announcements"]
    assert "bot.outbox.sending" in graph["bot.curation.unanswered"]
