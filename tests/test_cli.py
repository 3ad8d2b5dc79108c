"""The `qabot` command run in-process: what a user sees on stdout and stderr, and the exit code.

``qabot.cli.main`` gets its argv as a list; argparse's own errors leave through ``SystemExit``.
The index cache goes to a temporary ``XDG_CACHE_HOME`` (shared by the module, so the bundled
corpus is indexed once), never to the home directory.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from qabot.cli import main
from qabot.config import TOKEN_ENV
from qabot.corpus import load_documents
from qabot.errors import ConfigError, CorpusError
from qabot.models import Document
from qabot.resources import seeds_dir
from qabot.service import QABot

OSCE_QUESTION = "Who is the U.S. ambassador to the OSCE?"
OSCE_DOC = "004_9b8e8430f85b65ce"
ENVOY_QUESTION = "Who is the U.S. special envoy?"
SANCTIONS_FOLLOW_UP = "What did he say about sanctions?"
ENVOY_DOC = "000_4f865ef4cc9f496c"
UNANSWERABLE = "What is the weather in Yerevan today?"
TOKEN = "123456789:AAHcliTOKEN-never-printed"
JSON_KEYS = {"question", "answer", "short", "abstained", "citations", "elapsed_ms"}
CITATION_KEYS = {"doc_id", "title", "date", "quote"}

RESERVOIR = (
    "Pellam Water News\n\n"
    "The Ostra reservoir was opened in 1988 by mayor Lina Varga. "
    "It holds the drinking water of the city of Pellam. "
    "Engineers inspect its dam every spring.\n"
)
BINARY = bytes(range(256)) * 8  # NUL and every other control byte: not an article


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    return {d.id: d for d in load_documents(seeds_dir(), warn=lambda _: None)}


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, cache_home: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv(TOKEN_ENV, raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `qabot ARGV`."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse: --help, bad options
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """stdin as a real pipe decodes it: UTF-8, strict (as under an en_US.UTF-8 locale)."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def jsonl(*items: object) -> bytes:
    return b"".join((item if isinstance(item, bytes) else json.dumps(item).encode()) + b"\n"
                    for item in items)


