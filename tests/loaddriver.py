"""Load and fault runs of the real bot against the fake Bot API server (shared driver).

Used by ``tests/test_telegram_load.py`` (small runs, with assertions) and by
``python -m benchmarks.load`` (larger runs, figures only). One run:

1. every simulated private chat gets a script of distinct questions drawn (seeded) from the
   standalone cases of ``tests/regression/seeds.toml``, answerable and unanswerable ones; the
   reply each question must get is computed first by asking the same core directly, in the
   same order, in the same conversation (the "oracle"), and rendered as the bot renders it;
2. the real Application (``build_application``, AIORateLimiter, long polling) serves a
   :class:`FakeBotAPIServer`; all questions are made available at once (or at ``rate`` a
   second), in a seeded shuffle that keeps each chat's own order; optionally the server fails
   a share of requests with 429, 500 or a hung connection;
3. when as many replies as questions arrived (or ``timeout`` passed), the run waits ``settle``
   seconds more for late duplicates, then matches each chat's replies to its questions.

A question is *answered* when its chat got its expected reply, *lost* when it did not,
*duplicated* for each extra copy; a reply that matches no question of its chat is *unexpected*
(an apology, a reply meant for another question), and a chat whose replies came in another
order than its questions is *out of order*. Latency is the time from an update being made
available by the server to the sendMessage carrying its reply reaching the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import random
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from conftest_telegram import seeds_qabot, served_app
from fakebotapi import Chat, FakeBotAPIServer, FakeTelegram, JSONDict, private_chat

from qabot.adapters.telegram_html import split_html
from qabot.adapters.telegram_replies import Replies, View, web_links
from qabot.config import TelegramConfig
from qabot.evaluate import Case, load_suite
from qabot.render import Renderer
from qabot.service import Conversation, QABot

SUITE = Path(__file__).resolve().parent / "regression" / "seeds.toml"
FIRST_CHAT_ID = 700_000
FAULT_METHODS = ("getUpdates", "sendMessage", "sendChatAction")
REPORT_ENV = "QABOT_LOAD_REPORT"


@dataclass(frozen=True, slots=True)
class LoadSpec:
    chats: int = 200
    questions: int = 5  # per chat, distinct
    fault_rate: float = 0.0  # share of getUpdates/sendMessage/sendChatAction requests failed
    fault_mode: str = "periodic"  # or "random" (see FaultMix)
    fault_repeats: bool = False  # True: a retried request may fail again (see FaultMix)
    rate: float = 0.0  # questions made available per second; 0: all at once
    seed: int = 20240501
    scripts: int = 50  # distinct question scripts, shared round-robin by the chats
    poll_timeout: int = 5  # long-polling wait (a hung getUpdates costs this + read_timeout)
    read_timeout: float = 2.0  # client read timeout: how long a hung request is waited for
    typing_delay: float = 0.5  # as in production
    settle: float = 1.0  # seconds to wait for late duplicates after the last reply
    timeout: float | None = None  # None: generous, from the size and the flood limit

    def __post_init__(self) -> None:
        if self.fault_mode not in ("periodic", "random"):
            raise ValueError("fault_mode must be 'periodic' or 'random'")
        if self.chats < 1 or self.questions < 1 or not 0 <= self.fault_rate <= 1:
            raise ValueError("at least one chat and one question; fault_rate between 0 and 1")

    def deadline(self) -> float:
        if self.timeout is not None:
            return self.timeout
        # the flood limit (30 messages/s) paces replies; faults and pacing add more
        total = self.chats * self.questions
        paced = total / self.rate if self.rate > 0 else 0.0
        return 60.0 + paced + total / 30 * (1 + 10 * self.fault_rate)


@dataclass(frozen=True, slots=True)
class ChatScript:
    chat: Chat
    questions: tuple[str, ...]
    expected: tuple[str, ...]  # the reply (Telegram HTML) each question must get, in order


@dataclass(slots=True)
class LoadReport:
    chats: int
    questions_per_chat: int
    fault_rate: float
    fault_mode: str
    sent: int = 0  # questions sent
    answered: int = 0
    lost: int = 0
    duplicated: int = 0
    unexpected: int = 0
    out_of_order: int = 0  # chats
    p50_ms: float = math.nan
    p99_ms: float = math.nan
    max_ms: float = math.nan
    wall_s: float = math.nan  # first question available -> last reply received
    replies_per_s: float = math.nan
    redelivered: int = 0  # updates getUpdates returned more than once
    send_requests: int = 0  # sendMessage requests, refused ones included
    chat_actions: int = 0  # "typing…" indicators sent
    faults: dict[str, int] = field(default_factory=dict)  # kind -> times injected
    faults_into: dict[str, int] = field(default_factory=dict)  # method -> times injected

    @property
    def ok(self) -> bool:
        """Every question answered exactly once, in order, and nothing else sent."""
        return (
            self.answered == self.sent
            and not (self.lost or self.duplicated or self.unexpected or self.out_of_order)
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return {k: _json_number(v) for k, v in data.items()}

    def summary(self, name: str = "load") -> str:
        faults = ", ".join(f"{n} x {k}" for k, n in sorted(self.faults.items())) or "none"
        if self.faults_into:
            into = ", ".join(f"{n} {m}" for m, n in sorted(self.faults_into.items()))
            faults += f"; into {into}"
        return (
            f"[{name}] {self.chats} chats x {self.questions_per_chat} questions, "
            f"fault rate {self.fault_rate:.0%} ({self.fault_mode}; injected: {faults})\n"
            f"  questions sent {self.sent}, answered {self.answered}, lost {self.lost}, "
            f"duplicated {self.duplicated}, unexpected replies {self.unexpected}, "
            f"chats out of order {self.out_of_order}\n"
            f"  reply latency p50 {self.p50_ms:.0f} ms, p99 {self.p99_ms:.0f} ms, "
            f"max {self.max_ms:.0f} ms; wall time {self.wall_s:.1f} s "
            f"({self.replies_per_s:.1f} replies/s)\n"
            f"  sendMessage requests {self.send_requests}, typing indicators "
            f"{self.chat_actions}, updates redelivered {self.redelivered}"
        )


@dataclass(slots=True)
class LoadRun:
    """A finished run: the figures, plus the scripts and the fake's records to look into."""

    spec: LoadSpec
    report: LoadReport
    scripts: list[ChatScript]
    api: FakeTelegram
    update_ids: dict[tuple[int, int], int]  # (chat id, question index) -> update id


