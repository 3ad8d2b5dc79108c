"""The bundled sentence model (qabot/semantic.py): real weights, real forward pass."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qabot.semantic import MAX_TOKENS, Encoder, WordPiece, bundled_encoder


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    found = bundled_encoder()
    assert found is not None, "qabot/data/minilm.npz or minilm_vocab.txt is missing"
    return found


def cosine(encoder: Encoder, a: str, b: str) -> float:
    x, y = encoder.encode([a, b])
    return float(x @ y)


def test_a_paraphrase_reads_closer_than_a_sentence_sharing_its_words(encoder: Encoder) -> None:
    question = "Which judge read out the court's decision on the dam?"
    answer = ("Chief Justice Elena Marovic, reading the unanimous decision of a five-judge panel, "
              "said the permit had been granted unlawfully.")
    other = "The court ordered the ministry to pay the association's legal costs."
    assert cosine(encoder, question, answer) > cosine(encoder, question, other)


def test_vectors_are_unit_length_and_a_batch_is_the_sentences_alone(encoder: Encoder) -> None:
    texts = ["The ferry sank.", "A much longer sentence about the harbour storm on Tuesday night."]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-4)  # (padding in a batch changes nothing)


def test_an_overlong_sentence_is_cut_not_refused(encoder: Encoder) -> None:
    tokens = encoder.tokenize("word " * 1000)
    assert len(tokens) == MAX_TOKENS
    assert encoder.encode(["word " * 1000]).shape == (1, 384)


def test_wordpiece_strips_accents_and_splits_unknown_words() -> None:
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "kol", "##ar", "##ova", "cafe", "."]
    tok = WordPiece(vocab)
    assert tok("Kolarova café.") == [2, 4, 5, 6, 7, 8, 3]
    assert tok("xyz") == [2, 1, 3]


def test_missing_weights_raise_for_the_caller_to_fall_back(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        Encoder.load(tmp_path / "none.npz", tmp_path / "none.txt")
