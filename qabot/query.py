"""The analysed question, and the analysis of sentences that every part of an answer reads.

A ``Query`` is worked out once per question; candidate sentences come back query after query,
so their terms (``word_terms``, ``word_set``, ``analysed``) are cached here, once, for
compose and its helpers. ``Scored`` is a candidate sentence with its evidence, ``Settings`` the
limits an answer keeps to.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from qabot.question import MONEY, Question

Terms = Callable[[str], list[str]]

_MONEY_RE = re.compile(MONEY, re.I)


@dataclass(frozen=True, slots=True)
class Query:
    """An analysed question: its terms, their weights, corpus spelling variants, context terms."""

    question: Question
    terms: tuple[str, ...]
    weights: dict[str, float]
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    context: tuple[str, ...] = ()  # carried over from the previous turn
    names: tuple[tuple[str, ...], ...] = ()  # per name in the question: the terms that match it
    in_documents: Mapping[str, frozenset[str]] = field(default_factory=dict)  # doc id -> terms
    places: Mapping[str, frozenset[str]] = field(default_factory=dict)  # country term -> group
    capitals: frozenset[str] = frozenset()  # the capital cities among them
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # term -> corpus terms
    antonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # "start" -> ("end",)
    # Worked out once per question, read for every candidate sentence:
    pairs: tuple[tuple[str, str], ...] = ()  # "haddock quota": a word and the one it qualifies
    attribute: tuple[str, ...] = ()  # the terms of Question.attribute
    acronyms: frozenset[str] = frozenset()  # the user's terms that are acronyms of the corpus
    money: re.Pattern[str] = _MONEY_RE  # an amount of money, in the corpus's currencies too
    related: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # "recruit" -> ("hire",)
    follows: str | None = None  # a follow-up's: the article the last answer came from
    forms: dict[str, tuple[str, ...]] = field(init=False)  # term -> its variants and synonyms
    known: frozenset[str] = field(init=False)  # every form of every term the user wrote
    every_form: frozenset[str] = field(init=False)  # ... and of the terms carried over
    countries: frozenset[frozenset[str]] = field(init=False)  # the countries the user names

    def __post_init__(self) -> None:
        forms = {t: (*self.variants.get(t, ()), *self.synonyms.get(t, ()))
                 for t in (*self.terms, *self.context)}
        object.__setattr__(self, "forms", forms)
        # what the user has just said; words carried over from the last turn may be the
        # answer now ("Where did he go afterwards?" after a question naming both capitals)
        object.__setattr__(self, "known", frozenset(
            v for t in self.terms for v in (t, *forms[t])))
        object.__setattr__(self, "every_form", frozenset(
            v for t in self.all_terms for v in (t, *forms[t])))
        object.__setattr__(self, "countries", frozenset(
            self.places[v] for t in self.terms for v in (t, *forms[t]) if v in self.places))

    @property
    def all_terms(self) -> tuple[str, ...]:
        return self.terms + tuple(t for t in self.context if t not in self.terms)


BORROWED_CREDIT = 0.75  # a word of the sentence before, which a leading pronoun stands for
# (a word of the sentence before that counts as a word elsewhere in the article)
DOCUMENT_CREDIT = 0.5  # a word found elsewhere in the same article only
PLACE_CREDIT = 0.75  # another name of the same country
SYNONYM_CREDIT = 0.75  # a common synonym ("pressed" for "urged")
RELATED_CREDIT = 0.75  # a word used alike ("hire" for "recruit"), see wordnet.related_map


@dataclass(frozen=True, slots=True)
class Settings:
    max_sentences: int = 2
    max_chars: int = 450
    min_coverage: float = 0.5
    min_similarity: float = 0.45  # see compose.reads_like
    corroborate: float = 0.75  # share of the best coverage another document needs to be cited


def term_weight(df: int, n: int) -> float:
    """A positive idf: the rarer a term, the more a sentence must contain it to answer."""
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


@lru_cache(maxsize=16_384)
def word_terms(sentence: str, terms: Terms) -> tuple[tuple[int, str], ...]:
    """(offset, term) for each word of the sentence, for locating matches and spans.

    Cached: the same sentences come back query after query, and analysing them is most of
    the cost of an answer (the analyzer is keyed by identity, the bot keeps one)."""
    return tuple((m.start(), t) for m in WORD.finditer(sentence)
                 for t in analysed(m.group(), terms))


@lru_cache(maxsize=16_384)
def word_set(sentence: str, terms: Terms) -> frozenset[str]:
    """The set of a sentence's words (cached beside ``word_terms``), with the acronyms it
    spells out: "the Civil Aviation Directorate" says "CAD" (only the whole sentence shows it)."""
    return frozenset(t for _, t in word_terms(sentence, terms)).union(terms(sentence))


@lru_cache(maxsize=200_000)
def analysed(text: str, terms: Terms) -> tuple[str, ...]:
    """The terms of a word or short span, cached like :func:`word_terms`."""
    return tuple(terms(text))


@dataclass(slots=True)
class Scored:
    doc_id: str
    start: int
    end: int
    text: str
    bm25: float
    coverage: float
    matched: tuple[str, ...]
    spans: list[tuple[int, int]]
    score: float = 0.0
    terms: frozenset[str] = frozenset()
    similarity: float | None = None  # to the question, when compose.reads_like asked
    # a name of the question is in neither the sentence nor its article, or the attribute asked
    # for ("the annual turnover of X") is not in it nor the type asked for ("the maximum number"
    # is said by "80"): no paraphrase makes up for either
    lacks: bool = False


def repeats_question(span: str, known: frozenset[str], query: Query, terms: Terms) -> bool:
    """Whether the span only repeats the question: its words, or the name an acronym of the
    question spells out ("Who is in charge of the CAD?" is not answered by "the Civil Aviation
    Directorate (CAD)", which the analyser also reads as "cad")."""
    said = set(analysed(span, terms))
    return said <= known or bool(said & query.acronyms & known)


def forms_of(term: str, query: Query) -> tuple[str, ...]:
    """The corpus terms that stand for a question term: spelling variants, synonyms."""
    found = query.forms.get(term)
    if found is None:
        return (*query.variants.get(term, ()), *query.synonyms.get(term, ()))
    return found


def expand(terms: Sequence[str], query: Query) -> list[str]:
    """Terms with their corpus spelling variants and synonyms."""
    return [v for t in terms for v in (t, *forms_of(t, query))]


WORD = re.compile(r"\d[\d,.]*\d|[\w’'.-]+")  # "1,150" is one word
PRONOUN_START = re.compile(r"^\W*(?:He|She|They|It|His|Her|Their|Its|This|That|These|Those|Both|Each)\b")
MANY_MATCHED = 3  # question words in common: see compose._covers, corroborate.corroborating
