"""The Telegram bot: ``qabot telegram`` builds the Application here and runs it.

Long polling by default, a webhook when ``[telegram] mode = "webhook"``. Flood limits are
python-telegram-bot's ``AIORateLimiter`` (with retries on 429); updates are handled
concurrently; each chat's conversation lives in ``chat_data`` and survives restarts when
``persistence_file`` is set. SIGTERM/SIGINT stop the bot gracefully (pending updates finish,
persistence is flushed); SIGHUP reloads the corpus when a reload callable is given. The token
and the webhook secret are redacted from every log record (see ``telegram_log``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import secrets
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeChat, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, PersistenceInput, PicklePersistence
from telegram.request import BaseRequest

from qabot.adapters.telegram_handlers import Reload, TelegramHandlers
from qabot.adapters.telegram_log import install_redaction, redact
from qabot.adapters.telegram_replies import bot_commands
from qabot.config import TOKEN_ENV, TelegramConfig
from qabot.errors import ConfigError, QabotError
from qabot.render import Renderer
from qabot.service import QABot

logger = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]

ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY)
PERSISTENCE_INTERVAL = 5.0  # seconds between writes of the persistence file (when changed)


def require_token(config: TelegramConfig) -> str:
    """The bot token, or a :class:`ConfigError` that says where to put it."""
    token = (config.token or "").strip()
    if not token:
        raise ConfigError(
            f"no Telegram bot token: set {TOKEN_ENV} (or token in the [telegram] section of "
            "the config file); BotFather gives you one"
        )
    return token


class AtomicPicklePersistence(PicklePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PicklePersistence that writes only when flushed, atomically (temp file + rename).

    PTB's own class rewrites the whole file once per changed chat; here ``update_*`` only
    update memory, and :func:`serving`/``post_init`` flush every few seconds when something
    changed, so a crash leaves the previous complete file, never a truncated one.
    """

    def __init__(self, filepath: Path, update_interval: float) -> None:
        super().__init__(
            filepath,
            store_data=PersistenceInput(user_data=False, callback_data=False),
            single_file=True,
            on_flush=True,
            update_interval=update_interval,
        )
        self.dirty = False

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        if (self.chat_data or {}).get(chat_id) != data:
            self.dirty = True
        await super().update_chat_data(chat_id, data)

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        if self.bot_data != data:
            self.dirty = True
        await super().update_bot_data(data)

    async def drop_chat_data(self, chat_id: int) -> None:
        self.dirty = True
        await super().drop_chat_data(chat_id)

    async def flush(self) -> None:
        final = Path(self.filepath)
        temporary = final.with_name(f".{final.name}.tmp")
        temporary.unlink(missing_ok=True)  # never install a leftover of an interrupted write
        self.filepath = temporary
        try:
            await super().flush()  # writes synchronously to self.filepath
        finally:
            self.filepath = final
        if temporary.exists():
            os.replace(temporary, final)
        self.dirty = False


def _usable_persistence_file(path: Path) -> None:
    """Move an unreadable persistence file aside (with a warning) instead of failing to start."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    try:
        with path.open("rb") as file:
            pickle.load(file)
    except Exception as exc:  # corrupt, truncated, or written by an incompatible version
        aside = path.with_name(f"{path.name}.unreadable-{int(time.time())}")
        os.replace(path, aside)
        logger.warning(
            "persistence file %s is unreadable (%s): moved to %s, starting with empty chats",
            path,
            type(exc).__name__,
            aside,
        )


def build_application(
    bot: QABot,
    config: TelegramConfig,
    renderer: Renderer,
    reload: Reload | None = None,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    typing_delay: float = 0.5,
) -> App:
    """The configured Application; ``run`` starts it, tests may drive it (see :func:`serving`).

    ``request``/``get_updates_request`` replace the HTTP client (tests pass an offline one);
    ``typing_delay`` is how long an answer may take before "typing…" is shown.
    """
    application, _ = _build(
        bot,
        config,
        renderer,
        reload,
        request=request,
        get_updates_request=get_updates_request,
        typing_delay=typing_delay,
    )
    return application


def _build(
    bot: QABot,
    config: TelegramConfig,
    renderer: Renderer,
    reload: Reload | None,
    *,
    request: BaseRequest | None,
    get_updates_request: BaseRequest | None,
    typing_delay: float,
) -> tuple[App, _Lifecycle]:
    token = require_token(config)
    install_redaction(token, config.secret_token)
    handlers = TelegramHandlers(bot, config, renderer, reload, typing_delay=typing_delay)
    lifecycle = _Lifecycle(handlers)
    builder = (
        Application.builder()
        .token(token)
        .base_url(config.base_url)
        .base_file_url(config.base_file_url)
        .rate_limiter(AIORateLimiter(max_retries=config.max_retries))
        .concurrent_updates(True)
        .post_init(lifecycle.post_init)
        .post_stop(lifecycle.post_stop)
        .post_shutdown(lifecycle.post_shutdown)
    )
    if request is not None:
        builder = builder.request(request)
    else:
        builder = builder.connect_timeout(config.connect_timeout).read_timeout(config.read_timeout)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    else:
        builder = builder.get_updates_connect_timeout(config.connect_timeout)
        builder = builder.get_updates_read_timeout(config.read_timeout)
    if config.persistence_file is not None:
        _usable_persistence_file(config.persistence_file)
        persistence = AtomicPicklePersistence(config.persistence_file, config.persistence_interval)
        builder = builder.persistence(persistence)
    application: App = builder.build()
    handlers.register(application)
    return application, lifecycle


class _Lifecycle:
    """What happens around the Application's start and stop: menus, persistence writer, SIGHUP."""

    def __init__(self, handlers: TelegramHandlers) -> None:
        self.handlers = handlers
        self.sighup = False  # set by run(): reload on SIGHUP
        self._flusher: asyncio.Task[None] | None = None

    async def post_init(self, application: App) -> None:
        config = self.handlers.config
        if config.mode == "webhook":
            where = f"webhook on {config.listen}:{config.port}/{config.url_path}"
        else:
            where = f"long polling {config.base_url}"
        logger.info("@%s starting: %s", application.bot.username, where)
        await self._set_commands(application)
        persistence = application.persistence
        if isinstance(persistence, AtomicPicklePersistence):
            self._flusher = asyncio.create_task(self._flush_every(application, persistence))
        if self.sighup and self.handlers.reload is not None and hasattr(signal, "SIGHUP"):
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGHUP, lambda: application.create_task(self._reload_on_signal())
            )

    async def _set_commands(self, application: App) -> None:
        renderer, bot = self.handlers.renderer, application.bot

        def menu(scope: str) -> list[BotCommand]:
            return [BotCommand(c, d) for c, d in bot_commands(renderer, scope)]

        try:
            await bot.set_my_commands(menu("private"))
            await bot.set_my_commands(menu("group"), scope=BotCommandScopeAllGroupChats())
        except TelegramError as exc:
            logger.warning("could not set the command menu: %s", exc)
        for admin in self.handlers.config.admin_ids:
            try:
                await bot.set_my_commands(menu("admin"), scope=BotCommandScopeChat(admin))
            except TelegramError as exc:  # e.g. the admin has not started the bot yet
                logger.info("could not set admin commands for %s: %s", admin, exc)

    @staticmethod
    async def _flush_every(application: App, persistence: AtomicPicklePersistence) -> None:
        while True:
            await asyncio.sleep(persistence.update_interval)
            try:
                await application.update_persistence()
                if persistence.dirty:
                    await persistence.flush()
            except Exception:
                logger.exception("could not write the persistence file")

    async def _reload_on_signal(self) -> None:
        result = await self.handlers.reload_now()
        logger.info("SIGHUP reload: %s", result.status)

    async def post_stop(self, application: App) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            self._flusher = None

    async def post_shutdown(self, application: App) -> None:
        self.handlers.close()


