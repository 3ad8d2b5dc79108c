"""The benchmark runs end to end at a small size and agrees with rank-bm25."""

from __future__ import annotations

import pytest

from benchmarks import bench


def test_bench_small_run_reports_every_column() -> None:
    row = bench.run_size(1000, queries=20, answer_max=0)  # the answer pipeline is not ours
    assert row.top1_agree == 20  # qabot's best passage is rank-bm25's, same score
    assert row.build_s > 0 and row.load_s > 0 and row.index_mb > 0 and row.peak_rss_mb > 0
    assert 0 < row.qabot_p50 <= row.qabot_p99
    assert row.okapi_p50 is not None
    table = bench.format_table([row])
    header, rule, line = table.splitlines()[:3]
    assert [c.strip() for c in header.strip("|").split("|")] == bench.COLUMNS
    assert line.count("|") == header.count("|") == rule.count("|")
    assert line.startswith("| 1,000 |") and "20/20" in line
    assert line.rstrip(" |").endswith("n/a | n/a")  # no full-answer figures when not run


def test_corpus_and_queries_are_seeded() -> None:
    a, b = bench.make_corpus(50, seed=3), bench.make_corpus(50, seed=3)
    assert a == b and all(40 <= len(p) <= 60 for p in a)
    assert bench.make_queries(a, 10) == bench.make_queries(b, 10)
    assert bench.make_corpus(50, seed=4) != a


@pytest.mark.parametrize("head", [0, 100])
def test_vocabulary_survives_the_analyzer(head: int) -> None:
    from qabot.text import Analyzer

    words = sorted({w for p in bench.make_corpus(200, head=head) for w in p})
    assert Analyzer().tokens(" ".join(words)) == words


def test_answer_column_is_na_without_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "qabot.service", None)  # import now raises ImportError
    row = bench.Row(passages=10, queries=1)
    bench._run_answer(row, bench.make_corpus(10), [["x"]])
    assert row.answer_p50 is None and "QABot" in row.answer_note
    assert "n/a | n/a" in bench.format_table([row])


def test_bundled_benchmark_reports_both_systems(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bundled

    assert bundled.main(["--rounds", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if line.startswith("| first round") or line.startswith("| later")]
    assert len(rows) == 2
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        ours, base, ratio = float(cells[2]), float(cells[4]), float(cells[6].rstrip("×"))
        assert ours > 0 and base > 0
        assert ratio == pytest.approx(ours / base, rel=0.1, abs=0.1)  # cells are rounded
