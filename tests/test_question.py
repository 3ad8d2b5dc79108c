"""Question analysis and answer spans (qabot/question.py), on sentences made up for the test."""

from __future__ import annotations

import pytest

from qabot.config import AnswerConfig
from qabot.corpus import split_passages
from qabot.models import Corpus, Document
from qabot.question import (
    ACTOR,
    DATE,
    DURATION,
    MEASURES,
    NUMBER,
    PERSON,
    PLACE,
    TITLE,
    analyse,
    describing_clause,
    subject_words,
    typed_spans,
)
from qabot.service import QABot
from qabot.text import Analyzer


def spans(sentence: str, expected: str) -> list[str]:
    return [sentence[a:b] for a, b in typed_spans(sentence, expected)]


def test_a_place_within_a_place_is_one_answer() -> None:
    sentence = "The probe was launched on Friday from Kourou in French Guiana, officials said."
    assert spans(sentence, PLACE) == ["Kourou in French Guiana"]


def test_a_possessive_is_no_place() -> None:
    assert spans("It will map water held in Europe's soils.", PLACE) == []


def test_one_of_is_no_count() -> None:
    assert spans("One of the most visited rooms was the engine hall.", NUMBER) == []


def test_hedges_and_frames_are_not_searched() -> None:
    assert subject_words("Roughly how many people actually live there?").split() == [
        "people", "live", "there?"]
    assert "kind" not in subject_words("What kinds of shortages were there?")
    assert "able" not in subject_words("When will passengers be able to ride it?")


def test_words_spelling_out_an_acronym_are_covered_by_it() -> None:
    analyzer = Analyzer(acronyms=frozenset({"esa"}))
    assert analyzer.spelled_out("Where did the European Space Agency launch it?") == {
        "european": "esa", "space": "esa", "agenc": "esa"}


ARTICLES = (
    Document("probe", "Probe launched",
        "A weather probe was launched on Friday from Kourou in French Guiana, ESA said. "
        "The agency said about 1,200 scientists had worked on it."),
    Document("rain", "Wet spring",
        "The European Space Agency said the spring was the wettest on record. Farmers "
        "in the north lost part of their harvest."),
    Document("fair", "Fair opens",
        "The town fair opened on Saturday with forty stalls. Entry is free."),
)


def bot_over(doc_id: str, title: str, text: str) -> QABot:
    """A bot over one made-up article and the three above (a corpus of one article is too
    small for BM25's idf)."""
    return bot_with(Document(doc_id, title, text))


def bot_with(*documents: Document, min_similarity: float = AnswerConfig().min_similarity) -> QABot:
    """A bot over made-up articles and the three above (``min_similarity=1``: without the
    sentence model, to test a word rule alone)."""
    docs = (*documents, *ARTICLES)
    return QABot.from_corpus(Corpus(docs, tuple(split_passages(docs))),
                             answer=AnswerConfig(min_similarity=min_similarity))


def test_an_acronym_article_answers_the_spelled_out_name() -> None:
    bot = QABot.from_documents(ARTICLES)
    answer, _ = bot.ask("Where did the European Space Agency launch its weather probe from?")
    assert answer.short == "Kourou in French Guiana"
    assert answer.citations[0].doc_id == "probe"
    answer, _ = bot.ask("How many scientists worked on the probe?")
    assert answer.short is not None and answer.short.startswith("about 1,200")


def test_a_mid_question_when_does_not_make_a_when_question() -> None:
    from qabot.question import analyse

    assert analyse("How did she describe it when she spoke to him?").kind == "how"
    assert analyse("And when was it?").kind == "when"
    assert analyse("What happened where the road ends?").expected is None  # "road" is no person
    # a question opening with an auxiliary asks yes or no, whatever clause follows
    assert analyse("Did he raise human rights when he called her?").kind == "yes/no"
    assert analyse("Is it still open where the fire started?").kind == "yes/no"


def test_another_article_stating_the_same_answer_is_cited() -> None:
    bot = bot_with(
        Document("a", "Truce", "A truce brokered by Norway ended the fighting on May 2, 2021. "
                 "Both sides welcomed it."),
        Document("b", "Border calm", "The Norwegian-brokered truce has held since the spring. "
                 "Traders have returned to the border market."),
    )
    answer, _ = bot.ask("Which country brokered the truce?")
    assert {c.doc_id for c in answer.citations} >= {"a", "b"}


def test_how_much_a_thing_costs_is_an_amount_of_money() -> None:
    from qabot.question import analyse

    assert analyse("How much will the tram cost?").measure is not None
    assert analyse("How much rain fell?").measure is None


@pytest.mark.parametrize(("text", "question", "short"), [
    # money, not the year ("since 1956, ending")
    ("The council approved the city's first tram line since 1956, ending years of argument. "
     "The line is expected to cost £612 million.",
     "How much is the tram line going to cost?", "£612 million"),
    # the article's unit with its conversion in brackets, as a reader quotes it
    ("Protesters have occupied the Vale road, a 32-kilometer (20-mile) mountain road linking "
     "the valley to the coast.", "How long is the Vale road?", "32-kilometer (20-mile)"),
    # a part of a whole is one count
    ("The Green party won 31 of the 60 seats in the assembly on Sunday.",
     "How many assembly seats did the Green party win?", "31 of the 60 seats"),
    # a share is a percentage
    ("Anna Lind was re-elected mayor on Sunday, taking 52.4% of the vote.",
     "What share of the vote did the mayor get on Sunday?", "52.4%"),
    # saying what someone does is a role; a lone word after "of" is a place, not a person
    ("Ships of the port authority waited off the coast of Valmora. Henrik Olavsen, who chairs "
     "the authority, called the demand unaffordable.", "Who is in charge of the port authority?",
     "Henrik Olavsen"),
    # "which judge" wants the one called Judge, not any name in a sentence about the ruling
    ("The cod quota ruling was welcomed by Tomasz Reyes of the fishermen. Judge Oksana "
     "Hrytsenko issued the cod quota ruling on Monday.", "Which judge made the cod quota ruling?",
     "Oksana Hrytsenko"),
    # a speed keeps its unit; a day of the month is no count of people
    ("The inquiry opened on Wednesday, 13 March. The train was travelling at 88 km/h, below "
     "the limit.", "What speed was the train doing?", "88 km/h"),
    ("The inquiry into the derailment opened on Wednesday, 13 March, near Brenzk. The train "
     "was carrying 212 people.", "How many people were on the train that derailed?", "212 people"),
    # "who is chairing ..." asks who does it: "independent" is no role the answer must hold
    ("The inquiry is chaired by retired judge Milena Kovač, who spoke to reporters.",
     "Who is chairing the independent inquiry?", "Milena Kovač"),
    # the same name in another transliteration; "how soon" asks for a duration
    ("Judge Milena Kovač said her panel would publish an interim report within 90 days.",
     "How soon is Judge Kovach's panel expected to publish its report?", "within 90 days"),
    # what is counted in a word the article never uses: its count in other words answers,
    # if it keeps the question's qualifier
    ("The union released copies of 17 written reports filed by drivers about the curve.",
     "How many written complaints did drivers file about the curve?", "17 written reports"),
    # "what time" asks for the time of day, not the date beside it; a fine is an amount
    ("Households will have their water cut off from Monday, 12 August, between 10 p.m. and "
     "6 a.m.", "At what time of day will the water be cut off?", "between 10 p.m. and 6 a.m."),
    ("Fines for washing cars with a hose have been raised from 20 July to €1,500.",
     "What is the fine for washing cars with a hose?", "€1,500"),
    # who did it may be a country or an organisation, where no one is named; "which party"
    # wants the party, not the minister beside it; an authority is nobody's name
    ("Russia blamed Armenia for a breakdown in bilateral peace talks with Azerbaijan.",
     "Who does Russia blame for the breakdown of the peace talks?", "Armenia"),
    ("The opposition Civic Alliance has said it will table a motion of no confidence in "
     "Transport Minister Jana Petrov.",
     "Which opposition party wants a no-confidence vote in the transport minister?",
     "Civic Alliance"),
    ("According to the National Rail Authority (NRA), the train was travelling at 88 km/h. "
     "The NRA's chief executive, Dimitar Vukelic, said the track had been inspected.",
     "Who is the boss of the NRA?", "Dimitar Vukelic"),
    # "which reservoir" wants the name that goes with the noun
    ("The Ostra reservoir, which supplies nearly 80 percent of Dornik's drinking water, stood "
     "at 18 percent.", "Which reservoir does Dornik get most of its drinking water from?",
     "Ostra reservoir"),
    ("The cuts came two weeks after Nordwave lost a contract with Baltrek Bank worth "
     "€60 million a year.", "Which bank's contract did Nordwave lose before the cuts?",
     "Baltrek Bank"),
    # "what date" is not answered by a weekday alone; "from 12 August" says when cuts begin
    ("Night-time water cuts in Dornik are due to start on Monday. Eight-hour overnight water "
     "cuts will affect Dornik's 340,000 residents from 12 August.",
     "From what date will Dornik's overnight water cuts begin?", "12 August"),
    # a closed compound in the question, open in the article
    ('"The ship went over in less than four minutes," said Admiral Petra Vokic, commander of '
     "the Ilvarian Coast Guard.", "Who heads the coastguard?", "Petra Vokic"),
])
def test_the_span_an_article_gives(text: str, question: str, short: str) -> None:
    answer, _ = bot_over("one", "One article", text).ask(question)
    assert answer.short == short


def test_a_pronoun_the_question_itself_explains_needs_no_conversation() -> None:
    from qabot.question import analyse

    assert not analyse("What can customers get if they return a heater?").anaphoric
    assert not analyse("What did the lawmakers say they would do?").anaphoric
    assert analyse("Why are they protesting?").anaphoric
    assert analyse("What did he say about sanctions?").anaphoric


def test_a_leading_it_reaches_two_sentences_back_in_its_document() -> None:
    bot = bot_over(
        "sat", "Satellite launched",
        "A weather satellite was launched on Friday. The satellite, called Skyeye-2, "
        "lifted off on a Vega rocket. The mission cost 300 million euros. It weighs "
        "1,150 kilograms and will orbit at 690 kilometres. Skyeye-1 was launched in 2010.")
    answer, _ = bot.ask("How heavy is Skyeye-2?")
    assert answer.short is not None and "1,150 kilograms" in answer.short
    answer, _ = bot.ask("How heavy is Skyeye-1?")  # "1,150" is no "1"
    assert answer.abstained


def test_he_after_a_number_is_the_person_the_question_named() -> None:
    from qabot.service import Conversation

    bot = bot_over(
        "transfer", "Striker signs",
        "Rovers signed striker Ivan Petrenko from Dynamo on Friday. He scored 17 goals "
        "in 29 matches last season. The 23-year-old has signed a five-year contract. "
        "It would make Petrenko the most expensive signing in the club's 131-year "
        "history.")
    answer, conversation = bot.ask("How many goals did Petrenko score last season?",
                                   Conversation())
    assert answer.short is not None and answer.short.startswith("17")
    answer, _ = bot.ask("How old is he?", conversation)
    assert answer.short == "23-year-old"  # not the club's 131-year history


def test_two_parties_giving_different_causes_are_both_shown() -> None:
    bot = bot_over(
        "recall", "Heaters recalled",
        "Volta is recalling 50,000 heaters after reports of overheating. Volta says "
        "the fault was caused by faulty sensors from a supplier. The Electrical Workers' "
        "Union says the fault was caused by cuts to quality testing at the factory.")
    answer, _ = bot.ask("What caused the Volta heaters to overheat?")
    assert answer.contested
    assert {q.attribution for q in answer.quotes} == {"Volta", "Electrical Workers' Union"}


