"""Choose, quote and cite the sentences that answer a question, or abstain.

BM25 finds passages; this module decides between their sentences with evidence BM25 does not
see: how much of the question (weighted by rarity) a sentence covers, whether it holds the kind
of thing asked for (a date for "when", a name for "who"), and how it compares with the next
candidate. Quotes are slices of ``Document.text`` by offsets, never re-typed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from qabot.lexicon import common_prefix_len, sound
from qabot.models import Answer, Candidate, Citation, Corpus, Explanation, Hit, Quote
from qabot.places import demonyms
from qabot.question import (
    ACTOR,
    AGE,
    CAUSE,
    DATE,
    DURATION,
    HONORIFICS,
    HOURS,
    MONEY,
    NUMBER,
    PERSON,
    PLACE,
    ROLE,
    TITLE,
    TITLES,
    Question,
    is_organisation,
    names_beside,
    typed_spans,
)
from qabot.text import IRREGULAR, QUESTION_WORDS, STOPWORDS, raw_tokens
from qabot.wordnet import is_person_noun, person_nouns, synonyms_of, verbs

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
    forms: dict[str, tuple[str, ...]] = field(init=False)  # term -> its variants and synonyms
    known: frozenset[str] = field(init=False)  # every form of every term the user wrote
    countries: frozenset[frozenset[str]] = field(init=False)  # the countries the user names

    def __post_init__(self) -> None:
        forms = {t: (*self.variants.get(t, ()), *self.synonyms.get(t, ()))
                 for t in (*self.terms, *self.context)}
        object.__setattr__(self, "forms", forms)
        # what the user has just said; words carried over from the last turn may be the
        # answer now ("Where did he go afterwards?" after a question naming both capitals)
        object.__setattr__(self, "known", frozenset(
            v for t in self.terms for v in (t, *forms[t])))
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
    corroborate: float = 0.75  # share of the best coverage another document needs to be cited


def term_weight(df: int, n: int) -> float:
    """A positive idf: the rarer a term, the more a sentence must contain it to answer."""
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


_ATTRIBUTION = re.compile(
    r"(?:^|[,;]\s|\b(?:and|but|while)\s)(?:[Aa]ccording to (?P<acc>[^,]+)"
    r"|(?P<who>(?:[A-Z][\w’'.-]*(?:\s+|$))+|[Tt]hey|who)\s+(?:(?:\w+ly|again|also|has|have|had)\s+)*"
    r"(?:says?|said|claims?|claimed|insists?|insisted|denie[sd]|deny|rejects?|rejected"
    r"|maintains?|maintained|argues?|argued|describes?|described|accuse[sd]?))\b",
)


def attribution(sentence: str) -> str | None:
    """Who a sentence attributes its claim to ("Yerevan says ..."), if anyone."""
    m = _ATTRIBUTION.search(sentence)
    if not m:
        return None
    who = (m.group("acc") or m.group("who") or "").strip()
    return who or None


@lru_cache(maxsize=16_384)
def word_terms(sentence: str, terms: Terms) -> tuple[tuple[int, str], ...]:
    """(offset, term) for each word of the sentence, for locating matches and spans.

    Cached: the same sentences come back query after query, and analysing them is most of
    the cost of an answer (the analyzer is keyed by identity, the bot keeps one)."""
    return tuple((m.start(), t) for m in _WORD.finditer(sentence)
                 for t in _analysed(m.group(), terms))


@lru_cache(maxsize=16_384)
def _own_terms(sentence: str, terms: Terms) -> frozenset[str]:
    """The set of a sentence's words (cached beside ``word_terms``), with the acronyms it
    spells out: "the Civil Aviation Directorate" says "CAD" (only the whole sentence shows it)."""
    return frozenset(t for _, t in word_terms(sentence, terms)).union(terms(sentence))


@lru_cache(maxsize=200_000)
def _analysed(text: str, terms: Terms) -> tuple[str, ...]:
    """The terms of a word or short span, cached like :func:`word_terms`."""
    return tuple(terms(text))


@dataclass(slots=True)
class _Scored:
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


def compose(
    query: Query,
    hits: Sequence[Hit],
    corpus: Corpus,
    terms: Terms,
    settings: Settings = Settings(),
    *,
    exclude: frozenset[tuple[str, int]] = frozenset(),
) -> Answer:
    """The answer to ``query`` from ``hits``, or an abstention that says why."""
    q = query.question
    wanted = query.all_terms
    if not hits or not wanted:
        reason = "no passage shares a word with the question" if wanted else "no content words"
        return _abstain(query, hits, corpus, [], reason)
    top = hits[0].score or 1.0  # all 0.0 when found only by sharing a word (a tiny corpus)
    scored: dict[tuple[str, int], _Scored] = {}
    passage_of: dict[str, int] = {}  # a retrieved passage of each document, to find its others
    for hit in hits:
        doc = corpus.document(hit.passage.doc_id)
        passage_of.setdefault(doc.id, hit.passage.id)
        for a, b in hit.passage.sentences:
            key = (doc.id, a)
            if key in scored or key in exclude:
                if key in scored:
                    scored[key].bm25 = max(scored[key].bm25, hit.score / top)
                continue
            text = doc.text[a:b]
            near, far = (_words_before(corpus, hit.passage.id, a, terms)
                         if _leans_on_before(text) else (frozenset(), frozenset()))
            scored[key] = _score_sentence(query, doc.id, a, text, hit.score / top, terms, near,
                                          far)
    candidates = sorted(scored.values(), key=lambda c: (-c.score, c.doc_id, c.start))
    if not candidates:
        return _abstain(query, hits, corpus, [], "every candidate was already shown")
    # The answer is the best sentence that covers enough of the question and, when a date, an
    # amount, a duration or a person is asked for, holds one.
    eligible = [c for c in candidates if _covers(c, settings)]
    if q.expected == ROLE:
        # "What job did Drummond have before she became governor?": the role beside her name
        # ("Drummond, 58, a former mayor of Castrelle") answers, though the sentence leaves
        # out the rest of the question (a role span is always beside the asked name)
        eligible = [c for c in candidates if c.spans
                    and c.coverage >= settings.min_coverage / 2] or eligible
    if not eligible:
        why = f"the best sentence covers {max(c.coverage for c in candidates):.0%} of the question"
        return _abstain(query, hits, corpus, candidates, why)
    # (a "which country" is answered by a sentence naming one the user has not named)
    if q.expected in (DATE, NUMBER, DURATION, PERSON, TITLE) or (
            q.expected == PLACE and _asks(q.text).which_country):
        eligible = [c for c in eligible if c.spans]
        if not eligible:
            why = f"no sentence that matches the question holds a {q.unit or q.expected}"
            return _abstain(query, hits, corpus, candidates, why)
    elif q.expected:  # a "where", "why" or "who is X" prefers a sentence holding its answer
        eligible = [c for c in eligible if c.spans] or eligible
    best = eligible[0]
    candidates = [best, *(c for c in candidates if c is not best)]

    quotes = _answer_quotes(best, candidates, corpus, settings, terms, query)
    # (who holds an office is no claim: "Who is the finance minister?" is not contested by
    # "The opposition disputed those figures")
    contested = None if q.roles else _contested(best, corpus, passage_of[best.doc_id], terms,
                                                 settings)
    if contested is not None:
        quotes = contested
    # The chosen sentence may come second when a rebuttal precedes it: highlight it there.
    at = next(i for i, q in enumerate(quotes) if q.doc_id == best.doc_id and q.start <= best.start
              and best.end <= q.end)
    short, highlight = _short(best, quotes[at], query, terms)
    if highlight is not None:
        quotes[at] = replace(quotes[at], highlight=highlight)
    citing = [quotes[0]] + [c for c in quotes[1:] if c.doc_id != quotes[0].doc_id]
    cited = {c.doc_id for c in citing}
    also = _corroborating(best, candidates, short, settings, cited, query, terms)
    if short is not None:
        also += _same_fact(best, short, corpus, passage_of, cited, query, terms)
    citations = _citations(corpus, [*citing, *also])
    verdict = (
        f"chose {best.doc_id} @{best.start}: covers {best.coverage:.0%} of the question"
        + (f", holds a {q.expected}" if q.expected and best.spans else "")
        + (f"; next best {candidates[1].score:.2f} vs {best.score:.2f}" if len(candidates) > 1 else "")
        + ("; opposing attributed claims shown side by side" if contested else "")
    )
    return Answer(
        question=q.text,
        quotes=tuple(quotes),
        short=short,
        abstained=False,
        citations=citations,
        contested=contested is not None,
        explanation=_explain(query, hits, corpus, candidates, verdict),
    )


def _score_sentence(
    query: Query,
    doc_id: str,
    start: int,
    text: str,
    bm25: float,
    terms: Terms,
    before: frozenset[str] = frozenset(),
    earlier: frozenset[str] = frozenset(),
) -> _Scored:
    words = word_terms(text, terms)
    own_terms = _own_terms(text, terms)
    sterms = own_terms
    # A sentence opening with a pronoun is about the sentence before ("Aliyev ... He said
    # that ..."); news sentences leave out what the whole article is about ("the mayor" in an
    # article about Harwick). Such words count, but less than words the sentence itself has.
    if before or earlier:
        sterms = own_terms | before | earlier
        borrowed = before - own_terms
        remote = earlier - borrowed - own_terms
    else:
        borrowed = remote = frozenset()
    in_doc = query.in_documents.get(doc_id, frozenset())
    places = query.places
    countries = {places[t] for t in own_terms if t in places}

    def elsewhere(forms: Sequence[str]) -> bool:
        """In the article but not the sentence; a country counts only when the sentence names
        no other ("Armenian Prime Minister" does not answer for Azerbaijan's)."""
        if not any(f in in_doc for f in forms):
            return False
        group = places.get(forms[0])
        return group is None or not any(c != group for c in countries)

    def credit(t: str) -> float:
        # (the sentence's own words are ``own_terms``: ``sterms`` less what it borrows)
        if t in own_terms:
            return 1.0
        variants = query.variants.get(t, ())
        if any(f in own_terms for f in variants):
            # "Turkey" for "Turkish", "Washington" for "U.S.": the same country, not the same word
            return 1.0 if t not in places else PLACE_CREDIT
        forms = (t, *variants)
        if borrowed and any(f in borrowed for f in forms):
            return BORROWED_CREDIT
        if remote and any(f in remote for f in forms):
            return DOCUMENT_CREDIT
        if any(f in own_terms for f in query.synonyms.get(t, ())):
            return SYNONYM_CREDIT
        if elsewhere(forms):
            return DOCUMENT_CREDIT
        return RELATED_CREDIT if any(f in own_terms for f in query.related.get(t, ())) else 0.0

    matched = tuple(
        t for t in query.all_terms
        if t in own_terms or any(v in own_terms for v in _forms(t, query))
        or any(v in own_terms for v in query.related.get(t, ()))
    )
    # Coverage is of the user's own words; carried-over context only decides between sentences,
    # unless the question has no words of its own ("When was that?").
    own = query.terms or query.context
    total = sum(query.weights.get(t, 1.0) for t in own)
    credits = {t: credit(t) for t in own}
    q = query.question
    heads = (_heads(text, query, terms) if q.expected == PERSON
             and any(r.lower() in HEAD_TITLES for r in q.roles) else [])
    if heads:
        # "Hospital director Sigrid Hammar" heads what "Who is in charge of Askelund University
        # Hospital?" asks about: her title shortens a name the article gives in full, and says
        # the role ("head coach" for "manager")
        roles = _role_terms(q.roles, terms)
        credits = {t: 1.0 if c == DOCUMENT_CREDIT or t in roles else c for t, c in credits.items()}
    coverage = sum(query.weights.get(t, 1.0) * credits[t] for t in own) / total if total else 0.0
    context_bonus = 0.1 * sum(1 for t in matched if t not in own)
    if q.topic and not set(_analysed(q.topic, terms)) & set(_expand(matched, query)):
        coverage *= 0.5  # "what did X say about Y": a sentence without Y does not answer
    # Names count double: a sentence about Baku does not answer a question about Yerevan.
    # A number in a name ("Skyeye-1") must be in the sentence or the one its pronoun stands for:
    # an article about two satellites mentions both numbers.
    missing = [g for g in query.names if not sterms.intersection(g)
               and (g[0].isdigit() or not elsewhere(g))]
    coverage -= sum(query.weights.get(g[0], 1.0) for g in missing) / total if total else 0.0
    # "the 2025 haddock quota" is not answered by "the 2025 cod quota" (the sentence speaks of
    # another kind: it cannot answer), nor "the annual budget of the trust" by a sentence about
    # the trust that gives no budget (the asked attribute counts twice, like a name); nor "the
    # 2024 budget" by the 2025 one, nor "who came third" by a sentence without the rank.
    if total:
        if (any(credits.get(t) == 0.0 and t2 in own_terms and _other_kind(text, t, t2, terms)
                for t, t2 in query.pairs) or _other_number(text, q.text)
                or _other_time(text, q.text)
                or any(t in _ORDINALS and credits[t] < 1.0 for t in own)):
            coverage = 0.0
        unsaid = [t for t in query.attribute if credits.get(t) == 0.0]
        coverage -= sum(query.weights.get(t, 1.0) for t in unsaid) / total
    # "When did the fighting start?": the date in a sentence saying when it ended is another
    # event's. (Only for dates: "how many came on the first day back open" is answered by a
    # sentence that also says when the museum closed.)
    if q.expected == DATE and total:
        opposite = [t for t in own
                    if credits[t] == 0.0 and own_terms.intersection(query.antonyms.get(t, ()))]
        coverage -= sum(query.weights.get(t, 1.0) for t in opposite) / total
    spans: list[tuple[int, int]] = []
    actor = False
    if q.expected:
        # Words already said are no answer; but "When was that?" asks about the words carried
        # over from the last answer, whose date is the answer.
        known = query.known if query.terms else frozenset()
        spans = [sp for sp in typed_spans(text, q.expected)
                 if not _said(text[sp[0] : sp[1]], known, query, terms)]
        if heads:  # (who speaks may be whom the question is about)
            spans = [sp for sp in spans if sp in heads]
        elif q.expected == PERSON:  # "Armenia and Azerbaijan" is no one's name
            spans = [sp for sp in spans if not set(_analysed(text[sp[0] : sp[1]], terms)) <= places.keys()
                     and _holds_role(text, sp, query, terms)]
            spans = _not_the_speaker(text, spans, words, query, terms)
            if q.named:  # "Which hospital ...?": "Saint Brannoc Children's Hospital"
                spans = _names_of_kind(text, q.named, known, query, terms) or spans
            whose = _asks(q.text).whose
            if whose:  # "At whose request ...?": "at Armenia’s request"
                spans = _possessors(text, whose) or spans
            if q.organisation:  # "Which company ...?": an organisation, not a person in it
                spans = (list(typed_spans(text, ACTOR))
                         or [sp for sp in spans if not _after_title(text, sp[0])])
            elif not spans and not q.roles and _asks(q.text).who_did:
                # "Who blamed Armenia?", "Who bought the club?": with no one's name in the
                # sentence, a country or an organisation may be who did it; a name would
                # still be the likelier answer
                spans = [sp for sp in typed_spans(text, ACTOR) + _country_spans(text, query, terms)
                         if not _said(text[sp[0] : sp[1]], known, query, terms)]
                actor = bool(spans)
        if q.unit:
            counted = _unit_match(q.unit, query, terms)
            # "300 settlements" before "several cities and ... settlements"
            spans = ([sp for sp in spans if any(map(counted, _analysed(text[sp[0] : sp[1]], terms)))]
                     or [sp for sp in spans
                         if any(map(counted, _analysed(text[sp[0] : sp[1] + 30], terms)))])
        if _asks(q.text).by_how_much:  # the change, not the level: "raised ... to 7.25%"
            spans = [sp for sp in spans if not _TO_LEVEL.search(text, 0, sp[0])]
        if q.measure:
            measure = re.compile(q.measure, re.I)
            spans = [sp for sp in spans if measure.search(text[sp[0] : sp[1]])
                     or (q.measure == AGE and _age_apposition(text, sp))]
        elif q.unit and not query.money.search(q.unit):
            # "How many farmers ...?" is not answered by "€45 million for farmers", nor "How
            # many people live there?" by "a 37-year-old mother of two"
            spans = [sp for sp in spans if not query.money.search(text[sp[0] : sp[1]])
                     and not _AGE_RE.search(text[sp[0] : sp[1]])]
        if q.expected == PLACE and _asks(q.text).which_country:  # any country it names
            spans = [m.span() for m, t in _country_words(text, query, terms)
                     if t not in known] or spans
    if q.expected == ROLE:
        spans = _roles_of(text, query, terms)
    elif q.named and not q.expected:  # "Which reservoir ...?": "the Ostra reservoir"
        spans = _names_of_kind(text, q.named, query.known if query.terms else frozenset(), query,
                               terms)
    if q.expected == DATE and spans and q.measure != HOURS:  # (opening hours are no event)
        # "When did Kvien become ambassador?": a date in a sentence about her visit is the
        # date of another event. The question's main verb names the event and must be there:
        # it comes last ("When did the fighting break out?"). Words carried over from the last
        # answer ("When was that?") name no event of their own.
        events = _events(query.terms, terms)
        if events and credits[events[-1]] < SYNONYM_CREDIT:
            # "When will the cuts begin?" is answered by "cuts will affect ... from 12 August"
            # and "Until when are freight trains banned?" by "... suspended until 31 March"
            starts = events[-1] in _start_terms(terms)
            # ... and "When will the schools reopen?" by "will stay closed until 3 February"
            until = _asks(q.text).until_when or events[-1] in _end_terms(terms)
            spans = [sp for sp in spans if (starts and _FROM.search(text, 0, sp[0]))
                     or (until and _UNTIL.search(text, 0, sp[0]))]
    type_bonus = (ACTOR_BONUS if actor else HEAD_BONUS if heads else 0.25) if spans else 0.0
    score = (coverage + type_bonus + context_bonus + 0.15 * bm25 + 0.15 * _proximity(words, matched, query)
             - 0.0004 * max(0, len(text) - 250))
    return _Scored(doc_id, start, start + len(text), text, bm25, coverage, matched, spans,
                   score, sterms)


def _said(span: str, known: frozenset[str], query: Query, terms: Terms) -> bool:
    """Whether the span only repeats the question: its words, or the name an acronym of the
    question spells out ("Who is in charge of the CAD?" is not answered by "the Civil Aviation
    Directorate (CAD)", which the analyser also reads as "cad")."""
    said = set(_analysed(span, terms))
    return said <= known or bool(said & query.acronyms & known)


def _names_of_kind(
    text: str, noun: str, known: frozenset[str], query: Query, terms: Terms
) -> list[tuple[int, int]]:
    """The names standing with the noun of "Which reservoir / hospital ...?" that say more than
    the question and the noun do ("the Ostra reservoir"), and are no title ("Prime Minister")."""
    said = known | frozenset(terms(noun))
    return [sp for sp in names_beside(text, noun)
            if not _is_title(text[sp[0] : sp[1]]) and not _said(text[sp[0] : sp[1]], said, query, terms)]


def _not_the_speaker(
    text: str, spans: list[tuple[int, int]], words: Sequence[tuple[int, str]], query: Query,
    terms: Terms,
) -> list[tuple[int, int]]:
    """Drop the name of who says what the sentence reports, when the question's verb is in
    the report: in "Red Terrace said ... other clubs bought by American funds", Red Terrace
    bought nothing."""
    speaker = _speaker(text)
    if speaker is None:
        return spans
    a, b = speaker
    events = _events(query.terms, terms)
    if not events or not any(t in events for at, t in words if at >= b):
        return spans
    return [sp for sp in spans if not (a <= sp[0] and sp[1] <= b)]


@lru_cache(maxsize=16_384)
def _speaker(text: str) -> tuple[int, int] | None:
    """Where the name before "said", "told" ... stands (cached like :func:`word_terms`)."""
    m = _SPEAKER.search(text)
    return m.span("who") if m else None


@dataclass(frozen=True, slots=True)
class _Asks:
    """What the wording of a question asks, looked up once per question, not per sentence."""

    who_did: bool  # "Who bought ...?", "At whose request ...?"
    whose: str | None  # the noun of "whose request"
    by_how_much: bool  # the change, not the new level
    until_when: bool
    which_country: bool


@lru_cache(maxsize=1024)
def _asks(text: str) -> _Asks:
    whose = _WHOSE.search(text)
    return _Asks(bool(_WHO_DID.match(text)), whose.group(1) if whose else None,
                 bool(_BY_HOW_MUCH.search(text)), bool(_UNTIL_WHEN.search(text)),
                 bool(_WHICH_COUNTRY.search(text)))


_WHOSE = re.compile(r"\bwhose\s+([a-z]+)\b", re.I)


def _possessors(text: str, noun: str) -> list[tuple[int, int]]:
    """The names that own ``noun`` in the sentence: "Armenia" in "at Armenia’s request"."""
    return [m.span(1) for m in re.finditer(
        rf"((?:[A-Z][\w.-]*\s+)*[A-Z][\w.-]*)[’']s\s+(?:[a-z]+\s+)?{re.escape(noun)}", text)]


_SPEAKER = re.compile(r"(?P<who>(?:[A-Z][\w’'.-]*\s+)+)(?:\w+ly\s+)?(?:says?|said|told|claims?"
                      r"|claimed|insists?|insisted|argues?|argued|warns?|warned|fears?|feared)\b")


def _after_title(text: str, start: int) -> bool:
    """Whether a title stands just before the name at ``start``: "Its general secretary, Anton
    Reiss" is a person, whatever an organisation's name may look like."""
    before = _WORD.findall(text, 0, start)[-3:]
    return any(w.lower() in TITLES for w in before)


ACTOR_BONUS = 0.1  # a sentence naming only a country or an organisation, for a "who"
HEAD_BONUS = 0.5  # a name titled as head of what a "who runs" asks about (see _heads)
_WHO_DID = re.compile(r"^\W*(?:(?:at|on|by|for|with)\s+)?who(?:se)?\b(?!(?:'s|’s|\s+(?:is|was|are|were)\b))",
                      re.I)


def _country_words(text: str, query: Query, terms: Terms) -> Iterator[tuple[re.Match[str], str]]:
    """The words of the sentence naming a country, with their terms; a capital stands for its
    government, not for a country asked about."""
    for m in _WORD_PART.finditer(text):
        ts = _analysed(m.group(), terms)
        if ts and ts[0] in query.places and ts[0] not in query.capitals:
            yield m, ts[0]


def _country_spans(text: str, query: Query, terms: Terms) -> tuple[tuple[int, int], ...]:
    """The country names of the sentence ("Armenia", not the adjective "Armenian")."""
    return tuple(m.span() for m, _ in _country_words(text, query, terms)
                 if m.group()[:1].isupper() and m.group().lower().removesuffix("s") not in demonyms())


def _unit_match(unit: str, query: Query, terms: Terms) -> Callable[[str], bool]:
    """What may follow a count of ``unit``: the word, its synonyms, and for "how many people"
    any kind of person ("6,000 visitors") or nationality ("120,000 Armenians"); a count of a
    kind of person may say "people" or "members" instead."""
    counted = _analysed(unit, terms)  # ("300 soldiers" for "how many troops": words used alike)
    own = frozenset(_expand(counted, query)) | {r for t in counted for r in query.related.get(t, ())}
    word = unit.lower()
    if word not in _PEOPLE:
        if is_person_noun(word):
            # "how many dockworkers" is answered by "4,200 of its members"
            own |= {t for w in _ANYONE for t in _analysed(w, terms)}
        return own.__contains__
    people = _person_terms(terms)
    return lambda t: t in own or t in people or t in query.places


_PEOPLE = frozenset({"people", "persons", "individuals", "residents", "civilians"})
_ANYONE = ("people", "persons", "members", "workers", "employees", "staff")


@lru_cache(maxsize=4)
def _person_terms(terms: Terms) -> frozenset[str]:
    return frozenset(t for word in person_nouns() for t in terms(word))


@lru_cache(maxsize=4)
def _verb_terms(terms: Terms) -> frozenset[str]:
    return frozenset(t for word in verbs() for t in terms(word))


@lru_cache(maxsize=1024)
def _events(words: tuple[str, ...], terms: Terms) -> tuple[str, ...]:
    """The words that name an event: verbs, less the light ones ("hold", "say"), in order.
    Cached: asked of the same question's terms for every candidate sentence."""
    return tuple(t for t in words if t in _verb_terms(terms) and t not in _light_terms(terms))


@lru_cache(maxsize=4)
def _start_terms(terms: Terms) -> frozenset[str]:
    return frozenset(t for word in ("begin", "start", "commence") for t in terms(word))


@lru_cache(maxsize=4)
def _end_terms(terms: Terms) -> frozenset[str]:
    """Verbs of an end, which "until" dates: "closed until 3 February" is when it reopens."""
    return frozenset(t for word in ("end", "finish", "reopen", "resume", "restart", "lift",
                                    "expire") for t in terms(word))


_FROM = re.compile(r"\b(?:from|starting|as of|beginning)\s+$", re.I)
_UNTIL = re.compile(r"\b(?:until|till|through)\s+(?:at least\s+)?$", re.I)
_UNTIL_WHEN = re.compile(r"\b(?:until|till) when\b", re.I)


@lru_cache(maxsize=4)
def _light_terms(terms: Terms) -> frozenset[str]:
    """Verbs that leave the event to their object ("hold a round-table", "take a photo"), and
    verbs of speaking, which news writes many ways ("speak to the council", "remarks made")."""
    return frozenset(t for word in _LIGHT_VERBS for t in terms(word))


_LIGHT_VERBS = ("hold", "take", "make", "give", "have", "get", "go", "come", "put", "set",
                "keep", "do", "happen", "occur", "place", "speak", "talk", "address", "comment",
                "remark", "state", "declare", "say", "tell")


_TITLE_BEFORE = re.compile(r"(?:[A-Z][\w'’.-]*\s+){1,4}$")
ROLE_WINDOW = 4  # words between a role ("minister") and the name of who holds it


def _holds_role(text: str, span: tuple[int, int], query: Query, terms: Terms) -> bool:
    """Whether the name at ``span`` can be the person the question asks about.

    Its title must not give it another country ("Russian Foreign Minister Sergei Lavrov" does
    not answer for Azerbaijan), and "Who is the <role>?" wants the name beside the role
    ("USAID Director Samantha Power", "Kristina Kvien, the U.S. ambassador"), not any name in
    a sentence that mentions the role."""
    asked = query.countries
    title = _TITLE_BEFORE.search(text, 0, span[0])
    if title and asked:
        named = _countries_in(title.group(), query, terms)
        if named and not named & asked:
            return False
    wanted = [_analysed(r, terms) for r in query.question.roles]
    roles = _role_terms(query.question.roles, terms)
    if not roles:
        return True
    # "Who is the prime minister of Azerbaijan?": the sentence must say whose prime minister
    if asked and not _countries_in(text, query, terms) & asked:
        return False
    before = _WORD.findall(text, 0, span[0])[-ROLE_WINDOW - 1 :]
    apposition = _APPOSITION.match(text, span[1])  # "Kristina Kvien, the U.S. ambassador"
    after = _WORD.findall(text, apposition.end())[:ROLE_WINDOW] if apposition else []
    beside = {t for word in before + after for t in _analysed(word, terms)}
    if any(r and all(t in beside or beside.intersection(_forms(t, query)) for t in r)
           for r in wanted):
        return True
    # "the head of USAID", "Brightwell's boss": any title will do ("USAID Director ..."), and
    # so does saying what the person does ("Henrik Olavsen, who chairs the port authority")
    return bool(roles & _GENERIC_ROLES and (any(_titled(w.lower()) for w in before + after)
                                            or _LEADS.match(text, span[1])))


_GENERIC_ROLES = frozenset({"head", "boss", "chief", "leader"})
_LEADS = re.compile(r",\s+who\s+(?:chairs|chaired|heads|headed|leads|led|runs|ran|directs|directed"
                    r"|manages|managed|founded|commands|commanded)\b")


# The titles of whoever heads something ("Hospital director", "head coach", "the island's mayor")
HEAD_TITLES = frozenset({
    "head", "boss", "chief", "leader", "director", "chair", "chairman", "chairwoman", "chairperson",
    "president", "manager", "coach", "mayor", "governor", "ceo", "commissioner", "principal",
    "dean", "rector", "commander", "superintendent", "presiding"})
# "The jury of five, chaired by novelist Bogdan Ilyarek"
_HEADED_BY = re.compile(r"\b(?:chaired|headed|led|run|managed|directed|commanded)\s+by\s+"
                        r"(?:[\w’'.-]+\s+){0,3}$", re.I)
_HARD_STOP = re.compile(r"[.;:!?\"“”()]")


def _role_terms(roles: Sequence[str], terms: Terms) -> frozenset[str]:
    """The terms of the question's role words ("minister", "head")."""
    return frozenset(t for r in roles for t in _analysed(r, terms))


def _heads(text: str, query: Query, terms: Terms) -> list[tuple[int, int]]:
    """The names whose title says they head what the question asks about: "Hospital director
    Sigrid Hammar", "Milena Horáková, chairwoman of the Federation of Railway Workers (FRW)",
    "The island's mayor, Hanne Brekke", "The jury of five, chaired by novelist Bogdan Ilyarek".
    A named role must be in the title ("head coach" for "manager"); "who runs" takes any head's."""
    named = [r.lower() for r in query.question.roles]
    generic = all(r in _GENERIC_ROLES for r in named)
    wanted = {w for r in named for w in synonyms_of(r)}
    roles = _role_terms(query.question.roles, terms)
    asked = [t for t in query.terms if t not in roles]
    found = []
    for span in typed_spans(text, PERSON):
        for part, titled in _titles(text, span):
            words = {w.lower().strip(".,’'") for w in _WORD.findall(part)}
            if not (titled or words & HEAD_TITLES) or not (generic or words & wanted):
                continue
            said = {t for w in words for t in _analysed(w, terms)}
            if any(t in said or said.intersection(_forms(t, query)) for t in asked):
                found.append(span)
                break
    return found


def _titles(text: str, span: tuple[int, int]) -> Iterator[tuple[str, bool]]:
    """The words that say what the person at ``span`` is, each with whether they say the person
    heads something whatever the title."""
    title = _title_before(text, span[0])
    if title:  # "Hospital director Sigrid Hammar"
        yield text[title[0] : title[1]], False
    before = text[: span[0]]
    if before.rstrip().endswith(","):  # "The island's mayor, Hanne Brekke"
        clause = re.split(r"[,.;:!?\"“”()]", before.rstrip()[:-1])[-1]
        yield clause, False
    apposition = _APPOSITION.match(text, span[1])
    if apposition:  # "Milena Horáková, chairwoman of the Federation of Railway Workers (FRW)"
        yield re.split(r"[,.;:]|\b(?:said|says|told)\b", text[apposition.end() :])[0], False
    by = _HEADED_BY.search(before)
    if by:  # "The jury of five, chaired by novelist Bogdan Ilyarek"
        yield _HARD_STOP.split(before[: by.start()])[-1], True
    leads = _LEADS.match(text, span[1])
    if leads:  # "Henrik Olavsen, who chairs the port authority"
        yield _HARD_STOP.split(text[leads.end() :])[0], True


def _countries_in(text: str, query: Query, terms: Terms) -> set[frozenset[str]]:
    """The countries the words name, each as its group of names ("Russian" -> Russia's)."""
    return {query.places[t] for t in _analysed(text, terms) if t in query.places}


def _roles_of(text: str, query: Query, terms: Terms) -> list[tuple[int, int]]:
    """What the sentence says the asked person is: an apposition after the name ("Vedant Patel,
    a spokesman for the U.S. State Department,") or the title before it ("State Department
    spokesman Ned Price")."""
    named = {t for group in query.names for t in group}
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)
             if set(_analysed(m.group(), terms)) & named]
    spans: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(words):
        if i + 1 < len(words) and text[b : words[i + 1][0]].strip() == "":
            continue  # inside the name: look after its last word
        after = _ROLE_AFTER.match(text, b)
        if after:
            spans.append(after.span(1))
        first = a
        while i > 0 and text[words[i - 1][1] : first].strip() == "":
            i, first = i - 1, words[i - 1][0]
        title = _title_before(text, first)
        if title and text[title[0] : title[1]].lower().strip(".") not in HONORIFICS:
            spans.append(title)
    return spans


