"""The `qabot` command: the only place where configuration, corpus, index and adapters meet.

Every expected failure (missing corpus, broken config, missing token, bad option, empty
question) is one line on stderr and exit code 2; ``--debug`` shows the traceback as well.
Adapters are imported inside their subcommand, so `qabot ask` never loads Telegram.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

from qabot.config import Config, load_config
from qabot.errors import QabotError, internal_error

if TYPE_CHECKING:
    from qabot.render import Renderer
    from qabot.service import Conversation, QABot

EXIT_USAGE = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h): a bug, not the user's input


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, not argparse's usage block: errors must be easy to read in logs."""
        self.exit(EXIT_USAGE, f"qabot: error: {message} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--corpus", type=Path, default=argparse.SUPPRESS,
                        help="folder of .txt/.md articles or a .jsonl file (default: bundled seeds)")
    common.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                        help="TOML settings file (see config.example.toml)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks of errors")

    parser = _Parser(prog="qabot", parents=[common],
                     description="Answers questions with quoted, cited sentences from articles.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("repl", parents=[common], help="interactive questions (the default)")
    ask = sub.add_parser("ask", parents=[common], help="answer one question, or JSON lines on stdin")
    ask.add_argument("question", nargs="?", help="the question (omit with --json to read stdin)")
    ask.add_argument("--json", action="store_true", help="JSON output")
    sub.add_parser("telegram", parents=[common], help="run the Telegram bot")
    ev = sub.add_parser("eval", parents=[common], help="run a scripted Q&A suite and report")
    ev.add_argument("suite", nargs="?", type=Path, help="a TOML suite (tests/regression/*.toml)")
    ev.add_argument("--squad", type=Path, help="a SQuAD-format JSON file instead of a suite")
    ev.add_argument("--json", action="store_true", help="JSON report")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    try:
        return _dispatch(args)
    except QabotError as exc:
        if debug:
            raise
        print(f"qabot: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug: one line that says so, not a traceback
        if debug:
            raise
        print(f"qabot: error: {internal_error(exc)}", file=sys.stderr)
        return EXIT_INTERNAL


def _dispatch(args: argparse.Namespace) -> int:
    config = load_config(getattr(args, "config", None))
    corpus: Path | None = getattr(args, "corpus", None)
    command = args.command or "repl"
    if command == "ask" and not args.json and not (args.question or "").strip():
        raise QabotError("empty question: qabot ask \"QUESTION\" (or --json to read stdin)")
    if command == "telegram":
        return _telegram(config, corpus)
    if command == "eval":
        from qabot.evaluate import main as eval_main

        return eval_main(args.suite, squad=args.squad, config=config, corpus=corpus,
                         as_json=args.json)

    from qabot.render import Renderer
    from qabot.service import QABot

    bot = QABot.from_config(config, corpus_path=corpus)
    renderer = Renderer()
    if command == "ask":
        if args.json:
            if args.question is None:
                _lenient_stdin()
                return _batch(bot, sys.stdin, sys.stdout)
            return _ask_json(bot, args.question)
        return _ask_text(bot, renderer, args.question)
    from qabot.adapters import repl

    _lenient_stdin()
    return repl.main(bot, renderer, history=_history_file(), debug=bool(getattr(args, "debug", False)))


def _lenient_stdin() -> None:
    """Bytes on stdin that are not UTF-8 read as U+FFFD: a bad line, not a UnicodeDecodeError."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def _ask_text(bot: QABot, renderer: Renderer, question: str) -> int:
    from qabot.adapters.repl import ANSI_BOLD, PLAIN_EMPHASIS, render_answer

    answer, _ = bot.ask(question)
    emphasis = ANSI_BOLD if sys.stdout.isatty() else PLAIN_EMPHASIS
    print(render_answer(renderer, answer, emphasis))
    return 0


def _ask_json(bot: QABot, question: str) -> int:
    if not question.strip():
        raise QabotError("empty question")
    answer, _ = bot.ask(question)
    print(json.dumps(answer.to_json(), ensure_ascii=False))
    return 0


def batch_reply(bot: QABot, line: str, chats: dict[str, Conversation]) -> dict[str, object]:
    """One JSON Lines request to one reply object; bad requests get {"error": ...}."""
    try:
        request = json.loads(line)
    except ValueError:
        return {"error": "not JSON: expected an object like {\"q\": \"question\", \"chat\": \"id\"}"}
    if not isinstance(request, dict) or not isinstance(request.get("q"), str):
        return {"error": "expected an object with a string field \"q\""}
    chat = request.get("chat")
    if chat is not None and not isinstance(chat, str | int):
        return {"error": "\"chat\" must be a string"}
    if not request["q"].strip():
        return {"error": "empty question"}
    key = None if chat is None else str(chat)
    conversation = chats.get(key) if key is not None else None
    try:
        answer, conversation = bot.ask(request["q"], conversation)
    except Exception as exc:  # (one bad question must not end the batch)
        return {"error": internal_error(exc)}
    if key is not None:
        chats[key] = conversation
    return answer.to_json()


def _batch(bot: QABot, lines: Iterable[str], out: IO[str]) -> int:
    chats: dict[str, Conversation] = {}
    for line in lines:
        reply = batch_reply(bot, line, chats)
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()
    return 0


def _telegram(config: Config, corpus: Path | None) -> int:
    import logging

    from qabot.adapters import telegram
    from qabot.render import Renderer
    from qabot.service import QABot

    logging.basicConfig(level=config.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    telegram.require_token(config.telegram)
    bot = QABot.from_config(config, corpus_path=corpus)
    return telegram.run(bot, config.telegram, Renderer(),
                        reload=lambda: QABot.from_config(config, corpus_path=corpus))


def _history_file() -> Path | None:
    base = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    return Path(base) / "qabot" / "history" if base else None
