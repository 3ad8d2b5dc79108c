"""QABot: the one entry point adapters call. ask(question, conversation) -> (Answer, Conversation).

Conversation memory is a small frozen value the caller keeps (the REPL in a dict, Telegram in
``chat_data``), so the bot itself holds no per-chat state and can be shared by concurrent chats.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from qabot.compose import Similar, compose
from qabot.config import AnswerConfig, Config, IndexConfig
from qabot.corpus import corpus_fingerprint, load_corpus, split_passages, warn_stderr
from qabot.errors import CorpusError
from qabot.index import BM25Index, default_cache_dir, load_or_build
from qabot.lexicon import Lexicon
from qabot.mismatch import qualified_pairs
from qabot.models import Answer, Corpus, Document, Hit
from qabot.places import capital_terms, cities_named_as_places, place_groups
from qabot.query import WORD, Query, Settings, term_weight
from qabot.question import (
    MONEY,
    PERSON,
    Question,
    analyse,
    corpus_currencies,
    is_organisation,
    money_pattern,
    subject_words,
    unit_qualifier,
)
from qabot.resources import seeds_dir
from qabot.semantic import Encoder, bundled_encoder
from qabot.text import (
    STOPWORDS,
    Analyzer,
    acronym_heads,
    corpus_capitals,
    split_sentences,
)
from qabot.word_cache import WordLinks
from qabot.word_cache import cache_file as links_file
from qabot.word_cache import load_or_build as load_or_build_links
from qabot.wordnet import (
    abbreviations,
    agent_kin,
    antonym_map,
    data_digest,
    idioms,
    phrasal_map,
    related_map,
    synonym_map,
)

MAX_TERMS = 64  # distinct question terms used: bounds the cost of a pasted essay
CONTEXT_WEIGHT = 0.5  # a carried-over term counts half as much as one the user typed
HEAD_PASSAGES = 20  # passages read for how an acronym is spelled out
CLAUSE_WEIGHT = 0.5  # a word of the clause describing what is asked about (Question.clause)
LIGHT_WEIGHT = 0.3  # a light verb ("take", "get") or noun ("effort"): its meaning is in the words with it
# "Who took the men's title?", "Where will they put the plant?": readers carry a question on
# verbs of little meaning of their own, which the article seldom repeats ("won", "build").
LIGHT_VERBS = ("take", "took", "taken", "get", "got", "go", "went", "gone", "put", "make", "made",
               "give", "gave", "given", "see", "saw", "seen", "come", "came", "keep", "kept", "happen",
               "happened")
# ... and on nouns that only frame what is asked ("the firefighting effort", "what role"):
# "What will happen to the obstetricians?" is answered by "would be transferred", "Who is
# leading the firefighting effort?" by "Chief Fire Officer X said 320 firefighters ...".
LIGHT_NOUNS = ("effort", "efforts", "role", "thing", "things", "matter", "issue", "situation", "way",
               "kind", "type", "part", "number", "amount")
SYNONYM_WEIGHT = 0.5  # in retrieval, a synonym of a question word counts half as much
RELATED_WEIGHT = 0.25  # and a word used alike a quarter (wordnet.related_map)
HISTORY = 5


@dataclass(frozen=True, slots=True)
class Turn:
    question: str
    terms: tuple[str, ...]
    answer: Answer
    shown: frozenset[tuple[str, int]]  # (doc_id, start) of sentences already shown


@dataclass(frozen=True, slots=True)
class Conversation:
    """The last few turns of one chat; an empty Conversation() is a fresh start (/reset)."""

    turns: tuple[Turn, ...] = ()

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    @property
    def last_answer(self) -> Answer | None:
        return self.turns[-1].answer if self.turns else None

    def add(self, turn: Turn) -> Conversation:
        return Conversation((*self.turns, turn)[-HISTORY:])


_ABBREVIATION = re.compile(r"(?<![\d:]\s)(?<![\d:])\b[A-Z]{2,5}s?\b")  # (not "5 PM")
_PERSONAL = re.compile(r"\b(?:he|she|him|her|his|hers)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """Text without control, invisible or direction-changing characters, single-spaced: what
    a user typed, safe to echo back to a terminal or a chat."""
    return " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())


def clean_question(text: str, limit: int) -> tuple[str, str | None]:
    """Printable, single-spaced, at most ``limit`` characters, with a notice when cut."""
    text = printable(text)
    if len(text) <= limit:
        return text, None
    cut = text.rfind(" ", 0, limit)
    text = text[: cut if cut > limit // 2 else limit]
    return text, f"Your question was cut to its first {limit} characters."


def word_links(analyzer: Analyzer, vocabulary: Container[str]) -> WordLinks:
    """The corpus's WordNet links (most of a bot's build time: see qabot.word_cache).
    WordNet's words are dictionary forms: "found" is to found, not the past of "find"."""
    return WordLinks(synonym_map(analyzer.lemma, vocabulary),
                     related_map(analyzer.lemma, vocabulary),
                     antonym_map(analyzer.lemma, vocabulary),
                     phrasal_map(analyzer.term, analyzer.lemma, vocabulary))