def polling_kwargs(config: TelegramConfig) -> dict[str, Any]:
    return {
        "poll_interval": 0.0,
        "timeout": config.poll_timeout,
        "drop_pending_updates": config.drop_pending_updates,
        "allowed_updates": list(ALLOWED_UPDATES),
        "bootstrap_retries": config.max_retries,
    }


def webhook_kwargs(config: TelegramConfig, secret_token: str) -> dict[str, Any]:
    """Arguments of ``run_webhook``/``Updater.start_webhook``: Telegram calls ``webhook_url``,
    which the reverse proxy forwards to ``http://listen:port/url_path``."""
    return {
        "listen": config.listen,
        "port": config.port,
        "url_path": config.url_path,
        "webhook_url": config.webhook_url,
        "secret_token": secret_token,
        "drop_pending_updates": config.drop_pending_updates,
        "allowed_updates": list(ALLOWED_UPDATES),
        "bootstrap_retries": config.max_retries,
    }


def webhook_secret(config: TelegramConfig) -> str:
    """The configured secret, or a fresh random one (the bot registers it with Telegram)."""
    return config.secret_token or secrets.token_urlsafe(32)


@contextlib.asynccontextmanager
async def serving(application: App, config: TelegramConfig) -> AsyncIterator[App]:
    """Run ``application`` inside an existing event loop (tests, embedding), the same steps as
    ``run_polling``/``run_webhook`` without their signal handling and loop management."""
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        assert application.updater is not None
        if config.mode == "webhook":
            secret = webhook_secret(config)
            install_redaction(secret)
            kwargs = webhook_kwargs(config, secret)
            await application.updater.start_webhook(**kwargs)
        else:
            kwargs = polling_kwargs(config)
            kwargs.pop("poll_interval")
            await application.updater.start_polling(**kwargs)
        await application.start()
        try:
            yield application
        finally:
            if application.updater.running:
                await application.updater.stop()
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


def run(
    bot: QABot, config: TelegramConfig, renderer: Renderer, reload: Reload | None = None
) -> int:
    """Run the bot until SIGTERM/SIGINT; 0 on a clean stop. Startup failures are QabotErrors."""
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    application, lifecycle = _build(
        bot, config, renderer, reload, request=None, get_updates_request=None, typing_delay=0.5
    )
    lifecycle.sighup = True
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    quiet = _GaveUpFilter()
    logging.getLogger("telegram.ext").addFilter(quiet)
    try:
        if config.mode == "webhook":
            secret = webhook_secret(config)
            install_redaction(secret)
            application.run_webhook(**webhook_kwargs(config, secret), stop_signals=stop_signals)
        else:
            application.run_polling(**polling_kwargs(config), stop_signals=stop_signals)
    except InvalidToken:
        raise ConfigError(
            f"the Bot API server refused the token: check {TOKEN_ENV} (or [telegram] token)"
        ) from None
    except NetworkError as exc:
        raise QabotError(
            f"cannot reach the Bot API server at {config.base_url}: {redact(str(exc))}"
        ) from None
    finally:
        logging.getLogger("telegram.ext").removeFilter(quiet)
    logger.info("stopped")
    return 0


class _GaveUpFilter(logging.Filter):
    """Drop PTB's traceback when start-up gives up: ``run`` reports the cause in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        giving_up = record.getMessage().startswith("Network Retry Loop") and "Aborting" in (
            record.getMessage()
        )
        return not (giving_up and record.levelno >= logging.ERROR)
