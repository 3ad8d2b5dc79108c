"""Word knowledge from WordNet (qabot/wordnet.py): synonyms and person nouns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from qabot.models import Document
from qabot.question import PERSON, analyse
from qabot.service import QABot
from qabot.text import Analyzer
from qabot.wordnet import DATA, antonym_map, person_nouns, phrasal_map, related_map, synonym_map


def test_common_synonyms_map_to_corpus_terms_only() -> None:
    term = Analyzer().term
    synonyms = synonym_map(term, [term("pressed"), term("blockaded"), term("lawmakers")])
    assert term("pressed") in synonyms[term("urge")]
    assert term("blockade") in synonyms[term("block")]
    assert term("urge") not in synonyms.get(term("press"), frozenset())  # not in the corpus


def test_words_used_alike_map_to_corpus_terms_only() -> None:
    term = Analyzer().term
    related = related_map(term, [term("road"), term("aircraft"), term("flight")])
    assert term("road") in related[term("highway")]
    assert term("aircraft") in related[term("planes")]
    assert term("highway") not in related.get(term("road"), frozenset())  # not in the corpus


def test_one_number_is_never_used_alike_for_another() -> None:
    term = Analyzer().term
    related = related_map(term, [term(w) for w in ("three", "four", "million", "fourth")])
    assert not related.get(term("third")) and not related.get(term("billion"))


_OTHER_NEWS = (
    Document("rail", "Rail works", "Engineers repaired the rail bridge at Olsk in March."),
    Document("port", "Port", "The port of Varna handled more containers than a year ago."),
)


@pytest.mark.parametrize(("article", "question", "short"), [
    # a word used alike ("highway" / "road")
    (Document("news", "Floods close roads", (
        "Heavy rain flooded the valley overnight. The main road to Brenzk was closed on "
        "Tuesday morning. Farmers moved their cattle to higher ground.")),
     "When was the highway shut?", "Tuesday"),
    # a word for its kind ("walkout" / "strike")
    (Document("news", "Dock strike", (
        "Dockworkers at Varna began a strike on Monday over pay. The union said the strike "
        "would last 72 hours. Ships queued outside the harbour.")),
     "How long will the walkout last?", "72 hours"),
    # news words for casualties that WordNet's common senses do not join ("killed" / "dead")
    (Document("news", "Flood victim named", (
        "The river burst its banks at Ostrel on Friday. Police named the dead man as Anton "
        "Brezny, a retired railway worker. Two bridges were closed.")),
     "Who was the person killed in the Ostrel flood?", "Anton Brezny"),
    (Document("news", "Bus crash", (
        "Eleven passengers were injured when a bus crashed near Olsk on Sunday, the police "
        "said. The driver was tested for alcohol.")),
     "How many people were hurt in the Olsk bus crash?", "Eleven passengers"),
    # ... and for a start of fighting ("start" / "erupt")
    (Document("news", "Border clashes", (
        "Clashes erupted along the Vell border on 3 May, the army said. A ceasefire was agreed "
        "on 9 May.")),
     "On what date did the fighting on the Vell border start?", "3 May"),
    # ... and for one thing a report names in several words ("vessel" / "ship")
    (Document("news", "Port strike", (
        "Dockworkers at Varna stopped work on Monday. About 35 ships were waiting at anchor "
        "outside the harbour by the evening, the port authority said.")),
     "How many vessels were queuing outside the harbour?", "About 35 ships"),
])
def test_a_linked_word_covers_a_question_word(article: Document, question: str, short: str) -> None:
    answer, _ = QABot.from_documents((article, *_OTHER_NEWS)).ask(question)
    assert answer.short == short
    assert answer.citations[0].doc_id == "news"


def test_rare_senses_are_left_out() -> None:
    term = Analyzer().term
    synonyms = synonym_map(term, [term("mind"), term("satellite")])
    assert term("mind") not in synonyms.get(term("head"), frozenset())  # head as intellect
    # "orbiter" stems to "orbit": a satellite is no orbit
    assert term("satellit") not in synonyms.get(term("orbit"), frozenset())


def test_a_synonym_of_a_longer_form_counts_for_the_shorter_ones_term() -> None:
    """"negotiations" is indexed like "negotiate": its synonym set ("negotiation talks") is the
    term's, though "negotiation" is the longer word."""
    term = Analyzer().lemma
    synonyms = synonym_map(term, [term("talks"), term("negotiate")])
    assert term("talks") in synonyms[term("negotiations")]
    bot = QABot.from_documents((
        Document("deal", "Wage deal", "The talks between the union and the rail operator "
                 "lasted eleven days before a wage deal was signed on Friday."),
        *_OTHER_NEWS))
    answer, _ = bot.ask("How long did the negotiations last before the wage deal was signed?")
    assert answer.short == "eleven days"


def test_derived_forms_count_as_synonyms() -> None:
    term = Analyzer().term
    synonyms = synonym_map(term, [term("merge"), term("judgment"), term("ruler")])
    assert term("merge") in synonyms[term("merger")]  # "the merger" / "will merge"
    assert term("judgment") in synonyms[term("judge")]
    assert term("ruler") not in synonyms.get(term("rule"), frozenset())  # who rules: a person


