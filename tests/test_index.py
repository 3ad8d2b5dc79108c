"""BM25Index against rank-bm25 (the source of truth for the formula), and its cache."""

from __future__ import annotations

import gc
import json
import os
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from qabot import index as index_module
from qabot.config import IndexConfig
from qabot.errors import IndexCacheError
from qabot.index import CACHE_KEEP, BM25Index, cache_path, default_cache_dir, load_or_build, prune_cache

VOCAB = [f"w{i}" for i in range(3000)]


def zipf_corpus(n: int, seed: int) -> list[list[str]]:
    """Passages of 0-60 tokens over a Zipf vocabulary (some empty, many repeated terms)."""
    rng = np.random.default_rng(seed)
    p = 1 / np.arange(1, len(VOCAB) + 1)
    p /= p.sum()
    return [
        [VOCAB[j] for j in rng.choice(len(VOCAB), size=int(rng.integers(0, 61)), p=p)]
        for _ in range(n)
    ]


def random_queries(n: int, seed: int) -> list[list[str]]:
    """1-6 Zipf terms, a duplicate in some, an unknown term in others."""
    rng = np.random.default_rng(seed)
    p = 1 / np.arange(1, len(VOCAB) + 1)
    p /= p.sum()
    queries = []
    for i in range(n):
        q = [VOCAB[j] for j in rng.choice(len(VOCAB), size=int(rng.integers(1, 7)), p=p)]
        if i % 7 == 0:
            q.append("unknown-term")
        if i % 5 == 0:
            q.append(q[0])
        queries.append(q)
    return queries


@pytest.fixture(scope="module")
def corpus() -> list[list[str]]:
    return zipf_corpus(2000, seed=7)


@pytest.fixture(scope="module")
def okapi(corpus: list[list[str]]) -> BM25Okapi:
    return BM25Okapi(corpus)


@pytest.fixture(scope="module")
def index(corpus: list[list[str]]) -> BM25Index:
    return BM25Index.build(corpus)


def reference_top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """rank-bm25's scores ranked as BM25Index promises: score > 0, best first, lower id first."""
    positive = [(i, float(s)) for i, s in enumerate(scores) if s > 0]
    return sorted(positive, key=lambda t: (-t[1], t[0]))[:k]


def assert_same_ranking(
    got: Sequence[tuple[int, float]], want: Sequence[tuple[int, float]]
) -> None:
    """Scores equal within 1e-6; ids equal at every score level (the last level may be cut)."""
    assert len(got) == len(want)
    assert [s for _, s in got] == pytest.approx([s for _, s in want], abs=1e-6)
    levels: dict[float, tuple[set[int], set[int]]] = {}
    for (gi, gs), (wi, _) in zip(got, want, strict=True):
        level = levels.setdefault(round(gs, 6), (set(), set()))
        level[0].add(gi)
        level[1].add(wi)
    last = round(got[-1][1], 6) if got else None
    for score, (g, w) in levels.items():
        if score != last:
            assert g == w, f"ids differ at score {score}"


def test_statistics_are_rank_bm25s(index: BM25Index, okapi: BM25Okapi) -> None:
    assert index.n_passages == okapi.corpus_size
    assert index.avgdl == okapi.avgdl
    assert len(index.vocabulary) == len(okapi.idf)
    assert all(index.idf(t) == okapi.idf[t] for t in okapi.idf)  # epsilon floor included
    assert any(v < 0.5 for v in okapi.idf.values())  # the floor is exercised
    assert index.idf("unknown-term") == 0.0
    assert index.df("unknown-term") == 0
    assert index.df("w0") == sum("w0" in f for f in okapi.doc_freqs)


