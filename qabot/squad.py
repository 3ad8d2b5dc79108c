"""`qabot eval --squad FILE`: qabot against a plain BM25 baseline on a SQuAD-format file.

Every paragraph of the file becomes one document ("<title-slug>-<i>"), every question is asked
once with a fresh conversation, and both systems are scored the same way:

* answer: the reply's text contains one of the gold answers (case-insensitive, whitespace
  normalised);
* citation: the first citation is the question's own paragraph;
* abstentions: on answerable questions they are wrong, on SQuAD v2 impossible ones right.

The baseline is the top sentence by ``rank_bm25.BM25Okapi`` over all sentences of all
paragraphs, with the bot's analyzer tokens and no question analysis; it abstains only when no
sentence shares a term with the question. Parsing and scoring are pure functions; reading the
file, running the systems and printing live in :func:`main`.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rank_bm25 import BM25Okapi

from qabot.config import Config
from qabot.corpus import split_passages
from qabot.errors import ConfigError
from qabot.models import Corpus, Document
from qabot.service import QABot
from qabot.text import Analyzer, split_sentences

# --- the file ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SquadQuestion:
    id: str
    question: str
    answers: tuple[str, ...]  # empty for impossible questions
    impossible: bool
    doc_id: str  # the paragraph the question was written for


@dataclass(frozen=True, slots=True)
class SquadSet:
    version: str
    articles: int
    documents: tuple[Document, ...]
    questions: tuple[SquadQuestion, ...]


class _Malformed(ValueError):
    """A structural problem; ``where`` is the JSON path, e.g. data[0].paragraphs[2]."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}: {what}")


