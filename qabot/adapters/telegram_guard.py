"""Who may use the bot and how often: allow-list, per-user question limit, button data.

Plain Python, no python-telegram-bot import, so each rule is tested on its own.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from enum import Enum


def is_allowed(
    chat_id: int | None,
    user_id: int | None,
    *,
    chat_is_private: bool,
    allowed_chat_ids: Collection[int],
    admin_ids: Collection[int] = (),
) -> bool:
    """Whether an update may be served.

    An empty allow-list lets everyone in. Otherwise the chat must be listed; updates without a
    chat (inline queries, presses under inline messages) are judged by the user's id, which is
    also the id of the user's private chat with the bot. Admins are always served in their own
    private chat, so an admin can always reach /reload.
    """
    if not allowed_chat_ids:
        return True
    if chat_id is not None and chat_id in allowed_chat_ids:
        return True
    if chat_id is None and user_id is not None and user_id in allowed_chat_ids:
        return True
    private = chat_is_private or chat_id is None
    return private and user_id is not None and user_id in admin_ids


class Verdict(Enum):
    ALLOW = "allow"
    NOTIFY = "notify"  # over the limit: tell the user once
    SILENT = "silent"  # over the limit and already told: ignore


@dataclass
class _Bucket:
    times: deque[float] = field(default_factory=deque)
    notified: bool = False


class QuestionLimiter:
    """At most ``limit`` questions per user in any sliding ``window`` seconds (0 disables).

    The first question over the limit gets :attr:`Verdict.NOTIFY` (one polite notice), later
    ones :attr:`Verdict.SILENT` until the oldest question leaves the window. Memory stays
    bounded: idle users are forgotten.
    """

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self._checks = 0

    def check(self, user_id: int) -> Verdict:
        if self.limit <= 0 or self.window <= 0:
            return Verdict.ALLOW
        now = self._clock()
        self._checks += 1
        if self._checks % 1024 == 0:
            self._forget_idle(now)
        bucket = self._buckets.setdefault(user_id, _Bucket())
        while bucket.times and bucket.times[0] <= now - self.window:
            bucket.times.popleft()
        if len(bucket.times) < self.limit:
            bucket.times.append(now)
            bucket.notified = False
            return Verdict.ALLOW
        if bucket.notified:
            return Verdict.SILENT
        bucket.notified = True
        return Verdict.NOTIFY

    def retry_in(self, user_id: int) -> float:
        """Seconds until ``user_id`` may ask again (0 when they may now)."""
        bucket = self._buckets.get(user_id)
        if bucket is None or len(bucket.times) < self.limit:
            return 0.0
        return max(0.0, bucket.times[0] + self.window - self._clock())

    def _forget_idle(self, now: float) -> None:
        idle = [
            u for u, b in self._buckets.items() if not b.times or b.times[-1] <= now - self.window
        ]
        for user_id in idle:
            del self._buckets[user_id]


# --- inline button data ---------------------------------------------------------------------


class Action(Enum):
    ANSWER = "a"
    SOURCES = "s"
    MORE = "m"
    WHY = "w"


_DATA_RE = re.compile(r"q1:([asmw]):(0|[1-9][0-9]{0,11})")


def encode_button(action: Action, turn: int) -> str:
    """Button data: version, action and the chat's turn number (a few bytes of the 64 allowed)."""
    return f"q1:{action.value}:{turn}"


def decode_button(data: object) -> tuple[Action, int] | None:
    """(action, turn) from button data, or None for anything this bot did not make."""
    if not isinstance(data, str):
        return None
    m = _DATA_RE.fullmatch(data)
    if m is None:
        return None
    return Action(m.group(1)), int(m.group(2))


# --- deep links -----------------------------------------------------------------------------


def payload_question(payload: str) -> str:
    """The question in a ``/start`` deep-link payload: underscores stand for spaces.

    Telegram allows only ``A-Z a-z 0-9 _ -`` (up to 64 characters) in a payload, so
    ``https://t.me/<bot>?start=Who_is_the_US_ambassador_to_the_OSCE`` asks that question.
    """
    return " ".join(payload.replace("_", " ").split())
