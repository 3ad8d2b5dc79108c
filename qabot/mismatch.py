"""Sentences about another of the same thing, which cannot answer the question.

"the 2025 cod quota" does not answer for "the 2025 haddock quota" (``qualified_pairs`` finds
the question's pairs), "Terrawatch-1" not for Terrawatch-2, "the 2025 budget" not for the 2024
one, nor who won for "who finished third": however much of the question it covers, such a
sentence is about something else.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from qabot.query import WORD, Terms, analysed
from qabot.text import IRREGULAR, QUESTION_WORDS
from qabot.wordnet import verbs


def qualified_pairs(text: str, terms: Terms) -> tuple[tuple[str, str], ...]:
    """Lower-case word pairs of a question where the first qualifies the second ("haddock
    quota", "annual budget"): side by side, both content words."""
    words = [(m.end(), m.start(), m.group()) for m in WORD.finditer(text)]
    pairs = []
    for (end, _, a), (_, start, b) in pairwise(words):
        if (text[end:start] == " " and _noun_like(a) and _noun_like(b)
                and a not in _QUESTION_WORDS and b.lower() not in _NOT_HEADS
                and a.lower() not in _RANKS and a.lower() not in _NOT_KINDS):
            ta, tb = analysed(a, terms), analysed(b, terms)
            if len(ta) == 1 and len(tb) == 1 and not ta[0].isdigit():
                pairs.append((ta[0], tb[0]))
    return tuple(pairs)


def _noun_like(word: str) -> bool:
    """A lower-case word that may be a noun: not mostly a verb, not "-ing", "-ed" or "-ly"."""
    return (word.islower() and IRREGULAR.get(word, word) not in verbs()
            and not word.endswith(("ing", "ed", "ly")))


_QUESTION_WORDS = QUESTION_WORDS - {"long"}  # ("long" qualifies a noun: "long delays")
# Words that qualify what follows them: "the same time last year" pairs no "time last".
# Words that rank what follows rather than name a kind of it: "the main interest rate" is the
# "benchmark interest rate", not another kind.
_RANKS = frozenset("main key major chief principal primary central general overall top leading "
                   "benchmark basic".split())
# Words that say how old or big a thing is, not what kind: "the new bridge" is "the bridge".
_NOT_KINDS = frozenset("new old big large small huge giant latest current recent former planned "
                       "proposed".split())
# ... nor do a count or a rank in the sentence: "two aircraft", "the next general election"
_COUNTS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty thirty "
                    "hundred thousand dozen dozens several many few some all both each".split())
_NOT_HEADS = frozenset("last next first same other previous former latest new old current recent "
                       "past final early late".split())
_NOT_A_KIND = _COUNTS | _RANKS | _NOT_KINDS | _NOT_HEADS


def other_kind(text: str, first: str, second: str, terms: Terms) -> bool:
    """Whether the sentence qualifies ``second`` by another word than ``first`` ("cod quota"
    for "haddock quota"). A measure is no kind ("the 420-metre bridge")."""
    words = list(WORD.finditer(text))
    for before, word in pairwise(words):
        if (analysed(word.group(), terms) == (second,) and text[before.end() : word.start()] == " "
                and _noun_like(before.group()) and not any(c.isdigit() for c in before.group())
                and before.group().lower() not in _NOT_A_KIND
                and len(qualifier := analysed(before.group(), terms)) == 1
                and qualifier[0] not in (first, second)):
            return True
    return False


_NUMBERED = re.compile(r"\b(?!(?:In|On|At|By|Since|From|Until|Before|After|The)\b)"
                       r"([A-Z][\w’'.]*)[-\s](\d{1,4})\b")


@lru_cache(maxsize=16_384)
def other_number(sentence: str, question: str) -> bool:
    """Whether the sentence is about another of a numbered series: "Terrawatch-1" when the
    question asks about Terrawatch-2, "Line 2" for "Line 3"."""
    asked = {m.group(1).lower(): m.group(2) for m in _NUMBERED.finditer(question)}
    if not asked:
        return False
    said = [(m.group(1).lower(), m.group(2)) for m in _NUMBERED.finditer(sentence)]
    return any(name in asked and number != asked[name] for name, number in said) and not any(
        asked.get(name) == number for name, number in said)


YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_MONTH = re.compile(r"\b(?:January|February|March|April|June|July|August|September|October"
                    r"|November|December|(?<=in |of |on )May|May(?= \d))\b")


_LAST_YEAR = re.compile(r"\b(?:last|previous|past) year\b|\ba year (?:ago|earlier|before)\b", re.I)
_SOME_YEAR = re.compile(r"\b(?:last|previous|past|a|the|that|this) year\b"
                        r"|\byear (?:ago|earlier|before)\b|\bannual", re.I)


@lru_cache(maxsize=16_384)
def other_time(sentence: str, question: str) -> bool:
    """Whether the sentence speaks of another year or month than the question asks about: "the
    2025 budget" for "the 2024 budget", "9.4% in March, up from 8.8% in February" for January;
    and a question about last year is not answered by a sentence that names no year at all
    (news tells this year's figures without saying so: "drew a record 68,000 visitors")."""
    if _LAST_YEAR.search(question) and not (_SOME_YEAR.search(sentence) or YEAR.search(sentence)):
        return True
    for pattern in (YEAR, _MONTH):
        asked = set(pattern.findall(question))
        said = set(pattern.findall(sentence))
        if asked and said and not asked & said:
            return True
    return False


# "Who finished third?" is not answered by who won, nor by "a group of four runners"
ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                       "ninth", "tenth"})