def _title_before(text: str, end: int) -> tuple[int, int] | None:
    """The title written just before a name: "State Department spokesman" (Ned Price),
    "Russian Foreign Minister" (Sergei Lavrov); not "Led by Representative"."""
    words = list(re.finditer(r"\S+", text[:end]))
    if not words or not _is_title(words[-1].group()):
        return None
    start = words[-1].start()
    for w in reversed(words[:-1]):
        word = w.group()
        bare = word.lower().strip(".,;:’'\"“”")
        if bare in ("of", "for") and text[start:start + 1].isupper():
            continue  # "Secretary of State": taken only with the word before it
        if (not re.fullmatch(r"[A-Z][\w.’'-]*|[a-z]+", word) or bare in STOPWORDS
                or IRREGULAR.get(bare, bare) in verbs()
                or not (word[0].isupper() or _titled(bare))):
            break
        start = w.start()
    return start, words[-1].end()


# "Drummond, 58, a former mayor of Castrelle,", "Dr Felix Amundsen, currently chief executive"
_ROLE_AFTER = re.compile(
    r",(?:\s+\d{1,3},)?\s+((?:(?:currently|now|formerly|previously)\s+(?:(?:a|an|the)\s+)?"
    r"|(?:a|an|the)\s+)[^,;:()]+?)(?=\s*(?:[,;:()]|\.?[\"”’']?\s*$|\s(?:said|says|told)\b))")