def test_two_reports_quoting_the_same_statement_are_both_cited() -> None:
    bot = bot_with(
        Document("a", "Call", "Ana Ruiz spoke to the mayor on Monday and voiced \"deep concern "
                 "for the worsening water shortage in the northern districts\" of the city."),
        Document("b", "Ruiz calls mayor", "Ana Ruiz called the mayor on Monday. The minister "
                 "expressed deep concern for the worsening water shortage in the northern "
                 "districts, the readout said."),
    )
    answer, _ = bot.ask("How did Ana Ruiz describe the water shortage when she spoke to the mayor?")
    assert {c.doc_id for c in answer.citations} == {"a", "b"}


def test_an_older_year_is_a_date_not_an_amount() -> None:
    from qabot.question import DATE

    sentence = "It was first described in a record from 1543, and 1600 cows graze there."
    assert spans(sentence, DATE) == ["from 1543"]
    assert spans(sentence, NUMBER) == ["1600 cows"]


def test_a_time_from_now_answers_when() -> None:
    from qabot.question import DATE

    assert spans("It expects production to resume within six weeks.", DATE) == ["within six weeks"]
    assert spans("A report is due in two weeks' time.", DATE) == ["in two weeks' time"]
    assert spans("It plans to hire 90 more by the end of next year.", DATE) == [
        "by the end of next year"]
    bot = bot_over("recall", "Drug recalled", (
        "Velmont Pharma recalled its heart tablets on Monday. The company said production of "
        "new batches would resume within six weeks."))
    answer, _ = bot.ask("When will Velmont Pharma resume making new batches?")
    assert answer.short == "within six weeks"


def test_a_corpus_currency_is_learnt_from_its_amounts() -> None:
    from qabot.question import corpus_currencies
    from qabot.text import STOPWORDS

    texts = ["The bridge will cost 420 million korin. A ticket costs 2.40 korin.",
             "The airline carried 4.2 million passengers and 3 million tourists last year.",
             "The city paid 12 million tourists' worth of nothing."]
    assert corpus_currencies(texts, STOPWORDS) == {"korin"}
    bot = bot_over("budget", "Bridge money", (
        "The transport ministry paid 500 korin to each family. Minister Ana Lisk said 420 "
        "million korin would be set aside next year for bridge repairs. The bridge carried "
        "12,000 cars a day."))
    answer, _ = bot.ask("How much money will the minister put aside to repair bridges?")
    assert answer.short == "420 million korin"


def test_a_corpus_currency_is_known_by_the_words_of_prizes_rewards_and_debts() -> None:
    # none of these amounts stands beside "cost", "paid" or "budget"
    from qabot.question import corpus_currencies
    from qabot.text import STOPWORDS

    texts = ["The title carries prize money of 25,000 vell.",
             "Police offered a reward of 5,000 vell for information.",
             "The club says it is still owed 3 million vell by the council.",
             "About 4,000 fans came, and 300 fans were turned away."]
    assert corpus_currencies(texts, STOPWORDS) == {"vell"}


def test_a_corpus_currency_counts_in_the_singular_too() -> None:
    bot = bot_over("grant", "Stroke trial", (
        "The fund paid 45 million dalers to farmers and 12 million dalers to fishermen. The "
        "stroke trial was funded by a 2.6 million daler grant from the Research Council."))
    answer, _ = bot.ask("How much money did the Research Council put into the stroke trial?")
    assert answer.short == "2.6 million daler"


def test_a_count_may_name_what_it_counts_in_a_word_used_alike() -> None:
    bot = bot_over("dykes", "Floods", (
        "The river burst its banks on Monday. The army will deploy 300 soldiers to reinforce "
        "the dykes below the town, and 12 boats."))
    answer, _ = bot.ask("How many troops is the army sending to strengthen the dykes?")
    assert answer.short == "300 soldiers"


def test_a_name_opening_the_lead_is_what_the_article_is_about() -> None:
    bot = bot_over("heat", "Heat alert issued", (
        "Norvania's health ministry declared a red heat alert for nine regions on Thursday. "
        "Temperatures reached 41 degrees in the south. Hospitals reported a rise in admissions. "
        "Farmers said crops were wilting in the fields. Schools closed early in three cities. "
        "Water use rose by a fifth over the week. "
        "Health Minister Dorota Keller said the alert would stay in force until Sunday."))
    answer, _ = bot.ask("Who is Norvania's health minister?")
    assert answer.short == "Dorota Keller"


def test_the_noun_of_a_measure_asks_for_it() -> None:
    from qabot.question import analyse

    question = analyse("What will be the length of the new tram route?")
    assert question.expected == NUMBER and question.measure is not None
    assert "length" not in subject_words("What is the length of the road?")
    bot = bot_over(
        "sat", "Satellite", "The Skyeye-2 satellite was launched on Friday. It weighs "
        "1,150 kilograms and cost 300 million euros.")
    answer, _ = bot.ask("What is the weight of Skyeye-2?")
    assert answer.short is not None and "1,150 kilograms" in answer.short


def test_what_a_question_counts() -> None:
    from qabot.question import analyse

    assert analyse("How many of the 214 bronze objects are axe heads?").unit == "objects"
    assert analyse("How many people died in the fire?").unit == "people"
    # (a place after the counted noun is where they are, not what is counted)
    assert analyse("How many people in Ostrel had to leave their homes?").unit == "people"
    assert analyse("How many jobs would the cut cost?").measure is None  # jobs, not money


@pytest.mark.parametrize(("text", "question"), [
    # another kind of the same thing: the cod quota is no haddock quota
    ("The court annulled the 2025 cod quota for the Bay fleet on Thursday.",
     "What is the 2025 haddock quota for the Bay fleet?"),
    # the thing asked about, without what is asked of it
    ("The Castrelle Health Trust will run both hospitals in the capital from July.",
     "What is the annual budget of the Castrelle Health Trust?"),
    # ... asked with a possessive
    ("Trans-Signal, which was dissolved in 2022, paid fines of 3 million korin in 2019.",
     "What was Trans-Signal's annual turnover?"),
    # another of a numbered series
    ("Terrawatch-1 was launched from Kourou in 2013.", "When was Terrawatch-2 launched?"),
    # another rank: who won is not who came third ("four" is no "third" either)
    ("Tomas Reyval won the Ostrel Marathon on Sunday, pulling away from a group of four runners "
     "to finish 51 seconds ahead of Dawit Hailu.", "Who finished third at the Ostrel Marathon?"),
    # another year, another month
    ("Parliament approved the government's 2025 budget by 90 votes to 88 on Thursday.",
     "By how many votes did parliament pass the 2024 budget?"),
    ("Annual inflation reached 9.4% in March, up from 8.8% in February, the statistics office "
     "said.", "What was annual inflation in January?"),
    # what is counted, unknown to the corpus, is not any count of anything else
    ("Velmont Blue is made from the milk of sheep that graze the pastures of at least nine "
     "villages.", "How many cows graze on the Velmont pastures?"),
])
def test_a_near_miss_is_not_answered(text: str, question: str) -> None:
    answer, _ = bot_over("one", "One article", text).ask(question)
    assert answer.abstained


def test_only_the_head_of_an_asked_attribute_must_be_said() -> None:
    # "total" qualifies the budget: a sentence giving the budget ("cost") need not say it
    bot = bot_over("wheat", "Salt-tolerant wheat", (
        "Scientists at Brenn University have bred a wheat that grows in salty soil after six "
        "years of research. The project cost 3.2 million euros, most of it from a state fund."))
    answer, _ = bot.ask("What was the total budget of the wheat research project?")
    assert answer.short == "3.2 million euros"


def test_a_disputed_figure_shows_both_sides() -> None:
    bot = bot_over("strike", "Dockers strike", (
        "The Sarrano Dockworkers' Union says 4,200 of its members joined the walkout. "
        "The Sarrano Port Authority disputes that figure, saying fewer than 1,600 workers "
        "failed to report for their shifts."))
    answer, _ = bot.ask("How many dockworkers joined the walkout?")
    assert answer.contested
    assert [q.attribution for q in answer.quotes] == [
        "Sarrano Dockworkers' Union", "Sarrano Port Authority"]
    bot = bot_over("cod", "Cod quota", (
        "He said the cut would have destroyed about 700 jobs around the bay. The fisheries "
        "ministry rejected that estimate, saying fewer than 200 jobs were at risk."))
    answer, _ = bot.ask("How many jobs would the quota cut have cost around the bay?")
    assert answer.contested and "fewer than 200" in answer.quotes[1].text


def test_another_party_s_own_figure_for_the_same_count_contests_it() -> None:
    # A party named with its abbreviation or a clause ("The Federation ... (FBT) said", "The
    # union, which organised the strike, said") still makes a claim; "of" in both names makes
    # them no one party; and "put the figure far lower" / "put the size of the crowd at"
    # answers the sentence just before it, though it repeats none of its words.
    bot = bot_over("strike", "Teachers strike", (
        "Teachers walked out across the country on Monday. The Federation of Teachers (FOT) "
        "said more than 41,000 teachers had joined the strike. The Ministry of Education put "
        "the figure far lower, saying only 17,500 teachers had stayed away from work."))
    answer, _ = bot.ask("How many teachers took part in the walkout?")
    assert answer.contested
    assert [q.attribution for q in answer.quotes] == [
        "Federation of Teachers", "Ministry of Education"]
    bot = bot_over("vote", "Pension vote", (
        "Parliament approved the pension reform on Wednesday. The Confederation of Workers, "
        "which organised the general strike, said 40,000 people gathered outside parliament "
        "during the vote. Police put the size of the crowd at about 15,000."))
    answer, _ = bot.ask("How many demonstrators were outside parliament during the vote?")
    assert answer.contested and "15,000" in answer.quotes[1].text
    # ... but only the sentence just before: a figure further off is no answer to this one
    bot = bot_over("pay", "Teachers' pay", (
        "The union said 41,000 teachers had joined the strike. The ministry put the figure far "
        "lower. The average monthly salary of a teacher is 1,900 euros, according to the "
        "Statistics Office."))
    answer, _ = bot.ask("What is the average monthly salary of a teacher?")
    assert "1,900 euros" in answer.text and not answer.contested


def test_a_rebuttal_of_the_claim_just_before_it_contests_no_other() -> None:
    # "Yerevan has rejected such demands" answers Aliyev's demand beside it, not the
    # governor's count two sentences up; a rebuttal after more of the claimant's own words
    # still answers the claimant
    bot = bot_over("road", "Road talks", (
        "The regional governor said peacekeepers had escorted 3,000 vehicles through the road "
        "since March. President Aliyev said a checkpoint must be set up on the road. "
        "Yerevan has rejected such demands."))
    answer, _ = bot.ask("How many vehicles did peacekeepers escort through the road?")
    assert "3,000 vehicles" in answer.text and not answer.contested
    bot = bot_over("heat", "Heat alert", (
        "The Nurses' Union said at least three deaths may be linked to the heat. The union "
        "said hospitals were overwhelmed. The ministry rejected the criticism, saying its heat "
        "plan had started early."))
    answer, _ = bot.ask("How many deaths has the union linked to the heat?")
    assert answer.contested and "rejected the criticism" in answer.quotes[1].text


def test_a_rebuttal_by_a_body_named_beside_it_goes_on_in_its_spokesman_s_words() -> None:
    text = ("Mayor Irena Podol said the contamination was caused by a burst pipe. The city sent "
            "tanker trucks to schools. A local group, Clean Rivers, disputed the mayor's "
            "explanation. Its spokesman, Viktor Sandal, said the bacteria came from a pig farm.")
    bot = bot_over("water", "Boil-water notice", text)
    answer, _ = bot.ask("What caused the contamination, according to the mayor?")
    assert answer.contested
    assert answer.quotes[1].attribution == "Clean Rivers" and "pig farm" in answer.quotes[1].text
    # the group and its spokesman are one party: his words are not contested by the group's
    answer, _ = bot.ask("Where did the spokesman say the bacteria came from?")
    assert "pig farm" in answer.text and not answer.contested


