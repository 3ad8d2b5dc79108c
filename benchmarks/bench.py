"""Retrieval benchmark: qabot's BM25Index against plain rank-bm25 and bm25s on one corpus.

    python -m benchmarks.bench [--sizes 1000,10000,100000,1000000] [--queries 200] [--quick]

Every size runs in a fresh worker process (``--in-process`` to turn that off), so its peak
memory is that size's alone: ``resource.getrusage().ru_maxrss`` is a high-water mark and would
otherwise carry over from the size before. The parent prints one markdown table.

The synthetic corpus models text after qabot's analyzer: passages of 40-60 terms drawn from a
Zipf (s=1) distribution over the ranks 101..50,100 of a vocabulary; the 100 most frequent ranks
are left out because the analyzer drops stop words, the head of a real Zipf curve
(``--stopword-head 0`` keeps them). Queries take 1-6 distinct terms of a random passage (so they
lean to frequent terms, the expensive case), one in ten with an extra unknown term.
"""

from __future__ import annotations

import argparse
import functools
import gc
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from qabot.index import BM25Index

VOCAB_SIZE = 50_000
STOPWORD_HEAD = 100
OKAPI_MAX = 100_000
UNKNOWN = "unknownterm"  # 11 letters: longer than any generated word


@functools.lru_cache(maxsize=2)
def vocabulary(size: int = VOCAB_SIZE) -> list[str]:
    """Distinct random words of 4-10 letters that qabot's analyzer keeps as they are.

    Random letters, not syllables: in a syllable-built vocabulary every word has dozens of
    neighbours one edit away, which the answer pipeline's spelling variants would all search.
    """
    from qabot.text import Analyzer

    analyze = Analyzer()
    rng = np.random.default_rng(20_240_501)  # fixed: the same words for every corpus seed
    words: dict[str, None] = {}
    while len(words) < size:
        letters = rng.integers(ord("a"), ord("z") + 1, size=(size, 10), dtype=np.uint8)
        for row, n in zip(letters, rng.integers(4, 11, size=size).tolist(), strict=True):
            word = row[:n].tobytes().decode()
            if word not in words and analyze.tokens(word) == [word]:
                words[word] = None
    return list(words)[:size]


def make_corpus(
    n: int, *, seed: int = 0, head: int = STOPWORD_HEAD, vocab_size: int = VOCAB_SIZE
) -> list[list[str]]:
    """``n`` tokenized passages; generated in chunks so no large temporary outlives the call."""
    rng = np.random.default_rng(seed)
    words = vocabulary(vocab_size)
    ranks = np.arange(1, vocab_size + head + 1, dtype=np.float64)[head:]
    cdf = np.cumsum(1 / ranks)
    cdf /= cdf[-1]
    corpus: list[list[str]] = []
    for start in range(0, n, 65_536):
        m = min(65_536, n - start)
        lengths = rng.integers(40, 61, size=m)
        ids = np.searchsorted(cdf, rng.random(int(lengths.sum()))).tolist()
        bounds = np.concatenate([[0], np.cumsum(lengths)]).tolist()
        corpus.extend([words[j] for j in ids[a:b]] for a, b in itertools.pairwise(bounds))
    return corpus


def make_queries(corpus: Sequence[Sequence[str]], n: int, *, seed: int = 1) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    queries = []
    for i in range(n):
        passage = corpus[int(rng.integers(len(corpus)))]
        size = min(int(rng.integers(1, 7)), len(passage))
        q = [passage[int(j)] for j in rng.choice(len(passage), size=size, replace=False)]
        queries.append([*q, UNKNOWN] if i % 10 == 9 else q)
    return queries


def latency(fn: Callable[[list[str]], object], queries: list[list[str]]) -> tuple[float, float]:
    """p50 and p99 in milliseconds, one call per query after a short warm-up."""
    for q in queries[:3]:
        fn(q)
    times = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        times.append(time.perf_counter() - start)
    p50, p99 = np.percentile(np.array(times) * 1000, [50, 99])
    return float(p50), float(p99)


