"""What a question asks for: its kind, the type of answer expected, and whether it leans on the
previous turn of the conversation ("What did he say about sanctions?").

Also finds typed spans (dates, numbers, durations, names, places) in sentences, because the
expected answer type decides both which sentence wins and which part of it is highlighted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from functools import lru_cache

from qabot.wordnet import is_person_noun, is_thing, person_nouns, verbs

PERSON = "person"
DATE = "date"
PLACE = "place"
NUMBER = "number"
DURATION = "duration"
CAUSE = "cause"  # a why: a sentence giving a reason ("because", "caused by") is preferred
ROLE = "role"  # "Who is Ned Price?": what the person is ("a State Department spokesman")
ACTOR = "actor"  # an organisation: "Which party wants a vote?" -> "Civic Alliance"
TITLE = "title"  # a work's title: "What is the name of the book?" -> "Salt in the Orchard"


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    kind: str  # who, when, where, how many, how long, why, how, yes/no, what
    expected: str | None  # PERSON, DATE, PLACE, NUMBER, DURATION or None
    anaphoric: bool  # uses a pronoun or "that" that only the conversation can resolve
    unit: str | None = None  # what is counted: "settlements" in "how many settlements ..."
    topic: str | None = None  # what a "what did X say about Y" question is about: Y
    names: tuple[str, ...] = ()  # capitalised words (Baku, Turkish, OSCE) a sentence must share
    measure: str | None = None  # "how heavy": a pattern the number's unit must match (kilograms)
    roles: tuple[str, ...] = ()  # "who is the foreign minister": the role the answer must hold
    attribute: str | None = None  # "What is the annual budget of X?": what is asked of X
    organisation: bool = False  # "Which company ...?": an organisation's name answers
    named: str | None = None  # "Which reservoir ...?": the name beside the noun answers
    clause: str | None = None  # "... the ferry that sank in the strait": what picks the thing out


# "How heavy/tall/far/old ...": a number is asked for, and its unit is known in advance. General
# English units; a measure without a pattern ("how big") accepts any number.
# (whole words: "ft" is not in "fifteen minutes")
_LENGTH = r"\b(?:(?:kilo|centi|milli)?met(?:re|er)s?|km|feet|foot|ft|miles?|yards?|inch(?:es)?)\b"
_CURRENCY = (r"[$£€¥₽₹]|\b(?:dollars?|pounds?|euros?|yen|francs?|rubles?|roubles?|manats?|drams?"
             r"|rupees?|yuan|lira|pesos?|kronor|kroner|krona|rand|dinars?|riyals?|shekels?|zloty)")
PERCENT = r"%|\bper\s?cent\b"
_DEGREES = r"°|\bdegrees?\b|\b(?:Celsius|Fahrenheit)\b"
# A population: a count of inhabitants; "N people" only where the words before say so (see
# spans.population_apposition), or "tents able to house 1,500 people" would be one.
POPULATION = r"\b(?:residents|inhabitants|citizens)\b"
AGE = r"years?[\s-]old|(?:year|month)-old|aged"  # not "a 131-year history"
MEASURES: dict[str, str | None] = {
    "heavy": r"\b(?:(?:kilo)?grams?|kg|tonnes?|tons?|pounds?|lbs?|ounces?)\b",
    "tall": _LENGTH, "high": _LENGTH, "far": _LENGTH, "wide": _LENGTH, "deep": _LENGTH,
    "old": AGE,
    "fast": r"km/h|mph|knots|(?:kilomet(?:re|er)s|miles) (?:an|per) hour",
    "expensive": _CURRENCY,
    "big": None, "large": None, "costly": _CURRENCY,
    "full": PERCENT, "empty": PERCENT,
    "hot": _DEGREES, "cold": _DEGREES, "warm": _DEGREES,
    # "How strong was the quake?" (a magnitude), "... were the winds?" (a speed)
    "strong": r"\bmagnitude\b|\bRichter\b|km/h|mph|knots", "powerful": r"\bmagnitude\b|\bRichter\b",
}
# "What is the length of ...": the noun of a measure asks as "how long" does.
MEASURE_NOUNS: dict[str, str | None] = {
    "length": _LENGTH, "height": _LENGTH, "width": _LENGTH, "depth": _LENGTH,
    "distance": _LENGTH, "diameter": _LENGTH, "weight": MEASURES["heavy"], "age": MEASURES["old"],
    "speed": MEASURES["fast"], "size": None, "temperature": _DEGREES,
    # "a city of 48,000 people", "home to 4.2 million"
    "population": POPULATION,
}
_MEASURE_NOUN = re.compile(r"\b(?:what|which)(?:'s|’s| is| was| are| were| will be)? (?:the |its |their "
                           r"|his |her )?(" + "|".join(MEASURE_NOUNS) + r")\b", re.I)
MEASURE_WORDS = "(?:" + "|".join(MEASURES) + ")"
MONEY = _CURRENCY  # an amount of money: a currency sign or word
# Nouns that name an amount of money ("What is the fine ...?").
_MONEY_NOUNS = "fee|fine|penalty|price|cost|budget|salary|wage|payment|compensation"
_AUX_VERB = r"(?:does|did|do|will|would|has|had|can|could|is|was|are|were)"
# ("How large a fine did she pay?" asks an amount of money, not any size)
_MEASURE_RE = re.compile(rf"\bhow ({MEASURE_WORDS})\b(?!\s+an?\s+(?:{_MONEY_NOUNS})\s+{_AUX_VERB}\b)", re.I)

# "What is the chief executive paid?", "What did the recall cost?": an amount of money.
_WHAT_PAID = (r"^\W*what\s+(?:is|was|are|were|will|would|does|did|do)\b[^?]*"
              r"\b(?:paid|earns?|earned|costs?|worth)\b")

_AUX = frozenset("is are was were do does did has have had will would can could should".split())
# A word that cannot stand between "what" and the noun it asks about: "What committee approved
# the budget?" asks for a committee, not an amount.
_VERB_LIKE = rf"(?:[\w'’-]*ed|{'|'.join(sorted(_AUX))}|say|said)\b"

# The auxiliary a yes/no question starts with.
_YES_NO = r"(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)"
_NOT_YES_NO = rf"(?!\s*{_YES_NO}\b)"

# "Opening hours" ask for times of day; "How did the judges split?", "What was the final tally?"
# for a vote.
_HOURS = re.compile(r"\b(?:opening|operating|business|visiting|office|trading) hours\b", re.I)
_TALLY_QUESTION = re.compile(r"\bhow\s+(?:did|do|does|will)\b[^?]*\b(?:split|divide)\b"
                             r"|\b(?:tally|vote count)\b|\bby how many votes\b", re.I)

_KINDS: tuple[tuple[re.Pattern[str], str, str | None], ...] = tuple(
    (re.compile(p, re.I), kind, expected)
    for p, kind, expected in (
        (r"\bhow much (?:time|longer)\b", "how long", DURATION),  # "how much time did she have"
        # "What sentence did he receive?", "the longest prison term": a sentence is a duration
        (rf"\b(?:what|which)(?:'s|’s| is| was| are| were)?(?: (?!{_VERB_LIKE})[\w'’-]+){{0,3}}? "
         r"(?:sentences?|(?:prison|jail) terms?)\b", "how long", DURATION),
        (r"\bhow (many|much)\b", "how many", NUMBER),
        (_MEASURE_NOUN.pattern, "how many", NUMBER),
        (rf"\bhow {MEASURE_WORDS}\b", "how many", NUMBER),
        (r"\bhow long\b.*\b(last|lasted|take|took|been|since|ago|for)\b", "how long", DURATION),
        (r"^(?!\W*for\b).*\bhow long\b.*\b(is|was|are|were)\b.*\b(road|route|corridor|border|bridge|river"
         r"|line|tunnel|track|railway|pipeline|runway|wall|coastline|canal|cable|fence|trail"
         r"|motorway|highway|street|lane|circuit|stage|course|section|stretch)s?\b",
         "how many", NUMBER),
        (r"\bhow long\b|\bhow soon\b|\bhow quickly\b", "how long", DURATION),
        (r"\bfor how (many|much)\b", "how long", DURATION),
        # a bare "when"/"where" asks only when no other question word comes first: "How did he
        # describe it when he spoke to her?" is a how-question, "Did he raise it when he called
        # her?" a yes/no question
        (rf"\b(what|which) (date|day|year|month|times?)\b|^{_NOT_YES_NO}(?:(?!\b(?:how|what|why"
         r"|who|whom|whose|which|where)\b).)*\bwhen\b", "when", DATE),
        (rf"^{_NOT_YES_NO}(?:(?!\b(?:how|what|why|who|whom|whose|which|when)\b).)*\bwhere\b"
         r"|\b(what|which|in what|in which) (city|cities|country|countries|places?|towns?|capital"
         r"|nationality|villages?|regions?|provinces?|districts?|count(?:y|ies)|suburbs?"
         r"|neighbou?rhoods?|municipalit(?:y|ies))\b", "where", PLACE),
        (rf"\b(what|which)(?:'s|’s| is| was| are| were| will be)?"
         rf"(?: (?!{_VERB_LIKE})[\w'’-]+){{0,4}}? ({_MONEY_NOUNS}"
         r"|amount|sum|figure|total|percentage|share|proportion|rate|turnout|increase|rise|level|limit"
         r"|ceiling|target|deficit|surplus|profit|loss|revenue|estimate|capacity|toll|tally|margin"
         r"|output|magnitude|score|scoreline)s?\b"
         r"|\bwhat(?:'s|’s| is| was| are| were| will be)? the (?:most|least|maximum|minimum)\b",
         "how many", NUMBER),
        (_WHAT_PAID, "how many", NUMBER),
        (_TALLY_QUESTION.pattern, "how many", NUMBER),
        (_HOURS.pattern, "when", DATE),
        # (a "who" after another question word opens a clause: "What did families whose homes")
        (r"^(?:(?!\b(?:what|which|how|when|where|why)\b).)*\bwho(m|se)?\b"
         r"|\b(what|which)(?: (?!(?:did|does|do|is|was|were|are|has|have|had|will)\b)"
         r"[\w.-]+){0,3}? (person|people|official|minister"
         r"|diplomat|organi[sz]ation|group|spokes(man|woman|person)|ambassador|envoy|leader"
         r"|president|director|lawmaker|senator|representative|secretary|agency|administration"
         r"|government|company|firm|club|team|party|union|striker|player|manager)s?\b"
         r"|\bnames? of\b|^\W*name (?:the|a|an)\b", "who", PERSON),
        (r"\bwhy\b|\bwhat (?:caused|causes|led to|is the reason|was the reason)\b", "why", CAUSE),
        (r"\bhow\b", "how", None),
        (rf"^\s*{_YES_NO}\b", "yes/no", None),
    )
)

# Words that name what is asked ("how many", "what year") rather than what it is about.
_ASKING = re.compile(
    rf"\bhow (?:many|much|long|often|soon|quickly|{MEASURE_WORDS})\b"
    r"|\b(?:what|which) times? (?:of (?:the )?(?:day|night)|(?:in|during) the (?:morning|afternoon|evening"
    r"|night))\b"
    r"|\b(?:what|which) (?:date|day|year|month"
    r"|time|city|cities|country|countries|place|town|position|post|title|job|role|nationality)s?\b"
    r"|\b(?:length|height|width|depth|distance|weight|speed|scoreline)\b|(?<=death )toll\b"
    r"|\bnames? of\b|\btitles? of\b|\bwhat happened\b|\blast(?:ed)?\s*\??\s*$"
    r"|\b(?:take|takes|took|taken|taking) place\b"
    # hedges and frames a reader adds that an article does not write
    r"|\b(?:roughly|approximately|actually|exactly|really|precisely|currently)\b"
    r"|\baccording to\b"  # (who says it stays: "according to the mayor")
    r"|\b(?:at the moment|right now|these days|at present|so far|thus far|to date|by now"
    r"|in the end|at all)\b"
    # the most that could befall: "the longest prison term she could get if found guilty" is
    # "faces up to 12 years in prison if convicted"
    r"|\b(?:longest|biggest|largest|highest|heaviest|maximum)\b(?=[^?]*\b(?:could|can|might|may|would)\b)"
    r"|\bif (?:she |he |they |it )?(?:is |are |was |were )?(?:found )?(?:guilty|convicted)\b"
    r"|\b(?:estimated|thought|believed|said|reckoned|reported) to (?=be\b)"  # ("estimated to be worth")
    # what someone thinks is what they said: "How long does the judge think it will last?"
    r"|\b(?:think|thinks|believe|believes|reckon|reckons)\b(?=\s+(?:that\s+)?(?:the|a|an|it|he|she|they|this"
    r"|[a-z]+\s+(?:will|would|could|can|may|might|is|are|was|were)))"
    r"|^\W*(?:and\s+)?(?:what|which)\s+(?:political\s+)?party\b"
    r"|^\W*(?:and\s+)?what(?:'s|’s|\s+is|\s+was)\s+(?:his|her|their)\s+(?:job|position|post|role|title)\b"
    r"|\b(?:what|which) (?:kinds?|types?|sorts?) of\b|\b(?:be|being) able to\b"
    r"|\b(?:is|are|was|were) going to\b|\bgoing to\b(?=\s+[a-z])|\bsupposed to\b"
    r"|(?<=\bhow much )money\b"
    # a population: "home to about 11,000 people", "a town of 48,000 people"
    r"|(?<=\bhow many people )live\b",
    re.I,
)
# Offices named by what they do: a head of state is a president or a monarch, a head of
# government a prime minister (WordNet's kinds of head of state, and the two offices every
# country has). A role of two words must stand whole beside the name.
_ROLE_PHRASES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\b(?:head|chief)s? of (?:the )?state\b", re.I),
     ("president", "king", "queen", "monarch", "emir", "sultan", "sovereign")),
    (re.compile(r"\bhead(?:s| of)? (?:the |its |their )?(?:\w+ )?government\b"
                r"|\bleads? (?:the |its |their )?(?:\w+ )?government\b", re.I),
     ("prime minister", "premier", "chancellor")),
)
# "Who runs Brightwell?": the verb only says that whoever heads it is wanted (see _roles).
_WHO_RUNS = re.compile(r"^\W*(who\s+)(?:runs|ran|heads|headed|leads|led|chairs|chaired|manages|managed"
                       r"|directs|directed|(?:is|was)\s+(?:leading|heading|running"
                       r"|in\s+charge\s+of|at\s+the\s+head\s+of))\b"
                       r"(?!\s+(?:against|for|away|off|out|into|over)\b)", re.I)  # "ran against"
# "Which judge is in charge of the case?": the phrase says who is wanted, "charge" is no topic.
_IN_CHARGE = re.compile(r"\bin\s+charge\s+of\b", re.I)
# "Who is the head of USAID?", "Who is Brightwell's boss?": a generic role only says that a
# person is wanted; the answer must still stand beside some title (see Question.roles).
_GENERIC_ROLE = re.compile(
    r"^(\W*who(?:'s|’s|\s+is|\s+was)\s+(?:the\s+|[\w.-]+(?:'s|’s)\s+)?)(?:head|boss|chief|leader)\b",
    re.I,
)


def subject_words(text: str) -> str:
    """The question without the words that only say what kind of answer is wanted, so they
    are not searched for ("How many tanks ..." searches "tanks")."""
    for phrase, _ in _ROLE_PHRASES:  # "head of state" is the office, not words to find
        text = phrase.sub(lambda m: " ".join(w for w in m.group().split()[1:-1]
                                             if w[:1].isupper()), text)
    text = _WHEN_LAST.sub(r"\1", text)  # "When did nurses last strike?": "since 1998"
    text = _IN_CHARGE.sub(" ", _GENERIC_ROLE.sub(r"\1", _WHO_RUNS.sub(r"\1", text)))
    if _TALLY_QUESTION.search(text):  # "How did the judges split?": the tally is the split
        text = _SPLIT.sub(" ", text)
    return _ASKING.sub(" ", text)


_SPLIT = re.compile(r"\b(?:split|divided?)\b", re.I)


_WHEN_LAST = re.compile(r"^(\W*when\s+(?:did|was|were|has|have|had)\b.*?)\blast\b(?=\s+[a-z])", re.I)


_ANAPHORA = re.compile(
    r"\b(he|she|him|they|them|it)\b"
    r"|\b(that|this|then|there|those|these)\s*[?.!]*\s*$"
    r"|\b(?:about|after|before|of|was|is|did|does) (that|this|then|those)\b",
    re.I,
)
# "his", "her", "its", "their" lean on the conversation only when the question names no one
# before them: in "Which country faulted Yerevan for the collapse of its talks?" "its" is Yerevan,
# in "Will workers lose their jobs?" "their" is the workers.
_POSSESSIVE = re.compile(r"\b(?:his|her|hers|its|their)\b", re.I)


def _anaphoric(text: str) -> bool:
    if any(not _BOUND.search(text, 0, m.end()) for m in _ANAPHORA.finditer(text)):
        return True
    possessive = _POSSESSIVE.search(text)
    if possessive is None:
        return False
    before = text[: possessive.start()]
    # "Will people lose their jobs?": "their" is the people the question has just named
    nouns = (w for w in re.findall(r"[a-z]+", before.lower()) if w not in _AUX)
    return not question_names(before) and not any(map(is_person_noun, nouns))


# "What can customers get if they return a heater?": a subject pronoun after "if", "when",
# "that" ... stands for a noun the question itself has just named, not for the conversation.
_BOUND = re.compile(
    r"\b(?!(?:what|which|who|whom|whose|when|where|why|how|did|does|do|is|are|was|were|can|could"
    r"|will|would|should|has|have|had|the|a|an)\b)[a-z]{3,}\b[^?]*?\b(?:if|when|whether|that"
    r"|because|after|before|while|once|until|so|say|says|said|think|thinks|claim|claims)\s+"
    r"(?:he|she|they|it)\s*$", re.I)


_UNIT = re.compile(r"\bhow many ((?:[a-z-]+ ){0,2}?[a-z-]+?)(?= (?:are|is|were|was|did|do|does|have|"
                   r"has|had|will|would|can|could)\b|\?|$)", re.I)
# "What is the annual budget of the trust?": a sentence naming the trust without a budget does
# not answer.
def _measures_a_thing(text: str) -> bool:
    """ "How long is the new ship?", not "How long is the strike?" nor "How long was the museum
    closed?" nor "How long is each wheel of the cheese aged?": the noun phrase after "is" ends
    in a thing's name (up to a preposition), and no participle ends the question."""
    m = _HOW_LONG_IS.match(text)
    if not m or re.search(r"(?:ed|ing|en)\W*$", m.group(1)):  # "... of the cheese aged?"
        return False
    words = re.findall(r"[A-Za-z'’-]+", _PREPOSITION.split(m.group(1), maxsplit=1)[0])
    return bool(words) and not re.search(r"(?:ed|ing)$", words[-1]) and is_thing(words[-1])