def slug(title: str) -> str:
    """'Saltmere Lighthouse' -> 'saltmere-lighthouse' (ASCII, at most 60 characters)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-") or "article"


def parse_squad(data: Any, *, name: str = "SQuAD file") -> SquadSet:
    """The documents and questions of parsed SQuAD v1.1/v2.0 JSON; ConfigError if malformed."""
    try:
        return _parse(data, name)
    except _Malformed as exc:
        raise ConfigError(
            f"{name}: not a SQuAD v1.1/v2.0 file: {exc} "
            "(expected {\"data\": [{\"title\", \"paragraphs\": [{\"context\", \"qas\"}]}]})"
        ) from None


def _parse(data: Any, name: str) -> SquadSet:
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise _Malformed("top level", "no \"data\" list")
    documents: list[Document] = []
    questions: list[SquadQuestion] = []
    used: set[str] = set()
    for i, article in enumerate(data["data"]):
        where = f"data[{i}]"
        _require(isinstance(article, dict), where, "an article must be an object")
        title = article.get("title", f"Article {i + 1}")
        _require(isinstance(title, str), f"{where}.title", "must be a string")
        paragraphs = article.get("paragraphs")
        _require(isinstance(paragraphs, list), f"{where}.paragraphs", "must be a list")
        base = slug(title)
        n = 2
        while base in used:
            base, n = f"{slug(title)}-{n}", n + 1
        used.add(base)
        for j, paragraph in enumerate(paragraphs):
            pwhere = f"{where}.paragraphs[{j}]"
            _require(isinstance(paragraph, dict), pwhere, "a paragraph must be an object")
            context = paragraph.get("context")
            _require(isinstance(context, str) and bool(context.strip()), f"{pwhere}.context",
                     "must be a non-empty string")
            doc = Document(id=f"{base}-{j}", title=title, text=context,
                           source=f"{name}#{pwhere}")
            documents.append(doc)
            qas = paragraph.get("qas", [])
            _require(isinstance(qas, list), f"{pwhere}.qas", "must be a list")
            questions.extend(_question(qa, f"{pwhere}.qas[{k}]", doc.id)
                             for k, qa in enumerate(qas))
    _require(bool(questions), "data", "holds no questions")
    version = data.get("version")
    return SquadSet(str(version) if version is not None else "unknown", len(data["data"]),
                    tuple(documents), tuple(questions))


def _question(qa: Any, where: str, doc_id: str) -> SquadQuestion:
    _require(isinstance(qa, dict), where, "a question must be an object")
    question = qa.get("question")
    _require(isinstance(question, str) and bool(question.strip()), f"{where}.question",
             "must be a non-empty string")
    impossible = qa.get("is_impossible", False)
    _require(isinstance(impossible, bool), f"{where}.is_impossible", "must be true or false")
    answers = qa.get("answers", [])
    _require(isinstance(answers, list), f"{where}.answers", "must be a list")
    texts = []
    for m, answer in enumerate(answers):
        ok = isinstance(answer, dict) and isinstance(answer.get("text"), str)
        _require(ok, f"{where}.answers[{m}]", "must be an object with a \"text\" string")
        texts.append(answer["text"])
    _require(impossible or any(t.strip() for t in texts), f"{where}.answers",
             "no answer text, and the question is not marked is_impossible")
    return SquadQuestion(str(qa.get("id", where)), question, () if impossible else tuple(texts),
                         impossible, doc_id)


def _require(condition: bool, where: str, what: str) -> None:
    if not condition:
        raise _Malformed(where, what)


def read_squad(path: Path) -> SquadSet:
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(f"cannot read SQuAD file {path}: {reason}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, "
                          f"column {exc.colno}") from None
    return parse_squad(data, name=str(path))


# --- scoring (pure) ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prediction:
    """What one system replied to one question."""

    text: str  # the quoted answer, "" when it abstained
    doc_id: str | None  # the first citation
    abstained: bool
    ms: float = 0.0


def normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def contains_gold(text: str, answers: Sequence[str]) -> bool:
    reply = normalise(text)
    return any(gold and gold in reply for gold in map(normalise, answers))


@dataclass(frozen=True, slots=True)
class Scores:
    questions: int
    answerable: int
    impossible: int
    answer_hits: int  # answerable questions whose reply contains a gold answer
    citation_hits: int  # answerable questions whose first citation is the gold paragraph
    abstained: int
    wrong_abstentions: int  # abstained on an answerable question
    right_abstentions: int  # abstained on an impossible question
    median_ms: float

    @property
    def answer_share(self) -> float:
        return self.answer_hits / self.answerable if self.answerable else 0.0

    @property
    def citation_share(self) -> float:
        return self.citation_hits / self.answerable if self.answerable else 0.0

    def as_dict(self) -> dict[str, int | float]:
        out: dict[str, int | float] = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["median_ms"] = round(self.median_ms, 3)
        out["answer_share"] = round(self.answer_share, 4)
        out["citation_share"] = round(self.citation_share, 4)
        return out


def score(questions: Sequence[SquadQuestion], predictions: Sequence[Prediction]) -> Scores:
    if len(questions) != len(predictions):
        raise ValueError(f"{len(questions)} questions but {len(predictions)} predictions")
    pairs = list(zip(questions, predictions, strict=True))
    answerable = [(q, p) for q, p in pairs if not q.impossible]
    return Scores(
        questions=len(pairs),
        answerable=len(answerable),
        impossible=len(pairs) - len(answerable),
        answer_hits=sum(not p.abstained and contains_gold(p.text, q.answers)
                        for q, p in answerable),
        citation_hits=sum(not p.abstained and p.doc_id == q.doc_id for q, p in answerable),
        abstained=sum(p.abstained for p in predictions),
        wrong_abstentions=sum(p.abstained for _, p in answerable),
        right_abstentions=sum(p.abstained for q, p in pairs if q.impossible),
        median_ms=statistics.median(p.ms for p in predictions) if predictions else 0.0,
    )


# --- the two systems -----------------------------------------------------------------------

System = Callable[[str], Prediction]


class Baseline:
    """Top BM25Okapi sentence over every sentence of every document; no question analysis."""

    def __init__(self, documents: Sequence[Document], analyzer: Analyzer, *, k1: float = 1.5,
                 b: float = 0.75, epsilon: float = 0.25) -> None:
        self.analyzer = analyzer
        self.sentences = [(d, a, z) for d in documents for a, z in split_sentences(d.text)]
        tokens = [analyzer(d.text[a:z]) for d, a, z in self.sentences]
        self.postings: dict[str, list[int]] = {}
        for i, terms in enumerate(tokens):
            for t in dict.fromkeys(terms):
                self.postings.setdefault(t, []).append(i)
        # BM25Okapi cannot be built over a corpus without a single term.
        self.bm25: Any = BM25Okapi(tokens, k1=k1, b=b, epsilon=epsilon) if self.postings else None

    def __call__(self, question: str) -> Prediction:
        terms = self.analyzer(question)
        # Sentences sharing no term score 0, so scoring only the others picks the same argmax
        # as get_scores (first index on ties) without a Python loop over the whole corpus.
        candidates = sorted({i for t in terms for i in self.postings.get(t, ())})
        if self.bm25 is None or not candidates:
            return Prediction("", None, True)
        scores = self.bm25.get_batch_scores(terms, candidates)
        best = max(range(len(candidates)), key=lambda k: (scores[k], -k))
        if scores[best] <= 0:
            return Prediction("", None, True)
        doc, a, z = self.sentences[candidates[best]]
        return Prediction(doc.text[a:z], doc.id, False)


def qabot_system(bot: QABot) -> System:
    def ask(question: str) -> Prediction:
        answer, _ = bot.ask(question)  # no conversation: every question starts afresh
        first = answer.citations[0].doc_id if answer.citations else None
        return Prediction(answer.text, first, answer.abstained)

    return ask


def run(system: System, questions: Sequence[SquadQuestion]) -> list[Prediction]:
    predictions = []
    for q in questions:
        started = time.perf_counter()
        prediction = system(q.question)
        ms = (time.perf_counter() - started) * 1000
        predictions.append(replace(prediction, ms=ms))
    return predictions


@dataclass(frozen=True, slots=True)
class Report:
    file: str
    squad: SquadSet
    qabot: Scores
    baseline: Scores

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "version": self.squad.version,
            "articles": self.squad.articles,
            "paragraphs": len(self.squad.documents),
            "questions": len(self.squad.questions),
            "qabot": self.qabot.as_dict(),
            "baseline": self.baseline.as_dict(),
        }


def evaluate(squad: SquadSet, config: Config, *, file: str = "") -> Report:
    """Both systems over the same documents and questions, in one run (never cached)."""
    documents = squad.documents
    passages = split_passages(documents, window=config.corpus.window, stride=config.corpus.stride)
    bot = QABot.from_corpus(Corpus(documents, tuple(passages)), answer=config.answer,
                            index=replace(config.index, cache=False))
    baseline = Baseline(documents, bot.analyzer, k1=config.index.k1, b=config.index.b,
                        epsilon=config.index.epsilon)
    questions = squad.questions
    return Report(file, squad, score(questions, run(qabot_system(bot), questions)),
                  score(questions, run(baseline, questions)))


def main(path: Path, *, config: Config, as_json: bool) -> int:
    """`qabot eval --squad FILE`: prints the report; 0 unless the file is unusable."""
    report = evaluate(read_squad(path), config, file=str(path))
    if as_json:
        print(json.dumps(report.as_dict()))
    else:
        from qabot.render import Renderer

        sys.stdout.write(Renderer().render("squad.txt.j2", report=report) + "\n")
    return 0
