"""Attributed claims, and another party's answer to them close by.

When the chosen sentence reports what one party says ("Aliyev accused Armenia of ...") and a
neighbouring sentence gives another party's rebuttal ("Yerevan has rejected such demands"),
both are quoted, each with its party, so that one side's claim is not passed off as fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qabot.models import Corpus, Quote
from qabot.query import PRONOUN_START, Scored, Settings, Terms, analysed
from qabot.spans import clipped
from qabot.wordnet import person_nouns

# A capital that starts a name, with those of names written with diacritics ("Ščerbak")
_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_ATTRIBUTION = re.compile(
    rf"(?:^|[,;][\"”’']?\s|\b(?:and|but|while)\s|(?<=[a-z] )(?=[{_UP}]))"
    r"(?:[Aa]ccording to (?P<acc>[^,]+)"
    # "brought by the conservation group Green Renvalda, which says the reservoir ...": the name
    # before the which-clause
    rf"|(?P<which>(?:[{_UP}][\w’'.-]*\s+)*[{_UP}][\w’'.-]*)(?:\s+\([^()]{{1,12}}\))?,\s+which\s+"
    r"(?:\w+ly\s+)?(?:says|said|claims|claimed|argues|argued|insists|insisted|maintains|estimates)"
    r"|(?P<who>(?!(?:It|He|She|This|That|These|Those|We|I)\b)"
    rf"(?:[{_UP}][\w’'.-]*(?:\s+|$))*[{_UP}][\w’'.-]*"
    r"|[Tt]hey|who),?\s+(?:(?:\w+ly|again|also|has|have|had)\s+)*"
    r"(?:says?|said|claims?|claimed|insists?|insisted|denie[sd]|deny|rejects?|rejected"
    r"|maintains?|maintained|argues?|argued|describes?|described|accuse[sd]?|told|blamed))\b",
)
# "...," she told lawmakers: a claim whose party is named in a sentence before
_PRONOUN_SAYS = re.compile(r"(?:^\W*|[,;][\"”’']?\s)(?:[Hh]e|[Ss]he|[Tt]hey)\s+(?:\w+ly\s+)?"
                           r"(?:says?|said|told|insist(?:s|ed)|claim(?:s|ed)|added|argued)\b")


def attribution(sentence: str) -> str | None:
    """Who a sentence attributes its claim to ("Yerevan says ..."), if anyone."""
    m = _ATTRIBUTION.search(sentence)
    if not m:
        return None
    who = (m.group("acc") or m.group("which") or m.group("who") or "").strip()
    return who or None


def contested_quotes(
    best: Scored, corpus: Corpus, passage_id: int, terms: Terms, settings: Settings,
    *, asked: frozenset[str] = frozenset(),
) -> list[Quote] | None:
    """The chosen sentence's claim and, close by in the same article, another side's answer to
    it ("Aliyev accused Armenia of ..." / "Yerevan has rejected such demands ...").

    News puts a rebuttal within a few sentences of the claim, and refers back to it ("such
    demands", "the claims", "they"), so the neighbours are searched rather than the whole
    corpus. The other side must be a different party, and either rebut or say something else
    about the same thing."""
    doc = corpus.document(best.doc_id)
    spans = corpus.document_sentences(passage_id)
    at = next((i for i, (a, _) in enumerate(spans) if a == best.start), None)
    if at is None:
        return None
    side_a = claim_side(best.text)
    if side_a is None and at > 0 and _PRONOUN_SAYS.search(best.text):
        side_a = claim_side(doc.text[spans[at - 1][0] : spans[at - 1][1]])  # who "she" is
    end = best.end
    if side_a is None and _OPEN_QUOTE.match(best.text) and not _CLOSE_QUOTE.search(best.text):
        # '"Meridal is not losing money on insulin. / This is ... margins," Dovak said.': the
        # quote's speaker is named where it closes, and the quote goes on to there
        for k in range(at + 1, min(at + 4, len(spans))):
            later = doc.text[spans[k][0] : spans[k][1]]
            if _CLOSE_QUOTE.search(later):
                side_a = claim_side(later)
                end = spans[k][1] if side_a and spans[k][1] - best.start <= settings.max_chars else end
                break
    if side_a is None:
        return None  # a plain statement of fact is no claim to contest
    best_terms = set(analysed(best.text, terms))
    for step in (1, -1, 2, -2, 3, -3, 4, -4):
        j = at + step
        if not 0 <= j < len(spans):
            continue
        a, b = spans[j]
        text = doc.text[a:b]
        side_b = claim_side(text)
        if side_b is None and j > 0 and PRONOUN_START.match(text) and _REBUTTAL.search(text):
            side_b = claim_side(doc.text[spans[j - 1][0] : spans[j - 1][1]])  # "It has denied ..."
        if side_b is None or _same_side(side_a, side_b):
            continue
        if step == -1 and PRONOUN_START.match(best.text):
            continue  # "A group, Clean Rivers, disputed it. Its spokesman said ...": one party
        if step != 1 and _REBUTTAL.search(text) and _answers_another(doc.text, spans, j,
                                                                           best.text, side_b):
            continue
        text_terms = set(analysed(text, terms))
        rebuts = (_REBUTTAL.search(text) or _REBUTTAL.search(best.text)
                  or (step == 1 and _ANSWERS_LAST.search(text)))
        refers = (bool(best_terms & text_terms) or _REFERS_BACK.search(text)
                  or (step == 1 and _ANSWERS_LAST.search(text)))
        # Without a rebuttal word, two parties must say different things side by side about
        # the same thing: "Azerbaijanis who say they are ..." / "Yerevan says they are ...".
        # (a named party: "The company said" is the same one again)
        opens = _opening_side(text) if abs(step) == 1 else None
        says = opens and any(w[:1].isupper() for w in opens.split()) and (
            _same_referent(best.text, text) or len(best_terms & text_terms) >= 2)
        # ... or a little further off, say the opposite about what the question asks: "the
        # northern cod stock could collapse" / "the stock was in no danger whatsoever"
        # (a source cited for a figure, "according to the weather service", takes no side)
        differs = (abs(step) <= 3 and len(asked & text_terms) >= 2 and len(asked & best_terms) >= 2
                   and bool(_CONTRAST.search(text) or _CONTRAST.search(best.text))
                   and not _CITED.search(text) and not _CITED.search(best.text))
        if not (rebuts and refers) and not says and not differs:
            continue
        # The same side often goes on in the next sentence ("It has also strongly denied ...").
        if j + 1 < len(spans) and j + 1 != at:
            na, nb = spans[j + 1]
            more = doc.text[na:nb]
            if (PRONOUN_START.match(more) and (_REBUTTAL.search(more) or claim_side(more))
                    and nb - a <= settings.max_chars):
                b = nb
        # (each side within the length of any quote: a long claim is cut like an answer)
        first = clipped(best.doc_id, doc.text, best.start, end, settings.max_chars, side_a)
        second = clipped(doc.id, doc.text, a, b, settings.max_chars, side_b)
        return [first, second] if step > 0 else [second, first]
    return None


_REBUTTAL = re.compile(
    r"\b(?:denie[sd]|deny(?:ing)?|reject(?:s|ed|ing)?|refus(?:es|ed|ing)|dismiss(?:es|ed|ing)"
    r"|(?<!the )(?<!a )disput(?:es|ed|ing)|counter to|on the other hand|baseless|groundless"
    r"|untrue|false|contradict(?:s|ed)?|no evidence)\b",  # ("the disputed region" rebuts nothing)
    re.I,
)


def _answers_another(
    text: str, spans: Sequence[tuple[int, int]], j: int, claim: str, side: str
) -> bool:
    """Whether the rebuttal at ``j`` answers a third party's claim just before it ("Aliyev
    accused Armenia ... / Yerevan has rejected such demands"), not the claimant's further off
    (named in ``claim``, the claim's sentence: "Union leader Agnes Toma said ..." / "...," Toma
    said.")."""
    if j == 0:
        return False
    before = claim_side(text[spans[j - 1][0] : spans[j - 1][1]])
    return (before is not None and not _same_side(before, side)
            and before.split()[-1].lower() not in claim.lower())


_OPEN_QUOTE = re.compile(r"^\s*[\"“]")
_CLOSE_QUOTE = re.compile(r"\S[\"”]")
_CITED = re.compile(r"\baccording to\b", re.I)
_CONTRAST = re.compile(r"\b(?:not|no|never|none|nothing|only|instead|contrary|far)\b|n['’]t\b",
                       re.I)
_REFERS_BACK = re.compile(r"\b(?:they|them|such|these|those|the claims?|the accusations?)\b", re.I)
# "Police put the size of the crowd at ...": a party's own figure for the same thing
_PUT_AT = r"puts?\s+the\s+(?:\w+\s+){0,4}?(?:at|far|much)"
# What only the sentence just before can be: "X rejected that account", "Police put the size of
# the crowd at 15,000" (another figure for the thing just counted)
_ANSWERS_LAST = re.compile(r"\b(?:that (?:account|view|claim|explanation|figure)|" + _PUT_AT
                           + r"|far (?:lower|higher|fewer|more))\b", re.I)
_PARTY = rf"[{_UP}][\w’'.-]*(?:\s+(?:(?:and|of|for|the)\s+)?[{_UP}][\w’'.-]*)*"
_NAME_START = (r"^\W*(?P<who>(?!(?:The|A|An|In|On|At|But|And|As|It|He|She|They|This|That)\b)"
               + _PARTY + ")")
_SAYS_START = re.compile(
    rf"^\W*(?:The\s+)?(?P<who>{_PARTY})\s+(?:(?:also|again|has|have|had|repeatedly|\w+ly)\s+)*"
    r"(?:says?|said|claims?|claimed|insists?|insisted|maintains?|argues?|argued|counters?|countered)\b"
)
# A party's aside before its verb: "The Federation of Teachers (FBT) said", "The union, which
# organised the strike, said", or its name: "A local group, Clean Rivers, disputed".
_ASIDE = (r"(?:\s*\([^()]{1,12}\))?(?:,\s*(?:which|who)\s[^,]{1,80},"
          rf"|,\s*(?P<named>[{_UP}][\w’'.-]*(?:\s+[{_UP}][\w’'.-]*){{0,4}}),)?")
# A party's verbs of claiming or rebutting, in the present and the past ("Nordvolt disputes
# those figures", "The ministry rejected ...")
_CLAIMS = (r"says?|said|claim(?:s|ed)?|insist(?:s|ed)?|accus(?:es|ed)|alleg(?:es|ed)|denie[sd]"
           r"|reject(?:s|ed)|refus(?:es|ed)|dismiss(?:es|ed)|disput(?:es|ed)|argu(?:es|ed)"
           r"|maintain(?:s|ed)?|counter(?:s|ed)|told|tells|" + _PUT_AT)
# "Baku, on the other hand, refused the claims": a party opening the sentence, then a verb
# of claiming or rebutting within a few words.
_PARTY_START = re.compile(
    _NAME_START + _ASIDE + r"(?:,[^,]{1,40},)?\s+(?:\w+\s+){0,3}?(?:" + _CLAIMS + r")\b"
)


_SAYS_ABOUT = re.compile(
    r"\b(?:says?|said|claims?|claimed|insists?|insisted)\s+(?:that\s+)?(they|it|he|she|this)\b", re.I
)


def _same_referent(a: str, b: str) -> bool:
    """Both sentences report what someone says "they" (or "it") are."""
    ma, mb = _SAYS_ABOUT.search(a), _SAYS_ABOUT.search(b)
    return bool(ma and mb and ma.group(1).lower() == mb.group(1).lower())


def claim_side(sentence: str) -> str | None:
    """The party a sentence attributes its claim to, if any."""
    return _opening_side(sentence) or attribution(sentence)


def _opening_side(sentence: str) -> str | None:
    """The party a sentence opens with, saying or rebutting something: "Commission chairman
    Yaroslav Peterin insists", "The ... Union says", "The fisheries ministry rejected ..." and
    "The environmental group Clean Rivers Daskavia says"."""
    m = _PARTY_START.match(sentence) or _SAYS_START.match(sentence)
    if m:
        return m.group("who")
    m = _BODY_START.match(sentence)
    if m and m.group("named"):
        return m.group("named")
    if m and (any(w[:1].isupper() for w in m.group("who").split())
              or m.group("head").lower() in person_nouns()):
        return m.group("who")
    return None


# "The Sarrano Port Authority disputes ...", "The fisheries ministry rejected ...", "A Velkor
# spokesperson denied ...": a body or its voice named with an article, which is a party when
# capitalised or when its last word names a group of people.
_BODY_START = re.compile(
    r"^\W*(?:[Tt]he|An?)\s+(?P<who>(?:[\w’'.-]+\s+){0,4}?(?P<head>[\w’'.-]+))" + _ASIDE + r"\s+"
    r"(?:(?:also|again|has|have|had|\w+ly)\s+)*(?:" + _CLAIMS + r")\b"
)


_JOINERS = frozenset({"of", "the", "and", "for"})


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _same_side(a: str, b: str) -> bool:
    """The same party: one name within the other ("Aliyev", "President Ilham Aliyev") or the
    same last word; a shared first word is only where both are from ("Sarrano Dockworkers'
    Union", "Sarrano Port Authority")."""
    # ("of" and "the" name no party: the "Federation of Teachers" is not the "Ministry of Education")
    wa, wb = ([w for w in x.lower().split() if w not in _JOINERS] or x.lower().split() for x in (a, b))
    if wa[0] in ("they", "who") or wb[0] in ("they", "who"):
        return True
    if _initials(wa) in wb or _initials(wb) in wa:  # "National Cyber Security Centre", "NCSC"
        return True
    shared = set(wa) & set(wb)
    return bool(shared) and (set(wa) <= set(wb) or set(wb) <= set(wa) or wa[-1] == wb[-1]
                             or shared != {wa[0]} or wa[0] != wb[0])