_HOW_LONG_IS = re.compile(r"^\W*(?:and\s+)?how long (?:is|was|are|were|will be) ([^?]*)\??\s*$", re.I)
_ATTRIBUTE = re.compile(r"^\W*what(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?:(?:the|its|their|his|her)"
                        r"\s+((?:[a-z-]+\s+)?[a-z-]+)\s+(?:of|for|in|at)\b"
                        # "What was Velkor Industries' total revenue last year?"
                        r"|(?-i:(?:[A-Z][\w-]*\s+)*[A-Z][\w-]*)(?:'s|’s|'|’)\s+((?:[a-z-]+\s+)?[a-z-]+)\b)",
                        re.I)
# "How many of the 214 bronze objects are axe heads?" counts objects.
_UNIT_OF = re.compile(r"\bhow many of (?:the|its|their|these|those)\s+(?:[\d,]+\s+)?"
                      r"(?:[a-z-]+\s+){0,2}?([a-z-]+s)\b", re.I)
# "How many people died in the fire?": a long question still counts its first noun.
_UNIT_FIRST = re.compile(r"\bhow many ((?:[a-z-]+s|people|children|men|women|staff|police))\b",
                         re.I)
_TOPIC = re.compile(r"\b(?:about|regarding|concerning)\s+(.{3,}?)\s*[?.!]*$", re.I)


