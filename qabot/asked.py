"""What the wording of a question asks beyond its terms, worked out once per question.

"Who bought ...?", "at whose request", "by how much", "until when", "which country"; the words
that name its event (not light verbs like "hold" or "say"), the verbs of a start or an end, and
what may follow a count of its unit. Every candidate sentence is checked against these.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from qabot.query import Query, Terms, analysed, expand
from qabot.question import unit_qualifier
from qabot.wordnet import is_person_noun, person_nouns, verbs


@dataclass(frozen=True, slots=True)
class _Asks:
    """What the wording of a question asks, looked up once per question, not per sentence."""

    who_did: bool  # "Who bought ...?", "At whose request ...?"
    whose: str | None  # the noun of "whose request"
    by_how_much: bool  # the change, not the new level
    to_what: bool  # "To what age is it raised?": the new level, not the old
    until_when: bool
    since_when: bool  # "Since what year has she ...?": best answered by the date after "since"
    which_country: bool
    party: bool  # "Which party does she belong to?": a party, not her title
    counted_as: str | None  # the participle of "how many people were injured": what befell them
    to_where: bool  # "Where were the injured taken?": the place they went to, not where from


@lru_cache(maxsize=1024)
def asks(text: str) -> _Asks:
    whose = _WHOSE.search(text)
    return _Asks(bool(_WHO_DID.match(text)), whose.group(1) if whose else None,
                 bool(_BY_HOW_MUCH.search(text)), bool(_TO_WHAT.search(text)),
                 bool(_UNTIL_WHEN.search(text)), bool(_SINCE_WHEN.match(text)),
                 bool(_WHICH_COUNTRY.search(text)), bool(_PARTY.search(text)),
                 counted.group(1) if (counted := _COUNTED_AS.search(text))
                 and counted.group(1).lower() not in _SEEN else None,
                 bool(_TO_WHERE.search(text)))


# How what is counted was known, not what befell it: "How many quakes were detected?" is
# answered by "recording more than 600 small earthquakes"
_SEEN = frozenset({"detected", "recorded", "reported", "registered", "counted", "found",
                   "confirmed", "identified", "seen", "observed", "spotted", "logged", "estimated"})
# "Where were the evacuees taken?", "Where was the plane headed?"
_TO_WHERE = re.compile(
    r"^\W*(?:and\s+)?(?:where|to (?:where|which|what)"
    r"|which (?:city|town|village|port|hospital|country|airport))"
    r"\b.*\b(?:taken|brought|sent|shipped|flown|moved|transferred|evacuated|relocated"
    r"|redirected|diverted|rushed|airlifted|carried|headed|heading|bound|going|travell?ing|sailing"
    r"|flying)\b", re.I)
_WHOSE = re.compile(r"\bwhose\s+([a-z]+)\b", re.I)
_WHO_DID = re.compile(r"^\W*(?:(?:at|on|by|for|with)\s+)?who(?:se)?\b(?!(?:'s|’s|\s+(?:is|was|are|were)\b))",
                      re.I)
_SINCE_WHEN = re.compile(r"^\W*(?:and\s+)?since (?:when|what|which)\b", re.I)
_UNTIL_WHEN = re.compile(r"\b(?:until|till) (?:when|what|which)\b", re.I)
_WHICH_COUNTRY = re.compile(r"\b(?:which|what) (?:other )?(?:country|countries|nation|nationality)\b",
                            re.I)
_PARTY = re.compile(r"\b(?:what|which)\s+(?:political\s+)?party\b", re.I)
_BY_HOW_MUCH = re.compile(r"\bby how (?:much|many)\b", re.I)
_TO_WHAT = re.compile(r"^\W*(?:and\s+)?to (?:what|which|how (?:much|many|high|low))\b", re.I)
# "How many passengers were injured ...?", "How many teachers have been dismissed ...?"
_COUNTED_AS = re.compile(r"\bhow many(?:\s+[\w'’-]+){1,3}?\s+(?:were|was|are|is|have been|has been"
                         r"|had been|got)\s+([a-z]+(?:ed|en))\b", re.I)


def unit_match(unit: str, query: Query, terms: Terms) -> Callable[[str], bool]:
    """What may follow a count of ``unit``: the word, its synonyms, and for "how many people"
    any kind of person ("6,000 visitors") or nationality ("120,000 Armenians"); a count of a
    kind of person may say "people" or "members" instead."""
    counted = analysed(unit, terms)  # ("300 soldiers" for "how many troops": words used alike)
    own = frozenset(expand(counted, query)) | {r for t in counted for r in query.related.get(t, ())}
    word = unit.lower()
    if word not in _PEOPLE:
        if is_person_noun(word):
            # "how many dockworkers" is answered by "4,200 of its members", and "how many
            # rescue workers" by "600 rescuers" (a kind of person named for the word before)
            own |= {t for w in _ANYONE for t in analysed(w, terms)}
            kind = unit_qualifier(query.question.text, word)
            stem = analysed(kind, terms) if kind else ()
            if stem and len(stem[0]) >= 4:
                own |= _people_named_for(stem[0], terms)
        return own.__contains__
    people = _person_terms(terms)
    return lambda t: t in own or t in people or t in query.places


_PEOPLE = frozenset({"people", "persons", "individuals", "residents", "civilians"})
_ANYONE = ("people", "persons", "members", "workers", "employees", "staff")


@lru_cache(maxsize=256)
def _people_named_for(stem: str, terms: Terms) -> frozenset[str]:
    """Kinds of person whose term starts with ``stem``: "rescuer" for "rescue", "firefighter"
    for "fire"."""
    return frozenset(t for t in _person_terms(terms) if t.startswith(stem) and t != stem)


@lru_cache(maxsize=4)
def _person_terms(terms: Terms) -> frozenset[str]:
    return frozenset(t for word in person_nouns() for t in terms(word))


@lru_cache(maxsize=4)
def _verb_terms(terms: Terms) -> frozenset[str]:
    # ("nationalize" and "publicize" are indexed as "nation" and "public": such a term is the
    # noun's or the adjective's far more often than the verb's)
    return frozenset(t for word in verbs() for t in terms(word)
                     if not (word.endswith(("ize", "ise")) and not t.endswith(("iz", "is"))))


@lru_cache(maxsize=1024)
def event_terms(words: tuple[str, ...], terms: Terms) -> tuple[str, ...]:
    """The words that name an event: verbs, less the light ones ("hold", "say"), in order.
    Cached: asked of the same question's terms for every candidate sentence."""
    return tuple(t for t in words if t in _verb_terms(terms) and t not in _light_terms(terms))