def test_a_line_announcing_a_dispute_gives_way_to_the_accounts_of_it() -> None:
    bot = bot_over("outage", "Network outage", (
        "VALDRIN - Velmar Telecom and the union representing its engineers gave sharply "
        "different accounts on Wednesday of what caused a mobile network outage that left 2.3 "
        "million customers without service. Velmar chief executive Oskar Brandt said the "
        "failure was the result of a deliberate cyberattack. Union president Jana Ruzic "
        "rejected that account, saying a botched software update was to blame."))
    answer, _ = bot.ask("What caused the Velmar mobile network outage?")
    assert answer.contested
    assert "deliberate cyberattack" in answer.quotes[0].text
    assert "botched software update" in answer.quotes[1].text


def test_two_parties_saying_opposite_things_about_what_is_asked_are_both_shown() -> None:
    # no rebuttal word, two sentences apart: each party's words on the question's own terms,
    # one of them saying "no" or "not"
    bot = bot_over("drought", "Drought", (
        "Agriculture Minister Mirela Ganchev says the irrigation reservoirs are still at 38 "
        "percent of capacity. The government has banned the watering of gardens. Bogdan Lisko, "
        "head of the Farmers' Association, insists that the irrigation reservoirs in the valley "
        "have dropped below 20 percent and that some villages have had no water for weeks."))
    answer, _ = bot.ask("How full are the irrigation reservoirs?")
    assert answer.contested and "below 20 percent" in answer.quotes[1].text
    # ... but a source cited for a figure takes no side
    bot = bot_over("valley", "Dry valley", (
        "Farmers in the Marrow Valley say this year's harvest will be the worst in memory, as "
        "the drought shows no sign of ending. Rainfall across the valley has been 38 per cent "
        "of the usual amount this year, according to the regional weather service."))
    answer, _ = bot.ask("How much rain has the valley had this year compared with normal?")
    assert "38 per cent" in answer.text and not answer.contested


def test_a_claim_in_quotes_or_by_a_pronoun_has_its_party() -> None:
    from qabot.claims import claim_side

    assert claim_side('"We cannot keep subsidising empty cars," Holm said.') == "Holm"
    assert claim_side("Its chairman, Tomáš Ščerbak, said the roof had cracked.") == "Tomáš Ščerbak"
    assert claim_side("Voss blamed the losses on the price of jet fuel.") == "Voss"
    # "she told lawmakers": the party is the one named in the sentence before
    bot = bot_over("pension", "Pension reform", (
        "Finance Minister Eva Lind said the reform was unavoidable. \"Without this change, the "
        "pension fund would run out of money by 2035,\" she told lawmakers. The opposition "
        "Social Union party rejected that claim."))
    answer, _ = bot.ask("Will the pension fund run out of money?")
    assert answer.contested and "rejected that claim" in answer.quotes[1].text
    # "the disputed region" rebuts no one
    bot = bot_over("road", "Road", (
        "The State Department said the blockade of the road undermined prospects for peace. "
        "Last week, Russia also told Azerbaijan that the road into the disputed region must be "
        "cleared of protesters."))
    answer, _ = bot.ask("What did the State Department say the blockade of the road undermined?")
    assert "prospects for peace" in answer.text and not answer.contested


def test_when_a_thing_starts_is_when_it_happens_if_all_else_asked_is_said() -> None:
    bot = bot_over("cup", "Cup final", (
        "Ostrad Rovers won the cup final 2-1 on Saturday. The team will parade the trophy "
        "through the city in an open-top bus at 3 p.m. on Sunday."))
    answer, _ = bot.ask("What time does the open-top bus parade with the trophy start?")
    assert answer.short is not None and "3 p.m." in answer.short
    # ... but a sentence saying only part of what was asked gives the time of something else
    answer, _ = bot.ask("What time does the victory concert in the city start?")
    assert answer.abstained


def test_a_sentence_asked_for_is_a_length_of_time() -> None:
    text = ("Prosecutors on Monday charged the ferry's captain, Bogdan Hrast, with negligent "
            "manslaughter over the sinking.")
    answer, _ = bot_over("ferry", "Ferry sinking", text).ask(
        "What sentence was the ferry captain Bogdan Hrast given?")
    assert answer.abstained  # charged, not sentenced: no length of time
    answer, _ = bot_over("ferry", "Ferry sinking", text + (
        " The court later sentenced Hrast to six years in prison.")).ask(
        "What sentence was the ferry captain Bogdan Hrast given?")
    assert answer.short is not None and "six years" in answer.short


def test_a_year_asked_about_must_be_named_in_the_article() -> None:
    crash = ("OSTRELLE - Seven people were killed and 43 hurt when the morning express derailed "
             "near Ostrelle on Monday, the rail operator said.")
    answer, _ = bot_over("crash", "Express derails", crash).ask(
        "How many people died in the 1998 rail crash near Ostrelle?")
    assert answer.abstained  # another crash: the article never names 1998
    answer, _ = bot_over("crash", "Express derails", crash + (
        " It was the deadliest accident on the line since a crash in 1998.")).ask(
        "How many people died in the rail crash near Ostrelle on Monday?")
    assert "Seven people" in answer.text  # (a year the question does not name changes nothing)
    war = ("During the 44-day conflict, the army retook several towns. The 2020 war ended with "
           "a ceasefire brokered by Moscow.")
    answer, _ = bot_over("war", "War", war).ask("How long did the 2020 conflict last?")
    assert answer.short is not None and "44-day" in answer.short


def test_what_caused_it_needs_a_cause() -> None:
    text = ("An AeroCorva passenger jet made an emergency landing at Veltrava on Saturday "
            "following an engine fire on flight AC417, the airline said.")
    answer, _ = bot_over("jet", "Emergency landing", text).ask(
        "What caused the engine fire on flight AC417?")
    assert answer.abstained  # what happened, not why
    answer, _ = bot_over("jet", "Emergency landing", text + (
        " Investigators said the engine fire was caused by a cracked fuel line.")).ask(
        "What caused the engine fire on flight AC417?")
    assert "cracked fuel line" in answer.text
    answer, _ = bot_over("rail", "Flood", (
        "Rail services between Drovik and Vastrel were suspended after water covered a section "
        "of track.")).ask("What caused the suspension of the railway between Drovik and Vastrel?")
    assert "water covered a section of track" in answer.text


def test_an_agent_noun_asked_for_finds_its_kin_not_its_verb() -> None:
    # "travellers" is indexed as "travel"; the question means the people, and "passengers"
    # are a kind of traveller (WordNet)
    bot = bot_over("air", "Jets grounded", (
        "BaltAir has grounded four of its jets and cancelled about 120 flights. About 14,000 "
        "passengers are affected by the cancellations, the airline said. The grounding comes "
        "at the peak of the summer travel season."))
    answer, _ = bot.ask("How many travellers are hit by BaltAir's cancelled flights?")
    assert answer.short is not None and "14,000" in answer.short


def test_an_acronym_of_an_x_of_y_name_is_written_as_its_first_noun() -> None:
    # "the Federation of Rail Workers (FRW)" goes on as "the federation", not "the workers"
    bot = bot_over("rail", "Rail strike", (
        "Train drivers across the country walked out on Monday, halting most services. The "
        "Federation of Rail Workers (FRW) said 9,000 members had joined the strike. The "
        "ministry said most commuter lines were running. Ticket offices in the capital were "
        "closed. The operator said talks could resume next week. \"We will not back down,\" "
        "federation president Nadia Korvel said at a rally outside parliament."))
    answer, _ = bot.ask("Who is the president of the FRW?")
    assert answer.short == "Nadia Korvel"


def test_how_a_count_was_known_is_not_what_befell_what_is_counted() -> None:
    # "were injured" must be said ("nine people were killed" counts others); "were detected"
    # is only how the count is known
    bot = bot_over("volcano", "Volcano alert", (
        "Scientists raised the alert level for Mount Orsk on Thursday after recording more "
        "than 600 small earthquakes beneath the volcano during the past week."))
    answer, _ = bot.ask("How many quakes were detected under Mount Orsk during the past week?")
    assert answer.short is not None and "600" in answer.short


def test_how_many_of_them_counts_what_they_stand_for() -> None:
    bot = bot_over("slide", "Avalanche", (
        "An avalanche buried a group of skiers on Karov Peak on Saturday, injuring eleven. "
        "Four of the injured were flown to the regional hospital in Tamsk."))
    answer, conversation = bot.ask("How many skiers were injured in the avalanche?")
    answer, _ = bot.ask("How many of them were flown to hospital?", conversation)
    assert answer.short is not None and "Four" in answer.short


def test_a_size_or_an_age_is_no_other_kind_of_the_thing() -> None:
    # "the new bridge" is "the 420-metre bridge", "the country's big dams" its "14 large dams";
    # ("the cod quota" is still no answer for "the haddock quota")
    bot = bot_over("bridge", "Bridge", (
        "The 420-metre bridge, budgeted at 96 million tess, is meant to carry about 18,000 "
        "vehicles a day."))
    answer, _ = bot.ask("How many vehicles a day should cross the new bridge?")
    assert answer.short is not None and "18,000" in answer.short
    # ... nor a count or a rank the sentence puts before it
    bot = bot_over("vote", "Election", (
        "Parliament approved the budget on Monday. The next general election is scheduled for "
        "September 2026."))
    answer, _ = bot.ask("When are the next national elections due?")
    assert answer.short is not None and "September 2026" in answer.short
    bot = bot_over("quota", "Quota", "The ministry cut the cod quota by 20 percent on Monday.")
    answer, _ = bot.ask("By how much did the ministry cut the haddock quota?")
    assert answer.abstained


def test_a_claim_is_attributed_to_a_name_set_off_by_its_title() -> None:
    # "Its president, Kasia Dremm, said" and "Union secretary Ilse Marrow said" attribute the
    # claim as plainly as "Dremm said" does, so the denial beside it is shown too
    from qabot.claims import attribution

    assert attribution("Its president, Kasia Dremm, said the plant was profitable.") == "Kasia Dremm"
    assert attribution("Union secretary Ilse Marrow said 93 percent of trains were cancelled.") == (
        "Ilse Marrow")
    assert attribution("It has also strongly denied any military supplies.") is None  # a pronoun
    bot = bot_over("plant", "Tyre plant to close", (
        "Velkor Industries will close its tyre factory in Sarnov. The factory's union leader, "
        "Kasia Dremm, accused Velkor of moving production to a cheaper plant abroad. Velkor, "
        "which employs 900 people in Sarnov, denied that any production would be moved."))
    answer, _ = bot.ask("Is Velkor moving the Sarnov production abroad?")
    assert answer.contested
    assert [q.attribution for q in answer.quotes] == ["Kasia Dremm", "Velkor"]
    bot = bot_over("plant", "Tyre plant to close", (
        "Velkor Industries will close its tyre factory in Sarnov. The factory's union leader, "
        "Kasia Dremm, accused Velkor of moving production to a cheaper plant abroad. A Velkor "
        "spokesperson denied that any production would be moved."))
    answer, _ = bot.ask("Is Velkor moving the Sarnov production abroad?")
    assert [q.attribution for q in answer.quotes] == ["Kasia Dremm", "Velkor spokesperson"]


@pytest.mark.parametrize(("text", "first", "who", "follow_up", "short"), [
    # "afterwards" is after the Munich talks of the sentence before; the capitals the last
    # question named through "Norwegian" and "Swedish" are the answer now, not words said
    ("Anna Berg, a special envoy for Norwegian-Swedish fishing talks, said a deal was near. "
     "The talks were held in Munich on Monday. Berg visited Oslo and Stockholm afterwards.",
     "Who is the envoy for the Norwegian-Swedish fishing talks?", "Anna Berg",
     "Where did she travel after the Munich talks?", "Oslo and Stockholm"),
    # a party is the apposition beside the name, not the title before it
    ("Led by Representative Frank Pallone, a Democrat, the lawmakers warned in a letter "
     "of a humanitarian catastrophe.",
     "Which congressman led the letter about a catastrophe?", "Frank Pallone",
     "What party is he from?", "a Democrat"),
    # the figure beside the user's own words ("last year"), not beside the carried-over ones;
    # "the same time last year" is no "time" of another kind
    ("The Ostra reservoir, which supplies nearly 80 percent of Dornik's drinking water, stood "
     "at 18 percent of capacity on Monday, against 61 percent at the same point last year.",
     "Which reservoir does Dornik get its drinking water from?", "Ostra reservoir",
     "How full was it at the same time last year?", "61 percent"),
    # a role beside the name answers, though the sentence leaves out "before she became governor"
    ("Ilse Drummond was re-elected governor of Valmora on Sunday. Drummond, 58, a former mayor "
     "of Castrelle, thanked her supporters.", "Who was re-elected governor of Valmora?",
     "Ilse Drummond", "What job did she have before she became governor?",
     "a former mayor of Castrelle"),
])
def test_a_follow_up_about_the_person_named(
    text: str, first: str, who: str, follow_up: str, short: str
) -> None:
    bot = bot_over("one", "One article", text)
    answer, conversation = bot.ask(first)
    assert answer.short == who
    answer, _ = bot.ask(follow_up, conversation)
    assert answer.short == short


