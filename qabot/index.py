"""The BM25 passage index: rank-bm25's Okapi scores from a precomputed sparse weight matrix.

``rank_bm25.BM25Okapi.get_scores`` loops in Python over every passage for every query term and
keeps one dict per passage (about 1.5 s a query and 4 GB at a million passages). The Okapi
contribution of a term to a passage depends only on that pair, so it is computed once at build
time into a term × passage CSR matrix; a query then adds the rows of its terms, touching only the
passages that contain one of them.

Exactness: the statistics are rank-bm25's. Document lengths and document frequencies are counted
here with numpy (rank-bm25's per-document dicts would not fit the memory target at 1M passages),
and the idf, with its epsilon floor at ``epsilon * average idf``, is computed by rank-bm25's own
``BM25Okapi._calc_idf`` on those counts, in the order rank-bm25 would see the terms. The term
weight repeats ``get_scores``' expression operation for operation and rows are summed in query
order, so unweighted scores equal ``get_scores`` bit for bit. Queries whose rows hold many
postings are pruned MaxScore-style (see ``_pruned``): the passages of very common terms are not
scanned once they cannot reach the top k; those sums come in another order, equal up to
rounding. ``tests/test_index.py`` checks both paths against a real ``BM25Okapi``.

scipy and rank-bm25 are imported only to build: loading a cached index and searching need numpy
alone, which keeps the start-up of ``qabot ask`` short.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import logging
import os
import re
import sys
import tempfile
import threading
import time
import zipfile
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from qabot.errors import IndexCacheError

__all__ = ["CACHE_KEEP", "FORMAT_VERSION", "BM25Index", "cache_path", "default_cache_dir", "load_or_build",
           "prune_cache", "write_atomically"]

log = logging.getLogger(__name__)

#: Bump when the layout of the saved file changes; older files are then rebuilt.
FORMAT_VERSION = 1
#: Builds over this many passages show a progress bar (when enabled).
PROGRESS_THRESHOLD = 50_000
_CHUNK = 32_768  # passages counted at a time: bounds the temporary token-id buffer
_PRUNE_MIN = 20_000  # postings below which pruning costs more than it saves (measured)
_BATCH_ROWS_BELOW = 4096  # rows shorter than this may share one np.add.at call
_LOOKUP_COST = 4  # a binary-search lookup costs about this many sequential adds (measured)
_BLOCK = 1 << 22  # matrix entries weighted at a time: bounds float temporaries

F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]


class BM25Index:
    """An immutable BM25 (Okapi) index over passages ``0 .. n_passages - 1``.

    Build it with :meth:`build` or :meth:`load`; the constructor takes already-checked arrays.
    """

    def __init__(
        self,
        *,
        terms: list[str],
        indptr: npt.NDArray[np.integer[Any]],
        indices: I32,
        data: F64,
        doc_len: I32,
        idf: F64,
        k1: float,
        b: float,
        epsilon: float,
    ) -> None:
        self._terms = terms
        self._vocab: dict[str, int] = {t: i for i, t in enumerate(terms)}
        self._indptr = indptr
        self._indices = indices
        self._data = data
        self._doc_len = doc_len
        self._idf = idf
        self.k1 = k1
        self.b = b
        self.epsilon = epsilon
        self.n_passages = len(doc_len)
        self.avgdl = int(doc_len.sum(dtype=np.int64)) / self.n_passages
        self._acc: F64 | None = None  # dense score buffer, kept all zero between queries
        # Largest weight of each row (every term occurs somewhere, so no row is empty).
        self._rowmax: F64 = np.maximum.reduceat(data, indptr[:-1]) if data.size else idf * 0
        # Okapi's tf part is positive for k1 >= 0 and 0 <= b <= 1: a weight's sign is its idf's.
        self._nonnegative = k1 >= 0 and 0 <= b <= 1
        self._lock = threading.Lock()

    # --- building -------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        tokenized: Iterable[Sequence[str]],
        *,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        progress: Callable[[int], None] | None = None,
    ) -> BM25Index:
        """Index tokenized passages (passage id = position); ``progress(n_done)`` per chunk.

        Streams: ``tokenized`` may be a generator, and only a chunk of token ids is held as Python
        objects at a time. Raises ValueError for an empty corpus or one without any term.
        """
        import scipy.sparse as sp

        vocab: defaultdict[str, int] = defaultdict()
        vocab.default_factory = vocab.__len__  # a new term gets the next id: first-seen order
        term_id = vocab.__getitem__
        parts: list[tuple[I32, I32, npt.NDArray[np.integer[Any]]]] = []
        lengths: array[int] = array("q")
        flat: array[int] = array("i")
        chunk_lengths: list[int] = []
        n = 0
        for doc in tokenized:
            if isinstance(doc, str):
                raise TypeError(
                    f"passage {n} is a str: BM25Index.build takes tokenized passages "
                    "(a sequence of terms per passage)"
                )
            flat.extend(map(term_id, doc))
            chunk_lengths.append(len(doc))
            n += 1
            if len(chunk_lengths) == _CHUNK:
                parts.append(_count_chunk(sp, flat, chunk_lengths, len(vocab)))
                lengths.extend(chunk_lengths)
                flat, chunk_lengths = array("i"), []
                if progress is not None:
                    progress(n)
        if chunk_lengths:
            parts.append(_count_chunk(sp, flat, chunk_lengths, len(vocab)))
            lengths.extend(chunk_lengths)
        del flat
        if progress is not None:
            progress(n)
        if n == 0:
            raise ValueError("cannot build a BM25 index over an empty corpus (no passages)")
        if not vocab:
            raise ValueError(f"cannot build a BM25 index: none of the {n} passages has a term")

        terms = list(vocab)
        del vocab
        doc_len = np.frombuffer(lengths, dtype=np.int64)
        df, postings = _term_major(sp, parts, n, len(terms))
        del parts
        idf = _rank_bm25_idf(terms, df, n, epsilon)
        avgdl = int(doc_len.sum()) / n  # rank-bm25: int total / int count
        data = _weights(postings, doc_len, idf, k1=k1, b=b, avgdl=avgdl)
        return cls(
            terms=terms,
            indptr=postings.indptr,
            indices=postings.indices.astype(np.int32, copy=False),
            data=data,
            doc_len=doc_len.astype(np.int32),
            idf=idf,
            k1=k1,
            b=b,
            epsilon=epsilon,
        )

    # --- querying -------------------------------------------------------------------------

    @property
    def vocabulary(self) -> Mapping[str, int]:
        """Term -> matrix row (read-only)."""
        return MappingProxyType(self._vocab)

    @property
    def n_terms(self) -> int:
        return len(self._terms)

    @property
    def matrix(self) -> Any:
        """The term × passage weight matrix as a scipy.sparse CSR matrix (no copy)."""
        import scipy.sparse as sp

        shape = (self.n_terms, self.n_passages)
        return sp.csr_matrix((self._data, self._indices, self._indptr), shape=shape, copy=False)

    @property
    def nbytes(self) -> int:
        """Bytes held by the index's arrays (the vocabulary's Python strings not included)."""
        arrays = (self._indptr, self._indices, self._data, self._doc_len, self._idf, self._rowmax)
        return sum(a.nbytes for a in arrays)

    def df(self, term: str) -> int:
        """Number of passages containing ``term`` (0 when unknown)."""
        row = self._vocab.get(term)
        return 0 if row is None else int(self._indptr[row + 1] - self._indptr[row])

    def idf(self, term: str) -> float:
        """rank-bm25's idf of ``term`` (epsilon floor included); 0.0 when unknown."""
        row = self._vocab.get(term)
        return 0.0 if row is None else float(self._idf[row])

    def count_in(self, term: str, first: int, stop: int) -> int:
        """How many of the passages ``first .. stop - 1`` (one document's) contain ``term``."""
        row = self._vocab.get(term)
        if row is None:
            return 0
        postings = self._indices[int(self._indptr[row]) : int(self._indptr[row + 1])]
        lo, hi = np.searchsorted(postings, [first, stop])
        return int(hi - lo)

    def containing(self, terms: Sequence[str], limit: int) -> list[int]:
        """Up to ``limit`` passages holding any of ``terms``, lowest ids first, whatever their
        idf: in a corpus of a few passages most words have an idf of 0 or below and ``search``
        finds nothing, yet the passages holding them are still the ones to read."""
        found: set[int] = set()
        for t in terms:
            row = self._vocab.get(t)
            if row is not None:
                found.update(self._indices[int(self._indptr[row]) : int(self._indptr[row + 1])]
                             [:limit].tolist())
        return sorted(found)[:limit]

    def search(
        self, terms: Sequence[str], k: int = 10, weights: Sequence[float] | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` best ``(passage id, score)`` with score > 0, best first, ties by lower id.

        A term's contribution is multiplied by its weight; duplicated terms count once per
        occurrence, as in rank-bm25. Unweighted scores equal ``BM25Okapi.get_scores`` (bit for
        bit, or up to rounding when the query was pruned).
        """
        if k < 0:
            raise ValueError(f"k must be a positive number of passages, got {k}")
        rows = self._rows(terms, weights)
        if k == 0 or not rows:
            return []
        if len(rows) == 1:
            row, w = rows[0]
            start, end = int(self._indptr[row]), int(self._indptr[row + 1])
            ids: npt.NDArray[np.integer[Any]] = self._indices[start:end]
            scores = self._data[start:end] if w == 1.0 else self._data[start:end] * w
        else:
            ids, scores = self._sum_rows(rows, k)
        return _top_k(ids, scores, k)

    def scores(self, terms: Sequence[str], ids: Sequence[int]) -> list[float]:
        """BM25 scores of the given passages, in order (like ``BM25Okapi.get_batch_scores``)."""
        wanted = np.asarray(ids, dtype=np.int64).reshape(-1)
        if wanted.size and (wanted.min() < 0 or wanted.max() >= self.n_passages):
            raise ValueError(f"passage ids must be in 0..{self.n_passages - 1}")
        out = np.zeros(wanted.size)
        for row, _ in self._rows(terms, None):
            out += self._lookup(row, 1.0, wanted)
        result: list[float] = out.tolist()
        return result

    def _lookup(self, row: int, w: float, ids: npt.NDArray[np.integer[Any]]) -> F64:
        """Weights of ``row`` at ``ids`` (0.0 where absent), by binary search in the row."""
        start, end = int(self._indptr[row]), int(self._indptr[row + 1])
        postings = self._indices[start:end]
        pos = np.minimum(np.searchsorted(postings, ids), end - start - 1)
        vals = self._data[start + pos]
        return np.where(postings[pos] == ids, vals if w == 1.0 else vals * w, 0.0)

    def _rows(
        self, terms: Sequence[str], weights: Sequence[float] | None
    ) -> list[tuple[int, float]]:
        if isinstance(terms, str):
            raise TypeError("search terms must be a sequence of terms, not a str")
        if weights is not None and len(weights) != len(terms):
            raise ValueError(f"got {len(weights)} weights for {len(terms)} terms")
        ws = [1.0] * len(terms) if weights is None else [float(w) for w in weights]
        vocab = self._vocab
        rows = [(vocab[t], w) for t, w in zip(terms, ws, strict=True) if t in vocab and w != 0.0]
        return [(r, w) for r, w in rows if self._idf[r] != 0.0]  # idf 0: adds 0.0 everywhere

    def _buffer(self) -> F64:
        if self._acc is None:
            self._acc = np.zeros(self.n_passages)
        return self._acc

    def _sum_rows(self, rows: list[tuple[int, float]], k: int) -> tuple[I32, F64]:
        """Distinct passages that may be in the top ``k`` of several rows, with their scores.

        Rows are added with ``np.add.at`` into a dense buffer that is zeroed again afterwards,
        so a query costs O(its postings), never O(passages). Unpruned, the rows are added in
        query order: the sums are rank-bm25's, bit for bit.
        """
        spans = [(int(self._indptr[r]), int(self._indptr[r + 1])) for r, _ in rows]
        prunable = (
            self._nonnegative
            and sum(e - s for s, e in spans) > _PRUNE_MIN
            and all(w > 0 and self._idf[r] > 0 for r, w in rows)
        )
        with self._lock:
            acc = self._buffer()
            if prunable:
                merged: dict[int, float] = {}  # a repeated term: one pass, its weights summed
                for r, w in rows:
                    merged[r] = merged.get(r, 0.0) + w
                unique_rows = list(merged.items())
                if len(unique_rows) < len(rows):
                    spans = [(int(self._indptr[r]), int(self._indptr[r + 1])) for r in merged]
                return self._pruned(acc, unique_rows, spans, k)
            ids, vals = self._entries(rows, spans, range(len(rows)))
            np.add.at(acc, ids, vals)
            try:
                best = _best_entries(ids, acc[ids], k * len(rows))  # a passage is in <= m rows
                return best, acc[best]
            finally:
                acc[ids] = 0.0

    def _entries(
        self, rows: list[tuple[int, float]], spans: list[tuple[int, int]], which: Iterable[int]
    ) -> tuple[I32, F64]:
        """The postings and weights of the chosen rows, concatenated in that order."""
        indices, data = self._indices, self._data
        chosen = list(which)
        ids = np.concatenate([indices[spans[i][0] : spans[i][1]] for i in chosen])
        vals = np.concatenate(
            [
                data[spans[i][0] : spans[i][1]] * rows[i][1]
                if rows[i][1] != 1.0
                else data[spans[i][0] : spans[i][1]]
                for i in chosen
            ]
        )
        return ids, vals

    def _pruned(
        self, acc: F64, rows: list[tuple[int, float]], spans: list[tuple[int, int]], k: int
    ) -> tuple[I32, F64]:
        """MaxScore-style: stop before the long rows of common terms once they cannot matter.

        Rows are added rarest first. Short rows go in groups (one numpy call costs more than
        a few postings): a row as long as all the rows before it starts a new group, so checks
        cost O(postings added). Long rows (>= 4096 postings) are added and checked one by one.
        All contributions being positive, the ``k``-th best partial score ``theta`` is a lower
        bound of the final ``k``-th score; once the rows left could add at most ``rest`` (their
        summed row maxima) and ``rest < theta``, a passage seen only in those rows cannot make
        the top ``k``: only the survivors (``partial + rest >= theta``) are completed, by binary
        search in the rows left. Sums then come in another order than the query's: equal to
        rank-bm25's up to rounding (a relative margin of 1e-9 keeps the bound safe).
        """
        lengths = [e - s for s, e in spans]
        total = sum(lengths)
        groups: list[list[int]] = []
        cum = 0
        for i in sorted(range(len(rows)), key=lengths.__getitem__):
            if not groups or lengths[i] >= max(cum, _BATCH_ROWS_BELOW):
                groups.append([])
            groups[-1].append(i)
            cum += lengths[i]
        bound = [float(self._rowmax[r]) * w for r, w in rows]
        done, left = 0.0, total
        seen: list[I32] = []
        copies = 0  # the most times one passage can appear in ``seen``
        try:
            for n_group, group in enumerate(groups):
                ids, vals = self._entries(rows, spans, group)
                seen.append(ids[acc[ids] == 0.0])  # first seen (once per row of the group)
                copies = max(copies, len(group))
                if len(group) == 1:
                    acc[ids] += vals  # no id repeats within a row; faster than add.at
                else:
                    np.add.at(acc, ids, vals)
                left -= ids.size
                done += sum(bound[i] for i in group)
                rest = sum(bound[i] for g in groups[n_group + 1 :] for i in g)
                last = n_group == len(groups) - 1
                if not last and (rest >= done or left < sum(s.size for s in seen)):
                    continue  # no pruning possible yet, or adding the rest is the cheaper way
                cands = np.concatenate(seen)
                partial = acc[cands]
                theta = _kth_distinct(cands, partial, acc, k, copies)
                if theta is None:  # fewer than k passages so far
                    if not last:
                        continue
                    theta = 0.0
                cut = theta - 1e-9 * theta
                if last or rest < cut:
                    survivors = _unique(cands[partial + rest >= cut])
                    rows_left = len(rows) - sum(map(len, groups[: n_group + 1]))
                    if not last and survivors.size * rows_left * _LOOKUP_COST > left:
                        continue  # binary searches for so many would cost more than adding
                    scores = acc[survivors]
                    for i in (i for g in groups[n_group + 1 :] for i in g):
                        scores += self._lookup(rows[i][0], rows[i][1], survivors)
                    return survivors, scores
            raise AssertionError("unreachable: the last group always returns")
        finally:
            for part in seen:
                acc[part] = 0.0

    # --- persistence ----------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (temporary file + rename; uncompressed npz).

        The zip container stores a CRC-32 of every array, which :meth:`load` verifies on read.
        """
        encoded = [t.encode("utf-8") for t in self._terms]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        meta = {
            "format": FORMAT_VERSION,
            "k1": self.k1,
            "b": self.b,
            "epsilon": self.epsilon,
            "n_passages": self.n_passages,
            "n_terms": self.n_terms,
            "nnz": int(self._indices.size),
        }
        arrays = {
            "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
            "terms": np.frombuffer(b"".join(encoded), dtype=np.uint8),
            "term_offsets": offsets,
            "indptr": self._indptr,
            "indices": self._indices,
            "data": self._data,
            "doc_len": self._doc_len,
            "idf": self._idf,
        }
        write_atomically(Path(path), lambda f: np.savez(f, **arrays))  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path) -> BM25Index:
        """Read an index written by :meth:`save`.

        Raises OSError when the file cannot be opened (e.g. FileNotFoundError), IndexCacheError
        when it is corrupt, truncated or of another format version.
        """
        with open(path, "rb") as f:  # OSError here: no readable file, not a corrupt one
            try:
                return cls._read(f)
            except (
                IndexCacheError,
                OSError,
                ValueError,
                KeyError,
                EOFError,
                zipfile.BadZipFile,
                UnicodeError,
            ) as e:
                reason = str(e) if isinstance(e, IndexCacheError) else f"{type(e).__name__}: {e}"
                raise IndexCacheError(f"index cache {path} is unusable ({reason})") from e

    @classmethod
    def _read(cls, f: IO[bytes]) -> BM25Index:
        with np.load(f, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode())
            if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
                version = meta.get("format") if isinstance(meta, dict) else None
                raise IndexCacheError(f"format {version!r}, this qabot reads {FORMAT_VERSION}")
            arrays = {name: z[name] for name in z.files}  # reading checks each CRC-32
        n, v, nnz = int(meta["n_passages"]), int(meta["n_terms"]), int(meta["nnz"])
        indptr, indices, data = arrays["indptr"], arrays["indices"], arrays["data"]
        doc_len, idf = arrays["doc_len"], arrays["idf"]
        blob, offsets = arrays["terms"], arrays["term_offsets"]
        problems = [
            what
            for what, bad in [
                ("indptr", indptr.shape != (v + 1,) or indptr[0] != 0 or indptr[-1] != nnz),
                ("indices", indices.shape != (nnz,) or indices.dtype != np.int32),
                ("data", data.shape != (nnz,) or data.dtype != np.float64),
                ("doc_len", doc_len.shape != (n,) or n == 0),
                ("idf", idf.shape != (v,)),
                ("terms", offsets.shape != (v + 1,) or offsets[-1] != blob.size),
            ]
            if bad
        ]
        if not problems and nnz and (indices.min() < 0 or indices.max() >= n):
            problems.append("indices out of range")
        if not problems and np.any(np.diff(indptr) < 0):
            problems.append("indptr not monotonic")
        if problems:
            raise IndexCacheError(f"inconsistent {', '.join(problems)}")
        raw = blob.tobytes()
        bounds = offsets.tolist()
        terms = [raw[a:c].decode("utf-8") for a, c in itertools.pairwise(bounds)]
        index = cls(
            terms=terms,
            indptr=indptr,
            indices=indices,
            data=data,
            doc_len=doc_len.astype(np.int32, copy=False),
            idf=idf,
            k1=float(meta["k1"]),
            b=float(meta["b"]),
            epsilon=float(meta["epsilon"]),
        )
        if len(index._vocab) != v:
            raise IndexCacheError("duplicate terms")
        return index


# --- build helpers ----------------------------------------------------------------------------


def _count_chunk(
    sp: Any, flat: array[int], lengths: list[int], n_terms: int
) -> tuple[I32, I32, npt.NDArray[np.integer[Any]]]:
    """Term frequencies of a chunk of passages as (indptr, term ids, tf), passage-major."""
    ids = np.frombuffer(flat, dtype=np.int32).copy()
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    m = sp.csr_matrix(
        (np.ones(ids.size, dtype=np.int32), ids, indptr), shape=(len(lengths), n_terms)
    )
    m.sum_duplicates()  # sorts each passage's term ids and adds repeats: tf
    return m.indptr, m.indices, m.data


def _term_major(
    sp: Any, parts: list[tuple[I32, I32, npt.NDArray[np.integer[Any]]]], n: int, v: int
) -> tuple[I64, Any]:
    """Document frequencies and the term × passage tf matrix (CSR, rows sorted by passage)."""
    offsets = np.cumsum([0] + [int(p[0][-1]) for p in parts])
    indptr = np.concatenate(
        [np.zeros(1, np.int64)] + [p[0][1:] + off for p, off in zip(parts, offsets, strict=False)]
    )
    indices = np.concatenate([p[1] for p in parts])
    tf = np.concatenate([p[2] for p in parts])
    parts.clear()
    by_passage = sp.csr_matrix((tf, indices, indptr), shape=(n, v))
    df = np.bincount(indices, minlength=v).astype(np.int64)
    del tf, indices, indptr
    by_term = by_passage.tocsc()  # counting sort: each term's passages come out in id order
    del by_passage
    return df, sp.csr_matrix((by_term.data, by_term.indices, by_term.indptr), shape=(v, n))


def _rank_bm25_idf(terms: list[str], df: I64, n: int, epsilon: float) -> F64:
    """rank-bm25's own idf (``BM25Okapi._calc_idf``) on document frequencies counted here.

    ``terms`` is in first-seen order, which is the order rank-bm25 fills its ``nd`` dict, so even
    the floating-point sum behind the average idf (the epsilon floor) is the same.
    """
    from rank_bm25 import BM25Okapi

    fitted = BM25Okapi.__new__(BM25Okapi)  # no corpus: only the idf step runs
    fitted.corpus_size, fitted.epsilon, fitted.idf = n, epsilon, {}
    fitted._calc_idf(dict(zip(terms, df.tolist(), strict=True)))
    idf = np.fromiter((fitted.idf[t] for t in terms), dtype=np.float64, count=len(terms))
    return idf


def _weights(postings: Any, doc_len: I64, idf: F64, *, k1: float, b: float, avgdl: float) -> F64:
    """``idf * tf*(k1+1) / (tf + k1*(1-b+b*dl/avgdl))``, in rank-bm25's order of operations."""
    norm = k1 * (1 - b + b * doc_len / avgdl)
    indptr, passage, tf = postings.indptr, postings.indices, postings.data
    out = np.empty(tf.size, dtype=np.float64)
    for s in range(0, tf.size, _BLOCK):
        e = min(s + _BLOCK, tf.size)
        row_of = np.searchsorted(indptr, np.arange(s, e), side="right") - 1
        q_freq = tf[s:e].astype(np.float64)
        out[s:e] = idf[row_of] * (q_freq * (k1 + 1) / (q_freq + norm[passage[s:e]]))
    return out


def _unique(ids: I32) -> I32:
    """Sorted distinct ids (``np.unique`` is many times slower on int32 in numpy 2.x)."""
    ids = np.sort(ids)
    return ids[np.concatenate(([True], ids[1:] != ids[:-1]))] if ids.size else ids


def _kth_distinct(ids: I32, scores: F64, acc: F64, k: int, copies: int) -> float | None:
    """A lower bound of the ``k``-th best score among distinct ``ids`` (None: fewer than k).

    Each passage appears at most ``copies`` times, with the same score each time, so the
    ``k * copies``-th best entry is at most the ``k``-th best passage's score.
    """
    depth = k * copies
    if ids.size > depth:
        return float(np.partition(scores, ids.size - depth)[ids.size - depth])
    distinct = _unique(ids)
    if distinct.size < k:
        return None
    return float(np.partition(acc[distinct], distinct.size - k)[distinct.size - k])


def _best_entries(ids: I32, scores: F64, depth: int) -> I32:
    """Distinct ids among the ``depth`` best positive entries (and ties), in any order.

    With each id at most ``depth / k`` times, they include the ``k`` best distinct ids.
    """
    keep = scores > 0
    if int(keep.sum()) > depth:
        keep &= scores >= np.partition(scores, scores.size - depth)[scores.size - depth]
    return _unique(ids[keep])


def _top_k(ids: npt.NDArray[np.integer[Any]], scores: F64, k: int) -> list[tuple[int, float]]:
    """Best ``k`` with score > 0, by descending score then ascending id, in O(len(ids))."""
    positive = scores > 0
    if not positive.all():
        ids, scores = ids[positive], scores[positive]
    if scores.size > k:
        kth = scores[np.argpartition(scores, scores.size - k)[scores.size - k]]
        above = scores > kth
        tied = ids[scores == kth]
        need = k - int(above.sum())
        if tied.size > need:
            tied = np.partition(tied, need - 1)[:need]
        ids = np.concatenate([ids[above], tied])
        scores = np.concatenate([scores[above], np.full(tied.size, kth)])
    order = np.lexsort((ids, -scores))
    return list(zip(ids[order].tolist(), scores[order].tolist(), strict=True))


# --- cache --------------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/qabot``, else ``~/.cache/qabot`` (XDG base directory convention)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "qabot"


def cache_path(cache_dir: Path, key: str, *, k1: float, b: float, epsilon: float) -> Path:
    """The file for one corpus/analyzer ``key`` and BM25 parameters (any change: another file)."""
    full = f"{key}|k1={k1!r}|b={b!r}|epsilon={epsilon!r}|format={FORMAT_VERSION}"
    digest = hashlib.sha256(full.encode()).hexdigest()[:20]
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", key)[:40].strip("._")
    return Path(cache_dir) / f"bm25-{slug}-{digest}.npz"


def write_atomically(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write ``path`` whole or not at all (a reader never sees half a file): ``write`` fills a
    temporary file beside it, which is fsynced and renamed into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


CACHE_KEEP = 4  # index files kept in the cache directory, the most recently used


def prune_cache(
    cache_dir: Path, keep: int, *, spare: Path | None = None, pattern: str = "bm25-*.npz"
) -> list[Path]:
    """Delete all but the ``keep`` most recently used index files of ``cache_dir``.

    Every change to a corpus is another key, so without this each edit of an article would
    leave a file behind (hundreds of MB for a large corpus). Use is the file's modification
    time, which a load refreshes. ``spare`` (the index just written) is never deleted. Only
    the files of ``pattern`` are touched (this module's ``bm25-*.npz``; the word-link cache
    prunes its own the same way); files that vanish or resist are skipped. Returns the deleted
    paths."""
    files = []
    for f in Path(cache_dir).glob(pattern):
        with contextlib.suppress(OSError):
            files.append((f.stat().st_mtime, f))
    files.sort(reverse=True)
    deleted = []
    for _, f in files[max(keep, 0):]:
        if f == spare:
            continue
        with contextlib.suppress(OSError):
            f.unlink()
            deleted.append(f)
    return deleted


def load_or_build(
    key: str,
    tokenize: Callable[[], Iterable[Sequence[str]]],
    *,
    cache_dir: Path | None,
    k1: float = 1.5,
    b: float = 0.75,
    epsilon: float = 0.25,
    keep: int = CACHE_KEEP,
    warn: Callable[[str], None] = log.warning,
    progress: bool | None = None,
) -> BM25Index:
    """Load the cached index for ``key``, or build it with ``tokenize()`` and cache it.

    ``key`` must identify the corpus content and analyzer settings. The cache never stops the
    bot: a corrupt, truncated or stale file is reported with one ``warn`` line, deleted and
    rebuilt; an unwritable cache directory is reported and the index is kept in memory only.
    After a write, only the ``keep`` most recently used index files stay (:func:`prune_cache`).
    ``cache_dir=None`` disables caching. ``progress`` (default: when stderr is a terminal)
    draws a bar on stderr for builds over 50,000 passages.
    """
    path = None if cache_dir is None else cache_path(cache_dir, key, k1=k1, b=b, epsilon=epsilon)
    if path is not None:
        try:
            index = BM25Index.load(path)
            if (index.k1, index.b, index.epsilon) == (k1, b, epsilon):
                with contextlib.suppress(OSError):  # (a read-only cache is still used)
                    os.utime(path)  # used now: the last file pruning would delete
                return index
            warn(f"index cache {path} was built with other BM25 parameters; rebuilding")
        except IndexCacheError as e:
            warn(f"{e}; rebuilding it")
        except OSError:
            pass  # no cache yet (or unreachable: saving will say so)
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)

    passages = tokenize()
    show = sys.stderr.isatty() if progress is None else progress
    total = len(passages) if isinstance(passages, Sized) else None
    bar = _ProgressBar(total) if show and (total is None or total > PROGRESS_THRESHOLD) else None
    try:
        index = BM25Index.build(
            passages, k1=k1, b=b, epsilon=epsilon, progress=bar.update if bar else None
        )
    finally:
        if bar is not None:
            bar.close()

    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            index.save(path)
        except OSError as e:
            warn(f"could not write the index cache in {path.parent} ({e}); not caching")
        else:
            prune_cache(path.parent, keep, spare=path)
    return index


class _ProgressBar:
    """A plain ``\\r`` progress line on stderr, drawn only once past the size threshold."""

    def __init__(self, total: int | None, stream: IO[str] | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.drawn = False

    def update(self, done: int) -> None:
        if done <= PROGRESS_THRESHOLD and not self.drawn:
            return
        elapsed = time.monotonic() - self.start
        if self.total:
            frac = min(done / self.total, 1.0)
            bar = "#" * int(frac * 30)
            line = f"indexing passages [{bar:<30}] {frac:4.0%} {done:,}/{self.total:,}"
        else:
            line = f"indexing passages: {done:,}"
        self.stream.write(f"\r{line} ({elapsed:.0f}s)")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
