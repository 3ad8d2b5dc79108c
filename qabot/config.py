"""Configuration: read once at the edge (the CLI) from TOML and the environment, then passed in.

Every setting has a default, so no file is needed; a broken file is a :class:`ConfigError` that
names the file, the line where TOML says so, and the key.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from qabot.errors import ConfigError

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"


@dataclass(frozen=True, slots=True)
class CorpusConfig:
    path: Path | None = None  # None: the bundled seeds/
    window: int = 3  # sentences a passage
    stride: int = 2  # sentences between passage starts


@dataclass(frozen=True, slots=True)
class IndexConfig:
    cache_dir: Path | None = None  # None: the user's cache directory
    cache: bool = True
    cache_keep: int = 4  # index files kept, the most recently used (qabot.index.CACHE_KEEP)
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25


@dataclass(frozen=True, slots=True)
class AnswerConfig:
    max_sentences: int = 2
    max_chars: int = 450
    top_passages: int = 12
    max_question_chars: int = 1000
    min_confidence: float = 0.5
    min_similarity: float = 0.45  # see qabot.semantic; 1 turns the sentence model off


@dataclass(frozen=True, slots=True)
class TelegramConfig:
    token: str | None = field(default=None, repr=False)
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    mode: str = "polling"  # polling | webhook
    webhook_url: str | None = None
    listen: str = "127.0.0.1"
    port: int = 8443
    url_path: str = "telegram"
    secret_token: str | None = field(default=None, repr=False)
    allowed_chat_ids: tuple[int, ...] = ()
    admin_ids: tuple[int, ...] = ()
    persistence_file: Path | None = None
    persistence_interval: float = 5.0  # seconds between writes of persistence_file
    rate_limit_questions: int = 20  # per user and window; 0 disables
    rate_limit_window: float = 60.0  # seconds
    max_retries: int = 3
    connect_timeout: float = 10.0
    read_timeout: float = 10.0
    poll_timeout: int = 30
    drop_pending_updates: bool = False

    def __repr__(self) -> str:  # never print the token or the secret
        return f"TelegramConfig(mode={self.mode!r}, base_url={self.base_url!r}, token=***)"


@dataclass(frozen=True, slots=True)
class Config:
    corpus: CorpusConfig = CorpusConfig()
    index: IndexConfig = IndexConfig()
    answer: AnswerConfig = AnswerConfig()
    telegram: TelegramConfig = TelegramConfig()
    log_level: str = "INFO"


_SECRETS = frozenset({"telegram.token", "telegram.secret_token"})  # never shown in a message

_SECTIONS: dict[str, type[Any]] = {
    "corpus": CorpusConfig,
    "index": IndexConfig,
    "answer": AnswerConfig,
    "telegram": TelegramConfig,
}


def load_config(path: Path | None, environ: dict[str, str] | None = None) -> Config:
    """Defaults, overridden by the TOML file (if any), then by the environment (token)."""
    env = os.environ if environ is None else environ
    config = Config()
    if path is not None:
        config = _from_toml(path)
    token = env.get(TOKEN_ENV, "").strip()
    if token:
        config = replace(config, telegram=replace(config.telegram, token=token))
    return config


def _from_toml(path: Path) -> Config:
    try:
        raw = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read config file {path}: not UTF-8 text (byte {exc.start}); "
                          "save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {_reason(exc)}") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"broken config file {path}: {exc}") from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "log_level":
            values[key] = _coerce(path, "log_level", value, str)
        elif key in _SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [{key}] must be a table")
            values[key] = _section(path, key, _SECTIONS[key], value)
        else:
            raise ConfigError(f"{path}: unknown setting '{key}' (see config.example.toml)")
    config = Config(**values)
    _validate(path, config)
    return config


def _section(path: Path, name: str, cls: type[Any], data: dict[str, Any]) -> Any:
    known = {f.name: f for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown setting '{name}.{key}' (see config.example.toml)")
        kwargs[key] = _coerce(path, f"{name}.{key}", value, known[key].type)
    return cls(**kwargs)


def _coerce(path: Path, key: str, value: Any, annotation: Any) -> Any:
    """Check a TOML value against the field's annotation (given as a string under PEP 563)."""
    kind = str(annotation)
    optional = "None" in kind
    if value == "" and optional:
        return None
    try:
        if "Path" in kind:
            return Path(os.path.expanduser(_expect(value, str)))
        if "tuple[int" in kind:
            items = _expect(value, list)
            return tuple(_expect(v, int) for v in items)
        if kind.startswith("bool"):
            return _expect(value, bool)
        if kind.startswith("int"):
            return _expect(value, int)
        if kind.startswith("float"):
            if isinstance(value, bool):
                raise TypeError("a number")
            if not math.isfinite(number := _expect(value, (int, float))):
                raise TypeError("a finite number")
            return float(number)
        return _expect(value, str)
    except TypeError as exc:
        # a mistyped secret is still a secret: name the key, never show its value
        shown = " (value not shown)" if key in _SECRETS else f", not {value!r}"
        raise ConfigError(f"{path}: '{key}' must be {exc}{shown}") from None


def _expect(value: Any, kind: type | tuple[type, ...]) -> Any:
    if kind is int and isinstance(value, bool):
        raise TypeError("an integer")
    if not isinstance(value, kind):
        names = {int: "an integer", bool: "true or false", str: "a string", list: "a list"}
        raise TypeError(names.get(kind, "a number") if isinstance(kind, type) else "a number")
    return value


def _validate(path: Path, config: Config) -> None:
    def fail(msg: str) -> None:
        raise ConfigError(f"{path}: {msg}")

    if config.corpus.window < 1 or config.corpus.stride < 1:
        fail("corpus.window and corpus.stride must be at least 1")
    if config.corpus.stride > config.corpus.window:
        fail("corpus.stride must not exceed corpus.window (sentences would be skipped)")
    if config.index.cache_keep < 1:
        fail("index.cache_keep must be at least 1 (the index in use is always kept)")
    if not 0 <= config.index.b <= 1 or config.index.k1 < 0:
        fail("index.k1 must be >= 0 and index.b between 0 and 1")
    if config.answer.max_sentences < 1 or config.answer.max_chars < 40:
        fail("answer.max_sentences must be >= 1 and answer.max_chars >= 40")
    if config.answer.top_passages < 1:
        fail("answer.top_passages must be at least 1")
    if not 0 < config.answer.min_similarity <= 1:
        fail("answer.min_similarity is a cosine: above 0 and at most 1 (1 turns it off)")
    if not 0 < config.answer.min_confidence <= 1:
        fail("answer.min_confidence is a share of the question: above 0 and at most 1")
    if config.answer.max_question_chars < 10:
        fail("answer.max_question_chars must be at least 10")
    tg = config.telegram
    if tg.mode not in ("polling", "webhook"):
        fail("telegram.mode must be 'polling' or 'webhook'")
    if tg.mode == "webhook" and not tg.webhook_url:
        fail("telegram.webhook_url is required in webhook mode")
    if tg.secret_token is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", tg.secret_token):
        fail("telegram.secret_token may hold only A-Z, a-z, 0-9, _ and - (1-256 characters)")
    if not 0 < tg.port < 65536:
        fail("telegram.port must be between 1 and 65535")
    if tg.persistence_interval <= 0:
        fail("telegram.persistence_interval must be a positive number of seconds")
    if tg.rate_limit_questions < 0 or tg.rate_limit_window < 0:
        fail("telegram.rate_limit_questions and telegram.rate_limit_window must not be negative")
    if config.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        fail("log_level must be DEBUG, INFO, WARNING or ERROR")


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or exc.__class__.__name__
