"""How alike a question and a sentence read, by the all-MiniLM-L6-v2 sentence model.

Word links (synonyms, WordNet kin) reach a reader's paraphrase one word at a time; a sentence
model reads the whole of it: "Which judge read out the court's decision?" is close to "Chief
Justice Elena Marovic, reading the unanimous decision of a five-judge panel, said ...", though
they share two words. compose lets a sentence that covers part of the question answer when it
also reads like it (see ``compose.reads_like``).

The model is sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0, see
``qabot/data/LICENSE-MiniLM``): a 6-layer BERT whose mean-pooled, normalised token states embed
a sentence. Its weights ship in ``qabot/data/minilm.npz``, each matrix as int8 with a scale
per row (21 MB instead of 90; cosines move by 0.002 on average), made by
``tools/make_minilm_data.py``. The forward pass below is plain numpy, so no deep-learning
framework is installed; without the files qabot answers by its word rules alone.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.special import erf

DATA = Path(__file__).resolve().parent / "data"
WEIGHTS = DATA / "minilm.npz"
VOCAB = DATA / "minilm_vocab.txt"

Vectors = NDArray[np.float32]

_LAYERS, _HEADS, _WIDTH = 6, 12, 384
MAX_TOKENS = 128  # a news sentence is seldom half of this; longer ones are cut
_WORD = re.compile(r"\w+|[^\w\s]")


class WordPiece:
    """BERT's uncased tokenizer: lower case, accents stripped, words split at punctuation, then
    the longest pieces of the vocabulary ("kolarova" -> "ko", "##lar", "##ova")."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.unknown, self.cls, self.sep = self.ids["[UNK]"], self.ids["[CLS]"], self.ids["[SEP]"]
        self._pieces = lru_cache(maxsize=65_536)(self._word)

    def _word(self, word: str) -> tuple[int, ...]:
        if len(word) > 100:
            return (self.unknown,)
        out, start = [], 0
        while start < len(word):
            for end in range(len(word), start, -1):
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    out.append(self.ids[piece])
                    start = end
                    break
            else:
                return (self.unknown,)
        return tuple(out)

    def __call__(self, text: str) -> list[int]:
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        pieces = [i for w in _WORD.findall(text) for i in self._pieces(w)]
        return [self.cls, *pieces[: MAX_TOKENS - 2], self.sep]


def _norm(x: Vectors, weight: Vectors, bias: Vectors) -> Vectors:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: Vectors = (x - mean) / np.sqrt(var + 1e-12) * weight + bias
    return out


def _heads(h: Vectors) -> Vectors:
    """(sentences, tokens, width) -> (sentences, heads, tokens, width per head)."""
    n, length, _ = h.shape
    out: Vectors = h.reshape(n, length, _HEADS, _WIDTH // _HEADS).transpose(0, 2, 1, 3)
    return out


class Encoder:
    """Sentence -> unit vector; the cosine of two is their dot product."""

    def __init__(self, weights: dict[str, Vectors], vocab: Sequence[str]) -> None:
        self.w = weights
        self.tokenize = WordPiece(vocab)

    @classmethod
    def load(cls, weights: Path = WEIGHTS, vocab: Path = VOCAB) -> Encoder:
        """Raises OSError or ValueError when a file is missing or broken."""
        with np.load(weights) as packed:
            stored = {k: packed[k] for k in packed.files}
        w: dict[str, Vectors] = {}
        for key, value in stored.items():
            if key.endswith(".q"):  # int8 rows and their scales
                name = key[:-2]
                w[name] = value.astype(np.float32) * stored[name + ".s"]
            elif not key.endswith(".s"):
                w[key] = value.astype(np.float32)
        for key in [k for k in w if k.startswith("encoder.") and k.endswith("weight") and w[k].ndim == 2]:
            w[key] = np.ascontiguousarray(w[key].T)  # (in, out): see _dense
        return cls(w, vocab.read_text(encoding="utf-8").splitlines())

    def encode(self, texts: Sequence[str], batch: int = 32) -> Vectors:
        ids = [self.tokenize(t) for t in texts]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # (less padding)
        out = np.zeros((len(ids), _WIDTH), np.float32)
        for at in range(0, len(order), batch):
            chunk = order[at : at + batch]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def _dense(self, name: str, h: Vectors) -> Vectors:
        """A linear layer, as one 2-D product with its weights stored transposed (``load``):
        BLAS's fast path."""
        flat = h.reshape(-1, h.shape[-1]) @ self.w[name + ".weight"] + self.w[name + ".bias"]
        out: Vectors = flat.reshape(*h.shape[:-1], -1)
        return out

    def _forward(self, ids: list[list[int]]) -> Vectors:
        w, n, length = self.w, len(ids), max(map(len, ids))
        tokens = np.zeros((n, length), np.int64)
        mask = np.zeros((n, length), np.float32)
        for row, seq in enumerate(ids):
            tokens[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][tokens]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        padding = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(_LAYERS):
            p = f"encoder.layer.{layer}."
            q, k, v = (_heads(self._dense(f"{p}attention.self.{m}", x)) for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(_WIDTH // _HEADS) + padding
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, _WIDTH)
            x = _norm(self._dense(p + "attention.output.dense", attended) + x,
                      w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            inner = self._dense(p + "intermediate.dense", x)
            inner = 0.5 * inner * (1.0 + erf(inner / math.sqrt(2.0)))  # (BERT's exact GELU)
            x = _norm(self._dense(p + "output.dense", inner) + x,
                      w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        unit: Vectors = (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)
        return unit


@lru_cache(maxsize=1)
def bundled_encoder() -> Encoder | None:
    """The bundled model, loaded once per process; None when its files are missing or broken
    (a trimmed install answers by word rules alone)."""
    try:
        return Encoder.load()
    except (OSError, ValueError, KeyError):
        return None
