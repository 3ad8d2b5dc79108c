"""Who holds a role, and who is named in what capacity, for "who" and "which" questions.

"Who is <role>?" wants the name beside the role and of the country asked about, "who runs X"
a name titled as X's head, "Who is Ned Price?" the role beside his name. The name of who
reports the sentence, a title, or a country's adjective is no answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from qabot.asked import event_terms
from qabot.places import demonyms
from qabot.query import WORD, Query, Terms, analysed, forms_of, repeats_question
from qabot.question import HONORIFICS, PERSON, TITLES, WHO_ROLE_VERB, names_beside, typed_spans
from qabot.text import IRREGULAR, STOPWORDS
from qabot.wordnet import person_nouns, synonyms_of, verbs


def names_of_kind(
    text: str, noun: str, known: frozenset[str], query: Query, terms: Terms
) -> list[tuple[int, int]]:
    """The names standing with the noun of "Which reservoir / hospital ...?" that say more than
    the question and the noun do ("the Ostra reservoir"), and are no title ("Prime Minister")."""
    said = known | frozenset(terms(noun))
    # ("the Constitutional Court" names a court, though a court is a group of people; "the
    # Ukrainian striker" is no one's name)
    kinds = {noun.capitalize() + end for end in ("", "s", "es")} - {t.capitalize() for t in TITLES}
    return [sp for sp in names_beside(text, noun)
            if (not is_title(text[sp[0] : sp[1]]) or text[sp[0] : sp[1]].rsplit(None, 1)[-1] in kinds)
            and not repeats_question(text[sp[0] : sp[1]], said, query, terms)]


def not_the_speaker(
    text: str, spans: list[tuple[int, int]], words: Sequence[tuple[int, str]], query: Query,
    terms: Terms,
) -> list[tuple[int, int]]:
    """Drop the name of who says what the sentence reports, when the question's verb is in
    the report: in "Red Terrace said ... other clubs bought by American funds", Red Terrace
    bought nothing."""
    speaker = _speaker(text)
    if speaker is None:
        return spans
    a, b = speaker
    events = event_terms(query.terms, terms)
    if not events or not any(t in events for at, t in words if at >= b):
        return spans
    return [sp for sp in spans if not (a <= sp[0] and sp[1] <= b)]


@lru_cache(maxsize=16_384)
def _speaker(text: str) -> tuple[int, int] | None:
    """Where the name before "said", "told" ... stands (cached like :func:`word_terms`)."""
    m = _SPEAKER.search(text)
    return m.span("who") if m else None


def possessors(text: str, noun: str) -> list[tuple[int, int]]:
    """The names that own ``noun`` in the sentence: "Armenia" in "at Armenia’s request"."""
    return [m.span(1) for m in re.finditer(
        rf"((?:[A-Z][\w.-]*\s+)*[A-Z][\w.-]*)[’']s\s+(?:[a-z]+\s+)?{re.escape(noun)}", text)]


_SPEAKER = re.compile(r"(?P<who>(?:[A-Z][\w’'.-]*\s+)+)(?:\w+ly\s+)?(?:says?|said|told|claims?"
                      r"|claimed|insists?|insisted|argues?|argued|warns?|warned|fears?|feared)\b")


def after_title(text: str, start: int) -> bool:
    """Whether a title stands just before the name at ``start``: "Its general secretary, Anton
    Reiss" is a person, whatever an organisation's name may look like."""
    before = WORD.findall(text, 0, start)[-3:]
    return any(w.lower() in TITLES for w in before)


def country_words(text: str, query: Query, terms: Terms) -> Iterator[tuple[re.Match[str], str]]:
    """The words of the sentence naming a country, with their terms; a capital stands for its
    government, not for a country asked about."""
    for m in _WORD_PART.finditer(text):
        ts = analysed(m.group(), terms)
        if ts and ts[0] in query.places and ts[0] not in query.capitals:
            yield m, ts[0]


def country_spans(text: str, query: Query, terms: Terms) -> tuple[tuple[int, int], ...]:
    """The country names of the sentence ("Armenia", not the adjective "Armenian")."""
    return tuple(m.span() for m, _ in country_words(text, query, terms)
                 if m.group()[:1].isupper() and m.group().lower().removesuffix("s") not in demonyms())


_WORD_PART = re.compile(r"[^\W\d_]+")  # "Russian" of "Russian-brokered"


