"""'Who is the <role>?' names the person holding the role, of the country asked about."""

from __future__ import annotations

import pytest

from qabot.models import Document
from qabot.question import PERSON, ROLE, analyse, typed_spans
from qabot.service import QABot

ARTICLES = (
    Document("talks", "Ministers meet in Geneva",
             "French Foreign Minister Claire Dumont met her counterpart in Geneva on Monday. "
             "Italy's Foreign Minister Marco Bellini said the talks were useful. "
             "The prime minister welcomed the talks, spokesman Paul Weber said. "
             "Prime Minister Anna Lund of Sweden did not attend."),
    Document("port", "Port reopens",
             "The port of Hamburg reopened on Tuesday after a strike. Dock workers returned "
             "to work at dawn. The union said the dispute was settled."),
    Document("zoo", "Zoo welcomes panda",
             "A giant panda arrived at the city zoo on Friday. Keepers said it was calm. "
             "Visitors will see it from May."),
)


@pytest.fixture(scope="module")
def bot() -> QABot:
    return QABot.from_documents(ARTICLES)


FAIR = Document("fair", "Fair opens", "The county fair opened on Saturday with 300 stalls.")


def bot_with(documents: tuple[Document, ...]) -> QABot:
    """A bot over made-up articles and an unrelated one (one article is too few for BM25's idf)."""
    return QABot.from_documents((*documents, FAIR))


def test_role_words_of_a_who_is_question() -> None:
    assert analyse("Who is Italy's foreign minister?").roles == ("minister",)
    assert analyse("Who is the mayor of Harwick?").roles == ("mayor",)
    assert analyse("Who met Claire Dumont?").roles == ()  # not "who is <role>"


def test_a_title_before_a_name_is_not_part_of_the_name() -> None:
    sentence = "French Foreign Minister Claire Dumont met her counterpart."
    assert [sentence[a:b] for a, b in typed_spans(sentence, PERSON)] == ["Claire Dumont"]


def test_the_minister_of_the_country_asked_about(bot: QABot) -> None:
    answer, _ = bot.ask("Who is Italy's foreign minister?")
    assert answer.short == "Marco Bellini"
    answer, _ = bot.ask("Who is the foreign minister of France?")
    assert answer.short == "Claire Dumont"


def test_another_countrys_minister_is_no_answer(bot: QABot) -> None:
    answer, _ = bot.ask("Who is Germany's foreign minister?")
    assert answer.abstained


def test_a_name_beside_the_role_not_any_name_in_the_sentence(bot: QABot) -> None:
    # "Paul Weber" said something about the prime minister; he is not one
    answer, _ = bot.ask("Who is the prime minister of Sweden?")
    assert answer.short == "Anna Lund"
    answer, _ = bot.ask("Who is the prime minister of Norway?")
    assert answer.abstained


def test_the_role_holder_may_be_who_speaks() -> None:
    # Ada Brenner says what the firefighters do ("the fire lines"), and she is the chief asked
    # about: the name of who speaks is the answer here
    bot = bot_with((
        Document("blaze", "Forest fire",
                 "District fire chief Colonel Ada Brenner said 120 firefighters were holding the "
                 "fire lines above the valley. The blaze began on Monday."),
    ))
    answer, _ = bot.ask("Who is the district fire chief leading the response?")
    assert answer.short == "Ada Brenner"


def test_the_prime_minister_is_not_any_minister() -> None:
    assert analyse("Who is the prime minister of Sweden?").roles == ("prime minister",)
    bot = bot_with((
        Document("grid", "Grid fails",
                 "STOCKHOLM, Sweden — Energy Minister Jonas Ek ordered checks of every substation in "
                 "Sweden on Monday after the grid failed."),
    ))
    answer, _ = bot.ask("Who is the prime minister of Sweden?")
    assert answer.abstained


