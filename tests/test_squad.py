"""`qabot eval --squad`: the parser, the scoring, the baseline and the command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rank_bm25 import BM25Okapi

from qabot.config import Config
from qabot.errors import ConfigError
from qabot.models import Document
from qabot.squad import (
    Baseline,
    Prediction,
    SquadQuestion,
    contains_gold,
    evaluate,
    parse_squad,
    read_squad,
    score,
    slug,
)
from qabot.text import Analyzer

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "squad_mini.json"


def _paragraph(context: str, *qas: dict[str, Any]) -> dict[str, Any]:
    return {"context": context, "qas": list(qas)}


def _qa(question: str, *answers: str, impossible: bool | None = None) -> dict[str, Any]:
    qa: dict[str, Any] = {"id": question, "question": question,
                          "answers": [{"text": a, "answer_start": 0} for a in answers]}
    if impossible is not None:
        qa["is_impossible"] = impossible
    return qa


# --- the data file -------------------------------------------------------------------------


def test_mini_file_offsets_point_at_the_answers() -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))
    for article in data["data"]:
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            for qa in paragraph["qas"]:
                for a in qa["answers"] + qa.get("plausible_answers", []):
                    assert context[a["answer_start"]:][: len(a["text"])] == a["text"]


def test_parse_mini_file() -> None:
    squad = read_squad(MINI)
    assert squad.version == "v2.0"
    assert squad.articles == 2
    assert [d.id for d in squad.documents] == [
        "saltmere-lighthouse-0", "saltmere-lighthouse-1", "saltmere-lighthouse-2",
        "velmont-blue-0", "velmont-blue-1", "velmont-blue-2",
    ]
    assert {d.title for d in squad.documents} == {"Saltmere Lighthouse", "Velmont Blue"}
    assert len(squad.questions) == 30
    assert sum(q.impossible for q in squad.questions) == 5
    first = squad.questions[0]
    assert (first.question, first.doc_id) == ("Who designed the Saltmere Lighthouse?",
                                              "saltmere-lighthouse-0")
    assert "Henrietta Vale" in first.answers
    assert all(q.answers == () for q in squad.questions if q.impossible)


def test_parse_v1_without_is_impossible_and_repeated_titles() -> None:
    data = {"version": "1.1", "data": [
        {"title": "Café  Zürich!", "paragraphs": [_paragraph("A. B.", _qa("Q1?", "A"))]},
        {"title": "Café Zürich", "paragraphs": [_paragraph("C. D.", _qa("Q2?", "C"))]},
    ]}
    squad = parse_squad(data)
    assert [d.id for d in squad.documents] == ["cafe-zurich-0", "cafe-zurich-2-0"]
    assert [q.impossible for q in squad.questions] == [False, False]
    assert [q.doc_id for q in squad.questions] == ["cafe-zurich-0", "cafe-zurich-2-0"]


def test_slug() -> None:
    assert slug("Saltmere Lighthouse") == "saltmere-lighthouse"
    assert slug("¿?") == "article"
    assert len(slug("word " * 40)) <= 60


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ([], "top level"),
        ({"version": "v2.0"}, "top level"),
        ({"data": [[]]}, "data[0]"),
        ({"data": [{"title": 3, "paragraphs": []}]}, "data[0].title"),
        ({"data": [{"title": "T"}]}, "data[0].paragraphs"),
        ({"data": [{"title": "T", "paragraphs": [{"qas": []}]}]}, "data[0].paragraphs[0].context"),
        ({"data": [{"title": "T", "paragraphs": [_paragraph("  ")]}]},
         "data[0].paragraphs[0].context"),
        ({"data": [{"title": "T", "paragraphs": [_paragraph("Text.", {"answers": []})]}]},
         "data[0].paragraphs[0].qas[0].question"),
        ({"data": [{"title": "T", "paragraphs": [_paragraph("Text.", _qa("Q?"))]}]},
         "data[0].paragraphs[0].qas[0].answers"),
        ({"data": [{"title": "T", "paragraphs": [
            _paragraph("Text.", {"question": "Q?", "answers": ["Text"]})]}]},
         "data[0].paragraphs[0].qas[0].answers[0]"),
        ({"data": [{"title": "T", "paragraphs": [
            _paragraph("Text.", _qa("Q?", impossible="no"))]}]},  # type: ignore[arg-type]
         "data[0].paragraphs[0].qas[0].is_impossible"),
        ({"data": [{"title": "T", "paragraphs": [_paragraph("Text.")]}]}, "holds no questions"),
    ],
)
def test_malformed(data: Any, where: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_squad(data, name="bad.json")
    message = str(info.value)
    assert message.startswith("bad.json: not a SQuAD")
    assert where in message
    assert "\n" not in message


def test_unreadable_and_invalid_json(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read SQuAD file"):
        read_squad(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"data": [', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"not valid JSON: .* line 1"):
        read_squad(broken)


# --- scoring -------------------------------------------------------------------------------


def _q(answers: tuple[str, ...], doc: str = "d-0", impossible: bool = False) -> SquadQuestion:
    return SquadQuestion("id", "question?", answers, impossible, doc)


def test_contains_gold_ignores_case_and_spacing() -> None:
    assert contains_gold("Built by  HENRIETTA\nVale in 1862.", ["henrietta vale"])
    assert contains_gold("x", ["nope", "X"])
    assert not contains_gold("Henrietta", ["Henrietta Vale"])
    assert not contains_gold("anything", ["", "  "])


def test_score_known_outcomes() -> None:
    questions = [
        _q(("41 metres",)),  # right answer, right paragraph
        _q(("Tobias Marsh",), "d-1"),  # right answer, other paragraph cited
        _q(("1987",), "d-1"),  # wrong answer, right paragraph
        _q(("Birmingham",)),  # wrongly abstained
        _q((), impossible=True),  # rightly abstained
        _q((), impossible=True),  # answered an impossible question
    ]
    predictions = [
        Prediction("The tower is 41  Metres tall.", "d-0", False, ms=1.0),
        Prediction("The last keeper, Tobias Marsh, left.", "d-2", False, ms=2.0),
        Prediction("Three keepers lived there.", "d-1", False, ms=3.0),
        Prediction("", None, True, ms=4.0),
        Prediction("", None, True, ms=5.0),
        Prediction("Something.", "d-0", False, ms=6.0),
    ]
    s = score(questions, predictions)
    assert (s.questions, s.answerable, s.impossible) == (6, 4, 2)
    assert (s.answer_hits, s.citation_hits) == (2, 2)
    assert (s.abstained, s.wrong_abstentions, s.right_abstentions) == (2, 1, 1)
    assert s.median_ms == 3.5
    assert (s.answer_share, s.citation_share) == (0.5, 0.5)
    assert s.as_dict()["answer_share"] == 0.5


def test_score_abstention_never_counts_as_a_hit_and_empty_is_zero() -> None:
    s = score([_q(("",))], [Prediction("", "d-0", True)])
    assert (s.answer_hits, s.citation_hits) == (0, 0)
    empty = score([], [])
    assert (empty.answer_share, empty.citation_share, empty.median_ms) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        score([_q(("a",))], [])


# --- the baseline --------------------------------------------------------------------------


def test_baseline_picks_the_top_sentence_and_abstains_without_shared_terms() -> None:
    docs = [Document("a-0", "A", "The tower is 41 metres tall. Keepers climbed 212 steps."),
            Document("a-1", "A", "Cheese is aged in caves. Sheep graze on pastures.")]
    baseline = Baseline(docs, Analyzer())
    p = baseline("How many steps did keepers climb?")
    assert (p.text, p.doc_id, p.abstained) == ("Keepers climbed 212 steps.", "a-0", False)
    assert baseline("Who won the election?").abstained


def test_baseline_matches_a_full_bm25okapi_ranking() -> None:
    squad = read_squad(MINI)
    analyzer = Analyzer()
    baseline = Baseline(squad.documents, analyzer)
    full = BM25Okapi([analyzer(d.text[a:z]) for d, a, z in baseline.sentences])
    for q in squad.questions:
        scores = full.get_scores(analyzer(q.question))
        d, a, z = baseline.sentences[int(scores.argmax())]
        p = baseline(q.question)
        assert p.abstained == (scores.max() <= 0)
        if not p.abstained:
            assert (p.doc_id, p.text) == (d.id, d.text[a:z])


def test_evaluate_runs_both_systems_on_the_same_questions() -> None:
    report = evaluate(read_squad(MINI), Config(), file="mini")
    for s in (report.qabot, report.baseline):
        assert (s.questions, s.answerable, s.impossible) == (30, 25, 5)
        assert 0 <= s.answer_hits <= s.answerable
        assert s.wrong_abstentions + s.right_abstentions == s.abstained
        assert s.median_ms > 0
    # a plain BM25 sentence finds most answers of a file written in the articles' own words
    assert report.baseline.answer_hits >= 15
    assert report.as_dict()["paragraphs"] == 6


def test_qabot_keeps_its_answers_on_the_mini_file() -> None:
    """A regression floor, like the suites' known failures: a change that loses one of these
    answers must say so here (aa8c1ac once lost "How long is each wheel of the cheese aged?")."""
    report = evaluate(read_squad(MINI), Config(), file="mini")
    q = report.qabot
    assert q.answer_hits >= 24 and q.citation_hits >= 24 and q.right_abstentions >= 3, q.as_dict()
    assert q.answer_hits > report.baseline.answer_hits


# --- the command ---------------------------------------------------------------------------


def _qabot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / "cache"), "XDG_STATE_HOME": str(cwd)}
    return subprocess.run([sys.executable, "-m", "qabot", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=60, check=False)


def test_cli_json(tmp_path: Path) -> None:
    done = _qabot("eval", "--squad", str(MINI), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["version"], report["articles"], report["paragraphs"],
            report["questions"]) == ("v2.0", 2, 6, 30)
    keys = {"answer_hits", "answer_share", "citation_hits", "citation_share", "abstained",
            "wrong_abstentions", "right_abstentions", "median_ms"}
    assert keys <= report["qabot"].keys()
    assert keys <= report["baseline"].keys()
    assert not (tmp_path / "cache").exists()


def test_cli_text(tmp_path: Path) -> None:
    done = _qabot("eval", "--squad", str(MINI), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "first citation is the gold paragraph" in done.stdout
    assert "on impossible questions (right)" in done.stdout
    assert "baseline" in done.stdout


@pytest.mark.parametrize("content", ['{"data": [{"title": "T"}]}', "not json", '{"data": []}'])
def test_cli_malformed_file(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    done = _qabot("eval", "--squad", str(bad), "--json", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("qabot: error: "), done.stderr
