"""The policybot CLI, called in process."""

import io
import json
import shutil
from pathlib import Path

import pytest

from bot.cli.main import main

DATA = Path(__file__).parent / "data"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """A config that keeps the database in the test's temporary folder."""
    path = tmp_path / "config.yaml"
    path.write_text("storage:\n  path: bot.db\n")
    return path


def run(*argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def test_ask_prints_answer_with_source(config_file):
    code, out = run("--config", str(config_file), "ask", "hand sanitizer alkohol brp persen")
    assert code == 0
    assert "70%" in out
    assert "Sumber: SE Menperin 4/2020" in out


def test_ask_refuses_out_of_scope_and_says_what_it_covers(config_file):
    code, out = run("--config", str(config_file), "ask", "berapa UMK Bekasi")
    assert code == 0
    assert "Maaf" in out and "SE Menperin 4/2020" in out


def test_ask_json_reads_stdin_one_object_per_line(config_file, monkeypatch):
    questions = "cara ngurus IOMKI gmn?\n\nberapa UMK Bekasi\niomki\nHow do I apply for IOMKI?\n"
    code, out = run(
        "--config",
        str(config_file),
        "ask",
        "--json",
        "-",
        stdin=questions,
        monkeypatch=monkeypatch,
    )
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["outcome"] for row in rows] == ["answer", "no_match", "not_sure", "answer"]
    for row in rows:
        assert set(row) == {
            "answered",
            "outcome",
            "entry_id",
            "score",
            "language",
            "answer",
            "source",
            "reviewed",
            "suggestions",
            "more",
        }
    assert rows[0]["entry_id"] == "iomki-cara-mengajukan" and rows[0]["answered"] is True
    assert rows[0]["reviewed"] == "2026-11-22" and rows[1]["reviewed"] is None
    assert rows[1]["entry_id"] is None and rows[1]["answered"] is False
    assert {"entry_id", "question"} == set(rows[2]["suggestions"][0])
    assert rows[3]["language"] == "en"


def test_ask_lang_option(config_file):
    _code, out = run("--config", str(config_file), "ask", "--lang", "en", "cara ngurus iomki")
    assert "Source:" in out


def test_questions_are_stored_in_configured_database(config_file):
    run("--config", str(config_file), "ask", "berapa UMK Bekasi")
    code, out = run("--config", str(config_file), "unanswered", "list")
    assert code == 0 and "berapa UMK Bekasi" in out
    code, out = run("--config", str(config_file), "unanswered", "list", "--json")
    assert json.loads(out.splitlines()[0])["status"] == "open"


def test_unanswered_list_empty(config_file):
    assert (
        "No open unanswered questions."
        in run("--config", str(config_file), "unanswered", "list")[1]
    )


def test_chat_conversation(config_file, monkeypatch):
    lines = "iomki\n2\n9\n/bahasa en\nhand sanitizer alcohol\n\n/keluar\nnot reached\n"
    code, out = run("--config", str(config_file), "chat", stdin=lines, monkeypatch=monkeypatch)
    assert code == 0
    assert "Apakah maksud Anda" in out
    assert "Nomor itu tidak ada" in out
    assert "Language set to English." in out
    assert "70%" in out and "Source:" in out
    assert "Goodbye" in out
    assert "not reached" not in out


def test_chat_picks_a_suggestion(config_file, monkeypatch):
    _code, out = run(
        "--config", str(config_file), "chat", stdin="iomki\n1\n", monkeypatch=monkeypatch
    )
    assert out.count("Sumber:") == 1


def test_kb_check_ok_and_broken(tmp_path):
    code, out = run("kb", "check")
    assert code == 0 and out.startswith("OK: ")
    shutil.copytree(DATA / "broken", tmp_path / "broken")
    assert run("kb", "check", str(tmp_path / "broken"))[0] == 1


def test_kb_check_lists_every_problem(tmp_path, capsys):
    shutil.copytree(DATA / "broken", tmp_path / "broken")
    run("kb", "check", str(tmp_path / "broken"))
    err = capsys.readouterr().err
    assert "bad-indent.yaml:12" in err
    assert "problems.yaml:10: entry tanpa-sumber: missing source" in err
    assert "duplicate id 'dobel'" in err


def test_kb_stats():
    code, out = run("kb", "stats")
    assert code == 0
    assert "SE Menperin 4/2020" in out and "Protokol kesehatan" in out


def test_eval_prints_figures():
    code, out = run("eval", str(DATA / "eval_holdout.yaml"))
    assert code == 0
    assert "Top-1 accuracy" in out and "Out-of-scope refusal rate" in out


def test_bad_config_is_one_error_line(tmp_path, capsys):
    bad = tmp_path / "c.yaml"
    bad.write_text("nope: 1\n")
    assert run("--config", str(bad), "ask", "x")[0] == 1
    assert capsys.readouterr().err.strip() == "Error: unknown config key: nope"


def test_no_command_prints_help():
    code, out = run()
    assert code == 2 and "ask" in out
