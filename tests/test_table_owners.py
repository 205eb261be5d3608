"""One owner per table: every table is written from exactly one module, read from any.

The test reads the source of bot/ and handlers/ and finds every write: SQL statements naming a
table (insert/replace into, update … set, delete from; f-strings and module constants are
resolved), sqlite-utils write calls on db["table"] or db.table("table") (also through a local
variable), and executescript. bot/storage/migrations.py is exempt: it creates and migrates the schema.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from sqlite_utils import Database

from bot.storage.migrations import PTB_CONVERSATIONS, PTB_USER_DATA
from bot.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("bot", "handlers")
EXEMPT = {"bot/storage/migrations.py": "creates and migrates the schema"}

# The outbox's Ledger (bot/outbox/sending.py) writes every table a `LedgerTable(...)` describes, naming
# it through the spec: the scan credits those writes to bot/outbox/sending.py.
LEDGER_MODULE = "bot/outbox/sending.py"
# Table → the one module that may write it (INSERT/UPDATE/DELETE/REPLACE, sqlite-utils writes).
TABLE_OWNERS = {
    "questions": "bot/storage/store.py",
    "unanswered": "bot/storage/store.py",
    "users": "bot/storage/store.py",
    "feedback": "bot/storage/store.py",
    "officers": "bot/access/roles.py",
    "denied": "bot/access/roles.py",
    "reports": "bot/reports/filing.py",
    "subscribers": "bot/broadcasts/subscriptions.py",
    "bot_blocks": "bot/broadcasts/subscriptions.py",
    "kb_audit": "bot/editing/editor.py",
    "broadcasts": "bot/broadcasts/announcements.py",
    "deliveries": LEDGER_MODULE,
    "answer_notices": LEDGER_MODULE,
    "change_notices": LEDGER_MODULE,
    "answer_changes": "bot/curation/changes.py",
    "served_answers": "bot/curation/changes.py",
    PTB_CONVERSATIONS: "bot/storage/session_state.py",
    PTB_USER_DATA: "bot/storage/session_state.py",
}
# The table sqlite-utils' migrations keep, written by the Migrations class only.
MIGRATIONS_TABLE = "_sqlite_migrations"

SQL_WRITE = re.compile(
    r"\b(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|delete\s+from"
    r"|update(?:\s+or\s+\w+)?(?=\s+\S+\s+set\b))\s+[\[\"`]?([^\s\]\"`(]+)",
    re.IGNORECASE,
)
SQLITE_UTILS_WRITES = {
    "insert",
    "insert_all",
    "upsert",
    "upsert_all",
    "update",
    "delete",
    "delete_where",
    "lookup",
}
UNNAMED = "<a table the source does not name>"


def module_name(path: Path) -> str:
    """'bot/storage/store.py' for a file of the project."""
    return path.relative_to(ROOT).as_posix()


def string_constants(tree: ast.Module) -> dict[str, str]:
    """The module's top-level NAME = 'text' assignments."""
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Constant):
            continue
        if isinstance(node.value.value, str):
            found.update({t.id: node.value.value for t in node.targets if isinstance(t, ast.Name)})
    return found


def known_names(tree: ast.Module, constants_of: dict[str, dict[str, str]]) -> dict[str, str]:
    """The module's own string constants and those it imports from other project modules."""
    names = string_constants(tree)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            source = constants_of.get(node.module.replace(".", "/") + ".py", {})
            for alias in node.names:
                if alias.name in source:
                    names[alias.asname or alias.name] = source[alias.name]
    return names


def text_of(node: ast.AST, names: dict[str, str]) -> str | None:
    """The text of a string expression; an f-string's unknown parts become '{?}'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.JoinedStr):
        parts = [
            text_of(value.value if isinstance(value, ast.FormattedValue) else value, names)
            for value in node.values
        ]
        return "".join("{?}" if part is None else part for part in parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = text_of(node.left, names), text_of(node.right, names)
        return None if left is None or right is None else left + right
    return None


def not_whole_strings(tree: ast.Module) -> set[int]:
    """The ids of string nodes not to read as SQL on their own: docstrings (prose) and the
    parts of f-strings and concatenations (read whole)."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skipped.add(id(node.value))
        elif isinstance(node, ast.JoinedStr | ast.BinOp):
            skipped.update(id(child) for child in ast.walk(node) if child is not node)
    return skipped


def sql_writes(tree: ast.Module, names: dict[str, str]) -> set[str]:
    """Tables named by SQL write statements in the module's string expressions."""
    skipped = not_whole_strings(tree)
    tables = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant | ast.JoinedStr | ast.BinOp) and id(node) not in skipped:
            text = text_of(node, names)
            for match in SQL_WRITE.finditer(text or ""):
                name = match.group(1)
                tables.add(UNNAMED if "{" in name else name)
    return tables


def is_database(node: ast.AST) -> bool:
    """Whether an expression looks like the database: db, self.db, store.db, ..."""
    return (isinstance(node, ast.Name) and node.id.endswith("db")) or (
        isinstance(node, ast.Attribute) and node.attr.endswith("db")
    )


