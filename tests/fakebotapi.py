"""A fake Telegram Bot API: the real python-telegram-bot client talks to it, never to Telegram.

Two transports share one in-memory :class:`FakeTelegram`:

* :class:`FakeBotAPIServer`, an aiohttp server on 127.0.0.1 (random port) for end-to-end tests
  (``base_url=server.base_url``), with long polling that holds ``getUpdates`` until an update
  arrives or the timeout passes;
* :class:`OfflineRequest`, a ``telegram.request.BaseRequest`` that answers in-process and opens no
  socket, for handler tests (``ApplicationBuilder().request(OfflineRequest(fake))``).

It behaves like Telegram where it matters for the bot: ``parse_mode=HTML`` text is parsed with
Telegram's rules (:func:`parse_telegram_html`: allowed tags only, balanced, ``& < >`` escaped)
and refused with 400 "can't parse entities"; text over 4,096 characters after entity parsing is
refused with 400 "message is too long"; editing a message to identical content is refused with
"message is not modified"; a callback query can be answered once. Faults can be queued:
``fail_next(n, status=429)`` answers the next ``n`` requests with 429 and ``retry_after``,
``hang_next`` holds requests without processing them; ``inject_faults(rate)`` answers a random
share of requests with 429, 500 or a hung connection, for load runs. Everything sent is recorded
(with ``available_at``/``sent_at`` times for latency), and ``wait_for`` awaits a condition on the
recorded state without sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from telegram.request import BaseRequest, RequestData

TOKEN = "5555555555:AAF4k3-t0k3n_for_t3sts_0nly_xyzABCD123"
BOT_ID = 5555555555
BOT_USERNAME = "qabot_test_bot"
MAX_MESSAGE_LENGTH = 4096

JSONDict = dict[str, Any]

# ---------------------------------------------------------------------------------------------
# Telegram HTML


class HTMLError(ValueError):
    """Text that Telegram would refuse with "can't parse entities"."""


_SIMPLE_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler"}
_ALLOWED_TAGS = _SIMPLE_TAGS | {"a", "code", "pre", "span", "blockquote", "tg-emoji"}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^<>]*?)?)\s*>")
_ATTR_RE = re.compile(r"""([A-Za-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]+);")


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(body: str, offset: int) -> str:
    if body.startswith("#"):
        code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
        if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise HTMLError(f"Invalid HTML entity at byte offset {offset}")
        return chr(code)
    if body not in _NAMED_ENTITIES:
        raise HTMLError(f'Unsupported HTML entity "&{body};" at byte offset {offset}')
    return _NAMED_ENTITIES[body]


def _attributes(raw: str, offset: int) -> dict[str, str]:
    attrs: dict[str, str] = {}
    pos = 0
    raw = raw.strip()
    while pos < len(raw):
        m = _ATTR_RE.match(raw, pos)
        if not m:
            raise HTMLError(f"Can't parse attributes at byte offset {offset}")
        value = next((g for g in m.groups()[1:] if g is not None), "")
        attrs[m.group(1).lower()] = _unescape_attr(value, offset)
        pos = m.end()
        while pos < len(raw) and raw[pos].isspace():
            pos += 1
    return attrs


def _unescape_attr(value: str, offset: int) -> str:
    out: list[str] = []
    pos = 0
    for m in _ENTITY_RE.finditer(value):
        out.append(value[pos : m.start()])
        out.append(_decode_entity(m.group(1), offset))
        pos = m.end()
    rest = value[pos:]
    if "&" in rest:
        raise HTMLError(f"Unescaped '&' in attribute at byte offset {offset}")
    out.append(rest)
    return "".join(out)


def _check_start_tag(name: str, attrs: dict[str, str], stack: list[str], offset: int) -> None:
    if name not in _ALLOWED_TAGS:
        raise HTMLError(f'Unsupported start tag "{name}" at byte offset {offset}')
    if stack and stack[-1] in ("code", "pre") and not (stack[-1] == "pre" and name == "code"):
        raise HTMLError(f'Entities can\'t be nested in "{stack[-1]}" at byte offset {offset}')
    if name == "a" and "href" not in attrs:
        raise HTMLError(f'Tag "a" must have attribute href at byte offset {offset}')
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise HTMLError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    if name == "tg-emoji" and "emoji-id" not in attrs:
        raise HTMLError(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}')
    if name == "blockquote" and "blockquote" in stack:
        raise HTMLError(f"Blockquotes can't be nested at byte offset {offset}")