@pytest.mark.parametrize(("question", "clause"), [
    ("How old was the ferry that capsized?", "capsized"),
    ("What is the monthly salary of a nurse who has just qualified?", "has just qualified"),
    ("How quickly did the ship go under once it started to tip?", "it started to tip"),
    # "that" after a verb, or before a noun, opens no clause picking out the thing asked about
    ("Who said that the protesters were paid?", None),
    ("Did the report find that tests were skipped?", None),
    ("Who set that meeting up?", None),
    ("When was that decision made?", None),
])
def test_the_clause_describing_what_is_asked_about(question: str, clause: str | None) -> None:
    assert describing_clause(question) == clause


def test_a_rate_keeps_what_it_is_per() -> None:
    assert spans("Payments will be capped at €20,000 per farm, officials said.", NUMBER) == [
        "€20,000 per farm"]
    assert spans("It will cap prices at 0.21 marka per kilowatt-hour.", NUMBER) == [
        "0.21 marka per kilowatt-hour"]


def test_a_strait_is_no_one() -> None:
    assert spans("Rescuers searched the Tarn Strait on Tuesday.", PERSON) == []


def test_a_place_named_after_its_kind() -> None:
    assert spans("The rig came overnight from the southern city of Orsel.", PLACE) == ["Orsel"]
    assert spans("He must give up a villa in the lakeside resort of Vedlo.", PLACE) == ["Vedlo"]


def test_an_amount_keeps_its_hedge() -> None:
    assert spans("It started roughly 85 kilometres from the capital.", NUMBER) == [
        "roughly 85 kilometres"]
    assert spans("The fire had burned an estimated 3,200 hectares.", NUMBER) == [
        "an estimated 3,200 hectares"]


def test_a_time_and_its_day_are_one_moment() -> None:
    assert spans("The attack was detected at 03:15 on Saturday by night staff.", DATE) == [
        "at 03:15 on Saturday"]
    assert spans("It was reported on Sunday, August 11, near Brask.", DATE) == [
        "on Sunday, August 11"]


def test_a_time_of_day_is_no_count() -> None:
    assert spans("Clinics open from 08:00 to 18:00, and 12 of them stay open late.", NUMBER) == [
        "12"]


def test_a_vote_is_one_figure() -> None:
    assert spans("The nine-member court decided the case by seven votes to two.", NUMBER) == [
        "seven votes to two", "nine-member"]
    assert analyse("How did the judges split on the case?").measure is not None
    bot = bot_over("court", "Court strikes down law", (
        "The nine-member court decided the case by seven votes to two on Monday. The law had "
        "capped foreign ownership of newspapers at 20 percent."))
    answer, _ = bot.ask("What was the vote tally in the court case?")
    assert answer.short == "seven votes to two"


def test_each_amount_goes_with_its_own_item() -> None:
    bot = bot_over("stakes", "Group challenges law", (
        "The challenge was brought by Meridian Holdings, which owns 49 percent of the daily "
        "Drovenna Courier and 35 percent of the radio network Radio Vesna. The court ruled on "
        "Monday."))
    answer, _ = bot.ask("What share of the Drovenna Courier does Meridian hold?")
    assert answer.short == "49 percent"
    answer, _ = bot.ask("What share of Radio Vesna does Meridian hold?")
    assert answer.short == "35 percent"


def test_the_agency_of_a_dateline_is_no_answer() -> None:
    sentence = "ASKELUND, July 2 (Nordic News Agency) – Askelund FC signed Tobias Rein from Vessly United."
    assert "Nordic News Agency" not in spans(sentence, PERSON)
    bot = bot_over("transfer", "Club signs striker", sentence + " The fee was a record.")
    answer, _ = bot.ask("Which club did Tobias Rein play for before joining Askelund?")
    assert answer.short == "Vessly United"


def test_the_town_of_a_dateline_is_no_one_who_did_anything() -> None:
    sentence = "TARNSK, Brelonia — The collapse of the river bridge was caused by corroded cables."
    assert spans(sentence, ACTOR) == []
    bot = bot_over("bridge", "Bridge inquiry", (
        sentence + " The inquiry's report was published on Monday."))
    answer, _ = bot.ask("Who designed the original river bridge?")
    assert answer.abstained


def test_a_time_of_day_is_no_amount() -> None:
    sentence = "Offices close at 1 pm and open at 9 a.m., and clinics keep 20 beds free."
    assert spans(sentence, NUMBER) == ["20 beds"]


def test_a_population_is_a_count_of_people() -> None:
    bot = bot_with(
        Document("brenn", "Coast town", (
            "Brenn, a fishing town with a population of 48,000 people, lies on the north coast. "
            "Its harbour has 120 berths.")),
        Document("lossa", "Schools open", (
            "Lossa's population is growing fast, and the city opened 12 new schools on Monday.")))
    answer, _ = bot.ask("What is the population of Brenn?")
    assert answer.short == "48,000 people"
    answer, _ = bot.ask("What is the population of Lossa?")
    assert answer.abstained  # "12 new schools"
    bot = bot_over("quake", "Quake in Varn", (
        "The disaster agency has set up three tent camps in Varn able to house 1,500 people."))
    answer, _ = bot.ask("What is the population of Varn?")
    assert answer.abstained  # people housed, not living there


def test_how_long_a_thing_is_is_a_length_and_an_event_a_duration() -> None:
    for question in ("How long is the new ferry?", "how long is the harbour corridoor?"):
        assert analyse(question).expected == NUMBER  # a thing, even misspelt: metres
    for question in ("How long was the strike?", "How long was the museum closed?",
                     "How long is the striker's contract with Rovers?",
                     "How long is each wheel of the cheese aged?"):
        assert analyse(question).expected == DURATION
    bot = bot_over("ferry", "Ferry aground", (
        "The ferry Nordvinge ran aground on Tuesday; all 201 passengers were taken off within "
        "two hours and fifteen minutes. The ferry, built in 1998, is 78 metres long."))
    answer, _ = bot.ask("How long is the ferry?")
    assert answer.short == "78 metres"  # ("ft" is no unit inside "fifteen")


def test_an_amount_in_other_units_is_part_of_it() -> None:
    sentence = "They hold the corridor, a 32-kilometer (20-mile) mountain road."
    assert spans(sentence, NUMBER) == ["32-kilometer (20-mile)"]


def test_a_name_may_open_with_the_kind_asked_for() -> None:
    from qabot.question import names_beside

    sentence = "The dig, led by Professor Lydia Marchetti of the University of Marvenne, ended."
    assert [sentence[a:b] for a, b in names_beside(sentence, "university")] == [
        "University of Marvenne"]
    bot = bot_over("dig", "Mosaic found", sentence + " A mosaic was found in May.")
    answer, _ = bot.ask("Which university is Lydia Marchetti from?")
    assert answer.short == "University of Marvenne"


def test_the_name_of_a_book_is_its_quoted_title() -> None:
    assert analyse("What is the name of the poetry book that won the prize?").expected == TITLE
    assert analyse("What is the name of the ship's captain?").expected == PERSON
    bot = bot_over("prize", "Poet wins", (
        "Ilse Varn, a teacher, won the Amber Prize on Saturday for her first poetry collection, "
        "\"Salt in the Orchard\". The jury met in Teskhar."))
    answer, _ = bot.ask("What is the name of the poetry book that won the Amber Prize?")
    assert answer.short == "Salt in the Orchard"


def test_the_names_or_the_title_asked_for_must_be_in_the_answer() -> None:
    # "What are the names of ...?" asks for names, "the title of the portrait" for a title: a
    # sentence about the men or the portrait that names neither answers nothing
    assert analyse("What are the names of the two men arrested?").expected == PERSON
    assert analyse("What was the title of the portrait that was stolen?").expected == TITLE
    bot = bot_with(
        Document("theft", "Portraits stolen", (
            "Two men, aged 34 and 41, were arrested on Friday over the museum theft. A small "
            "portrait is still missing.")),
        Document("van", "Painting found", (
            "Police said \"Girl with a Lantern\", a painting, was found in a van on Sunday.")))
    answer, _ = bot.ask("What are the names of the two men arrested over the museum theft?")
    assert answer.abstained
    answer, _ = bot.ask("What is the title of the portrait still missing?")
    assert answer.abstained
    answer, _ = bot.ask("What is the title of the painting found in a van?")
    assert answer.short == "Girl with a Lantern"


def test_opening_hours_are_times_of_day() -> None:
    question = analyse("What are the opening hours of the mobile clinics?")
    assert question.expected == DATE
    bot = bot_over("clinics", "Clinics open", (
        "The mobile clinics, which vaccinate children, will be open from 08:00 to 18:00 on "
        "weekdays. They were launched on 3 March."))
    answer, _ = bot.ask("What are the opening hours of the mobile vaccination clinics?")
    assert answer.short == "from 08:00 to 18:00"


@pytest.mark.parametrize(("question", "expected"), [
    ("How quickly did the ship go under?", DURATION),
    ("How much time did the family have to pack?", DURATION),
    ("How much longer will the strike last?", DURATION),
    ("What pay increase are the nurses demanding?", NUMBER),
    ("At what level will electricity prices be capped?", NUMBER),
    ("What is the most a single farm can receive?", NUMBER),
    ("What payment will families whose homes flooded get?", NUMBER),
])
def test_what_else_asks_for_an_amount_or_a_time(question: str, expected: str) -> None:
    assert analyse(question).expected == expected


@pytest.mark.parametrize("question", [
    "What did the minister who resigned say?",
    "Why did the workers whose contracts ended protest?",
])
def test_a_who_after_another_question_word_opens_a_clause(question: str) -> None:
    assert analyse(question).kind != "who"
    assert "whose" not in Analyzer()(question)  # no word to look for either


def test_a_sum_of_money_counts_no_one() -> None:
    bot = bot_over("drought", "Drought fund", (
        "The ministry on Thursday announced an emergency fund of €45 million for farmers hit by "
        "the drought. Applications open on 2 September."))
    answer, _ = bot.ask("How many farmers have applied to the drought emergency fund so far?")
    assert answer.abstained
    answer, _ = bot.ask("How much money is in the drought emergency fund?")
    assert answer.short == "€45 million"


def test_what_someone_is_paid_is_an_amount_of_money() -> None:
    bot = bot_over("cuts", "Job cuts", (
        "Nordwave said on Thursday it would cut 1,150 jobs. Chief executive Sabine Lorentz said "
        "the company had hired too fast during the boom years."))
    answer, _ = bot.ask("What is Sabine Lorentz paid as Nordwave's chief executive?")
    assert analyse("What is Sabine Lorentz paid?").expected == NUMBER
    assert answer.abstained


def test_which_organisation_is_not_answered_by_an_official_of_another() -> None:
    bot = bot_over("rail", "Rail union", (
        "The delay to track renewal works was a matter of contractor availability, the authority "
        "said. Its general secretary, Anton Reiss, said members had reported rough riding on the "
        "Brenzk curve since January and that the renewal of the track had been postponed."))
    answer, _ = bot.ask("Which contractor was supposed to carry out the Brenzk track renewal?")
    assert answer.short != "Anton Reiss"


