"""`qabot telegram` as a real process: it serves the fake Bot API, reloads on SIGHUP, stops
cleanly on SIGTERM with its persistence written, and never prints the token."""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import sys
import time
from pathlib import Path

from conftest_telegram import OSCE_QUESTION
from fakebotapi import TOKEN, FakeBotAPIServer, parse_telegram_html, private_chat

ANN = private_chat(1001, "Ann")
ROOT = Path(__file__).resolve().parent.parent


def write_config(path: Path, server: FakeBotAPIServer, store: Path) -> None:
    path.write_text(
        f"""
[index]
cache = false

[telegram]
base_url = "{server.base_url}"
base_file_url = "{server.base_file_url}"
poll_timeout = 2
persistence_file = "{store}"
""",
        encoding="utf-8",
    )


def environment(token: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if token is not None:
        env["TELEGRAM_BOT_TOKEN"] = token
    return env


async def start_bot(
    cwd: Path, config: Path | None = None, token: str | None = TOKEN, *, stdout: int | None = None
) -> asyncio.subprocess.Process:
    """`python -m qabot telegram [--config CONFIG]` with ``token`` in its environment."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "qabot", "telegram", *(["--config", str(config)] if config else []),
        cwd=cwd,
        env=environment(token),
        stdout=asyncio.subprocess.PIPE if stdout is None else stdout,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_sigterm_stops_cleanly_and_persists(tmp_path: Path) -> None:
    store = tmp_path / "state" / "chats.pickle"
    config = tmp_path / "qabot.toml"
    async with FakeBotAPIServer() as server:
        api = server.api
        write_config(config, server, store)
        proc = await start_bot(tmp_path, config, TOKEN)
        try:
            await api.wait_for(lambda: any(m == "getUpdates" for m, _ in api.requests), 60)
            await api.send_text(ANN, OSCE_QUESTION)
            [reply] = await api.wait_sent(ANN.id, 1, timeout=30)
            assert "Michael Carpenter" in parse_telegram_html(reply["text"])

            proc.send_signal(signal.SIGHUP)  # reload the corpus while serving
            await api.send_text(ANN, "/sources")
            await api.wait_sent(ANN.id, 2, timeout=30)

            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(proc.communicate(), 20)
            stopped_in = time.monotonic() - started
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    log = stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, log
    assert stopped_in < 10
    assert TOKEN.split(":")[1] not in log
    assert "SIGHUP reload: ok" in log
    with store.open("rb") as f:
        saved = pickle.load(f)
    assert saved["chat_data"][ANN.id]["conversation"].last_answer.question == OSCE_QUESTION


async def test_missing_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    proc = await start_bot(tmp_path, None, None)
    _, stderr = await asyncio.wait_for(proc.communicate(), 60)
    lines = stderr.decode().strip().splitlines()
    assert proc.returncode == 2
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0]


async def test_rejected_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    async with FakeBotAPIServer() as server:
        write_config(tmp_path / "qabot.toml", server, tmp_path / "s.pickle")
        wrong = "1234567:" + "W" * 35
        proc = await start_bot(tmp_path, tmp_path / "qabot.toml", wrong)
        _, stderr = await asyncio.wait_for(proc.communicate(), 60)
    text = stderr.decode()
    assert proc.returncode == 2, text
    assert "refused the token" in text.strip().splitlines()[-1]
    assert "W" * 35 not in text


async def test_unreachable_server_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "qabot.toml"
    config.write_text(
        '[index]\ncache = false\n[telegram]\nbase_url = "http://127.0.0.1:9/bot"\n'
        "max_retries = 0\nconnect_timeout = 1\n",
        encoding="utf-8",
    )
    proc = await start_bot(tmp_path, config, TOKEN)
    _, stderr = await asyncio.wait_for(proc.communicate(), 60)
    lines = stderr.decode().strip().splitlines()
    assert proc.returncode == 2
    assert len(lines) == 1 and "cannot reach the Bot API server" in lines[0]
    assert TOKEN.split(":")[1] not in lines[0]