def parse_telegram_html(text: str) -> str:
    """The visible text of ``text`` as Telegram's HTML parse mode reads it, or :class:`HTMLError`.

    Stricter than Telegram in one way, on purpose: a bare ``>`` is refused as well as ``<`` and
    ``&``, so anything that passes here is escaped everywhere.
    """
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        offset = len(text[:pos].encode("utf-8"))
        if ch == "<":
            m = _TAG_RE.match(text, pos)
            if not m:
                raise HTMLError(f"Unsupported start tag at byte offset {offset}")
            closing, name, raw_attrs = m.group(1) == "/", m.group(2).lower(), m.group(3)
            if closing:
                if raw_attrs.strip():
                    raise HTMLError(f"Unexpected attributes in end tag at byte offset {offset}")
                if not stack:
                    raise HTMLError(f'Unexpected end tag "{name}" at byte offset {offset}')
                if stack[-1] != name:
                    raise HTMLError(
                        f'Unmatched end tag at byte offset {offset}, expected "</{stack[-1]}>", '
                        f'found "</{name}>"'
                    )
                stack.pop()
            else:
                _check_start_tag(name, _attributes(raw_attrs, offset), stack, offset)
                stack.append(name)
            pos = m.end()
        elif ch == "&":
            m = _ENTITY_RE.match(text, pos)
            if not m:
                raise HTMLError(f"Unescaped '&' at byte offset {offset}")
            out.append(_decode_entity(m.group(1), offset))
            pos = m.end()
        elif ch == ">":
            raise HTMLError(f"Unescaped '>' at byte offset {offset}")
        else:
            out.append(ch)
            pos += 1
    if stack:
        raise HTMLError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def visible_text(text: str, parse_mode: str | None) -> str:
    """What the user sees: HTML parsed (raising :class:`HTMLError`), or the text as it is."""
    if parse_mode is not None and parse_mode.upper() == "HTML":
        return parse_telegram_html(text)
    if parse_mode is not None:
        raise HTMLError(f"unsupported parse_mode {parse_mode!r} in this fake")
    return text


# ---------------------------------------------------------------------------------------------
# The in-memory Bot API


class APIError(Exception):
    def __init__(self, status: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass
class Fault:
    kind: str  # "status" | "hang"
    status: int = 429
    retry_after: int = 1
    seconds: float = 0.0
    methods: frozenset[str] | None = None

    def applies(self, method: str) -> bool:
        if self.methods is None:
            return method != "getUpdates"
        return method in self.methods


FAULT_KINDS = ("429", "500", "hang")


@dataclass
class FaultMix:
    """Faults for a share ``rate`` of the matching requests, their kinds taken in turn.

    Which requests fail: each with probability ``rate`` (seeded ``rng``), or, when ``periodic``,
    every ``round(1 / rate)``-th request of each method, so a run gets a known number of faults
    and every method its share. Unless ``repeat``, a request that failed once (same method and
    parameters: a retry) is not failed again, so each request gets through by its first retry;
    with ``repeat`` faults are independent, as on a bad network, and a request may exhaust the
    client's retries.
    """

    rate: float
    kinds: tuple[str, ...]
    methods: frozenset[str] | None
    rng: random.Random
    periodic: bool = False
    retry_after: int = 1
    hang_seconds: float = 30.0
    repeat: bool = False
    struck: set[str] = field(default_factory=set)
    matched: Counter[str] = field(default_factory=Counter)  # method -> requests seen
    failed: Counter[str] = field(default_factory=Counter)  # method -> requests failed

    def draw(self, method: str, params: JSONDict) -> Fault | None:
        if not Fault("status", methods=self.methods).applies(method):
            return None
        self.matched[method] += 1
        if self.periodic:
            hit = self.matched[method] % max(1, round(1 / self.rate)) == 0
        else:
            hit = self.rng.random() < self.rate
        if not hit:
            return None
        if not self.repeat:
            key = method + json.dumps(params, sort_keys=True, default=str)
            if key in self.struck:
                self.matched[method] -= 1  # the next request takes this turn
                return None
            self.struck.add(key)
        kind = self.kinds[self.failed[method] % len(self.kinds)]
        self.failed[method] += 1
        if kind == "hang":
            return Fault("hang", seconds=self.hang_seconds)
        return Fault("status", status=int(kind), retry_after=self.retry_after)


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup
    title: str | None = None
    first_name: str | None = None

    def to_dict(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "type": self.type}
        if self.title is not None:
            data["title"] = self.title
        if self.first_name is not None:
            data["first_name"] = self.first_name
        return data


def user(user_id: int, first_name: str = "Ann", username: str | None = None) -> JSONDict:
    data: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username:
        data["username"] = username
    return data


def private_chat(user_id: int, first_name: str = "Ann") -> Chat:
    return Chat(id=user_id, type="private", first_name=first_name)


def group_chat(chat_id: int, title: str = "Newsroom") -> Chat:
    return Chat(id=chat_id, type="supergroup", title=title)


_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}")