def _is_title(words: str) -> bool:
    """Whether the words end in a title or role ("Foreign Minister", "spokesman")."""
    last = re.findall(r"[\w.]+", words)[-1:]
    return bool(last) and _titled(last[0].lower())


def _titled(word: str) -> bool:
    """Whether a lower-case word is a title ("minister", "u.s.") or names a kind of person."""
    return word in TITLES or word in person_nouns()


_APPOSITION = re.compile(r",\s+(?:(?:the|a|an|who is|who was)\s+)?")


@lru_cache(maxsize=16_384)
def _leans_on_before(sentence: str) -> bool:
    """Whether the sentence needs the one before: it opens with a pronoun ("He said ...") or
    says "afterwards" (cached like :func:`word_terms`)."""
    return bool(_PRONOUN_START.match(sentence) or _REFERS_TO_BEFORE.search(sentence))


# "... visited Baku and Yerevan afterwards": after what the sentence before says
_REFERS_TO_BEFORE = re.compile(r"\b(?:afterwards?|thereafter|the same day|the next day)\b", re.I)
_PRONOUN_START = re.compile(r"^\W*(?:He|She|They|It|His|Her|Their|Its|This|That|These|Those)\b")


def _forms(term: str, query: Query) -> tuple[str, ...]:
    """The corpus terms that stand for a question term: spelling variants, synonyms."""
    found = query.forms.get(term)
    if found is None:
        return (*query.variants.get(term, ()), *query.synonyms.get(term, ()))
    return found


