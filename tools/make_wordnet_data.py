"""Write ``qabot/data/synonyms.txt``, ``antonyms.txt``, ``derived.txt``, ``phrasal.txt``,
``hypernyms.txt``, ``verbs.txt`` and ``person_nouns.txt`` from a WordNet 3.0
database (Debian package ``wordnet-base``, files in /usr/share/wordnet).

synonyms.txt: one WordNet synset a line, reduced to its single-word members for which that
synset is one of their ``--senses`` most frequent senses, and only if it is the most frequent
sense of at least one of them. "urge" and "press" share a line because
pressing someone is a common sense of both, while "run" and "scarper" do not: keeping only common
senses is what keeps the expansion from drifting ("head" -> "mind").

antonyms.txt: pairs of opposites between common senses ("start end", "win lose"): a sentence
saying the fighting ended does not answer when it started.

phrasal.txt: phrasal verbs and their one-word synonyms ("break_out erupt"): a question asking
when fighting broke out is answered by a sentence saying when clashes erupted.

derived.txt: pairs of a word and its derived form between common senses ("merge merger",
"judge judgment"): a question about the merger is answered by a sentence saying they merge.

hypernyms.txt: a word and a word for its kind, between the most frequent sense of each ("walkout
strike"; not "ship vessel", as a craft is not the first sense of "vessel"): a question about the
walkout is answered by a sentence about the strike. Only direct links and first senses, and a
kind's other members are not linked to each other ("walkout" / "sit-down").

verbs.txt: words used more often as verbs than as nouns ("become", "visit", "erupt"): the
event a "when" question asks about.

person_nouns.txt: single words whose most frequent sense names a person or a group of people
(WordNet's noun.person and noun.group files): "congressman", "spokeswoman", "committee". A
"which ..." question about one of them asks for a name.

things.txt: single words whose most frequent sense is an artifact, a location or an object
(noun.artifact, noun.location, noun.object): "How long is the ship?" asks for metres, "How
long was the strike?" for days.

    python tools/make_wordnet_data.py [--wordnet /usr/share/wordnet] [--senses 2]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

POS = ("noun", "verb")  # adjectives and adverbs add more noise than answers
PEOPLE = {"14", "18"}  # lexicographer files noun.group, noun.person
# Proper names (capitalised in WordNet), numerals and letters ("one" / "i") are left to the
# name matching of the answering code.
_WORD = re.compile(r"[a-z][a-z-]*[a-z]{2}")
_OUT = Path(__file__).resolve().parent.parent / "qabot" / "data"
_LICENCE = "# WordNet 3.0 Copyright 2006 by Princeton University; licence: qabot/data/LICENSE-WordNet.\n"


def _lines(wordnet: Path, kind: str, pos: str) -> list[list[str]]:
    text = (wordnet / f"{kind}.{pos}").read_text(encoding="latin-1")
    return [line.split() for line in text.splitlines() if not line.startswith(" ")]


def verbs(wordnet: Path) -> list[str]:
    """Words used more often as verbs than as nouns in WordNet's sense-tagged texts."""
    tagged: dict[str, dict[str, int]] = {}
    for pos in POS:
        for fields in _lines(wordnet, "index", pos):
            pointers = int(fields[3])
            tagged.setdefault(fields[0], {})[pos] = int(fields[5 + pointers])
    return sorted(w for w, n in tagged.items() if _WORD.fullmatch(w)
                  and n.get("verb", 0) > max(n.get("noun", 0), 0))


def _synsets(wordnet: Path, pos: str) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """(offset, lexicographer file, words, pointers) of each synset of ``pos``; a pointer is
    [symbol, target offset, target part of speech, source/target word numbers]."""
    out = []
    for fields in _lines(wordnet, "data", pos):
        count = int(fields[3], 16)
        words = [fields[4 + 2 * i].split("(")[0] for i in range(count)]
        at = 4 + 2 * count
        pointers = [fields[at + 1 + 4 * i : at + 5 + 4 * i] for i in range(int(fields[at]))]
        out.append((fields[0], fields[1], words, pointers))
    return out


def sense_ranks(wordnet: Path) -> dict[tuple[str, str, str], int]:
    """(lemma, pos, synset offset) -> the sense's rank for that lemma (0: most frequent)."""
    ranks = {}
    for pos in POS:
        for fields in _lines(wordnet, "index", pos):
            pointers = int(fields[3])
            for rank, offset in enumerate(fields[6 + pointers :]):
                ranks[(fields[0], pos, offset)] = rank
    return ranks