@lru_cache(maxsize=4)
def start_terms(terms: Terms) -> frozenset[str]:
    return frozenset(t for word in ("begin", "start", "commence") for t in terms(word))


@lru_cache(maxsize=4)
def end_terms(terms: Terms) -> frozenset[str]:
    """Verbs of an end, which "until" dates: "closed until 3 February" is when it reopens."""
    return frozenset(t for word in ("end", "finish", "reopen", "resume", "restart", "lift",
                                    "expire") for t in terms(word))


FROM = re.compile(r"\b(?:from|starting|as of|beginning)\s+$", re.I)
SINCE = re.compile(r"\bsince\s+$", re.I)
UNTIL = re.compile(r"\b(?:until|till|through)\s+(?:at least\s+)?$", re.I)


@lru_cache(maxsize=4)
def _light_terms(terms: Terms) -> frozenset[str]:
    """Verbs that leave the event to their object ("hold a round-table", "take a photo"), and
    verbs of speaking, which news writes many ways ("speak to the council", "remarks made")."""
    return frozenset(t for word in _LIGHT_VERBS for t in terms(word))


_LIGHT_VERBS = ("hold", "take", "make", "give", "have", "get", "go", "come", "put", "set",
                "keep", "do", "happen", "occur", "place", "speak", "talk", "address", "comment",
                "remark", "state", "declare", "say", "tell", "announce")