def _words_before(
    corpus: Corpus, passage_id: int, start: int, terms: Terms
) -> tuple[frozenset[str], frozenset[str]]:
    """The words of the sentence before ``start`` in its document and of the one before that,
    which a leading "It" or "He" may stand for ("The satellite, called Terrawatch-2, lifted off
    ... The mission cost ... It weighs 1,150 kilograms"): found in the document, whichever
    passage the sentence was retrieved in."""
    doc = corpus.document(corpus.passages[passage_id].doc_id)
    earlier = [s for s in corpus.document_sentences(passage_id) if s[1] <= start]
    near, far = [_own_terms(doc.text[a:b], terms)
                 for a, b in ([(0, 0)] * 2 + earlier)[-2:]][::-1]
    return near, far


def qualified_pairs(text: str, terms: Terms) -> tuple[tuple[str, str], ...]:
    """Lower-case word pairs of a question where the first qualifies the second ("haddock
    quota", "annual budget"): side by side, both content words."""
    words = [(m.end(), m.start(), m.group()) for m in _WORD.finditer(text)]
    pairs = []
    for (end, _, a), (_, start, b) in pairwise(words):
        if (text[end:start] == " " and _noun_like(a) and _noun_like(b)
                and a not in _QUESTION_WORDS and b.lower() not in _NOT_HEADS):
            ta, tb = _analysed(a, terms), _analysed(b, terms)
            if len(ta) == 1 and len(tb) == 1 and not ta[0].isdigit():
                pairs.append((ta[0], tb[0]))
    return tuple(pairs)


