"""End to end: a real Application (build_application) long-polls a fake Bot API over HTTP.

The core is the real QABot over the bundled seeds. Waits are on events recorded by the fake
server (no sleeps), with generous timeouts.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import socket
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from conftest_telegram import OSCE_DOC, OSCE_QUESTION, WEATHER_QUESTION, served_app
from fakebotapi import (
    BOT_USERNAME,
    TOKEN,
    FakeBotAPIServer,
    group_chat,
    parse_telegram_html,
    private_chat,
    user,
)

ANN = private_chat(1001, "Ann")


def shown(message: dict[str, Any]) -> str:
    return parse_telegram_html(message["text"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def test_polling_conversation_with_buttons_and_commands() -> None:
    async with served_app() as (server, app, _):
        api = server.api
        # the command menus were filled at start-up
        assert {c["command"] for c in api.commands["default"]} >= {"sources", "why", "reset"}
        assert "ask" in {c["command"] for c in api.commands["all_group_chats"]}

        await api.send_text(ANN, OSCE_QUESTION)
        [answer] = await api.wait_sent(ANN.id, 1)
        assert "Michael Carpenter" in shown(answer)
        assert OSCE_DOC in {
            c.doc_id for c in app.chat_data[ANN.id]["conversation"].last_answer.citations
        }

        for label, expected in [("Sources", "Sources"), ("Why", "Why this answer")]:
            await api.press(answer, api.button_data(answer)[label])
            edited = await api.wait_for(
                lambda e=expected: e in shown(api.current(answer)) and api.current(answer)
            )
            assert edited["message_id"] == answer["message_id"]
        await api.press(answer, api.button_data(answer)["More"])
        await api.wait_for(lambda: len(api.callback_answers) == 3)
        assert api.edits[-1] is api.current(answer) or api.callback_answers[-1].get("text")

        await api.send_text(ANN, WEATHER_QUESTION)
        [_, abstained] = await api.wait_sent(ANN.id, 2)
        assert "The articles do not say" in shown(abstained)

        await api.send_text(ANN, "/start Who_is_the_US_ambassador_to_the_OSCE")
        await api.send_text(ANN, "/sources")
        await api.send_text(ANN, "<b>bold?</b> & <i>")
        sent = await api.wait_sent(ANN.id, 5)
        assert "Michael Carpenter" in shown(sent[2])
        assert "5 articles" in shown(sent[3])
        assert "<b>bold?</b> & <i>" in shown(sent[4])  # shown as typed ...
        assert "&lt;b&gt;bold?&lt;/b&gt; &amp; &lt;i&gt;" in sent[4]["text"]  # ... sent escaped
        assert not api.refused


async def test_follow_up_question_in_the_same_chat() -> None:
    async with served_app() as (server, app, _):
        api = server.api
        await api.send_text(ANN, "Who is the U.S. ambassador in Yerevan?")
        await api.wait_sent(ANN.id, 1)
        await api.send_text(ANN, "Where did she visit?")
        await api.wait_sent(ANN.id, 2)
        conversation = app.chat_data[ANN.id]["conversation"]
        assert [t.question for t in conversation.turns] == [
            "Who is the U.S. ambassador in Yerevan?",
            "Where did she visit?",
        ]
        assert conversation.last_answer.explanation.context_terms


async def test_ten_thousand_characters_answered_once_with_notice() -> None:
    async with served_app() as (server, _, _):
        api = server.api
        await api.send_text(ANN, ("What did Blinken urge Azerbaijan to do? " * 300)[:10_000])
        [reply] = await api.wait_sent(ANN.id, 1)
        assert "cut to its first 1000 characters" in shown(reply)


async def test_group_chat_answers_ask_and_mentions_only() -> None:
    group, bob = group_chat(-100777), user(42, "Bob")
    async with served_app() as (server, _, _):
        api = server.api
        await api.send_text(group, OSCE_QUESTION, from_user=bob)
        await api.send_text(group, f"/ask {OSCE_QUESTION}", from_user=bob)
        await api.send_text(group, f"@{BOT_USERNAME} {WEATHER_QUESTION}", from_user=bob)
        first, second = await api.wait_sent(group.id, 2)
        assert "Michael Carpenter" in shown(first)
        assert "The articles do not say" in shown(second)
        # the plain question was delivered first and got no reply
        assert first["reply_to_message"]["text"].startswith("/ask")


async def test_chat_not_on_the_allow_list_is_ignored_everywhere() -> None:
    stranger = private_chat(3003)
    async with served_app(allowed_chat_ids=(ANN.id,)) as (server, _, _):
        api = server.api
        await api.send_text(stranger, OSCE_QUESTION)
        await api.send_text(stranger, "/help")
        fake_answer = api.make_message(stranger, "x")
        await api.press(fake_answer, "q1:s:1", user(3003))
        await api.inline_query(user(3003), OSCE_QUESTION)
        await api.send_text(ANN, OSCE_QUESTION)  # a listed chat, sent last
        await api.wait_sent(ANN.id, 1)
        await api.wait_for(lambda: all(n >= 1 for n in api.delivered.values()))
        assert api.sent_to(stranger.id) == []
        assert not api.callback_answers and not api.inline_answers


async def test_429_is_retried_and_the_reply_arrives_once() -> None:
    async with served_app() as (server, _, _):
        api = server.api
        api.fail_next(1, status=429, retry_after=1, methods=["sendMessage"])
        await api.send_text(ANN, OSCE_QUESTION)
        [reply] = await api.wait_sent(ANN.id, 1)
        assert "Michael Carpenter" in shown(reply)
        assert [m for m, _ in api.requests].count("sendMessage") == 2  # refused, then sent
        assert len(api.sent_to(ANN.id)) == 1


async def test_server_error_and_hung_request_are_retried() -> None:
    async with served_app(read_timeout=1.0) as (server, _, _):
        api = server.api
        api.fail_next(1, status=500, methods=["sendMessage"])
        api.hang_next(1, seconds=3, methods=["sendMessage"])
        await api.send_text(ANN, OSCE_QUESTION)
        [reply] = await api.wait_sent(ANN.id, 1)
        assert "Michael Carpenter" in shown(reply)
        assert [m for m, _ in api.requests].count("sendMessage") == 3
        assert len(api.sent_to(ANN.id)) == 1


async def test_inline_query_end_to_end() -> None:
    async with served_app() as (server, _, _):
        api = server.api
        await api.inline_query(user(1001), OSCE_QUESTION)
        [answer] = await api.wait_for(lambda: api.inline_answers)
        text = answer["results"][0]["input_message_content"]["message_text"]
        assert "Michael Carpenter" in parse_telegram_html(text)


async def test_persistence_survives_a_restart(tmp_path: Path) -> None:
    store = tmp_path / "state" / "bot.pickle"
    async with FakeBotAPIServer() as server:
        api = server.api
        async with served_app(server=server, persistence_file=store) as (_, _, _):
            await api.send_text(ANN, "Who is the U.S. ambassador in Yerevan?")
            [first] = await api.wait_sent(ANN.id, 1)
        assert store.exists()
        with store.open("rb") as f:
            saved = pickle.load(f)
        assert len(saved["chat_data"][ANN.id]["conversation"].turns) == 1

        async with served_app(server=server, persistence_file=store) as (_, app, _):
            await api.send_text(ANN, "Where did she visit?")
            await api.wait_sent(ANN.id, 2)
            assert len(app.chat_data[ANN.id]["conversation"].turns) == 2
            await api.press(first, api.button_data(first)["Sources"])  # old buttons work
            await api.wait_for(lambda: api.edits)
            assert "Sources" in shown(api.current(first))
            assert not api.callback_answers[-1].get("text")
        assert all(n == 1 for n in api.delivered.values())  # nothing handed out twice


async def test_persistence_is_written_periodically(tmp_path: Path) -> None:
    store = tmp_path / "bot.pickle"
    async with served_app(persistence_file=store, persistence_interval=0.2) as (server, _, _):
        api = server.api
        await api.send_text(ANN, OSCE_QUESTION)
        await api.wait_sent(ANN.id, 1)
        deadline = asyncio.get_running_loop().time() + 10
        while not store.exists():  # a file appearing is no event the fake can report: poll
            assert asyncio.get_running_loop().time() < deadline, "persistence never written"
            await asyncio.sleep(0.05)


async def test_unreadable_persistence_file_is_moved_aside(tmp_path: Path) -> None:
    store = tmp_path / "bot.pickle"
    store.write_bytes(b"\x80\x05 truncated")
    async with served_app(persistence_file=store) as (server, _, _):
        await server.api.send_text(ANN, OSCE_QUESTION)
        await server.api.wait_sent(ANN.id, 1)
    assert list(tmp_path.glob("bot.pickle.unreadable-*"))


async def test_webhook_mode_requires_the_secret_token() -> None:
    port, secret = free_port(), "s3cret_t0ken-for-tests"
    async with served_app(
        mode="webhook",
        webhook_url="https://bot.example.org/telegram",
        listen="127.0.0.1",
        port=port,
        url_path="telegram",
        secret_token=secret,
    ) as (server, _, _):
        api = server.api
        assert api.webhook is not None
        assert api.webhook["url"] == "https://bot.example.org/telegram"
        assert api.webhook["secret_token"] == secret
        url = f"http://127.0.0.1:{port}/telegram"
        async with aiohttp.ClientSession() as http:
            update = {"update_id": 1, "message": api.make_message(ANN, "/help")}
            async with http.post(url, json=update) as response:
                assert response.status == 403
            wrong = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            async with http.post(url, json=update, headers=wrong) as response:
                assert response.status == 403
            update = {"update_id": 2, "message": api.make_message(ANN, OSCE_QUESTION)}
            right = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with http.post(url, json=update, headers=right) as response:
                assert response.status == 200
        [reply] = await api.wait_sent(ANN.id, 1)
        assert "Michael Carpenter" in shown(reply)  # only the update with the secret


async def test_token_never_in_logs_end_to_end(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with served_app() as (server, app, _):
        api = server.api
        logging.getLogger("qabot.test").debug("application %r", app.bot)
        api.fail_next(1, status=500, methods=["sendMessage"])
        await api.send_text(ANN, OSCE_QUESTION)
        [reply] = await api.wait_sent(ANN.id, 1)  # the 500 was retried
        assert "Michael Carpenter" in shown(reply)
    secret = TOKEN.split(":")[1]
    assert caplog.records
    assert secret not in caplog.text
    for record in caplog.records:
        assert secret not in record.getMessage()
