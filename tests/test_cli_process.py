"""The CLI as a real process: --config in either place, storage errors, leaving `chat`."""

from __future__ import annotations

import argparse
import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent
WELL_FORMED_TOKEN = "123456789:" + "A" * 35  # never used: the bot stops before any request

# Every leaf command with the arguments it needs.
COMMANDS = [
    ["ask", "iomki"],
    ["chat"],
    ["kb", "check"],
    ["kb", "stats"],
    ["kb", "export"],
    ["kb", "import", "x.csv"],
    ["unanswered", "list"],
    ["eval"],
    ["run"],
    ["doctor"],
    ["privacy", "show", "5"],
    ["privacy", "delete", "5"],
    ["backup", "x.db"],
    ["broadcast", "list"],
    ["broadcast", "status", "1"],
    ["reports", "export", "--since", "2021-01-01"],
    ["officers", "list"],
    ["officers", "add", "5", "A / B"],
    ["officers", "remove", "5"],
    ["petugas", "daftar"],
    ["stats"],
]


def policybot(
    *argv: str, cwd: Path, token: str = "", stdin: str = "", timeout: float = 60
) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "POLICYBOT_TOKEN"}
    if token:
        env["POLICYBOT_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def config_with_storage(tmp_path: Path, storage: str) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  path: {storage}\n")
    return config


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_config_option_before_or_after_the_command(argv):
    parser = build_parser()
    assert parser.parse_args(["--config", "a.yaml", *argv]).config == "a.yaml"
    assert parser.parse_args([*argv, "--config", "b.yaml"]).config == "b.yaml"
    assert parser.parse_args(argv).config is None


def test_config_option_between_nested_command_names():
    args = build_parser().parse_args(["kb", "--config", "c.yaml", "check"])
    assert args.config == "c.yaml"