def _noun_like(word: str) -> bool:
    """A lower-case word that may be a noun: not mostly a verb, not "-ing", "-ed" or "-ly"."""
    return (word.islower() and IRREGULAR.get(word, word) not in verbs()
            and not word.endswith(("ing", "ed", "ly")))


_QUESTION_WORDS = QUESTION_WORDS - {"long"}  # ("long" qualifies a noun: "long delays")
# Words that qualify what follows them: "the same time last year" pairs no "time last".
_NOT_HEADS = frozenset("last next first same other previous former latest new old current recent "
                       "past final early late".split())


def _other_kind(text: str, first: str, second: str, terms: Terms) -> bool:
    """Whether the sentence qualifies ``second`` by another word than ``first`` ("cod quota"
    for "haddock quota")."""
    words = list(_WORD.finditer(text))
    for before, word in pairwise(words):
        if (_analysed(word.group(), terms) == (second,) and text[before.end() : word.start()] == " "
                and _noun_like(before.group())
                and len(qualifier := _analysed(before.group(), terms)) == 1
                and qualifier[0] not in (first, second) and not qualifier[0].isdigit()):
            return True
    return False


_NUMBERED = re.compile(r"\b(?!(?:In|On|At|By|Since|From|Until|Before|After|The)\b)"
                       r"([A-Z][\w’'.]*)[-\s](\d{1,4})\b")


@lru_cache(maxsize=16_384)
def _other_number(sentence: str, question: str) -> bool:
    """Whether the sentence is about another of a numbered series: "Terrawatch-1" when the
    question asks about Terrawatch-2, "Line 2" for "Line 3"."""
    asked = {m.group(1).lower(): m.group(2) for m in _NUMBERED.finditer(question)}
    if not asked:
        return False
    said = [(m.group(1).lower(), m.group(2)) for m in _NUMBERED.finditer(sentence)]
    return any(name in asked and number != asked[name] for name, number in said) and not any(
        asked.get(name) == number for name, number in said)


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_MONTH = re.compile(r"\b(?:January|February|March|April|June|July|August|September|October"
                    r"|November|December|(?<=in |of |on )May|May(?= \d))\b")


