"""Handler tests: the real Application and the real core, with an offline request (no sockets).

Every reply passes through the fake Bot API's checks (Telegram HTML, 4,096 characters), so a
test that gets a reply also shows the reply was acceptable to Telegram.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest
from conftest_telegram import (
    DOCS,
    OSCE_DOC,
    OSCE_QUESTION,
    WEATHER_QUESTION,
    OfflineBot,
    ScriptedBot,
    cite,
    offline_app,
    quote,
    seeds_qabot,
)
from fakebotapi import (
    BOT_ID,
    BOT_USERNAME,
    TOKEN,
    group_chat,
    parse_telegram_html,
    private_chat,
    user,
)

from qabot.errors import CorpusError
from qabot.models import Answer, Document
from qabot.service import Conversation, QABot

ANN = private_chat(1001, "Ann")
GROUP = group_chat(-100200300)


async def say(bot: OfflineBot, chat: Any, text: str, **kw: Any) -> list[dict[str, Any]]:
    """Send ``text`` and return the messages the bot sent in reply."""
    before = len(bot.api.sent)
    await bot.feed({"message": bot.api.make_message(chat, text, **kw)})
    return bot.api.sent[before:]


def shown(message: dict[str, Any]) -> str:
    return parse_telegram_html(message["text"])


async def press(bot: OfflineBot, message: dict[str, Any], label: str) -> None:
    data = bot.api.button_data(message)[label]
    await bot.feed(bot.api.callback_update(message, data, user(message["chat"]["id"])))


# --- questions ------------------------------------------------------------------------------


async def test_answers_with_highlight_and_numbered_citation() -> None:
    async with offline_app() as bot:
        [reply] = await say(bot, ANN, OSCE_QUESTION)
        assert reply["parse_mode"] == "HTML"
        assert "Michael Carpenter" in shown(reply)
        assert "<b>" in reply["text"]  # the highlighted span
        answer = bot.chat_data(ANN.id)["conversation"].last_answer
        assert OSCE_DOC in [c.doc_id for c in answer.citations]
        assert "[1] " in shown(reply)
        assert set(bot.api.button_data(reply)) == {"Sources", "More", "Why"}


async def test_unanswerable_question_abstains() -> None:
    async with offline_app() as bot:
        [reply] = await say(bot, ANN, WEATHER_QUESTION)
        assert "The articles do not say" in shown(reply)
        assert bot.chat_data(ANN.id)["conversation"].last_answer.abstained
        assert set(bot.api.button_data(reply)) == {"Why"}


async def test_markup_in_user_text_is_escaped() -> None:
    nasty = "<b>weather</b> & <script>alert(1)</script> in Yerevan > Paris?"
    async with offline_app() as bot:
        [reply] = await say(bot, ANN, nasty)
        assert "&lt;script&gt;" in reply["text"]  # escaped in the HTML sent ...
        assert "<script>alert(1)</script>" in shown(reply)  # ... shown as typed
        assert not bot.api.refused


async def test_ten_thousand_character_message_is_cut_with_a_notice() -> None:
    question = ("Who is the U.S. ambassador to the OSCE? " * 300)[:10_000]
    async with offline_app() as bot:
        replies = await say(bot, ANN, question)
        assert replies and not bot.api.refused
        assert "cut to its first 1000 characters" in shown(replies[0])
        assert all(len(shown(m)) <= 4096 for m in replies)


async def test_follow_up_question_uses_the_conversation() -> None:
    async with offline_app() as bot:
        await say(bot, ANN, "Who is the U.S. ambassador in Yerevan?")
        [reply] = await say(bot, ANN, "Where did she visit?")
        conversation = bot.chat_data(ANN.id)["conversation"]
        assert len(conversation.turns) == 2
        explanation = conversation.last_answer.explanation
        assert explanation is not None and explanation.context_terms
        assert not bot.api.refused and shown(reply)


async def test_start_with_deep_link_payload_asks_it() -> None:
    async with offline_app() as bot:
        [reply] = await say(bot, ANN, "/start Who_is_the_US_ambassador_to_the_OSCE")
        assert "Michael Carpenter" in shown(reply)


async def test_start_without_payload_welcomes() -> None:
    async with offline_app() as bot:
        [reply] = await say(bot, ANN, "/start")
        assert "Hello Ann!" in shown(reply)
        assert "5 news articles" in shown(reply)


async def test_ask_without_question_explains_usage() -> None:
    async with offline_app() as bot:
        [reply] = await say(bot, ANN, "/ask")
        assert "Ask me a question" in shown(reply)


# --- commands -------------------------------------------------------------------------------


async def test_sources_lists_the_articles_and_source_shows_one() -> None:
    async with offline_app() as bot:
        [listing] = await say(bot, ANN, "/sources")
        assert "5 articles" in shown(listing)
        assert "5. Secretary of State Antony Blinken" in shown(listing)
        [article] = await say(bot, ANN, "/source 5")
        assert "Michael Carpenter" in shown(article)
        assert "/work" not in shown(article)  # the server's file path is not shown
        [missing] = await say(bot, ANN, "/source 99")
        assert "There is no article 99" in shown(missing)
        [usage] = await say(bot, ANN, "/source")
        assert "Which article?" in shown(usage)


async def test_long_article_is_split_into_valid_parts() -> None:
    text = "\n".join(f"Paragraph {i} says <this> & that about the corridor." * 8 for i in range(80))
    doc = Document(id="long", title="A long <article>", text=text)
    async with offline_app(QABot.from_documents([doc])) as bot:
        parts = await say(bot, ANN, "/source 1")
        assert len(parts) >= 3 and not bot.api.refused
        assert all(len(shown(p)) <= 4096 for p in parts)
        assert "more characters not shown" in shown(parts[-1])


async def test_why_and_reset() -> None:
    async with offline_app() as bot:
        [nothing] = await say(bot, ANN, "/why")
        assert "Nothing to explain yet" in shown(nothing)
        [answer] = await say(bot, ANN, OSCE_QUESTION)
        [why] = await say(bot, ANN, "/why")
        assert "Why this answer" in shown(why) and "Verdict" in shown(why)
        [reset] = await say(bot, ANN, "/reset")
        assert "Conversation cleared" in shown(reset)
        assert bot.chat_data(ANN.id)["conversation"] == Conversation()
        await press(bot, answer, "Why")  # buttons of forgotten answers expire
        assert bot.api.callback_answers[-1]["text"].startswith("This button has expired")


async def test_help_and_unknown_command() -> None:
    async with offline_app() as bot:
        [help_] = await say(bot, ANN, "/help")
        assert "/source N" in shown(help_) and "/reload" not in shown(help_)
        [unknown] = await say(bot, ANN, "/frobnicate now")
        assert "I don't know the command /frobnicate" in shown(unknown)


async def test_reload_is_for_admins_only() -> None:
    new_bot = QABot.from_documents([Document(id="x", title="Only one", text="Only one text.")])
    async with offline_app(reload=lambda: new_bot, admin_ids=(1001,)) as bot:
        [refused] = await say(bot, private_chat(2002), "/reload")
        assert "Only the bot's administrators" in shown(refused)
        [done] = await say(bot, ANN, "/reload")
        assert "Reloaded: 1 article now served" in shown(done)
        [listing] = await say(bot, ANN, "/sources")
        assert "Only one" in shown(listing)


async def test_failed_reload_keeps_the_old_corpus() -> None:
    def broken() -> QABot:
        raise CorpusError("no usable document in /data/news")

    async with offline_app(reload=broken, admin_ids=(1001,)) as bot:
        [failed] = await say(bot, ANN, "/reload")
        assert "Reload failed" in shown(failed) and "no usable document" in shown(failed)
        [reply] = await say(bot, ANN, OSCE_QUESTION)
        assert "Michael Carpenter" in shown(reply)


async def test_reload_unavailable_without_a_reload_callable() -> None:
    async with offline_app(admin_ids=(1001,)) as bot:
        [reply] = await say(bot, ANN, "/reload")
        assert "not available" in shown(reply)


# --- buttons --------------------------------------------------------------------------------


async def test_buttons_edit_the_message() -> None:
    async with offline_app(ScriptedBot()) as bot:
        [reply] = await say(bot, ANN, "Who spoke?")

        await press(bot, reply, "Sources")
        sources = bot.api.current(reply)
        assert "<blockquote>The ambassador, Carpenter, spoke.</blockquote>" in sources["text"]
        assert set(bot.api.button_data(reply)) == {"Answer", "More", "Why"}

        await press(bot, reply, "Why")
        assert "Nothing to explain" in shown(bot.api.current(reply))  # no explanation scripted

        await press(bot, reply, "Answer")
        assert shown(bot.api.current(reply)) == shown(reply)

        await press(bot, reply, "More")
        more = shown(bot.api.current(reply))
        assert more.startswith("Kvien visited the checkpoint.")
        assert len(bot.api.edits) == 4 and len(bot.api.sent) == 1  # edits, no new messages
        assert len(bot.api.callback_answers) == 4

        await press(bot, reply, "More")  # the script has no third answer
        assert bot.api.callback_answers[-1]["text"].startswith("No other answer")
        assert len(bot.api.edits) == 4


async def test_more_with_the_real_core_edits_or_says_there_is_no_more() -> None:
    async with offline_app() as bot:
        [reply] = await say(bot, ANN, OSCE_QUESTION)
        await press(bot, reply, "More")
        notice = bot.api.callback_answers[-1].get("text")
        assert bot.api.edits or (notice or "").startswith("No other answer")
        assert not bot.api.refused


async def test_old_answers_keep_working_buttons() -> None:
    async with offline_app(ScriptedBot()) as bot:
        [first] = await say(bot, ANN, "Who spoke?")
        await say(bot, ANN, "Who visited?")
        await press(bot, first, "More")  # More on the older answer: its own question
        assert shown(bot.api.current(first)).startswith("Kvien")
        conversation = bot.chat_data(ANN.id)["conversation"]
        assert conversation.last.question == "Who visited?"
        assert conversation.last_answer.short == "Carpenter"  # the latest turn is untouched


async def test_answer_layout_citations_links_and_also_reported_by() -> None:
    async with offline_app(ScriptedBot()) as bot:
        [reply] = await say(bot, ANN, "Who spoke?")
        assert reply["text"].startswith("<b>Carpenter</b> spoke in Vienna. [1]")
        assert '<a href="https://example.org/a?x=1&amp;y=2">' in reply["text"]
        assert "Ambassador &lt;speaks&gt; &amp; leaves" in reply["text"]
        text = shown(reply)
        assert "[1] Ambassador <speaks> & leaves, 2023-01-20" in text
        assert "Also reported by [2] Second report" in text


async def test_contested_answer_shows_each_side_with_attribution() -> None:
    contested = Answer(
        question="Who are the protesters?",
        quotes=(quote(DOCS[0], None, "Baku"), quote(DOCS[1], (4, 14), "Yerevan")),
        short=None,
        abstained=False,
        citations=(cite(DOCS[0]), cite(DOCS[1])),
        contested=True,
    )
    async with offline_app(ScriptedBot((contested,))) as bot:
        [reply] = await say(bot, ANN, "Who are the protesters?")
        text = shown(reply)
        assert "opposing claims" in text
        assert "• Baku: “Carpenter spoke in Vienna.” [1]" in text
        assert "• Yerevan: “The ambassador, Carpenter, spoke.” [2]" in text
        assert "Also reported by" not in text


async def test_same_button_twice_is_not_an_error(caplog: pytest.LogCaptureFixture) -> None:
    async with offline_app(ScriptedBot()) as bot:
        [reply] = await say(bot, ANN, OSCE_QUESTION)
        data = bot.api.button_data(reply)["Sources"]
        for _ in range(2):  # a double tap: the second edit is "message is not modified"
            await bot.feed(bot.api.callback_update(reply, data, user(ANN.id)))
        assert [r for r in bot.api.refused if "not modified" in r[2]]
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(bot.api.callback_answers) == 2


@pytest.mark.parametrize(
    "data", ["garbage", "q1:m:999", "q1:x:1", "q1:s:" + "9" * 40, "", "q1:s:-1"]
)
async def test_forged_or_stale_button_data_gets_a_notice_only(
    data: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with offline_app() as bot:
        [reply] = await say(bot, ANN, OSCE_QUESTION)
        await bot.feed(bot.api.callback_update(reply, data, user(ANN.id)))
        assert bot.api.callback_answers[-1]["text"].startswith("This button has expired")
        assert not bot.api.edits and len(bot.api.sent) == 1
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_valid_data_under_another_message_is_refused() -> None:
    async with offline_app() as bot:
        [first] = await say(bot, ANN, OSCE_QUESTION)
        [second] = await say(bot, ANN, WEATHER_QUESTION)
        data = bot.api.button_data(first)["Sources"]
        await bot.feed(bot.api.callback_update(second, data, user(ANN.id)))
        assert bot.api.callback_answers[-1]["text"].startswith("This button has expired")
        assert not bot.api.edits


# --- groups ---------------------------------------------------------------------------------


async def test_group_answers_only_when_addressed() -> None:
    member = user(42, "Bob")
    async with offline_app() as bot:
        assert await say(bot, GROUP, OSCE_QUESTION, from_user=member) == []
        [asked] = await say(bot, GROUP, f"/ask {OSCE_QUESTION}", from_user=member)
        assert "Michael Carpenter" in shown(asked)
        assert asked["reply_to_message"]["from"]["id"] == 42  # replies to the question
        [asked_at] = await say(bot, GROUP, f"/ask@{BOT_USERNAME} {OSCE_QUESTION}", from_user=member)
        assert "Michael Carpenter" in shown(asked_at)
        [mentioned] = await say(bot, GROUP, f"@{BOT_USERNAME} {OSCE_QUESTION}", from_user=member)
        assert "Michael Carpenter" in shown(mentioned)
        assert await say(bot, GROUP, f"@someone_else {OSCE_QUESTION}", from_user=member) == []
        [replied] = await say(bot, GROUP, "Where did she visit?", from_user=member, reply_to=asked)
        assert replied["reply_to_message"]["text"] == "Where did she visit?"
        other = bot.api.make_message(GROUP, "hello", user(43))
        assert await say(bot, GROUP, OSCE_QUESTION, from_user=member, reply_to=other) == []
        assert await say(bot, GROUP, "/frobnicate", from_user=member) == []


# --- allow-list, limits, inline -------------------------------------------------------------


async def test_chat_not_on_the_allow_list_gets_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    stranger = private_chat(3003)
    async with offline_app(allowed_chat_ids=(1001,)) as bot:
        [reply] = await say(bot, ANN, OSCE_QUESTION)
        assert await say(bot, stranger, OSCE_QUESTION) == []
        assert await say(bot, stranger, "/start") == []
        assert await say(bot, GROUP, f"/ask {OSCE_QUESTION}") == []
        forged = dict(reply, chat=stranger.to_dict())
        data = bot.api.button_data(reply)["Sources"]
        await bot.feed(bot.api.callback_update(forged, data, user(3003)))
        await bot.feed(bot.api.inline_update(user(3003), OSCE_QUESTION))
        methods = [m for m, _ in bot.api.requests]
        assert methods.count("sendMessage") == 1
        assert "answerCallbackQuery" not in methods and "answerInlineQuery" not in methods
        assert "not in telegram.allowed_chat_ids" in caplog.text


async def test_admin_may_use_the_bot_privately_even_if_not_listed() -> None:
    async with offline_app(allowed_chat_ids=(-1,), admin_ids=(1001,)) as bot:
        [reply] = await say(bot, ANN, OSCE_QUESTION)
        assert "Michael Carpenter" in shown(reply)


async def test_question_rate_limit_notice_once_then_silence() -> None:
    async with offline_app(rate_limit_questions=2, rate_limit_window=3600) as bot:
        assert len(await say(bot, ANN, OSCE_QUESTION)) == 1
        assert len(await say(bot, ANN, WEATHER_QUESTION)) == 1
        [notice] = await say(bot, ANN, OSCE_QUESTION)
        assert "faster than I can answer" in shown(notice)
        assert await say(bot, ANN, OSCE_QUESTION) == []
        assert len(await say(bot, private_chat(2002), OSCE_QUESTION)) == 1  # per user
        [help_] = await say(bot, ANN, "/help")  # commands that ask nothing still work
        assert "/sources" in shown(help_)


async def test_inline_query_answers_with_an_article() -> None:
    async with offline_app() as bot:
        await bot.feed(bot.api.inline_update(user(1001), OSCE_QUESTION))
        [answer] = bot.api.inline_answers
        [result] = answer["results"]
        content = result["input_message_content"]
        assert "Michael Carpenter" in parse_telegram_html(content["message_text"])
        await bot.feed(bot.api.inline_update(user(1001), "   "))
        assert bot.api.inline_answers[-1]["results"] == []


# --- typing, errors, secrets ----------------------------------------------------------------


class SlowBot:
    """The real core, slowed down: the answer takes longer than the typing delay."""

    def __init__(self, real: QABot, delay: float) -> None:
        self._real, self._delay = real, delay
        self.corpus = real.corpus

    def ask(self, question: str, conversation: Conversation | None = None) -> Any:
        time.sleep(self._delay)
        return self._real.ask(question, conversation)


class BrokenBot(SlowBot):
    def ask(self, question: str, conversation: Conversation | None = None) -> Any:
        raise RuntimeError(f"index exploded (token {TOKEN} should never be logged)")


async def test_typing_indicator_while_a_slow_answer_is_prepared() -> None:
    slow: Any = SlowBot(seeds_qabot(), 0.3)
    async with offline_app(slow, typing_delay=0.05) as bot:
        await say(bot, ANN, OSCE_QUESTION)
        methods = [m for m, _ in bot.api.requests]
        assert methods.index("sendChatAction") < methods.index("sendMessage")
        assert bot.api.chat_actions[0]["action"] == "typing"


async def test_fast_answer_sends_no_typing_indicator() -> None:
    async with offline_app() as bot:
        await say(bot, ANN, OSCE_QUESTION)
        assert not bot.api.chat_actions


async def test_error_is_logged_once_and_the_user_gets_an_apology(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken: Any = BrokenBot(seeds_qabot(), 0)
    async with offline_app(broken) as bot:
        [apology] = await say(bot, ANN, OSCE_QUESTION)
        assert "Sorry, something went wrong" in shown(apology)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "index exploded" in caplog.text


async def test_token_never_appears_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    broken: Any = BrokenBot(seeds_qabot(), 0)
    async with offline_app(broken) as bot:
        logging.getLogger("qabot.test").info("bot is %r", bot.app.bot)  # Bot repr holds it
        await say(bot, ANN, OSCE_QUESTION)
    async with offline_app() as bot:
        await say(bot, ANN, OSCE_QUESTION)
        await asyncio.sleep(0)
    assert "index exploded" in caplog.text and "<redacted>" in caplog.text
    secret = TOKEN.split(":")[1]
    assert secret not in caplog.text
    for record in caplog.records:
        assert secret not in record.getMessage()
        assert secret not in (record.exc_text or "")


async def test_a_redelivered_update_is_handled_once() -> None:
    async with offline_app() as bot:
        update = {"update_id": 4242, "message": bot.api.make_message(ANN, OSCE_QUESTION)}
        await bot.feed(update)
        await bot.feed(update)  # e.g. after a crash, or a webhook retry
        assert len(bot.api.sent) == 1


async def test_bot_identity_is_the_fake() -> None:
    async with offline_app() as bot:
        assert bot.app.bot.id == BOT_ID and bot.app.bot.username == BOT_USERNAME