_TITLE_BEFORE = re.compile(r"(?:[A-Z][\w'’.-]*\s+){1,4}$")
ROLE_WINDOW = 4  # words between a role ("minister") and the name of who holds it


def holds_role(text: str, span: tuple[int, int], query: Query, terms: Terms) -> bool:
    """Whether the name at ``span`` can be the person the question asks about.

    Its title must not give it another country ("Russian Foreign Minister Sergei Lavrov" does
    not answer for Azerbaijan), and "Who is the <role>?" wants the name beside the role
    ("USAID Director Samantha Power", "Kristina Kvien, the U.S. ambassador"), not any name in
    a sentence that mentions the role."""
    asked = query.countries
    title = _TITLE_BEFORE.search(text, 0, span[0])
    if title and asked:
        named = countries_in(title.group(), query, terms)
        if named and not named & asked:
            return False
    roles = role_terms(query.question.roles, terms)
    if not roles:
        return True
    # "Who is the prime minister of Azerbaijan?": the sentence must say whose prime minister
    if asked and not countries_in(text, query, terms) & asked:
        return False
    if titled_as_asked(text, span, query, terms):
        # "Who is Ambrelia's finance minister?" is not answered by "Prime Minister Irina
        # Caldos": the role's own qualifier must be in the title too (a country is checked
        # above; a name of the question may be said elsewhere)
        names = {t for name in query.question.names for t in analysed(name, terms)}
        qualifiers = role_qualifiers(query.question.text, query.question.roles, terms)
        wanted = {t for t in qualifiers
                  if t not in names and t not in query.places and t not in _loose(terms)}
        beside = {t for word in _beside(text, span) for t in analysed(word, terms)}
        owner = names & qualifiers  # ("Who coaches Corvania?": Corvania's coach)
        if owner and _anothers_title(text, span, owner, query, terms):
            return False
        return all(t in beside or beside.intersection(forms_of(t, query)) for t in wanted)
    # "the head of USAID", "Brightwell's boss": any title will do ("USAID Director ..."), and
    # so does saying what the person does ("Henrik Olavsen, who chairs the port authority")
    return bool(roles & _GENERIC_ROLES and (any(_titled(w.lower()) for w in _beside(text, span))
                                            or _LEADS.match(text, span[1])))


def _anothers_title(text: str, span: tuple[int, int], names: set[str], query: Query,
                    terms: Terms) -> bool:
    """Whether the role beside the name is qualified by another name than ``names``, whose
    role the question asks about: "Ambrelia coach Stefan Halder" and "Castell's coach, Anders
    Moe" are no answer to "Who coaches Corvania?" or "Who coaches Lucia Ferrer?"."""
    roles = role_terms(query.question.roles, terms)
    words = _beside(text, span)
    for i, word in enumerate(words[1:], 1):
        if not set(analysed(word, terms)) & roles:
            continue
        before = words[i - 1]
        bare = before.lower().removesuffix("'s").removesuffix("’s")
        if not before[:1].isupper() or bare in TITLES or bare in STOPWORDS:  # ("Its director")
            continue
        said = set(analysed(before, terms))
        if not said & (names | roles | set(query.terms)) and not any(
                said.intersection(forms_of(n, query)) for n in names):
            return True
    return False


@lru_cache(maxsize=4)
def _loose(terms: Terms) -> frozenset[str]:
    """Qualifiers a title may leave out: "the U.S. envoy Louis Bono" is the special envoy."""
    return frozenset(t for w in ("special", "top", "senior", "chief", "new", "current")
                     for t in terms(w))


@lru_cache(maxsize=1024)
def role_qualifiers(question: str, roles: tuple[str, ...], terms: Terms) -> frozenset[str]:
    """The terms of the two words before a role word of the question ("Zorvath's foreign"
    minister), which a title must say itself. Cached: asked for every name of every candidate
    sentence."""
    verb = WHO_ROLE_VERB.match(question)
    if verb:  # "Who coaches Corvania?": Corvania's coach, not Ambrelia's
        return frozenset(t for w in WORD.findall(question, verb.end())[:3] for t in analysed(w, terms))
    words = WORD.findall(question)
    wanted = {r.lower() for role in roles for r in role.split()[-1:]}
    return frozenset(t for i, w in enumerate(words) if w.lower() in wanted
                     for before in words[max(0, i - 2) : i] for t in analysed(before, terms))