@lru_cache(maxsize=16_384)
def _other_time(sentence: str, question: str) -> bool:
    """Whether the sentence speaks of another year or month than the question asks about: "the
    2025 budget" for "the 2024 budget", "9.4% in March, up from 8.8% in February" for January."""
    for pattern in (_YEAR, _MONTH):
        asked = set(pattern.findall(question))
        said = set(pattern.findall(sentence))
        if asked and said and not asked & said:
            return True
    return False


# "Who finished third?" is not answered by who won, nor by "a group of four runners"
_ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                       "ninth", "tenth"})


def _covers(candidate: _Scored, settings: Settings) -> bool:
    """Enough of the question: ``min_coverage`` of its weight, or somewhat less when the
    sentence shares at least ``MANY_MATCHED`` of its words. A reader's paraphrase leaves some
    of its own words unmatched ("post on Twitter" for "tweeted"); the near misses of an
    unanswerable question share one or two words, seldom three."""
    if candidate.coverage >= settings.min_coverage:
        return True
    return (candidate.coverage >= settings.min_coverage - PARAPHRASE_SLACK
            and len(set(candidate.matched)) >= MANY_MATCHED)


PARAPHRASE_SLACK = 0.14  # down to 0.36: answerable paraphrases seen at 0.38, near misses at 0.33
MANY_MATCHED = 3


def _expand(terms: Sequence[str], query: Query) -> list[str]:
    """Terms with their corpus spelling variants and synonyms."""
    return [v for t in terms for v in (t, *_forms(t, query))]


def _proximity(words: Sequence[tuple[int, str]], matched: Sequence[str], query: Query) -> float:
    """How tightly the matched question words cluster (1.0: side by side)."""
    wanted = set(_expand(matched, query))
    positions = [i for i, (_, t) in enumerate(words) if t in wanted]
    if len(set(matched)) < 2 or not positions:
        return 0.0
    spread = positions[-1] - positions[0] + 1
    return min(1.0, len(set(matched)) / spread)


def _answer_quotes(
    best: _Scored,
    candidates: list[_Scored],
    corpus: Corpus,
    settings: Settings,
    terms: Terms,
    query: Query,
) -> list[Quote]:
    """The best sentence, plus the next one of the same article when it completes the answer."""
    doc = corpus.document(best.doc_id)
    start, end = best.start, best.end
    if settings.max_sentences > 1 and best.coverage < 1.0:
        missing = set(query.all_terms) - set(best.matched)
        for other in candidates[1:6]:
            adjacent = other.doc_id == best.doc_id and (
                0 <= other.start - best.end <= 2 or 0 <= best.start - other.end <= 2
            )
            if adjacent and missing & set(other.matched):
                a, b = min(start, other.start), max(end, other.end)
                if b - a <= settings.max_chars:
                    start, end = a, b
                break
    if end - start > settings.max_chars:
        end = _clip(doc.text, start, end, settings.max_chars)
    return [Quote(doc.id, start, end, doc.text[start:end])]


def _clip(text: str, start: int, end: int, limit: int) -> int:
    """Cut an over-long sentence at the last word boundary within the limit."""
    cut = text.rfind(" ", start, start + limit)
    return cut if cut > start else start + limit


def _contested(
    best: _Scored, corpus: Corpus, passage_id: int, terms: Terms, settings: Settings
) -> list[Quote] | None:
    """The chosen sentence's claim and, close by in the same article, another side's answer to
    it ("Aliyev accused Armenia of ..." / "Yerevan has rejected such demands ...").

    News puts a rebuttal within a few sentences of the claim, and refers back to it ("such
    demands", "the claims", "they"), so the neighbours are searched rather than the whole
    corpus. The other side must be a different party, and either rebut or say something else
    about the same thing."""
    side_a = _side(best.text)
    if side_a is None:
        return None  # a plain statement of fact is no claim to contest
    doc = corpus.document(best.doc_id)
    spans = corpus.document_sentences(passage_id)
    at = next((i for i, (a, _) in enumerate(spans) if a == best.start), None)
    if at is None:
        return None
    best_terms = set(_analysed(best.text, terms))
    for step in (1, -1, 2, -2, 3, -3, 4, -4):
        j = at + step
        if not 0 <= j < len(spans):
            continue
        a, b = spans[j]
        text = doc.text[a:b]
        side_b = _side(text)
        if side_b is None and j > 0 and _PRONOUN_START.match(text) and _REBUTTAL.search(text):
            side_b = _side(doc.text[spans[j - 1][0] : spans[j - 1][1]])  # "It has denied ..."
        if side_b is None or _same_side(side_a, side_b):
            continue
        rebuts = _REBUTTAL.search(text) or _REBUTTAL.search(best.text)
        refers = bool(best_terms & set(_analysed(text, terms))) or _REFERS_BACK.search(text)
        # Without a rebuttal word, two parties must say different things side by side about
        # the same thing: "Azerbaijanis who say they are ..." / "Yerevan says they are ...".
        # (a named party: "The company said" is the same one again)
        opens = _opening_side(text) if abs(step) == 1 else None
        says = opens and any(w[:1].isupper() for w in opens.split()) and (
            _same_referent(best.text, text) or len(best_terms & set(_analysed(text, terms))) >= 2)
        if not (rebuts and refers) and not says:
            continue
        # The same side often goes on in the next sentence ("It has also strongly denied ...").
        if j + 1 < len(spans) and j + 1 != at:
            na, nb = spans[j + 1]
            more = doc.text[na:nb]
            if _PRONOUN_START.match(more) and _REBUTTAL.search(more) and nb - a <= settings.max_chars:
                b = nb
        first = Quote(best.doc_id, best.start, best.end, best.text, attribution=side_a)
        second = Quote(doc.id, a, b, doc.text[a:b], attribution=side_b)
        return [first, second] if step > 0 else [second, first]
    return None


_REBUTTAL = re.compile(
    r"\b(?:denie[sd]|deny(?:ing)?|reject(?:s|ed|ing)?|refus(?:es|ed|ing)|dismiss(?:es|ed|ing)"
    r"|disput(?:es|ed|ing)|counter to|on the other hand|baseless|groundless|untrue|false)\b",
    re.I,
)
_REFERS_BACK = re.compile(r"\b(?:they|them|such|these|those|the claims?|the accusations?)\b", re.I)
_PARTY = r"[A-Z][\w’'.-]*(?:\s+(?:(?:and|of|for|the)\s+)?[A-Z][\w’'.-]*)*"
_NAME_START = (r"^\W*(?P<who>(?!(?:The|A|An|In|On|At|But|And|As|It|He|She|They|This|That)\b)"
               + _PARTY + ")")
_SAYS_START = re.compile(
    rf"^\W*(?:The\s+)?(?P<who>{_PARTY})\s+(?:(?:also|again|has|have|had|repeatedly|\w+ly)\s+)*"
    r"(?:says?|said|claims?|claimed|insists?|insisted|maintains?|argues?|argued|counters?|countered)\b"
)
# "Baku, on the other hand, refused the claims": a party opening the sentence, then a verb
# of claiming or rebutting within a few words.
_PARTY_START = re.compile(
    _NAME_START + r"(?:,[^,]{1,40},)?\s+(?:\w+\s+){0,3}?"
    r"(?:says?|said|claim(?:s|ed)?|insist(?:s|ed)?|accus(?:es|ed)|alleg(?:es|ed)|denie[sd]"
    r"|reject(?:s|ed)|refused|dismissed|disputed|argued|maintained)\b"
)


_SAYS_ABOUT = re.compile(
    r"\b(?:says?|said|claims?|claimed|insists?|insisted)\s+(?:that\s+)?(they|it|he|she|this)\b", re.I
)


def _same_referent(a: str, b: str) -> bool:
    """Both sentences report what someone says "they" (or "it") are."""
    ma, mb = _SAYS_ABOUT.search(a), _SAYS_ABOUT.search(b)
    return bool(ma and mb and ma.group(1).lower() == mb.group(1).lower())


def _side(sentence: str) -> str | None:
    """The party a sentence attributes its claim to, if any."""
    return _opening_side(sentence) or attribution(sentence)


