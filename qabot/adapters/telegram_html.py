"""Splitting Telegram HTML into messages Telegram accepts (at most 4,096 characters each).

Pure functions, no python-telegram-bot import: the splitter is tested with hypothesis.
"""

from __future__ import annotations

import html
import re

MESSAGE_LIMIT = 4096

_TOKEN_RE = re.compile(r"<[^<>]*>|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);|.", re.S)
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_EMPTY_ELEMENT_RE = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?>(\s*)</\1>")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _tag_name(open_tag: str) -> str:
    m = _TAG_RE.match(open_tag)
    return m.group(2).lower() if m else ""


def _closing(stack: tuple[str, ...]) -> str:
    return "".join(f"</{_tag_name(t)}>" for t in reversed(stack))


def plain_text(text: str) -> str:
    """The visible text of well-formed Telegram HTML (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^<>]*>", "", text))


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split well-formed Telegram HTML into parts of at most ``limit`` UTF-16 code units.

    Parts end at line breaks where possible, else at a space, else between two characters; a
    cut never falls inside a tag or an entity. Tags open at a cut are closed at the end of the
    part and reopened (with their attributes) at the start of the next, so every part is
    well-formed on its own. The limit applies to the HTML source, which bounds the parsed text
    Telegram measures. Parts with no visible text are dropped. Raises ``ValueError`` when the
    markup is unbalanced or nests so deeply that no text fits between reopened and closed tags.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    while True:  # elements with nothing to show only cost room (and could not be split)
        text, count = _EMPTY_ELEMENT_RE.subn(r"\2", text)
        if not count:
            break
    tokens = _TOKEN_RE.findall(text)
    stacks = _stacks(tokens)  # stacks[k]: tags open before token k
    sizes = [utf16_len(t) for t in tokens]
    parts: list[str] = []
    start = 0
    while start < len(tokens):
        cut, resume = _cut(tokens, sizes, stacks, start, limit)
        part = "".join(stacks[start]) + "".join(tokens[start:cut]) + _closing(stacks[cut])
        if plain_text(part).strip():
            parts.append(part.strip())
        start = resume
    return parts


def _stacks(tokens: list[str]) -> list[tuple[str, ...]]:
    stacks: list[tuple[str, ...]] = []
    stack: tuple[str, ...] = ()
    for token in tokens:
        stacks.append(stack)
        m = _TAG_RE.match(token) if token.startswith("<") else None
        if m is None:
            continue
        if m.group(1):
            if not stack or _tag_name(stack[-1]) != m.group(2).lower():
                raise ValueError(f"unbalanced HTML: unexpected {token!r}")
            stack = stack[:-1]
        else:
            stack = (*stack, token)
    if stack:
        raise ValueError(f"unbalanced HTML: {stack[-1]!r} is never closed")
    stacks.append(stack)
    return stacks


def _cut(
    tokens: list[str],
    sizes: list[int],
    stacks: list[tuple[str, ...]],
    start: int,
    limit: int,
) -> tuple[int, int]:
    """(end of this part, start of the next) for the part beginning at token ``start``.

    A part ending before token ``k`` costs the reopened tags + tokens + the closing tags open at
    ``k``; that cost never decreases as ``k`` grows (a closing tag is as long as the closing it
    saves), so the longest part is found by walking forward until it no longer fits.
    """
    used = utf16_len("".join(stacks[start]))
    last_space = last_line = -1
    end = start
    while end < len(tokens):
        if used + sizes[end] + utf16_len(_closing(stacks[end + 1])) > limit:
            break
        used += sizes[end]
        end += 1
        following = tokens[end] if end < len(tokens) else ""
        if following == "\n":
            last_line = end
        elif following.isspace():
            last_space = end
    if end == len(tokens):
        return end, end
    if last_line > start:
        return last_line, last_line + 1
    if last_space > start:
        return last_space, last_space + 1
    if end > start:
        return end, end
    raise ValueError("markup nests too deeply (or a tag is too long) to split at this limit")