_WHICH = re.compile(r"\b(?:what|which)((?:\s+[\w.-]+){1,4})", re.I)
_WHICH_ORGANISATION = re.compile(
    r"\b(?:which|what)(?:\s+[\w-]+){0,2}?\s+(?:company|companies|firms?|party|parties|groups?"
    r"|organi[sz]ations?|agency|agencies|unions?|clubs?|teams?|banks?|funds?|body|bodies|institutions?"
    r"|charity|charities|associations?|authority|authorities|ministry|ministries|contractors?"
    r"|operators?|broadcasters?|newspapers?)\b", re.I)
_WHO_IS_NAME = re.compile(r"^\W*who(?:'s|’s|\s+is|\s+was)\s+(.+?)\W*$", re.I | re.S)


_ASKS_ROLE = re.compile(r"^\W*(?:and\s+)?(?:what|which)(?:'s|’s)?\s+(?:(?:is|was)\s+(?:his|her|their)\s+)?"
                        r"(?:job|position|post|title|role|office|(?:political\s+)?party)\b", re.I)


def _asks_what_someone_is(text: str) -> bool:
    """ "Who is Ned Price?": a name is given, what the person is is asked."""
    m = _WHO_IS_NAME.match(text)
    if not m:
        return False
    words = re.findall(r"[\w'’.-]+", m.group(1))
    return bool(words) and all(w[:1].isupper() for w in words) and not any(
        w.lower().strip(".") in TITLES for w in words)


def _asks_for_someone(text: str) -> bool:
    """"Which congressman ...", "What committee ...": the noun after which/what names a kind
    of person or group (WordNet), so a name is wanted."""
    for m in _WHICH.finditer(text):
        for word in m.group(1).lower().split():
            if word in _AUX:
                break
            # beyond "-s": "witnesses", "congressmen"
            plural = (word.removesuffix("es"), word[:-3] + "man" if word.endswith("men") else word)
            if is_person_noun(word) or any(w in person_nouns() for w in plural):
                return True
    return False