def text_entities(text: str) -> list[JSONDict]:
    """bot_command and mention entities as Telegram computes them (offsets in UTF-16 units)."""
    entities: list[JSONDict] = []
    m = _COMMAND_RE.match(text)
    if m:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(m.group())})
    for m in _MENTION_RE.finditer(text):
        entities.append(
            {
                "type": "mention",
                "offset": utf16_len(text[: m.start()]),
                "length": utf16_len(m.group()),
            }
        )
    return entities


def _open_query(open_ids: set[str], raw_id: object) -> str:
    """The id of a callback or inline query still waiting for its answer, as Telegram checks it."""
    query_id = str(raw_id)
    if query_id not in open_ids:
        raise APIError(
            400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
        )
    return query_id


@dataclass
class FakeTelegram:
    """The state and the methods of the fake Bot API, independent of the transport."""

    token: str = TOKEN
    bot_id: int = BOT_ID
    username: str = BOT_USERNAME
    requests: list[tuple[str, JSONDict]] = field(default_factory=list)
    sent: list[JSONDict] = field(default_factory=list)  # messages the bot sent, in order
    edits: list[JSONDict] = field(default_factory=list)  # messages after each successful edit
    refused: list[tuple[str, JSONDict, str]] = field(default_factory=list)  # (method, params, why)
    callback_answers: list[JSONDict] = field(default_factory=list)
    inline_answers: list[JSONDict] = field(default_factory=list)
    chat_actions: list[JSONDict] = field(default_factory=list)
    commands: dict[str, list[JSONDict]] = field(default_factory=dict)  # scope type -> commands
    webhook: JSONDict | None = None
    delivered: dict[int, int] = field(default_factory=dict)  # update id -> times returned
    # for latency: update id -> when it became available to getUpdates (time.monotonic()), and
    # (chat id, message id) of each message the bot sent -> when that sendMessage arrived
    available_at: dict[int, float] = field(default_factory=dict)
    sent_at: dict[tuple[int, int], float] = field(default_factory=dict)
    injected: Counter[str] = field(default_factory=Counter)  # fault kind -> times applied
    injected_into: Counter[str] = field(default_factory=Counter)  # method -> faults applied

    def __post_init__(self) -> None:
        self.chats: dict[int, Chat] = {}
        self.messages: dict[tuple[int, int], JSONDict] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._update_ids = itertools.count(1000)
        self._callback_ids = itertools.count(77000)
        self._inline_ids = itertools.count(88000)
        self._pending: list[JSONDict] = []
        self._open_callbacks: set[str] = set()
        self._open_inline: set[str] = set()
        self._faults: list[Fault] = []
        self._fault_mix: FaultMix | None = None
        self._changed: asyncio.Condition | None = None
        self._polls = 0
        self.waiting_polls = 0  # getUpdates requests being held open right now
        self.closing = False

    # ----- bot identity

    def me(self) -> JSONDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "QA Bot",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    # ----- waiting without sleeping

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    async def _notify(self) -> None:
        cond = self._condition()
        async with cond:
            cond.notify_all()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 20.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked after every change) and return it."""
        cond = self._condition()

        async def _wait() -> Any:
            async with cond:
                while True:
                    result = predicate()
                    if result:
                        return result
                    await cond.wait()

        return await asyncio.wait_for(_wait(), timeout)

    def sent_to(self, chat_id: int) -> list[JSONDict]:
        return [m for m in self.sent if m["chat"]["id"] == chat_id]

    async def wait_sent(
        self, chat_id: int, count: int = 1, timeout: float = 20.0
    ) -> list[JSONDict]:
        """The first ``count`` messages the bot sent to ``chat_id`` (waiting for them)."""
        msgs: list[JSONDict] = await self.wait_for(
            lambda: len(self.sent_to(chat_id)) >= count and self.sent_to(chat_id), timeout
        )
        return msgs[:count]

    # ----- faults

    def fail_next(
        self,
        count: int = 1,
        status: int = 429,
        retry_after: int = 1,
        methods: Iterable[str] | None = None,
    ) -> None:
        """Answer the next ``count`` matching requests with ``status`` (429 carries retry_after).

        ``methods`` defaults to every method but getUpdates.
        """
        ms = frozenset(methods) if methods is not None else None
        self._faults.extend(Fault("status", status, retry_after, methods=ms) for _ in range(count))

    def hang_next(
        self, count: int = 1, seconds: float = 30.0, methods: Iterable[str] | None = None
    ) -> None:
        """Hold the next ``count`` matching requests for ``seconds`` without processing them."""
        ms = frozenset(methods) if methods is not None else None
        self._faults.extend(Fault("hang", seconds=seconds, methods=ms) for _ in range(count))

    def inject_faults(
        self,
        rate: float,
        kinds: Iterable[str] = FAULT_KINDS,
        methods: Iterable[str] | None = None,
        *,
        periodic: bool = False,
        seed: int = 0,
        retry_after: int = 1,
        hang_seconds: float = 30.0,
        repeat: bool = False,
    ) -> None:
        """From now on, fail a share ``rate`` of the matching requests (0 turns it off).

        ``kinds`` are "429" (with ``retry_after``), "500" and "hang" (held ``hang_seconds``
        without being processed, then 504: set it above the client's read timeout), used in
        turn. ``methods`` defaults to every method but getUpdates. See :class:`FaultMix` for
        ``periodic`` and ``repeat``.
        """
        if rate <= 0:
            self._fault_mix = None
            return
        ms = frozenset(methods) if methods is not None else None
        chosen = tuple(kinds)
        if not chosen or set(chosen) - set(FAULT_KINDS):
            raise ValueError(f"fault kinds must be some of {FAULT_KINDS}, not {chosen}")
        self._fault_mix = FaultMix(
            min(rate, 1.0),
            chosen,
            ms,
            random.Random(seed),
            periodic=periodic,
            retry_after=retry_after,
            hang_seconds=hang_seconds,
            repeat=repeat,
        )

    def _take_fault(self, method: str, params: JSONDict) -> Fault | None:
        for i, fault in enumerate(self._faults):
            if fault.applies(method):
                return self._faults.pop(i)
        if self._fault_mix is not None:
            return self._fault_mix.draw(method, params)
        return None

    # ----- injecting updates

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def next_update_id(self) -> int:
        return next(self._update_ids)

    async def push_update(self, update: JSONDict) -> JSONDict:
        """Queue a raw update (its ``update_id`` is assigned here) for getUpdates."""
        update = {"update_id": next(self._update_ids), **update}
        self._pending.append(update)
        self.available_at[update["update_id"]] = time.monotonic()
        await self._notify()
        return update

    def make_message(
        self,
        chat: Chat,
        text: str,
        from_user: JSONDict | None = None,
        reply_to: JSONDict | None = None,
    ) -> JSONDict:
        """A user's text message as Telegram would deliver it (entities computed)."""
        self.chats[chat.id] = chat
        sender = from_user or user(chat.id if chat.type == "private" else 42)
        message: JSONDict = {
            "message_id": self._next_message_id(chat.id),
            "date": int(time.time()),
            "chat": chat.to_dict(),
            "from": sender,
            "text": text,
        }
        entities = text_entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self.messages[(chat.id, message["message_id"])] = message
        return message

    async def send_text(
        self,
        chat: Chat,
        text: str,
        from_user: JSONDict | None = None,
        reply_to: JSONDict | None = None,
    ) -> JSONDict:
        """A user sends ``text`` in ``chat``; returns the update."""
        message = self.make_message(chat, text, from_user, reply_to)
        return await self.push_update({"message": message})

    def callback_update(self, message: JSONDict, data: str, from_user: JSONDict) -> JSONDict:
        query_id = str(next(self._callback_ids))
        self._open_callbacks.add(query_id)
        current = self.messages.get((message["chat"]["id"], message["message_id"]), message)
        return {
            "callback_query": {
                "id": query_id,
                "from": from_user,
                "message": current,
                "chat_instance": f"ci{message['chat']['id']}",
                "data": data,
            }
        }

    async def press(self, message: JSONDict, data: str, from_user: JSONDict | None = None) -> str:
        """A user presses a button carrying ``data`` under ``message``; returns the query id."""
        who = from_user or user(message["chat"]["id"] if message["chat"]["id"] > 0 else 42)
        update = self.callback_update(message, data, who)
        await self.push_update(update)
        return str(update["callback_query"]["id"])

    def inline_update(self, from_user: JSONDict, query: str) -> JSONDict:
        query_id = str(next(self._inline_ids))
        self._open_inline.add(query_id)
        return {
            "inline_query": {
                "id": query_id,
                "from": from_user,
                "query": query,
                "offset": "",
                "chat_type": "sender",
            }
        }

    async def inline_query(self, from_user: JSONDict, query: str) -> str:
        update = self.inline_update(from_user, query)
        await self.push_update(update)
        return str(update["inline_query"]["id"])

    def button_data(self, message: JSONDict) -> dict[str, str]:
        """Button text -> callback data of a message's inline keyboard (its current state)."""
        current = self.messages.get((message["chat"]["id"], message["message_id"]), message)
        markup = current.get("reply_markup") or {}
        return {
            b["text"]: b["callback_data"]
            for row in markup.get("inline_keyboard", [])
            for b in row
            if "callback_data" in b
        }

    def current(self, message: JSONDict) -> JSONDict:
        return self.messages[(message["chat"]["id"], message["message_id"])]

    # ----- dispatch

    async def call(self, method: str, params: JSONDict) -> tuple[int, JSONDict]:
        """Run one Bot API method: (HTTP status, response body)."""
        self.requests.append((method, params))
        fault = self._take_fault(method, params)
        if fault is not None:
            self.injected["hang" if fault.kind == "hang" else str(fault.status)] += 1
            self.injected_into[method] += 1
        if fault is not None and fault.kind == "hang":
            cond = self._condition()
            async with cond:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(cond.wait_for(lambda: self.closing), fault.seconds)
            return 504, {"ok": False, "error_code": 504, "description": "Gateway Timeout"}
        if fault is not None:
            body: JSONDict = {"ok": False, "error_code": fault.status}
            if fault.status == 429:
                body["description"] = f"Too Many Requests: retry after {fault.retry_after}"
                body["parameters"] = {"retry_after": fault.retry_after}
            else:
                body["description"] = "Internal Server Error"
            return fault.status, body
        handler = getattr(self, f"api_{method.lower()}", None)
        if handler is None:
            return 404, {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        try:
            result = await handler(params)
        except APIError as exc:
            self.refused.append((method, params, exc.description))
            await self._notify()
            err: JSONDict = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                err["parameters"] = exc.parameters
            return exc.status, err
        await self._notify()
        return 200, {"ok": True, "result": result}

    # ----- methods

    async def api_getme(self, params: JSONDict) -> JSONDict:
        return self.me()

    async def api_getupdates(self, params: JSONDict) -> list[JSONDict]:
        if self.webhook is not None:
            raise APIError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        self._polls += 1
        mine = self._polls
        if not self._pending and timeout > 0 and not self.closing:
            cond = self._condition()
            self.waiting_polls += 1
            try:
                await self._notify()
                async with cond:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(
                            cond.wait_for(
                                lambda: bool(self._pending) or self._polls != mine or self.closing
                            ),
                            min(timeout, 50),
                        )
            finally:
                self.waiting_polls -= 1
        if self._polls != mine:  # as Telegram does when a second poller appears
            raise APIError(
                409,
                "Conflict: terminated by other getUpdates request; make sure that only one "
                "bot instance is running",
            )
        batch = self._pending[:limit]
        for u in batch:
            self.delivered[u["update_id"]] = self.delivered.get(u["update_id"], 0) + 1
        return batch

    def _chat(self, chat_id: Any) -> Chat:
        try:
            return self.chats[int(chat_id)]
        except (KeyError, TypeError, ValueError):
            raise APIError(400, "Bad Request: chat not found") from None

    def _check_text(self, text: Any, parse_mode: str | None) -> None:
        if not isinstance(text, str) or not text.strip():
            raise APIError(400, "Bad Request: message text is empty")
        try:
            shown = visible_text(text, parse_mode)
        except HTMLError as exc:
            raise APIError(400, f"Bad Request: can't parse entities: {exc}") from None
        if not shown.strip():
            raise APIError(400, "Bad Request: message text is empty")
        if utf16_len(shown) > MAX_MESSAGE_LENGTH:
            raise APIError(400, "Bad Request: message is too long")

    @staticmethod
    def _markup(params: JSONDict) -> JSONDict | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if isinstance(markup, str):
            markup = json.loads(markup)
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                    raise APIError(400, "Bad Request: BUTTON_DATA_INVALID")
        return dict(markup)

    async def api_sendmessage(self, params: JSONDict) -> JSONDict:
        chat = self._chat(params.get("chat_id"))
        text = params.get("text")
        self._check_text(text, params.get("parse_mode"))
        message: JSONDict = {
            "message_id": self._next_message_id(chat.id),
            "date": int(time.time()),
            "chat": chat.to_dict(),
            "from": self.me(),
            "text": text,
            "parse_mode": params.get("parse_mode"),  # not in Telegram's reply; kept for tests
        }
        markup = self._markup(params)
        if markup:
            message["reply_markup"] = markup
        reply = params.get("reply_parameters")
        if isinstance(reply, str):
            reply = json.loads(reply)
        if reply:
            original = self.messages.get((chat.id, int(reply["message_id"])))
            if original is None and not reply.get("allow_sending_without_reply"):
                raise APIError(400, "Bad Request: message to be replied not found")
            if original is not None:
                message["reply_to_message"] = original
        self.messages[(chat.id, message["message_id"])] = message
        self.sent.append(message)
        self.sent_at[(chat.id, message["message_id"])] = time.monotonic()
        return message

    async def api_editmessagetext(self, params: JSONDict) -> JSONDict | bool:
        text = params.get("text")
        self._check_text(text, params.get("parse_mode"))
        if params.get("inline_message_id"):
            return True
        key = (int(params.get("chat_id") or 0), int(params.get("message_id") or 0))
        message = self.messages.get(key)
        if message is None or message["from"]["id"] != self.bot_id:
            raise APIError(400, "Bad Request: message to edit not found")
        markup = self._markup(params)
        if message["text"] == text and message.get("reply_markup") == markup:
            raise APIError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        edited = {**message, "text": text, "parse_mode": params.get("parse_mode")}
        edited["edit_date"] = int(time.time())
        edited.pop("reply_markup", None)
        if markup:
            edited["reply_markup"] = markup
        self.messages[key] = edited
        self.edits.append(edited)
        return edited

    async def api_answercallbackquery(self, params: JSONDict) -> bool:
        query_id = _open_query(self._open_callbacks, params.get("callback_query_id"))
        self._open_callbacks.discard(query_id)
        self.callback_answers.append(dict(params, callback_query_id=query_id))
        return True

    async def api_answerinlinequery(self, params: JSONDict) -> bool:
        query_id = _open_query(self._open_inline, params.get("inline_query_id"))
        results = params.get("results") or []
        if isinstance(results, str):
            results = json.loads(results)
        for result in results:
            content = result.get("input_message_content") or {}
            if "message_text" in content:
                self._check_text(content["message_text"], content.get("parse_mode"))
        self._open_inline.discard(query_id)
        self.inline_answers.append(dict(params, inline_query_id=query_id, results=results))
        return True

    async def api_sendchataction(self, params: JSONDict) -> bool:
        self._chat(params.get("chat_id"))
        self.chat_actions.append(params)
        return True

    async def api_setmycommands(self, params: JSONDict) -> bool:
        commands = params.get("commands") or []
        if isinstance(commands, str):
            commands = json.loads(commands)
        scope = params.get("scope") or {"type": "default"}
        if isinstance(scope, str):
            scope = json.loads(scope)
        for c in commands:
            if (
                not re.fullmatch(r"[a-z0-9_]{1,32}", c["command"])
                or not 1 <= len(c["description"]) <= 256
            ):
                raise APIError(400, "Bad Request: BOT_COMMAND_INVALID")
        key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        self.commands[key] = commands
        return True

    async def api_deletewebhook(self, params: JSONDict) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    async def api_setwebhook(self, params: JSONDict) -> bool:
        self.webhook = dict(params)
        return True

    async def api_getwebhookinfo(self, params: JSONDict) -> JSONDict:
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    async def api_close(self, params: JSONDict) -> bool:
        return True

    async def api_logout(self, params: JSONDict) -> bool:
        return True


# ---------------------------------------------------------------------------------------------
# Transports

_STRING_PARAMS = {
    "text",
    "parse_mode",
    "callback_query_id",
    "inline_query_id",
    "action",
    "url",
    "secret_token",
    "query",
    "next_offset",
    "inline_message_id",
    "language_code",
}


def decode_form(raw: Mapping[str, str]) -> JSONDict:
    """PTB posts every non-string parameter JSON-encoded in a form; decode them back."""
    params: JSONDict = {}
    for key, value in raw.items():
        if key in _STRING_PARAMS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


class FakeBotAPIServer:
    """``FakeTelegram`` over HTTP on 127.0.0.1; use as ``async with FakeBotAPIServer() as s``."""

    def __init__(self, api: FakeTelegram | None = None) -> None:
        self.api = api or FakeTelegram()
        self.port = 0
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.api.token:
            body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return web.json_response(body, status=401)
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = decode_form({k: str(v) for k, v in (await request.post()).items()})
        status, body = await self.api.call(request.match_info["method"], params)
        return web.json_response(body, status=status)

    async def start(self) -> None:
        self.api.closing = False
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.Server)
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self.api.closing = True  # release any long poll still held for a gone client
        await self.api._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPIServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


class NetworkCallError(AssertionError):
    """The offline request was asked for something other than the fake Bot API."""


class OfflineRequest(BaseRequest):
    """A request object that opens no socket: every call is answered by a :class:`FakeTelegram`.

    Like python-telegram-bot's own ``OfflineRequest``, anything that is not a Bot API call to the
    fake fails the test.
    """

    def __init__(self, api: FakeTelegram) -> None:
        self.api = api

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        prefix = f"{OFFLINE_BASE_URL}{self.api.token}/"
        if not url.startswith(prefix):
            raise NetworkCallError(f"offline test tried to reach {url.split('/bot')[0]}")
        params = dict(request_data.parameters) if request_data is not None else {}
        status, body = await self.api.call(url[len(prefix) :], params)
        return status, json.dumps(body).encode()


OFFLINE_BASE_URL = "http://offline.invalid/bot"
