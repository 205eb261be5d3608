"""`policybot run` as a real process: answers, stops cleanly on SIGTERM, never logs the token."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
import sqlite_utils

from tests.fake_bot_api import FakeBotApi
from tests.telegram_support import TOKEN


def start_bot(tmp_path, fake: FakeBotApi) -> subprocess.Popen:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"storage:\n  path: bot.db\ntelegram:\n  base_url: {fake.base_url}\n"
        f"  base_file_url: {fake.base_file_url}\n"
    )
    env = {**os.environ, "POLICYBOT_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(config), "run", "--verbose"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_run_answers_and_stops_cleanly(tmp_path, fake, stop_signal):
    process = start_bot(tmp_path, fake)
    try:
        fake.wait_for_sync("getUpdates", timeout=20)
        fake.message_update("cara ngurus IOMKI gmn?")
        reply = fake.wait_for_sync("sendMessage", timeout=20)[-1]
        assert "SIINas" in reply.params["text"]
        process.send_signal(stop_signal)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    assert TOKEN not in output
    assert TOKEN.split(":")[1] not in output
    assert "Traceback" not in output


def test_acknowledged_report_survives_sigkill(tmp_path, fake):
    config = tmp_path / "config.yaml"
    config.write_text(
        f"storage:\n  path: bot.db\ntelegram:\n  base_url: {fake.base_url}\n"
        f"  base_file_url: {fake.base_file_url}\n"
        'roles:\n  officers:\n    - {id: 1001, region: "Jawa Barat / Kota Bandung"}\n'
    )
    env = {**os.environ, "POLICYBOT_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(config), "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        fake.wait_for_sync("getUpdates", timeout=20)
        for number in range(20):
            fake.message_update(f"/lapor PT Nomor {number}; normal; {number}")
        fake.wait_for_sync("sendMessage", timeout=20, predicate=is_acknowledgement)
        process.kill()  # SIGKILL right after the first acknowledgement: no shutdown, no flush
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    acknowledged = [
        call.params["text"].split("(", 1)[1].split(",")[0]
        for call in fake.calls_to("sendMessage")
        if is_acknowledgement(call)
    ]
    stored = {row["company"] for row in sqlite_utils.Database(tmp_path / "bot.db")["reports"].rows}
    assert acknowledged and set(acknowledged) <= stored


def is_acknowledgement(call) -> bool:
    """A sendMessage that told an officer their report was saved."""
    return call.status == 200 and call.params.get("text", "").startswith("✅ Laporan")