def test_the_authority_is_the_acronym_its_article_spelled_out() -> None:
    bot = bot_with(
        Document("crash", "Train derails", (
            "A passenger train left the tracks near Brenzk on Saturday, the National Rail "
            "Authority (NRA) said. The NRA's chief executive, Dimitar Vukelic, said the track "
            "had been inspected in February.")),
        Document("union", "Drivers warned", (
            "Train drivers had warned about the Brenzk curve for months. The authority's "
            "chief executive, Dimitar Vukelic, has so far declined calls to resign.")),
    )
    answer, _ = bot.ask("Who is the boss of the NRA?")
    assert answer.short == "Dimitar Vukelic"
    assert {c.doc_id for c in answer.citations} == {"crash", "union"}


def test_an_acronym_asked_about_is_not_its_own_answer() -> None:
    # the name the question's acronym spells out repeats the question; a sentence spelling it
    # out without the acronym still mentions it
    bot = bot_with(
        Document("fire", "Engine fire", (
            "The Maritime Safety Directorate (MSD) said it had opened an investigation into the "
            "ferry fire. The MSD said the inspections would take ten days.")),
        Document("board", "Ferries held", (
            "Ilse Marwick, head of the Maritime Safety Directorate, said all four ferries would stay "
            "in port.")),
    )
    answer, _ = bot.ask("Who is in charge of the MSD?")
    assert answer.short == "Ilse Marwick"
    assert answer.citations[0].doc_id == "board"


def test_how_long_a_line_is_asks_for_a_length() -> None:
    assert analyse("How long is the new metro line in Korsak?").expected == NUMBER
    assert analyse("For how long will Carver Street be shut to traffic?").expected == DURATION


def test_who_says_it_is_not_who_did_it() -> None:
    bot = bot_over("club", "Club sold", (
        "Dinamo Orlany is under new ownership after an American fund completed the purchase of "
        "a 75 percent stake. The fan group Red Terrace said it feared the new owners would load "
        "the club with debt, as had happened at other clubs bought by American funds."))
    answer, _ = bot.ask("Who has bought Dinamo Orlany?")
    assert answer.short != "Red Terrace"


def test_a_second_report_spelling_the_name_otherwise_corroborates() -> None:
    bot = bot_with(
        Document("one", "Ferry sinks", (
            "The ferry Serena Dal sank in the Ostry Strait on Monday. The captain, 58-year-old "
            "Dimitar Khvostov, survived the sinking.")),
        Document("two", "Captain held", (
            "Dimitar Hvostov, captain of the ferry lost in the Ostry Strait, was detained.")),
    )
    answer, _ = bot.ask("Who was the captain of the ferry that sank in the Ostry Strait?")
    assert {c.doc_id for c in answer.citations} == {"one", "two"}


def test_a_long_name_spelled_with_another_first_letter_corroborates() -> None:
    # Halvorny / Chalvorny: no transliteration rule joins them, one letter does
    bot = bot_with(
        Document("one", "Rail crash", (
            "Twelve people died when the express left the rails near Kostrava. \"The train was "
            "far too fast,\" said Jirek Halvorny, chief investigator at the rail safety agency.")),
        Document("two", "Inquiry opens", (
            "Yirek Chalvorny, who leads the rail safety agency's investigation, said the express "
            "entered the bend too fast.")),
    )
    answer, _ = bot.ask("Who is the chief investigator at the rail safety agency?")
    assert answer.short == "Jirek Halvorny"
    assert {c.doc_id for c in answer.citations} == {"one", "two"}


FLOOD = Document("flood", "Floods force thousands from Marsk", (
    "MARSK — Floods forced about 3,400 residents of Marsk to leave their homes on Sunday. "
    "The river rose 4 metres in a day, the water board said."))
SAME_FLOOD = Document("marsk-evacuation", "Rescuers move families out of Marsk", (
    "Rescue teams worked through the night in Marsk. Officials said around 3,400 people had "
    "been taken to shelters in schools. Boats were brought in from Vell."))


def test_a_second_report_of_the_same_figure_in_other_words_corroborates() -> None:
    bot = bot_with(FLOOD, SAME_FLOOD)
    answer, _ = bot.ask("How many people had to leave their homes because of the floods in Marsk?")
    assert answer.short is not None and "3,400" in answer.short
    quotes = {q.doc_id: q.text for q in answer.quotes}
    assert [c.doc_id for c in answer.citations] == ["flood", "marsk-evacuation"]
    assert "around 3,400 people" in next(
        c.quote for c in answer.citations if c.doc_id == "marsk-evacuation")
    assert "flood" in quotes


def test_almost_and_nearly_the_same_figure_corroborate() -> None:
    bot = bot_with(
        Document("tribune", "Blast at fertiliser plant", (
            "A storage tank exploded at the Ardeno fertiliser plant on Monday. Firefighters "
            "needed almost six hours to extinguish the blaze.")),
        Document("courier", "Three killed in Kestova blast", (
            "Three workers were killed when a tank blew up at the Ardeno plant in Kestova. Fire "
            "crews brought the resulting blaze under control after nearly six hours.")))
    answer, _ = bot.ask("How long did firefighters take to put out the fire at the Ardeno plant?")
    assert answer.short == "almost six hours"
    assert {c.doc_id for c in answer.citations} == {"tribune", "courier"}


def test_a_figure_is_not_corroborated_by_another_story_or_another_figure() -> None:
    other = Document("fair", "Harvest fair", (
        "The harvest fair in Dunmore drew around 3,400 visitors on Saturday, its organisers "
        "said. Stalls sold cider and cheese."))
    smaller = Document("marsk-evacuation", "Rescuers move families out of Marsk", (
        "Rescue teams worked through the night in Marsk. Officials said around 340 people had "
        "been taken to shelters in schools."))
    for second in (other, smaller):
        answer, _ = bot_with(FLOOD, second).ask(
            "How many people had to leave their homes because of the floods in Marsk?")
        assert [c.doc_id for c in answer.citations] == ["flood"]

@pytest.mark.parametrize(("text", "question", "short"), [
    pytest.param(
        "Thousands of nurses walked out on Monday. Nurses are demanding a 15% pay rise and a "
        "legal limit of eight patients per nurse on general wards.",
        "What pay increase are the striking nurses demanding?", "15%", id="amount-beside-the-words"),
    pytest.param(
        "A freight train left the tracks near Brenzk on 2 March. The ministry has suspended "
        "freight traffic on the line until at least 31 March. Inspectors arrived on 4 March.",
        "Until when are freight trains banned from the line?", "31 March", id="until-when"),
    pytest.param(
        "The 37-year-old vessel overturned on a night crossing to the island of Vell. "
        "Vell, home to about 11,000 people, relies on the ferry for deliveries of food.",
        "How many people live on Vell island?", "about 11,000 people", id="population-not-age"),
    pytest.param(
        "The envoy spoke at the special session of the council, which convened at Armenia's "
        "request on Thursday in Vienna.",
        "At whose request was the special session of the council convened?", "Armenia",
        id="whose-possessor"),
    pytest.param(
        "Thousands of nurses walked out of public hospitals across Ilvaria on Monday. It is the "
        "first national nurses' strike in Ilvaria since 1998.",
        "When did nurses in Ilvaria last go on a national strike?", "1998", id="when-last"),
    pytest.param(
        "The central bank of Ilvaria raised its main lending rate by half a percentage point to "
        "7.25% on Thursday. Inflation reached 9.4% in April.",
        "By how much did the central bank raise its rate?", "half a percentage point",
        id="by-how-much-the-change"),
    pytest.param(
        "Marta Lind, 54, pleaded not guilty on Tuesday. The trial of her two co-defendants, "
        "which began in 2019, has 40 witnesses.",
        "How old is Marta Lind?", "54", id="age-between-commas"),
    pytest.param(
        "Crews drilled a 150-millimetre borehole to the 12 trapped men. The shaft is 400 metres "
        "deep.",
        "What diameter was the borehole drilled to the men?", "150-millimetre", id="diameter"),
    pytest.param(
        "The company said the Ostra pit produced 1.9 million tonnes of coal last year, when it "
        "employed 800 miners.",
        "What was the Ostra pit's coal output last year?", "1.9 million tonnes", id="output"),
])
def test_the_span_that_answers(text: str, question: str, short: str) -> None:
    answer, _ = bot_over("one", "One article", text).ask(question)
    assert answer.short is not None and short in answer.short


def test_when_did_it_last_happen_does_not_search_last() -> None:
    assert "last" not in subject_words("When did Ilvarian nurses last go on strike?")


def test_closed_until_a_date_says_when_it_reopens() -> None:
    bot = bot_over("outbreak", "Measles reaches Brask", (
        "The first cases were found on 2 January in a kindergarten in Brask. Schools in Brask "
        "will stay closed until 3 February, the ministry said."))
    answer, _ = bot.ask("When will the Brask schools reopen?")
    assert answer.short == "3 February"
    answer, _ = bot.ask("When were the first cases found in Brask?")
    assert answer.short == "2 January"


def test_which_hospital_is_answered_by_the_hospital_s_name() -> None:
    bot = bot_over("ward", "Isolation ward opens", (
        "Doctors in Orsavan are treating nineteen children. Saint Brannoc Children's Hospital "
        "in Orsavan has opened an isolation ward with 24 beds, said its director, Anna Vells."))
    answer, _ = bot.ask("Which hospital set up an isolation ward for the measles patients?")
    assert answer.short == "Saint Brannoc Children's Hospital"


def test_a_sentence_s_first_word_before_the_asked_noun_is_no_name() -> None:
    bot = bot_over("round", "Lumenta raises funds", (
        "Lumenta raised 18 million euros this week. Existing investors joined the funding "
        "round led by Nordhaven Capital."))
    answer, _ = bot.ask("Which investor led Lumenta's latest funding round?")
    assert answer.short == "Nordhaven Capital"


def test_a_phrasal_verb_finds_its_one_word_synonym_in_a_dictionary_form() -> None:
    bot = bot_over("brewery", "Brewery sold", (
        "Kalder agreed on 3 December to a sale to Nordvik. Kalder, founded in 1868 in the "
        "town of Brennice, employs 2,300 people. Kalder shares jumped 24 percent on Tuesday. "
        "Kalder sold 4.1 million hectolitres of beer in 2023."))
    answer, _ = bot.ask("In what year was Kalder set up?")
    assert answer.short == "1868"


def test_a_rate_or_worth_asks_for_a_number() -> None:
    assert analyse("What's the jobless rate in Brenik?").expected == NUMBER
    assert analyse("What were the ventilator contracts at the heart of the trial worth?").expected \
        == NUMBER


def test_who_ran_against_someone_is_no_head_of_anything() -> None:
    # "ran" asks for a head only when what follows is what is run: "Who ran the campaign?"
    assert analyse("Who ran the Dornavy campaign?").roles == ("head",)
    assert analyse("Who ran against the mayor of Dornavy?").roles == ()
    assert "run" in Analyzer()(subject_words("Who ran against the mayor of Dornavy?"))


def test_in_charge_of_is_no_charge_to_search_for() -> None:
    assert "charg" not in Analyzer()(subject_words("Which judge is in charge of the case?"))


@pytest.mark.parametrize("rebuttal", [
    "Commission chairman Yaroslav Peterin insists that the share of invalid ballots, 1.8 "
    "percent, was in line with previous elections.",
    "The electoral watchdog Fair Vote Ostrel says the share of invalid ballots was normal.",
])
def test_a_titled_or_described_party_answering_a_claim_contests_it(rebuttal: str) -> None:
    bot = bot_over("vote", "Recount demanded", (
        "The opposition filed a complaint on Wednesday. Serkova says that about 3,400 ballots "
        "were wrongly declared invalid at 11 polling stations. " + rebuttal + " A ruling is due "
        "next week."))
    answer, _ = bot.ask("How many ballots were wrongly declared invalid?")
    assert answer.contested
    assert answer.quotes[0].attribution == "Serkova"