@pytest.fixture(params=["pruned", "pruned-row-by-row", "exhaustive"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every query path: MaxScore-style pruning (forced on these short rows; with short rows
    grouped, or each row alone as long rows are) and the plain sum in query order."""
    pruned = request.param.startswith("pruned")
    monkeypatch.setattr(index_module, "_PRUNE_MIN", 0 if pruned else 10**12)
    if request.param == "pruned-row-by-row":
        monkeypatch.setattr(index_module, "_BATCH_ROWS_BELOW", 0)
    return str(request.param)


def test_top10_equals_get_scores(index: BM25Index, okapi: BM25Okapi, path: str) -> None:
    bit_exact = 0
    for q in random_queries(300, seed=11):
        want = reference_top(okapi.get_scores(q), 10)
        got = index.search(q, k=10)
        assert_same_ranking(got, want)
        bit_exact += got == want
    if path == "exhaustive":  # same operations in the same order: not even a rounding difference
        assert bit_exact == 300


def test_pruning_skips_passages_of_common_terms(
    index: BM25Index, okapi: BM25Okapi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "_PRUNE_MIN", 0)
    terms = ["w0", "w1", "w500"]  # two very common terms and a rare one
    assert 0 < index.df("w500") < 10 and index.df("w0") > 1000
    candidates, _ = index._sum_rows(index._rows(terms, None), k=5)
    assert candidates.size < 20  # the passages of w0 and w1 alone were never enumerated
    assert_same_ranking(index.search(terms, k=5), reference_top(okapi.get_scores(terms), 5))


def test_weights_multiply_each_terms_contribution(
    index: BM25Index, okapi: BM25Okapi, path: str
) -> None:
    cases = [
        (["w3", "w40", "w700"], [1.0, 0.5, 2.0]),
        (["w3", "w40", "w3"], [1.0, 2.0, 0.25]),  # a duplicate counts once per occurrence
        (["w10", "w2000", "nope"], [0.0, 3.0, 5.0]),
        (["w1", "w50", "w120"], [1.0, -0.7, 1.5]),  # negative: exhaustive path, positives kept
    ]
    for terms, weights in cases:
        ref = sum(w * okapi.get_scores([t]) for t, w in zip(terms, weights, strict=True))
        assert_same_ranking(index.search(terms, k=20, weights=weights), reference_top(ref, 20))


def test_scores_equal_get_batch_scores(index: BM25Index, okapi: BM25Okapi) -> None:
    ids = list(range(0, 2000, 3))
    for q in random_queries(20, seed=3):
        assert index.scores(q, ids) == okapi.get_batch_scores(q, ids)
    assert index.scores(["w1"], []) == []
    with pytest.raises(ValueError, match="passage ids"):
        index.scores(["w1"], [2000])


@pytest.mark.parametrize("terms", [[], ["unknown-term"], ["unknown-term", "other"]])
def test_empty_or_unknown_query_finds_nothing(index: BM25Index, terms: list[str]) -> None:
    assert index.search(terms) == []


def test_k_edge_cases(index: BM25Index, okapi: BM25Okapi) -> None:
    q = ["w5", "w77"]
    everything = reference_top(okapi.get_scores(q), 10**6)
    assert_same_ranking(index.search(q, k=10**6), everything)  # k > n: every positive hit
    assert index.search(q, k=0) == []
    with pytest.raises(ValueError, match="k must be"):
        index.search(q, k=-1)


def test_bad_arguments_raise_clear_errors(index: BM25Index) -> None:
    with pytest.raises(ValueError, match="2 weights for 1 terms"):
        index.search(["w1"], weights=[1.0, 2.0])
    with pytest.raises(TypeError, match="not a str"):
        index.search("w1")
    with pytest.raises(TypeError, match="tokenized"):
        BM25Index.build(["a passage as one string"])


def test_zero_scores_are_not_hits() -> None:
    # "a" is in exactly half the passages: idf log(2.5/2.5) = 0, so every score is 0.
    passages = [["a", "x"], ["a", "y"], ["b"], ["c"]]
    idx, okapi = BM25Index.build(passages), BM25Okapi(passages)
    assert idx.idf("a") == 0.0
    assert idx.search(["a"]) == []
    assert idx.search(["a", "x"]) == reference_top(okapi.get_scores(["a", "x"]), 10)
    assert [i for i, _ in idx.search(["a", "x"])] == [0]


def test_ties_go_to_the_lower_id() -> None:
    idx = BM25Index.build([["z"], ["t", "u"], ["q"], ["t", "u"], ["r"], ["s"]] * 2)
    hits = idx.search(["t", "u"], k=3)
    assert [i for i, _ in hits] == [1, 3, 7]
    assert len({s for _, s in hits}) == 1
    assert [i for i, _ in idx.search(["t"], k=2)] == [1, 3]


@pytest.mark.parametrize("passages", [[], [[], []]])
def test_empty_corpus_is_a_value_error(passages: list[list[str]]) -> None:
    with pytest.raises(ValueError, match=r"empty corpus|has a term"):
        BM25Index.build(passages)


def test_no_rank_bm25_object_outlives_the_build(corpus: list[list[str]]) -> None:
    def live() -> int:
        gc.collect()
        return sum(isinstance(o, BM25Okapi) for o in gc.get_objects())

    before = live()
    idx = BM25Index.build(corpus)
    assert live() == before
    # and no per-passage Python containers are kept: the index is arrays plus the vocabulary
    assert not any(isinstance(v, list) and v and isinstance(v[0], dict) for v in vars(idx).values())


def test_progress_callback_gets_the_passage_count(corpus: list[list[str]]) -> None:
    seen: list[int] = []
    BM25Index.build(iter(corpus), progress=seen.append)
    assert seen[-1] == len(corpus)


def test_save_load_round_trip(index: BM25Index, tmp_path: Path) -> None:
    path = tmp_path / "i.npz"
    index.save(path)
    assert [p.name for p in tmp_path.iterdir()] == ["i.npz"]  # no temporary file left behind
    loaded = BM25Index.load(path)
    assert dict(loaded.vocabulary) == dict(index.vocabulary)
    assert (loaded.n_passages, loaded.avgdl, loaded.k1, loaded.b, loaded.epsilon) == (
        index.n_passages,
        index.avgdl,
        index.k1,
        index.b,
        index.epsilon,
    )
    for q in random_queries(50, seed=5):
        assert loaded.search(q) == index.search(q)


def test_load_rejects_another_format_version(index: BM25Index, tmp_path: Path) -> None:
    path = tmp_path / "i.npz"
    index.save(path)
    with np.load(path) as z:
        arrays = {name: z[name] for name in z.files}
    meta = json.loads(bytes(arrays["meta"]))
    arrays["meta"] = np.frombuffer(json.dumps({**meta, "format": 999}).encode(), dtype=np.uint8)
    np.savez(path, **arrays)
    with pytest.raises(IndexCacheError, match="format 999"):
        BM25Index.load(path)


class Counter:
    """A tokenize() callable that counts its calls."""

    def __init__(self, passages: list[list[str]]) -> None:
        self.passages = passages
        self.calls = 0

    def __call__(self) -> list[list[str]]:
        self.calls += 1
        return self.passages


@pytest.fixture
def small() -> list[list[str]]:
    return zipf_corpus(300, seed=1)


def test_second_start_loads_the_cache(small: list[list[str]], tmp_path: Path) -> None:
    tokenize, warnings = Counter(small), []
    first = load_or_build("corpus-a", tokenize, cache_dir=tmp_path, warn=warnings.append)
    second = load_or_build("corpus-a", tokenize, cache_dir=tmp_path, warn=warnings.append)
    assert tokenize.calls == 1
    assert second.search(["w1", "w9"]) == first.search(["w1", "w9"])
    assert warnings == []


def test_changed_key_or_parameters_rebuild(small: list[list[str]], tmp_path: Path) -> None:
    tokenize = Counter(small)
    load_or_build("corpus-a", tokenize, cache_dir=tmp_path)
    load_or_build("corpus-b", tokenize, cache_dir=tmp_path)
    assert tokenize.calls == 2
    idx = load_or_build("corpus-a", tokenize, cache_dir=tmp_path, k1=1.2)
    assert (tokenize.calls, idx.k1) == (3, 1.2)
    load_or_build("corpus-a", tokenize, cache_dir=tmp_path, k1=1.2)
    assert tokenize.calls == 3


def test_cache_keeps_only_the_most_recently_used_files(small: list[list[str]], tmp_path: Path) -> None:
    """An edited corpus is a new key: the files of old versions must not pile up."""
    tokenize = Counter(small)
    for key in ("v1", "v2", "v3"):
        load_or_build(key, tokenize, cache_dir=tmp_path, keep=2)
        time.sleep(0.01)  # (distinct modification times)
    assert sorted(tmp_path.glob("bm25-*.npz")) == sorted(
        cache_path(tmp_path, k, k1=1.5, b=0.75, epsilon=0.25) for k in ("v2", "v3"))
    load_or_build("v2", tokenize, cache_dir=tmp_path, keep=2)  # a load counts as a use ...
    time.sleep(0.01)
    load_or_build("v4", tokenize, cache_dir=tmp_path, keep=2)  # ... so v3 goes, not v2
    assert sorted(tmp_path.glob("bm25-*.npz")) == sorted(
        cache_path(tmp_path, k, k1=1.5, b=0.75, epsilon=0.25) for k in ("v2", "v4"))
    assert tokenize.calls == 4


def test_prune_cache_spares_the_new_file_and_others_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    files = [tmp_path / f"bm25-x-{i}.npz" for i in range(3)]
    for i, f in enumerate(files):
        f.write_bytes(b"x")
        os.utime(f, (1_000 + i, 1_000 + i))
    assert prune_cache(tmp_path, 1, spare=files[0]) == [files[1]]
    assert sorted(tmp_path.iterdir()) == sorted([files[0], files[2], tmp_path / "notes.txt"])
    assert prune_cache(tmp_path / "missing", 1) == []


def test_default_cache_keep_is_the_config_default() -> None:
    assert IndexConfig().cache_keep == CACHE_KEEP


def corrupt_middle(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    for i in range(len(raw) // 2, len(raw) // 2 + 64):
        raw[i] ^= 0xFF
    path.write_bytes(bytes(raw))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])


def garbage(path: Path) -> None:
    path.write_bytes(b"not an index")


@pytest.mark.parametrize("damage", [corrupt_middle, truncate, garbage])
def test_damaged_cache_is_reported_and_rebuilt(
    small: list[list[str]], tmp_path: Path, damage: object
) -> None:
    tokenize, warnings = Counter(small), []
    built = load_or_build("k", tokenize, cache_dir=tmp_path, warn=warnings.append)
    path = cache_path(tmp_path, "k", k1=1.5, b=0.75, epsilon=0.25)
    damage(path)  # type: ignore[operator]
    with pytest.raises(IndexCacheError):
        BM25Index.load(path)
    again = load_or_build("k", tokenize, cache_dir=tmp_path, warn=warnings.append)
    assert tokenize.calls == 2
    assert len(warnings) == 1 and str(path) in warnings[0] and "rebuilding" in warnings[0]
    assert again.search(["w2", "w30"]) == built.search(["w2", "w30"])
    BM25Index.load(path)  # rewritten whole


def test_crc_catches_flipped_bytes(index: BM25Index, tmp_path: Path) -> None:
    path = tmp_path / "i.npz"
    index.save(path)
    corrupt_middle(path)
    with pytest.raises(IndexCacheError) as e:
        BM25Index.load(path)
    assert isinstance(e.value.__cause__, zipfile.BadZipFile | ValueError)


def test_no_cache_dir_means_no_caching(small: list[list[str]]) -> None:
    tokenize = Counter(small)
    load_or_build("k", tokenize, cache_dir=None)
    load_or_build("k", tokenize, cache_dir=None)
    assert tokenize.calls == 2


def test_unwritable_cache_dir_warns_and_carries_on(small: list[list[str]], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    warnings: list[str] = []
    idx = load_or_build("k", Counter(small), cache_dir=blocker / "cache", warn=warnings.append)
    assert idx.n_passages == len(small)
    assert len(warnings) == 1 and "not caching" in warnings[0]


def test_progress_bar_only_for_large_builds(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "PROGRESS_THRESHOLD", 100)
    monkeypatch.setattr(index_module, "_CHUNK", 64)
    load_or_build("k", lambda: [["a", "b"]] * 50, cache_dir=None, progress=True)
    assert capsys.readouterr() == ("", "")
    load_or_build("k", lambda: [["a", "b"]] * 500, cache_dir=None, progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    assert "\r" in err and "500/500" in err and err.endswith("\n")
    load_or_build("k", lambda: [["a", "b"]] * 500, cache_dir=None, progress=False)
    assert capsys.readouterr() == ("", "")


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "qabot"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    assert default_cache_dir() == Path.home() / ".cache" / "qabot"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "qabot"