def analyse(text: str) -> Question:
    kind, expected = "what", None
    for pattern, k, e in _KINDS:
        if pattern.search(text):
            kind, expected = k, e
            break
    else:
        if _asks_for_someone(text):
            kind, expected = "who", PERSON
    if kind == "how long" and _measures_a_thing(text):
        kind, expected = "how many", NUMBER  # "How long is the ship?": metres, not days
    if _WORK.search(text):  # "the name of the book", "the title of the portrait"
        kind, expected = "who", TITLE
    elif expected == PERSON and _asks_what_someone_is(text):
        expected = ROLE
    elif _ASKS_ROLE.search(text):  # "What job did Drummond have?", "What is his job now?"
        kind, expected = "who", ROLE
    unit = _UNIT_OF.search(text) or _UNIT.search(text) or _UNIT_FIRST.search(text)
    topic = _TOPIC.search(text)
    measure = _MEASURE_RE.search(text)
    which = _which_noun(text)
    return Question(
        text,
        kind,
        expected,
        _anaphoric(text),
        _counted(unit.group(1)) if unit else None,
        topic.group(1) if topic else None,
        question_names(text),
        _measure(text, kind, measure),
        _roles(text) if expected == PERSON else (),
        (attribute.group(1) or attribute.group(2)) if (attribute := _ATTRIBUTE.match(text)) else None,
        expected == PERSON and bool(_WHICH_ORGANISATION.search(text)),
        which if expected in (None, PERSON) or (expected == PLACE and which in PLACE_KINDS)
        else None,
        describing_clause(text),
    )


# A clause that picks out what the question is about rather than what it asks: "the ferry that
# sank in the Ostry Strait", "a nurse who has just qualified", "once it started to tip".
_CLAUSE = re.compile(
    r"\b(?P<before>[a-z]+)\s+(?:(?P<rel>that|which|who)\s+(?=[a-z]+\b)"
    r"|(?:once|after|before|when|while)\s+(?=(?:it|he|she|they|the|its|his|her|their)\b))"
    r"(?P<clause>[^?.!]+)",
    re.I,
)
_NOUN_PHRASE_END = re.compile(r"\b(?:the|an?|its|his|her|their)\s+(?:[\w-]+\s+){0,2}[\w-]+$", re.I)
# verbs whose "that" opens what is said or found, not a clause about a noun
_REPORTING = frozenset({"said", "say", "says", "told", "claimed", "claim", "claims", "think", "thinks",
                     "believe", "believes", "insist", "insists", "insisted", "deny", "denied",
                     "denies", "argue", "argued", "argues", "mean", "means", "meant", "know",
                     "find", "finds", "found", "show", "shows", "shown", "suggest", "suggests",
                     "hope", "hopes", "expect", "expects", "fear", "fears", "warn", "warns",
                     "confirm", "confirms", "admit", "admits", "agree", "agrees"})
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "this", "these", "those",
                          "he", "she", "it", "they", "we", "you", "i"})


def describing_clause(text: str) -> str | None:
    """The question's trailing relative or time clause, if any. An article names the thing
    asked about its own way ("the Serena Dal"), and seldom repeats the clause beside the answer.
    "Who said that ...", "When was that decision made?" have none."""
    for m in _CLAUSE.finditer(text):
        before = m.group("before").lower()
        if m.group("rel"):
            first = m.group("clause").split()[0].lower()
            # a noun phrase ("the ferry", "a nurse") before it, not a verb ("set that meeting up")
            phrase = _NOUN_PHRASE_END.search(text, 0, m.end("before"))
            if (phrase is None or before in _AUX or before in _REPORTING or before.endswith("ed")
                    or first in _DETERMINERS):
                continue
        return m.group("clause")
    return None


# Places of a kind an article names as such ("the village of Orsk", "Tessabar province"):
# "In which village ...?" is not answered by a town. (Cities and countries it names bare.)
PLACE_KINDS = frozenset({"village", "villages", "province", "provinces", "district", "districts",
                         "region", "regions", "county", "counties", "suburb", "suburbs",
                         "municipality", "municipalities", "neighbourhood", "neighborhood"})
_WHICH_NOUN = re.compile(r"^\W*(?:(?:in|on|at|from|to|for|by|with|near)\s+)?(?:which|what)\s+"
                         r"([a-z]+)(?:'s|’s)?\s", re.I)
_NOT_KINDS = frozenset({"kind", "kinds", "type", "types", "sort", "sorts", "part", "parts",
                        "other", "else", "way", "ways", "reason", "thing", "things", "he", "she",
                        "it", "they", "we", "you", "i", "the", "a", "an", "his", "her", "its",
                        "their", "happened", "exactly"})


def _which_noun(text: str) -> str | None:
    """The noun of "Which reservoir does ...?", "Which bank's contract ...?": the answer is
    the name that goes with it ("the Ostra reservoir", "Baltrek Bank")."""
    m = _WHICH_NOUN.match(text)
    noun = m.group(1).lower() if m else ""
    if not noun or noun in _AUX or noun in _NOT_KINDS or noun in verbs() or noun.endswith("ed"):
        return None
    return noun


@lru_cache(maxsize=1024)
def unit_qualifier(text: str, unit: str) -> str | None:
    """The word just before the counted noun of "how many <word> <unit>" ("written" in "How
    many written complaints ...?", "rescue" in "How many rescue workers ...?")."""
    m = re.search(rf"\bhow many ([a-z]+) {re.escape(unit)}\b", text, re.I)
    return m.group(1) if m else None


def _counted(words: str) -> str | None:
    """The noun of "how many <words>": its last word, but "people" in "how many people died"
    and "how many people in Ostrel had to leave"."""
    words = _PREPOSITION.split(words, maxsplit=1)[0].strip() or words
    nouns = [w for w in words.split() if not (w.lower() in verbs() or w.lower().endswith("ed"))]
    noun = (nouns or words.split())[-1]
    # ("How many of them were flown there?" counts what "them" stands for: no noun to find)
    return None if noun.lower() in _STANDS_FOR else noun


_STANDS_FOR = frozenset({"them", "they", "those", "these", "it", "us", "you", "ours", "theirs"})


_WHO_IS = re.compile(r"^\W*(?:who(?:\s+(?:is|was|are|were)\b|'s\b|’s\b)"
                     r"|what(?:'s|’s|\s+is|\s+was)\s+the\s+name\s+of\b|name\s+the\b)(.*)$",
                     re.I | re.S)


def _roles(text: str) -> tuple[str, ...]:
    """The role words of "Who is [the] <role>?" ("minister" in "Who is Azerbaijan's foreign
    minister?"): the person named must be the one holding that role, not merely someone in a
    sentence that mentions it. "Who runs / leads / is in charge of X?" asks for X's head."""
    for phrase, roles in _ROLE_PHRASES:
        if phrase.search(text):
            return roles
    if _WHO_RUNS.match(text):
        return ("head",)
    verb = WHO_ROLE_VERB.match(text)  # "Who coaches Corvania?": its coach
    if verb:
        return (next(role for stem, role in _ROLE_VERBS if verb.group(1).lower().startswith(stem)),)
    which = _WHICH_TITLE.search(text)  # "Which judge ruled ...?": the one called Judge
    if which and which.group(1).lower() in TITLES and which.group(1).lower() not in _VAGUE_TITLES:
        return (which.group(1),)
    m = _WHO_IS.match(text)
    if not m:
        return ()
    # The role is the noun phrase after "who is", up to its first preposition: in "Who is
    # chairing the independent inquiry?" the words after a verb say what the person does, and
    # "independent" is no role asked for; nor, in "Who was re-elected governor?", is the office
    # one the answer must stand beside.
    noun_phrase = _PREPOSITION.split(m.group(1), maxsplit=1)[0]
    words = re.findall(r"[A-Za-z][A-Za-z-]*", noun_phrase)
    if words and words[0].lower().endswith(("ing", "ed")):  # "Who was re-elected governor?"
        return ()
    if re.search(r"\bprime\s+minister\b", noun_phrase, re.I):  # an office, as in _ROLE_PHRASES
        return ("prime minister",)
    return tuple(w for w in words if w.lower() in person_nouns() or w.lower() == "head")