def test_who_holds_an_office_is_no_contested_claim() -> None:
    bot = bot_over("pension", "Pension reform", (
        "Finance Minister Tomas Kralj said the changes were needed to keep the fund solvent. "
        "He said the law would save the state about 1.4 billion korin a year. The opposition "
        "Social Alliance disputed those figures."))
    answer, _ = bot.ask("How much does Kralj expect the reform to save each year?")
    assert answer.contested  # the figures are disputed ...
    answer, _ = bot.ask("Who is the finance minister?")
    assert answer.short == "Tomas Kralj" and not answer.contested  # ... his office is not


def test_an_organisation_named_as_workers_or_railways_is_no_person() -> None:
    sentence = ("The stoppage was called by the Federation of Rail and Transit Workers, which "
                "represents staff of the state operator Ostrel National Railways.")
    assert spans(sentence, PERSON) == []
    assert spans("Union general secretary Ilse Marrowin said trains stood still.", PERSON) == [
        "Ilse Marrowin"]


def test_a_light_verb_weighs_less_than_a_verb_of_its_own_meaning() -> None:
    # "did Lisicky get" says less than "did Lisicky earn": missing it costs half as much
    bot = bot_over("court", "Court", (
        "A court in Ostrel on Monday sentenced former mayor Pavel Lisicky to six years in prison "
        "for bribery. His lawyer said he would appeal."))
    light, _ = bot.ask("How long a prison term did Lisicky get?")
    heavy, _ = bot.ask("How long a prison term did Lisicky earn?")
    assert light.short == heavy.short == "six years"
    assert light.explanation.candidates[0].coverage > heavy.explanation.candidates[0].coverage


def test_the_year_or_month_asked_about_is_answered() -> None:
    bot = bot_over("prices", "Prices", "Annual inflation reached 9.4% in March, up from 8.8% in "
                   "February, the statistics office said.")
    answer, _ = bot.ask("What was the annual inflation rate in February?")
    assert answer.short == "8.8%"


def test_a_count_of_what_befell_others_does_not_answer_how_many_were_hurt() -> None:
    bot = bot_over("ferry", "Ferry overturns", (
        "At least nine people were killed and 14 are missing after a passenger ferry overturned "
        "on Lake Orvan on Saturday. Divers searched the wreck on Sunday."))
    answer, _ = bot.ask("How many passengers were injured when the ferry overturned on Lake Orvan?")
    assert answer.abstained
    answer, _ = bot.ask("How many people were killed when the ferry overturned on Lake Orvan?")
    assert answer.short == "At least nine people"


def test_last_year_is_not_answered_by_a_sentence_about_this_one() -> None:
    this_year = ("The Selvik Jazz Festival closed on Sunday after drawing a record 68,000 "
                 "visitors over four days, organisers said.")
    answer, _ = bot_over("jazz", "Jazz festival", this_year).ask(
        "How many visitors did the Selvik Jazz Festival attract last year?")
    assert answer.abstained
    answer, _ = bot_over("jazz", "Jazz festival", this_year + " The festival attracted 52,000 "
                         "visitors last year.").ask(
        "How many visitors did the Selvik Jazz Festival attract last year?")
    assert answer.short == "52,000 visitors"


def test_how_much_time_is_answered_by_a_duration_not_an_age() -> None:
    bot = bot_over("fire", "Villagers flee", (
        "Milena Juric, 67, who left Brdica with her husband, said they had only ten minutes to "
        "pack."))
    answer, _ = bot.ask("How much time did Milena Juric have to pack before leaving Brdica?")
    assert answer.short == "ten minutes"


def test_a_noun_that_only_frames_the_question_weighs_less() -> None:
    # missing "effort" costs half what missing "unit" does; "Chief Fire Officer" is her title
    bot = bot_over("fire", "Fire at Hollin Vale", (
        "A wildfire spread across the moors at Hollin Vale on Sunday. Chief Fire Officer Nadia "
        "Brennan said 320 firefighters and four aircraft were tackling the blaze."))
    light, _ = bot.ask("Who is leading the firefighting effort at Hollin Vale?")
    heavy, _ = bot.ask("Who is leading the firefighting unit at Hollin Vale?")
    assert light.short == "Nadia Brennan"
    assert light.explanation.candidates[0].coverage > heavy.explanation.candidates[0].coverage


def test_a_name_of_someone_of_an_organisation_is_the_person() -> None:
    assert spans("Opposition leader Radu Ferenc of the Social Alliance called the vote a "
                 "betrayal.", PERSON) == ["Radu Ferenc"]
    assert spans("The dig, led by Professor Lydia Marchetti of the University of Marvenne, "
                 "found a mosaic.", PERSON) == ["Lydia Marchetti"]
    assert spans("Russian Foreign Minister Sergei Lavrov said so.", PERSON) == ["Sergei Lavrov"]


def test_a_count_of_what_was_done_may_name_the_deed() -> None:
    # "How many entries were submitted?" counts the submissions
    bot = bot_over("prize", "Literary prize", (
        "The jury of the Golden Lantern literary prize chose the winning novel from a "
        "shortlist of six titles and 143 submissions."))
    answer, _ = bot.ask("How many entries were submitted for the literary prize?")
    assert answer.short == "143 submissions"


def test_a_temperature_is_asked_in_degrees() -> None:
    bot = bot_over("heat", "Heat record", (
        "Temperatures in the town of Sarnow reached 43.6 degrees Celsius on Wednesday, the "
        "highest ever recorded in the country. About 2,000 people attended the town fair."))
    for question in ("What temperature set the new national record?",
                     "How hot did it get in Sarnow on Wednesday?"):
        answer, _ = bot.ask(question)
        assert answer.short == "43.6 degrees Celsius", question


def test_an_age_may_follow_the_word_age() -> None:
    bot = bot_over("pension", "Pension reform", (
        "Parliament voted on Thursday to raise the state retirement age from 64 to 66. About "
        "40,000 people marched against the reform."))
    answer, _ = bot.ask("To what age is the state retirement age being raised?")
    assert answer.short is not None and "66" in answer.short


def test_by_how_much_is_answered_by_a_change_not_a_level() -> None:
    level = "Port Seldar handled 4.2 million tonnes of cargo last year, most of it grain."
    answer, _ = bot_over("port", "Port", level).ask(
        "By how much did cargo volumes at Port Seldar fall last year?")
    assert answer.abstained
    answer, _ = bot_over("port", "Port", level + " Cargo volumes at the port fell 8 percent "
                         "last year.").ask("By how much did cargo volumes at Port Seldar fall last year?")
    assert answer.short == "8 percent"


def test_how_many_is_not_answered_by_a_share() -> None:
    bot = bot_over("vote", "Mayoral election", (
        "Lena Markovic of the Green Civic Alliance won the mayoral election in Halvik with 52.4 "
        "percent of the vote. Turnout was 61 percent."))
    answer, _ = bot.ask("How many votes did Lena Markovic win in the Halvik election?")
    assert answer.abstained
    answer, _ = bot.ask("What share of the vote did Lena Markovic win in the Halvik election?")
    assert answer.short is not None and "52.4 percent" in answer.short


def test_a_measured_amount_counts_no_people() -> None:
    bot = bot_over("leak", "Chemical leak", (
        "About 14 tonnes of dead fish have been pulled from the Lenna river since the leak. "
        "About 1,800 of the plant's workers were sent home."))
    answer, _ = bot.ask("How many people fell ill after the leak into the Lenna river?")
    assert answer.abstained
    answer, _ = bot.ask("How many workers were sent home after the leak?")
    assert answer.short == "About 1,800"


def test_a_word_that_ranks_a_thing_names_no_other_kind() -> None:
    # "the main interest rate" is the "benchmark interest rate" (a cod quota is no haddock one)
    bot = bot_over("rates", "Rate rise", (
        "The Bank of Feldonia raised its benchmark interest rate by half a percentage point to "
        "5.25% on Thursday. Markets had expected the move."))
    answer, _ = bot.ask("To what level did the central bank lift its main interest rate?")
    assert answer.short == "5.25%"


def test_a_death_toll_is_the_number_killed() -> None:
    bot = bot_over("rail", "Train derails", (
        "Seven people were killed and 43 hurt when the morning express came off the tracks "
        "outside Ostrelle. The line will stay closed until Friday."))
    answer, _ = bot.ask("What was the death toll of the Ostrelle derailment?")
    assert answer.short == "Seven people"


def test_a_score_is_a_game_s_numbers() -> None:
    bot = bot_over("tennis", "Castell wins", (
        "Mira Castell won the Torvik Open on Saturday, beating Lucia Ferrer 6-4, 3-6, 7-5 in a "
        "final that lasted two hours and 48 minutes. About 9,000 fans watched."))
    answer, _ = bot.ask("What was the scoreline in the Torvik Open final?")
    assert answer.short == "6-4, 3-6, 7-5"
    assert spans("The festival runs on 2-3 May.", NUMBER) != ["2-3"]  # two days, no score


def test_for_a_week_is_a_duration() -> None:
    assert spans("All schools would stay shut for a week while they were inspected.",
                 DURATION) == ["for a week"]
    assert spans("The council meets twice a week.", DURATION) == []
    assert spans("A week later, he resigned.", DURATION) == []


def test_until_which_day_is_answered_by_the_day_it_lasts_until() -> None:
    bot = bot_over("quake", "Quake", (
        "The earthquake struck on Monday. Rail services between Harvel and Dravosk were "
        "suspended until Thursday while engineers inspected the tracks."))
    answer, _ = bot.ask("Until which day were trains between Dravosk and Harvel halted?")
    assert answer.short == "Thursday"


def test_how_strong_a_quake_is_its_magnitude() -> None:
    bot = bot_over("quake", "Quake", (
        "A magnitude 6.4 earthquake struck northern Ambrelia before dawn on Tuesday, killing at "
        "least 23 people. About 1,500 people spent the night in tents."))
    for question in ("How powerful was Tuesday's quake?", "How strong was the earthquake?"):
        answer, _ = bot.ask(question)
        assert answer.short is not None and "6.4" in answer.short, question


def test_a_news_abbreviation_the_corpus_spells_out_is_read_spelled_out() -> None:
    bot = bot_over("norvale", "Norvale Shipping results", (
        "Norvale Shipping said its profit rose 18 percent in 2024. It also announced that its "
        "chief financial officer, Erik Lund, would retire in June after 22 years."))
    answer, _ = bot.ask("When will Norvale's CFO retire?")
    assert answer.short == "June"
    assert answer.question == "When will Norvale's CFO retire?"  # as the user wrote it
    bot = bot_over("pm", "Vote", "The prime minister won the vote on Monday evening.")
    assert bot._spelled_out("What happened at 5 PM?") == "What happened at 5 PM?"  # a time
    # (an abbreviation the corpus writes itself is left as it is: it is matched as written)
    bot = bot_over("lumenta", "Lumenta raises funds", (
        "Lumenta raised 18 million euros. The CEO, Ilse Vandermolen, said the money would pay "
        "for 40 engineers. Its chief executive until 2022 was Tomas Rehak."))
    answer, _ = bot.ask("Who is Lumenta's CEO?")
    assert answer.short == "Ilse Vandermolen"


def test_which_village_is_answered_by_a_village() -> None:
    bot = bot_over("quake", "Quake", (
        "The quake struck 40 km northeast of the mountain town of Dravosk on Tuesday. A farmer "
        "in the village of Ostrel said his house had collapsed in the quake."))
    answer, _ = bot.ask("In which village did a farmer's house collapse in the quake?")
    assert answer.short == "Ostrel"
    assert analyse("Which city hosts the final?").named is None  # a city is named bare


def test_an_age_is_the_one_said_beside_the_name_asked_about() -> None:
    bot = bot_over("tennis", "Castell wins", (
        "Mira Castell beat Lucia Ferrer in the final on Saturday. The 23-year-old Castell saved "
        "two match points before breaking Ferrer's serve."))
    answer, _ = bot.ask("How old is Lucia Ferrer?")
    assert answer.abstained
    answer, _ = bot.ask("How old is Mira Castell?")
    assert answer.short is not None and "23-year-old" in answer.short
    assert analyse("To what age is the retirement age being raised?").names == ()  # no "To"