def titled_as_asked(text: str, span: tuple[int, int], query: Query, terms: Terms) -> bool:
    """Whether the role the question names stands beside the name at ``span``: "USAID
    Director Samantha Power", "Kristina Kvien, the U.S. ambassador"."""
    # (a participle is no role, though it may share the role's stem: "Presiding judge" for
    # "president")
    beside = {t for word in _beside(text, span) if not _PARTICIPLE.search(word)
              for t in analysed(word, terms)}
    return any(r and all(t in beside or beside.intersection(forms_of(t, query)) for t in r)
               for r in (analysed(r, terms) for r in query.question.roles))


def _beside(text: str, span: tuple[int, int]) -> list[str]:
    """The words just before the name and those of an apposition after it ("Kristina Kvien,
    the U.S. ambassador")."""
    before = WORD.findall(text, 0, span[0])[-ROLE_WINDOW - 1 :]
    apposition = _APPOSITION.match(text, span[1])
    return before + (WORD.findall(text, apposition.end())[:ROLE_WINDOW] if apposition else [])


_PARTICIPLE = re.compile(r"\w{3}(?:ing|ed)$")
_GENERIC_ROLES = frozenset({"head", "boss", "chief", "leader"})
_LEADS = re.compile(r",\s+who\s+(?:chairs|chaired|heads|headed|leads|led|runs|ran|directs|directed"
                    r"|manages|managed|founded|commands|commanded)\b")


# The titles of whoever heads something ("Hospital director", "head coach", "the island's mayor")
HEAD_TITLES = frozenset({
    "head", "boss", "chief", "leader", "director", "chair", "chairman", "chairwoman", "chairperson",
    "president", "manager", "coach", "mayor", "governor", "ceo", "commissioner", "principal",
    "dean", "rector", "commander", "superintendent", "presiding"})
# "The jury of five, chaired by novelist Bogdan Ilyarek"
_HEADED_BY = re.compile(r"\b(?:chaired|headed|led|run|managed|directed|commanded)\s+by\s+"
                        r"(?:[\w’'.-]+\s+){0,3}$", re.I)
_HARD_STOP = re.compile(r"[.;:!?\"“”()]")


def role_terms(roles: Sequence[str], terms: Terms) -> frozenset[str]:
    """The terms of the question's role words ("minister", "head")."""
    return frozenset(t for r in roles for t in analysed(r, terms))


_EXECUTIVE = re.compile(r"\b(?:chief executive|managing director|chair(?:man|woman|person)?"
                        r"|president|general manager|owner|founder)\b")