def test_a_participle_is_no_role_though_it_shares_its_stem() -> None:
    # "presiding" and "president" stem alike
    bot = bot_with((
        Document("trial", "Trial opens",
                 "The fraud trial of three bankers opened on Monday. Presiding judge Arne Voss "
                 "has scheduled 64 witnesses, the largest trial in Sweden this year."),
    ))
    answer, _ = bot.ask("Who is the president of Sweden?")
    assert answer.abstained


def test_a_party_is_asked_for_not_a_title() -> None:
    bot = bot_with((
        Document("heat", "Heat alert",
                 "Health Minister Dorota Keller said the heat alert would stay in force until "
                 "Sunday."),
        Document("vote", "Mayor elected",
                 "Lena Markovic of the Green Civic Alliance won the mayoral election with 52 "
                 "percent of the vote."),
    ))
    answer, _ = bot.ask("Which party does Health Minister Dorota Keller belong to?")
    assert answer.abstained
    answer, _ = bot.ask("Which party does Lena Markovic belong to?")
    assert answer.short is not None and "Green Civic Alliance" in answer.short


def test_a_name_titled_with_the_role_holds_it_in_its_article() -> None:
    # the sentence naming the judge leaves out the trial its article is about
    bot = bot_with((
        Document("court", "Water firm fined", (
            "The Brenn Water poisoning trial ended in Lund on Monday with a fine of 2 million "
            "crowns for the company. Judge Miriam Szalay ruled that it had ignored its engineers' "
            "warnings.")),
    ))
    answer, _ = bot.ask("Which judge presided over the lengthy Brenn Water poisoning trial?")
    assert answer.short == "Miriam Szalay"


def test_who_is_a_name_asks_what_the_person_is(bot: QABot) -> None:
    assert analyse("Who is Marco Bellini?").expected == ROLE
    assert analyse("Who is the foreign minister?").expected == PERSON
    answer, _ = bot.ask("Who is Marco Bellini?")
    assert answer.short == "Italy's Foreign Minister"
    answer, _ = bot.ask("Who is Paul Weber?")
    assert answer.short == "spokesman"


def test_an_apposition_says_what_the_person_is() -> None:
    bot = bot_with((
        Document("press", "Briefing",
                 "\"Talks will go on,\" said Vedran Kos, a spokesman for the Foreign Ministry. "
                 "Reporters asked about the border."),
        *ARTICLES[1:],
    ))
    answer, _ = bot.ask("Who is Vedran Kos?")
    assert answer.short == "a spokesman for the Foreign Ministry"


def test_what_is_the_name_of_a_role_is_a_who_question(bot: QABot) -> None:
    assert analyse("What is the name of Italy's foreign minister?").roles == ("minister",)
    answer, _ = bot.ask("What is the name of Germany's foreign minister?")
    assert answer.abstained


def test_who_runs_an_organisation_wants_its_head() -> None:
    assert analyse("Who runs Brightwell Electronics?").roles == ("head",)
    bot = bot_with((
        Document("recall", "Heater recall",
                 "Brightwell Electronics is recalling 210,000 heaters. \"We are sorry,\" said "
                 "Brightwell's chief executive, Priya Raman. The union blamed cuts."),
        *ARTICLES,
    ))
    answer, _ = bot.ask("Who runs Brightwell Electronics?")  # the article writes "Brightwell's"
    assert answer.short == "Priya Raman"


def test_offices_named_by_what_they_do() -> None:
    assert "president" in analyse("Who is Azerbaijan's head of state?").roles
    assert "prime minister" in analyse("Who heads the Swedish government?").roles
    bot = bot_with((
        Document("visit", "Leaders meet",
                 "Swedish Prime Minister Anna Lund met Finnish President Mika Salo on Monday. "
                 "Swedish Foreign Minister Erik Berg joined them later."),
        *ARTICLES[1:],
    ))
    answer, _ = bot.ask("Who heads the Swedish government?")
    assert answer.short == "Anna Lund"  # not the foreign minister
    answer, _ = bot.ask("Who is Finland's head of state?")
    assert answer.short == "Mika Salo"
    answer, _ = bot.ask("Who is Sweden's head of state?")
    assert answer.abstained