def _opening_side(sentence: str) -> str | None:
    """The party a sentence opens with, saying or rebutting something: "Commission chairman
    Yaroslav Peterin insists", "The ... Union says", "The fisheries ministry rejected ..." and
    "The environmental group Clean Rivers Daskavia says"."""
    m = _PARTY_START.match(sentence) or _SAYS_START.match(sentence)
    if m:
        return m.group("who")
    m = _BODY_START.match(sentence)
    if m and (any(w[:1].isupper() for w in m.group("who").split())
              or m.group("head").lower() in person_nouns()):
        return m.group("who")
    return None


# "The Sarrano Port Authority disputes ...", "The fisheries ministry rejected ...": a body named
# with "the", which is a party when capitalised or when its last word names a group of people.
_BODY_START = re.compile(
    r"^\W*[Tt]he\s+(?P<who>(?:[\w’'.-]+\s+){0,4}?(?P<head>[\w’'.-]+))\s+"
    r"(?:(?:also|again|has|have|had|\w+ly)\s+)*"
    r"(?:says?|said|claims?|claimed|insists?|insisted|denie[sd]|reject(?:s|ed)|disput(?:es|ed)"
    r"|refused|dismissed|maintains?|maintained|argued|countered)\b"
)


def _same_side(a: str, b: str) -> bool:
    """The same party: one name within the other ("Aliyev", "President Ilham Aliyev") or the
    same last word; a shared first word is only where both are from ("Sarrano Dockworkers'
    Union", "Sarrano Port Authority")."""
    wa, wb = a.lower().split(), b.lower().split()
    if wa[0] in ("they", "who") or wb[0] in ("they", "who"):
        return True
    shared = set(wa) & set(wb)
    return bool(shared) and (set(wa) <= set(wb) or set(wb) <= set(wa) or wa[-1] == wb[-1]
                             or shared != {wa[0]} or wa[0] != wb[0])


def _short(
    best: _Scored, quote: Quote, query: Query, terms: Terms
) -> tuple[str | None, tuple[int, int] | None]:
    """The typed span nearest the matched question words, e.g. the name for a "who"."""
    if not best.spans or query.question.expected == CAUSE:  # a reason is the whole sentence
        return None, None
    # nearest the user's own words: in "How full was it at the same time last year?" the
    # words carried over from the last turn ("reservoir") stand by another figure
    own = [t for t in best.matched if t in query.terms]
    matched = set(_expand(own or best.matched, query))
    if query.question.expected == DATE:  # the date nearest the event: "closed in April 2021"
        events = set(_expand(_events(best.matched, terms), query))
        matched = events or matched
    positions = [pos for pos, t in word_terms(best.text, terms) if t in matched]

    known = set(_expand(query.all_terms, query))
    how_much = "how much" in query.question.text.lower()

    country = _asks(query.question.text).which_country

    def distance(span: tuple[int, int]) -> tuple[int, int, int, int, int, int, int, int]:
        # New information beats words of the question ("Ukrainian Cultural Center" for "talk
        # with Ukrainian leaders"), a country for "which country", full names ("Louis Bono")
        # beat bare acronyms ("U.S."), an amount beats a time for "how much", and what the
        # article says beats its conversion in brackets ("32-kilometer (20-mile)").
        whole, span = span, trim(span)
        # A person's title the question repeats is cut off, not held against the name; a place
        # holding the question's words ("Ukrainian Cultural Center") is less likely new.
        said = span if query.question.expected == PERSON else whole
        # (a count's unit may well repeat the question: "a 15% pay rise" for "what pay increase")
        repeats = int(not counting and bool(set(_analysed(best.text[said[0] : said[1]], terms)) & known))
        text = best.text[span[0] : span[1]]
        not_country = int(country and not set(_analysed(text, terms)) & query.places.keys())
        # (and the other way round for "which company")
        body = (int(not is_organisation(text)) if query.question.organisation
                else int(query.question.expected == PERSON and bool(_INSTITUTION.search(text))))
        # a lone word is a weak name ("U.S.") and a weak role ("Representative" beside "a
        # Democrat")
        bare = int(query.question.expected in (PERSON, ROLE) and (" " not in text or text.isupper()))
        timely = int(how_much and bool(_TIME_UNIT.search(text)))
        near = min((_reach(best.text, p, span, counting) for p in positions), default=0)
        aside = int(best.text[max(0, span[0] - 1) : span[0]] == "(")
        return (not_country, repeats, bare, body, timely, aside, near, span[0])

    counting = query.question.expected in (NUMBER, DURATION)

    def trim(span: tuple[int, int]) -> tuple[int, int]:
        """Drop leading words the question already says ("Russian Foreign Minister ..."), but
        not from a date ("February 18") nor down to the last word of a name ("Human Rights
        Watch" for "which human rights organization")."""
        base, b = span
        if query.question.expected == DATE:  # "in May 2026" -> "May 2026"; "since" stays
            lead = re.match(r"(?:in|on|at|by)\s+", best.text[base:b], re.I)
            return (base + lead.end(), b) if lead else span
        if query.question.expected == ROLE:
            return span
        a = base
        for m in re.finditer(r"\S+\s*", best.text[base:b]):
            word_end = base + m.end()
            word = m.group().strip()
            said = set(_analysed(word, terms))
            if not said and counting:  # "about 210,000": the hedge belongs to the amount
                break
            if word_end >= b or not (said <= known or any(
                    common_prefix_len(w, k) >= 4 for w in said for k in known)):
                break
            a = word_end
        rest = best.text[a:b]
        if a > base and " " not in rest.strip() and not _is_title(best.text[base:a]):
            return span
        return a, b

    a, b = trim(min(best.spans, key=distance))
    offset = best.start - quote.start
    return best.text[a:b], (a + offset, b + offset)


def _reach(text: str, at: int, span: tuple[int, int], counting: bool) -> int:
    """How far the question's word at ``at`` stands from the span, in characters. An amount is
    further when a comma or an "and" comes between, which start another item: in "owns 49
    percent of the Drovenna Courier and 35 percent of Radio Vesna" the Courier's share is 49
    percent. (A name is not: "Frank Pallone, a Democrat, ...".)"""
    near = min(abs(at - span[0]), abs(at - span[1]))
    between = text[span[1] : at] if at >= span[1] else text[at : span[0]]
    return near + (CLAUSE_REACH if counting and _ITEM_BREAK.search(between) else 0)


CLAUSE_REACH = 40  # characters: about six words
_ITEM_BREAK = re.compile(r"[,;]|\band\b")
# A "who" is asked of people first: a council or ministry is the answer only when no one is named.
_INSTITUTION = re.compile(
    r"\b(?:Council|Committee|Department|Ministry|Service|Agency|Organi[sz]ation|Union|Office"
    r"|Commission|Parliament|Army|Forces|Court|Bank|Party)$"
)
_WORD = re.compile(r"\d[\d,.]*\d|[\w’'.-]+")  # "1,150" is one word
_WORD_PART = re.compile(r"[^\W\d_]+")  # "Russian" of "Russian-brokered"
_WHICH_COUNTRY = re.compile(r"\b(?:which|what) (?:other )?(?:country|countries|nation|nationality)\b",
                            re.I)
_BY_HOW_MUCH = re.compile(r"\bby how (?:much|many)\b", re.I)
_TO_LEVEL = re.compile(r"\b(?:to|at)\s+(?:a\s+|an\s+)?(?:(?:new|record|fresh)\s+)?$", re.I)
_AGE_RE = re.compile(AGE, re.I)
_NAME_COMMA = re.compile(r"\b[A-Z][\w’'-]+,\s*$")


def _age_apposition(text: str, span: tuple[int, int]) -> bool:
    """News gives an age between commas after the name, with no unit: "Kostyuk, 54, pleaded"."""
    a, b = span
    return (text[a:b].isdigit() and 0 < int(text[a:b]) < 120 and text.startswith(",", b)
            and bool(_NAME_COMMA.search(text, max(0, a - 40), a)))


