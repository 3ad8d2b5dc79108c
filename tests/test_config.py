"""`qabot.config.load_config`: the defaults, every documented setting, and every way a file is wrong.

A user edits ``config.toml`` by hand, so each mistake must be a :class:`ConfigError` whose message
names the file and the setting (and, for broken TOML, the line), and no message or ``repr`` may
ever show the bot token or the webhook secret.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from qabot.config import (
    TOKEN_ENV,
    AnswerConfig,
    Config,
    CorpusConfig,
    IndexConfig,
    TelegramConfig,
    load_config,
)
from qabot.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parent.parent / "config.example.toml"
TOKEN = "123456789:AAHsecretTOKENvalue-do-not-print"
SECRET = "webhook-secret_do-not-print"


def write(tmp_path: Path, text: str | bytes, name: str = "config.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def config_error(path: Path, environ: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={} if environ is None else environ)
    return str(caught.value)


# --- defaults and the example file -----------------------------------------------------------


def test_no_file_gives_the_defaults() -> None:
    config = load_config(None, environ={})
    assert config == Config()
    assert config.corpus.path is None  # the bundled seeds
    assert config.telegram.token is None and config.telegram.mode == "polling"


def test_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, ""), environ={}) == Config()


def _uncommented_example() -> str:
    """config.example.toml with every `# key = value` line made a real setting."""
    return re.sub(r"(?m)^# (\w+ = )", r"\1", EXAMPLE.read_text(encoding="utf-8"))


def test_example_file_uncommented_sets_exactly_the_defaults(tmp_path: Path) -> None:
    text = _uncommented_example()
    assert load_config(write(tmp_path, text), environ={}) == Config()


@pytest.mark.parametrize(
    ("section", "cls"),
    [("corpus", CorpusConfig), ("index", IndexConfig), ("answer", AnswerConfig),
     ("telegram", TelegramConfig)],
)
def test_example_file_documents_every_setting(section: str, cls: type[Any]) -> None:
    """Every field the code reads is a line of the example, in its own section."""
    text = _uncommented_example()
    body = text.split(f"[{section}]", 1)[1].split("\n[", 1)[0]
    documented = set(re.findall(r"(?m)^(\w+) = ", body))
    assert documented == set(cls.__dataclass_fields__)
    assert re.search(r"(?m)^log_level = ", text)


# every setting given a value other than its default is read, with its type
CHANGED: list[tuple[str, Any]] = [
    ('[corpus]\npath = "~/news"', ("corpus", "path", Path.home() / "news")),
    ("[corpus]\nwindow = 5\nstride = 5", ("corpus", "window", 5)),
    ("[corpus]\nstride = 1", ("corpus", "stride", 1)),
    ("[index]\ncache = false", ("index", "cache", False)),
    ('[index]\ncache_dir = "/var/cache/q"', ("index", "cache_dir", Path("/var/cache/q"))),
    ("[index]\ncache_keep = 1", ("index", "cache_keep", 1)),
    ("[index]\nk1 = 2", ("index", "k1", 2.0)),  # an integer is a number too
    ("[index]\nb = 0.0", ("index", "b", 0.0)),
    ("[index]\nb = 1.0", ("index", "b", 1.0)),
    ("[index]\nepsilon = 0.5", ("index", "epsilon", 0.5)),
    ("[answer]\nmax_sentences = 1", ("answer", "max_sentences", 1)),
    ("[answer]\nmax_chars = 40", ("answer", "max_chars", 40)),
    ("[answer]\ntop_passages = 1", ("answer", "top_passages", 1)),
    ("[answer]\nmax_question_chars = 10", ("answer", "max_question_chars", 10)),
    ("[answer]\nmin_confidence = 0.7", ("answer", "min_confidence", 0.7)),
    ("[answer]\nmin_similarity = 1", ("answer", "min_similarity", 1.0)),
    ('[telegram]\nbase_url = "http://127.0.0.1:8081/bot"',
     ("telegram", "base_url", "http://127.0.0.1:8081/bot")),
    ('[telegram]\nbase_file_url = "http://h/file/bot"', ("telegram", "base_file_url", "http://h/file/bot")),
    ('[telegram]\nmode = "webhook"\nwebhook_url = "https://bot.example/tg"',
     ("telegram", "webhook_url", "https://bot.example/tg")),
    ('[telegram]\nlisten = "0.0.0.0"', ("telegram", "listen", "0.0.0.0")),
    ("[telegram]\nport = 1", ("telegram", "port", 1)),
    ("[telegram]\nport = 65535", ("telegram", "port", 65535)),
    ('[telegram]\nurl_path = "hook"', ("telegram", "url_path", "hook")),
    (f'[telegram]\nsecret_token = "{"a" * 256}"', ("telegram", "secret_token", "a" * 256)),
    ("[telegram]\nallowed_chat_ids = [1, -100200]", ("telegram", "allowed_chat_ids", (1, -100200))),
    ("[telegram]\nadmin_ids = [42]", ("telegram", "admin_ids", (42,))),
    ('[telegram]\npersistence_file = "~/s.pickle"',
     ("telegram", "persistence_file", Path.home() / "s.pickle")),
    ("[telegram]\npersistence_interval = 0.5", ("telegram", "persistence_interval", 0.5)),
    ("[telegram]\nrate_limit_questions = 0", ("telegram", "rate_limit_questions", 0)),
    ("[telegram]\nrate_limit_window = 0", ("telegram", "rate_limit_window", 0.0)),
    ("[telegram]\nmax_retries = 0", ("telegram", "max_retries", 0)),
    ("[telegram]\nconnect_timeout = 2.5", ("telegram", "connect_timeout", 2.5)),
    ("[telegram]\nread_timeout = 30", ("telegram", "read_timeout", 30.0)),
    ("[telegram]\npoll_timeout = 0", ("telegram", "poll_timeout", 0)),
    ("[telegram]\ndrop_pending_updates = true", ("telegram", "drop_pending_updates", True)),
    ('log_level = "debug"', (None, "log_level", "debug")),
]


@pytest.mark.parametrize(("text", "expected"), CHANGED, ids=[c[1][1] for c in CHANGED])
def test_each_setting_is_read(tmp_path: Path, text: str, expected: tuple[str | None, str, Any]) -> None:
    section, key, value = expected
    config = load_config(write(tmp_path, text), environ={})
    got = getattr(config if section is None else getattr(config, section), key)
    assert got == value and type(got) is type(value)


def test_settings_not_given_keep_their_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[corpus]\nwindow = 4\n"), environ={})
    assert config == replace(Config(), corpus=CorpusConfig(window=4))


# --- files that cannot be used ----------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    message = config_error(path)
    assert "not found" in message and str(path) in message


def test_directory_instead_of_a_file(tmp_path: Path) -> None:
    message = config_error(tmp_path)
    assert "cannot read config file" in message and str(tmp_path) in message


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, '[corpus]\npath = "caf\xe9"\n'.encode("latin-1"))
    message = config_error(path)
    assert str(path) in message and "UTF-8" in message  # says what to do: save it as UTF-8


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[corpus\nwindow = 3\n", 1),
        ("[corpus]\nwindow = 3\nstride = \n", 3),
        ("[index]\ncache = yes\n", 2),
        ('log_level = "INFO"\n[corpus]\nwindow = 3\nwindow = 4\n', 4),
        ("[telegram]\ntoken = 123456:AAH\n", 2),
    ],
)
def test_broken_toml_names_the_file_and_the_line(tmp_path: Path, text: str, line: int) -> None:
    path = write(tmp_path, text)
    message = config_error(path)
    assert str(path) in message
    assert f"line {line}" in message
    assert "AAH" not in message  # an unquoted token is not echoed either


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[corpu]\nwindow = 3\n", "'corpu'"),
        ("[telegram.webhook]\nport = 1\n", "'telegram.webhook'"),
        ("[corpus]\nwindows = 3\n", "'corpus.windows'"),
        ("[index]\ncache_size = 4\n", "'index.cache_size'"),
        ('loglevel = "INFO"\n', "'loglevel'"),
        ('window = 3\n', "'window'"),  # a key outside its section
    ],
)
def test_unknown_setting_is_named(tmp_path: Path, text: str, named: str) -> None:
    path = write(tmp_path, text)
    message = config_error(path)
    assert str(path) in message and f"unknown setting {named}" in message
    assert "config.example.toml" in message  # where the known settings are listed


@pytest.mark.parametrize(
    ("text", "key", "wanted"),
    [
        ('[corpus]\nwindow = "3"\n', "corpus.window", "an integer"),
        ("[corpus]\nwindow = 3.0\n", "corpus.window", "an integer"),
        ("[corpus]\nwindow = true\n", "corpus.window", "an integer"),
        ("[telegram]\nport = false\n", "telegram.port", "an integer"),
        ("[index]\ncache = 1\n", "index.cache", "true or false"),
        ('[index]\ncache = "false"\n', "index.cache", "true or false"),
        ('[index]\nk1 = "1.5"\n', "index.k1", "a number"),
        ("[index]\nk1 = true\n", "index.k1", "a number"),
        ("[index]\nk1 = nan\n", "index.k1", "a finite number"),
        ("[telegram]\npersistence_interval = inf\n", "telegram.persistence_interval", "a finite number"),
        ("[corpus]\npath = 3\n", "corpus.path", "a string"),
        ("[telegram]\nmode = 1\n", "telegram.mode", "a string"),
        ("log_level = 10\n", "log_level", "a string"),
        ("[telegram]\nallowed_chat_ids = 5\n", "telegram.allowed_chat_ids", "a list"),
        ('[telegram]\nadmin_ids = [1, "2"]\n', "telegram.admin_ids", "an integer"),
    ],
)
def test_wrong_type_names_the_key_and_the_type(tmp_path: Path, text: str, key: str, wanted: str) -> None:
    path = write(tmp_path, text)
    message = config_error(path)
    assert str(path) in message and f"'{key}' must be {wanted}" in message


@pytest.mark.parametrize("section", ["corpus", "index", "answer", "telegram"])
def test_section_that_is_not_a_table(tmp_path: Path, section: str) -> None:
    message = config_error(write(tmp_path, f"{section} = 3\n"))
    assert f"[{section}] must be a table" in message


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("[corpus]\nwindow = 0\n", "corpus.window and corpus.stride must be at least 1"),
        ("[corpus]\nstride = 0\n", "corpus.window and corpus.stride must be at least 1"),
        ("[corpus]\nwindow = 2\nstride = 3\n", "corpus.stride must not exceed corpus.window"),
        ("[index]\ncache_keep = 0\n", "index.cache_keep must be at least 1"),
        ("[index]\ncache_keep = -3\n", "index.cache_keep must be at least 1"),
        ("[index]\nk1 = -0.1\n", "index.k1 must be >= 0"),
        ("[index]\nb = 1.01\n", "index.b between 0 and 1"),
        ("[index]\nb = -0.5\n", "index.b between 0 and 1"),
        ("[answer]\nmax_sentences = 0\n", "answer.max_sentences must be >= 1"),
        ("[answer]\nmax_chars = 39\n", "answer.max_chars >= 40"),
        ("[answer]\ntop_passages = 0\n", "answer.top_passages must be at least 1"),
        ("[answer]\ntop_passages = -3\n", "answer.top_passages must be at least 1"),
        ("[answer]\nmax_question_chars = 9\n", "answer.max_question_chars must be at least 10"),
        ("[answer]\nmin_confidence = 1.5\n", "answer.min_confidence is a share of the question"),
        ("[answer]\nmin_confidence = 0\n", "answer.min_confidence is a share of the question"),
        ("[answer]\nmin_similarity = 0\n", "answer.min_similarity is a cosine"),
        ('[telegram]\nmode = "push"\n', "telegram.mode must be 'polling' or 'webhook'"),
        ('[telegram]\nmode = "webhook"\n', "telegram.webhook_url is required in webhook mode"),
        ('[telegram]\nmode = "webhook"\nwebhook_url = ""\n', "telegram.webhook_url is required"),
        ('[telegram]\nsecret_token = "has space"\n', "telegram.secret_token may hold only"),
        ('[telegram]\nsecret_token = "naïve"\n', "telegram.secret_token may hold only"),
        (f'[telegram]\nsecret_token = "{"a" * 257}"\n', "(1-256 characters)"),
        ("[telegram]\nport = 0\n", "telegram.port must be between 1 and 65535"),
        ("[telegram]\nport = 65536\n", "telegram.port must be between 1 and 65535"),
        ("[telegram]\npersistence_interval = 0\n", "telegram.persistence_interval must be a positive"),
        ("[telegram]\nrate_limit_questions = -1\n", "telegram.rate_limit_questions and"),
        ("[telegram]\nrate_limit_window = -1.0\n", "telegram.rate_limit_window must not be negative"),
        ('log_level = "LOUD"\n', "log_level must be DEBUG, INFO, WARNING or ERROR"),
    ],
)
def test_out_of_range_value_says_what_is_allowed(tmp_path: Path, text: str, fix: str) -> None:
    path = write(tmp_path, text)
    message = config_error(path)
    assert str(path) in message and fix in message


def test_bad_secret_token_is_not_echoed(tmp_path: Path) -> None:
    bad = "my secret!"
    message = config_error(write(tmp_path, f'[telegram]\nsecret_token = "{bad}"\n'))
    assert "secret_token" in message and bad not in message


@pytest.mark.parametrize(
    ("key", "value"),
    [("token", "123456789"), ("secret_token", "8675309"), ("token", "[1234567, 89]"),
     ("secret_token", "true")],
)
def test_mistyped_secret_is_named_but_never_shown(tmp_path: Path, key: str, value: str) -> None:
    message = config_error(write(tmp_path, f"[telegram]\n{key} = {value}\n"))
    assert f"'telegram.{key}' must be a string" in message
    assert value not in message
    for digits in re.findall(r"\d{3,}", value):
        assert digits not in message


# --- the token: environment over file, never shown ------------------------------------------


@pytest.mark.parametrize(
    ("file_token", "env", "expected"),
    [
        (None, {TOKEN_ENV: TOKEN}, TOKEN),
        ("file-token", {TOKEN_ENV: TOKEN}, TOKEN),  # the environment wins
        ("file-token", {TOKEN_ENV: f"  {TOKEN}\n"}, TOKEN),  # pasted with spaces
        ("file-token", {TOKEN_ENV: "   "}, "file-token"),  # blank: the file's token stands
        ("file-token", {}, "file-token"),
        (None, {}, None),
        ("", {}, None),  # token = "" as in the example: no token
    ],
)
def test_token_from_the_environment_overrides_the_file(
    tmp_path: Path, file_token: str | None, env: dict[str, str], expected: str | None
) -> None:
    text = "" if file_token is None else f'[telegram]\ntoken = "{file_token}"\n'
    assert load_config(write(tmp_path, text), environ=env).telegram.token == expected


def test_token_from_the_environment_without_a_file() -> None:
    assert load_config(None, environ={TOKEN_ENV: TOKEN}).telegram.token == TOKEN


def test_os_environ_is_read_when_no_environ_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    assert load_config(None).telegram.token == TOKEN
    monkeypatch.delenv(TOKEN_ENV)
    assert load_config(None).telegram.token is None


def test_repr_never_shows_the_token_or_the_secret(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f'[telegram]\ntoken = "file-{TOKEN}"\nsecret_token = "{SECRET}"\nmode = "webhook"\n'
        'webhook_url = "https://bot.example/tg"\n',
    )
    config = load_config(path, environ={TOKEN_ENV: TOKEN})
    assert config.telegram.token == TOKEN and config.telegram.secret_token == SECRET
    for shown in (repr(config), str(config), repr(config.telegram), str(config.telegram),
                  f"{config}", f"{config.telegram!r}"):
        assert TOKEN not in shown and SECRET not in shown
        assert "AAHsecret" not in shown
    assert "TelegramConfig" in repr(config)  # the rest of the settings are still shown