def rss_mb() -> float:
    """Current resident set size (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return peak_rss_mb()


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes vs KiB


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@dataclass
class Row:
    passages: int
    queries: int
    build_s: float = 0.0
    save_s: float = 0.0
    load_s: float = 0.0
    index_mb: float = 0.0
    corpus_rss_mb: float = 0.0
    peak_rss_mb: float = 0.0
    qabot_p50: float = 0.0
    qabot_p99: float = 0.0
    okapi_build_s: float | None = None
    okapi_p50: float | None = None
    okapi_p99: float | None = None
    top1_agree: int | None = None
    bm25s_build_s: float | None = None
    bm25s_p50: float | None = None
    bm25s_p99: float | None = None
    answer_p50: float | None = None
    answer_p99: float | None = None
    answer_note: str = ""


def run_size(
    n: int,
    *,
    queries: int = 200,
    seed: int = 0,
    head: int = STOPWORD_HEAD,
    okapi_max: int = OKAPI_MAX,
    use_bm25s: bool = True,
    answer_max: int = 1_000_000,
) -> Row:
    """Benchmark one corpus size in this process; qabot first, so its peak RSS is its own."""
    log(f"[{n:,}] generating corpus")
    corpus = make_corpus(n, seed=seed, head=head)
    qs = make_queries(corpus, queries, seed=seed + 1)
    gc.collect()
    row = Row(passages=n, queries=queries, corpus_rss_mb=rss_mb())

    log(f"[{n:,}] qabot: build, save, load")
    start = time.perf_counter()
    built = BM25Index.build(corpus)
    row.build_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="qabot-bench-") as tmp:
        path = Path(tmp) / "index.npz"
        start = time.perf_counter()
        built.save(path)
        row.save_s = time.perf_counter() - start
        del built
        gc.collect()
        start = time.perf_counter()
        index = BM25Index.load(path)
        row.load_s = time.perf_counter() - start
    row.index_mb = index.nbytes / 2**20
    row.qabot_p50, row.qabot_p99 = latency(lambda q: index.search(q, k=10), qs)
    row.peak_rss_mb = peak_rss_mb()

    if n <= okapi_max:
        _run_okapi(row, corpus, qs, index)
    if use_bm25s:
        _run_bm25s(row, corpus, qs)
    if n <= answer_max:
        del index
        _run_answer(row, corpus, qs)
    return row


def _run_okapi(row: Row, corpus: list[list[str]], qs: list[list[str]], index: BM25Index) -> None:
    from rank_bm25 import BM25Okapi

    log(f"[{row.passages:,}] rank-bm25")
    start = time.perf_counter()
    okapi = BM25Okapi(corpus)
    row.okapi_build_s = time.perf_counter() - start
    row.okapi_p50, row.okapi_p99 = latency(lambda q: np.argsort(okapi.get_scores(q))[::-1][:10], qs)
    agree = 0
    for q in qs:  # qabot's best passage is one of rank-bm25's best, with the same score
        scores = okapi.get_scores(q)
        best = float(scores.max())
        hits = index.search(q, k=1)
        if best <= 0:
            agree += not hits
        else:
            agree += bool(hits and abs(hits[0][1] - best) <= 1e-6 and scores[hits[0][0]] == best)
    row.top1_agree = agree


def _run_bm25s(row: Row, corpus: list[list[str]], qs: list[list[str]]) -> None:
    try:
        import bm25s
    except ImportError:
        log("bm25s not installed (pip install -e '.[bench]'): skipped")
        return
    log(f"[{row.passages:,}] bm25s")
    start = time.perf_counter()
    retriever = bm25s.BM25(k1=1.5, b=0.75)
    retriever.index(corpus, show_progress=False)
    row.bm25s_build_s = time.perf_counter() - start
    row.bm25s_p50, row.bm25s_p99 = latency(
        lambda q: retriever.retrieve([q], k=10, show_progress=False), qs
    )


def documents_from(corpus: list[list[str]]) -> list[Any]:
    """Articles of ten passages, each passage written as two sentences.

    ``QABot.from_documents`` cuts three-sentence windows every two sentences, so the bot ends up
    with about as many passages as the token corpus has (of about 75 words instead of 50).
    """
    from qabot.models import Document

    docs = []
    for d, start in enumerate(range(0, len(corpus), 10)):
        sentences = []
        for passage in corpus[start : start + 10]:
            half = len(passage) // 2
            for part in (passage[:half], passage[half:]):
                sentences.append(" ".join(part).capitalize() + ".")
        docs.append(Document(id=f"doc{d}", title=f"Article {d}", text=" ".join(sentences)))
    return docs


def _run_answer(row: Row, corpus: list[list[str]], qs: list[list[str]]) -> None:
    """Full-answer latency through ``qabot.service.QABot``, when that API is there."""
    try:
        from qabot.service import QABot

        from_documents, ask = QABot.from_documents, QABot.ask
    except (ImportError, AttributeError) as e:
        row.answer_note = f"no QABot.from_documents/ask ({e})"
        return
    log(f"[{row.passages:,}] full answer: building the bot")
    try:
        bot = from_documents(documents_from(corpus))
        questions = [f"What about {' '.join(q)}?" for q in qs]
        p50, p99 = latency(lambda q: ask(bot, " ".join(q)), [[q] for q in questions])
    except Exception as e:  # the pipeline is another module's: report, do not abort the bench
        row.answer_note = f"full answer failed: {type(e).__name__}: {e}"
        log(row.answer_note)
        return
    row.answer_p50, row.answer_p99 = p50, p99


# --- report ---------------------------------------------------------------------------------

COLUMNS = [
    "passages",
    "build s",
    "save s",
    "load s",
    "index MB",
    "corpus RSS MB",
    "peak RSS MB",
    "qabot p50 ms",
    "qabot p99 ms",
    "rank-bm25 build s",
    "rank-bm25 p50 ms",
    "rank-bm25 p99 ms",
    "× rank-bm25 p50/p99",
    "top-1 = rank-bm25",
    "bm25s build s",
    "bm25s p50 ms",
    "bm25s p99 ms",
    "× bm25s p50/p99",
    "answer p50 ms",
    "answer p99 ms",
]


def _num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.{digits}f}" if x < 100 else f"{x:,.0f}"


def _ratio(base: float | None, ours: float) -> str:
    return "n/a" if base is None or ours <= 0 else f"{base / ours:,.0f}×"


def format_table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---:|" * len(COLUMNS)]
    for r in rows:
        cells = [
            f"{r.passages:,}",
            _num(r.build_s),
            _num(r.save_s),
            _num(r.load_s),
            _num(r.index_mb, 0),
            _num(r.corpus_rss_mb, 0),
            _num(r.peak_rss_mb, 0),
            _num(r.qabot_p50, 3),
            _num(r.qabot_p99, 3),
            _num(r.okapi_build_s),
            _num(r.okapi_p50),
            _num(r.okapi_p99),
            f"{_ratio(r.okapi_p50, r.qabot_p50)} / {_ratio(r.okapi_p99, r.qabot_p99)}",
            "n/a" if r.top1_agree is None else f"{r.top1_agree}/{r.queries}",
            _num(r.bm25s_build_s),
            _num(r.bm25s_p50),
            _num(r.bm25s_p99),
            f"{_ratio(r.bm25s_p50, r.qabot_p50)} / {_ratio(r.bm25s_p99, r.qabot_p99)}",
            _num(r.answer_p50),
            _num(r.answer_p99),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    notes = [f"- {r.passages:,} passages: {r.answer_note}" for r in rows if r.answer_note]
    return "\n".join(lines + (["", *notes] if notes else []))


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (ln.split(":", 1)[1].strip() for ln in out.splitlines() if ln.startswith("Model name")),
            model,
        )
    except OSError:
        pass
    ram = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = int(next(ln for ln in f if ln.startswith("MemTotal")).split()[1])
        ram = f"{kib / 2**20:.1f} GiB"
    except (OSError, StopIteration):
        pass
    return (
        f"{model}, {os.cpu_count()} cores, {ram} RAM, Python {platform.python_version()}, "
        f"numpy {np.__version__}, {platform.system()} {platform.release()}"
    )


# --- command line ---------------------------------------------------------------------------


def _worker(n: int, args: argparse.Namespace) -> Row:
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.bench",
        "--worker",
        str(n),
        *("--queries", str(args.queries), "--seed", str(args.seed)),
        *("--stopword-head", str(args.stopword_head), "--okapi-max", str(args.okapi_max)),
        *("--answer-max", str(args.answer_max)),
        *(["--no-bm25s"] if args.no_bm25s else []),
    ]
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(cmd, cwd=root, stdout=subprocess.PIPE, text=True, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return Row(**{f.name: data[f.name] for f in fields(Row)})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stopword-head", type=int, default=STOPWORD_HEAD)
    parser.add_argument("--okapi-max", type=int, default=OKAPI_MAX, help="largest N for rank-bm25")
    parser.add_argument("--answer-max", type=int, default=1_000_000, help="largest N for QABot")
    parser.add_argument("--no-bm25s", action="store_true")
    parser.add_argument("--quick", action="store_true", help="1k and 10k passages, 50 queries")
    parser.add_argument("--in-process", action="store_true", help="no worker processes")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.queries = "1000,10000", 50

    def run(n: int) -> Row:
        return run_size(
            n,
            queries=args.queries,
            seed=args.seed,
            head=args.stopword_head,
            okapi_max=args.okapi_max,
            use_bm25s=not args.no_bm25s,
            answer_max=args.answer_max,
        )

    if args.worker is not None:
        print(json.dumps(asdict(run(args.worker))))
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    rows = [run(n) if args.in_process else _worker(n, args) for n in sizes]
    memory = "in one process (peaks carry over)" if args.in_process else "one worker per size"
    print(f"Machine: {machine()}\n")
    print(f"Queries: {args.queries} per size, top-10; peak RSS: ru_maxrss, {memory}.\n")
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
