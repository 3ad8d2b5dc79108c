"""Word knowledge from WordNet, so that a question need not use the article's words.

Readers paraphrase: they ask who "urged" what the article says someone "pressed" for, and
"which congressman" means a person's name is wanted; and a sentence saying when the fighting
"ended" does not say when it "started". Eight small files in ``qabot/data`` are derived from
WordNet 3.0 by ``tools/make_wordnet_data.py``: synonym sets, antonym pairs, derived forms
("merge" / "merger") and phrasal verbs ("break out" / "erupt"), all cut down to senses
among the most frequent of each of their words; the nouns that name a person or a group, and
those that name a thing with a length ("ship", "corridor": ``things.txt``); the words mostly
used as verbs; and a word beside a word for its kind ("walkout" / "strike", first senses
only). Another, ``related.txt``, pairs WordNet's words that a sentence-embedding model uses
alike ("highway" / "road"), by ``tools/make_related_words.py``. A last, hand-written one,
``news_synonyms.txt``, joins words news uses alike that WordNet's common senses keep apart
("killed" / "dead", "hurt" / "injured", "started" / "erupted") and the words a report varies
for one thing ("vessel" / "ship", "carrier" / "airline"); it is read as synonym sets. Another,
``abbreviations.txt``, spells out the abbreviations news readers use ("CFO"), and
``idioms.txt`` gives set phrases the word a report uses ("lost their lives" / "killed").
Nothing here knows any corpus. A synonym is weaker evidence than the word itself: the answering
code gives it partial credit.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Container
from functools import lru_cache
from pathlib import Path

from qabot.lexicon import edit1

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
def data_digest() -> str:
    """A digest of the bundled word files: part of the key of anything derived from them."""
    digest = hashlib.sha256()
    for path in sorted(DATA.glob("*.txt")):
        with contextlib.suppress(OSError):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def synonym_sets() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.split()) for name in ("synonyms.txt", "news_synonyms.txt")
                 for line in _words(name))


@lru_cache(maxsize=256)
def synonyms_of(word: str) -> frozenset[str]:
    """The word and its synonyms, as written, not as index terms: "manager" -> "coach",
    "director" ... (a role is matched against the words of a title)."""
    return frozenset({word, *(w for words in synonym_sets() if word in words for w in words)})


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """News abbreviations and what they stand for: "cfo" -> "chief financial officer"."""
    return {abbr: full for abbr, _, full in (line.partition(" ") for line in _words("abbreviations.txt"))}


@lru_cache(maxsize=1)
def idioms() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """Set phrases and the single words news uses for them: "lose their lives" -> "die",
    "kill" (idioms.txt). A phrase's "*" is any one word, "a|b" either word."""
    out = []
    for line in _words("idioms.txt"):
        phrase, _, words = line.partition("=")
        parts = [r"[a-z']+" if w == "*" else f"(?:{w})" for w in phrase.split()]
        out.append((re.compile(r"\b" + r"\s+".join(parts) + r"\b"), tuple(words.split())))
    return tuple(out)


@lru_cache(maxsize=1)
def derived_pairs() -> tuple[tuple[str, ...], ...]:
    """A word and its form in another part of speech: ("merge", "merger")."""
    return tuple(tuple(line.split()) for line in _words("derived.txt"))


@lru_cache(maxsize=1)
def things() -> frozenset[str]:
    """Nouns whose most frequent sense is a made thing, a place or an object: "ship", "river"."""
    return frozenset(_words("things.txt"))


@lru_cache(maxsize=256)
def is_thing(word: str) -> bool:
    """Whether a noun names a thing with a length, not an event; a long word may be misspelled
    by a letter ("corridoor")."""
    word = word.lower()
    if word in things() or word.removesuffix("s") in things():
        return True
    return len(word) >= _MISSPELT_LENGTH and any(edit1(word, t) for t in things()
                                                if abs(len(t) - len(word)) <= 1)


