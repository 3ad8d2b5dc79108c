"""Spelling-tolerant matching against the corpus vocabulary (qabot/lexicon.py)."""

from __future__ import annotations

from qabot.lexicon import Lexicon, sound

VOCAB = ["pashinian", "olexandr", "kowalenko", "aliev", "armenian", "armenia", "state", "slate",
         "turkey", "russian"]


def test_one_edit_away_matches_another_spelling() -> None:
    lexicon = Lexicon(VOCAB)
    assert lexicon.variants("pashinyan") == ["pashinian"]
    assert "kowalenko" in lexicon.variants("kovalenko")


def test_transliterations_share_a_spelling_key() -> None:
    assert sound("oleksandr") == sound("olexandr")
    assert sound("kovalenko") == sound("kowalenko")
    assert Lexicon(VOCAB).variants("oleksandr") == ["olexandr"]  # two edits apart
    assert sound("kovach") == sound("kovac")  # Kovač folds to "kovac"


def test_suffixes_and_short_words_are_not_variants() -> None:
    lexicon = Lexicon(VOCAB)
    assert "armenian" not in lexicon.variants("armenia")  # a different word, not a spelling
    assert lexicon.variants("state") == []  # too short to trust one edit: state/slate
    assert lexicon.variants("unknownword") == []


def test_related_forms_of_a_name() -> None:
    lexicon = Lexicon(VOCAB)
    assert lexicon.related("turkish") == ["turkey"]
    assert lexicon.related("russia") == ["russian"]