def standalone_cases(suite: Path = SUITE) -> list[Case]:
    """The suite's standalone cases (no conversation, no documented miss)."""
    return [c for c in load_suite(suite).cases if c.chat is None and c.known_failure is None]


def question_pool(suite: Path = SUITE) -> list[str]:
    return [c.q for c in standalone_cases(suite)]


def plan_chats(bot: QABot, spec: LoadSpec, pool: Sequence[str] | None = None) -> list[ChatScript]:
    """One script per chat, with the replies the core gives to it (see the module docstring).

    Within a chat the expected replies are distinct, so each reply names its question.
    """
    pool = list(pool if pool is not None else question_pool())
    if spec.questions > len(pool):
        raise ValueError(f"at most {len(pool)} distinct questions per chat")
    rng = random.Random(spec.seed)
    replies = Replies(Renderer(), 0, web_links(bot))
    scripts: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    while len(scripts) < min(spec.scripts, spec.chats):
        questions = tuple(rng.sample(pool, spec.questions))
        expected = _oracle(bot, replies, questions)
        if len(set(expected)) == len(expected):
            scripts.append((questions, expected))
    return [
        ChatScript(private_chat(FIRST_CHAT_ID + i, f"User{i}"), *scripts[i % len(scripts)])
        for i in range(spec.chats)
    ]


def _oracle(bot: QABot, replies: Replies, questions: Sequence[str]) -> tuple[str, ...]:
    conversation = Conversation()
    expected = []
    for question in questions:
        answer, conversation = bot.ask(question, conversation)
        parts = split_html(replies.render_view(answer, View.ANSWER))
        if len(parts) != 1:
            raise ValueError(f"the reply to {question!r} does not fit one message")
        expected.append(parts[0])
    return tuple(expected)


def schedule(scripts: Sequence[ChatScript], seed: int) -> list[tuple[ChatScript, int]]:
    """All questions in a seeded shuffle that keeps each chat's own order."""
    slots = [s for s in scripts for _ in s.questions]
    random.Random(seed + 1).shuffle(slots)
    asked: dict[int, int] = {}
    order = []
    for script in slots:
        i = asked.get(script.chat.id, 0)
        asked[script.chat.id] = i + 1
        order.append((script, i))
    return order


