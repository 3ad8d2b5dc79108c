"""Other sources that report the same fact, cited beside the answer.

A sentence of another article corroborates when it covers nearly as much of the question and
agrees with the answer, or when it states the answer's figure or name in other words; names
are compared by sound, so a report spelling them otherwise still counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from qabot.lexicon import MIN_LENGTH, edit1, sound
from qabot.mismatch import YEAR
from qabot.models import Corpus, Quote
from qabot.query import MANY_MATCHED, Query, Scored, Settings, Terms, analysed, expand, word_set, word_terms
from qabot.question import ROLE
from qabot.roles import countries_in
from qabot.text import raw_tokens


def corroborating(
    best: Scored,
    candidates: list[Scored],
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
    own = word_set(best.text, terms)
    own_runs = _runs(best.text, terms)
    said = countries_in(short, query, terms) if short is not None else set()
    for c in candidates[1:]:
        if c.doc_id in cited:
            continue
        if query.question.expected == ROLE:
            agrees, strong = bool(c.spans), False
        elif short is not None:  # the same answer, or the same country ("Norwegian-brokered")
            # ("almost six hours" is reported as "nearly six hours")
            agrees = strong = says(c.text, _APPROXIMATELY.sub("", short)) or (
                bool(said) and said <= countries_in(c.text, query, terms))
        else:
            theirs = word_set(c.text, terms)
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


def same_fact(
    best: Scored,
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
    two words). It must be about the same thing: its article is about one of the question's
    words the answer's article is about too, or its sentence holds one (a name: half of those
    the answer matched)."""
    fact = _fact(short)
    if fact is None:
        return []
    digits, words = fact
    figures = [re.compile(rf"(?<![\d,.]){re.escape(d)}(?![\d]|[,.]\d)") for d in digits]
    about = query.in_documents.get(best.doc_id, frozenset()) - query.places.keys()
    said = set(analysed(short, terms))
    asked = {t: set(expand([t], query)) for t in query.all_terms if t not in said}
    # a name is backed by a sentence that says half of what the answer matched ("Chief
    # executive Irenka Vosslova said ..."), not by any that mentions the person
    need = 1 if digits else max(1, len({t for t in best.matched if t in asked}) // 2)
    out: list[Quote] = []
    for doc_id, passage_id in passage_of.items():
        if doc_id in cited or doc_id == best.doc_id:
            continue
        story = bool(about & query.in_documents.get(doc_id, frozenset()))
        doc = corpus.document(doc_id)
        if not _states(doc.text, figures, words):
            continue
        found: list[tuple[int, int, int]] = []
        for a, b in corpus.document_sentences(passage_id):
            text = doc.text[a:b]
            if not _states(text, figures, words):
                continue
            own = word_set(text, terms)
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
    if len(digits) == 1 and YEAR.fullmatch(digits[0]) and not after:
        return None
    if len(re.sub(r"\D", "", digits[0])) >= 3 and after[:1] != ["%"]:
        return digits, ""  # "about 4,200 residents" is "around 4,200 people" elsewhere
    # a small figure counts with the word after it: "3 March", "30 days", "7.25%"
    return (digits, after[0]) if after else None


def _states(text: str, figures: Sequence[re.Pattern[str]], words: str) -> bool:
    """The sentence holds those figures as whole numbers and the words, spelled alike."""
    return (all(f.search(text) for f in figures)
            and (not words or says(text, words)))


STRONG_CORROBORATION = 0.5
# (words of about as much: "more than" and "less than" are no one figure)
_APPROXIMATELY = re.compile(r"^(?:about|nearly|almost|around|roughly|some|approximately|an estimated"
                            r"|just over|just under)\s+(?=\S)", re.I)
SAME_WORDS_RUN = 5  # content words in a row that two reports of one statement share


def _runs(text: str, terms: Terms) -> frozenset[tuple[str, ...]]:
    """Every run of ``SAME_WORDS_RUN`` consecutive content words of the sentence."""
    words = [t for _, t in word_terms(text, terms)]
    return frozenset(tuple(words[i : i + SAME_WORDS_RUN])
                     for i in range(len(words) - SAME_WORDS_RUN + 1))


def says(text: str, words: str) -> bool:
    """Whether the text has the words in a row, spelled alike: "Dimitar Hvostov" is found in a
    report writing "Dimitar Khvostov", and "Jirek Halvorny" in one writing "Yirek Chalvorny"
    (a long word may differ by one letter more)."""
    wanted, found = _sounds(words), _sounds(text)
    n = len(wanted)
    if not n or _padded(words) in _padded(text):  # (the common case, quickly)
        return bool(n)
    if all(len(w) < MIN_LENGTH for w in wanted):
        return False
    return any(
        all(w == f or (len(w) >= MIN_LENGTH and edit1(w, f))
            for w, f in zip(wanted, found[i : i + n], strict=True))
        for i in range(len(found) - n + 1))


@lru_cache(maxsize=16_384)
def _padded(text: str) -> str:
    """:func:`_sounds` as one string with a space either side, for a substring test."""
    return f" {' '.join(_sounds(text))} "


@lru_cache(maxsize=16_384)
def _sounds(text: str) -> tuple[str, ...]:
    """The words of the text as :func:`qabot.lexicon.sound` keys (cached: the same candidate
    sentences are compared for every answer)."""
    return tuple(sound(t.norm) for t in raw_tokens(text))