def json_lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture
def reservoir(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ostra.txt").write_text(RESERVOIR, encoding="utf-8")
    return folder


# --- qabot ask -----------------------------------------------------------------------------


def test_ask_prints_the_quoted_sentence_and_its_citation(
    capsys: pytest.CaptureFixture[str], seeds: dict[str, Document]
) -> None:
    code, out, err = run(capsys, "ask", OSCE_QUESTION)
    assert (code, err) == (0, "")
    doc = seeds[OSCE_DOC]
    answer, _, sources = out.partition("\n[1] ")
    assert "Carpenter" in answer
    assert answer.strip().replace("*", "") in doc.text  # verbatim, the short answer only starred
    assert sources.startswith(doc.title) and OSCE_DOC in sources


def test_ask_json_is_one_object_with_verbatim_quotes(
    capsys: pytest.CaptureFixture[str], seeds: dict[str, Document]
) -> None:
    code, out, err = run(capsys, "ask", "--json", OSCE_QUESTION)
    assert (code, err) == (0, "")
    [reply] = json_lines(out)
    assert set(reply) == JSON_KEYS
    assert reply["question"] == OSCE_QUESTION
    assert reply["abstained"] is False
    assert isinstance(reply["elapsed_ms"], int | float) and reply["elapsed_ms"] >= 0
    citations = reply["citations"]
    assert isinstance(citations, list) and citations
    assert citations[0]["doc_id"] == OSCE_DOC
    for citation in citations:
        assert set(citation) == CITATION_KEYS
        doc = seeds[citation["doc_id"]]
        assert (citation["title"], citation["date"]) == (doc.title, doc.date)
        assert citation["quote"] and citation["quote"] in doc.text
    answer, short = reply["answer"], reply["short"]
    assert isinstance(answer, str) and answer in seeds[OSCE_DOC].text
    assert isinstance(short, str) and short in answer and "Carpenter" in short


def test_ask_json_over_a_jsonl_corpus_cites_its_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = tmp_path / "news.jsonl"
    record = {"id": "ostra-1", "title": "Pellam Water News", "date": "2024-05-02",
              "text": RESERVOIR.split("\n\n", 1)[1]}
    corpus.write_bytes(jsonl(record))
    code, out, err = run(capsys, "ask", "--json", "--corpus", str(corpus),
                         "Who opened the Ostra reservoir?")
    assert (code, err) == (0, "")
    [reply] = json_lines(out)
    assert reply["short"] == "Lina Varga"
    assert reply["citations"] == [{
        "doc_id": "ostra-1", "title": "Pellam Water News", "date": "2024-05-02",
        "quote": "The Ostra reservoir was opened in 1988 by mayor Lina Varga.",
    }]


def test_question_the_articles_cannot_answer_abstains(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--json", UNANSWERABLE)
    [reply] = json_lines(out)
    assert code == 0
    assert reply["abstained"] is True
    assert (reply["answer"], reply["short"], reply["citations"]) == ("", None, [])
    code, out, _ = run(capsys, "ask", UNANSWERABLE)
    assert code == 0 and "do not say" in out and f'"{UNANSWERABLE}"' in out


# --- JSON Lines on stdin --------------------------------------------------------------------


def test_json_lines_batch_keeps_each_chat_and_the_input_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    seeds: dict[str, Document],
) -> None:
    requests: list[object] = [
        {"q": ENVOY_QUESTION, "chat": "a"},
        {"q": SANCTIONS_FOLLOW_UP, "chat": "b"},  # another conversation: no "he" to follow
        b'{"q": "Who is the U.S. special envoy?"',  # malformed: cut short
        {"q": SANCTIONS_FOLLOW_UP, "chat": "a"},  # the follow-up of line 1
        {"q": "   ", "chat": "a"},
        ["Who is the U.S. special envoy?"],
        {"question": ENVOY_QUESTION},
        {"q": OSCE_QUESTION, "chat": 7},  # a numeric chat id is accepted
        {"q": SANCTIONS_FOLLOW_UP},  # no chat: a conversation of its own
    ]
    feed_stdin(monkeypatch, jsonl(*requests))
    code, out, err = run(capsys, "ask", "--json")
    assert (code, err) == (0, "")
    replies = json_lines(out)
    assert len(replies) == len(requests)  # one line out per line in
    errors = [i for i, r in enumerate(replies) if "error" in r]
    assert errors == [2, 4, 5, 6]
    for i in errors:
        assert set(replies[i]) == {"error"} and str(replies[i]["error"]).strip()
    for reply, request in zip(replies, requests, strict=True):  # in input order
        if isinstance(request, dict) and "error" not in reply:
            assert reply["question"] == request["q"]
    first, other_chat, follow_up, osce, alone = (replies[i] for i in (0, 1, 3, 7, 8))
    assert first["short"] == "Louis Bono"
    # the follow-up in chat "a" is about the envoy of its first line ...
    assert "Bono" in str(follow_up["answer"]) and "sanctions" in str(follow_up["answer"])
    assert follow_up["citations"][0]["doc_id"] == ENVOY_DOC
    assert follow_up["citations"][0]["quote"] in seeds[ENVOY_DOC].text
    # ... while chat "b" knows nothing of chat "a": its answer is that of a fresh conversation
    assert _without_timing(other_chat) == _without_timing(alone) != _without_timing(follow_up)
    assert osce["citations"][0]["doc_id"] == OSCE_DOC


def _without_timing(reply: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in reply.items() if k != "elapsed_ms"}


def test_json_lines_line_that_is_not_utf8_gets_an_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_stdin(monkeypatch, jsonl({"q": ENVOY_QUESTION}, b"\xff\xfe{\"q\": 1}", {"q": OSCE_QUESTION}))
    code, out, err = run(capsys, "ask", "--json")
    assert (code, err) == (0, "")
    first, bad, last = json_lines(out)
    assert first["short"] == "Louis Bono"
    assert set(bad) == {"error"}
    assert last["citations"][0]["doc_id"] == OSCE_DOC


def test_json_lines_empty_input_writes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_stdin(monkeypatch, b"")
    assert run(capsys, "ask", "--json") == (0, "", "")


def test_the_index_cache_goes_under_xdg_cache_home(
    capsys: pytest.CaptureFixture[str], cache_home: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "library.jsonl"  # a corpus no other test indexes
    corpus.write_bytes(jsonl({"id": "lib", "title": "Pellam Library News",
                              "text": "The Pellam library was opened in 1990 by Ivo Brandt."}))
    before = set((cache_home / "qabot").glob("*")) if (cache_home / "qabot").is_dir() else set()
    code, out, _ = run(capsys, "ask", "--corpus", str(corpus), "Who opened the Pellam library?")
    assert code == 0 and "Ivo Brandt" in out
    assert set((cache_home / "qabot").glob("*")) - before  # this corpus's index, written there


# --- corpora with bad files -------------------------------------------------------------------


def test_binary_file_beside_an_article_is_skipped_with_a_warning(
    capsys: pytest.CaptureFixture[str], reservoir: Path
) -> None:
    (reservoir / "scan.txt").write_bytes(BINARY)
    code, out, err = run(capsys, "ask", "--corpus", str(reservoir), "Who opened the Ostra reservoir?")
    assert code == 0
    [warning] = err.splitlines()
    assert warning.startswith("qabot: warning:") and "scan.txt" in warning and "binary" in warning
    assert "Lina Varga" in out and "[1] Pellam Water News — ostra" in out


# --- errors: one line on stderr, exit code 2 ------------------------------------------------


@pytest.fixture
def bad_files(tmp_path: Path) -> Path:
    (tmp_path / "binary").mkdir()
    (tmp_path / "binary" / "scan.txt").write_bytes(BINARY)
    (tmp_path / "broken.toml").write_text("[corpus]\nwindow = 3\nstride = = 2\n", encoding="utf-8")
    (tmp_path / "unknown.toml").write_text("[corpus]\nwindows = 3\n", encoding="utf-8")
    return tmp_path


ERRORS: list[tuple[list[str], list[str]]] = [
    (["ask", ""], ["empty question"]),
    (["ask", "  \t "], ["empty question"]),
    (["ask"], ["empty question", "--json"]),
    (["ask", "--json", ""], ["empty question"]),
    (["ask", "--corpus", "{tmp}/missing", "Q?"], ["corpus not found", "{tmp}/missing"]),
    (["ask", "--corpus", "{tmp}/broken.toml", "Q?"], ["neither a folder nor a .jsonl file"]),
    (["ask", "--corpus", "{tmp}/binary", "Q?"], ["no usable documents in {tmp}/binary"]),
    (["ask", "--config", "{tmp}/broken.toml", "Q?"], ["broken config file {tmp}/broken.toml", "line 3"]),
    (["ask", "--config", "{tmp}/unknown.toml", "Q?"], ["unknown setting 'corpus.windows'"]),
    (["ask", "--config", "{tmp}/missing.toml", "Q?"], ["config file not found"]),
    (["--config", "{tmp}/broken.toml"], ["broken config file"]),  # the REPL, before any input
    (["telegram"], [TOKEN_ENV, "BotFather"]),
    (["ask", "--bogus", "Q?"], ["unrecognized arguments: --bogus", "--help"]),
    (["ask", "--corpus"], ["--corpus: expected one argument"]),
    (["frob"], ["invalid choice: 'frob'"]),
    (["eval", "--squad"], ["--squad: expected one argument"]),
]


@pytest.mark.parametrize(("argv", "says"), ERRORS, ids=[" ".join(a) or "-" for a, _ in ERRORS])
def test_error_is_one_line_on_stderr_and_exit_code_2(
    capsys: pytest.CaptureFixture[str], bad_files: Path, argv: list[str], says: list[str]
) -> None:
    tmp = str(bad_files)
    code, out, err = run(capsys, *(a.replace("{tmp}", tmp) for a in argv))
    assert code == 2
    assert out == ""
    lines = [line for line in err.splitlines() if not line.startswith("qabot: warning:")]
    assert len(lines) == 1, err
    [line] = lines
    assert line.startswith("qabot: error: ")
    for fragment in says:
        assert fragment.replace("{tmp}", tmp) in line
    assert "Traceback" not in err


def test_corpus_of_only_a_binary_file_warns_about_it_then_fails(
    capsys: pytest.CaptureFixture[str], bad_files: Path
) -> None:
    code, _, err = run(capsys, "ask", "--corpus", str(bad_files / "binary"), "Q?")
    warning, error = err.splitlines()
    assert code == 2
    assert "scan.txt" in warning and "binary" in warning
    assert error.startswith("qabot: error: no usable documents")


@pytest.mark.parametrize(
    ("env", "config", "argv", "says"),
    [
        ({}, f'[telegram]\ntoken = "{TOKEN}"\nmode = "webhook"\n', ["telegram"],
         "telegram.webhook_url is required"),
        ({TOKEN_ENV: TOKEN}, "", ["telegram", "--corpus", "{tmp}/missing"], "corpus not found"),
        ({TOKEN_ENV: TOKEN}, "[telegram]\nsecret_token = 8675309\n", ["telegram"],
         "'telegram.secret_token' must be a string"),
        ({TOKEN_ENV: TOKEN}, "[telegram]\nport = 0\n", ["ask", "Q?"], "telegram.port"),
        ({}, '[telegram]\ntoken = 123456789\n', ["telegram"], "'telegram.token' must be a string"),
    ],
)
def test_telegram_errors_never_print_the_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    env: dict[str, str], config: str, argv: list[str], says: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, out, err = run(capsys, *args, "--config", str(path))
    assert code == 2 and says in err
    for secret in (TOKEN, "AAHcli", "8675309", "123456789"):
        assert secret not in out + err


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["--debug", "ask", "--corpus", "{tmp}/missing", "Q?"], CorpusError),
        (["ask", "--debug", "--corpus", "{tmp}/missing", "Q?"], CorpusError),
        (["ask", "--config", "{tmp}/broken.toml", "--debug", "Q?"], ConfigError),
    ],
)
def test_debug_lets_the_exception_through_for_a_traceback(
    bad_files: Path, argv: list[str], error: type[Exception]
) -> None:
    with pytest.raises(error):
        main([a.replace("{tmp}", str(bad_files)) for a in argv])


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--help")
    assert code == 0 and "--json" in out and "--corpus" in out