async def run_load(spec: LoadSpec, bot: QABot | None = None) -> LoadRun:
    """Run one load (see the module docstring) and report it."""
    bot = bot or seeds_qabot()
    scripts = plan_chats(bot, spec)
    order = schedule(scripts, spec.seed)
    overrides: dict[str, Any] = {
        "poll_timeout": spec.poll_timeout,
        "read_timeout": spec.read_timeout,
        # the per-user question limit (20 a minute) is not what is measured here
        "rate_limit_questions": max(TelegramConfig().rate_limit_questions, spec.questions),
    }
    update_ids: dict[tuple[int, int], int] = {}
    async with FakeBotAPIServer() as server:
        api = server.api
        async with served_app(bot, server=server, typing_delay=spec.typing_delay, **overrides):
            if spec.fault_rate > 0:
                api.inject_faults(
                    spec.fault_rate,
                    methods=FAULT_METHODS,
                    periodic=spec.fault_mode == "periodic",
                    seed=spec.seed,
                    hang_seconds=spec.read_timeout + 5,
                    repeat=spec.fault_repeats,
                )
            started = time.monotonic()
            for n, (script, i) in enumerate(order):
                if spec.rate > 0:
                    await asyncio.sleep(max(0.0, started + n / spec.rate - time.monotonic()))
                update = await api.send_text(script.chat, script.questions[i])
                update_ids[(script.chat.id, i)] = update["update_id"]
            total = len(order)
            with contextlib.suppress(TimeoutError):  # what is missing is reported as lost
                await api.wait_for(lambda: len(api.sent) >= total, spec.deadline())
            await asyncio.sleep(spec.settle)
            api.inject_faults(0)  # a clean shutdown
    report = analyse(spec, scripts, api, update_ids, started)
    return LoadRun(spec, report, scripts, api, update_ids)


def analyse(
    spec: LoadSpec,
    scripts: Sequence[ChatScript],
    api: FakeTelegram,
    update_ids: dict[tuple[int, int], int],
    started: float,
) -> LoadReport:
    report = LoadReport(
        spec.chats,
        spec.questions,
        spec.fault_rate,
        spec.fault_mode,
        faults=dict(api.injected),
        faults_into=dict(api.injected_into),
    )
    by_chat: dict[int, list[JSONDict]] = {}
    for message in api.sent:
        by_chat.setdefault(message["chat"]["id"], []).append(message)
    latencies: list[float] = []
    for script in scripts:
        chat_id = script.chat.id
        index = {text: i for i, text in enumerate(script.expected)}
        counts = [0] * len(script.questions)
        seen_order: list[int] = []
        for message in by_chat.pop(chat_id, []):
            i = index.get(message["text"])
            if i is None:
                report.unexpected += 1
                continue
            counts[i] += 1
            if counts[i] == 1:
                seen_order.append(i)
                asked = api.available_at[update_ids[(chat_id, i)]]
                latencies.append(api.sent_at[(chat_id, message["message_id"])] - asked)
        report.sent += len(counts)
        report.answered += sum(1 for c in counts if c)
        report.lost += sum(1 for c in counts if not c)
        report.duplicated += sum(c - 1 for c in counts if c > 1)
        if seen_order != sorted(seen_order):
            report.out_of_order += 1
    report.unexpected += sum(len(ms) for ms in by_chat.values())  # chats no one asked from
    if latencies:
        latencies.sort()
        report.p50_ms = percentile(latencies, 50) * 1000
        report.p99_ms = percentile(latencies, 99) * 1000
        report.max_ms = latencies[-1] * 1000
    if api.sent_at:
        report.wall_s = max(api.sent_at.values()) - started
        report.replies_per_s = len(api.sent) / report.wall_s
    report.redelivered = sum(1 for n in api.delivered.values() if n > 1)
    report.send_requests = sum(1 for method, _ in api.requests if method == "sendMessage")
    report.chat_actions = len(api.chat_actions)
    return report


def _json_number(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 3)
    return value


def percentile(ordered: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending sequence."""
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def write_report(name: str, report: LoadReport, path: str | os.PathLike[str] | None = None) -> None:
    """Add ``report`` under ``name`` to the JSON object at ``path`` ($QABOT_LOAD_REPORT)."""
    target = path if path is not None else os.environ.get(REPORT_ENV)
    if not target:
        return
    file = Path(target)
    data: dict[str, Any] = {}
    if file.exists():
        try:
            loaded = json.loads(file.read_text(encoding="utf-8"))
        except ValueError:
            loaded = None
        if isinstance(loaded, dict):
            data = loaded
    data[name] = report.to_dict()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