def test_since_when_prefers_the_date_after_since() -> None:
    bot = bot_over("plant", "Blast at Kestova", (
        "Kestova works director Yuri Dascalu told reporters at the works that the tank had "
        "passed its last inspection in November. Iurie Dascalou, who has run the plant since "
        "2019, said the tank was safe."))
    answer, _ = bot.ask("Since what year has Yuri Dascalu been in charge of the Kestova works?")
    assert answer.short == "since 2019"


def test_a_tournament_or_a_prize_is_no_person() -> None:
    assert spans("Mira Castell won the Torvik Open on Saturday, beating Lucia Ferrer.",
                 PERSON) == ["Mira Castell", "Lucia Ferrer"]
    assert spans("The Golden Lantern Prize went to Ilse Varanek.", PERSON) == ["Ilse Varanek"]


def test_an_amount_in_another_currency_does_not_answer() -> None:
    bot = bot_over("fx", "Devaluation", (
        "The central bank set the new rate at 8.40 estrels per euro, effective from Thursday. "
        "A ransom of 4.5 million estrels was demanded."))
    answer, _ = bot.ask("What is the new rate of the estrel against the US dollar?")
    assert answer.abstained
    answer, _ = bot.ask("What is the new rate of the estrel against the euro?")
    assert answer.short is not None and "8.40 estrels per euro" in answer.short


def test_how_much_something_weighs_is_a_weight() -> None:
    bot = bot_over("zoo", "Leopard caught", (
        "The snow leopard Irsa was caught after 19 hours on the loose. Keepers said she was "
        "calm and would be back on show within two days."))
    answer, _ = bot.ask("How much does the escaped snow leopard Irsa weigh?")
    assert answer.abstained  # 19 hours is no weight
    assert analyse("How much does the satellite weigh?").measure == MEASURES["heavy"]


def test_years_old_is_an_age_of_a_thing_too() -> None:
    bot = bot_over("boat", "Bog boat", (
        "Workers near the town of Halmeby have uncovered a wooden boat believed to be about "
        "2,300 years old, the heritage board said. It is 14 metres long."))
    answer, _ = bot.ask("How old is the vessel dug up near Halmeby thought to be?")
    assert answer.short == "about 2,300 years old"


def test_a_count_may_follow_the_noun_it_counts() -> None:
    bot = bot_over("ferry", "Electric ferry", (
        "The new ferry entered service on Monday. The maritime authority said a crew of 11 will "
        "operate each sailing across the 14-kilometre strait."))
    answer, _ = bot.ask("How many crew will the maritime authority put on each sailing?")
    assert answer.short is not None and "11" in answer.short


def test_when_something_is_announced_is_when_it_happens() -> None:
    # "announce a verdict": the verdict is the event, its announcing a verb of saying
    bot = bot_over("trial", "Fraud trial", (
        "The fraud trial opened on Monday. Presiding judge Karin Thoresby said she expected to "
        "deliver a verdict in late January."))
    answer, _ = bot.ask("When does the judge expect to announce a verdict?")
    assert answer.short is not None and "January" in answer.short


def test_words_a_leading_each_or_both_borrows_count_as_matched() -> None:
    bot = bot_over("mine", "Miners rescued", (
        "A wider shaft allowed the men to be hoisted out one at a time in a steel rescue capsule. "
        "Each ascent took about 15 minutes. The mine has been closed since 2019."))
    answer, _ = bot.ask("How long did each trip up in the rescue capsule take?")
    assert answer.short == "about 15 minutes"


def test_each_side_of_a_disputed_claim_is_cut_to_the_quote_length() -> None:
    from qabot.config import AnswerConfig
    from qabot.corpus import split_passages
    from qabot.models import Corpus

    claim = ("The Sarrano Dockworkers' Union says 4,200 of its members joined the walkout on "
             "Monday, " + "from the container terminals, the grain quays and the ferry piers, " * 6
             + "bringing the port to a halt.")
    documents = (Document("strike", "Dockers strike", claim + " The Sarrano Port Authority "
                          "disputes that figure, saying fewer than 1,600 workers failed to report."),
                 *ARTICLES)
    bot = QABot.from_corpus(Corpus(documents, tuple(split_passages(documents, window=3, stride=2))),
                            answer=AnswerConfig(max_chars=200))
    answer, _ = bot.ask("How many dockworkers joined the walkout?")
    assert answer.contested
    assert all(len(q.text) <= 200 for q in answer.quotes)
    assert answer.short is not None and "4,200" in answer.short


def test_a_duration_of_another_noun_does_not_say_how_long() -> None:
    bot = bot_over("bridge", "Bridge approved", (
        "Ostby council on Monday approved plans for the town's first bridge since 1931, ending "
        "more than a decade of argument over the river crossing. Building work is due to begin in May "
        "and is expected to take three years."))
    answer, _ = bot.ask("How long will it take to build the Ostby bridge?")
    assert answer.short == "three years"


def test_a_set_phrase_is_matched_by_the_word_news_uses() -> None:
    bot = bot_over("quake", "Quake", (
        "An earthquake struck the hill town of Ostra on Monday. Eleven people were killed and "
        "dozens of houses collapsed, the regional governor said."))
    answer, _ = bot.ask("How many people lost their lives in the Ostra earthquake?")
    assert answer.short is not None and "Eleven" in answer.short


def test_the_past_year_is_last_year() -> None:
    bot = bot_over("air", "Airline", (
        "AeroCorva was founded in 1994. The airline carried 4.2 million passengers last year "
        "and operates a fleet of 31 aircraft."))
    answer, _ = bot.ask("How many travellers did AeroCorva fly over the past year?")
    assert answer.short is not None and "4.2 million" in answer.short


def test_a_named_lake_or_mountain_after_on_is_a_place() -> None:
    bot = bot_over("flu", "Bird flu", (
        "The virus was first detected at a farm near the village of Brezec. Marchetti said "
        "dead swans had been found on Lake Ovra, about 12 kilometres from Brezec, and samples "
        "were being tested in Dorval on Monday."))
    answer, _ = bot.ask("Where were the dead swans found?")
    assert answer.short == "Lake Ovra"


def test_a_count_s_unit_may_be_a_compound_noun_and_a_clock_is_no_count() -> None:
    from qabot.question import NUMBER, typed_spans

    def counts(text: str) -> list[str]:
        return [text[a:b] for a, b in typed_spans(text, NUMBER)]

    assert counts("At least 42 cargo vessels were stuck.") == ["At least 42 cargo vessels"]
    assert counts("Some 90,000 cubic metres of earth fell.") == ["Some 90,000 cubic metres"]
    assert counts("It cut 1,200 jobs means little.") == ["1,200 jobs"]  # (a plural ends it)
    assert counts("The blaze started shortly after 2 p.m. on Tuesday.") == []
    assert counts("It represents about 870 of the airline's 940 pilots.") == [
        "about 870 of the airline's 940 pilots"]  # (not the 940 alone)
    assert counts("A new nurse earns 1,450 marka a month, she said.") == ["1,450 marka a month"]
    assert counts("A team of 11 a year ago.") == ["11"]  # (a time, no rate)


def test_which_date_asks_for_a_day_of_a_month_not_a_year() -> None:
    bot = bot_over("bridge", "Bridge collapse", (
        "The Mirna bridge, built in 1978, collapsed on November 18, 2023, killing seven people."))
    answer, _ = bot.ask("On which date did the Mirna bridge collapse?")
    assert answer.short is not None and "November 18" in answer.short


def test_what_year_asks_for_a_year_not_a_weekday() -> None:
    bot = bot_over("ferry", "Ferry aground", (
        "The ferry Nordvinge ran aground off Skarno on Monday, October 6. The Nordvinge, "
        "built in 1998, is 78 metres long."))
    answer, _ = bot.ask("In what year was the ferry that ran aground off Skarno built?")
    assert answer.short == "1998"
    bot = bot_over("air", "Airline cuts", (
        "Sorvair will cut 300 jobs, chief executive Tomas Kasprin, who has led the airline "
        "since 2019, said on Wednesday."))
    answer, _ = bot.ask("Since what year has Kasprin been in charge of Sorvair?")
    assert answer.short is not None and "2019" in answer.short


def test_a_bare_chief_executive_heads_what_the_article_is_about() -> None:
    bot = bot_over("chips", "Kelvora Systems to build chip plant", (
        "Technology company Kelvora Systems said on Thursday it would build a chip plant in "
        "Brenik. Kelvora shares rose 6.4 percent on the Merovel Stock Exchange after the "
        "announcement. The plant will create 1,200 jobs, chief executive Lidia Varnas told a news "
        "conference. Economy Minister Pavel Drosk welcomed the project."))
    answer, _ = bot.ask("Who is the boss of Kelvora Systems?")
    assert answer.short == "Lidia Varnas"


def test_to_speak_for_is_to_represent() -> None:
    bot = bot_over("outage", "Outage", (
        "Velmar's network failed for 14 hours on Saturday. The Union of Telecom Engineers, which "
        "represents about 3,100 Velmar staff, blamed a botched update."))
    answer, _ = bot.ask("How many employees does the union speak for?")
    assert answer.short is not None and "3,100" in answer.short


def test_price_growth_is_inflation_and_a_spot_kick_a_penalty() -> None:
    bot = bot_over("prices", "Prices", (
        "The central bank held rates on Thursday. Inflation reached 7.8% in February, up from "
        "7.1% in January."))
    answer, _ = bot.ask("What did consumer price growth hit in February?")
    assert "7.8%" in answer.text
    bot = bot_over("cup", "Cup final", (
        "Dynamo won the cup on penalties. After a goalless extra time, Dynamo goalkeeper Petr "
        "Valen saved the fifth penalty."))
    answer, _ = bot.ask("Which keeper saved the decisive spot kick?")
    assert answer.short == "Petr Valen"


def test_the_company_of_a_sentence_is_the_one_named_just_before() -> None:
    # "The company has suspended all work": Severan, at Kolvany, named in the sentence before
    bot = bot_over("mine", "Mine collapse", (
        "Nine miners died when a tunnel collapsed at a coal mine in the east on Thursday. Severan "
        "Coal Holdings said on Friday it would pay for the funerals of all nine victims at "
        "Kolvany. The company has suspended all work at the mine until at least March 25. "
        "Rescue teams worked through the night. The regional governor declared a day of "
        "mourning. Families gathered at the gates on Saturday. Inspectors arrived on Sunday. "
        "The union called for an inquiry. Two of the injured remain in hospital."))
    answer, _ = bot.ask("Until what date has Severan halted all mining at Kolvany?")
    assert answer.short is not None and "March 25" in answer.short


def test_the_agency_of_a_sentence_is_the_one_named_just_before() -> None:
    text = ("The National Roads Authority closed the Kessel Pass on Monday after a landslide. "
            "The agency's director, Marek Stoll, said reopening the pass would take weeks. ")
    filler = ("Rain fell all week. Drivers were sent on a detour. Schools stayed open. Lorries "
              "queued at the border. Shops ran short of bread. A bus was stuck for hours. ")
    bot = bot_over("pass", "Kessel Pass landslide", filler + text + filler)
    answer, _ = bot.ask("Who is the director of the National Roads Authority?")
    assert answer.short == "Marek Stoll"


def test_a_quote_goes_on_from_the_sentence_before() -> None:
    filler = ("Rain fell all week. Families waited at the gates. Schools stayed open. Lorries "
              "queued at the border. Shops ran short of bread. A bus was stuck for hours. ")
    bot = bot_over("mine", "Mine rescue", filler + (
        "Chief inspector Dariusz Kral said crews were drilling an escape shaft to the eleven "
        "miners trapped at Selvorod. \"We will need at least six days to reach "
        "them,\" he said. ") + filler)
    answer, _ = bot.ask("How long will the crews need to reach the Selvorod miners?")
    assert answer.short is not None and "six days" in answer.short


