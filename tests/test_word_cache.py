"""The word-links cache: a second start reads the links instead of working them out, gets the
same links, and a damaged or unwritable cache costs only time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from qabot.config import IndexConfig
from qabot.models import Document
from qabot.service import QABot, word_links
from qabot.text import Analyzer
from qabot.word_cache import WordLinks, cache_file, load_or_build

ARTICLES = (
    Document("rail", "Rail strike", "Train drivers began a strike on Monday. The walkout halted "
             "freight, and talks broke down before the union's deadline."),
    Document("fire", "Forest fire", "The blaze started near Olsk. Fire crews fought it overnight "
             "and two firefighters were injured."),
)


def links_of(*words: str) -> WordLinks:
    return word_links(Analyzer(), frozenset(Analyzer()(" ".join(words))))


class Builds:
    """``build`` for load_or_build that counts its calls."""

    def __init__(self, links: WordLinks) -> None:
        self.links = links
        self.calls = 0

    def __call__(self) -> WordLinks:
        self.calls += 1
        return self.links


def test_links_survive_the_file() -> None:
    links = links_of("strike", "walkout", "start", "end", "begin", "break", "out", "erupt")
    assert links.synonyms and links.related and links.antonyms and links.phrasal
    assert WordLinks.from_json(links.to_json()) == links


def test_a_second_start_reads_the_links(tmp_path: Path) -> None:
    build = Builds(links_of("strike", "walkout"))
    path = cache_file(tmp_path, "corpus-a")
    first = load_or_build(path, build, warn=pytest.fail)
    second = load_or_build(path, build, warn=pytest.fail)
    assert build.calls == 1 and first == second == build.links
    load_or_build(cache_file(tmp_path, "corpus-b"), build, warn=pytest.fail)
    assert build.calls == 2  # another key, another file


def test_a_bot_from_the_cache_answers_alike(tmp_path: Path) -> None:
    from qabot.corpus import split_passages
    from qabot.models import Corpus

    corpus = Corpus(ARTICLES, tuple(split_passages(ARTICLES, window=3, stride=2)))
    cached = IndexConfig(cache=True, cache_dir=tmp_path)
    fresh = QABot.from_corpus(corpus)
    built = QABot.from_corpus(corpus, index=cached, warn=pytest.fail)
    loaded = QABot.from_corpus(corpus, index=cached, warn=pytest.fail)
    assert len(list(tmp_path.glob("words-*.json"))) == 1
    for bot in (built, loaded):
        assert (bot.synonyms, bot.related, bot.antonyms, bot.phrasal) == (
            fresh.synonyms, fresh.related, fresh.antonyms, fresh.phrasal)
    question = "How many firefighters were hurt?"
    assert loaded.ask(question)[0].short == fresh.ask(question)[0].short


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": "words-v0"}',
                                     b'{"format": "words-v1", "synonyms": {"a": [1]}}',
                                     b"\xff\xfe binary"])
def test_a_damaged_file_is_reported_and_rebuilt(tmp_path: Path, content: bytes) -> None:
    path = cache_file(tmp_path, "corpus")
    path.write_bytes(content)
    build = Builds(links_of("strike", "walkout"))
    warnings: list[str] = []
    assert load_or_build(path, build, warn=warnings.append) == build.links
    assert build.calls == 1 and len(warnings) == 1 and "rebuilding" in warnings[0]
    assert WordLinks.from_json(path.read_text(encoding="utf-8")) == build.links  # repaired


def test_a_cache_path_that_is_a_file_warns_and_carries_on(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a directory")
    build = Builds(links_of("strike"))
    warnings: list[str] = []
    assert load_or_build(cache_file(blocker, "c"), build, warn=warnings.append) == build.links
    assert len(warnings) == 1 and "not caching" in warnings[0]


def test_only_the_most_recently_used_files_stay(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    build = Builds(links_of("strike"))
    for key in ("v1", "v2", "v3"):
        load_or_build(cache_file(tmp_path, key), build, warn=pytest.fail, keep=2)
        time.sleep(0.01)  # (distinct modification times)
    assert sorted(tmp_path.glob("words-*.json")) == sorted(
        cache_file(tmp_path, k) for k in ("v2", "v3"))
    assert (tmp_path / "notes.txt").exists()
    assert not list(tmp_path.glob(".words-*"))  # no temporary file left behind