def named_heads(text: str, query: Query, terms: Terms,
                about: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """The names whose title says they head what the question asks about: "Hospital director
    Sigrid Hammar", "Milena Horáková, chairwoman of the Federation of Railway Workers (FRW)",
    "The island's mayor, Hanne Brekke", "The jury of five, chaired by novelist Bogdan Ilyarek".
    A named role must be in the title ("head coach" for "manager"); "who runs" takes any head's.
    In an article ``about`` what is asked, a bare title heads it: "chief executive Lidia Varnas"
    in the article on Kelvora Systems (not "Economy Minister Pavel Drosk" there)."""
    named = [r.lower() for r in query.question.roles]
    generic = all(r in _GENERIC_ROLES for r in named)
    wanted = {w for r in named for w in synonyms_of(r)}
    roles = role_terms(query.question.roles, terms)
    asked = [t for t in query.terms if t not in roles]
    subject = generic and bool(asked) and set(asked) <= about  # the article is about what is asked
    found = []
    for span in typed_spans(text, PERSON):
        for part, titled in _titles(text, span):
            words = {w.lower().strip(".,’'") for w in WORD.findall(part)}
            if not (titled or words & HEAD_TITLES) or not (generic or words & wanted):
                continue
            said = {t for w in words for t in analysed(w, terms)}
            bare = subject and not re.search(r"\b[A-Z]", part) and bool(_EXECUTIVE.search(part))
            if bare or any(t in said or said.intersection(forms_of(t, query)) for t in asked):
                found.append(span)
                break
    return found


def _titles(text: str, span: tuple[int, int]) -> Iterator[tuple[str, bool]]:
    """The words that say what the person at ``span`` is, each with whether they say the person
    heads something whatever the title."""
    title = _title_before(text, span[0])
    if title:  # "Hospital director Sigrid Hammar"
        yield text[title[0] : title[1]], False
    before = text[: span[0]]
    if before.rstrip().endswith(","):  # "The island's mayor, Hanne Brekke"
        clause = re.split(r"[,.;:!?\"“”()]", before.rstrip()[:-1])[-1]
        yield clause, False
    apposition = _APPOSITION.match(text, span[1])
    if apposition:  # "Milena Horáková, chairwoman of the Federation of Railway Workers (FRW)"
        yield re.split(r"[,.;:]|\b(?:said|says|told)\b", text[apposition.end() :])[0], False
    by = _HEADED_BY.search(before)
    if by:  # "The jury of five, chaired by novelist Bogdan Ilyarek"
        yield _HARD_STOP.split(before[: by.start()])[-1], True
    leads = _LEADS.match(text, span[1])
    if leads:  # "Henrik Olavsen, who chairs the port authority"
        yield _HARD_STOP.split(text[leads.end() :])[0], True


def countries_in(text: str, query: Query, terms: Terms) -> set[frozenset[str]]:
    """The countries the words name, each as its group of names ("Russian" -> Russia's)."""
    return {query.places[t] for t in analysed(text, terms) if t in query.places}


def roles_of(text: str, query: Query, terms: Terms) -> list[tuple[int, int]]:
    """What the sentence says the asked person is: an apposition after the name ("Vedant Patel,
    a spokesman for the U.S. State Department,") or the title before it ("State Department
    spokesman Ned Price")."""
    named = {t for group in query.names for t in group}
    words = [(m.start(), m.end()) for m in WORD.finditer(text)
             if set(analysed(m.group(), terms)) & named]
    spans: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(words):
        if i + 1 < len(words) and text[b : words[i + 1][0]].strip() == "":
            continue  # inside the name: look after its last word
        after = _ROLE_AFTER.match(text, b) or _MEMBER_OF.match(text, b)
        if after:
            spans.append(after.span(1))
        first = a
        while i > 0 and text[words[i - 1][1] : first].strip() == "":
            i, first = i - 1, words[i - 1][0]
        title = _title_before(text, first)
        if title and text[title[0] : title[1]].lower().strip(".") not in HONORIFICS:
            spans.append(title)
    return spans


def _title_before(text: str, end: int) -> tuple[int, int] | None:
    """The title written just before a name: "State Department spokesman" (Ned Price),
    "Russian Foreign Minister" (Sergei Lavrov); not "Led by Representative"."""
    words = list(re.finditer(r"\S+", text[:end]))
    if not words or not is_title(words[-1].group()):
        return None
    start = words[-1].start()
    for w in reversed(words[:-1]):
        word = w.group()
        bare = word.lower().strip(".,;:’'\"“”")
        if bare in ("of", "for") and text[start:start + 1].isupper():
            continue  # "Secretary of State": taken only with the word before it
        if (not re.fullmatch(r"[A-Z][\w.’'-]*|[a-z]+", word) or bare in STOPWORDS
                or IRREGULAR.get(bare, bare) in verbs()
                or not (word[0].isupper() or _titled(bare))):
            break
        start = w.start()
    return start, words[-1].end()


# "Drummond, 58, a former mayor of Castrelle,", "Dr Felix Amundsen, currently chief executive"
# "Lena Markovic of the Green Civic Alliance": the body she belongs to
_MEMBER_OF = re.compile(r"\s+of\s+(the\s+(?:[A-Z][\w'’-]*\s+(?:(?:of|for|and)\s+)?)*[A-Z][\w'’-]*)")
_ROLE_AFTER = re.compile(
    r",(?:\s+\d{1,3},)?\s+((?:(?:currently|now|formerly|previously)\s+(?:(?:a|an|the)\s+)?"
    r"|(?:a|an|the)\s+)[^,;:()]+?)(?=\s*(?:[,;:()]|\.?[\"”’']?\s*$|\s(?:said|says|told)\b))")


def is_title(words: str) -> bool:
    """Whether the words end in a title or role ("Foreign Minister", "spokesman")."""
    last = re.findall(r"[\w.]+", words)[-1:]
    return bool(last) and _titled(last[0].lower())


def _titled(word: str) -> bool:
    """Whether a lower-case word is a title ("minister", "u.s.") or names a kind of person."""
    return word in TITLES or word in person_nouns()


_APPOSITION = re.compile(r",\s+(?:(?:the|a|an|who is|who was)\s+)?")