_MISSPELT_LENGTH = 8  # shorter words are one letter from too many others ("strike" / "stripe")


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns whose most frequent sense is a person or a group: "congressman", "committee"."""
    return frozenset(_words("person_nouns.txt"))


def is_person_noun(word: str) -> bool:
    """Whether a lower-case word, or it less a plural "s", is one of :func:`person_nouns`."""
    people = person_nouns()
    return word in people or word.removesuffix("s") in people


@lru_cache(maxsize=1)
def verbs() -> frozenset[str]:
    """Words used more often as verbs than as nouns: "become", "visit", "erupt"."""
    return frozenset(_words("verbs.txt"))


@lru_cache(maxsize=1)
def antonym_pairs() -> tuple[tuple[str, str], ...]:
    """Opposites between common senses: ("end", "start"), ("lose", "win")."""
    return tuple((a, b) for a, b in (line.split() for line in _words("antonyms.txt")))


@lru_cache(maxsize=1)
def phrasal_verbs() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(verb, particle, one-word synonyms): ("break", "out", ("erupt",))."""
    out = []
    for line in _words("phrasal.txt"):
        phrase, *words = line.split()
        verb, _, particle = phrase.partition("_")
        out.append((verb, particle, tuple(words)))
    return tuple(out)


def phrasal_map(
    verb_term: Term, word_term: Term, vocabulary: Container[str]
) -> dict[tuple[str, str], frozenset[str]]:
    """(index term of the verb, particle) -> the index terms of its one-word synonyms that the
    corpus uses: ("break", "out") -> {"erupt"}. The file's verbs are analysed like a question's
    words (it lists "broke_out" and "felt_up" too), its synonyms as dictionary forms (the
    "found" of "set_up" is to found)."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for verb, particle, words in phrasal_verbs():
        known = {t for w in words if (t := word_term(w)) in vocabulary}
        if known:
            out[(verb_term(verb), particle)].update(known)
    return {k: frozenset(v) for k, v in out.items()}


def synonym_map(term: Term, vocabulary: Container[str]) -> dict[str, frozenset[str]]:
    """Index term -> the index terms of its synonyms and derived forms that the corpus uses
    ("merger" -> "merg" when an article says the hospitals will merge)."""
    return _related(term, vocabulary, _SYNONYMS, lambda t, ts: ts - {t})


@lru_cache(maxsize=1)
def related_pairs() -> tuple[tuple[str, ...], ...]:
    """Words used alike, by word embeddings: ("hire", "recruit"), ("highway", "road")."""
    return tuple(tuple(line.split()) for line in _words("related.txt"))


@lru_cache(maxsize=1)
def hypernym_pairs() -> tuple[tuple[str, ...], ...]:
    """A word and a word for its kind: ("walkout", "strike"), ("pledge", "promise")."""
    return tuple(tuple(line.split()) for line in _words("hypernyms.txt"))


@lru_cache(maxsize=1)
def _agent_kin() -> dict[str, frozenset[str]]:
    kin: dict[str, set[str]] = defaultdict(set)
    for group in related_pairs() + hypernym_pairs():
        for w in group:
            if _AGENT.search(w):
                kin[w].update(v for v in group if v != w)
    return {w: frozenset(vs) for w, vs in kin.items()}


def agent_kin(word: str) -> frozenset[str]:
    """The loose kin of an agent noun as the user typed it ("travellers" -> "passenger"). The
    index stems it like its verb ("travel"), so :func:`related_map` leaves it out; a question
    that says the noun itself means the noun."""
    kin = _agent_kin()
    word = word.lower()
    return kin.get(word) or kin.get(word.removesuffix("s"), frozenset())


def related_map(term: Term, vocabulary: Container[str]) -> dict[str, frozenset[str]]:
    """Index term -> the index terms of words used alike, or of a word and its kind, that the
    corpus uses ("recruit" -> "hire", "walkout" -> "strike"): weaker than a synonym, they are
    kin as often as the same thing ("mayor" / "governor"), so they only add to how much of a
    question a sentence covers."""
    return _related(term, vocabulary, _RELATED, lambda t, ts: ts - {t})


def antonym_map(term: Term, vocabulary: Container[str]) -> dict[str, frozenset[str]]:
    """Index term -> the index terms of its opposites that the corpus uses ("start" -> "end")."""
    return _related(term, vocabulary, _ANTONYMS, lambda t, ts: ts - {t} if len(ts) == 2
                    else frozenset())


_SYNONYMS, _RELATED, _ANTONYMS = "synonyms", "related", "antonyms"
_GROUPS: dict[str, Callable[[], tuple[tuple[str, ...], ...]]] = {
    _SYNONYMS: lambda: synonym_sets() + derived_pairs(),
    _RELATED: lambda: related_pairs() + hypernym_pairs(),
    _ANTONYMS: antonym_pairs,
}


def _related(
    term: Term,
    vocabulary: Container[str],
    groups: str,
    others: Callable[[str, frozenset[str]], frozenset[str]],
) -> dict[str, frozenset[str]]:
    """Index term -> ``others(term, its group's terms)`` restricted to the corpus vocabulary
    (the index's own term table: looked up, never copied). Only the groups holding a word of
    the corpus are read: a small corpus touches a few hundred of tens of thousands."""
    sets = _term_sets(term, groups)
    out: dict[str, set[str]] = defaultdict(set)
    for i in {i for t, held in sets.holding.items() if t in vocabulary for i in held}:
        terms = sets[i]
        known = frozenset(t for t in terms if t in vocabulary)
        for t in terms:
            out[t].update(others(t, terms) & known)
    return {t: frozenset(s) for t, s in out.items() if s}


class _Groups:
    """One file's groups as index terms, each built when first read, and the groups each term
    is in."""

    def __init__(self, term: Term, words: tuple[tuple[str, ...], ...], every_form: bool) -> None:
        # A word that stems like a shorter word stands for that word in the index ("orbiter"
        # is indexed as "orbit"). In the loose groups it is left out: "satellite" is an
        # orbiter, not an orbit. A synonym set is strict enough to keep it, unless it names
        # who does what the shorter word says (an agent noun, "-er", "-or"): "negotiations"
        # and "negotiate" are one term, and the "talks" of the set "negotiation talks" answer
        # a question about the negotiations, but an orbiter is still no orbit.
        stems = {w: term(w) for w in {w for group in words for w in group}}
        root: dict[str, int] = {}
        for w, t in stems.items():
            root[t] = min(root.get(t, len(w)), len(w))
        self._kept = {w: t for w, t in stems.items() if len(w) == root[t]
                      or (every_form and not _AGENT.search(w))}
        self._words = words
        self._sets: dict[int, frozenset[str]] = {}
        holding: dict[str, list[int]] = defaultdict(list)
        kept = self._kept
        for i, group in enumerate(words):
            for w in group:
                if w in kept:
                    holding[kept[w]].append(i)
        self.holding = dict(holding)

    def __getitem__(self, i: int) -> frozenset[str]:
        found = self._sets.get(i)
        if found is None:
            found = self._sets[i] = frozenset(self._kept[w] for w in self._words[i] if w in self._kept)
        return found


_AGENT = re.compile(r"(?:er|or)s?$")  # "orbiter", "operators": who does it
_TERM_SETS: dict[tuple[object, ...], _Groups] = {}


def _term_sets(term: Term, groups: str) -> _Groups:
    """The groups of ``groups`` as index terms, and the groups each term is in.

    Kept per stemming (an :class:`~qabot.text.Analyzer` method and its ``stem`` setting, which
    alone decide a word's term): every bot built, each suite and each ``/reload``, would stem
    the same 50,000 words again (0.4 s)."""
    method = getattr(term, "__func__", None)
    key = (method, getattr(getattr(term, "__self__", None), "stem", None), groups)
    found = _TERM_SETS.get(key) if method is not None else None
    if found is None:
        found = _Groups(term, _GROUPS[groups](), every_form=groups == _SYNONYMS)
        if method is not None:
            _TERM_SETS[key] = found
    return found
