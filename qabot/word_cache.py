"""The corpus's word links (synonyms, words used alike, opposites, phrasal verbs), cached on disk.

Working them out means stemming the 46,000 words of WordNet's files, most of a second, for
every process: a one-shot ``qabot ask`` paid it each time. They depend only on the corpus's
vocabulary, the analyzer and those files, so they are kept beside the index, under a key of all
three, as plain JSON (never pickle: the cache directory is not trusted to hold code). Like the
index cache, this one never stops the bot: a missing, corrupt or unwritable file only costs the
time to work the links out again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qabot.index import CACHE_KEEP, prune_cache, write_atomically

FORMAT = "words-v2"  # bumped whenever the code that works out the links changes (v2: synonym
# sets link the longer forms of a term, qabot.wordnet._Groups)


@dataclass(frozen=True, slots=True)
class WordLinks:
    """Index term -> the corpus's index terms linked to it, by kind of link."""

    synonyms: dict[str, frozenset[str]]
    related: dict[str, frozenset[str]]
    antonyms: dict[str, frozenset[str]]
    phrasal: dict[tuple[str, str], frozenset[str]]  # (verb term, particle) -> one-word synonyms

    def to_json(self) -> str:
        def plain(links: dict[str, frozenset[str]]) -> dict[str, list[str]]:
            return {t: sorted(ts) for t, ts in sorted(links.items())}

        return json.dumps({
            "format": FORMAT, "synonyms": plain(self.synonyms), "related": plain(self.related),
            "antonyms": plain(self.antonyms),
            "phrasal": plain({f"{verb} {particle}": ts for (verb, particle), ts in self.phrasal.items()}),
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> WordLinks:
        """Raises ``ValueError`` for anything but a file :meth:`to_json` wrote."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a word-links file of this version")

        def links(name: str) -> dict[str, frozenset[str]]:
            found = data.get(name)
            if not isinstance(found, dict) or not all(
                    isinstance(k, str) and isinstance(v, list) and all(isinstance(t, str) for t in v)
                    for k, v in found.items()):
                raise ValueError(f"malformed {name!r} links")
            return {k: frozenset(v) for k, v in found.items()}

        phrasal = {}
        for key, ts in links("phrasal").items():
            verb, _, particle = key.partition(" ")
            phrasal[(verb, particle)] = ts
        return cls(links("synonyms"), links("related"), links("antonyms"), phrasal)


def cache_file(cache_dir: Path, key: str) -> Path:
    """The file for one ``key`` (corpus, analyzer and word data: any change is another file)."""
    digest = hashlib.sha256(f"{key}|{FORMAT}".encode()).hexdigest()[:24]
    return Path(cache_dir) / f"words-{digest}.json"


def load_or_build(
    path: Path, build: Callable[[], WordLinks], *, warn: Callable[[str], None],
    keep: int = CACHE_KEEP,
) -> WordLinks:
    """The links cached at ``path``, or ``build()`` them and cache them there."""
    try:
        links = WordLinks.from_json(path.read_text(encoding="utf-8"))
    except OSError:
        pass  # no cache yet (or unreadable: writing will say so)
    except (ValueError, UnicodeDecodeError) as e:
        warn(f"word-links cache {path} is unreadable ({e}); rebuilding it")
    else:
        with contextlib.suppress(OSError):  # used now: the last file pruning would delete
            os.utime(path)
        return links
    links = build()
    text = links.to_json().encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda f: f.write(text))
    except OSError as e:
        warn(f"could not write the word-links cache in {path.parent} ({e}); not caching")
    else:
        prune_cache(path.parent, keep, spare=path, pattern="words-*.json")
    return links
