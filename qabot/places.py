"""Countries under their several names: news writes "Washington" for the United States, "Baku"
for Azerbaijan's government, "American" for what is "U.S." elsewhere.

The names come from the countryinfo package (name, official names, capital, demonym of every
country), so nothing here is tied to one corpus. Each country becomes a group of index terms;
a question word in a group also matches the group's other terms, and a sentence naming a
different country than the one asked about is not taken to be about it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from functools import lru_cache

from qabot.lexicon import common_prefix_len
from qabot.wordnet import person_nouns

Analyze = Callable[[str], list[str]]


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...]:
    """(names, capitals, demonym) of every country, read once from the countryinfo data."""
    try:
        from countryinfo import all_countries
    except ImportError:  # pragma: no cover - a broken install answers without place names
        return ()
    out = []
    for country in all_countries():
        try:
            name = str(country.name())
            alternatives = [str(a) for a in country.alt_spellings() or []]
            raw = country.capital()
            demonym = country.demonym() or ""
        except Exception:  # a malformed entry costs one country, not the bot
            continue
        listed = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        capitals = [_city(str(c)) for c in listed]
        names = [name, *(a for a in alternatives if not re.fullmatch(r"[A-Z]{2,3}", a))]
        # "United States of America" -> "America"
        names += [m.group(1) for n in names if (m := re.search(r"\bof (?:the )?([A-Z]\w+)$", n))]
        names += capitals
        if isinstance(demonym, str) and demonym:
            names.append(demonym)
        out.append((tuple(dict.fromkeys(n for n in names if n.isascii())),
                    tuple(c for c in capitals if c.isascii()),
                    demonym if isinstance(demonym, str) else ""))
    return tuple(out)


def country_names() -> tuple[tuple[str, ...], ...]:
    """Each country's names: "United States", "United States of America", "America",
    "Washington", "American". Two- and three-letter codes are left out ("AM" is a word)."""
    return tuple(names for names, _, _ in _countries())


@lru_cache(maxsize=1)
def capital_names() -> frozenset[str]:
    """Capital cities, which a question may ask about as places ("the population of Baku")."""
    return frozenset(c for _, capitals, _ in _countries() for c in capitals)


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Lower-case words for a country's people ("armenian"): an adjective, not the country."""
    return frozenset(demonym.lower() for _, _, demonym in _countries() if demonym)


def _city(capital: str) -> str:
    return re.sub(r"\s+D\.?C\.?$", "", capital)  # "Washington D.C." -> "Washington"


def capital_terms(analyze: Analyze) -> frozenset[str]:
    """Index terms of single-word capital names ("baku", "washington")."""
    return frozenset(t for c in capital_names() if " " not in c for t in analyze(c))


# (not "of" after an adjective: "suspicious of Moscow", "critical of Washington" are about
# governments)
_AS_PLACE = re.compile(r"\b(?:(?<!ous )(?<!ful )(?<!ive )(?<!ant )(?<!ent )(?<!wary )(?<!afraid )"
                       r"(?<!aware )(?<!critical )of|in|at|from|near|into|around)\s+([A-Z][\w-]*)")


def cities_named_as_places(question: str) -> frozenset[str]:
    """Capitals the question treats as places, not as governments: "the population of Baku"
    (the city) against "What does Baku accuse Armenia of?" (Azerbaijan's government)."""
    capitals = capital_names()
    return frozenset(m.group(1) for m in _AS_PLACE.finditer(question) if m.group(1) in capitals)


def place_groups(
    analyze: Analyze, vocabulary: Container[str], acronyms: Container[str] = frozenset()
) -> dict[str, frozenset[str]]:
    """Term of any country name -> the terms naming that country in the corpus ("american" ->
    {"us", "washington"} when only those occur). Countries the corpus never mentions map to
    all their own terms: a question about Germany is still about a country, which no sentence
    about France answers.

    A multi-word name counts by its initials ("United States" -> "us", as "U.S." is indexed)
    where the corpus writes them as an acronym (``acronyms``) or not at all: "car" and "man"
    in a corpus are words, not the Central African Republic or the Isle of Man;
    otherwise only names of one word count: "United" alone is no country, nor "port" of
    "Port-au-Prince", nor a word for people ("Man")."""
    candidates: dict[str, list[tuple[bool, int, frozenset[str]]]] = {}
    for names in country_names():
        terms: set[str] = set()
        for name in names:
            words = name.split()
            if len(words) == 1:
                parts = analyze(name)
                # "Port-au-Prince" is no "port", the Isle of "Man" no man
                if len(parts) == 1 and name.lower() not in person_nouns():
                    terms.update(parts)
            else:
                initials = "".join(w[0] for w in words if w[:1].isupper()).lower()
                if len(initials) >= 2 and (initials in acronyms or initials not in vocabulary):
                    terms.add(initials)
        # One value for the whole country, so groups compare equal: the terms the corpus
        # writes, or all its terms when it never names the country.
        found = frozenset(t for t in terms if t in vocabulary)
        main = analyze(names[0])[:1]
        for t in terms:
            likeness = common_prefix_len(t, main[0]) if main else 0
            candidates.setdefault(t, []).append((bool(found), likeness, found or frozenset(terms)))
    groups: dict[str, frozenset[str]] = {}
    for t, options in candidates.items():
        # A word naming several countries ("french": France, Martinique, Reunion ...) belongs
        # to the one the corpus mentions, else to the one whose name it resembles most; when
        # that is still a tie ("guinea") it matches only itself.
        mentioned = [o for o in options if o[0]] or options
        best = max(o[1] for o in mentioned)
        top = [g for _, likeness, g in mentioned if likeness == best]
        groups[t] = top[0] if len(top) == 1 else frozenset({t})
    return groups
