"""What the bot says and how it is sent: templates to Telegram HTML, buttons, split messages.

Every reply is rendered from ``prompts/*.html.j2`` (autoescaped), split with
:func:`~qabot.adapters.telegram_html.split_html`, and sent with retries on server errors.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable, Sequence
from enum import Enum
from typing import Any, TypeVar

from telegram import (
    Bot,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError

from qabot.adapters.telegram_guard import Action, encode_button
from qabot.adapters.telegram_html import split_html
from qabot.models import Answer
from qabot.render import Renderer
from qabot.service import QABot

logger = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_DELAY = 0.5  # seconds before the first retry of a failed send; doubles each time
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class View(Enum):
    ANSWER = "answer"
    SOURCES = "sources"
    WHY = "why"


class Replies:
    """Renders replies and sends them; ``links`` maps document ids to their web URLs."""

    def __init__(self, renderer: Renderer, max_retries: int, links: dict[str, str]) -> None:
        self.renderer = renderer
        self.max_retries = max_retries
        self.links = links

    def html(self, template: str, **context: Any) -> str:
        return self.renderer.render(f"{template}.html.j2", **context)

    def label(self, kind: str, **context: Any) -> str:
        """A short plain-text string (button, notice, inline title) from labels.html.j2."""
        text = html.unescape(self.renderer.render("labels.html.j2", kind=kind, **context))
        if not text:
            raise ValueError(f"labels.html.j2 has no text for {kind!r}")
        return text

    def render_view(self, answer: Answer, view: View) -> str:
        numbers = {c.doc_id: i for i, c in enumerate(answer.citations, 1)}
        context = {"answer": answer, "numbers": numbers, "links": self.links}
        if view is View.WHY:
            return self.html("why", answer=answer)
        if answer.abstained or not answer.text.strip():
            return self.html("no_answer", answer=answer)
        if view is View.SOURCES:
            return self.html("answer_sources", **context)
        return self.html("answer", **context)

    def keyboard(self, answer: Answer, turn: int, view: View) -> InlineKeyboardMarkup:
        def button(kind: str, action: Action) -> InlineKeyboardButton:
            return InlineKeyboardButton(self.label(kind), callback_data=encode_button(action, turn))

        back = button("button:answer", Action.ANSWER)
        if answer.abstained:
            row = [back if view is View.WHY else button("button:why", Action.WHY)]
            return InlineKeyboardMarkup([row])
        row = [
            back if view is View.SOURCES else button("button:sources", Action.SOURCES),
            button("button:more", Action.MORE),
            back if view is View.WHY else button("button:why", Action.WHY),
        ]
        return InlineKeyboardMarkup([row])

    async def send(
        self,
        bot: Bot,
        chat: Chat,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
        reply_to: Message | None = None,
    ) -> Message | None:
        """Send ``text`` split into parts; the keyboard goes under the last part.

        In groups the first part replies to the question, so it is clear whom it answers.
        """
        parts = split_html(text)
        if not parts:
            logger.warning("a reply rendered to nothing visible; not sent")
            return None
        sent: Message | None = None
        reply = (
            ReplyParameters(reply_to.message_id, allow_sending_without_reply=True)
            if reply_to is not None and chat.type != Chat.PRIVATE
            else None
        )
        for i, part in enumerate(parts):
            sent = await self.retrying(
                bot.send_message,
                chat.id,
                part,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if i == len(parts) - 1 else None,
                reply_parameters=reply if i == 0 else None,
                link_preview_options=NO_PREVIEW,
            )
        return sent

    async def retrying(self, method: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Call a Bot API method, retrying server errors and timeouts ``max_retries`` times.

        429s are retried by the AIORateLimiter; a refused request (400, 403) is not retried.
        """
        for attempt in range(self.max_retries + 1):
            try:
                return await method(*args, **kwargs)
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt >= self.max_retries:
                    raise
                delay = RETRY_DELAY * 2**attempt
                logger.warning("%s failed (%s); retrying in %.1f s", _name(method), exc, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def edit(
        self, bot: Bot, message: Message, text: str, markup: InlineKeyboardMarkup
    ) -> None:
        """Replace a message's text; a long text continues in new messages."""
        first, *rest = split_html(text) or [self.html("error")]
        try:
            await self.retrying(
                bot.edit_message_text,
                first,
                chat_id=message.chat.id,
                message_id=message.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=NO_PREVIEW,
            )
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                raise
            return
        for part in rest:
            await self.retrying(
                bot.send_message,
                message.chat.id,
                part,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
            )


def web_links(bot: QABot) -> dict[str, str]:
    """Document id -> URL, for web URLs only (no javascript: or file paths in a link)."""
    return {
        d.id: d.url
        for d in bot.corpus.documents
        if d.url and d.url.startswith(("https://", "http://")) and len(d.url) <= 2000
    }


def command_argument(message: Message) -> str:
    """The text after ``/command`` (newlines kept), stripped."""
    text = message.text or ""
    for entity in message.entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            return text[len(message.parse_entity(entity)) :].strip()
    return text.strip()


def mentions_bot(message: Message, username: str | None) -> bool:
    username = (username or "").lower()
    return any(
        text.lower() == f"@{username}"
        for text in message.parse_entities([MessageEntity.MENTION]).values()
    )


def without_mention(message: Message, username: str | None) -> str:
    """The message text with every mention of this bot removed."""
    text = message.text or ""
    at_name = f"@{(username or '').lower()}"
    mentions = [
        entity
        for entity, value in message.parse_entities([MessageEntity.MENTION]).items()
        if value.lower() == at_name
    ]
    if not mentions:
        return text
    encoded = text.encode("utf-16-le")
    for entity in sorted(mentions, key=lambda e: e.offset, reverse=True):
        start, end = 2 * entity.offset, 2 * (entity.offset + entity.length)
        encoded = encoded[:start] + b" \x00" + encoded[end:]
    return encoded.decode("utf-16-le").strip()


def excerpt(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, cut at a paragraph or word boundary."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    if cut < limit // 2:
        cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def _name(method: Callable[..., Any]) -> str:
    return getattr(method, "__name__", "request")


def bot_commands(renderer: Renderer, scope: str) -> Sequence[tuple[str, str]]:
    """(command, description) pairs from commands.html.j2 for ``private``/``group``/``admin``."""
    text = html.unescape(renderer.render("commands.html.j2", scope=scope))
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        name, sep, description = line.partition(" - ")
        if sep:
            pairs.append((name.strip(), description.strip()))
    return pairs
