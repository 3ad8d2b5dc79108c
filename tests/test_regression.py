"""Every case of every tests/regression/*.toml suite is one test (id: "<suite>:<n>:<question>").

Each suite runs once, in file order (follow-ups depend on the earlier turns of their chat), on a
bot built over the suite's own corpus without the index cache; the tests then read the outcomes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qabot.config import Config, IndexConfig
from qabot.evaluate import Outcome, load_suite, run_suite, totals
from qabot.service import QABot

SUITES = sorted((Path(__file__).parent / "regression").glob("*.toml"))


def _cases() -> list[object]:
    params = []
    for path in SUITES:
        for i, case in enumerate(load_suite(path).cases):
            marks = (
                [pytest.mark.xfail(reason=f"known failure: {case.known_failure}", strict=True)]
                if case.known_failure
                else []
            )
            params.append(pytest.param(path, i, id=f"{path.stem}:{i + 1}:{case.q}", marks=marks))
    return params


@pytest.fixture(scope="module")
def outcomes() -> Callable[[Path], list[Outcome]]:
    """Runs a suite the first time it is asked for; one QABot per suite, never cached on disk."""
    done: dict[Path, list[Outcome]] = {}
    config = Config(index=IndexConfig(cache=False))

    def run(path: Path) -> list[Outcome]:
        if path not in done:
            suite = load_suite(path)
            bot = QABot.from_config(config, corpus_path=suite.corpus)
            done[path] = run_suite(bot, suite)
        return done[path]

    return run


@pytest.mark.parametrize(("path", "index"), _cases())
def test_case(outcomes: Callable[[Path], list[Outcome]], path: Path, index: int) -> None:
    outcome = outcomes(path)[index]
    assert not outcome.problems, "; ".join(outcome.problems)


@pytest.mark.parametrize("path", SUITES, ids=[p.stem for p in SUITES])
def test_totals(outcomes: Callable[[Path], list[Outcome]], path: Path) -> None:
    """Every case passes except the documented known failures (which must still fail)."""
    results = outcomes(path)
    summary = totals(results)
    known = sum(o.case.known_failure is not None for o in results)
    assert summary.passed == summary.questions - known, summary.as_dict()