def synsets(
    wordnet: Path, senses: int
) -> tuple[list[list[str]], set[str], set[tuple[str, str]], set[tuple[str, str]]]:
    """The synonym sets, the words whose first sense is a person or a group, antonym pairs
    (start/end, win/lose) and derived pairs (merge/merger, judge/judgment) between common
    senses."""
    ranks = sense_ranks(wordnet)
    groups: list[list[str]] = []
    people: set[str] = set()
    antonyms: set[tuple[str, str]] = set()
    derived: set[tuple[str, str]] = set()
    words_of: dict[tuple[str, str], list[str]] = {}
    lexfiles: dict[tuple[str, str], str] = {}
    pointers: list[tuple[str, str, str]] = []
    # (pos, offset, word number, target pos, target offset, target word number)
    links: list[tuple[str, str, int, str, str, int]] = []
    for pos in POS:
        for offset, lexfile, words, synset_pointers in _synsets(wordnet, pos):
            words_of[(pos, offset)] = words
            lexfiles[(pos, offset)] = lexfile if pos == "noun" else ""
            for symbol, target, target_pos, source_target in synset_pointers:
                if symbol == "!" and target_pos == pos[0]:
                    pointers.append((pos, offset, target))
                if symbol == "+" and target_pos in "nv" and source_target != "0000":
                    links.append((pos, offset, int(source_target[:2], 16),
                                  "noun" if target_pos == "n" else "verb", target,
                                  int(source_target[2:], 16)))
            rank = {w: ranks.get((w, pos, offset), senses) for w in words if _WORD.fullmatch(w)}
            common = sorted(w for w, r in rank.items() if r < senses)
            # A set must be the first sense of one of its words: "representative" joins
            # "congressman" (whose first sense it is), no set is made of secondary senses only.
            if len(common) > 1 and min(rank.values()) == 0:
                groups.append(common)
            if pos == "noun" and lexfile in PEOPLE:
                people.update(w for w in words
                              if _WORD.fullmatch(w) and ranks.get((w, pos, offset)) == 0)
    # WordNet links opposite words ("begin" / "end"); their common synonyms are opposite too
    # ("start" / "end").
    for pos, offset, target in pointers:
        for a in words_of[(pos, offset)]:
            for b in words_of[(pos, target)]:
                if (_WORD.fullmatch(a) and _WORD.fullmatch(b)
                        and ranks.get((a, pos, offset), senses) < senses
                        and ranks.get((b, pos, target), senses) < senses):
                    antonyms.add((min(a, b), max(a, b)))
    # A derived form ("merger" from "merge") says the same thing in another part of speech;
    # the same word in both ("blockade") needs no link.
    for pos, offset, number, target_pos, target, target_number in links:
        if (pos, offset) not in words_of or (target_pos, target) not in words_of:
            continue
        a = words_of[(pos, offset)][number - 1]
        b = words_of[(target_pos, target)][target_number - 1]
        if (a != b and _WORD.fullmatch(a) and _WORD.fullmatch(b)
                # "ruler" is who rules, not the rule: no links to a person's sense
                and lexfiles[(pos, offset)] not in PEOPLE and lexfiles[(target_pos, target)] not in PEOPLE
                and ranks.get((a, pos, offset), senses) < senses
                and ranks.get((b, target_pos, target), senses) < senses):
            derived.add((min(a, b), max(a, b)))
    return groups, people, antonyms, derived


def hypernyms(wordnet: Path) -> list[tuple[str, str]]:
    """(word, its kind) for each direct hypernym link of nouns and verbs where the synset is
    the word's most frequent sense and the hypernym's synset is the kind word's too."""
    ranks = sense_ranks(wordnet)
    pairs: set[tuple[str, str]] = set()
    for pos in POS:
        found = _synsets(wordnet, pos)
        words_of = {offset: words for offset, _, words, _ in found}
        links = [(offset, p[1]) for offset, _, _, pointers in found for p in pointers
                 if p[0] == "@" and p[2] == pos[0]]
        for offset, target in links:
            for a in words_of[offset]:
                if not _WORD.fullmatch(a) or ranks.get((a, pos, offset)) != 0:
                    continue
                pairs.update((a, b) for b in words_of[target]
                             if b != a and _WORD.fullmatch(b) and ranks.get((b, pos, target)) == 0)
    return sorted(pairs)


THINGS = {"06", "15", "17"}  # lexicographer files noun.artifact, noun.location, noun.object


def things(wordnet: Path) -> list[str]:
    """Nouns whose most frequent sense is a made thing, a place or a natural object ("ship",
    "corridor", "river"): what "How long is the X?" measures in metres, where an event ("the
    strike") lasts days."""
    ranks = sense_ranks(wordnet)
    return sorted({w for offset, lexfile, words, _ in _synsets(wordnet, "noun") if lexfile in THINGS
                   for w in words if _WORD.fullmatch(w) and ranks.get((w, "noun", offset)) == 0})


