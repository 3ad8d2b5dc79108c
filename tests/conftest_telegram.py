"""Fixtures and helpers shared by the Telegram tests (imported explicitly, not a conftest).

``seeds_bot`` is the real QABot over the bundled seed articles; ``offline_app`` builds the real
Application with an :class:`OfflineRequest` (no sockets) for handler tests; ``served_app``
starts it against a :class:`FakeBotAPIServer` on 127.0.0.1 and long-polls it for end-to-end
tests.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from fakebotapi import (
    OFFLINE_BASE_URL,
    TOKEN,
    FakeBotAPIServer,
    FakeTelegram,
    OfflineRequest,
)
from telegram import Update

from qabot.adapters.telegram import App, build_application, serving
from qabot.config import TelegramConfig
from qabot.corpus import load_documents
from qabot.models import Answer, Citation, Corpus, Document, Quote
from qabot.render import Renderer
from qabot.resources import seeds_dir
from qabot.service import Conversation, QABot, Turn

OSCE_QUESTION = "Who is the U.S. ambassador to the OSCE?"
OSCE_DOC = "004_9b8e8430f85b65ce"
WEATHER_QUESTION = "What is the weather in Yerevan today?"

_BOT: QABot | None = None


def seeds_qabot() -> QABot:
    """The real core over the bundled seeds, built once for the whole test session."""
    global _BOT
    if _BOT is None:
        _BOT = QABot.from_documents(load_documents(seeds_dir(), warn=lambda _: None))
    return _BOT


@pytest.fixture
def seeds_bot() -> QABot:
    return seeds_qabot()


def make_config(**overrides: Any) -> TelegramConfig:
    values: dict[str, Any] = {
        "token": TOKEN,
        "base_url": OFFLINE_BASE_URL,
        "poll_timeout": 5,
        "max_retries": 3,
    }
    values.update(overrides)
    return TelegramConfig(**values)


class OfflineBot:
    """The real Application wired to an in-process fake: feed updates, read what it sent."""

    def __init__(self, app: App, api: FakeTelegram) -> None:
        self.app = app
        self.api = api

    async def feed(self, update: dict[str, Any]) -> None:
        """Process one update dict (as FakeTelegram makes them) to completion."""
        if "update_id" not in update:
            update = {"update_id": self.api.next_update_id(), **update}
        await self.app.process_update(Update.de_json(update, self.app.bot))

    def chat_data(self, chat_id: int) -> dict[Any, Any]:
        return self.app.chat_data[chat_id]


@asynccontextmanager
async def offline_app(
    bot: QABot | None = None, reload: Any = None, typing_delay: float = 0.5, **overrides: Any
) -> AsyncIterator[OfflineBot]:
    api = FakeTelegram()
    config = make_config(**overrides)
    app = build_application(
        bot or seeds_qabot(),
        config,
        Renderer(),
        reload,
        request=OfflineRequest(api),
        get_updates_request=OfflineRequest(api),
        typing_delay=typing_delay,
    )
    async with app:
        yield OfflineBot(app, api)
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


@asynccontextmanager
async def served_app(
    bot: QABot | None = None,
    server: FakeBotAPIServer | None = None,
    typing_delay: float = 0.5,
    **overrides: Any,
) -> AsyncIterator[tuple[FakeBotAPIServer, App, TelegramConfig]]:
    """A real Application long-polling (or serving a webhook for) a fake Bot API server."""
    own = server is None
    srv = server or FakeBotAPIServer()
    if own:
        await srv.start()
    try:
        config = make_config(base_url=srv.base_url, base_file_url=srv.base_file_url, **overrides)
        app = build_application(bot or seeds_qabot(), config, Renderer(), typing_delay=typing_delay)
        async with serving(app, config):
            yield srv, app, config
    finally:
        if own:
            await srv.stop()


def with_config(config: TelegramConfig, **changes: Any) -> TelegramConfig:
    return dataclasses.replace(config, **changes)


# --- a scripted stand-in for QABot (deterministic answers for button and rendering tests) ---

DOCS = (
    Document(
        id="a",
        title="Ambassador <speaks> & leaves",
        text="Carpenter spoke in Vienna.",
        date="2023-01-20",
        url="https://example.org/a?x=1&y=2",
    ),
    Document(id="b", title="Second report", text="The ambassador, Carpenter, spoke.", date=None),
    Document(id="c", title="Third report", text="Kvien visited the checkpoint.", date="2023-03-10"),
)


def quote(doc: Document, highlight: tuple[int, int] | None = None, who: str | None = None) -> Quote:
    return Quote(doc.id, 0, len(doc.text), doc.text, highlight, who)


def cite(doc: Document) -> Citation:
    return Citation(doc.id, doc.title, doc.date, doc.text)


SCRIPT = (
    Answer(
        question="q",
        quotes=(quote(DOCS[0], (0, 9)),),
        short="Carpenter",
        abstained=False,
        citations=(cite(DOCS[0]), cite(DOCS[1])),
    ),
    Answer(
        question="q",
        quotes=(quote(DOCS[2], (0, 5)),),
        short="Kvien",
        abstained=False,
        citations=(cite(DOCS[2]),),
    ),
)


class ScriptedBot:
    """Answers every question with SCRIPT[0]; ``more`` walks through the rest, then None."""

    def __init__(self, script: tuple[Answer, ...] = SCRIPT) -> None:
        self.script = script
        self.corpus = Corpus(DOCS, ())

    def ask(self, question: str, conversation: Conversation | None = None) -> Any:
        answer = dataclasses.replace(self.script[0], question=question)
        turn = Turn(question, (), answer, frozenset({("step", 0)}))
        return answer, (conversation or Conversation()).add(turn)

    def more(self, conversation: Conversation) -> Any:
        last = conversation.last
        assert last is not None
        step = max(i for _, i in last.shown) + 1
        if step >= len(self.script):
            return None, conversation
        answer = dataclasses.replace(self.script[step], question=last.question)
        turn = Turn(last.question, (), answer, last.shown | {("step", step)})
        return answer, Conversation((*conversation.turns[:-1], turn))
