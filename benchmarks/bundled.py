"""Full-answer latency on the bundled seeds corpus, side by side with a plain baseline.

    python -m benchmarks.bundled [--rounds 5] [--suite tests/regression/seeds.toml]

Every question of the suite is asked ``rounds`` times in one process, by qabot (question
analysis, retrieval, sentence choice, spans, corroboration: ``QABot.ask``) and by the baseline
of ``qabot eval --squad`` (the top rank-bm25 sentence over all sentences, same analyzer, no
analysis). The first round is reported on its own ("cold": sentence analyses not yet cached),
the later rounds as the steady state. Medians and ratios are what to quote: machines are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.bench import machine
from qabot.corpus import load_documents
from qabot.resources import seeds_dir
from qabot.service import QABot
from qabot.squad import Baseline

ROOT = Path(__file__).resolve().parent.parent


def timed(fn: Callable[[str], object], questions: Sequence[str]) -> list[float]:
    """Milliseconds per call, in order."""
    out = []
    for q in questions:
        start = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - start) * 1000)
    return out


def p99(times: Sequence[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bundled", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--suite", type=Path, default=ROOT / "tests/regression/seeds.toml")
    args = parser.parse_args(argv)
    with args.suite.open("rb") as f:
        questions = [case["q"] for case in tomllib.load(f)["case"]]
    documents = load_documents(seeds_dir(), warn=lambda _: None)
    bot = QABot.from_documents(documents)
    baseline = Baseline(documents, bot.analyzer)

    def ask(q: str) -> object:
        return bot.ask(q)

    rows = []
    cold = {"qabot": timed(ask, questions), "baseline": timed(baseline, questions)}
    warm: dict[str, list[float]] = {"qabot": [], "baseline": []}
    for _ in range(max(0, args.rounds - 1)):  # interleaved, so both see the same machine noise
        warm["qabot"] += timed(ask, questions)
        warm["baseline"] += timed(baseline, questions)
    for label, runs in (("first round (cold)", cold), ("later rounds", warm)):
        if not runs["qabot"]:
            continue
        ours, base = statistics.median(runs["qabot"]), statistics.median(runs["baseline"])
        rows.append(f"| {label} | {len(runs['qabot'])} | {ours:.2f} | {p99(runs['qabot']):.2f} "
                    f"| {base:.2f} | {p99(runs['baseline']):.2f} | {ours / base:.1f}× |")
    print(f"Machine: {machine()}\n")
    print(f"Bundled corpus: {len(documents)} articles, {len(bot.corpus.passages)} passages; "
          f"{len(questions)} questions from {args.suite.name}, {args.rounds} rounds.\n")
    print("| rounds | questions | qabot answer p50 ms | p99 ms | baseline p50 ms | p99 ms "
          "| qabot / baseline p50 |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
