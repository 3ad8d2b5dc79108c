"""Word knowledge from WordNet, so that a question need not use the article's words.

Readers paraphrase: they ask who "urged" what the article says someone "pressed" for, and
"which congressman" means a person's name is wanted. Two small files in ``qabot/data`` are
derived from WordNet 3.0 by ``tools/make_wordnet_data.py``: synonym sets cut down to senses
among the most frequent of each of their words, and the nouns that name a person or a group.
Nothing here knows any corpus. A synonym is weaker evidence than the word itself: the answering
code gives it partial credit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

Term = Callable[[str], str]

DATA = Path(__file__).resolve().parent / "data"


def _words(name: str) -> list[str]:
    """The data lines of a bundled file; none when it is missing (answers lose only this)."""
    try:
        lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    except OSError:  # pragma: no cover - a broken install answers without word knowledge
        return []
    return [line for line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def synonym_sets() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.split()) for line in _words("synonyms.txt"))


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns whose most frequent sense is a person or a group: "congressman", "committee"."""
    return frozenset(_words("person_nouns.txt"))


def synonym_map(term: Term, vocabulary: Iterable[str]) -> dict[str, frozenset[str]]:
    """Index term -> the index terms of its synonyms that the corpus uses.

    A word that stems like a shorter word stands for that word in the index ("orbiter" is
    indexed as "orbit"), so it is left out: "satellite" is an orbiter, not an orbit."""
    known = frozenset(vocabulary)
    stems = {w: term(w) for words in synonym_sets() for w in words}
    root: dict[str, int] = {}
    for w, t in stems.items():
        root[t] = min(root.get(t, len(w)), len(w))
    out: dict[str, set[str]] = defaultdict(set)
    for words in synonym_sets():
        terms = {stems[w] for w in words if len(w) == root[stems[w]]}
        used = terms & known
        if not used:
            continue
        for t in terms:
            out[t].update(used - {t})
    return {t: frozenset(s) for t, s in out.items() if s}
