"""The deployment the README describes works with deploy/: paths, permissions, the token."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.config import load_config

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
UNIT = (ROOT / "deploy" / "policybot.service").read_text(encoding="utf-8")
BACKUP = (ROOT / "deploy" / "backup.sh").read_text(encoding="utf-8")


def code_blocks(language: str) -> list[str]:
    """The README's fenced code blocks of a language (indented ones inside lists too)."""
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^\1```", README, re.MULTILINE | re.DOTALL)
    return [
        "\n".join(line.removeprefix(indent) for line in body.splitlines())
        for indent, body in blocks
    ]


def production_config() -> dict:
    """The config.yaml settings the README's deployment steps ask for."""
    (block,) = [b for b in code_blocks("yaml") if "/var/lib/policybot" in b]
    return yaml.safe_load(block)


def unit_values(key: str) -> list[str]:
    """Every value of a key in the systemd unit (space-separated lists split)."""
    return [
        value
        for line in UNIT.splitlines()
        if line.startswith(f"{key}=")
        for value in line.split("=", 1)[1].split()
    ]


def test_the_readme_config_is_valid(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(production_config()))
    config = load_config(path)
    assert config.knowledge.path == "/opt/policybot/knowledge"


def test_the_unit_lets_the_bot_write_the_database_and_the_knowledge_folder():
    config = production_config()
    writable = [Path(path) for path in unit_values("ReadWritePaths")]
    assert unit_values("ProtectSystem") == ["strict"]
    for needed in (Path(config["knowledge"]["path"]), Path(config["storage"]["path"]).parent):
        assert any(needed == path or path in needed.parents for path in writable), needed
    # ...and the knowledge folder is the checkout's, which the unit runs the code from.
    (command,) = unit_values("ExecStart")[:1]
    assert Path(config["knowledge"]["path"]).parent == Path(command).parents[2]


def test_the_token_is_never_typed_on_a_command_line():
    assert unit_values("EnvironmentFile") == ["/etc/policybot/token.env"]
    for block in code_blocks("sh"):
        for line in block.splitlines():
            command = line.split("#", 1)[0]
            assert not re.search(r"POLICYBOT_TOKEN=\S", command), line
    assert "sudo install -o root -g root -m 600 /dev/null /etc/policybot/token.env" in README


def test_the_folders_are_created_with_their_owner():
    for folder in ("/opt/policybot", "/var/backups/policybot"):
        assert re.search(
            rf"sudo install -d -o policybot -g policybot -m 7\d\d {folder}\n", README
        ), folder
    assert "--create-home" in README and "--home-dir /var/lib/policybot" in README
    assert "install -d -o policybot -g policybot -m 750 /var/backups/policybot" in BACKUP


def test_the_readme_says_how_to_upgrade_and_which_python():
    assert "Python ≥ 3.11" in README
    upgrade = README[README.index("**Upgrading**") :]
    for step in (
        "git pull",
        ".venv/bin/pip install .",
        "systemctl restart policybot",
        "migrations run by themselves",
    ):
        assert step in upgrade, step