def test_any_sentence_may_go_on_the_one_before_a_little() -> None:
    filler = ("Rain fell all week. Families waited at the gates. Schools stayed open. Lorries "
              "queued at the border. Shops ran short of bread. A bus was stuck for hours. ")
    bot = bot_over("slide", "Avalanche", filler + (
        "Rescue teams searched the debris below the Vesna ridge on Saturday. Dogs worked the "
        "avalanche for nine hours before the search ended. ") + filler)
    answer, _ = bot.ask("For how long did the rescue teams search the avalanche debris?")
    assert answer.short is not None and "nine hours" in answer.short


def test_a_cabinet_member_is_a_minister() -> None:
    bot = bot_over("slide", "Landslide", (
        "A landslide buried the road to Velm on Sunday. Transport Minister Oren Dal visited the "
        "site on Monday and promised help."))
    answer, _ = bot.ask("Which member of the government came to look at the landslide?")
    assert answer.short == "Oren Dal"


def test_aboard_is_on_board_or_carrying() -> None:
    bot = bot_over("jet", "Jet returns", (
        "Regulators grounded four Aerolux planes after an engine fire forced one of its jets to "
        "turn back to Velm. The plane touched down safely with 162 people on board."))
    answer, _ = bot.ask("How many people were aboard the Aerolux jet that turned back?")
    assert answer.short is not None and "162" in answer.short


def test_a_price_tag_is_a_cost() -> None:
    bot = bot_over("dam", "Dam repair", (
        "Engineers began shoring up the cracked Orva dam on Monday, the water board said. The "
        "repair is expected to take a year and will cost 45 million euros."))
    answer, _ = bot.ask("What is the price tag for repairing the Orva dam?")
    assert answer.short == "45 million euros"


def test_where_people_were_taken_is_the_place_they_went_to() -> None:
    bot = bot_over("spill", "Chlorine leak", (
        "About 900 residents were taken from Orvik on Tuesday night, police said. Buses waited at "
        "the square. Shops closed early. By morning the residents had been taken to the Lindal "
        "Sports Hall in Kessa."))
    answer, _ = bot.ask("Where were the residents taken?")
    assert answer.short is not None and "Lindal Sports Hall" in answer.short


def test_how_much_land_is_an_area_not_a_count() -> None:
    bot = bot_over("fire", "Wildfire", (
        "A wildfire that burned through the Vessa hills by Monday forced the evacuation of four "
        "villages. Buses waited at the square. Shops closed early."))
    answer, _ = bot.ask("How much land had the Vessa hills fire burned by Monday?")
    # four villages are no extent of land: with no area given, the article does not say
    assert answer.abstained


def test_how_large_a_fine_asks_an_amount_of_money() -> None:
    bot = bot_over("trial", "Bribery verdict", (
        "A court in Vessa on Friday found harbour official Luka Feren guilty of taking bribes. "
        "Feren had to pay back at least four times what he took. Buses ran as usual. Shops "
        "stayed open."))
    answer, _ = bot.ask("How large a fine did Luka Feren have to pay?")
    assert answer.abstained  # "four times" is no fine
    answer, _ = bot_over("trial", "Bribery verdict", (
        "A court in Vessa on Friday found harbour official Luka Feren guilty of taking bribes and "
        "ordered him to pay a fine of 40,000 euros. Buses ran as usual.")).ask(
        "How large a fine did Luka Feren have to pay?")
    assert answer.short is not None and "40,000 euros" in answer.short


def test_a_word_of_a_name_names_no_event() -> None:
    # "pass" is a verb, but in "the Orsk Pass road" it names the place: when the landslide
    # hit is the time the sentence about it gives
    bot = bot_over("slide", "Landslide", (
        "A landslide swept across the Orsk Pass road on Saturday, burying eleven cars. Buses "
        "waited at the square. Shops closed early. The slide hit the road at about 4:30 a.m. "
        "after two days of rain. Roads stayed shut."))
    answer, _ = bot.ask("At what time did the landslide hit the Orsk Pass road?")
    assert answer.short is not None and "4:30 a.m." in answer.short


def test_how_high_did_a_rate_climb_is_a_share_not_metres() -> None:
    bot = bot_over("prices", "Prices", (
        "The statistics office published its monthly figures on Friday. Buses waited at the "
        "square. Shops closed early. Annual inflation reached 9.6 percent in May, up from 8.1 "
        "percent in April. Roads stayed open."))
    answer, _ = bot.ask("How high did yearly inflation climb in May?")
    assert answer.short is not None and "9.6 percent" in answer.short


def test_a_party_in_a_which_clause_and_one_that_disputes_contest_each_other() -> None:
    bot = bot_over("dam", "Dam halted", (
        "A court halted work on the Tessa dam on Monday. Buses waited at the square. The case was "
        "brought by the conservation group Green Tessa, which says the reservoir would flood "
        "about 2,400 hectares of marshland. Nordvolt disputes those figures, saying the reservoir "
        "would cover only 900 hectares. Shops closed early."))
    answer, _ = bot.ask("How much land would the reservoir flood?")
    assert answer.contested
    assert {q.attribution for q in answer.quotes} == {"Green Tessa", "Nordvolt"}


def test_a_quote_is_said_by_whom_its_closing_names() -> None:
    bot = bot_over("insulin", "Insulin row", (
        "The drugmaker Meridal halted insulin deliveries on Monday. Buses waited at the square. "
        "Pellin said the company lost 34 million crowns on its insulin line last year. "
        "\"Meridal is not losing money on insulin. This is an attempt to raise its margins,\" "
        "Dovak said. Shops closed early."))
    answer, _ = bot.ask("Is Meridal losing money on insulin?")
    assert answer.contested
    assert "Dovak" in answer.text and "Pellin" in answer.text


@pytest.mark.parametrize(("question", "role"), [
    ("Who coaches Corvania?", "coach"), ("Who refereed the final?", "referee"),
    ("Who owns the company?", "owner"), ("Who captained the side?", "captain"),
])
def test_a_verb_of_a_role_asks_for_that_role(question: str, role: str) -> None:
    assert analyse(question).roles == (role,)


def test_a_title_qualified_by_another_name_is_anothers() -> None:
    bot = bot_over("cup", "Nations Cup", (
        "Ambrelia beat Corvania 2-1 in the Nations Cup final on Sunday. Buses waited at the "
        "square. \"We were the better side,\" Ambrelia coach Stefan Halder said. Shops closed "
        "early."))
    answer, _ = bot.ask("Who coaches Corvania?")
    assert answer.abstained  # the article names only Ambrelia's coach
    answer, _ = bot.ask("Who coaches Ambrelia?")
    assert answer.short == "Stefan Halder"


def test_its_title_is_no_other_name() -> None:
    bot = bot_over("cup", "Nations Cup", (
        "Corvania reached the Nations Cup final on Sunday. Buses waited at the square. Its "
        "coach, Anders Moe, said the team had earned it. Shops closed early."))
    answer, _ = bot.ask("Who coaches Corvania?")
    assert answer.short == "Anders Moe"


def test_a_follow_up_may_cover_less_of_itself_in_the_article_of_the_last_answer() -> None:
    # the conversation has named the article; the same words asked out of the blue abstain (by
    # the word rules: the sentence model reads them alike, see the test of reads_like)
    bot = bot_with(Document("vote", "Mayor elected", (
        "Petra Haldane won the runoff for mayor of Dornow on Sunday. Results had been expected "
        "by midnight. Shops closed early. Haldane campaigned on a promise to build a tram line "
        "to the port, which she said would need about 90 million euros. Roads stayed open.")),
        min_similarity=1)
    first, conversation = bot.ask("Who won the Dornow mayoral runoff?")
    assert first.short == "Petra Haldane"
    question = "How much does she expect her tram to cost the city?"
    answer, _ = bot.ask(question, conversation)
    assert answer.short == "about 90 million euros"
    alone, _ = bot.ask(question)
    assert alone.abstained


def test_according_to_frames_the_question_and_is_no_word_to_find() -> None:
    bot = bot_over("manuscript", "Old songbook", (
        "Monks found a songbook in the library of St. Ilia in March. Buses waited at the square. "
        "Shops closed early. Radiocarbon tests at the University of Velgrad date the parchment to "
        "around 1340. Roads stayed open."))
    answer, _ = bot.ask("Roughly when was the parchment made, according to the lab tests?")
    assert answer.short is not None and "1340" in answer.short


def test_an_older_year_said_around_it_is_a_date() -> None:
    sentence = "Tests date the parchment to around 1340."
    assert [sentence[a:b] for a, b in typed_spans(sentence, DATE)] == ["around 1340"]


@pytest.mark.parametrize("hedge", ["so far", "to date", "in the end"])
def test_a_hedge_of_time_is_no_word_to_find(hedge: str) -> None:
    words = Analyzer()(subject_words(f"How many homes has the fire destroyed {hedge}?"))
    assert not {"far", "date", "end"} & set(words)


def test_what_someone_thinks_is_no_word_to_find() -> None:
    words = Analyzer()(subject_words("How long does the judge think the trial will go on?"))
    assert "think" not in words and "judg" in words
    # ... but thinking may be what is asked about
    assert "think" in Analyzer()(subject_words("What does the judge think of the defence?"))


def test_rescue_workers_are_rescuers() -> None:
    bot = bot_over("quake", "Earthquake", (
        "An earthquake shook the province of Drosk on Monday. Buses waited at the square. Shops "
        "closed early. The government had sent 600 rescuers to the province by Tuesday. Roads "
        "stayed open."))
    answer, _ = bot.ask("How many rescue workers did the government send to the province?")
    assert answer.short == "600 rescuers"


@pytest.mark.parametrize("frame", ["of night", "in the morning", "during the night"])
def test_the_part_of_the_day_asked_is_no_word_to_find(frame: str) -> None:
    words = Analyzer()(subject_words(f"At what time {frame} did the gate collapse?"))
    assert not {"night", "morn"} & set(words) and "collaps" in words


def test_how_they_split_is_the_tally_not_a_word_to_find() -> None:
    words = Analyzer()(subject_words("How did the judges split in the quota case?"))
    assert "split" not in words and "judg" in words
    assert "split" in Analyzer()(subject_words("Why did the party split?"))


def test_the_most_that_could_befall_is_what_one_faces() -> None:
    bot = bot_over("trial", "Bribery trial", (
        "Former mayor Viktor Anselm went on trial in Halvik on Monday. Buses waited at the "
        "square. Shops closed early. Anselm, 61, faces up to 10 years in prison if convicted. "
        "Roads stayed open."))
    answer, _ = bot.ask("What is the longest prison term Anselm could get if found guilty?")
    assert answer.short is not None and "10 years" in answer.short


def test_estimated_to_be_frames_what_is_asked() -> None:
    words = Analyzer()(subject_words("What is the stolen icon estimated to be worth?"))
    assert "estim" not in words and "worth" in words


FERRY = Document("ferry", "Ferry sinks in storm",
    "DRELLIN, June 14 - At least 17 people died when a ferry capsized in a storm on Lake Morva "
    "on Saturday. The ferry Sveta Ana was carrying 112 passengers on the crossing to Porvik. "
    "Milan Orsek, director of the Maritime Safety Authority, said the vessel was licensed to "
    "carry no more than 80 passengers. The captain, Josip Relic, 54, survived.")


@pytest.mark.parametrize("min_similarity", [0.45, 1.0])
def test_a_paraphrase_that_covers_little_answers_when_it_reads_alike(min_similarity: float) -> None:
    # "maximum number ... licence allowed" shares two words with "licensed to carry no more than
    # 80 passengers": the sentence model reads them alike (with it off, the bot abstains)
    bot = bot_with(FERRY, min_similarity=min_similarity)
    answer, _ = bot.ask("What was the maximum number of passengers the ferry's licence allowed?")
    if min_similarity < 1:
        assert answer.short is not None and "80 passengers" in answer.short
        assert answer.explanation is not None and "reads like it" in answer.explanation.verdict
    else:
        assert answer.abstained