def test_a_phrasal_verb_is_answered_by_its_one_word_synonym() -> None:
    analyzer = Analyzer()
    term = analyzer.term
    phrasal = phrasal_map(term, analyzer.lemma, [term("erupted"), term("resign")])
    assert term("erupt") in phrasal[(term("break"), "out")]
    assert term("erupt") in phrasal[(term("broke"), "out")]  # the past, too
    assert term("resign") in phrasal[(term("step"), "down")]
    bot = QABot.from_documents((
        Document("war", "War", "The fighting ended on Nov. 10, 2020, after six weeks. Clashes "
                 "erupted on Sept. 27, 2020, along the front."),
        Document("fair", "Fair", "The town fair opened on Saturday with forty stalls."),
        Document("rain", "Rain", "The spring was the wettest on record in the north.")))
    answer, _ = bot.ask("When did the fighting break out in 2020?")
    assert answer.short == "Sept. 27, 2020"


def test_a_phrasal_verb_with_a_particle_of_meaning_is_one_verb() -> None:
    # "put together" is assembled: "together" is said by "assembled" too
    bot = QABot.from_documents((
        Document("sat", "Satellite", "The satellite was assembled at the agency's plant in Hesk "
                 "by a team of 85 engineers. It will be launched in May."),
        *_OTHER_NEWS))
    answer, _ = bot.ask("Where was the new satellite put together?")
    assert answer.short == "Hesk"


def test_person_nouns_are_people_and_groups() -> None:
    people = person_nouns()
    assert {"congressman", "spokeswoman", "committee", "diplomat"} <= people
    assert not {"treaty", "position", "road", "country"} & people - {"country"}


def test_which_person_noun_asks_for_a_name() -> None:
    assert analyse("Which congressman led the letter?").expected == PERSON
    assert analyse("What committee approved the budget?").expected == PERSON
    assert analyse("Which treaty makes Russia an ally?").expected is None
    assert analyse("What did the lawmakers urge?").expected is None


ARTICLES = (
    Document("bridge", "Council backs bridge",
             "The city council on Monday approved a new bridge over the river. Construction is "
             "due to begin in May 2026. Councillor Ann Hale cautioned that the budget was too "
             "small. The old ferry will stop running when the bridge opens."),
    Document("school", "School wins prize",
             "Northfield school won a national science prize on Friday. Its pupils built a "
             "weather station on the roof. The head teacher said the prize money would buy "
             "new microscopes."),
    Document("market", "Market returns",
             "The Saturday market returned to the square after a two-year break. Forty stalls "
             "sold food and crafts. Traders said the first day was busy."),
)


def test_a_paraphrased_question_finds_the_sentence_with_the_synonym() -> None:
    bot = QABot.from_documents(ARTICLES)
    answer, _ = bot.ask("When is building of the bridge due to start?")
    assert not answer.abstained
    assert answer.short == "May 2026"
    answer, _ = bot.ask("Who warned that the budget was too small?")
    assert answer.short == "Ann Hale"
    answer, _ = bot.ask("When will the tunnel be finished?")
    assert answer.abstained


@pytest.mark.skipif(not Path("/usr/share/wordnet/data.noun").exists(),
                    reason="WordNet 3.0 is not installed (Debian package wordnet-base)")
def test_the_bundled_files_are_what_the_script_makes(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parent.parent / "tools" / "make_wordnet_data.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    for name in ("synonyms.txt", "antonyms.txt", "person_nouns.txt", "verbs.txt", "derived.txt",
                 "phrasal.txt", "things.txt"):
        assert (tmp_path / name).read_text() == (DATA / name).read_text()


def test_opposites_are_known_for_common_senses() -> None:
    term = Analyzer().term
    antonyms = antonym_map(term, [term("ended"), term("lost"), term("closed")])
    assert term("end") in antonyms[term("start")]  # through start's synonym "begin"
    assert term("lose") in antonyms[term("win")]
    assert term("close") in antonyms[term("open")]


EVENTS = (
    Document("war", "Ceasefire holds",
             "The fighting ended with a ceasefire on March 3, 2021. Clashes had begun on "
             "January 5, 2021, near the border. Ambassador Lena Ortiz visited the border on "
             "April 9, 2021."),
    *ARTICLES,
)


def test_a_date_of_another_event_is_no_answer() -> None:
    bot = QABot.from_documents(EVENTS)
    answer, _ = bot.ask("When did the fighting start?")
    assert answer.short == "January 5, 2021"  # not the date it ended
    answer, _ = bot.ask("When did Lena Ortiz visit the border?")
    assert answer.short == "April 9, 2021"
    answer, _ = bot.ask("When did Lena Ortiz become ambassador?")  # only her visit is dated
    assert answer.abstained


def test_a_word_and_its_kind_map_to_corpus_terms_only() -> None:
    term = Analyzer().lemma
    related = related_map(term, [term("strike")])
    assert term("strike") in related[term("walkout")]  # a walkout is a kind of strike
    assert term("walkout") not in related.get(term("strike"), frozenset())  # not in the corpus
