"""Spelling-tolerant matching of question terms against the corpus vocabulary.

Names are transliterated differently from one outlet to the next (Pashinyan / Pashinian,
Aliyev / Aliev), so a question term is also matched by vocabulary terms one edit away. The
look-up uses the symmetric-delete trick (index every term under its one-character deletions),
so it costs a few dictionary probes per query term whatever the size of the vocabulary.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable

MIN_LENGTH = 6  # shorter words have too many honest neighbours (state/slate)


def _deletes(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


class Lexicon:
    """Vocabulary variants at edit distance one, for terms of ``MIN_LENGTH`` letters or more."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._terms = frozenset(t for t in vocabulary if t.isalpha())
        self._by_delete: dict[str, list[str]] | None = None
        self._sorted: list[str] | None = None
        self._by_sound: dict[str, list[str]] | None = None

    def _index(self) -> dict[str, list[str]]:
        # Built on first use: a one-off question session should not pay for it at start-up.
        if self._by_delete is None:
            by_delete: dict[str, list[str]] = defaultdict(list)
            for term in self._terms:
                if len(term) >= MIN_LENGTH - 1:
                    by_delete[term].append(term)
                    for d in _deletes(term):
                        by_delete[d].append(term)
            self._by_delete = dict(by_delete)
        return self._by_delete

    def variants(self, term: str) -> list[str]:
        """Corpus terms one edit from ``term``, excluding mere suffix changes (armenia/armenian),
        and terms written with another transliteration (Oleksandr/Olexandr, Kovalenko/Kowalenko)."""
        if len(term) < MIN_LENGTH - 1 or not term.isalpha():
            return []
        found: set[str] = set(self._spellings().get(sound(term), ()))
        if len(term) >= MIN_LENGTH:
            index = self._index()
            for key in _deletes(term) | {term}:
                found.update(v for v in index.get(key, ())
                             if len(v) >= MIN_LENGTH and edit1(term, v)
                             and not _suffix_change(term, v))
        found.discard(term)
        return sorted(found)

    def _spellings(self) -> dict[str, list[str]]:
        if self._by_sound is None:
            by_sound: dict[str, list[str]] = defaultdict(list)
            for term in self._terms:
                if len(term) >= MIN_LENGTH - 1:
                    by_sound[sound(term)].append(term)
            self._by_sound = dict(by_sound)
        return self._by_sound


    def related(self, term: str) -> list[str]:
        """Corpus terms sharing all but a short ending with ``term``: Turkish/Turkey,
        Russia/Russian. Used for names in a question, which a sentence must mention."""
        if len(term) < 4 or not term.isalpha():
            return []
        if self._sorted is None:
            self._sorted = sorted(self._terms)
        words = self._sorted
        prefix = term[:4]
        out = []
        for i in range(bisect.bisect_left(words, prefix), len(words)):
            word = words[i]
            if not word.startswith(prefix):
                break
            common = common_prefix_len(term, word)
            if word != term and common >= max(4, min(len(term), len(word)) - 2):
                out.append(word)
        return out


# Letters that transliterations of one name swap (Oleksandr/Olexandr, Kovalenko/Kowalenko,
# Kovač/Kovach, whose "č" folds to "c"; Aliyev/Aliev is one edit and handled above).
_SOUNDS = (("ks", "x"), ("cs", "x"), ("w", "v"), ("ph", "f"), ("kh", "h"), ("ch", "c"), ("y", "i"),
           ("j", "i"))


def sound(term: str) -> str:
    """A spelling key shared by transliterations of one name: letters that transliterations
    swap are unified and doubled letters collapsed ("olexandr" and "oleksandr" -> "olexandr")."""
    for a, b in _SOUNDS:
        term = term.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", term)


def common_prefix_len(a: str, b: str) -> int:
    """Length of the common start of two terms (Russia/Russian: 6)."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return i


def _suffix_change(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) or (len(a) == len(b) and a[:-1] == b[:-1])


def edit1(a: str, b: str) -> bool:
    """True when a and b differ by one substitution, insertion or deletion (Levenshtein 1)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]