def all_parsers(parser: argparse.ArgumentParser):
    """Yield every subparser, at every depth."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield sub
                yield from all_parsers(sub)


def test_every_subparser_accepts_config():
    for parser in all_parsers(build_parser()):
        options = {o for a in parser._actions for o in a.option_strings}
        assert "--config" in options, parser.prog


def test_run_accepts_config_after_the_command(tmp_path):
    config = config_with_storage(tmp_path, "bot.db")
    result = policybot("run", "--config", str(config), cwd=tmp_path)
    assert "unrecognized arguments" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error: no bot token")


def test_nested_command_uses_config_given_after_it(tmp_path):
    (tmp_path / "etc").mkdir()
    config = config_with_storage(tmp_path / "etc", "data/bot.db")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    result = policybot("privacy", "show", "5", "--config", str(config), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "etc" / "data" / "bot.db").exists()  # the configured database
    assert not (elsewhere / "policybot.db").exists()


@pytest.mark.parametrize(
    ("command", "setting", "message"),
    [
        (
            "ask",
            "matching:\n  answer_threshold: 500\n",
            "config key matching.answer_threshold must be between 0 and 100, not 500",
        ),
        (
            "run",
            "telegram:\n  questions_per_minute: -5\n",
            "config key telegram.questions_per_minute must be at least 0 (0 turns flood control off), "
            "not -5",
        ),
    ],
)
def test_out_of_range_setting_is_one_error_line(tmp_path, command, setting, message):
    config = tmp_path / "config.yaml"
    config.write_text(setting)
    argv = ["ask", "iomki"] if command == "ask" else ["run"]
    result = policybot(*argv, "--config", str(config), cwd=tmp_path, token=WELL_FORMED_TOKEN)
    assert result.returncode == 1
    assert result.stderr == f"Error: {message}\n"


def test_doctor_skips_what_needs_a_config_that_did_not_load(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("stats:\n  timezone: Mars/Olympus\n")
    result = policybot("doctor", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "FAIL  config: config key stats.timezone must be a time zone name such as "
        "Asia/Jakarta (IANA tz database), not 'Mars/Olympus'"
    )
    assert all(line.endswith("skipped: the config did not load") for line in lines[1:])


def unopenable_paths(tmp_path: Path) -> list[tuple[str, str]]:
    """(storage.path, the reason the error must give) for paths no user, root included, opens."""
    (tmp_path / "a-file").write_text("not a folder\n")
    (tmp_path / "a-folder.db").mkdir()
    return [
        ("/proc/policybot-test.db", "cannot create a file in /proc"),
        (str(tmp_path / "a-file" / "bot.db"), f"{tmp_path / 'a-file'} is a file, not a folder"),
        (str(tmp_path / "a-file" / "sub" / "bot.db"), f"{tmp_path / 'a-file'} is a file, not"),
        (str(tmp_path / "a-folder.db"), "it is a folder, not a file"),
    ]


@pytest.mark.parametrize("case", range(4))
def test_unopenable_storage_is_one_line_naming_the_path(tmp_path, case):
    storage, reason = unopenable_paths(tmp_path)[case]
    config = config_with_storage(tmp_path, storage)
    result = policybot("--config", str(config), "ask", "iomki", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"Error: cannot open the database {storage} (storage.path)")
    assert reason in result.stderr


@pytest.mark.parametrize("command", ["chat", "run", "doctor"])
def test_every_command_reports_unopenable_storage_alike(tmp_path, command):
    storage = "/proc/policybot-test.db"
    config = config_with_storage(tmp_path, storage)
    result = policybot(
        command,
        "--config",
        str(config),
        cwd=tmp_path,
        token=WELL_FORMED_TOKEN if command == "run" else "",
    )
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    expected = f"cannot open the database {storage} (storage.path): cannot create a file in /proc"
    if command == "doctor":
        assert result.stdout.splitlines()[-1].startswith(f"FAIL  database: {expected}")
    else:
        assert result.stderr.splitlines()[-1].startswith(f"Error: {expected}")


@pytest.mark.parametrize("command", ["ask", "chat", "doctor"])
def test_missing_parent_folder_is_created_by_every_command(tmp_path, command):
    config = config_with_storage(tmp_path, "new/deeper/bot.db")
    argv = {"ask": ["ask", "iomki"], "chat": ["chat"], "doctor": ["doctor"]}[command]
    result = policybot(*argv, "--config", str(config), cwd=tmp_path)
    assert (tmp_path / "new" / "deeper" / "bot.db").exists()
    assert "Traceback" not in result.stderr
    if command == "doctor":  # exits 1 only for the missing token
        folder = tmp_path / "new" / "deeper"
        database_line = next(line for line in result.stdout.splitlines() if "database" in line)
        assert database_line.startswith("ok    database:")
        assert f"(created the folder {folder})" in database_line
    else:
        assert result.returncode == 0, result.stderr


def test_chat_leaves_quietly_at_end_of_input_and_never_logs_commands(tmp_path):
    config = config_with_storage(tmp_path, "bot.db")
    result = policybot(
        "chat",
        "--config",
        str(config),
        cwd=tmp_path,
        stdin="/help\n/bantuan\n/topik\n/nope\n/privasi\n",
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert "Perintah:" in result.stdout and "/bantuan = /help" in result.stdout
    assert result.stdout.rstrip().endswith("Terima kasih. Sampai jumpa!")
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("select count(*) from questions").fetchone() == (0,)
        assert db.execute("select count(*) from unanswered").fetchone() == (0,)


def read_until(process: subprocess.Popen, marker: bytes, timeout: float = 60) -> bytes:
    """Read the process's stdout until marker appears (the prompt has no newline)."""
    seen = b""
    deadline = time.monotonic() + timeout
    fd = process.stdout.fileno()
    while marker not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"no {marker!r} in {seen!r}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 4096)
            assert chunk, f"stdout closed before {marker!r}: {seen!r}"
            seen += chunk
    return seen


def test_chat_leaves_quietly_on_ctrl_c(tmp_path):
    config = config_with_storage(tmp_path, "bot.db")
    env = {key: value for key, value in os.environ.items() if key != "POLICYBOT_TOKEN"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--config", str(config)],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        read_until(process, b"Anda> ")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr
    assert stdout.decode().rstrip().endswith("Terima kasih. Sampai jumpa!")
