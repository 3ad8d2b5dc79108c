"""The Telegram handlers: each one reads the update, calls the core, and sends what a template made.

State lives where python-telegram-bot persists it: ``chat_data["conversation"]`` is the chat's
:class:`~qabot.service.Conversation`, ``chat_data["turns"]`` the conversations behind the
buttons of the last few answers. Nothing else about a chat is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar
from weakref import WeakValueDictionary

from telegram import (
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from qabot.adapters.telegram_guard import (
    Action,
    QuestionLimiter,
    Verdict,
    decode_button,
    encode_button,
    is_allowed,
    payload_question,
)
from qabot.adapters.telegram_html import split_html
from qabot.config import TelegramConfig
from qabot.errors import QabotError
from qabot.models import Answer
from qabot.render import Renderer
from qabot.service import Conversation, QABot

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
Reload = Callable[[], QABot]
T = TypeVar("T")

KEEP_TURNS = 5  # answers whose buttons still work, per chat
SOURCES_PAGE = 30  # articles per /sources page
SOURCE_CHARS = 12_000  # /source N shows at most this much of an article (about 3 messages)
TYPING_REPEAT = 4.5  # Telegram shows "typing…" for 5 s
RECENT_UPDATES = 2000  # update ids remembered to skip a redelivered update
RETRY_DELAY = 0.5  # seconds before the first retry of a failed send; doubles each time
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class View(Enum):
    ANSWER = "answer"
    SOURCES = "sources"
    WHY = "why"


@dataclass(frozen=True, slots=True)
class ReloadResult:
    status: str  # ok | failed | unavailable
    count: int = 0
    warnings: tuple[str, ...] = ()
    message: str = ""


class TelegramHandlers:
    """All handlers of the bot, sharing the core, the renderer and the limits."""

    def __init__(
        self,
        bot: QABot,
        config: TelegramConfig,
        renderer: Renderer,
        reload: Reload | None = None,
        *,
        typing_delay: float = 0.5,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.qabot = bot
        self.config = config
        self.renderer = renderer
        self.reload = reload
        self.typing_delay = typing_delay
        limits: dict[str, Any] = {"clock": clock} if clock is not None else {}
        window = config.rate_limit_window
        self.limiter = QuestionLimiter(config.rate_limit_questions, window, **limits)
        self.inline_limiter = QuestionLimiter(config.rate_limit_questions, window, **limits)
        # One worker thread runs the core: answers never block the event loop, and the core
        # (stemmer objects included) is never entered by two threads at once.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qabot-core")
        self._locks: WeakValueDictionary[int, asyncio.Lock] = WeakValueDictionary()
        self._reload_lock = asyncio.Lock()
        self._ignored: set[int] = set()
        self._in_flight: set[int] = set()
        self._links = _links(bot)

    # --- wiring ---------------------------------------------------------------------------

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        new = filters.UpdateType.MESSAGE
        private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
        app.add_handler(TypeHandler(Update, self.guard), group=-2)
        app.add_handler(TypeHandler(Update, self.skip_seen), group=-1)
        commands: list[tuple[str, Callable[[Update, Context], Any]]] = [
            ("start", self.start),
            ("help", self.help),
            ("ask", self.ask),
            ("sources", self.sources),
            ("source", self.source),
            ("why", self.why),
            ("reset", self.reset),
            ("reload", self.reload_command),
        ]
        for name, callback in commands:
            app.add_handler(CommandHandler(name, self._in_order(callback), filters=new))
        text = new & filters.TEXT & ~filters.COMMAND
        app.add_handler(MessageHandler(text & private, self._in_order(self.private_text)))
        addressed = filters.Entity(MessageEntity.MENTION) | filters.REPLY
        app.add_handler(MessageHandler(text & groups & addressed, self._in_order(self.group_text)))
        unknown = self._in_order(self.unknown_command)
        app.add_handler(MessageHandler(new & filters.COMMAND & private, unknown))
        app.add_handler(CallbackQueryHandler(self._in_order(self.button)))
        app.add_handler(InlineQueryHandler(self.inline))
        app.add_handler(TypeHandler(Update, self.mark_seen), group=1)
        app.add_error_handler(self.on_error)

    # --- rendering ------------------------------------------------------------------------

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
        context = {"answer": answer, "numbers": numbers, "links": self._links}
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

    # --- update bookkeeping and access ----------------------------------------------------

    async def skip_seen(self, update: Update, context: Context) -> None:
        """Drop an update already handled or being handled (redelivered after a crash, when
        persistence had recorded it, or a webhook retry)."""
        uid = update.update_id
        if uid in self._in_flight or uid in context.bot_data.get("recent_updates", ()):
            logger.info("skipping update %s: already handled", uid)
            raise ApplicationHandlerStop
        self._in_flight.add(uid)

    async def mark_seen(self, update: Update, context: Context) -> None:
        """Record a handled update (runs after every other handler, errors included)."""
        self._in_flight.discard(update.update_id)
        recent: list[int] = context.bot_data.setdefault("recent_updates", [])
        recent.append(update.update_id)
        if len(recent) > RECENT_UPDATES:
            del recent[: len(recent) - RECENT_UPDATES]

    async def guard(self, update: Update, context: Context) -> None:
        """The allow-list, for every kind of update: others are ignored without a reply."""
        chat, user = update.effective_chat, update.effective_user
        if is_allowed(
            chat.id if chat else None,
            user.id if user else None,
            chat_is_private=chat is not None and chat.type == Chat.PRIVATE,
            allowed_chat_ids=self.config.allowed_chat_ids,
            admin_ids=self.config.admin_ids,
        ):
            return
        key = chat.id if chat else (user.id if user else 0)
        if key not in self._ignored and len(self._ignored) < 10_000:
            self._ignored.add(key)
            logger.info("ignoring chat %s: not in telegram.allowed_chat_ids", key)
        raise ApplicationHandlerStop

    def _in_order(
        self, callback: Callable[[Update, Context], Awaitable[None]]
    ) -> Callable[[Update, Context], Awaitable[None]]:
        """Run ``callback`` holding its chat's lock: updates are handled concurrently across
        chats, but one at a time and in arrival order within a chat (replies keep the order
        of the questions, and the conversation is never updated by two handlers at once)."""

        @functools.wraps(callback)
        async def in_order(update: Update, context: Context) -> None:
            chat = update.effective_chat
            if chat is None:
                await callback(update, context)
                return
            async with self._lock(chat.id):
                await callback(update, context)

        return in_order

    def _lock(self, chat_id: int) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = self._locks[chat_id] = asyncio.Lock()
        return lock

    async def _core(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(fn, *args))

    @contextlib.asynccontextmanager
    async def _typing(self, context: Context, chat_id: int) -> AsyncIterator[None]:
        """Show "typing…" when an answer takes longer than ``typing_delay`` seconds.

        Telegram recommends chat actions only when a reply takes noticeable time; answering
        usually takes milliseconds, so the action is sent only if the answer is not ready yet,
        and repeated while it is being worked on.
        """

        async def keep_typing() -> None:
            await asyncio.sleep(self.typing_delay)
            while True:
                try:
                    await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
                except TelegramError as exc:
                    logger.debug("typing indicator failed: %s", exc)
                await asyncio.sleep(TYPING_REPEAT)

        task = asyncio.create_task(keep_typing())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _within_limit(self, update: Update, context: Context) -> bool:
        user, chat = update.effective_user, update.effective_chat
        key = user.id if user else (chat.id if chat else 0)
        verdict = self.limiter.check(key)
        if verdict is Verdict.NOTIFY and chat is not None:
            logger.info("user %s is over the question limit", key)
            wait = max(1, math.ceil(self.limiter.retry_in(key)))
            text = self.html(
                "rate_limited",
                limit=self.config.rate_limit_questions,
                window=_seconds(self.config.rate_limit_window),
                wait=wait,
            )
            await self._send(context, chat, text, reply_to=update.effective_message)
        return verdict is Verdict.ALLOW

    # --- sending --------------------------------------------------------------------------

    async def _send(
        self,
        context: Context,
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
            sent = await self._retrying(
                context.bot.send_message,
                chat.id,
                part,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if i == len(parts) - 1 else None,
                reply_parameters=reply if i == 0 else None,
                link_preview_options=NO_PREVIEW,
            )
        return sent

    async def _retrying(self, method: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Call a Bot API method, retrying server errors and timeouts ``max_retries`` times.

        429s are retried by the AIORateLimiter; a refused request (400, 403) is not retried.
        """
        for attempt in range(self.config.max_retries + 1):
            try:
                return await method(*args, **kwargs)
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt >= self.config.max_retries:
                    raise
                delay = RETRY_DELAY * 2**attempt
                logger.warning("%s failed (%s); retrying in %.1f s", _name(method), exc, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def _edit(
        self, context: Context, message: Message, text: str, markup: InlineKeyboardMarkup
    ) -> None:
        """Replace a message's text; a long text continues in new messages."""
        first, *rest = split_html(text) or [self.html("error")]
        try:
            await self._retrying(
                context.bot.edit_message_text,
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
            await self._retrying(
                context.bot.send_message,
                message.chat.id,
                part,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
            )

    # --- questions ------------------------------------------------------------------------

    async def answer_question(self, update: Update, context: Context, question: str) -> None:
        """Answer ``question`` in the update's chat, within the user's question limit."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None or context.chat_data is None:
            return
        if not question.strip():
            await self._usage(update, context)
            return
        if not await self._within_limit(update, context):
            return
        chat_data = context.chat_data
        stored = chat_data.get("conversation")
        previous = stored if isinstance(stored, Conversation) else Conversation()
        async with self._typing(context, chat.id):
            answer, conversation = await self._core(self.qabot.ask, question, previous)
        turn = _remember(chat_data, conversation)
        text = self.render_view(answer, View.ANSWER)
        sent = await self._send(
            context, chat, text, self.keyboard(answer, turn, View.ANSWER), message
        )
        if sent is not None:
            chat_data["turns"][turn] = (conversation, sent.message_id)

    async def _usage(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        text = self.html(
            "ask_usage", is_group=chat.type != Chat.PRIVATE, username=context.bot.username
        )
        await self._send(context, chat, text, reply_to=update.effective_message)

    async def private_text(self, update: Update, context: Context) -> None:
        """Plain text in a private chat is a question."""
        message = update.effective_message
        if message is not None and message.text is not None:
            await self.answer_question(update, context, _without_mention(message, context))

    async def group_text(self, update: Update, context: Context) -> None:
        """In groups, answer a mention of the bot or a reply to one of its messages only."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        replied = message.reply_to_message
        to_bot = (
            replied is not None
            and replied.from_user is not None
            and (replied.from_user.id == context.bot.id)
        )
        if to_bot or _mentions_bot(message, context):
            await self.answer_question(update, context, _without_mention(message, context))

    async def ask(self, update: Update, context: Context) -> None:
        """/ask QUESTION (the way to ask in groups)."""
        message = update.effective_message
        if message is not None:
            await self.answer_question(update, context, _command_argument(message))

    async def start(self, update: Update, context: Context) -> None:
        """/start: a welcome, or the answer to a deep-link payload (underscores for spaces)."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        payload = _command_argument(message)
        if payload:
            await self.answer_question(update, context, payload_question(payload))
            return
        user = update.effective_user
        text = self.html(
            "welcome",
            first_name=user.first_name if user else "",
            count=len(self.qabot.corpus.documents),
            is_group=chat.type != Chat.PRIVATE,
            username=context.bot.username,
        )
        await self._send(context, chat, text)

    # --- other commands -------------------------------------------------------------------

    async def help(self, update: Update, context: Context) -> None:
        """/help: how to ask, and the commands."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return
        text = self.html(
            "help",
            is_group=chat.type != Chat.PRIVATE,
            is_admin=user is not None and user.id in self.config.admin_ids,
            username=context.bot.username,
        )
        await self._send(context, chat, text)

    async def sources(self, update: Update, context: Context) -> None:
        """/sources [PAGE]: the articles, numbered for /source N."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None:
            return
        documents = self.qabot.corpus.documents
        pages = max(1, math.ceil(len(documents) / SOURCES_PAGE))
        page = min(max(_int(_command_argument(message)) or 1, 1), pages)
        first = (page - 1) * SOURCES_PAGE
        numbered = list(enumerate(documents[first : first + SOURCES_PAGE], first + 1))
        text = self.html(
            "sources", documents=numbered, page=page, pages=pages, total=len(documents)
        )
        await self._send(context, chat, text)

    async def source(self, update: Update, context: Context) -> None:
        """/source N: one article (its first ~12,000 characters)."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None:
            return
        documents = self.qabot.corpus.documents
        argument = _command_argument(message)
        number = _int(argument)
        if number is None:
            await self._send(context, chat, self.html("source_usage", count=len(documents)))
            return
        if not 1 <= number <= len(documents):
            text = self.html("source", document=None, requested=argument[:20], count=len(documents))
            await self._send(context, chat, text)
            return
        document = documents[number - 1]
        shown = _excerpt(document.text, SOURCE_CHARS)
        text = self.html(
            "source",
            document=document,
            number=number,
            url=self._links.get(document.id),
            text=shown,
            omitted=len(document.text) - len(shown),
        )
        await self._send(context, chat, text)

    async def why(self, update: Update, context: Context) -> None:
        """/why: the explanation of the chat's last answer."""
        chat = update.effective_chat
        if chat is None or context.chat_data is None:
            return
        conversation = context.chat_data.get("conversation")
        answer = conversation.last_answer if isinstance(conversation, Conversation) else None
        await self._send(context, chat, self.html("why", answer=answer))

    async def reset(self, update: Update, context: Context) -> None:
        """/reset: forget the chat's conversation (and expire its buttons)."""
        chat = update.effective_chat
        if chat is None or context.chat_data is None:
            return
        context.chat_data["conversation"] = Conversation()
        context.chat_data["turns"] = {}
        await self._send(context, chat, self.html("reset"))

    async def unknown_command(self, update: Update, context: Context) -> None:
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None or message.text is None:
            return
        command = message.text.split(maxsplit=1)[0][:40]
        await self._send(context, chat, self.html("unknown_command", command=command))

    async def reload_command(self, update: Update, context: Context) -> None:
        """/reload (admins only): rebuild the corpus and index; a failed build keeps the old."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return
        if user is None or user.id not in self.config.admin_ids:
            logger.info("refused /reload from user %s", user.id if user else None)
            await self._send(context, chat, self.html("not_allowed", command="reload"))
            return
        result = await self.reload_now()
        text = self.html(
            "reload",
            status=result.status,
            count=result.count,
            warnings=result.warnings,
            message=result.message,
        )
        await self._send(context, chat, text)

    async def reload_now(self) -> ReloadResult:
        """Build a new QABot with ``reload`` in a thread and swap it in only if it built."""
        if self.reload is None:
            return ReloadResult("unavailable")
        async with self._reload_lock:
            try:
                new = await asyncio.to_thread(self.reload)
            except QabotError as exc:
                logger.warning("reload failed, keeping the current corpus: %s", exc)
                return ReloadResult("failed", message=str(exc))
            except Exception as exc:
                logger.exception("reload failed, keeping the current corpus")
                return ReloadResult("failed", message=type(exc).__name__)
            self.qabot, self._links = new, _links(new)
        documents = new.corpus.documents
        logger.info("reloaded: %d documents", len(documents))
        return ReloadResult("ok", count=len(documents), warnings=tuple(new.corpus.warnings))

    # --- buttons --------------------------------------------------------------------------

    async def button(self, update: Update, context: Context) -> None:
        """Sources / More / Why under an answer: edit that message. Bad data gets a notice."""
        query = update.callback_query
        if query is None:
            return
        decoded = decode_button(query.data)
        message = query.message
        chat_data = context.chat_data
        if decoded is None or not isinstance(message, Message) or chat_data is None:
            await query.answer(self.label("expired"))
            return
        action, turn = decoded
        stored = chat_data.get("turns", {}).get(turn)
        if not _valid_turn(stored, message.message_id):
            await query.answer(self.label("expired"))
            return
        conversation: Conversation = stored[0]
        view = View.ANSWER
        if action is Action.MORE:
            if self.limiter.check(query.from_user.id) is not Verdict.ALLOW:
                await query.answer(self.label("rate_limited"))
                return
            more, conversation = await self._core(self.qabot.more, conversation)
            if more is None:
                await query.answer(self.label("no_more"))
                return
            chat_data["turns"][turn] = (conversation, message.message_id)
            if chat_data.get("latest_turn") == turn:
                chat_data["conversation"] = conversation
        elif action is Action.SOURCES:
            view = View.SOURCES
        elif action is Action.WHY:
            view = View.WHY
        answer = conversation.last_answer
        assert answer is not None  # checked by _valid_turn
        await query.answer()
        text = self.render_view(answer, view)
        await self._edit(context, message, text, self.keyboard(answer, turn, view))

    # --- inline mode ----------------------------------------------------------------------

    async def inline(self, update: Update, context: Context) -> None:
        """@bot QUESTION in any chat: one result, the answer, to send into that chat."""
        query = update.inline_query
        if query is None:
            return
        question = query.query.strip()
        if not question or self.inline_limiter.check(query.from_user.id) is not Verdict.ALLOW:
            await query.answer([], cache_time=0, is_personal=True)
            return
        answer, _ = await self._core(self.qabot.ask, question, None)
        text = split_html(self.render_view(answer, View.ANSWER))[0]
        title = self.label(
            "inline:no_answer" if answer.abstained else "inline:answer", answer=answer
        )
        result = InlineQueryResultArticle(
            id="answer",
            title=title,
            description=self.label("inline:description", answer=answer),
            input_message_content=InputTextMessageContent(
                text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
            ),
        )
        await query.answer([result], cache_time=60)

    # --- errors ---------------------------------------------------------------------------

    async def on_error(self, update: object, context: Context) -> None:
        """Log every unexpected error once, and tell the user briefly (best effort)."""
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error("error while handling update %s", update_id, exc_info=context.error)
        if not isinstance(update, Update):
            return
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(self.label("error"))
            elif update.effective_chat is not None and update.effective_message is not None:
                await self._send(context, update.effective_chat, self.html("error"))
        except TelegramError as exc:
            logger.warning("could not send the apology: %s", exc)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


# --- helpers ----------------------------------------------------------------------------------


def _remember(chat_data: dict[Any, Any], conversation: Conversation) -> int:
    """Store the chat's conversation and a new turn for the buttons; returns the turn number."""
    turn = int(chat_data.get("next_turn", 1))
    chat_data["next_turn"] = turn + 1
    turns: dict[int, tuple[Conversation, int | None]] = chat_data.setdefault("turns", {})
    turns[turn] = (conversation, None)
    for old in sorted(turns)[:-KEEP_TURNS]:
        del turns[old]
    chat_data["conversation"] = conversation
    chat_data["latest_turn"] = turn
    return turn


def _valid_turn(stored: object, message_id: int) -> bool:
    """A stored turn whose buttons sit under ``message_id`` and that has an answer."""
    return (
        isinstance(stored, tuple)
        and len(stored) == 2
        and isinstance(stored[0], Conversation)
        and stored[0].last_answer is not None
        and stored[1] == message_id
    )


def _links(bot: QABot) -> dict[str, str]:
    """Document id -> URL, for web URLs only (no javascript: or file paths in a link)."""
    return {
        d.id: d.url
        for d in bot.corpus.documents
        if d.url and d.url.startswith(("https://", "http://")) and len(d.url) <= 2000
    }


def _command_argument(message: Message) -> str:
    """The text after ``/command`` (newlines kept), stripped."""
    text = message.text or ""
    for entity in message.entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            return text[len(message.parse_entity(entity)) :].strip()
    return text.strip()


def _mentions_bot(message: Message, context: Context) -> bool:
    username = (context.bot.username or "").lower()
    return any(
        text.lower() == f"@{username}"
        for text in message.parse_entities([MessageEntity.MENTION]).values()
    )


def _without_mention(message: Message, context: Context) -> str:
    """The message text with every mention of this bot removed."""
    text = message.text or ""
    username = f"@{(context.bot.username or '').lower()}"
    mentions = [
        entity
        for entity, value in message.parse_entities([MessageEntity.MENTION]).items()
        if value.lower() == username
    ]
    if not mentions:
        return text
    encoded = text.encode("utf-16-le")
    for entity in sorted(mentions, key=lambda e: e.offset, reverse=True):
        start, end = 2 * entity.offset, 2 * (entity.offset + entity.length)
        encoded = encoded[:start] + b" \x00" + encoded[end:]
    return encoded.decode("utf-16-le").strip()


def _name(method: Callable[..., Any]) -> str:
    return getattr(method, "__name__", "request")


def _int(text: str) -> int | None:
    text = text.strip()
    if not text or len(text) > 12 or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def _excerpt(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, cut at a paragraph or word boundary."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    if cut < limit // 2:
        cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def _seconds(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def bot_commands(renderer: Renderer, scope: str) -> Sequence[tuple[str, str]]:
    """(command, description) pairs from commands.html.j2 for ``private``/``group``/``admin``."""
    text = html.unescape(renderer.render("commands.html.j2", scope=scope))
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        name, sep, description = line.partition(" - ")
        if sep:
            pairs.append((name.strip(), description.strip()))
    return pairs