# "Who coaches X?", "Who refereed the final?": the verb names the role asked for
WHO_ROLE_VERB = re.compile(r"^\W*(?:and\s+)?who\s+(coach(?:es|ed)|referee[sd]|captain(?:s|ed)"
                            r"|umpire[sd]|own(?:s|ed)|edit(?:s|ed))\b", re.I)
_ROLE_VERBS = (("coach", "coach"), ("referee", "referee"), ("captain", "captain"),
               ("umpire", "umpire"), ("own", "owner"), ("edit", "editor"))
_PREPOSITION = re.compile(r"\b(?:of|to|in|at|for|on|into|with|from|about|by)\b")
_WHICH_TITLE = re.compile(r"^\W*(?:which|what)\s+([a-z]+?)s?\b", re.I)
# Titles that also describe people who hold none ("a senior official", "the top diplomat").
_VAGUE_TITLES = frozenset({"official", "head", "chief", "top", "special", "general", "deputy",
                           "state", "the", "his", "her", "representative"})


_IN_UNIT = re.compile(
    r"\bin (miles|kilomet(?:re|er)s|km|met(?:re|er)s|feet|yards|kilograms|kg|tonnes|tons|pounds"
    r"|euros|dollars|hours|days|weeks|months|years)\b", re.I)


# An extent of land: "how much (farm)land / ground / forest", "how large an area"
AREA = (r"\b(?:hectares?|acres?|ha|square (?:kilomet(?:re|er)s|met(?:re|er)s|miles)|sq\.? ?(?:km|mi)"
        r"|km2)\b|\bkm²")
_AREA_QUESTION = re.compile(
    r"\bhow much (?:\w+ )?(?:land|ground|forest|farmland|woodland|scrubland|territory|terrain)\b"
    r"|\bhow (?:big|large|wide) (?:an? )?(?:area|stretch)\b|\bland area\b"
    r"|\b(?:what|which) area\b(?! of\b)|\bhow (?:big|large) (?:is|was) the (?:\w+ )?area\b", re.I)
_WHAT_YEAR = re.compile(r"\b(?:what|which) year\b", re.I)
_WHAT_DATE = re.compile(r"\b(?:what|which) date\b", re.I)
_WHAT_TIME = re.compile(r"\b(?:what|which) times?\b(?!\s+(?:frame|limit|scale|line|table)s?\b)", re.I)
_MONEY_QUESTION = re.compile(r"\bhow much\b.*\b(?:cost|costs|pay|paid|spend|spent|price|worth"
                             r"|fund|funds|money|budget|fee|charge|earn|earns|raise|raised)\b"
                             rf"|\b(?:{_MONEY_NOUNS})\b|{_WHAT_PAID}", re.I)


_FIGURATIVE = frozenset({"high", "far", "deep"})
# the verbs of a level changing, or being compared, which "how high" and "how far" ask about
_CHANGED = re.compile(r"\b(?:climb|climbed|rise|rose|risen|jump|jumped|soar|soared|surge|surged"
                      r"|(?:go|gone|went) (?:up|down)|drop|dropped|fall|fell|fallen|slide|slid"
                      r"|sink|sank|sunk|plunge|plunged|decline|declined|slump|slumped|tumble"
                      r"|tumbled|increase|increased|decrease|decreased|reach|reached|above|below"
                      r"|exceed|exceeded)\b", re.I)


def _measure(text: str, kind: str, measure: re.Match[str] | None) -> str | None:
    if kind == "when" and _HOURS.search(text):  # "from 09:00 to 14:00"
        return HOURS
    if kind == "when" and _WHAT_TIME.search(text):  # a time of day, not the date
        return _CLOCK
    if kind == "how many" and _TALLY_QUESTION.search(text):  # "by seven votes to two"
        return r"\bvotes?\b|\w\sto\s\w"
    if kind == "when" and _WHAT_DATE.search(text):  # a date: not a weekday nor a year alone
        return rf"\b{_MONTH}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b"
    if kind == "when" and _WHAT_YEAR.search(text):  # a year ("in 1931", "since 2019")
        return r"\b(?:1[5-9]|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th) century\b"
    if kind != "how many":
        return None
    noun = _MEASURE_NOUN.search(text)
    if noun:
        return MEASURE_NOUNS[noun.group(1).lower()]
    if _AREA_QUESTION.search(text):  # "How much forest has burned?": hectares, not villages
        return AREA
    # "How much will the tram cost?" (but "How many jobs would the cut cost?" counts jobs, and
    # "By how much did the bank raise its rate?" asks for a change: points, a percentage)
    if (_MONEY_QUESTION.search(text) and not measure
            and not re.search(r"\bhow many\b|\bby how much\b", text, re.I)):
        return MONEY
    if re.search(r"\bhow much\b.*\bweigh(?:s|ed)?\b", text, re.I):  # "How much does it weigh?"
        return MEASURES["heavy"]
    asked = _IN_UNIT.search(text)  # "How long is the road in miles?"
    if asked:
        return re.escape(asked.group(1).lower().removesuffix("s"))
    if measure:
        word = measure.group(1).lower()
        if word in _FIGURATIVE and _CHANGED.search(text):
            # "How high did inflation climb?", "How far have loan requests dropped?": a level
            # or a change is a share or points as often as metres
            return rf"{_LENGTH}|{PERCENT}|\bpoints?\b|\btimes\b"
        return MEASURES[word]
    return _LENGTH if re.search(r"\bhow long\b", text, re.I) else None  # "how long is the road"


_FIRST_WORDS = frozenset(
    "what which who whom whose when where why how is are was were do does did has have had can "
    "could will would should tell name give list please in on at for according to from by with "
    "near after before since until during under over between among about and but so".split()
)


def question_names(text: str) -> tuple[str, ...]:
    """Capitalised words of a question, except its opening word when that is a function word."""
    names = []
    for i, m in enumerate(re.finditer(r"[A-Za-z][\w'’.-]*", text)):
        word = m.group().rstrip("'’").removesuffix("’s").removesuffix("'s")
        if word.endswith(".") and word.count(".") == 1:
            word = word[:-1]
        if not word[:1].isupper() or (i == 0 and word.lower() in _FIRST_WORDS):
            continue
        if word.lower() in TITLES or _NOT_NAMES.match(word):
            continue
        names.append(word)
    return tuple(names)


# --- typed spans in sentences ----------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMWORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|half an?|"
    r"forty|fifty|hundred|a hundred|several|a few|dozens|hundreds|thousands|millions|nearly \w+)"
)
_NUM = (rf"(?:(?:[$£€¥]\s?)?\d(?:[\d,.]*\d)?(?:(?:m|bn|k)\b)?(?:\s(?:million|billion|thousand|trillion))?"
        rf"|{_NUMWORD})")
_TALLY = re.compile(rf"\b(?:{_NUM}\svotes?\sto\s{_NUM}|(?<=voted\s){_NUM}\sto\s{_NUM})\b(?:\svotes?)?",
                    re.I)
# A game's score: "3-2", "6-4, 3-6, 7-5" (sets), "2–1".
_SCORE = re.compile(r"(?<![\w.,-])\d{1,2}[-–]\d{1,2}(?:,\s\d{1,2}[-–]\d{1,2})*(?![\w-])"
                    rf"(?!\s+{_MONTH})")  # ("2-3 May" is two days)
