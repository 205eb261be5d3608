"""`policybot run` as a process: an unreachable Bot API, a rejected token, the webhook secret."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import httpx
import pytest
import sqlite_utils

from tests.fake_bot_api import FakeBotApi, join_within
from tests.telegram_support import TOKEN

ATTEMPT = re.compile(r"WARNING .*Telegram Bot API not reachable \(attempt (\d+): ")
ADMIN = 1001
PUBLIC_URL = "https://policybot.example/hook"  # never contacted: the fake only records it


class BotProcess:
    """`policybot run` in a subprocess; its output (stdout and stderr) collected line by line."""

    def __init__(self, tmp_path, config: str, token: str = TOKEN, verbose: bool = False) -> None:
        path = tmp_path / "config.yaml"
        path.write_text(config)
        env = {**os.environ, "POLICYBOT_TOKEN": token, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "bot", "--config", str(path), "run"]
        self.process = subprocess.Popen(
            command + (["--verbose"] if verbose else []),
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_lines(
        self, predicate: Callable[[str], bool], count: int, timeout: float
    ) -> list[str]:
        """Wait until `count` output lines match; fail (showing the output) after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in list(self.lines) if predicate(line)]
            if len(found) >= count:
                return found
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"expected {count} matching lines; output:\n{self.output}")

    def finish(self, timeout: float = 30) -> int:
        """Wait for the process to exit by itself (killing it after `timeout`); its status."""
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.kill()

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then wait for a clean exit; return the exit status."""
        self.process.send_signal(signal.SIGTERM)
        return self.finish(timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        join_within(self._reader, 10)
        if not self._reader.is_alive():
            self.process.stdout.close()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


def polling_config(port: int) -> str:
    return (
        f"storage:\n  path: bot.db\ntelegram:\n  base_url: http://127.0.0.1:{port}/bot\n"
        f"  base_file_url: http://127.0.0.1:{port}/file/bot\n"
    )


def webhook_config(fake: FakeBotApi, port: int) -> str:
    """Webhook mode as behind a reverse proxy: Telegram posts to PUBLIC_URL, which the proxy
    forwards to the bot's plain-HTTP server on 127.0.0.1:port (the test posts there directly)."""
    return (
        polling_config(fake.port) + f"  webhook:\n    url: {PUBLIC_URL}\n    listen: 127.0.0.1\n"
        f"    port: {port}\n    path: hook\n    secret_token: ''\n"
        f"roles:\n  admins: [{ADMIN}]\n"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_run_retries_an_unreachable_bot_api_one_line_per_attempt(tmp_path):
    # A socket bound but not listening: every connection to its port is refused, and nobody
    # else can take the port until it is handed to the fake server.
    reservation = socket.socket()
    reservation.bind(("127.0.0.1", 0))
    port = reservation.getsockname()[1]
    bot = BotProcess(tmp_path, polling_config(port))
    try:
        bot.wait_for_lines(ATTEMPT.search, count=2, timeout=30)
        before_api = list(bot.lines)
        reservation.close()
        with FakeBotApi(token=TOKEN, port=port) as fake:
            fake.wait_for_sync("getUpdates", timeout=30)
            fake.message_update("cara ngurus IOMKI gmn?")
            reply = fake.wait_for_sync("sendMessage", timeout=20)[-1]
            assert "SIINas" in reply.params["text"]
            assert [call.status for call in fake.calls_to("getMe")] == [200]
            assert bot.stop() == 0, bot.output
    finally:
        reservation.close()
        bot.kill()
    assert "Traceback" not in bot.output, bot.output
    problems = [line for line in before_api if re.search(r" (WARNING|ERROR|CRITICAL) ", line)]
    attempts = [int(ATTEMPT.search(line).group(1)) for line in problems if ATTEMPT.search(line)]
    # One line per attempt, nothing else: no retries of the inner requests, no PTB noise.
    assert len(attempts) == len(problems) >= 2, before_api
    assert attempts == list(range(1, len(attempts) + 1))
    assert all(len(line) < 200 for line in problems)
    assert TOKEN.split(":")[1] not in bot.output


@pytest.mark.parametrize("fault", ["wrong token", "getMe 404"])
@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_run_with_a_rejected_token_exits_1_with_one_line(tmp_path, fault, mode):
    with FakeBotApi(token=TOKEN) as fake:
        token = TOKEN
        if fault == "wrong token":
            token = "987654321:" + "B" * 35  # well-formed, but not the fake's: getMe → 401
        else:
            fake.fail_next("getMe", status=404)
        config = (
            webhook_config(fake, free_port()) if mode == "webhook" else polling_config(fake.port)
        )
        bot = BotProcess(tmp_path, config, token=token)
        try:
            status = bot.finish(timeout=30)
        finally:
            bot.kill()
        assert len(fake.calls_to("getMe")) == 1  # no retrying a rejected token
        assert fake.calls_to("setWebhook") == []
    assert status == 1, bot.output
    assert "Traceback" not in bot.output, bot.output
    errors = [line for line in bot.lines if "rejected" in line or "Error" in line]
    answer = "Unauthorized" if fault == "wrong token" else "Not Found"
    assert errors == [
        f"Error: Telegram rejected the bot token (getMe: {answer}): set POLICYBOT_TOKEN "
        "(or telegram.token) to the bot's current token from @BotFather"
    ], bot.output
    assert token.split(":")[1] not in bot.output


def post(url: str, update: dict, headers: dict[str, str], timeout: float = 20) -> int:
    """POST an update to the bot's webhook server, waiting (bounded) until it listens."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.post(
                url, json=update, headers=headers, timeout=10, trust_env=False
            ).status_code
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_webhook_without_configured_secret_refuses_forged_updates(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    with FakeBotApi(token=TOKEN) as fake:
        bot = BotProcess(tmp_path, webhook_config(fake, port), verbose=True)
        try:
            call = fake.wait_for_sync("setWebhook", timeout=30)[-1]
            secret = call.params.get("secret_token") or ""
            assert call.params["url"] == PUBLIC_URL
            assert re.fullmatch(r"[A-Za-z0-9_-]{32,256}", secret), secret
            forged = [
                (
                    {},
                    fake.message_update(
                        "/petugas tambah 2002 Jawa Barat / Kota Bandung", user_id=ADMIN, push=False
                    ),
                ),
                (
                    {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                    fake.message_update(
                        "/siaran semua: Pabrik wajib tutup besok", user_id=ADMIN, push=False
                    ),
                ),
                (
                    {"X-Telegram-Bot-Api-Secret-Token": secret[:-1]},
                    fake.message_update(
                        "/petugas tambah 2002 Jawa Barat / Kota Bandung", user_id=ADMIN, push=False
                    ),
                ),
                (
                    {"X-Telegram-Bot-Api-Secret-Token": secret.swapcase()},
                    fake.message_update("/petugas hapus 2002", user_id=ADMIN, push=False),
                ),
            ]
            assert [post(url, update, headers) for headers, update in forged] == [403] * 4
            genuine = fake.message_update(
                "/petugas tambah 3003 Jawa Barat / Kota Bandung", user_id=ADMIN, push=False
            )
            assert post(url, genuine, {"X-Telegram-Bot-Api-Secret-Token": secret}) == 200
            reply = fake.wait_for_sync("sendMessage", timeout=20)[-1]
            assert "3003" in reply.params["text"]
            # Updates are handled one at a time, in order: a forged one that got through
            # would have been answered before the genuine one.
            assert len(fake.sent_messages()) == 1, fake.sent_messages()
            assert fake.calls_to("copyMessage") == []
            assert bot.stop() == 0, bot.output
        finally:
            bot.kill()
    assert "Traceback" not in bot.output, bot.output
    assert secret not in bot.output  # not even at --verbose, where PTB logs request data
    db = sqlite_utils.Database(tmp_path / "bot.db")
    assert [row["user_id"] for row in db["officers"].rows] == [3003]
    assert "broadcasts" not in db.table_names() or db["broadcasts"].count == 0
