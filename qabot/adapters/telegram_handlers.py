"""The Telegram handlers: each one reads the update, calls the core, and sends what a template made.

State lives where python-telegram-bot persists it: ``chat_data["conversation"]`` is the chat's
:class:`~qabot.service.Conversation`, ``chat_data["turns"]`` the conversations behind the
buttons of the last few answers. Nothing else about a chat is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import os
from collections.abc import AsyncIterator, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from weakref import WeakValueDictionary

from telegram import (
    Chat,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError
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
    is_allowed,
    payload_question,
)
from qabot.adapters.telegram_html import split_html
from qabot.adapters.telegram_replies import (
    Replies,
    View,
    command_argument,
    excerpt,
    mentions_bot,
    web_links,
    without_mention,
)
from qabot.config import TelegramConfig
from qabot.errors import QabotError
from qabot.render import Renderer
from qabot.service import Conversation, QABot, printable

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
Reload = Callable[[], QABot]
T = TypeVar("T")

KEEP_TURNS = 5  # answers whose buttons still work, per chat
SOURCES_PAGE = 30  # articles per /sources page
SOURCE_CHARS = 12_000  # /source N shows at most this much of an article (about 3 messages)
TYPING_REPEAT = 4.5  # Telegram shows "typing…" for 5 s
RECENT_UPDATES = 2000  # update ids remembered to skip a redelivered update
JOURNAL_SUFFIX = ".updates"  # next to persistence_file: the ids of handled updates
RETRY_DELAY = 0.5  # seconds before the first retry of a failed send; doubles each time
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class SeenUpdates:
    """The ids of the last ``keep`` updates taken for handling; with a ``journal``, they
    survive the process being killed.

    Why a journal, not ``bot_data`` (as before): Telegram hands an update out again until a
    later getUpdates acknowledges it (its ``offset``), and python-telegram-bot sends that
    acknowledgement only with its next poll. If the process is killed (SIGKILL, OOM) after
    answering an update but before that poll reached Telegram (a slow or failing network makes
    the window seconds long), the restarted bot gets the update again. The persistence file is
    written only every ``persistence_interval`` seconds, so an id kept in ``bot_data`` was
    usually not on disk yet, and the question was answered twice (found by the kill-and-restart
    test in tests/test_telegram_load.py). Here each id is appended to the journal with one
    unbuffered ``write`` (a few microseconds), which outlives the process as soon as it
    returns; the journal is compacted to the last ``keep`` ids when it grows to twice that.
    (A power cut can still lose the last writes: there is no fsync.)
    """

    def __init__(self, journal: Path | None = None, keep: int = RECENT_UPDATES) -> None:
        self.journal = journal
        self.keep = keep
        self._ids: dict[int, None] = {}  # insertion-ordered set
        self._fd: int | None = None
        self._lines = 0
        if journal is not None and journal.exists():
            try:
                lines = journal.read_text(encoding="ascii", errors="replace").split()
            except OSError as exc:
                logger.warning("cannot read %s (%s): starting without it", journal, exc)
                lines = []
            for line in lines:
                if line.isdigit():  # tolerate a torn or foreign line
                    self._remember(int(line))
            self._compact()

    def __contains__(self, update_id: int) -> bool:
        return update_id in self._ids

    def add(self, update_id: int) -> None:
        if update_id in self._ids:
            return
        self._remember(update_id)
        if self.journal is None:
            return
        try:
            if self._fd is None:
                self._open()
            assert self._fd is not None
            os.write(self._fd, f"{update_id}\n".encode("ascii"))
            self._lines += 1
            if self._lines >= 2 * self.keep:
                self._compact()
        except OSError as exc:  # the bot keeps answering; only crash safety is lost
            logger.warning("cannot write %s: %s", self.journal, exc)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _remember(self, update_id: int) -> None:
        self._ids[update_id] = None
        while len(self._ids) > self.keep:
            del self._ids[next(iter(self._ids))]

    def _open(self) -> None:
        assert self.journal is not None
        self.journal.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def _compact(self) -> None:
        """Rewrite the journal with the ids kept (atomically: temporary file, then rename)."""
        assert self.journal is not None
        self.close()
        temporary = self.journal.with_name(f".{self.journal.name}.tmp")
        try:
            temporary.write_text("".join(f"{i}\n" for i in self._ids), encoding="ascii")
            os.replace(temporary, self.journal)
        except OSError as exc:
            logger.warning("cannot write %s: %s", self.journal, exc)
        self._lines = len(self._ids)


def journal_path(config: TelegramConfig) -> Path | None:
    """Where the handled update ids are kept: next to the persistence file, if there is one."""
    if config.persistence_file is None:
        return None
    return config.persistence_file.with_name(config.persistence_file.name + JOURNAL_SUFFIX)


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
        self.seen = SeenUpdates(journal_path(config))
        self.replies = Replies(renderer, config.max_retries, web_links(bot))

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
        app.add_error_handler(self.on_error)

    # --- update bookkeeping and access ----------------------------------------------------

    async def skip_seen(self, update: Update, context: Context) -> None:
        """Drop an update already handled or being handled (a webhook retry, or redelivered
        after a crash: with ``persistence_file`` the ids are journaled, see
        :class:`SeenUpdates`).

        The id is recorded *before* the update is handled: recorded afterwards, a kill while
        the reply was on its way back from Telegram (a round trip) would have it answered
        twice after the restart. So an update is handled at most once: one being answered at
        the moment of a kill is not answered again (the user asks again), which is also what
        happens to every update Telegram was already told about.
        """
        uid = update.update_id
        if uid in self.seen:
            logger.info("skipping update %s: already handled", uid)
            raise ApplicationHandlerStop
        self.seen.add(uid)

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
        self, callback: Callable[[Update, Context], Coroutine[Any, Any, None]]
    ) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
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
            text = self.replies.html(
                "rate_limited",
                limit=self.config.rate_limit_questions,
                window=_seconds(self.config.rate_limit_window),
                wait=wait,
            )
            await self.replies.send(context.bot, chat, text, reply_to=update.effective_message)
        return verdict is Verdict.ALLOW

    # --- questions ------------------------------------------------------------------------

    async def answer_question(self, update: Update, context: Context, question: str) -> None:
        """Answer ``question`` in the update's chat, within the user's question limit."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None or context.chat_data is None:
            return
        if not printable(question):  # nothing but spaces or invisible characters
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
        text = self.replies.render_view(answer, View.ANSWER)
        sent = await self.replies.send(
            context.bot, chat, text, self.replies.keyboard(answer, turn, View.ANSWER), message
        )
        if sent is not None:
            chat_data["turns"][turn] = (conversation, sent.message_id)

    async def _usage(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        text = self.replies.html(
            "ask_usage", is_group=chat.type != Chat.PRIVATE, username=context.bot.username
        )
        await self.replies.send(context.bot, chat, text, reply_to=update.effective_message)

    async def private_text(self, update: Update, context: Context) -> None:
        """Plain text in a private chat is a question."""
        message = update.effective_message
        if message is not None and message.text is not None:
            await self.answer_question(
                update, context, without_mention(message, context.bot.username)
            )

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
        if to_bot or mentions_bot(message, context.bot.username):
            await self.answer_question(
                update, context, without_mention(message, context.bot.username)
            )

    async def ask(self, update: Update, context: Context) -> None:
        """/ask QUESTION (the way to ask in groups)."""
        message = update.effective_message
        if message is not None:
            await self.answer_question(update, context, command_argument(message))

    async def start(self, update: Update, context: Context) -> None:
        """/start: a welcome, or the answer to a deep-link payload (underscores for spaces)."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        payload = command_argument(message)
        if payload:
            await self.answer_question(update, context, payload_question(payload))
            return
        user = update.effective_user
        text = self.replies.html(
            "welcome",
            first_name=user.first_name if user else "",
            count=len(self.qabot.corpus.documents),
            is_group=chat.type != Chat.PRIVATE,
            username=context.bot.username,
        )
        await self.replies.send(context.bot, chat, text)

    # --- other commands -------------------------------------------------------------------

    async def help(self, update: Update, context: Context) -> None:
        """/help: how to ask, and the commands."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return
        text = self.replies.html(
            "help",
            is_group=chat.type != Chat.PRIVATE,
            is_admin=user is not None and user.id in self.config.admin_ids,
            username=context.bot.username,
        )
        await self.replies.send(context.bot, chat, text)

    async def sources(self, update: Update, context: Context) -> None:
        """/sources [PAGE]: the articles, numbered for /source N."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None:
            return
        documents = self.qabot.corpus.documents
        pages = max(1, math.ceil(len(documents) / SOURCES_PAGE))
        page = min(max(_int(command_argument(message)) or 1, 1), pages)
        first = (page - 1) * SOURCES_PAGE
        numbered = list(enumerate(documents[first : first + SOURCES_PAGE], first + 1))
        text = self.replies.html(
            "sources", documents=numbered, page=page, pages=pages, total=len(documents)
        )
        await self.replies.send(context.bot, chat, text)

    async def source(self, update: Update, context: Context) -> None:
        """/source N: one article (its first ~12,000 characters)."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None:
            return
        documents = self.qabot.corpus.documents
        argument = command_argument(message)
        number = _int(argument)
        if number is None:
            await self.replies.send(
                context.bot, chat, self.replies.html("source_usage", count=len(documents))
            )
            return
        if not 1 <= number <= len(documents):
            text = self.replies.html(
                "source", document=None, requested=argument[:20], count=len(documents)
            )
            await self.replies.send(context.bot, chat, text)
            return
        document = documents[number - 1]
        shown = excerpt(document.text, SOURCE_CHARS)
        text = self.replies.html(
            "source",
            document=document,
            number=number,
            url=self.replies.links.get(document.id),
            text=shown,
            omitted=len(document.text) - len(shown),
        )
        await self.replies.send(context.bot, chat, text)

    async def why(self, update: Update, context: Context) -> None:
        """/why: the explanation of the chat's last answer."""
        chat = update.effective_chat
        if chat is None or context.chat_data is None:
            return
        conversation = context.chat_data.get("conversation")
        answer = conversation.last_answer if isinstance(conversation, Conversation) else None
        await self.replies.send(context.bot, chat, self.replies.html("why", answer=answer))

    async def reset(self, update: Update, context: Context) -> None:
        """/reset: forget the chat's conversation (and expire its buttons)."""
        chat = update.effective_chat
        if chat is None or context.chat_data is None:
            return
        context.chat_data["conversation"] = Conversation()
        context.chat_data["turns"] = {}
        await self.replies.send(context.bot, chat, self.replies.html("reset"))

    async def unknown_command(self, update: Update, context: Context) -> None:
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None or message.text is None:
            return
        command = message.text.split(maxsplit=1)[0][:40]
        await self.replies.send(
            context.bot, chat, self.replies.html("unknown_command", command=command)
        )

    async def reload_command(self, update: Update, context: Context) -> None:
        """/reload (admins only): rebuild the corpus and index; a failed build keeps the old."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return
        if user is None or user.id not in self.config.admin_ids:
            logger.info("refused /reload from user %s", user.id if user else None)
            await self.replies.send(
                context.bot, chat, self.replies.html("not_allowed", command="reload")
            )
            return
        result = await self.reload_now()
        text = self.replies.html(
            "reload",
            status=result.status,
            count=result.count,
            warnings=result.warnings,
            message=result.message,
        )
        await self.replies.send(context.bot, chat, text)

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
            self.qabot, self.replies.links = new, web_links(new)
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
            await query.answer(self.replies.label("expired"))
            return
        action, turn = decoded
        stored = chat_data.get("turns", {}).get(turn)
        if not _valid_turn(stored, message.message_id):
            await query.answer(self.replies.label("expired"))
            return
        conversation: Conversation = stored[0]
        view = View.ANSWER
        if action is Action.MORE:
            if self.limiter.check(query.from_user.id) is not Verdict.ALLOW:
                await query.answer(self.replies.label("rate_limited"))
                return
            more, conversation = await self._core(self.qabot.more, conversation)
            if more is None:
                await query.answer(self.replies.label("no_more"))
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
        text = self.replies.render_view(answer, view)
        await self.replies.edit(
            context.bot, message, text, self.replies.keyboard(answer, turn, view)
        )

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
        text = split_html(self.replies.render_view(answer, View.ANSWER))[0]
        title = self.replies.label(
            "inline:no_answer" if answer.abstained else "inline:answer", answer=answer
        )
        result = InlineQueryResultArticle(
            id="answer",
            title=title,
            description=self.replies.label("inline:description", answer=answer),
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
                await update.callback_query.answer(self.replies.label("error"))
            elif update.effective_chat is not None and update.effective_message is not None:
                await self.replies.send(
                    context.bot, update.effective_chat, self.replies.html("error")
                )
        except TelegramError as exc:
            logger.warning("could not send the apology: %s", exc)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.seen.close()


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


def _int(text: str) -> int | None:
    text = text.strip()
    if not text or len(text) > 12 or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def _seconds(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