# Words that end a number span rather than name its unit ("31 to 14", "2013 and").
_FUNCTION_WORD = (r"(?:to|in|of|and|or|but|the|a|an|for|at|on|by|with|from|as|than|is|was|were|are"
                  r"|has|have|had|will|would|which|that|who|per|after|before|since|into|over)")
_UNIT_TIME = r"(?:second|minute|hour|day|week|month|year|decade)s?"

_CLOCK = r"(?:\d{1,2}(?::\d{2})?\s?[ap]\.m\.(?!\w)|\d{1,2}\s?[ap]m\b|[0-2]\d:[0-5]\d\b)"
HOURS = rf"{_CLOCK}\s(?:to|and|until)\s{_CLOCK}"  # opening hours: from one time of day to another
_ENDS_WEEKDAY = re.compile(rf"\b{_WEEKDAY}$")
_DATE_RE = re.compile(
    rf"\b(?:(?:on|last|this|next|since|by) )?{_WEEKDAY}\b"
    rf"|\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:, \d{{4}})?\b"
    rf"|\b\d{{1,2}} {_MONTH}(?: \d{{4}})?\b"
    rf"|\b(?:in |since |last |early |late )?{_MONTH}(?:,? \d{{4}}| (?:last|this|next) year)?\b(?! \d)"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:(?:in|since|by) )?(?:the )?(?:(?:early|late|mid-?)\s?|(?:spring|summer|autumn|fall|winter) of )?"
    r"(?:19|20)\d{2}\b"
    r"|\b(?:in|from|since|until|before|after|around|circa) 1[0-8]\d{2}\b"  # an older year, said as one
    r"|\b(?:last|this|next|earlier this|later this) (?:week|month|year)\b"
    r"|\b(?:yesterday|today|tomorrow)\b"
    # a time from now: "within six weeks", "in two weeks' time", "by the end of next year"
    rf"|\b(?:[Ww]ithin (?:the next |the coming )?{_NUM}[\s-]{_UNIT_TIME}"
    rf"|in {_NUM}[\s-]{_UNIT_TIME}['’]s? time"
    rf"|by the end of (?:the |this |next )?(?:week|month|year|{_MONTH}|(?:19|20)\d{{2}}|next year))\b"
    # a time of day: "at about 9:15 a.m.", "between 10 p.m. and 6 a.m.", "at 07:42"
    rf"|\b(?:(?:at|from|until|between|by|after|before)\s(?:about\s|around\s)?)?{_CLOCK}(?:\s(?:and|to)\s{_CLOCK})?"
)
_DURATION_RE = re.compile(
    rf"\b(?:(?:for|over|during|within|about|nearly|almost|more than|less than|the last|the past)\s)*"
    rf"(?:{_NUM}[\s-]{_UNIT_TIME}\b(?:\sold)?|{_UNIT_TIME}\b)"
    # "shut for a week", "within an hour" (not "twice a week", "a week later")
    rf"|\b(?:for|within|over|nearly|almost|more than|less than|up to)\s+an?\s+{_UNIT_TIME}\b"
    r"(?!\s+(?:later|earlier|ago|before|after)\b)",
    re.I,
)
_NUMBER_RE = re.compile(
    rf"(?:(?:about|nearly|almost|around|over|more than|less than|fewer than|some|at least|roughly"
    rf"|approximately|up to|as many as|an estimated|just over|just under|magnitude)\s)?"
    # "31 of the 60 seats", "870 of the airline's 940 pilots"
    rf"(?<![\w$£€¥])(?<!\w-){_NUM}(?: of (?:the |its |their )?(?:[a-z]+['’]s )?\d[\d,]*)?"
    rf"(?:\s?\(?\d[\d.,]*[\s-]\w+\)?)?(?:\s?%|\sper cent)?"
    # its unit: "88 km/h", "17 written reports"
    rf"(?:[\s-](?!{_FUNCTION_WORD}\b)(?:[a-z]+-)?[a-z][a-z]+(?:/[a-z]+\b)?"
    rf"(?:(?<=(?:ed|en))\s(?!{_FUNCTION_WORD}\b)[a-z]+"
    # ... or a compound noun: "42 cargo vessels", "90,000 cubic metres" (not "2 p.m.")
    rf"|(?<!s)\s(?!{_FUNCTION_WORD}\b)[a-z]+s\b(?![-'’]))?)?"
    r"(?:(?<=degrees)\s(?:Celsius|Fahrenheit|centigrade)\b)?"  # "43.6 degrees Celsius"
    r"(?:(?<=years)\sold\b)?"  # "about 2,300 years old"
    r"(?:\s\(\d[\d.,]*[\s-][a-z]+\))?"  # the same in other units: "32-kilometer (20-mile)"
    r"(?:(?<=percentage)\spoints?|(?<=basis)\spoints?)?"  # "half a percentage point"
    # a rate: "€20,000 per farm", "0.21 marka per kilowatt-hour", "1,450 marka a month"
    r"(?:\sper\s[a-z]+(?:-[a-z]+)?"
    r"|\san?\s(?:day|week|month|year|head|person|hour)\b(?!\s(?:ago|earlier|before|later|after)))?",
    re.I,
)
# Words near an amount of money: what makes "420 million korin" money and "420 million
# passengers" not, in a corpus whose currency no list knows.
_MONEY_CUES = re.compile(
    r"\b(?:costs?|costing|paid|pays?|paying|payments?|earns?|earned|worth|spent|spend(?:ing)?"
    r"|saves?|saved|savings?|funds?|funded|funding|grants?|prices?|priced|budgets?|fines?|fined"
    r"|salar(?:y|ies)|wages?|fees?|compensation|bribes?|invest(?:ed|ments?)?|loans?|debts?"
    r"|revenues?|profits?|sales|deficit|bought|sold|buy|sell|money|owed?|owes|owing|rewards?"
    r"|prizes?|budgeted|penalt(?:y|ies)|invoices?|ransom|bail|tax(?:es)?|subsid(?:y|ies)"
    r"|donat(?:ed|ions?)|raised|awarded|damages|bonus(?:es)?|income|rent|tariffs?)\b", re.I)
_AMOUNT_WORD = re.compile(r"\b(?:\d[\d,.]*|hundreds|thousands|millions)"
                          r"(?:\s(?:million|billion|thousand|trillion|m|bn))?\s([a-z]+)\b")
_NOT_CURRENCY = re.compile(rf"^(?:{_LENGTH}|{MEASURES['heavy']}|{_UNIT_TIME}"
                           r"|percent|per|more|less|million|billion|thousand|trillion)$")
CURRENCY_SHARE = 0.5  # of a word's uses after an amount, those beside a word about money
CUE_WINDOW = 80  # characters either side of the amount: about a clause


def corpus_currencies(texts: Iterable[str], stopwords: Container[str]) -> frozenset[str]:
    """The words after an amount that mostly stand near words about money ("korin", "marka"):
    the currencies of a corpus, invented ones included, that :data:`MONEY` does not know.

    Seen at least twice, so one "cost 40 volunteers" is no currency. Only the text around
    each amount is searched for cues: one pass over a large corpus."""
    seen: dict[str, int] = {}
    cued: dict[str, int] = {}
    for text in texts:
        for m in _AMOUNT_WORD.finditer(text):
            word = m.group(1)
            seen[word] = seen.get(word, 0) + 1
            near = _MONEY_CUES.search(text, max(0, m.start() - CUE_WINDOW), m.end() + CUE_WINDOW)
            cued[word] = cued.get(word, 0) + bool(near)
    return frozenset(
        w for w, n in seen.items()
        if n >= 2 and cued[w] >= CURRENCY_SHARE * n and w not in stopwords
        and not _NOT_CURRENCY.match(w) and not is_person_noun(w) and not re.match(MONEY, w))


