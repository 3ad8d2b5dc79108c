"""The terminal chat: a command/question loop with injectable input and output.

``Session.handle`` turns one line into one reply (pure apart from the conversation it keeps), so
tests read exact transcripts; ``run`` only adds line reading: prompt_toolkit with history when
stdin is a terminal, plain lines when it is piped.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from qabot.errors import internal_error
from qabot.models import Answer
from qabot.render import Renderer
from qabot.service import Conversation, QABot, printable

ANSI_BOLD = ("\x1b[1m", "\x1b[0m")
PLAIN_EMPHASIS = ("*", "*")


def render_answer(renderer: Renderer, answer: Answer, emphasis: tuple[str, str]) -> str:
    """The terminal text of an answer or abstention (shared by the REPL and `qabot ask`)."""
    name = "no_answer.txt.j2" if answer.abstained else "answer.txt.j2"
    return renderer.render(name, answer=answer, em_open=emphasis[0], em_close=emphasis[1])


class Session:
    """One terminal conversation: commands and questions in, rendered replies out."""

    def __init__(
        self, bot: QABot, renderer: Renderer, *, emphasis: tuple[str, str] = PLAIN_EMPHASIS
    ) -> None:
        self.bot = bot
        self.renderer = renderer
        self.emphasis = emphasis
        self.conversation = Conversation()

    def welcome(self) -> str:
        return self.renderer.render("welcome.txt.j2", count=len(self.bot.corpus.documents))

    def handle(self, line: str) -> str | None:
        """The reply to one input line; None means the user asked to leave."""
        line = printable(line)  # an escape sequence typed or pasted is not echoed raw
        if not line:
            return ""
        if line.startswith("/"):
            command, _, arg = line.partition(" ")
            return self._command(command.lower(), arg.strip())
        answer, self.conversation = self.bot.ask(line, self.conversation)
        return render_answer(self.renderer, answer, self.emphasis)

    def _command(self, command: str, arg: str) -> str | None:
        r = self.renderer.render
        docs = self.bot.corpus.documents
        if command in ("/quit", "/exit", "/q"):
            return None
        if command == "/help":
            return r("help.txt.j2")
        if command == "/sources":
            return r("sources.txt.j2", documents=docs)
        if command == "/source":
            number = int(arg) if arg.isdecimal() and arg.isascii() else 0
            if not 1 <= number <= len(docs):
                return r("bad_source.txt.j2", number=arg or "?", count=len(docs))
            return r("source.txt.j2", document=docs[number - 1])
        if command == "/reset":
            self.conversation = Conversation()
            return r("reset.txt.j2")
        if command == "/why":
            last = self.conversation.last_answer
            if last is None or last.explanation is None:
                return r("no_why.txt.j2")
            return r("why.txt.j2", explanation=last.explanation)
        if command == "/more":
            answer, self.conversation = self.bot.more(self.conversation)
            if answer is None:
                return r("no_more.txt.j2")
            return render_answer(self.renderer, answer, self.emphasis)
        return r("unknown_command.txt.j2", command=command)


def piped_lines(stream: TextIO) -> Iterator[str]:
    yield from (line.rstrip("\n") for line in stream)


def terminal_lines(history: Path | None) -> Iterator[str]:
    """Lines from prompt_toolkit: editing, history, Ctrl-D to leave, Ctrl-C to clear the line."""
    from prompt_toolkit import PromptSession  # imported only for an interactive terminal
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    hist: Any = InMemoryHistory()
    if history is not None:
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            hist = FileHistory(str(history))
        except OSError:
            pass
    session: PromptSession[str] = PromptSession(history=hist)
    while True:
        try:
            yield session.prompt("? ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            return


def run(
    session: Session,
    lines: Iterator[str],
    write: Callable[[str], None],
    *,
    debug: bool = False,
) -> int:
    """Feed lines to the session until /quit or the end of input.

    A bug met while answering one line is reported in one line and the conversation goes on:
    a traceback would end the user's session and say nothing they can act on (``debug``
    raises it instead)."""
    write(session.welcome())
    for line in lines:
        try:
            reply = session.handle(line)
        except Exception as exc:
            if debug:
                raise
            reply = session.renderer.render("error.txt.j2", message=internal_error(exc))
        if reply is None:
            break
        if reply:
            write(reply)
    return 0


def main(bot: QABot, renderer: Renderer, history: Path | None, *, debug: bool = False) -> int:
    """The REPL on the real terminal (or on piped stdin)."""
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    emphasis = ANSI_BOLD if sys.stdout.isatty() else PLAIN_EMPHASIS
    session = Session(bot, renderer, emphasis=emphasis)
    lines = terminal_lines(history) if interactive else piped_lines(sys.stdin)

    def write(text: str) -> None:
        print(text + "\n", flush=True)

    return run(session, lines, write, debug=debug)