_TIME_UNIT = re.compile(r"\b(?:second|minute|hour|day|week|month|year|decade)s?\b", re.I)


def _corroborating(
    best: _Scored,
    candidates: list[_Scored],
    short: str | None,
    settings: Settings,
    cited: set[str],
    query: Query,
    terms: Terms,
) -> list[Quote]:
    """One supporting sentence from each other document that reports the same fact.

    It must cover nearly as much of the question (``settings.corroborate`` of the best) and
    agree with the answer: hold the same short answer, the asked person's role, the question
    words the answer matched (all but one), or mostly the same words. Strong agreement (the
    same short answer, or half the words) lets it cover less: "the fighting ended with a
    Russian-brokered agreement" reports who brokered the ceasefire in other words."""
    out: list[Quote] = []
    if best.coverage <= 0:
        return out
    own = _own_terms(best.text, terms)
    own_runs = _runs(best.text, terms)
    said = _countries_in(short, query, terms) if short is not None else set()
    for c in candidates[1:]:
        if c.doc_id in cited:
            continue
        if query.question.expected == ROLE:
            agrees, strong = bool(c.spans), False
        elif short is not None:  # the same answer, or the same country ("Norwegian-brokered")
            agrees = strong = _sounds(short) in _sounds(c.text) or (
                bool(said) and said <= _countries_in(c.text, query, terms))
        else:
            theirs = _own_terms(c.text, terms)
            shared = len(own & theirs) / len(own | theirs) if own | theirs else 0.0
            # mostly the same words, or the question words the answer matched, all but one
            agrees = shared >= 0.3 or (len(set(best.matched) - set(c.matched)) <= 1
                                       and len(set(c.matched)) >= MANY_MATCHED)
            # half the words, or the same words in a row: both quote the same statement
            strong = shared >= 0.5 or bool(own_runs & _runs(c.text, terms))
            agrees = agrees or strong
        need = STRONG_CORROBORATION if strong else settings.corroborate
        if agrees and c.coverage >= need * best.coverage:
            out.append(Quote(c.doc_id, c.start, c.end, c.text))
            cited.add(c.doc_id)
    return out


def _same_fact(
    best: _Scored,
    short: str,
    corpus: Corpus,
    passage_of: Mapping[str, int],
    cited: set[str],
    query: Query,
    terms: Terms,
) -> list[Quote]:
    """A sentence from each other retrieved article that states the answer's figure or name,
    though in words the question does not use: "around 4,200 people had been moved" backs
    "forced about 4,200 residents to leave their homes".

    The fact must be specific (a figure of three digits or with its unit or month, a name of
    two words). A figure must be about the same thing: its article is about one of the
    question's words the answer's article is about too, or its sentence holds one."""
    fact = _fact(short)
    if fact is None:
        return []
    digits, words = fact
    figures = [re.compile(rf"(?<![\d,.]){re.escape(d)}(?![\d]|[,.]\d)") for d in digits]
    about = query.in_documents.get(best.doc_id, frozenset()) - query.places.keys()
    said = set(_analysed(short, terms))
    asked = {t: set(_expand([t], query)) for t in query.all_terms if t not in said}
    # a name is backed by a sentence that says half of what the answer matched ("Chief
    # executive Irenka Vosslova said ..."), not by any that mentions the person
    need = 1 if digits else max(1, len({t for t in best.matched if t in asked}) // 2)
    out: list[Quote] = []
    for doc_id, passage_id in passage_of.items():
        if doc_id in cited or doc_id == best.doc_id:
            continue
        story = bool(digits) and bool(about & query.in_documents.get(doc_id, frozenset()))
        doc = corpus.document(doc_id)
        if not _states(doc.text, figures, words):
            continue
        found: list[tuple[int, int, int]] = []
        for a, b in corpus.document_sentences(passage_id):
            text = doc.text[a:b]
            if not _states(text, figures, words):
                continue
            own = _own_terms(text, terms)
            shared = sum(1 for forms in asked.values() if forms & own)
            if story or shared >= need:
                found.append((-shared, a, b))
        if found:
            _, a, b = min(found)
            out.append(Quote(doc_id, a, b, doc.text[a:b]))
            cited.add(doc_id)
    return out


_FIGURE = re.compile(r"\d(?:[\d,.]*\d)?")
_HEDGE = re.compile(r"^(?:(?:about|around|some|roughly|nearly|almost|approximately|over|under"
                    r"|more than|less than|fewer than|at least|up to|just|only|for|in|on|at|by|since|within"
                    r"|until|to)\s+)+", re.I)


def _fact(short: str) -> tuple[tuple[str, ...], str] | None:
    """The figures of the answer span and the word that must come with them, or ``None``
    when the span is too common to tell one report of it from another ("17", "2023",
    "Lisbon")."""
    core = _HEDGE.sub("", short.strip())
    digits = tuple(_FIGURE.findall(core))
    if not digits:
        return ((), core) if len(core.split()) >= 2 and core[:1].isupper() else None
    after = _FIGURE.split(core, maxsplit=1)[1].split()
    if len(digits) == 1 and _YEAR.fullmatch(digits[0]) and not after:
        return None
    if len(re.sub(r"\D", "", digits[0])) >= 3 and after[:1] != ["%"]:
        return digits, ""  # "about 4,200 residents" is "around 4,200 people" elsewhere
    # a small figure counts with the word after it: "3 March", "30 days", "7.25%"
    return (digits, after[0]) if after else None


def _states(text: str, figures: Sequence[re.Pattern[str]], words: str) -> bool:
    """The sentence holds those figures as whole numbers and the words, spelled alike."""
    return (all(f.search(text) for f in figures)
            and (not words or _sounds(words) in _sounds(text)))


STRONG_CORROBORATION = 0.5
SAME_WORDS_RUN = 5  # content words in a row that two reports of one statement share


def _runs(text: str, terms: Terms) -> frozenset[tuple[str, ...]]:
    """Every run of ``SAME_WORDS_RUN`` consecutive content words of the sentence."""
    words = [t for _, t in word_terms(text, terms)]
    return frozenset(tuple(words[i : i + SAME_WORDS_RUN])
                     for i in range(len(words) - SAME_WORDS_RUN + 1))


@lru_cache(maxsize=16_384)
def _sounds(text: str) -> str:
    """The text as :func:`qabot.lexicon.sound` keys, padded: "Dimitar Hvostov" is found in a
    report writing "Dimitar Khvostov"."""
    return f" {' '.join(sound(t.norm) for t in raw_tokens(text))} "


def _citations(corpus: Corpus, quotes: Sequence[Quote]) -> tuple[Citation, ...]:
    seen: dict[str, Citation] = {}
    for q in quotes:
        if q.doc_id not in seen:
            doc = corpus.document(q.doc_id)
            seen[q.doc_id] = Citation(doc.id, doc.title, doc.date, q.text)
    return tuple(seen.values())


def _abstain(
    query: Query, hits: Sequence[Hit], corpus: Corpus, candidates: list[_Scored], why: str
) -> Answer:
    return Answer(
        question=query.question.text,
        quotes=(),
        short=None,
        abstained=True,
        citations=(),
        explanation=_explain(query, hits, corpus, candidates, f"abstained: {why}"),
    )


def _explain(
    query: Query, hits: Sequence[Hit], corpus: Corpus, candidates: list[_Scored], verdict: str
) -> Explanation:
    return Explanation(
        query_terms=query.terms,
        expanded_terms=tuple(v for t in query.terms for v in query.variants.get(t, ())),
        kind=query.question.kind,
        expected=query.question.expected,
        passages=tuple((h.passage.doc_id, h.score, corpus.passage_text(h.passage)) for h in hits[:5]),
        candidates=tuple(
            Candidate(c.doc_id, c.start, c.end, c.text, c.score, c.bm25, c.coverage,
                      bool(c.spans), c.matched)
            for c in candidates[:5]
        ),
        verdict=verdict,
        context_terms=query.context,
    )