def money_pattern(currencies: frozenset[str]) -> str:
    """:data:`MONEY` with a corpus's own currencies, each in the singular or the plural: an
    article writing "45 million dalers" also writes "a 2.6 million daler grant"."""
    if not currencies:
        return MONEY
    words = sorted({re.escape(c.removesuffix("s")) + "s?" for c in currencies})
    return MONEY + r"|\b(?:" + "|".join(words) + r")\b"


# A capitalised run: names of people, organisations and places.
_NAME_RE = re.compile(
    r"(?:[A-Z][\w'’.-]*[a-z][\w'’-]*|[A-Z]{2,}[\w/]*|[A-Z]\.(?:[A-Z]\.)+)"
    r"(?:\s+(?:(?:of|for|the|and|de|al)\s+)*(?:[A-Z][\w'’.-]*[a-z][\w'’-]*|[A-Z]{2,}|[A-Z]\.))*"
)
_PLACE_RE = re.compile(r"\b(?:(?:in|at|to|from|near|into|across|throughout|visit(?:s|ed|ing)?)\s+"
                       r"(?:the\s+)?"
                       # "the southern city of Orsavan", "the lakeside resort of Sedlo"
                       r"|(?:city|town|village|resort|island|port|region|province|district|county"
                       r"|municipality|suburb|capital)\s+of\s+"
                       # "found on Lake Ovra", "on the Mirel River": "on" a named feature
                       r"|on\s+(?:the\s+)?(?=(?:Lake|Mount|Mt\.?|Isle|Cape)\s|[A-Z][\w'’-]+\s+(?:Island"
                       r"|River|Peak|Ridge|Coast|Street|Avenue|Road|Bay|Lake|Mountain|Square)\b))("
                       + _NAME_RE.pattern + r")")

_CAUSE_RE = re.compile(
    r"\b(?:because(?: of)?|due to|caused by|owing to|as a result of|in order to|so that|blamed? on"
    r"|in protest (?:at|against)|the reason|(?:was|were) (?:caused|triggered|sparked|started) by"
    r"|(?:the )?result of|blamed|led to|traced to|linked to|attributed to"
    r"|\w+(?:ed|en) after)\b[^,;.]*",  # ("were suspended after water covered the track")
    re.I,
)

# Titles and roles that precede a name and are not themselves the answer to "who".
TITLES = frozenset(
    """
    mr mrs ms dr prof president prime minister secretary foreign defense defence state deputy
    ambassador envoy spokesman spokeswoman spokesperson director general chief representative
    senator governor mayor king queen prince chancellor top special official head chairman
    chair sir lord lady pope judge his her the u.s. us ceo cfo coo
    """.split()
)
HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "prof", "sir", "dame"})
_NOT_NAMES = re.compile(rf"^(?:{_MONTH}|{_WEEKDAY}|The|A|An|In|On|At|He|She|It|They|We|But|And)$")


@lru_cache(maxsize=65_536)
def typed_spans(sentence: str, expected: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``sentence`` that could answer a question expecting ``expected`` (cached: the
    same sentences are scanned query after query)."""
    return tuple(_typed_spans(sentence, expected))


def _typed_spans(sentence: str, expected: str) -> list[tuple[int, int]]:
    if expected == DATE:  # "at 03:15 on Saturday", "on Sunday, August 11": one moment
        return _joined(sentence, _spans(_DATE_RE, sentence), lambda gap, end: gap == " " or (
            gap == ", " and bool(_ENDS_WEEKDAY.search(sentence, 0, end))))
    if expected == DURATION:
        return [s for s in _spans(_DURATION_RE, sentence) if _has_quantity(sentence[s[0] : s[1]])]
    if expected == NUMBER:
        # A bare "one" is a pronoun ("one of the most photographed items"), not a count.
        spans = [s for s in _spans(_NUMBER_RE, sentence) if not _is_date_like(sentence, s)
                 and sentence[s[0] : s[1]].lower() != "one"]
        # a vote: "by seven votes to two", "voted five to two"
        tallies = _spans(_TALLY, sentence) + _spans(_SCORE, sentence)
        return tallies + [s for s in spans if not any(a <= s[0] < b for a, b in tallies)]
    if expected == PLACE:  # "in Europe's soils" is about the soils: a possessive is no place
        places = [(m.start(1), m.end(1)) for m in _PLACE_RE.finditer(sentence)
                  if not _NOT_NAMES.match(m.group(1)) and not m.group(1).endswith(("'s", "’s"))]
        # "from Kourou in French Guiana": one place within another
        return _joined(sentence, places, lambda gap, _: gap == " in ")
    if expected == CAUSE:
        return _spans(_CAUSE_RE, sentence)
    if expected == TITLE:  # (a quoted title has no more than eight words)
        return [m.span(1) for m in _QUOTED_TITLE.finditer(sentence) if len(m.group(1).split()) <= 8]
    # (the agency of a dateline, "ASKELUND, July 2 (Quenmark News Agency) –", only reports)
    source = _DATELINE.match(sentence)
    # (nor does the town of a dateline, "TARNSK, Brelonia —", do anything)
    town = _TOWN_DATELINE.match(sentence)
    after = source.end(1) if source else town.end() if town else 0
    if expected == PERSON:
        names = (_strip_title(sentence, m.start(), m.end()) for m in _NAME_RE.finditer(sentence, after))
        return [s for s in names if s is not None and _could_be_person(sentence, *s)]
    if expected == ACTOR:
        return [(m.start(), m.end()) for m in _NAME_RE.finditer(sentence, after)
                if is_organisation(m.group()) and not _NOT_NAMES.match(m.group())]
    return []


# "What is the name of the poetry book ...?": a title, written in quotes
_WORK = re.compile(r"\b(?:names?|titles?) of (?:the|her|his|its|their|this|that) (?:[\w-]+ ){0,3}?"
                   r"(?:book|collection|novel|film|movie|song|album|play|poem|painting|portrait"
                   r"|picture|sculpture|artwork|report|show"
                   r"|series|opera|documentary|exhibition|programme|program|memoir|anthology)s?\b", re.I)
_QUOTED_TITLE = re.compile(r"[\"“]([A-Z][^\"”]{0,80}?)[,.]?[\"”]")
_DATELINE = re.compile(r"[A-Z][A-Z'’. -]+(?:,[^()–—]{0,40})?\s*\(([^()]+)\)\s*[–—-]")
_TOWN_DATELINE = re.compile(r"[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*, [A-Z][^()–—]{0,40}?\s[–—-]\s")
# The last word of an organisation's name ("Sports Partners", "Rail Authority").
_ORGANISATION_WORDS = (
    r"Union|Council|Committee|Ministry|Department|Agency|Service|Office|Commission|Parliament"
    r"|Court|Bank|Party|Authority|Alliance|Association|Federation|Coalition|Fund|Partners|Group"
    r"|Company|Corporation|Institute|Foundation|Trust|Board|Government|Administration"
    r"|Organi[sz]ation|Movement|Front|League|Club|Systems|Holdings|Railways|Airlines|Airways"
    r"|Workers|Industries|Services|Works|Network|Inspectorate|Directorate|Bureau|Society|Chamber"
    r"|Assembly|Senate|Congress|Police|Forces|Army|Navy"
)
# The last word of a capitalised run that names a place or a thing, not a person.
_THING = re.compile(
    r"\b(?:Corridor|Road|Street|Avenue|Square|Bridge|River|Sea|Lake|Mountains?|Region|Province"
    r"|District|City|Valley|Airport|Station|Park|Cent(?:er|re)|Museum|University|School|Hospital"
    r"|Strait|Channel|Bay|Gulf|Coast|Islands?|Peninsula|Ocean|Harbou?r|Port|Canal|Cathedral"
    rf"|Church|Palace|House|Hotel|Stadium|Border|Republic|Kingdom|{_ORGANISATION_WORDS}"
    # events and prizes: "the Torvik Open", "the Nations Cup", "the Golden Lantern Prize"
    r"|Open|Cup|Championships?|Games|Olympics|Olympiad|Marathon|Festival|Prize|Award|Trophy)$"
)
# An organisation: a name ending as one does, or an acronym ("NRA", "OSCE").
_ORGANISATION = re.compile(rf"\b(?:{_ORGANISATION_WORDS})$|^[A-Z]{{2,}}[\w/]*$")


@lru_cache(maxsize=65_536)
def names_beside(sentence: str, noun: str) -> tuple[tuple[int, int], ...]:
    """Names standing with ``noun`` in ``sentence``: "the Ostra reservoir" (the noun after the
    name, kept in the span) or "Baltrek Bank" (the noun ending the name), for "Which reservoir
    / which bank ...?"."""
    kinds = {noun, noun + "s", noun + "es"}
    out = []
    for m in _NAME_RE.finditer(sentence):
        a, b = m.span()
        first = re.match(r"(?:The|A|An)\s+", m.group())
        if first:
            a += first.end()
        if a >= b or _NOT_NAMES.match(sentence[a:b]):
            continue
        last = m.group().rsplit(None, 1)[-1].lower()
        after = re.match(r"\s+([a-z]+)\b", sentence[b:])
        if last in kinds and " " in sentence[a:b]:
            out.append((a, b))
        elif after and after.group(1) in kinds and (a > 0 or " " in sentence[a:b]):
            out.append((a, b + after.end()))  # (a sentence's first word: "Existing investors")
    # "the University of Marvenne", "the Bank of Tessaria": the noun opening the name
    opening = (rf"\b{re.escape(noun.capitalize())}(?:s|es)?\s+(?:of|for)\s+(?:the\s+)?"
               r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
    out.extend(m.span() for m in re.finditer(opening, sentence) if m.span() not in out)
    return tuple(out)


def is_organisation(name: str) -> bool:
    """Whether a capitalised run names an organisation ("Civic Alliance", "NRA")."""
    return bool(_ORGANISATION.search(name))


# "near the village of Low Fenby", "in Kourou": a place, not a person.
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|into|(?:village|town|city|region|province|county) of)\s+(?:the\s+)?$"
)
_SAYS_NEXT = re.compile(
    r"\s*(?:[,.;:!?)”’\"]|$|(?:\w+ed|says|said|told|made|wrote|spoke|met|went"
    r"|administration|government|family|team|campaign|camp|cabinet)\b)"
)


