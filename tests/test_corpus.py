"""Corpus loading and clean-up, checked on the real seed articles and on every kind of bad file."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qabot.corpus import (
    clean_article,
    corpus_fingerprint,
    load_corpus,
    load_documents,
    split_passages,
    warn_stderr,
)
from qabot.errors import CorpusError
from qabot.models import Document
from qabot.text import split_sentences

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


class Warnings(list[str]):
    """A warn callback that records what it was told."""

    def __call__(self, message: str) -> None:
        self.append(message)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    return {d.id[:3]: d for d in load_documents(SEEDS, warn=Warnings())}


# --- the seed articles ---------------------------------------------------------------------


def test_seeds_load_in_name_order_with_file_sources(seeds: dict[str, Document]) -> None:
    assert list(seeds) == ["000", "001", "002", "003", "004"]
    assert seeds["000"].id == "000_4f865ef4cc9f496c"
    assert seeds["000"].source == str(SEEDS / "000_4f865ef4cc9f496c.txt")


@pytest.mark.parametrize(
    ("seed", "title"),
    [
        ("000", "Aliyev Rejects U.S. Calls For Lifting Of Karabakh Road Blockade"),
        ("001", "Blinken urges Azerbaijan to boost peace efforts with Armenia"),
        ("002", "State Secretary Blinken Tells Baku to Lift Lachin Corridor Blockade"),
        (
            "003",
            "U.S. seeks immediate reopening of key corridor to ease Armenia-Azerbaijan tensions",
        ),
    ],
)
def test_headline_becomes_title_and_leaves_body(
    seeds: dict[str, Document], seed: str, title: str
) -> None:
    assert seeds[seed].title == title
    assert title not in seeds[seed].text


def test_without_headline_first_sentence_is_title_and_stays_in_body(
    seeds: dict[str, Document],
) -> None:
    doc = seeds["004"]
    first = (
        "Secretary of State Antony Blinken voiced concern about the ongoing blockade of the "
        "Lachin Corridor during a telephone conversation on Wednesday with Prime Minister "
        "Nikol Pashinyan."
    )
    assert doc.title == first
    assert doc.text.startswith(first + "\n\n")


@pytest.mark.parametrize(
    "caption",
    [
        "Nagorno-Karabakh - Azerbaijani protesters block Nagorno-Karabakh's only land link with "
        "Armenia, December 26, 2022.",
        "Armenia - U.S. Ambassador Kristina Kvien visits",
    ],
)
def test_place_dash_captions_kept_as_paragraphs(seeds: dict[str, Document], caption: str) -> None:
    """Readers ask where and when a photo was taken: a caption is a paragraph of its own."""
    text = seeds["000"].text
    assert caption in text
    start = text.index(caption)
    assert start == 0 or text[start - 2 : start] == "\n\n"
    assert "The United States has repeatedly called on Baku" in text


def test_photo_credit_dropped_from_caption(seeds: dict[str, Document]) -> None:
    text = seeds["001"].text
    assert "(AFP Photo)" not in text
    assert "at the Ukrainian Cultural Center in Chicago, Illinois, on Jan. 20, 2023.\n\n" in text
    assert "\n\nU.S. Secretary of State Antony Blinken called on Azerbaijan's" in text


@pytest.mark.parametrize(
    "junk", ["Be the first to comment", "Leave a Reply", "Your email address will not"]
)
def test_site_boilerplate_removed(seeds: dict[str, Document], junk: str) -> None:
    assert junk not in seeds["002"].text
    assert seeds["002"].text.endswith("throughout the Nagorno-Karabakh region.")


def test_date_header_extracted_and_dropped(seeds: dict[str, Document]) -> None:
    doc = seeds["003"]
    assert doc.date == "2023-01-23"
    assert "Left Menu" not in doc.text
    assert "2023-01-23" not in doc.text
    assert doc.text.startswith("Tensions have spiraled")


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_no_date_guessed_from_captions_or_body(seeds: dict[str, Document], seed: str) -> None:
    assert seeds[seed].date is None


def test_broken_paragraphs_rejoined(seeds: dict[str, Document]) -> None:
    text = seeds["003"].text
    whole = (
        "Blinken's talks with Aliyev on Monday followed the secretary of state's call with "
        "Armenian Prime Minister Nikol Pashinyan on Wednesday"
    )
    assert whole in text
    assert "Last week, Russia also told Azerbaijan that the key road" in text
    paragraphs = text.split("\n\n")
    assert not any(p.endswith(("call with", "Russia also")) for p in paragraphs)
    assert not any(p.startswith(("Armenian Prime Minister", "told Azerbaijan")) for p in paragraphs)


@pytest.mark.parametrize(
    "repeated",
    [
        "Tensions have spiraled between Armenia and Azerbaijan over the blockade",
        "Blinken's talks with Aliyev on Monday followed",
    ],
)
def test_repeated_sentences_kept_once(seeds: dict[str, Document], repeated: str) -> None:
    assert seeds["003"].text.count(repeated) == 1


def test_repeat_removal_keeps_the_new_sentences(seeds: dict[str, Document]) -> None:
    text = seeds["003"].text
    assert "U.S. Secretary of State Antony Blinken on Monday asked Azerbaijan" in text
    assert '"He (Blinken) underscored that the risk' in text


def test_single_newline_lines_are_paragraphs(seeds: dict[str, Document]) -> None:
    paragraphs = seeds["004"].text.split("\n\n")
    raw_lines = (SEEDS / "004_9b8e8430f85b65ce.txt").read_text("utf-8").strip().splitlines()
    assert len(paragraphs) == len(raw_lines) == 12
    # a line without final period is not glued to the quote that follows it
    assert paragraphs[3].endswith("blockade of the Lachin Corridor")


def test_curly_quotes_and_dashes_kept_verbatim(seeds: dict[str, Document]) -> None:
    assert "“The Lachin corridor should be opened immediately,” Kvien tweeted" in seeds["000"].text
    assert "RFE/RL’s Armenian Service" in seeds["000"].text
    assert "called on Azerbaijan—and Russia—to end" in seeds["004"].text
    assert "wary of Russia – formally an ally" in seeds["001"].text


def test_seed_texts_are_normalised(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        assert doc.text == doc.text.strip()
        assert all(p and p == p.strip() and "\n" not in p for p in doc.text.split("\n\n"))
        assert "  " not in doc.text


# --- pure clean-up rules -------------------------------------------------------------------


def test_odd_whitespace_normalised() -> None:
    raw = "Short headline here\r\n\r\n\tFirst\u00a0 line  of text.  \r\nSecond\u200b line.\t\r\n"
    title, _, body = clean_article(raw)
    assert title == "Short headline here"
    assert body == "First line of text.\n\nSecond line."


@pytest.mark.parametrize(
    "junk",
    [
        "Share this article",
        "Leave a comment",
        "12 Comments",
        "We use cookies to give you the best experience on our website.",
        "© 2023 Example News. All rights reserved.",
        "Follow us on Twitter and Facebook",
        "Sign up for our daily newsletter",
        "Share Tweet Email",
        "Advertisement",
        "Skip to content",
        "Reporting by Jane Doe; Editing by John Smith",
        "By Jane Doe",
        "Photo: Reuters",
    ],
)
def test_generic_boilerplate_removed(junk: str) -> None:
    raw = f"The talks resumed on Monday in Brussels.\n\n{junk}\n\nThey ended without a deal."
    assert (
        clean_article(raw)[2]
        == "The talks resumed on Monday in Brussels.\n\nThey ended without a deal."
    )


@pytest.mark.parametrize(
    ("caption", "kept"),
    [
        ("Protesters gather in the square on Monday. (Photo by John Doe/Getty Images)",
         "Protesters gather in the square on Monday."),
        ("Police stand guard in Baku, Azerbaijan, May 1, 2023. REUTERS/Jane Doe",
         "Police stand guard in Baku, Azerbaijan, May 1, 2023."),
    ],
)
def test_caption_credit_removed_and_caption_kept(caption: str, kept: str) -> None:
    raw = f"The talks resumed on Monday in Brussels.\n\n{caption}\n\nThey ended without a deal."
    assert clean_article(raw)[2] == (
        f"The talks resumed on Monday in Brussels.\n\n{kept}\n\nThey ended without a deal."
    )


@pytest.mark.parametrize(
    "prose",
    [
        "Home Secretary Priti Patel said on Monday that the plan would go ahead.",
        "Search teams found no survivors after the quake, officials said.",
        "Reporting by the BBC showed that the claim was false.",
        "Armenia - the smaller of the two - says it will not accept the terms.",
    ],
)
def test_prose_that_resembles_boilerplate_is_kept(prose: str) -> None:
    raw = f"The talks resumed on Monday in Brussels.\n\n{prose}"
    assert prose in clean_article(raw)[2]


def test_verbatim_repeated_paragraph_kept_once() -> None:
    para = "The blockade has lasted more than a month, officials in Stepanakert said."
    body = clean_article(f"{para}\n\nA second, different paragraph follows here.\n\n{para}")[2]
    assert body.count(para) == 1
    assert body.endswith("A second, different paragraph follows here.")


def test_paragraph_made_of_earlier_sentences_dropped() -> None:
    a = "The blockade has lasted more than a month, officials said."
    b = "Food and medicine are running short in the region, aid groups said."
    body = clean_article(f"{a}\n\n{b}\n\n{a} {b}")[2]
    assert body == f"{a}\n\n{b}"


def test_short_repeated_sentences_are_not_deduped() -> None:
    raw = "Was it a deal? He declined.\n\nAsked again on Friday, he was silent. He declined."
    assert clean_article(raw)[2].count("He declined.") == 2


@pytest.mark.parametrize(
    ("raw", "joined"),
    [
        ("The minister said the\n\ntalks would resume.", True),
        ("The minister met with\n\nPresident Aliyev on Monday.", True),
        ("Officials, including the envoy,\n\nRussia's ambassador and others, agreed.", True),
        ("The readout was published\n\nThe talks went on.", False),
        ("Price said:\n\n“We will continue.”", False),
        ("The talks ended.\n\nthen nothing happened.", False),
    ],
)
def test_broken_paragraph_join_rule(raw: str, joined: bool) -> None:
    lead = "Officials met on Monday."
    body = clean_article(f"{lead}\n\n{raw}")[2]
    assert body.startswith(f"{lead}\n\n")
    rest = body.removeprefix(f"{lead}\n\n")
    assert ("\n\n" not in rest) is joined
    assert rest == (raw.replace("\n\n", " ") if joined else raw)


def test_hard_wrapped_block_is_one_paragraph() -> None:
    raw = (
        "The foreign ministers of Armenia and Azerbaijan met in\n"
        "Washington on Monday for talks that officials described\n"
        "as constructive, the State Department said.\n\nA second paragraph."
    )
    body = clean_article(raw)[2]
    assert body.split("\n\n")[0].startswith(
        "The foreign ministers of Armenia and Azerbaijan met in Wash"
    )
    assert body.count("\n\n") == 1


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        ("Published: January 23, 2023\n\nThe talks resumed.", "2023-01-23"),
        ("Headline of the story\nUpdated 2023-02-01T10:00:00Z\n\nThe talks resumed.", "2023-02-01"),
        ("YEREVAN, Jan. 23, 2023 (Reuters) - The talks resumed on Monday.", "2023-01-23"),
        ("BAKU, Azerbaijan, 5 March 2023 — The talks resumed on Monday.", "2023-03-05"),
        ("The talks resumed on January 23, 2023, officials said.", None),
        ("Talks set for January 23, 2023\n\nThe talks resumed.", None),
        ("date 2023-02-30 Menu\n\nThe talks resumed.", None),
        ("The 2023-01-23 deadline passed.\n\nThe talks resumed.", None),
    ],
)
def test_date_from_header_or_dateline_only(raw: str, date: str | None) -> None:
    assert clean_article(raw)[1] == date


def test_short_prose_with_iso_date_is_not_a_header() -> None:
    raw = "The 2023-01-23 deadline passed.\n\nThe talks resumed."
    assert clean_article(raw) == (None, None, raw)


def test_dateline_stays_in_body() -> None:
    raw = "YEREVAN, Jan. 23, 2023 (Reuters) - The talks resumed on Monday."
    assert clean_article(raw)[2] == raw


def test_markdown_heading_and_links() -> None:
    raw = "# Talks resume in Brussels\n\n![map](map.png)\n\nThe [EU](https://eu.eu) hosted them."
    assert clean_article(raw) == ("Talks resume in Brussels", None, "The EU hosted them.")


# --- reading files -------------------------------------------------------------------------


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


GOOD = b"Good headline here\n\nThe talks resumed on Monday in Brussels."


def test_folder_reads_txt_and_md_only(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {"b.md": GOOD, "a.txt": GOOD, "c.json": GOOD, ".hidden.txt": GOOD, "d.TXT": GOOD},
    )
    (folder / "sub.txt").mkdir()
    warnings = Warnings()
    docs = load_documents(folder, warn=warnings)
    assert [d.id for d in docs] == ["a", "b", "d"]
    assert docs[0] == Document(
        "a",
        "Good headline here",
        "The talks resumed on Monday in Brussels.",
        source=str(folder / "a.txt"),
    )
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        ("ctl.txt", bytes(range(1, 9)) * 50, "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\t\r\n\xc2\xa0\n", "empty"),
        ("junk.txt", b"Leave a Reply\n\nYour email address will not be published.", "no article"),
    ],
)
def test_bad_files_skipped_with_one_warning(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    folder = _folder(tmp_path, {name: data, "ok.txt": GOOD})
    warnings = Warnings()
    assert [d.id for d in load_documents(folder, warn=warnings)] == ["ok"]
    assert len(warnings) == 1
    assert name in warnings[0] and reason in warnings[0]


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        (b"Talks \x93resumed\x94 in Caf\xe9 Europa \x96 officials.", "cp1252", "“resumed”"),
        (b"Talks resumed in Caf\xe9 \x81 Europa, officials said.", "latin-1", "Café"),
    ],
)
def test_non_utf8_decoded_with_warning(
    tmp_path: Path, data: bytes, encoding: str, expected: str
) -> None:
    folder = _folder(tmp_path, {"old.txt": data})
    warnings = Warnings()
    [doc] = load_documents(folder, warn=warnings)
    assert expected in doc.text
    assert len(warnings) == 1
    assert "old.txt" in warnings[0] and encoding in warnings[0]


@pytest.mark.parametrize(
    "data",
    [b"\xef\xbb\xbfThe talks resumed.", "The talks resumed.".encode("utf-16")],
)
def test_bom_and_utf16_decoded_silently(tmp_path: Path, data: bytes) -> None:
    warnings = Warnings()
    [doc] = load_documents(_folder(tmp_path, {"a.txt": data}), warn=warnings)
    assert doc.text == "The talks resumed."
    assert warnings == []


def test_unreadable_file_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, {"locked.txt": GOOD, "ok.txt": GOOD})
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    warnings = Warnings()
    assert [d.id for d in load_documents(folder, warn=warnings)] == ["ok"]
    assert len(warnings) == 1
    assert "locked.txt" in warnings[0] and "Permission denied" in warnings[0]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_skipped_chmod(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"locked.txt": GOOD, "ok.txt": GOOD})
    (folder / "locked.txt").chmod(0)
    warnings = Warnings()
    assert [d.id for d in load_documents(folder, warn=warnings)] == ["ok"]
    assert "locked.txt" in warnings[0]


def test_huge_file_skipped(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"huge.txt": GOOD + b" more" * 100, "ok.txt": GOOD})
    warnings = Warnings()
    assert [d.id for d in load_documents(folder, warn=warnings, max_bytes=200)] == ["ok"]
    assert len(warnings) == 1
    assert "huge.txt" in warnings[0] and "200" in warnings[0]


def test_duplicate_id_in_folder_skipped(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.md": b"From markdown.", "a.txt": b"From text."})
    warnings = Warnings()
    [doc] = load_documents(folder, warn=warnings)
    assert doc.text == "From markdown."
    assert len(warnings) == 1 and "a.txt" in warnings[0] and "duplicate" in warnings[0]


def _jsonl(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_records(tmp_path: Path) -> None:
    full = {
        "id": "x1",
        "title": "Talks  resume",
        "text": "Talks resume\n\nThe talks resumed on Monday. Both sides spoke.",
        "date": "2023-01-23",
        "url": "https://example.com/x1",
        "source": "Example News",
    }
    bare = {"text": "Ministers met in Brussels on Friday. They agreed to meet again."}
    path = _jsonl(tmp_path, [json.dumps(full), "", json.dumps(bare)])
    warnings = Warnings()
    a, b = load_documents(path, warn=warnings)
    assert a == Document(
        "x1",
        "Talks resume",
        "The talks resumed on Monday. Both sides spoke.",
        date="2023-01-23",
        url="https://example.com/x1",
        source="Example News",
    )
    assert b.id == "news-3"
    assert b.title == "Ministers met in Brussels on Friday."
    assert b.text == bare["text"] and b.source is None and b.date is None
    assert warnings == []


def test_jsonl_headline_differing_from_title_stays_in_text(tmp_path: Path) -> None:
    record = {"id": "a", "title": "Other title", "text": "A subtitle line\n\nThe talks resumed."}
    [doc] = load_documents(_jsonl(tmp_path, [json.dumps(record)]), warn=Warnings())
    assert doc.text == "A subtitle line\n\nThe talks resumed."


def test_jsonl_broken_lines_skipped_with_line_numbers(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": "The talks resumed."})
    lines = [
        good,
        "{not json",
        "[1, 2]",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "empty", "text": "  "}),
        json.dumps({"id": 7, "text": "Numeric id."}),
        json.dumps({"id": "t", "title": ["x"], "text": "List title."}),
        json.dumps({"id": "ok", "text": "A duplicate id."}),
    ]
    path = _jsonl(tmp_path, lines)
    warnings = Warnings()
    assert [d.id for d in load_documents(path, warn=warnings)] == ["ok"]
    assert [w.split(": ", 1)[0] for w in warnings] == [f"{path}:{n}" for n in range(2, 9)]
    assert "not valid JSON" in warnings[0]
    assert "duplicate" in warnings[-1]


def test_jsonl_non_utf8_line_decoded_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Caf\xe9 talks resumed."}\n')
    warnings = Warnings()
    [doc] = load_documents(path, warn=warnings)
    assert doc.text == "Café talks resumed."
    assert len(warnings) == 1 and f"{path}:1" in warnings[0] and "cp1252" in warnings[0]


def test_jsonl_oversized_line_skipped(tmp_path: Path) -> None:
    big = json.dumps({"id": "big", "text": "Word. " * 100})
    path = _jsonl(tmp_path, [big, json.dumps({"id": "ok", "text": "Small."})])
    warnings = Warnings()
    assert [d.id for d in load_documents(path, warn=warnings, max_bytes=100)] == ["ok"]
    assert len(warnings) == 1 and f"{path}:1" in warnings[0]


def test_unreadable_jsonl_is_a_corpus_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _jsonl(tmp_path, [json.dumps({"text": "x."})])

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(CorpusError, match="cannot read"):
        load_documents(path, warn=Warnings())


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing", "does not exist"),
        (lambda p: p / "one.txt", "neither a folder nor a .jsonl"),
        (lambda p: p / "empty", "no usable documents"),
        (lambda p: p / "bad.jsonl", "no usable documents"),
    ],
)
def test_unusable_corpus_raises_with_advice(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    (tmp_path / "one.txt").write_text("The talks resumed.")
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.jsonl").write_text("{oops\n")
    with pytest.raises(CorpusError, match=message) as info:
        load_documents(make(tmp_path), warn=Warnings())
    assert "Pass a folder of .txt/.md" in str(info.value)


def test_loading_is_deterministic() -> None:
    first, second = load_corpus(SEEDS, warn=Warnings()), load_corpus(SEEDS, warn=Warnings())
    assert first.documents == second.documents
    assert first.passages == second.passages
    assert corpus_fingerprint(first) == corpus_fingerprint(second)


def test_fingerprint_follows_content(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.txt": b"The talks resumed."})
    before = corpus_fingerprint(load_corpus(folder, warn=Warnings()))
    (folder / "a.txt").write_bytes(b"The talks stalled.")
    after = corpus_fingerprint(load_corpus(folder, warn=Warnings()))
    assert before != after and len(after) == 64 and int(after, 16) >= 0


def test_fingerprint_follows_passage_windows() -> None:
    three = load_corpus(SEEDS, warn=Warnings())
    two = load_corpus(SEEDS, window=2, stride=1, warn=Warnings())
    assert three.documents == two.documents
    assert corpus_fingerprint(three) != corpus_fingerprint(two)


def test_load_corpus_keeps_and_forwards_warnings(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.txt": GOOD, "b.txt": b""})
    warnings = Warnings()
    corpus = load_corpus(folder, warn=warnings)
    assert corpus.warnings == tuple(warnings) and len(warnings) == 1
    assert corpus.document("a").title == "Good headline here"
    assert corpus.passages


def test_warn_stderr_prints_one_prefixed_line(capsys: pytest.CaptureFixture[str]) -> None:
    warn_stderr("bad.txt: skipped,\nlooks binary")
    assert capsys.readouterr().err == "qabot: warning: bad.txt: skipped, looks binary\n"


# --- passages ------------------------------------------------------------------------------


def _doc(doc_id: str, n: int) -> Document:
    return Document(doc_id, doc_id, " ".join(f"Sentence number {i} here." for i in range(n)))


@pytest.mark.parametrize(
    ("n", "window", "stride", "windows"),
    [
        (1, 3, 2, [(0, 1)]),
        (3, 3, 2, [(0, 3)]),
        (5, 3, 2, [(0, 3), (2, 5)]),
        (6, 3, 2, [(0, 3), (2, 5), (3, 6)]),
        (7, 3, 2, [(0, 3), (2, 5), (4, 7)]),
        (4, 1, 1, [(0, 1), (1, 2), (2, 3), (3, 4)]),
    ],
)
def test_passage_windows(n: int, window: int, stride: int, windows: list[tuple[int, int]]) -> None:
    doc = _doc("d", n)
    spans = split_sentences(doc.text)
    passages = split_passages([doc], window=window, stride=stride)
    assert [p.sentences for p in passages] == [tuple(spans[a:b]) for a, b in windows]


@pytest.mark.parametrize(("window", "stride"), [(0, 1), (3, 0), (2, 3)])
def test_bad_window_settings_rejected(window: int, stride: int) -> None:
    with pytest.raises(ValueError, match="window"):
        split_passages([_doc("d", 5)], window=window, stride=stride)


def test_passages_over_seeds_have_sound_offsets() -> None:
    corpus = load_corpus(SEEDS, warn=Warnings())
    assert [p.id for p in corpus.passages] == list(range(len(corpus.passages)))
    covered: dict[str, set[tuple[int, int]]] = {}
    for p in corpus.passages:
        doc = corpus.document(p.doc_id)
        assert p.start == p.sentences[0][0] and p.end == p.sentences[-1][1] <= len(doc.text)
        for a, b in p.sentences:
            assert p.start <= a < b <= p.end
            assert doc.text[a:b].strip() == doc.text[a:b] != ""
        covered.setdefault(p.doc_id, set()).update(p.sentences)
    for doc in corpus.documents:
        assert covered[doc.id] == set(split_sentences(doc.text))  # every sentence, this doc only


def test_passages_never_cross_documents() -> None:
    docs = [_doc("a", 4), _doc("b", 2)]
    passages = split_passages(docs)
    assert [(p.doc_id, len(p.sentences)) for p in passages] == [("a", 3), ("a", 3), ("b", 2)]
    assert passages[-1].start == 0


def test_fragment_cut_after_a_function_word_is_not_a_headline() -> None:
    assert clean_article("The minister said the\n\ntalks would resume.") == (
        None,
        None,
        "The minister said the talks would resume.",
    )


_PIECES = st.sampled_from(
    [
        "Talks resumed.",
        "the envoy said",
        "“Quote,” he said.",
        "Leave a Reply",
        "\n",
        "\n\n",
        " ",
        "\t",
        "\u00a0",
        "\r\n",
        "date 2023-01-23 Menu",
        "U.S.",
        "with",
        "Jan. 5, 2023",
        "?",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=30).map("".join))
def test_clean_article_invariants_on_arbitrary_text(raw: str) -> None:
    title, _, body = clean_article(raw)
    assert body == body.strip()
    assert all(p and p == p.strip() and "\n" not in p for p in body.split("\n\n") if body)
    assert title is None or (title and "\n" not in title)
    doc = Document("d", title or "", body)
    for p in split_passages([doc]) if body else []:
        assert all(body[a:b].strip() for a, b in p.sentences)