PARTICLES = frozenset("up out off down in on over away back for about through into with along together under"
                      " short apart ahead forward".split())


def phrasal_verbs(wordnet: Path, senses: int) -> list[str]:
    """Lines "break_out erupt": a verb and its particle, then the single words sharing one of
    the phrase's ``senses`` most frequent senses. Irregular past forms of the verb get lines of
    their own ("broke_out erupt")."""
    ranks = sense_ranks(wordnet)
    members = {offset: words for offset, _, words, _ in _synsets(wordnet, "verb")}
    past: dict[str, list[str]] = {}
    for line in (wordnet / "verb.exc").read_text(encoding="latin-1").splitlines():
        form, base = line.split()[:2]
        past.setdefault(base, []).append(form)
    lines = []
    for (lemma, pos, offset), rank in sorted(ranks.items()):
        parts = lemma.split("_")
        if pos != "verb" or rank >= senses or len(parts) != 2 or parts[1] not in PARTICLES:
            continue
        words = sorted(w for w in members[offset] if _WORD.fullmatch(w))
        if not words or not _WORD.fullmatch(parts[0]):
            continue
        for verb in (parts[0], *past.get(parts[0], ())):
            lines.append(f"{verb}_{parts[1]} " + " ".join(words))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--senses", type=int, default=2)
    parser.add_argument("--out", type=Path, default=_OUT)
    args = parser.parse_args()
    groups, people, antonyms, derived = synsets(args.wordnet, args.senses)
    args.out.mkdir(parents=True, exist_ok=True)
    sets = sorted({" ".join(g) for g in groups})
    (args.out / "synonyms.txt").write_text(
        f"# WordNet synsets (nouns, verbs), single words, each one of its members' {args.senses}"
        " most frequent senses.\n# Made by tools/make_wordnet_data.py.\n" + _LICENCE
        + "\n".join(sets) + "\n", encoding="utf-8")
    (args.out / "person_nouns.txt").write_text(
        "# Nouns whose most frequent WordNet sense is a person or a group of people.\n"
        "# Made by tools/make_wordnet_data.py.\n" + _LICENCE + "\n".join(sorted(people)) + "\n",
        encoding="utf-8")
    (args.out / "antonyms.txt").write_text(
        f"# WordNet antonym pairs (nouns, verbs) between senses among each word's {args.senses}"
        " most frequent.\n# Made by tools/make_wordnet_data.py.\n" + _LICENCE
        + "\n".join(f"{a} {b}" for a, b in sorted(antonyms)) + "\n", encoding="utf-8")
    (args.out / "derived.txt").write_text(
        f"# WordNet derivationally related pairs (nouns, verbs) between senses among each word's"
        f" {args.senses} most frequent.\n# Made by tools/make_wordnet_data.py.\n" + _LICENCE
        + "\n".join(f"{a} {b}" for a, b in sorted(derived)) + "\n", encoding="utf-8")
    (args.out / "phrasal.txt").write_text(
        f"# WordNet phrasal verbs (verb_particle) and the single words of their {args.senses}"
        " most frequent senses.\n# Made by tools/make_wordnet_data.py.\n" + _LICENCE
        + "\n".join(phrasal_verbs(args.wordnet, args.senses)) + "\n", encoding="utf-8")
    kinds = hypernyms(args.wordnet)
    (args.out / "hypernyms.txt").write_text(
        "# WordNet direct hypernyms (nouns, verbs): a word and a word for its kind, between the most"
        " frequent sense of each.\n# Made by tools/make_wordnet_data.py.\n" + _LICENCE
        + "\n".join(f"{a} {b}" for a, b in kinds) + "\n", encoding="utf-8")
    thing_list = things(args.wordnet)
    (args.out / "things.txt").write_text(
        "# Nouns whose most frequent WordNet sense is an artifact, a location or an object.\n"
        "# Made by tools/make_wordnet_data.py.\n" + _LICENCE + "\n".join(thing_list) + "\n",
        encoding="utf-8")
    verb_list = verbs(args.wordnet)
    (args.out / "verbs.txt").write_text(
        "# Words used more often as verbs than as nouns in WordNet's sense-tagged texts.\n"
        "# Made by tools/make_wordnet_data.py.\n" + _LICENCE + "\n".join(verb_list) + "\n",
        encoding="utf-8")
    print(f"{len(verb_list)} verbs, {len(sets)} synonym sets, {len(people)} person nouns, "
          f"{len(antonyms)} antonym pairs, {len(derived)} derived pairs, {len(kinds)} hypernym pairs"
          f" -> {args.out}")


if __name__ == "__main__":
    main()
