"""split_html and the Telegram templates: every part valid Telegram HTML and within 4,096."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest_telegram import DOCS
from fakebotapi import HTMLError, parse_telegram_html, utf16_len
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qabot.adapters.telegram_html import MESSAGE_LIMIT, plain_text, split_html
from qabot.adapters.telegram_replies import Replies, View
from qabot.models import Answer, Candidate, Citation, Explanation, Quote
from qabot.render import Renderer

# --- the fake's parser (it is what "valid" means in every other test) ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "<b>bold</b> &amp; &lt;tags&gt; &#39; &#x1F600; &quot;",
        '<a href="https://x.org/?a=1&amp;b=2">link</a>',
        '<pre><code class="language-python">x &lt; 1</code></pre>',
        '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
        "<blockquote expandable>q</blockquote>",
        "<B>upper</B>",
    ],
)
def test_parser_accepts_telegram_html(text: str) -> None:
    parse_telegram_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "<b>unclosed",
        "</b>",
        "<b><i>crossed</b></i>",
        "<script>x</script>",
        "<br>",
        "a < b",
        "a > b",
        "fish & chips",
        "&nbsp;",
        "<a>no href</a>",
        "<span>no class</span>",
        "<code><b>nested</b></code>",
        "<blockquote><blockquote>x</blockquote></blockquote>",
    ],
)
def test_parser_refuses_what_telegram_refuses(text: str) -> None:
    with pytest.raises(HTMLError):
        parse_telegram_html(text)


# --- split_html -----------------------------------------------------------------------------

_TAGS = ["b", "i", "u", "s", "tg-spoiler", '<a href="https://e.org/?q=1&amp;r=2">']
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60).map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
)


def _wrap(tag: str, inner: str) -> str:
    if tag.startswith("<a"):
        return f"{tag}{inner}</a>"
    return f"<{tag}>{inner}</{tag}>"


_html = st.recursive(
    _text,
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=6).map("".join),
        st.lists(children, min_size=1, max_size=6).map("\n".join),
        st.tuples(st.sampled_from(_TAGS), children).map(lambda p: _wrap(*p)),
        st.tuples(st.sampled_from(["code", "blockquote"]), _text).map(lambda p: _wrap(*p)),
    ),
    max_leaves=40,
)


def _deepest_markup(html: str) -> int:
    """The most room open tags take at any point: reopened at a part's start, closed at its end."""
    worst, stack = 0, []
    for m in re.finditer(r"<(/?)([a-z-]+)[^<>]*>", html):
        if m.group(1):
            stack.pop()
        else:
            stack.append(m.group(0))
            cost = sum(len(t) + len(t.split()[0].strip("<>")) + 3 for t in stack)
            worst = max(worst, cost)
    return worst


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=_html, limit=st.integers(min_value=60, max_value=400))
def test_split_parts_are_valid_short_and_lose_no_text(html: str, limit: int) -> None:
    parse_telegram_html(html)  # the generator makes valid input
    try:
        parts = split_html(html, limit)
    except ValueError:
        # allowed only when reopening + closing the open tags leaves almost no room
        assert _deepest_markup(html) + 8 > limit
        return
    for part in parts:
        assert utf16_len(part) <= limit
        assert parse_telegram_html(part).strip()
    # cuts drop only the whitespace they fall on
    assert _squash("".join(plain_text(p) for p in parts)) == _squash(plain_text(html))


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n<>&"), max_size=50),
        max_size=60,
    ),
    limit=st.integers(min_value=50, max_value=300),
)
def test_split_falls_on_line_boundaries_when_lines_fit(lines: list[str], limit: int) -> None:
    assume(all(utf16_len(line) <= limit for line in lines))
    text = "\n".join(lines)
    originals = {line.strip() for line in lines}
    for part in split_html(text, limit):
        assert all(line.strip() in originals for line in part.split("\n"))


def test_split_reopens_tags_with_their_attributes() -> None:
    html = '<a href="https://e.org/x">' + "word " * 40 + "</a>"
    parts = split_html(html, 80)
    assert len(parts) > 1
    assert all(p.startswith('<a href="https://e.org/x">') and p.endswith("</a>") for p in parts)


def test_split_counts_utf16_units() -> None:
    parts = split_html("😀" * 3000)  # 6,000 UTF-16 units
    assert [utf16_len(p) for p in parts] == [4096, 1904]


def test_split_drops_parts_without_visible_text() -> None:
    assert split_html("a\n\n\n\n<b> </b>\n\n", 3) == ["a"]
    assert split_html("") == []


@pytest.mark.parametrize("bad", ["<b>never closed", "</i>", "<b><i>x</b></i>"])
def test_split_refuses_unbalanced_markup(bad: str) -> None:
    with pytest.raises(ValueError):
        split_html(bad)


def test_split_refuses_markup_too_deep_for_the_limit() -> None:
    with pytest.raises(ValueError):
        split_html("<b><i><u>" + "x" * 50 + "</u></i></b>", 20)


# --- every template output is valid and fits -------------------------------------------------

_any_text = st.text(max_size=600)


@st.composite
def answers(draw: Any) -> Answer:
    n = draw(st.integers(min_value=0, max_value=4))
    quotes = []
    for i in range(n):
        text = draw(_any_text)
        a = draw(st.integers(min_value=0, max_value=len(text)))
        b = draw(st.integers(min_value=a, max_value=len(text)))
        quotes.append(
            Quote(
                DOCS[i % 3].id,
                0,
                len(text),
                text,
                draw(st.none() | st.just((a, b))),
                draw(st.none() | _any_text),
            )
        )
    citations = tuple(
        Citation(DOCS[i % 3].id, draw(_any_text), draw(st.none() | _any_text), draw(_any_text))
        for i in range(draw(st.integers(min_value=0, max_value=5)))
    )
    candidate = Candidate("a", 0, 1, draw(_any_text), 1.5, 2.0, 0.5, True, ("x<y",))
    explanation = Explanation(
        query_terms=tuple(draw(st.lists(_any_text, max_size=5))),
        expanded_terms=("&amp;",),
        kind=draw(_any_text),
        expected=draw(st.none() | _any_text),
        passages=tuple(("a", 1.0, draw(_any_text)) for _ in range(draw(st.integers(0, 8)))),
        candidates=(candidate,) * draw(st.integers(0, 8)),
        verdict=draw(_any_text),
        context_terms=("<he>",),
    )
    return Answer(
        question=draw(st.text(max_size=1000)),
        quotes=tuple(quotes),
        short=draw(st.none() | _any_text),
        abstained=draw(st.booleans()) or not quotes,
        citations=citations,
        contested=draw(st.booleans()),
        notice=draw(st.none() | _any_text),
        explanation=draw(st.none() | st.just(explanation)),
    )


@pytest.fixture(scope="module")
def replies() -> Replies:
    return Replies(Renderer(), max_retries=0, links={"a": "https://example.org/a?b=1&c=2"})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=answers(), view=st.sampled_from(list(View)))
def test_every_rendered_reply_is_valid_telegram_html(
    replies: Replies, answer: Answer, view: View
) -> None:
    text = replies.render_view(answer, view)
    parts = split_html(text)
    assert parts
    for part in parts:
        parse_telegram_html(part)
        assert utf16_len(part) <= MESSAGE_LIMIT
    markup = replies.keyboard(answer, 7, view)
    for row in markup.inline_keyboard:
        for button in row:
            assert len((button.callback_data or "").encode()) <= 64  # type: ignore[union-attr]
