"""Keeping the bot token (and the webhook secret) out of every log line.

httpx logs each request URL at INFO, and a Bot API URL holds the token; python-telegram-bot's
``Bot.__repr__`` and some of its exception texts hold it too. Two defences:

* the ``httpx``/``httpcore`` loggers are raised to WARNING, so request URLs are not logged;
* a log-record factory redacts the secrets, and anything shaped like a bot token
  (``<digits>:<35 characters>``), from the message, its arguments, the exception text and the
  stack text of *every* record when it is created, so no handler (including ones added later,
  such as pytest's caplog) ever sees them.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from typing import Any

REDACTED = "<redacted>"
# Telegram tokens: a numeric bot id, a colon, then 30+ URL-safe characters.
TOKEN_PATTERN = re.compile(r"(?<![A-Za-z0-9_])(?:bot)?\d{3,}:[A-Za-z0-9_-]{30,}")
QUIET_LOGGERS = ("httpx", "httpcore")

_lock = threading.Lock()
_secrets: set[str] = set()
_installed = False


def redact(text: str) -> str:
    """``text`` with every registered secret and every token-shaped string replaced."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return TOKEN_PATTERN.sub(REDACTED, text)


def _needs_redaction(text: str) -> bool:
    return any(s in text for s in _secrets) or TOKEN_PATTERN.search(text) is not None


def _scrub(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string is the handler's problem, not a leak
        message = str(record.msg)
    if _needs_redaction(message):
        record.msg, record.args = redact(message), None
    if record.exc_info and record.exc_info[0] is not None:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if _needs_redaction(text):
            # Formatters use exc_text when it is set; dropping exc_info stops any formatter
            # or tool that reads the exception object itself from printing the secret.
            record.exc_text, record.exc_info = redact(text), None
    if record.stack_info and _needs_redaction(record.stack_info):
        record.stack_info = redact(record.stack_info)


def install_redaction(*secrets: str | None) -> None:
    """Register ``secrets`` for redaction and make sure the record factory is installed.

    Idempotent; may be called for every application built. Secrets shorter than 8 characters
    are not registered (they would redact ordinary words).
    """
    global _installed
    with _lock:
        _secrets.update(s for s in secrets if s and len(s) >= 8)
        for name in QUIET_LOGGERS:
            logger = logging.getLogger(name)
            if logger.level < logging.WARNING:
                logger.setLevel(logging.WARNING)
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            _scrub(record)
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
