"""Country names (countryinfo data) matched across their forms, for any corpus."""

from __future__ import annotations

from qabot.places import capital_names, cities_named_as_places, country_names, place_groups
from qabot.text import Analyzer


def test_every_country_has_its_capital_and_demonym_among_its_names() -> None:
    names = {n for group in country_names() for n in group}
    assert {"Armenia", "Yerevan", "Armenian", "America", "Washington", "American"} <= names
    assert not any(len(n) <= 3 and n.isupper() for n in names)  # "AM" is a word, not Armenia


def test_groups_hold_only_what_the_corpus_writes() -> None:
    analyzer = Analyzer(acronyms=frozenset({"us"}))
    groups = place_groups(analyzer, ["us", "washington", "baku", "azerbaijan", "tram"], {"us"})
    assert groups["american"] == {"us", "washington"}  # asked, never written
    assert groups["washington"] is groups["american"]  # one value per country
    assert groups["azerbaijani"] == {"baku", "azerbaijan"}
    # never mentioned: still a country, a group of its own names only
    assert {"armenia", "armenian", "yerevan"} <= groups["armenia"]
    assert not groups["armenia"] & groups["azerbaijan"]
    assert "tram" not in groups
    # initials count where the corpus writes them as an acronym, not as a word
    groups = place_groups(analyzer, ["us", "car", "man", "port"], {"us"})
    assert groups["us"] == groups["america"]
    assert not {"car", "man", "port"} & groups.keys()  # not the CAR, Man, Port-au-Prince


def test_a_capital_asked_about_as_a_place_is_the_city() -> None:
    assert "Baku" in capital_names()
    assert cities_named_as_places("What is the population of Baku?") == {"Baku"}
    assert cities_named_as_places("What does Baku accuse Armenia of?") == frozenset()
    # "of" after an adjective is about the government
    assert cities_named_as_places("Why are officials suspicious of Moscow?") == frozenset()
    assert cities_named_as_places("Is Yerevan critical of Washington?") == frozenset()


def test_a_capital_stands_for_its_country_in_the_answer() -> None:
    from qabot.models import Document
    from qabot.service import QABot

    bot = QABot.from_documents((
        Document("ties", "Ties sour", (
            "Officials in Yerevan have grown increasingly wary of Russia, an ally, for not doing "
            "more to end the blockade, because its peacekeepers stood by.")),
        Document("fair", "Fair opens", "The county fair opened on Saturday with 300 stalls."),
    ))
    answer, _ = bot.ask("Why are Armenian officials getting suspicious of Moscow?")
    assert not answer.abstained and answer.citations[0].doc_id == "ties"