class QABot:
    """Answers questions over one corpus; safe to share across chats and threads: after
    construction only bounded caches change (headline and lead terms per article, the
    organisation nouns per acronym), by single dict writes."""

    def __init__(
        self,
        corpus: Corpus,
        index: BM25Index,
        analyzer: Analyzer,
        settings: AnswerConfig = AnswerConfig(),
        links: WordLinks | None = None,
    ) -> None:
        self.corpus = corpus
        self.index = index
        self.analyzer = analyzer
        self.settings = settings
        self.lexicon = Lexicon(index.vocabulary)
        self.places = place_groups(analyzer, index.vocabulary, analyzer.acronyms)
        self.capitals = capital_terms(analyzer) & self.places.keys()
        links = links or word_links(analyzer, index.vocabulary)
        self.synonyms = links.synonyms
        self.related = links.related
        self.antonyms = links.antonyms
        self.phrasal = links.phrasal
        # "How much money ...?" is answered in the corpus's own currency ("420 million korin")
        self.money = money_pattern(corpus_currencies((d.text for d in corpus.documents), STOPWORDS))
        self._money_re = re.compile(self.money, re.I)
        self._about_terms: dict[str, frozenset[str]] = {}
        self._head_cache: dict[str, tuple[str, ...]] = {}
        self._light = frozenset(analyzer(" ".join(LIGHT_VERBS + LIGHT_NOUNS)))
        self._compose_settings = Settings(
            max_sentences=settings.max_sentences,
            max_chars=settings.max_chars,
            min_coverage=settings.min_confidence,
            min_similarity=settings.min_similarity,
        )
        self._vectors: dict[str, NDArray[np.float32]] = {}  # sentence -> its embedding

    # --- construction ------------------------------------------------------------------------

    @classmethod
    def from_corpus(
        cls,
        corpus: Corpus,
        *,
        answer: AnswerConfig = AnswerConfig(),
        index: IndexConfig = IndexConfig(cache=False),
        warn: Callable[[str], None] = warn_stderr,
        progress: bool | None = None,
    ) -> QABot:
        acronyms, capitalised = corpus_capitals(d.text for d in corpus.documents)
        analyzer = Analyzer(acronyms=acronyms, capitalised=capitalised)

        def tokenize() -> Sequence[list[str]]:
            return [analyzer(corpus.passage_text(p)) for p in corpus.passages]

        # (stops at the first passage with a term: all but free for a real corpus)
        if not any(analyzer(corpus.passage_text(p)) for p in corpus.passages):
            raise CorpusError(
                f"nothing to search in the corpus: its {len(corpus.documents)} article(s) hold "
                "no word but common ones (\"the\", \"of\"), punctuation or symbols")

        if index.cache:
            key = f"{corpus_fingerprint(corpus)}-{analyzer.settings_key}"
            cache_dir = index.cache_dir or default_cache_dir()
            bm25 = load_or_build(
                key,
                tokenize,
                cache_dir=cache_dir,
                k1=index.k1,
                b=index.b,
                epsilon=index.epsilon,
                keep=index.cache_keep,
                warn=warn,
                progress=progress,
            )
            links = load_or_build_links(
                links_file(cache_dir, f"{key}-{data_digest()}"),
                lambda: word_links(analyzer, bm25.vocabulary), warn=warn, keep=index.cache_keep)
            return cls(corpus, bm25, analyzer, answer, links)
        bm25 = BM25Index.build(tokenize(), k1=index.k1, b=index.b, epsilon=index.epsilon)
        return cls(corpus, bm25, analyzer, answer)

    @classmethod
    def from_documents(
        cls, documents: Sequence[Document], *, window: int = 3, stride: int = 2
    ) -> QABot:
        corpus = Corpus(tuple(documents), tuple(split_passages(documents, window=window,
                                                               stride=stride)))
        return cls.from_corpus(corpus)

    @classmethod
    def from_config(
        cls, config: Config, *, corpus_path: Path | None = None,
        warn: Callable[[str], None] = warn_stderr,
    ) -> QABot:
        path = corpus_path or config.corpus.path or seeds_dir()
        corpus = load_corpus(path, window=config.corpus.window, stride=config.corpus.stride,
                             warn=warn)
        return cls.from_corpus(corpus, answer=config.answer, index=config.index, warn=warn)

    # --- answering ---------------------------------------------------------------------------

    def ask(
        self, question: str, conversation: Conversation | None = None
    ) -> tuple[Answer, Conversation]:
        started = time.perf_counter()
        conversation = conversation or Conversation()
        asked, notice = clean_question(question, self.settings.max_question_chars)
        text = self._spelled_out(asked)
        q = analyse(text)
        terms = self._terms(text, q.names)
        context = self._context(q, terms, conversation)
        referent = self._referent(q, context, conversation.last)
        if not terms and referent and _PERSONAL.search(text):
            # "How old is he?": nothing to cover but the person; the last answer's words
            # ("17 goals in 29 matches") would only pull back the sentence already given
            context = referent
        last = conversation.last
        follows = (last.answer.citations[0].doc_id if context and last and last.answer.citations
                   else None)
        answer = self._answer(q, terms, context, referent=referent, follows=follows)
        answer = replace(answer, question=asked, notice=notice,
                         elapsed_ms=(time.perf_counter() - started) * 1000)
        turn = Turn(text, terms, answer, _shown(answer))
        return answer, conversation.add(turn)

    def more(self, conversation: Conversation) -> tuple[Answer | None, Conversation]:
        """The next-best answer to the last question, skipping sentences already shown."""
        last = conversation.last
        if last is None:
            return None, conversation
        started = time.perf_counter()
        q = analyse(last.question)
        context = last.answer.explanation.context_terms if last.answer.explanation else ()
        answer = self._answer(q, last.terms, context, exclude=last.shown)
        if answer.abstained:
            return None, conversation
        answer = replace(answer, elapsed_ms=(time.perf_counter() - started) * 1000)
        turn = replace(last, answer=answer, shown=last.shown | _shown(answer))
        return answer, Conversation((*conversation.turns[:-1], turn))

    def _spelled_out(self, text: str) -> str:
        """The question with the news abbreviations the corpus never writes spelled out as it
        does write them: "When will Norvale's CFO step down?" is asked of "its chief financial
        officer" (wordnet.abbreviations)."""
        def spell(m: re.Match[str]) -> str:
            full = abbreviations().get(m.group().lower())
            if full is None or any(self.index.df(t) for t in {m.group().lower(),
                                                               *self.analyzer(m.group())}):
                return m.group()  # (the corpus writes it: "MPs" as the term of "MP" too)
            return full if all(self.index.df(t) for t in self.analyzer(full)) else m.group()

        return _ABBREVIATION.sub(spell, text)

    def _terms(self, text: str, names: Sequence[str] = ()) -> tuple[str, ...]:
        terms = self._compounds(self.analyzer(subject_words(text)), self._name_terms(names))
        return tuple(dict.fromkeys(terms))[:MAX_TERMS]

    def _name_terms(self, names: Sequence[str]) -> set[str]:
        return {t for name in names for t in self.analyzer(name)}

    def _compounds(self, terms: list[str], names: set[str]) -> list[str]:
        """The question's words as the corpus writes them, closed or open: "coastguard" is
        searched as "coast guard" in a corpus writing only that, and the other way round.
        A name is not split: an unknown "Whitehouse" is nobody called White."""
        df = self.index.df
        out: list[str] = []
        i = 0
        while i < len(terms):
            t = terms[i]
            if i + 1 < len(terms) and t.isalpha() and terms[i + 1].isalpha() and df(t + terms[i + 1]):
                out.append(t + terms[i + 1])
                i += 2
                continue
            if not df(t) and len(t) >= 7 and t.isalpha() and t not in names:
                splits = [(self.analyzer.term(t[:k]), self.analyzer.term(t[k:]))
                          for k in range(3, len(t) - 2)]
                found = [(a, b) for a, b in splits if df(a) and df(b)]
                if found:
                    a, b = max(found, key=lambda ab: min(len(ab[0]), len(ab[1])))
                    out += [a, b]
                    i += 1
                    continue
            out.append(t)
            i += 1
        return out

    def _context(
        self, q: Question, terms: tuple[str, ...], conversation: Conversation
    ) -> tuple[str, ...]:
        """Terms carried from the previous turn when the question cannot stand alone."""
        last = conversation.last
        if last is None or not (q.anaphoric or not terms):
            return ()
        carried = list(last.terms)
        if not terms:  # "When was that?": "that" is what the last answer said
            carried = [t for quote in last.answer.quotes for t in self.analyzer(quote.text)] + carried
        if last.answer.explanation:  # a chain of follow-ups keeps its subject
            carried.extend(last.answer.explanation.context_terms)
        if last.answer.short:
            carried.extend(self.analyzer(last.answer.short))
        return tuple(t for t in dict.fromkeys(carried) if t not in terms)

    def _referent(
        self, q: Question, context: tuple[str, ...], last: Turn | None
    ) -> tuple[str, ...]:
        """Terms a sentence must hold when the question says "he" or "she": the name the last
        answer gave, else the names the last question asked about ("Samantha Power")."""
        if not (context and q.anaphoric and last):
            return ()
        personal = _PERSONAL.search(q.text)
        named = last.answer.explanation and last.answer.explanation.expected == PERSON
        if last.answer.short and (named or not personal):
            return tuple(self.analyzer(last.answer.short))
        if not personal:  # "he" after "17 goals" is still the player the last question named
            return ()
        names = analyse(last.question).names
        return tuple(t for name in names for t in self.analyzer(name) if not t.isdigit())

    def _answer(
        self,
        q: Question,
        terms: tuple[str, ...],
        context: tuple[str, ...],
        *,
        exclude: frozenset[tuple[str, int]] = frozenset(),
        referent: tuple[str, ...] = (),
        follows: str | None = None,
    ) -> Answer:
        """``referent``: the terms of the last answer's short span, which "he" or "it" stands for."""
        if q.measure == MONEY:
            q = replace(q, measure=self.money)
        n = self.index.n_passages
        literal = {t for city in cities_named_as_places(q.text) for t in self.analyzer(city)}
        variants = {t: self._variants(t, t not in literal) for t in (*terms, *context)}
        for t, acronym in self.analyzer.spelled_out(q.text).items():
            if t in variants and acronym != t:  # "European Space Agency" is covered by "ESA"
                variants[t] = (*variants[t], acronym)
        weights: dict[str, float] = {}
        # words only the describing clause says ("the ferry that sank in the strait")
        clause = (set(self.analyzer(q.clause)) - set(self.analyzer(q.text.replace(q.clause, "")))
                  if q.clause else set())
        for t in (*terms, *context):
            # An unknown word weighs as much as the rarest known one, not more.
            df = max([1, *(self.index.df(v) for v in (t, *variants[t]))])
            weights[t] = term_weight(df, n) * (CONTEXT_WEIGHT if t in context else 1.0) * (
                CLAUSE_WEIGHT if t in clause and t not in context else 1.0) * (
                LIGHT_WEIGHT if t in self._light else 1.0)
        search_terms: list[str] = []
        search_weights: list[float] = []
        for t in (*terms, *context):
            for v in (t, *variants[t]):
                search_terms.append(v)
                search_weights.append(CONTEXT_WEIGHT if t in context else 1.0)
        named = self._name_terms(q.names)
        phrasal = self._phrasal(q.text)
        synonyms = {t: tuple(sorted((self.synonyms.get(t, frozenset()) | phrasal.get(t, frozenset()))
                                    - {t, *variants[t]}))
                    for t in terms if t not in named}
        # "the authority" is the National Rail Authority (NRA) its article has spelled out
        # (a name has no other synonyms: see above)
        heads = {t: h for t in named if (h := self._heads(t))}
        for t, h in heads.items():
            if t in terms:
                synonyms[t] = tuple(sorted(set(h) - {t, *variants[t]}))
        unit = self.analyzer(q.unit or "")
        if unit and not any(self.index.df(v) for t in unit
                            for v in (t, *variants.get(t, ()), *synonyms.get(t, ()))):
            # "How many written complaints ...?" of a corpus that never says "complaint":
            # what is counted may be named in other words ("17 written reports"), which keep
            # the question's qualifier. Without one, "how many cows" is not "nine sheep".
            qualifier = unit_qualifier(q.text, q.unit or "")
            if qualifier and any(self.index.df(t) for t in self.analyzer(qualifier)):
                q = replace(q, unit=qualifier)
        for words in synonyms.values():
            search_terms.extend(words)
            search_weights.extend([SYNONYM_WEIGHT] * len(words))
        related = {t: tuple(sorted(self.related[t] - {t, *variants[t], *synonyms.get(t, ())}))
                   for t in terms if t in self.related and t not in named}
        for word in WORD.findall(q.text):  # "travellers" is no "travel": its own kin
            t = self.analyzer.lemma(word.lower())
            kin = {v for w in agent_kin(word) if self.index.df(v := self.analyzer.lemma(w))}
            if t in terms and t not in named and kin - {t}:
                related[t] = tuple(sorted((set(related.get(t, ())) | kin)
                                          - {t, *variants[t], *synonyms.get(t, ())}))
        for words in related.values():
            search_terms.extend(words)
            search_weights.extend([RELATED_WEIGHT] * len(words))
        # "Who heads the Armenian government?" is searched with "prime minister": a role is
        # looked for, though not a word the answer must cover
        roles = [t for role in q.roles for t in self.analyzer(role) if t not in search_terms]
        search_terms.extend(roles)
        search_weights.extend([SYNONYM_WEIGHT] * len(roles))
        k = self.settings.top_passages
        found = self.index.search(search_terms, k=k, weights=search_weights)
        if len(found) < k:  # a small corpus: words in half its passages score nothing in BM25
            seen = {i for i, _ in found}
            found += [(i, 0.0) for i in self.index.containing(search_terms, k) if i not in seen]
            found = found[:k]
        hits = [Hit(self.corpus.passages[i], score) for i, score in found]
        names = tuple((*g, *(h for t, hs in heads.items() if t in g for h in hs))
                      for g in self._names(q, literal))
        if referent:
            names = (*names, referent)
        wanted = {v for t in (*terms, *context) for v in (t, *variants[t])}
        wanted.update(v for words in synonyms.values() for v in words)
        wanted.update(t for group in names for t in group)
        first_hit = {hit.passage.doc_id: hit.passage.id for hit in reversed(hits)}
        in_docs = {doc_id: self._in_document(pid, wanted) for doc_id, pid in first_hit.items()}
        antonyms = {t: tuple(sorted(self.antonyms[t])) for t in terms if t in self.antonyms}
        pairs = tuple((a, b) for a, b in qualified_pairs(q.text, self.analyzer) if a in terms)
        # (its head noun: "the total budget" is answered by a sentence giving the budget)
        attribute = tuple(t for t in self.analyzer(q.attribute or "") if t in terms)[-1:]
        acronyms = frozenset(terms) & self.analyzer.acronyms
        query = Query(q, terms, weights, variants, context, names, in_docs, self.places,
                      self.capitals, synonyms, antonyms, pairs, attribute, acronyms, self._money_re,
                      related, follows)
        return compose(query, hits, self.corpus, self.analyzer, self._compose_settings,
                       exclude=exclude, similar=self._similar(q.text))

    def _similar(self, question: str) -> Similar | None:
        """Sentences -> their cosines to ``question`` under the sentence model. The model is
        loaded when compose first asks (not at start-up: 0.9 s, which a one-shot ``qabot ask``
        answered by the word rules need not pay), the question is embedded once, each sentence
        once per bot (the same ones come back). Without the model nothing reads alike."""
        if self.settings.min_similarity >= 1:
            return None

        @cache
        def asked(encoder: Encoder) -> NDArray[np.float32]:
            vector: NDArray[np.float32] = encoder.encode([question])[0]
            return vector

        def similar(sentences: Sequence[str]) -> list[float]:
            encoder = bundled_encoder()
            if encoder is None:
                return [0.0] * len(sentences)
            new = [s for s in dict.fromkeys(sentences) if s not in self._vectors]
            if new:
                if len(self._vectors) > 200_000:  # bounded: a huge corpus is not held twice
                    self._vectors.clear()
                self._vectors.update(zip(new, encoder.encode(new), strict=True))
            return [float(self._vectors[s] @ asked(encoder)) for s in sentences]

        return similar

    def _heads(self, term: str) -> tuple[str, ...]:
        """The terms of the organisation nouns that the acronym ``term`` is spelled out with in
        the corpus ("nra" -> "author" for "National Rail Authority (NRA)"). Cached: the same
        acronyms come back question after question."""
        found = self._head_cache.get(term)
        if found is None:
            if term not in self.analyzer.acronyms:
                found = ()
            else:
                passages = (self.corpus.passages[i]
                            for i in self.index.containing([term], HEAD_PASSAGES))
                surfaces = {w for p in passages for w in acronym_heads(
                    self.corpus.document(p.doc_id).text[p.start : p.end], term)}
                found = tuple(sorted({self.analyzer.term(w.lower()) for w in surfaces
                                      if is_organisation(w)}))
            self._head_cache[term] = found
        return found

    def _phrasal(self, text: str) -> dict[str, frozenset[str]]:
        """Question verb term -> one-word synonyms of the phrasal verb it starts ("broke out"
        -> "erupt"). A particle that is a term of its own ("put together") stands for them
        too: "assembled" says all of "put together"."""
        words = re.findall(r"[A-Za-z]+", text.lower())
        out: dict[str, frozenset[str]] = {}
        for verb, particle in pairwise(words):
            found = self.phrasal.get((self.analyzer.term(verb), particle))
            if found:
                for t in (self.analyzer.term(verb), self.analyzer.term(particle)):
                    out[t] = out.get(t, frozenset()) | found
        # ... and a set phrase its words: "lost their lives" says "killed" ("lose", "life")
        lowered = text.lower()
        for pattern, synonyms in idioms():
            for m in pattern.finditer(lowered):
                found = frozenset(self.analyzer.lemma(w) for w in synonyms)
                for t in self.analyzer(m.group()):
                    out[t] = out.get(t, frozenset()) | found
        return out

    def _in_document(self, passage_id: int, terms: set[str]) -> frozenset[str]:
        """Which of ``terms`` the passage's article is about: words of its headline, names of
        its first sentence, or words in at least half of its passages. A sentence may leave
        these out ("the mayor" in an article about Harwick); a word mentioned once elsewhere in
        the article does not count."""
        ids = self.corpus.document_passages(passage_id)
        about = self._about(self.corpus.passages[passage_id].doc_id, passage_id)
        return frozenset(
            t for t in terms
            if t in about or 2 * self.index.count_in(t, ids.start, ids.stop) >= len(ids)
        )

    def _variants(self, term: str, country: bool = True) -> tuple[str, ...]:
        """Spellings one edit away, and the other names of a country ("washington" -> "us")."""
        place = sorted(v for v in self.places.get(term, frozenset()) - {term}
                       if self.index.df(v)) if country else []
        return tuple(dict.fromkeys((*self.lexicon.variants(term), *place)))

    def _about(self, doc_id: str, passage_id: int) -> frozenset[str]:
        """The terms of the article's headline, and the names of its first sentence: news
        names its subject in the lead and then writes "the vessel"."""
        terms = self._about_terms.get(doc_id)
        if terms is None:
            doc = self.corpus.document(doc_id)
            first = self.corpus.document_sentences(passage_id)[:1]
            lead = doc.text[first[0][0] : first[0][1]] if first else ""
            names = re.findall(r"(?<=\s)[A-Z][\w’'-]*", lead)
            opening = re.match(r"\W*([A-Z][\w-]*)", lead)
            if opening and not re.search(rf"\b{re.escape(opening.group(1).lower())}\b", doc.text):
                names.append(opening.group(1))  # "Corvassia's health ministry ...": a name, as
                # the article never writes the word in lower case ("The", "Police" it does)
            terms = frozenset(self.analyzer(" ".join([doc.title, *names])))
            if len(self._about_terms) < 100_000:  # bounded: a huge corpus is not held twice
                self._about_terms[doc_id] = terms
        return terms

    def _names(self, q: Question, literal: set[str]) -> tuple[tuple[str, ...], ...]:
        """For each name in the question, the corpus terms that count as mentioning it.

        A name the corpus never mentions (nor anything like it) is left out: it is more likely
        a paraphrase ("American") than a reason to refuse."""
        groups = []
        for run in _name_runs(q.text, q.names):
            # "Brightwell Electronics" is mentioned by "Brightwell's chief executive": the words
            # of one name are one group, and any of them mentions it
            group: list[str] = []
            for name in run:
                for term in self.analyzer(name):
                    forms = (term, *self._variants(term, term not in literal),
                             *self.lexicon.related(term))
                    if not any(self.index.df(t) for t in forms):
                        continue
                    if term.isdigit():  # "Terrawatch-1" is not Terrawatch-2: a number stays
                        groups.append(forms)
                    else:
                        group.extend(forms)
            if group:
                groups.append(tuple(dict.fromkeys(group)))
        return tuple(groups)

    def sources(self) -> tuple[Document, ...]:
        return self.corpus.documents


def _name_runs(text: str, names: Sequence[str]) -> list[list[str]]:
    """The question's names grouped into the names they are words of: "Brightwell
    Electronics", "Harwick Museum of Industry" (capitalised words side by side, or joined by
    "of", "the" or "for"; not by "and": Armenia and Azerbaijan are two names)."""
    runs: list[list[str]] = []
    end = -1
    for name in names:
        at = text.find(name, max(end, 0))
        if at < 0:
            runs.append([name])
            continue
        if runs and end >= 0 and re.fullmatch(r"\s+(?:(?:of|the|for)\s+)*", text[end:at]):
            runs[-1].append(name)
        else:
            runs.append([name])
        end = at + len(name)
    return runs


def _shown(answer: Answer) -> frozenset[tuple[str, int]]:
    """(doc_id, start) of every sentence the answer quoted, so /more never repeats one."""
    return frozenset((q.doc_id, q.start + a) for q in answer.quotes
                     for a, _ in split_sentences(q.text) or [(0, 0)])
