"""The terminal REPL: a real conversation over the bundled articles, read as a user reads it.

The real :class:`QABot` answers; only the edges are fakes: the input is a list of lines and the
output a list of what :func:`run` writes. Replies are rendered without emphasis marks, so a quote
must appear in the reply exactly as the article has it. (Any-line robustness of ``Session.handle``
is a property test in ``test_properties.py``.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from qabot.adapters.repl import Session, run
from qabot.corpus import load_documents
from qabot.models import Document
from qabot.render import Renderer
from qabot.resources import seeds_dir
from qabot.service import QABot

ENVOY_QUESTION = "Who is the U.S. special envoy?"
ENVOY_SENTENCE = ("Louis Bono, a U.S. special envoy for Armenian-Azerbaijani peace talks, visited "
                  "Baku and Yerevan afterwards.")
ENVOY_DOC = "000_4f865ef4cc9f496c"
FOLLOW_UP = "What did he say about sanctions?"
NO_EMPHASIS = ("", "")

# (step, line typed): the conversation of the transcript
CONVERSATION = [
    ("ask", ENVOY_QUESTION),
    ("why", "/why"),
    ("sources", "/sources"),
    ("source", "/source 1"),
    ("follow_up", FOLLOW_UP),
    ("why_follow_up", "/why"),
    ("more", "/more"),
    ("reset", "/reset"),
    ("follow_up_again", FOLLOW_UP),
    ("why_again", "/why"),
    ("help", "/help"),
    ("unknown", "/frobnicate now"),
    ("empty", ""),
    ("blank", "   "),
    ("quit", "/quit"),
    ("after_quit", "Who is the U.S. ambassador to the OSCE?"),
]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return load_documents(seeds_dir(), warn=lambda _: None)


@pytest.fixture(scope="module")
def bot(documents: list[Document]) -> QABot:
    return QABot.from_documents(documents)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


class Transcript:
    """What :func:`run` wrote for each step, which steps it read, and its exit code."""

    def __init__(self, session: Session, steps: list[tuple[str, str]]) -> None:
        self.written: dict[str, list[str]] = {}
        self.read: list[str] = []
        self._step = "welcome"

        def lines() -> Iterator[str]:
            for step, line in steps:
                self._step = step
                self.read.append(step)
                yield line

        self.code = run(session, lines(), lambda text: self.written.setdefault(self._step, []).append(text))

    def __getitem__(self, step: str) -> str:
        [reply] = self.written[step]  # one reply a line
        return reply


@pytest.fixture(scope="module")
def transcript(bot: QABot, renderer: Renderer) -> Transcript:
    return Transcript(Session(bot, renderer, emphasis=NO_EMPHASIS), CONVERSATION)


def fresh_reply(bot: QABot, renderer: Renderer, line: str) -> str | None:
    return Session(bot, renderer, emphasis=NO_EMPHASIS).handle(line)


def cited_ids(reply: str) -> list[str]:
    return re.findall(r"(?m)^\[\d+\] .* — (\S+)$", reply)


def answer_part(reply: str) -> str:
    """The quoted sentences: the reply above its numbered sources."""
    return reply.split("\n[1] ", 1)[0].strip()


def by_id(documents: list[Document]) -> dict[str, Document]:
    return {d.id: d for d in documents}


# --- the transcript ---------------------------------------------------------------------------


def test_welcome_says_how_many_articles(transcript: Transcript) -> None:
    assert "5 articles" in transcript["welcome"] and "/help" in transcript["welcome"]


def test_answer_quotes_the_article_and_cites_it(
    transcript: Transcript, documents: list[Document]
) -> None:
    reply = transcript["ask"]
    doc = by_id(documents)[ENVOY_DOC]
    assert answer_part(reply) == ENVOY_SENTENCE and ENVOY_SENTENCE in doc.text
    assert cited_ids(reply) == [ENVOY_DOC]
    assert f"[1] {doc.title} — {ENVOY_DOC}" in reply


def test_why_shows_the_terms_and_the_sentences_considered(transcript: Transcript) -> None:
    why = transcript["why"]
    [terms] = re.findall(r"(?m)^Terms: (.*)$", why)
    assert {"special", "envoy"} <= set(terms.split(", "))
    # the chosen sentence is among the candidates, with the question words it matched
    [matched] = re.findall(r"\[([^\]]*)\]\s+" + re.escape(ENVOY_SENTENCE[:40]), why)
    assert {"special", "envoy"} <= set(matched.split())
    assert ENVOY_DOC in why.split("Verdict:", 1)[1]
    assert "From the conversation" not in why  # a first question has no context


def test_sources_lists_every_article_by_number(
    transcript: Transcript, documents: list[Document]
) -> None:
    lines = transcript["sources"].splitlines()
    assert len(lines) == len(documents)
    for number, (line, doc) in enumerate(zip(lines, documents, strict=True), start=1):
        assert line.startswith(f"{number}. {doc.title}") and line.endswith(doc.id)


def test_source_shows_the_whole_article(transcript: Transcript, documents: list[Document]) -> None:
    reply = transcript["source"]
    first = documents[0]
    assert reply.startswith(first.title) and first.id in reply.splitlines()[0]
    assert first.text in reply


def test_follow_up_is_about_the_person_of_the_last_answer(
    transcript: Transcript, documents: list[Document]
) -> None:
    reply = transcript["follow_up"]
    answer = answer_part(reply)
    assert "Bono" in answer and "not considering imposing sanctions" in answer
    assert cited_ids(reply) == [ENVOY_DOC] and answer in by_id(documents)[ENVOY_DOC].text
    context = re.findall(r"(?m)^From the conversation: (.*)$", transcript["why_follow_up"])
    assert context and "envoy" in context[0].split(", ")


def test_more_gives_another_quoted_answer(
    transcript: Transcript, documents: list[Document]
) -> None:
    reply = transcript["more"]
    answer = answer_part(reply)
    assert answer != answer_part(transcript["follow_up"])
    assert "sanctions" in answer  # still an answer to the follow-up question
    [doc_id, *_] = cited_ids(reply)
    assert answer in by_id(documents)[doc_id].text


def test_reset_forgets_the_conversation(
    transcript: Transcript, bot: QABot, renderer: Renderer
) -> None:
    assert "cleared" in transcript["reset"]
    again = transcript["follow_up_again"]
    # the same words now get the answer of a first question, not the one about Bono
    assert again == fresh_reply(bot, renderer, FOLLOW_UP)
    assert answer_part(again) != answer_part(transcript["follow_up"])
    assert "From the conversation" not in transcript["why_again"]


def test_help_lists_every_command(transcript: Transcript) -> None:
    help_text = transcript["help"]
    for command in ("/help", "/sources", "/source N", "/why", "/more", "/reset", "/quit"):
        assert command in help_text


def test_unknown_command_is_named_and_points_to_help(transcript: Transcript) -> None:
    reply = transcript["unknown"]
    assert "/frobnicate" in reply and "/help" in reply


def test_empty_lines_are_read_and_answer_nothing(transcript: Transcript) -> None:
    assert {"empty", "blank"} <= set(transcript.read)
    assert "empty" not in transcript.written and "blank" not in transcript.written


def test_quit_ends_the_loop(transcript: Transcript) -> None:
    assert transcript.code == 0
    assert transcript.read[-1] == "quit"  # the question after /quit is never read
    assert "quit" not in transcript.written and "after_quit" not in transcript.written


def test_every_typed_line_but_the_empty_ones_got_one_reply(transcript: Transcript) -> None:
    silent = {"empty", "blank", "quit", "after_quit"}
    expected = ["welcome"] + [step for step, _ in CONVERSATION if step not in silent]
    assert list(transcript.written) == expected
    assert all(len(replies) == 1 for replies in transcript.written.values())


# --- a fresh session ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/why", "Nothing to explain yet"),
        ("/more", "No other answer"),
        ("/source 0", "no article 0: choose a number from 1 to 5"),
        ("/source 6", "no article 6: choose a number from 1 to 5"),
        ("/source two", "no article two"),
        ("/source", "no article ?"),
        ("/SOURCES", "1. Aliyev Rejects U.S. Calls"),
        ("/Help", "/reset"),
        ("/source 5", "004_9b8e8430f85b65ce"),
        ("/reset", "cleared"),
    ],
)
def test_command_in_a_fresh_session(bot: QABot, renderer: Renderer, line: str, says: str) -> None:
    reply = fresh_reply(bot, renderer, line)
    assert reply is not None and says in reply


@pytest.mark.parametrize("line", ["/quit", "/exit", "/q", "/QUIT", "  /quit  "])
def test_quit_and_its_aliases_leave(bot: QABot, renderer: Renderer, line: str) -> None:
    assert fresh_reply(bot, renderer, line) is None


def test_more_runs_out_then_says_so(bot: QABot, renderer: Renderer) -> None:
    session = Session(bot, renderer, emphasis=NO_EMPHASIS)
    shown = [answer_part(session.handle(ENVOY_QUESTION) or "")]
    for _ in range(10):
        reply = session.handle("/more")
        assert reply is not None
        if "No other answer" in reply:
            break
        assert answer_part(reply) not in shown  # each /more is new
        shown.append(answer_part(reply))
    else:
        pytest.fail("/more never ran out")
    assert len(shown) >= 2


def test_end_of_input_ends_the_loop_like_quit(bot: QABot, renderer: Renderer) -> None:
    written: list[str] = []
    code = run(Session(bot, renderer, emphasis=NO_EMPHASIS), iter([ENVOY_QUESTION]), written.append)
    assert code == 0
    assert len(written) == 2 and ENVOY_SENTENCE in written[1]


# --- a bug while answering ---------------------------------------------------------------------


class _BrokenBot(QABot):
    """The real bot, except that answering a question fails the way a bug would."""

    def ask(self, question: str, conversation: object = None) -> Any:
        raise KeyError("bug")


def test_a_bug_answering_one_line_is_one_line_and_the_session_goes_on(
    documents: list[Document], renderer: Renderer
) -> None:
    broken = _BrokenBot.from_documents(documents)
    written: list[str] = []
    code = run(Session(broken, renderer), iter(["Who is Louis Bono?", "/sources", "/quit"]),
               written.append)
    assert code == 0
    _welcome, error, sources = written
    assert "internal error (KeyError)" in error and "Traceback" not in error
    assert documents[0].title in sources  # the next line is still answered


def test_debug_lets_a_bug_through(documents: list[Document], renderer: Renderer) -> None:
    broken = _BrokenBot.from_documents(documents)
    with pytest.raises(KeyError):
        run(Session(broken, renderer), iter(["Who is Louis Bono?"]), lambda _: None, debug=True)