# --- the REPL on piped stdin (`qabot` with no subcommand) -----------------------------------


def _piped(lines: list[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in lines)


@pytest.mark.parametrize(
    "first", [OSCE_QUESTION.encode(), OSCE_QUESTION.encode().replace(b"OSCE", b"OSCE\xff")]
)
def test_qabot_alone_runs_the_repl_over_piped_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, first: bytes
) -> None:
    feed_stdin(monkeypatch, _piped([first, b"/quit", ENVOY_QUESTION.encode()]))
    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    assert out.startswith("qabot — answers from 5 articles")
    assert "Carpenter" in out and OSCE_DOC in out
    assert "Bono" not in out  # nothing after /quit is read


# --- a known fault, kept visible ------------------------------------------------------------


_HELPERS = ", ".join(f"with engineer number {i} of the western district water board" for i in range(12))
LONG_SENTENCES = {  # longer than answer.max_chars (450), the answer at one end or the other
    "answer first": f"The Ostra reservoir was opened in 1988 by mayor Lina Varga, {_HELPERS}, after years.",
    "answer last": (f"After years of work {_HELPERS}, the Ostra reservoir was opened in 1988 by mayor"
                    " Lina Varga."),
}


@pytest.mark.parametrize("sentence", LONG_SENTENCES.values(), ids=LONG_SENTENCES.keys())
def test_answer_sentence_longer_than_max_chars_is_clipped_around_its_answer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sentence: str
) -> None:
    assert len(sentence) > 450
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "ostra.txt").write_text(f"Pellam Water News\n\n{sentence} It holds water.\n",
                                      encoding="utf-8")
    code, out, err = run(capsys, "ask", "--json", "--corpus", str(folder), "Who opened the Ostra reservoir?")
    assert (code, err) == (0, "")
    reply = json.loads(out)
    [citation] = reply["citations"]
    assert reply["short"] == "Lina Varga"
    assert "Lina Varga" in citation["quote"] and citation["quote"] in sentence  # verbatim
    assert len(citation["quote"]) <= 450




def test_a_bug_is_one_line_on_stderr_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, reservoir: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(QABot, "from_config", broken)
    code, out, err = run(capsys, "ask", "--corpus", str(reservoir), "Who opened the reservoir?")
    assert (code, out) == (70, "")
    assert err.count("\n") == 1 and "internal error (ZeroDivisionError)" in err
    assert "Traceback" not in err


def test_a_bug_on_one_json_line_spares_the_others(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, reservoir: Path
) -> None:
    real_ask = QABot.ask

    def ask(self: QABot, question: str, conversation: Any = None) -> Any:
        if "boom" in question:
            raise ZeroDivisionError("bug")
        return real_ask(self, question, conversation)

    monkeypatch.setattr(QABot, "ask", ask)
    feed_stdin(monkeypatch, jsonl({"q": "boom?"}, {"q": "Who opened the Ostra reservoir?"}))
    code, out, _ = run(capsys, "ask", "--json", "--corpus", str(reservoir))
    first, second = json_lines(out)
    assert code == 0
    assert "internal error (ZeroDivisionError)" in first["error"]
    assert "Lina Varga" in second["answer"]
