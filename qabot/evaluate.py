"""Scripted Q&A suites: the regression test of answer quality, run by pytest and `qabot eval`.

A suite is a TOML file of ``[[case]]`` tables:

    q = "Who is the U.S. ambassador to the OSCE?"
    expect = ["Michael Carpenter"]       # every string must appear in the answer (any case); the
                                         # 2nd on may be in a source's quote (corroboration)
    short = "Michael Carpenter"          # optional: the highlighted span must contain it
    docs = ["004_9b8e8430f85b65ce"]      # every id must be cited; the first citation among them
    cite_any = ["001_…", "003_…"]        # the first citation must be one of these
    abstain = true                       # instead of expect/docs: the bot must say it cannot answer
    contested = true                     # optional: both sides of a disputed claim must be shown
    chat = "c1"                          # optional: cases sharing a chat form one conversation
    known_failure = "why"                # optional: a documented miss, expected to fail until fixed

A top-level ``corpus = "path"`` (relative to the suite file) names the corpus it is written for.
"""

from __future__ import annotations

import json
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qabot.config import Config
from qabot.errors import ConfigError
from qabot.models import Answer
from qabot.service import Conversation, QABot


@dataclass(frozen=True, slots=True)
class Case:
    q: str
    expect: tuple[str, ...] = ()
    short: str | None = None
    docs: tuple[str, ...] = ()
    cite_any: tuple[str, ...] = ()
    abstain: bool = False
    contested: bool | None = None
    chat: str | None = None
    known_failure: str | None = None  # a documented miss: the test expects it to fail (strict)


@dataclass(frozen=True, slots=True)
class Suite:
    path: Path
    cases: tuple[Case, ...]
    corpus: Path | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    answer: Answer
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def wrong_abstention(self) -> bool:
        return self.answer.abstained and not self.case.abstain

    @property
    def wrong_answer(self) -> bool:
        """Answered, but not what the suite expects (or should have abstained)."""
        return not self.answer.abstained and not self.ok

    @property
    def right_citation(self) -> bool:
        if self.case.abstain or self.answer.abstained:
            return False
        return "citation" not in " ".join(self.problems)


def load_suite(path: Path) -> Suite:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read suite {path}: {exc}") from None
    cases = []
    for i, raw in enumerate(data.get("case", []), 1):
        try:
            cases.append(_case(raw))
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: case {i}: {exc}") from None
    corpus = data.get("corpus")
    return Suite(path, tuple(cases), (path.parent / corpus).resolve() if corpus else None)


def _case(raw: dict[str, Any]) -> Case:
    allowed = set(Case.__dataclass_fields__)
    unknown = set(raw) - allowed
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    if not isinstance(raw.get("q"), str):
        raise ValueError("q (the question) is required")
    values = dict(raw)
    for key in ("expect", "docs", "cite_any"):
        if key in values:  # (one string is a list of one, not of its letters)
            value = values[key]
            values[key] = (value,) if isinstance(value, str) else tuple(value)
    case = Case(**values)
    if case.abstain == bool(case.expect or case.docs or case.cite_any):
        raise ValueError("give either abstain = true or expect with docs/cite_any")
    return case


def check(case: Case, answer: Answer) -> tuple[str, ...]:
    """What is wrong with ``answer`` for ``case`` (empty when right)."""
    if case.abstain:
        return () if answer.abstained else (f"should abstain, answered: {answer.text[:80]}",)
    if answer.abstained:
        return ("abstained",)
    problems = []
    # The first string must be in the answer's own quotes; the others may be in the quote of a
    # source that also reports it ("Some 2,300 residents ..." beside "About 2,300 people ...")
    text = answer.text.lower()
    sources = " ".join([answer.text, *(c.quote for c in answer.citations)]).lower()
    for i, s in enumerate(case.expect):
        if s.lower() not in (sources if i else text):
            problems.append(f"missing {s!r}")
    if case.short is not None and (answer.short is None or case.short.lower() not in answer.short.lower()):
        problems.append(f"short span {answer.short!r}, expected {case.short!r}")
    cited = [c.doc_id for c in answer.citations]
    if case.docs and cited and cited[0] not in case.docs:
        problems.append(f"first citation {cited[0]} not in {list(case.docs)}")
    if case.cite_any and (not cited or cited[0] not in case.cite_any):
        problems.append(f"first citation {cited[:1]} not in {list(case.cite_any)}")
    missing = [d for d in case.docs if d not in cited]
    if missing:
        problems.append(f"citation missing {missing}")
    if case.contested is not None and answer.contested != case.contested:
        problems.append(f"contested={answer.contested}, expected {case.contested}")
    return tuple(problems)


def run_suite(bot: QABot, suite: Suite) -> list[Outcome]:
    chats: dict[str, Conversation] = {}
    outcomes = []
    for case in suite.cases:
        conversation = chats.get(case.chat) if case.chat else None
        answer, conversation = bot.ask(case.q, conversation)
        if case.chat:
            chats[case.chat] = conversation
        outcomes.append(Outcome(case, answer, check(case, answer)))
    return outcomes


@dataclass(frozen=True, slots=True)
class Totals:
    questions: int
    passed: int
    answerable: int
    right_answers: int
    right_citations: int
    wrong_answers: int
    unanswerable: int
    right_abstentions: int
    wrong_abstentions: int

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def totals(outcomes: list[Outcome]) -> Totals:
    answerable = [o for o in outcomes if not o.case.abstain]
    unanswerable = [o for o in outcomes if o.case.abstain]
    return Totals(
        questions=len(outcomes),
        passed=sum(o.ok for o in outcomes),
        answerable=len(answerable),
        right_answers=sum(o.ok for o in answerable),
        right_citations=sum(o.right_citation for o in answerable),
        wrong_answers=sum(o.wrong_answer for o in outcomes),
        unanswerable=len(unanswerable),
        right_abstentions=sum(o.ok for o in unanswerable),
        wrong_abstentions=sum(o.wrong_abstention for o in outcomes),
    )


def main(
    suite_path: Path | None,
    *,
    squad: Path | None,
    config: Config,
    corpus: Path | None,
    as_json: bool,
) -> int:
    """`qabot eval`: 0 when every case passes, 1 otherwise."""
    if squad is not None:
        from qabot.squad import main as squad_main

        return squad_main(squad, config=config, as_json=as_json)
    if suite_path is None:
        raise ConfigError("give a suite file (qabot eval tests/regression/seeds.toml) or --squad FILE")
    from qabot.render import Renderer

    suite = load_suite(suite_path)
    bot = QABot.from_config(config, corpus_path=corpus or suite.corpus)
    outcomes = run_suite(bot, suite)
    summary = totals(outcomes)
    if as_json:
        print(json.dumps({"suite": str(suite_path), "totals": summary.as_dict(),
                          "failures": [{"q": o.case.q, "problems": o.problems}
                                       for o in outcomes if not o.ok]}))
    else:
        sys.stdout.write(Renderer().render("eval.txt.j2", outcomes=outcomes, totals=summary,
                                           suite=suite_path) + "\n")
    return 0 if summary.passed == summary.questions else 1
