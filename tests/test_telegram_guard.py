"""Allow-list, question limit, button data, deep-link payloads and token redaction."""

from __future__ import annotations

import logging

import pytest
from fakebotapi import TOKEN
from hypothesis import given
from hypothesis import strategies as st

from qabot.adapters.telegram_guard import (
    Action,
    QuestionLimiter,
    Verdict,
    decode_button,
    encode_button,
    is_allowed,
    payload_question,
)
from qabot.adapters.telegram_log import REDACTED, install_redaction, redact


@pytest.mark.parametrize(
    ("chat_id", "user_id", "private", "allowed", "admins", "expected"),
    [
        (5, 5, True, (), (), True),  # empty list: everyone
        (5, 5, True, (5,), (), True),
        (6, 6, True, (5,), (), False),
        (-100, 5, False, (5,), (), False),  # a listed user in an unlisted group
        (-100, 6, False, (-100,), (), True),
        (None, 5, True, (5,), (), True),  # inline query: judged by the user
        (None, 6, True, (5,), (), False),
        (7, 7, True, (5,), (7,), True),  # admins in their private chat
        (-100, 7, False, (5,), (7,), False),  # ... but not in unlisted groups
    ],
)
def test_allow_list(
    chat_id: int | None,
    user_id: int,
    private: bool,
    allowed: tuple[int, ...],
    admins: tuple[int, ...],
    expected: bool,
) -> None:
    assert (
        is_allowed(
            chat_id,
            user_id,
            chat_is_private=private,
            allowed_chat_ids=allowed,
            admin_ids=admins,
        )
        is expected
    )


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_notifies_once_then_is_silent_until_the_window_passes() -> None:
    clock = Clock()
    limiter = QuestionLimiter(2, 60, clock)
    assert [limiter.check(1) for _ in range(2)] == [Verdict.ALLOW, Verdict.ALLOW]
    assert limiter.check(1) is Verdict.NOTIFY
    assert limiter.check(1) is Verdict.SILENT
    assert limiter.check(2) is Verdict.ALLOW  # per user
    assert limiter.retry_in(1) == pytest.approx(60)
    clock.now += 60
    assert limiter.check(1) is Verdict.ALLOW
    assert limiter.check(1) is Verdict.ALLOW
    assert limiter.check(1) is Verdict.NOTIFY  # told again in the new window


def test_limiter_disabled_and_memory_bounded() -> None:
    assert all(QuestionLimiter(0, 60).check(1) is Verdict.ALLOW for _ in range(100))
    clock = Clock()
    limiter = QuestionLimiter(1, 1, clock)
    for user in range(5000):
        limiter.check(user)
        clock.now += 0.01
    assert len(limiter._buckets) < 2048


@given(action=st.sampled_from(list(Action)), turn=st.integers(0, 10**12 - 1))
def test_button_data_round_trips_and_fits(action: Action, turn: int) -> None:
    data = encode_button(action, turn)
    assert len(data.encode()) <= 64
    assert decode_button(data) == (action, turn)


@given(data=st.one_of(st.none(), st.integers(), st.text(max_size=80), st.binary(max_size=20)))
def test_any_other_button_data_is_refused(data: object) -> None:
    decoded = decode_button(data)
    assert decoded is None or encode_button(*decoded) == data


def test_deep_link_payload() -> None:
    assert payload_question("Who_is_the_US_ambassador__to_the_OSCE") == (
        "Who is the US ambassador to the OSCE"
    )


def test_redaction_covers_message_args_exceptions_and_token_shapes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    install_redaction(TOKEN, "my-webhook-secret-123")
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("qabot.test")
    log.info("url https://api.telegram.org/bot%s/getMe", TOKEN)
    log.info("secret my-webhook-secret-123 and another bot123456:" + "A" * 35)
    try:
        raise RuntimeError(f"failed for {TOKEN}")
    except RuntimeError:
        log.exception("boom")
    logging.getLogger("httpx").info("HTTP Request: POST https://x/bot%s/getMe", TOKEN)
    secret = TOKEN.split(":")[1]
    assert secret not in caplog.text and "my-webhook-secret-123" not in caplog.text
    assert "A" * 35 not in caplog.text
    assert caplog.text.count(REDACTED) >= 4
    assert "HTTP Request" not in caplog.text  # httpx is quiet below WARNING
    assert redact("nothing secret here") == "nothing secret here"