def table_named(node: ast.AST, names: dict[str, str]) -> str | None:
    """The table an expression stands for: db["t"], db[T], x.table("t"); else None."""
    if isinstance(node, ast.Subscript) and is_database(node.value):
        return text_of(node.slice, names) or UNNAMED
    is_table_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    if is_table_call and node.func.attr == "table" and node.args:
        return text_of(node.args[0], names) or UNNAMED
    return None


def tables_in_variables(scope: ast.AST, names: dict[str, str]) -> dict[str, str]:
    """Local variables bound to a table in a function, e.g. `table = self.db.table("x")`."""
    bound = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            table = table_named(node.value, names)
            if table:
                bound.update({t.id: table for t in node.targets if isinstance(t, ast.Name)})
    return bound


def sqlite_utils_writes(tree: ast.Module, names: dict[str, str]) -> set[str]:
    """Tables written through sqlite-utils calls (insert, upsert, update, delete, ...)."""
    tables = set()
    scopes = [
        tree,
        *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)),
    ]
    for scope in scopes:
        variables = tables_in_variables(scope, names) if scope is not tree else {}
        for node in ast.walk(scope):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            receiver = node.func.value
            if node.func.attr == "executescript":
                tables.add(UNNAMED)
            elif node.func.attr in SQLITE_UTILS_WRITES:
                table = table_named(receiver, names)
                if table is None and isinstance(receiver, ast.Name):
                    table = variables.get(receiver.id)
                if table:
                    tables.add(table)
    return tables


def written_tables(sources: dict[str, str]) -> dict[str, set[str]]:
    """Module → the tables it writes, for every module given as {name: source}."""
    trees = {name: ast.parse(source) for name, source in sources.items()}
    constants_of = {name: string_constants(tree) for name, tree in trees.items()}
    writes = {}
    for name, tree in trees.items():
        names = known_names(tree, constants_of)
        writes[name] = sql_writes(tree, names) | sqlite_utils_writes(tree, names)
    return writes


def project_writes() -> dict[str, set[str]]:
    """Module → the tables it writes, for every .py file of bot/ and handlers/ but the exempt
    ones (whose constants still name tables for the others)."""
    sources = {
        module_name(path): path.read_text(encoding="utf-8")
        for folder in SCANNED
        for path in sorted((ROOT / folder).rglob("*.py"))
    }
    writes = written_tables(sources)
    if UNNAMED in writes.get(LEDGER_MODULE, set()):
        writes[LEDGER_MODULE] = writes[LEDGER_MODULE] - {UNNAMED} | ledger_tables(sources)
    return {module: tables for module, tables in writes.items() if module not in EXEMPT}


def ledger_tables(sources: dict[str, str]) -> set[str]:
    """The tables named as the first argument of a LedgerTable(...) anywhere in the sources."""
    found = set()
    for source in sources.values():
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "LedgerTable"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def writers_by_table() -> dict[str, set[str]]:
    """Table → the modules that write it."""
    writers: dict[str, set[str]] = defaultdict(set)
    for module, tables in project_writes().items():
        for table in tables:
            writers[table].add(module)
    return writers


def schema_tables() -> set[str]:
    """Every table of a database after all migrations."""
    return set(Store(Database(memory=True)).db.table_names())


def test_every_table_has_one_owner():
    tables = schema_tables() - {MIGRATIONS_TABLE}
    assert tables == set(TABLE_OWNERS), "a table without owner, or listed but gone"


def test_each_table_is_written_from_its_owner_only():
    writers = writers_by_table()
    for table, owner in TABLE_OWNERS.items():
        others = writers[table]
        assert others == {owner}, f"{table} must be written from {owner} only, not {others}"


def test_every_write_names_a_table_of_the_schema():
    unknown = set(writers_by_table()) - schema_tables()
    assert not unknown, (
        f"writes to tables not in the schema (or not named in the source): {unknown}"
    )


def test_handlers_write_no_table():
    writes = project_writes()
    in_handlers = {
        module: tables
        for module, tables in writes.items()
        if module.startswith("handlers/") and tables
    }
    assert not in_handlers, f"handlers call the domain, they write no table: {in_handlers}"


def test_the_scan_finds_every_kind_of_write():
    sources = {
        "bot/names.py": 'LOG = "audit_log"\n',
        "bot/sample.py": '''
from bot.names import LOG
PLAIN = "plain"

def writes(db, self, where):
    """Docstrings may say: delete from prose, update prose set nothing."""
    db.execute("INSERT INTO a (x) VALUES (1)")
    db.execute("insert or ignore into [b] (x) values (1)")
    db.execute("replace into c values (1)")
    db.execute(f"update d set x = 1 where {where}")
    db.execute("delete " "from e where x = 1")
    db.execute(f"delete from {LOG} where x = 1")
    db.execute(f"delete from [{where}]")
    db["f"].insert({})
    self.db.table("g").upsert_all([])
    db[PLAIN].delete_where("x = 1")
    table = self.db.table("h")
    table.update(1, {})
    db.executescript("anything")
    TEXTS.update({})
    db.execute("select * from i where updated = 1")
''',
    }
    found = written_tables(sources)["bot/sample.py"]
    assert found == {"a", "b", "c", "d", "e", "audit_log", "f", "g", "plain", "h", UNNAMED}
