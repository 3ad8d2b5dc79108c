"""What is quoted, and the part of it that answers the question.

The quote is the chosen sentence, with the next one of its article when that completes the
answer, cut to the length limit. The short answer is the typed span (a name for "who", a date
for "when") that adds to the question and stands nearest its words, less the words the question
already says; an age between commas is such a span too.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qabot.asked import asks, event_terms
from qabot.lexicon import common_prefix_len
from qabot.models import Corpus, Quote
from qabot.query import Query, Scored, Settings, Terms, analysed, expand, word_terms
from qabot.question import CAUSE, DATE, DURATION, NUMBER, PERSON, ROLE, is_organisation
from qabot.roles import is_title


def answer_quotes(
    best: Scored,
    candidates: list[Scored],
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
    return [clipped(doc.id, doc.text, start, end, settings.max_chars)]


def clipped(doc_id: str, text: str, start: int, end: int, limit: int,
            attribution: str | None = None) -> Quote:
    """The quote of ``text[start:end]``, cut at a word boundary when longer than ``limit``."""
    if end - start > limit:
        end = _clip(text, start, end, limit)
    return Quote(doc_id, start, end, text[start:end], attribution=attribution)


def show_span(text: str, quote: Quote, highlight: tuple[int, int], sentence_end: int,
              limit: int) -> Quote:
    """``quote`` with ``highlight`` (offsets in it) marked. A sentence longer than ``limit``
    was clipped at its end (:func:`answer_quotes`), which may cut off the answer: the window
    then moves on to end just after it, starting at a word, so the highlight is always shown."""
    a, b = quote.start + highlight[0], quote.start + highlight[1]
    if b <= quote.end:
        return replace(quote, highlight=highlight)
    if b - a > limit:  # (no window shows it)
        return quote
    start = max(quote.start, b - limit)
    space = text.find(" ", start, a)
    start = space + 1 if space >= 0 else start
    # (not before the highlight's end: with no space after it within the limit, the last one
    # before the limit is inside or before it)
    end = (sentence_end if sentence_end - start <= limit
           else max(_clip(text, start, sentence_end, limit), b))
    return Quote(quote.doc_id, start, end, text[start:end], (a - start, b - start), quote.attribution)


def _clip(text: str, start: int, end: int, limit: int) -> int:
    """Cut an over-long sentence at the last word boundary within the limit."""
    cut = text.rfind(" ", start, start + limit)
    return cut if cut > start else start + limit


def short_answer(
    best: Scored, quote: Quote, query: Query, terms: Terms
) -> tuple[str | None, tuple[int, int] | None]:
    """The typed span nearest the matched question words, e.g. the name for a "who"."""
    if not best.spans or query.question.expected == CAUSE:  # a reason is the whole sentence
        return None, None
    # nearest the user's own words: in "How full was it at the same time last year?" the
    # words carried over from the last turn ("reservoir") stand by another figure
    own = [t for t in best.matched if t in query.terms]
    matched = set(expand(own or best.matched, query))
    if query.question.expected == DATE:  # the date nearest the event: "closed in April 2021"
        events = set(expand(event_terms(best.matched, terms), query))
        matched = events or matched
    positions = [pos for pos, t in word_terms(best.text, terms) if t in matched]

    known = query.every_form
    how_much = "how much" in query.question.text.lower()

    country = asks(query.question.text).which_country

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
        repeats = int(not counting and bool(set(analysed(best.text[said[0] : said[1]], terms)) & known))
        text = best.text[span[0] : span[1]]
        not_country = int(country and not set(analysed(text, terms)) & query.places.keys())
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
            said = set(analysed(word, terms))
            if not said and counting:  # "about 210,000": the hedge belongs to the amount
                break
            if word_end >= b or not (said <= known or any(
                    common_prefix_len(w, k) >= 4 for w in said for k in known)):
                break
            a = word_end
        rest = best.text[a:b]
        if a > base and " " not in rest.strip() and not is_title(best.text[base:a]):
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
_NAME_COMMA = re.compile(r"\b[A-Z][\w’'-]+,\s*$")


def age_apposition(text: str, span: tuple[int, int]) -> bool:
    """News gives an age with no unit: between commas after the name ("Kostyuk, 54,
    pleaded"), or after the word itself ("the retirement age from 64 to 66", "at the age of
    17")."""
    a, b = span
    if not (text[a:b].isdigit() and 0 < int(text[a:b]) < 120):
        return False
    return ((text.startswith(",", b) and bool(_NAME_COMMA.search(text, max(0, a - 40), a)))
            or bool(_AGE_BEFORE.search(text, max(0, a - 20), a)))


def population_apposition(text: str, span: tuple[int, int]) -> bool:
    """A count of people said to be a place's population: "a population of 48,000 people",
    "home to 11,000", "a town of 4,000 people"."""
    return bool(_POPULATION_BEFORE.search(text, max(0, span[0] - 40), span[0]))


_POPULATION_BEFORE = re.compile(
    r"\b(?:population\s+(?:of\s+|is\s+|was\s+|stands\s+at\s+|reached\s+|of\s+just\s+)?"
    r"|home\s+to\s+|(?:city|town|country|nation|village|island|region|province|district|capital"
    r"|municipality)\s+of\s+)$", re.I)
_AGE_BEFORE = re.compile(r"\bage\s+(?:of\s+|from\s+(?:\d+\s+to\s+)?|to\s+|at\s+)?$", re.I)


_TIME_UNIT = re.compile(r"\b(?:second|minute|hour|day|week|month|year|decade)s?\b", re.I)