def test_what_job_someone_has_is_the_role_beside_the_name() -> None:
    bot = bot_with((
        Document("trust", "Hospitals merge", "The new trust will be chaired by Dr Felix Amundsen, "
                 "currently chief executive of St Aubin. Drummond, 58, a former mayor of Castrelle, "
                 "told supporters she had won."),
        Document("fair", "Fair", "The town fair opened on Saturday with forty stalls.")))
    answer, conversation = bot.ask("Who will chair the new trust?")
    assert answer.short == "Dr Felix Amundsen"  # the honorific is part of the name
    answer, _ = bot.ask("And what is his job at the moment?", conversation)
    assert answer.short == "currently chief executive of St Aubin"
    answer, _ = bot.ask("What job does Drummond have?")
    assert answer.short == "a former mayor of Castrelle"


HEADS = (
    Document("outage", "Hacked clinic turns patients away",
             "Computers at Marlow District Clinic were locked by hackers on Sunday. The Cyber "
             "Defence Office (CDO), which is helping the clinic, said the attack began at night. "
             "CDO director Pavel Stroud said backups were intact. Clinic director Ruth Alder "
             "told reporters that no records had been stolen. \"We will rebuild,\" said Marlow "
             "Rangers head coach Ivo Brandt, whose players visited the wards."),
    Document("prize", "Poet wins Amber Quill",
             "A debut poet won the Amber Quill on Friday. The jury of seven, chaired by critic "
             "Nina Voss, chose the book from 90 entries. Judge Omar Petit praised its rhythm."),
    *ARTICLES[1:],
)


@pytest.fixture(scope="module")
def heads_bot() -> QABot:
    return QABot.from_documents(HEADS)


def test_the_head_of_what_is_asked_by_the_title_beside_the_name(heads_bot: QABot) -> None:
    # the title "Clinic director" shortens the name the article gives in full; the director of
    # the office helping the clinic heads something else
    answer, _ = heads_bot.ask("Who is in charge of Marlow District Clinic?")
    assert answer.short == "Ruth Alder"
    answer, _ = heads_bot.ask("Who runs the CDO?")
    assert answer.short == "Pavel Stroud"


def test_a_named_role_needs_that_role_or_its_synonym_in_the_title(heads_bot: QABot) -> None:
    # "head coach" is what a football manager is called; the speaker is whom the question asks
    answer, _ = heads_bot.ask("Who is the manager of Marlow Rangers?")
    assert answer.short == "Ivo Brandt"
    answer, _ = heads_bot.ask("Who is the mayor of Marlow?")  # a director is no mayor
    assert answer.abstained


def test_headed_by_names_the_head_after_the_body(heads_bot: QABot) -> None:
    assert analyse("Who chaired the Amber Quill jury?").roles == ("head",)
    answer, _ = heads_bot.ask("Who chaired the Amber Quill jury?")
    assert answer.short == "Nina Voss"  # not the judge who spoke


def test_which_court_is_answered_by_the_court_s_name() -> None:
    bot = QABot.from_documents((
        Document("ward", "Maternity ward to close", (
            "The maternity ward of Dunmere hospital will close on May 1. The Rural Alliance has "
            "asked the Constitutional Court to halt the closure. The Ukrainian striker Ivan "
            "Petrenko opened a clinic.")),
        Document("rail", "Rail", "Engineers repaired the rail bridge at Olsk in March.")))
    answer, _ = bot.ask("Which court has the opposition asked to block the closure?")
    assert answer.short == "Constitutional Court"


def test_a_minister_of_another_portfolio_is_no_finance_minister() -> None:
    bot = QABot.from_documents((
        Document("quake", "Quake", (
            "Prime Minister Irina Caldos toured the area and announced emergency funding. "
            "Rescue teams pulled 14 survivors from the rubble.")),
        Document("rail", "Rail", "Engineers repaired the rail bridge at Olsk in March.")))
    answer, _ = bot.ask("Who is Ambrelia's finance minister?")
    assert answer.abstained
    answer, _ = bot.ask("Who is the prime minister?")
    assert answer.short == "Irina Caldos"