def _could_be_person(sentence: str, a: int, b: int) -> bool:
    """A capitalised run that may be someone's name. A lone word needs evidence: not opening
    the sentence ("Previously"), and followed by punctuation or a verb ("Kvien tweeted"), not
    by a noun it qualifies ("Lachin corridor", "Aura heaters")."""
    text = sentence[a:b]
    if _THING.search(text) or _LOCATIVE.search(sentence, 0, a):
        return False
    if " " in text:
        return True
    if re.search(r"\b(?:of|from)\s+$", sentence[:a]):  # "the coast of Valmora"
        return False
    return bool(sentence[:a].strip(" \"“‘'(")) and bool(_SAYS_NEXT.match(sentence, b))


def _joined(
    sentence: str, spans: list[tuple[int, int]], joins: Callable[[str, int], bool]
) -> list[tuple[int, int]]:
    """The spans, each run that ``joins(text between, end of the earlier)`` links made one."""
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and joins(sentence[merged[-1][1] : a], merged[-1][1]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.group().strip()]


def _has_quantity(text: str) -> bool:
    return bool(re.search(rf"\d|\b{_NUMWORD}\b|\b(?:weeks|months|years|days|decades)\b"
                          rf"|\ban?\s+{_UNIT_TIME}\b", text, re.I))


def _is_date_like(sentence: str, span: tuple[int, int]) -> bool:
    """A bare year or day of month is a date, not an amount."""
    text = sentence[span[0] : span[1]]
    if re.fullmatch(r"(?:19|20)\d{2}(?:\W+[a-z]+)?", text.strip()):  # "since 1956, ending"
        return True
    if re.fullmatch(r"1[0-8]\d{2}\W*", text.strip()) and re.search(  # "from 1543"
            r"\b(?:in|from|since|until|before|after)\s$", sentence[max(0, span[0] - 8) : span[0]]):
        return True
    if re.match(r":[0-5]\d", sentence[span[1] :]) or re.search(r"\d:$", sentence[: span[0]]):
        return True  # a time of day: "08:00" (its hour and its minutes)
    if re.fullmatch(r"\d{1,2}(?::\d{2})?\s?[ap]m", text.strip(), re.I) or (
            re.fullmatch(r"\d{1,2}", text.strip()) and re.match(r"\s?[ap]\.m\.", sentence[span[1] :])):
        return True  # a time of day: "1 pm", "9 a.m."
    before = sentence[max(0, span[0] - 12) : span[0]]
    # "March 13" and "13 March"
    return bool(re.search(rf"{_MONTH}\s$", before)) or bool(re.fullmatch(rf"\d{{1,2}}\s{_MONTH}", text))


def _strip_title(sentence: str, a: int, b: int) -> tuple[int, int] | None:
    """Drop leading titles and possessives ("Armenia's Foreign Minister Ararat Mirzoyan")."""
    words = list(re.finditer(r"\S+", sentence[a:b]))
    keep = 0
    for i, w in enumerate(words):
        word = w.group()
        possessive = word.endswith(("’s", "'s")) and i + 1 < len(words)
        # "Councillor Ann Hale": a word naming a kind of person, before a name of two words
        role = i + 2 < len(words) and word.lower() in person_nouns()
        if (possessive or role or word.lower().strip(".,") in TITLES
                or word.lower() in ("of", "for", "the", "and")):
            keep = i + 1
        elif keep == i:
            # "Russian Foreign Minister Sergei Lavrov", "USAID Director Samantha Power": what
            # stands before a title belongs to the title
            # ("Chief Fire Officer Nadia Brennan": a kind of person before a name is a title)
            # (not past "of": "Radu Ferenc of the Social Alliance" is no title of "the")
            ahead = [w.group() for w in words[i + 1 : -1]]
            ahead = ahead[: ahead.index("of")] if "of" in ahead else ahead
            later = next((i + 1 + k for k, w in enumerate(ahead)
                          if w.lower().strip(".,") in TITLES
                          or (i + k + 3 < len(words) and w.lower() in person_nouns())), None)
            if later is None:
                break
            keep = later + 1
    if keep >= len(words):
        return None
    if keep and words[keep - 1].group().lower().strip(".") in HONORIFICS:
        keep -= 1  # "Dr Felix Amundsen": an honorific is part of how the name is written
    start = a + words[keep].start()
    text = sentence[start:b].rstrip(",;:’'")
    if not re.search(r"\b(?:[A-Z]\.)+$", text):  # keep the last dot of "U.S."
        text = text.rstrip(".,;:’'")
    if _NOT_NAMES.match(text) or not text:
        return None
    # "Anna Lund of Sweden": a name of two words or more, then where she is from
    origin = re.match(r"\S+(?:\s+\S+)+?(?=\s+of\s+(?:the\s+)?[A-Z])", text)
    if origin:
        text = origin.group()
    return start, start + len(text)
