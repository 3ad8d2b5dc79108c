"""Plain, frozen records passed between the core modules.

Every quote the bot shows is ``Document.text[start:end]``: records carry offsets, never
re-typed text, so an answer can always be traced back to the corpus verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One cleaned article; ``text`` is what every offset points into."""

    id: str
    title: str
    text: str
    date: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """A window of consecutive sentences of one document (the unit BM25 ranks)."""

    id: int
    doc_id: str
    start: int
    end: int
    sentences: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    """Documents plus their passages; ``warnings`` lists files that were skipped or repaired."""

    documents: tuple[Document, ...]
    passages: tuple[Passage, ...]
    warnings: tuple[str, ...] = ()
    _by_id: dict[str, Document] = field(default_factory=dict, compare=False, repr=False)
    # (each document's sentences, gathered once: asked of every candidate sentence)
    _sentences: dict[str, tuple[tuple[int, int], ...]] = field(
        default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({d.id: d for d in self.documents})

    def document(self, doc_id: str) -> Document:
        return self._by_id[doc_id]

    def passage_text(self, passage: Passage) -> str:
        return self._by_id[passage.doc_id].text[passage.start : passage.end]

    def document_passages(self, passage_id: int) -> range:
        """Ids of all passages of the document ``passage_id`` belongs to (they are consecutive)."""
        passages = self.passages
        doc_id = passages[passage_id].doc_id
        first = stop = passage_id
        while first > 0 and passages[first - 1].doc_id == doc_id:
            first -= 1
        while stop < len(passages) and passages[stop].doc_id == doc_id:
            stop += 1
        return range(first, stop)

    def document_sentences(self, passage_id: int) -> tuple[tuple[int, int], ...]:
        """(start, end) of every sentence of that document, in order (passages may overlap)."""
        doc_id = self.passages[passage_id].doc_id
        found = self._sentences.get(doc_id)
        if found is None:
            found = self._sentences[doc_id] = tuple(sorted(
                {s for i in self.document_passages(passage_id) for s in self.passages[i].sentences}))
        return found


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved passage with its BM25 score."""

    passage: Passage
    score: float


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim sentence (or two adjacent ones) of a document, with the answering span."""

    doc_id: str
    start: int
    end: int
    text: str
    highlight: tuple[int, int] | None = None  # offsets relative to ``text``
    attribution: str | None = None  # who makes the claim, for contested answers


@dataclass(frozen=True, slots=True)
class Citation:
    doc_id: str
    title: str
    date: str | None
    quote: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence considered for the answer, with the evidence behind its score (for /why)."""

    doc_id: str
    start: int
    end: int
    text: str
    score: float
    bm25: float
    coverage: float
    type_match: bool
    matched: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why the last answer came out as it did: shown by /why."""

    query_terms: tuple[str, ...]
    expanded_terms: tuple[str, ...]
    kind: str
    expected: str | None
    passages: tuple[tuple[str, float, str], ...]  # (doc_id, score, passage text)
    candidates: tuple[Candidate, ...]
    verdict: str
    context_terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    quotes: tuple[Quote, ...]
    short: str | None
    abstained: bool
    citations: tuple[Citation, ...]
    elapsed_ms: float = 0.0
    contested: bool = False
    notice: str | None = None
    explanation: Explanation | None = None

    @property
    def text(self) -> str:
        return " ".join(q.text for q in self.quotes)

    def to_json(self) -> dict[str, Any]:
        """The public JSON contract of ``qabot ask --json``."""
        return {
            "question": self.question,
            "answer": self.text,
            "short": self.short,
            "abstained": self.abstained,
            "citations": [
                {"doc_id": c.doc_id, "title": c.title, "date": c.date, "quote": c.quote}
                for c in self.citations
            ],
            "elapsed_ms": round(self.elapsed_ms, 3),
        }
