"""What a suite case checks of an answer (qabot.evaluate.check)."""

from __future__ import annotations

from pathlib import Path

from qabot.evaluate import Case, check, load_suite
from qabot.models import Answer, Citation, Quote

MAIN = "About 2,300 people were evacuated from Ostrel on Thursday."
ALSO = "Some 2,300 residents of Ostrel were evacuated before dawn."


def _answer(*citations: tuple[str, str]) -> Answer:
    return Answer(
        question="How many people left Ostrel?",
        quotes=(Quote("flood", 0, len(MAIN), MAIN),),
        short="About 2,300 people",
        abstained=False,
        citations=tuple(Citation(doc, doc.title(), None, quote) for doc, quote in citations),
    )


def test_a_corroborating_sources_quote_counts_for_the_later_strings() -> None:
    case = Case(q="How many people left Ostrel?", expect=("About 2,300 people", "Some 2,300 residents"),
                short="2,300", docs=("flood", "dam"))
    assert check(case, _answer(("flood", MAIN), ("dam", ALSO))) == ()
    # without that source's quote, its words are missing (and so is its citation)
    assert check(case, _answer(("flood", MAIN))) == (
        "missing 'Some 2,300 residents'", "citation missing ['dam']")


def test_the_first_string_must_be_in_the_answer_itself() -> None:
    # a source quoting the expected words does not make a wrong answer right
    case = Case(q="How many people left Ostrel?", expect=("before dawn",), docs=("flood",))
    assert check(case, _answer(("flood", MAIN), ("dam", ALSO))) == ("missing 'before dawn'",)


def test_one_expected_string_is_a_list_of_one(tmp_path: Path) -> None:
    # a suite writer's 'expect = "..."' must not become a list of its letters, which any
    # answer would contain
    suite = tmp_path / "suite.toml"
    suite.write_text('[[case]]\nq = "How many left?"\nexpect = "before dawn"\ndocs = "flood"\n',
                     encoding="utf-8")
    (case,) = load_suite(suite).cases
    assert case.expect == ("before dawn",)
    assert case.docs == ("flood",)
    assert check(case, _answer(("flood", MAIN))) == ("missing 'before dawn'",)
