"""British spellings folded to American ones before stemming (qabot/text.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qabot.text import _BRITISH, Analyzer, american, corpus_acronyms, corpus_capitalised


def test_british_and_american_spellings_analyse_alike() -> None:
    analyzer = Analyzer()
    for british, us in (("recognised", "recognized"), ("defence", "defense"),
                        ("centre", "center"), ("colour", "color"), ("analysed", "analyzed"),
                        ("organisations", "organizations")):
        assert analyzer(british) == analyzer(us)
    assert american("promise") == "promize"  # folded the same way in articles and questions
    assert american("hour") == "hour"


def _every_pattern(word: str) -> str:
    if len(word) < 5:
        return word
    for pattern, repl in _BRITISH:
        word = pattern.sub(repl, word)
    return word


@given(st.from_regex(r"[a-z]{1,8}(?:ise|ised|ising|isation|yse|re|res|ce|our|ours|ing|s|)",
                     fullmatch=True))
def test_the_quick_check_skips_only_words_no_pattern_changes(word: str) -> None:
    assert american(word) == _every_pattern(word)


def test_letters_without_an_accent_to_drop_fold_to_their_spelling() -> None:
    analyze = Analyzer()
    assert analyze("Reiß") == analyze("Reiss")
    assert analyze("Łódź") == analyze("Lodz")


def test_a_contraction_is_a_stop_word_not_a_term() -> None:
    # "you're" was "youre", stemmed to "your": a word no answer needs to share
    assert Analyzer()("What is the fine if you're caught and don't pay?") == ["fine", "catch", "pay"]


def test_a_dictionary_form_is_not_taken_for_a_past_tense() -> None:
    analyzer = Analyzer()
    assert analyzer.term("found") == analyzer.term("find")  # "the body was found"
    assert analyzer.lemma("found") == analyzer.term("founded")  # WordNet's "to found"
    assert analyzer.lemma("establish") == analyzer.term("establish")


def test_an_irregular_past_is_its_verb_with_or_without_a_prefix() -> None:
    analyzer = Analyzer()
    for past, verb in (("built", "build"), ("rebuilt", "rebuild"), ("withheld", "withhold"),
                       ("overtaken", "overtake"), ("upheld", "uphold"), ("heard", "hear"),
                       ("laid", "lay"), ("sank", "sink"), ("torn", "tear"), ("burnt", "burn"),
                       ("learnt", "learn"), ("spilt", "spill"), ("swept", "sweep")):
        assert analyzer(past) == analyzer(verb), past
    assert analyzer("unknown") != analyzer("unknow")  # "un-" makes an adjective, no verb


def test_a_dateline_in_capitals_is_the_town_not_an_acronym() -> None:
    texts = ["OSTRELLE, Feldonia (Herald) - Seven people were killed, the FSR said.",
             "The train left the tracks near the village of Ostrelle."]
    assert corpus_acronyms(texts) == {"fsr"}
    analyzer = Analyzer(acronyms=corpus_acronyms(texts), capitalised=corpus_capitalised(texts))
    assert analyzer("Ostrelle")[0] in analyzer(texts[0])
    assert "fsr" in analyzer(texts[0])  # a true acronym stays one


def test_a_lower_case_abbreviation_is_no_acronym() -> None:
    # "Arvale Minerals" must not spell the "a.m." of a time of day
    assert corpus_acronyms(["Thieves entered at 3:10 a.m., the U.S. embassy said."]) == {"us"}
