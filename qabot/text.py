"""Text normalisation, the one analyzer shared by passages and questions, and sentence splitting.

The analyzer must give the same tokens for the same words wherever they come from (article or
question), so everything that turns text into index terms lives here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

# Typographic characters folded to ASCII before analysis (offsets are not needed for analysis:
# quotes are sliced from the original text, never from folded text).
_FOLD_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
        # letters that do not decompose into a base letter and an accent (Reiß / Reiss,
        # Łódź / Lodz)
        "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE",
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ı": "i",
    }
)

STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having
    he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've
    if in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off
    on once only or other ought our ours ourselves out over own same shan't she she'd she'll
    she's should shouldn't so some such than that that's the their theirs them themselves then
    there there's these they they'd they'll they're they've this those through to too under
    until up very was wasn't we we'd we'll we're we've were weren't what what's when when's
    where where's which while who who's whom whose why why's with won't would wouldn't you you'd
    you'll you're you've your yours yourself yourselves also just s t did does tell say says
    said please know us will shall might must near across along around among amid toward
    towards via upon within beyond behind beneath beside besides despite inside outside onto
    throughout
    """.split()
)

# Irregular past forms folded to their base before stemming, so "began" matches "begin" and
# "led" matches "lead" (the stemmer only strips regular endings). General English, not tied to
# any corpus.
IRREGULAR: dict[str, str] = {
    past: base
    for base, forms in (
        ("begin", "began begun"), ("lead", "led"), ("run", "ran"), ("win", "won"),
        ("take", "took taken"), ("give", "gave given"), ("go", "went gone"),
        ("come", "came"), ("see", "saw seen"), ("meet", "met"), ("hold", "held"),
        ("leave", "left"), ("tell", "told"), ("speak", "spoke spoken"), ("write", "wrote written"),
        ("buy", "bought"), ("pay", "paid"), ("sell", "sold"), ("build", "built"),
        ("send", "sent"), ("spend", "spent"), ("fall", "fell fallen"), ("rise", "rose risen"),
        ("grow", "grew grown"), ("know", "knew known"), ("bring", "brought"),
        ("think", "thought"), ("fight", "fought"), ("seek", "sought"), ("catch", "caught"),
        ("teach", "taught"), ("find", "found"), ("keep", "kept"), ("lose", "lost"),
        ("choose", "chose chosen"), ("fly", "flew flown"), ("drive", "drove driven"),
        ("strike", "struck"),
        ("steal", "stole stolen"), ("break", "broke broken"), ("freeze", "froze frozen"),
        ("wear", "wore worn"), ("swear", "swore sworn"), ("draw", "drew drawn"),
        ("throw", "threw thrown"), ("forbid", "forbade forbidden"), ("flee", "fled"),
        ("feel", "felt"), ("stand", "stood"), ("understand", "understood"), ("sit", "sat"),
        ("hear", "heard"), ("lay", "laid"), ("sink", "sank sunk"), ("shoot", "shot"),
        ("blow", "blew blown"), ("deal", "dealt"), ("dig", "dug"), ("feed", "fed"),
        ("hang", "hung"), ("hide", "hid hidden"), ("lend", "lent"), ("mean", "meant"),
        ("ride", "rode ridden"), ("ring", "rang rung"), ("shake", "shook shaken"),
        ("sing", "sang sung"), ("spin", "spun"), ("swim", "swam swum"), ("tear", "tore torn"),
        ("wake", "woke woken"), ("bite", "bitten"), ("forget", "forgot forgotten"),
        ("forgive", "forgave forgiven"), ("arise", "arose arisen"), ("beat", "beaten"),
        # (the British "-t" pasts: "the fire has burnt 4,800 hectares")
        ("burn", "burnt"), ("learn", "learnt"), ("spell", "spelt"), ("dream", "dreamt"),
        ("spoil", "spoilt"), ("leap", "leapt"), ("kneel", "knelt"), ("smell", "smelt"),
        ("spill", "spilt"), ("dwell", "dwelt"), ("weep", "wept"), ("sweep", "swept"),
        ("sleep", "slept"), ("creep", "crept"), ("slide", "slid"), ("bleed", "bled"),
        ("sting", "stung"), ("swing", "swung"), ("stick", "stuck"), ("shine", "shone"),
    )
    for past in forms.split()
}
# ... and the same with a prefix: "rebuilt", "withheld", "overtaken", "upheld", "misled"
IRREGULAR.update({prefix + past: prefix + base for past, base in list(IRREGULAR.items())
                  for prefix in ("re", "over", "under", "out", "with", "mis", "up", "fore")
                  if prefix + past not in IRREGULAR})

# Words of a question that name what is asked, not what it is about.
QUESTION_WORDS: frozenset[str] = frozenset(
    "what which who whom whose when where why how many much long".split()
)

_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # abbreviations with dots: U.S., U.N.
    r"|\d+(?:[.,]\d+)*"  # numbers: 30, 2020, 120,000, 1.5
    r"|[^\W\d_]+(?:'[^\W\d_]+)*",  # words, with inner apostrophes
    re.UNICODE,
)


def fold(text: str) -> str:
    """Fold quotes, dashes and accents so 'Pashinyan’s' and 'Pashinyan's' analyse alike."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Token:
    """A surface token with its normalised form; ``acronym`` marks U.S./OSCE-like forms."""

    surface: str
    norm: str
    acronym: bool


def raw_tokens(text: str) -> Iterator[Token]:
    """Tokens of folded text, before stop words and stemming."""
    for m in _TOKEN_RE.finditer(fold(text)):
        s = m.group()
        if "." in s and s[0].isalpha():  # U.S. -> us, marked as acronym
            yield Token(s, s.replace(".", "").lower(), True)
        elif s[0].isdigit():
            yield Token(s, s.replace(",", ""), False)
        else:
            if s.endswith("'s") or s.endswith("'S"):
                s = s[:-2]
            norm = s.lower()
            if norm not in _CONTRACTIONS:  # "you're" stays whole, to be dropped as a stop word
                norm = norm.replace("'", "")
            yield Token(s, norm, len(s) >= 2 and s.isupper() and s.isalpha())


_CONTRACTIONS = frozenset(w for w in STOPWORDS if "'" in w)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


_CONNECTORS = frozenset({"of", "for", "and", "the", "in", "on", "de", "du", "al", "el", "&"})


class Analyzer:
    """Folding, lowercasing, stop words, stemming; numbers and acronyms are kept.

    An all-capitals token (``US``, ``OSCE``) or a dotted abbreviation (``U.S.``) is never taken
    for a stop word nor stemmed, so "U.S." survives while "tell us" loses its "us".

    ``acronyms`` (normally every acronym seen in the corpus, see :func:`corpus_acronyms`) lets a
    spelled-out name count as its acronym: "United States" also yields the term ``us`` when the
    corpus writes "U.S." somewhere. ``capitalised`` are words the corpus writes in capitals
    that are no acronyms, as it also writes them as names (a dateline's "OSTRELLE, Feldonia",
    "near the village of Ostrelle"): they are words like any other, or the town of a dateline
    would never match its name. Nothing here is tied to one corpus.
    """

    def __init__(
        self,
        *,
        stem: bool = True,
        stopwords: frozenset[str] = STOPWORDS,
        acronyms: frozenset[str] = frozenset(),
        capitalised: frozenset[str] = frozenset(),
    ) -> None:
        self.stem = stem
        self.stopwords = stopwords
        self.acronyms = acronyms
        self.capitalised = capitalised
        self._cache: dict[str, str] = {}

    @property
    def settings_key(self) -> str:
        """Identifies the settings that change the tokens (part of the index cache key)."""
        return (
            f"analyzer-v8:stem={self.stem}:stop={hash_words(self.stopwords)}"
            f":acr={hash_words(self.acronyms)}:caps={hash_words(self.capitalised)}"
        )

    def term(self, norm: str, acronym: bool = False) -> str:
        """The index term of one normalised word."""
        if acronym or not self.stem or norm[0].isdigit():
            return norm
        cached = self._cache.get(norm)
        if cached is None:
            cached = _stemmer().stemWord(american(IRREGULAR.get(norm, norm)))
            if len(self._cache) < 200_000:
                self._cache[norm] = cached
        return cached

    def lemma(self, norm: str) -> str:
        """The index term of a dictionary form: WordNet's "found" (to found) is "found", as in
        "founded", not the past of "find" that :meth:`term` takes a text's "found" for."""
        return self.term(norm) if norm not in IRREGULAR or not self.stem else (
            _stemmer().stemWord(american(norm)))

    def tokens(self, text: str) -> list[str]:
        raw = list(raw_tokens(text))
        if self.capitalised:
            raw = [Token(t.surface, t.norm, False) if t.acronym and t.norm in self.capitalised
                   and "." not in t.surface else t for t in raw]
        out = [self.term(t.norm, t.acronym) for t in raw if self._keep(t)]
        if self.acronyms:
            out.extend(_spelled_acronyms(raw, self.acronyms))
        return out

    __call__ = tokens

    def spelled_out(self, text: str) -> dict[str, str]:
        """Term of each word that spells out a known acronym -> the acronym ("european" ->
        "esa" in "European Space Agency"), so a sentence writing only "ESA" covers them."""
        out: dict[str, str] = {}
        for run in _capitalised_runs(list(raw_tokens(text))):
            for acronym, words in _run_stretches(run, self.acronyms):
                out.update((self.term(w.norm), acronym) for w in words if self._keep(w))
        return out

    def _keep(self, token: Token) -> bool:
        return token.acronym or token.norm not in self.stopwords


# British spellings folded to American ones before stemming, the same way for articles and
# questions, so "recognised" finds "recognized" and "defence" finds "defense".
_BRITISH = (
    (re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{2}[bcdfghkmnpstvz])re(s)?$"), r"er\1"),  # centre, metre, litre
    (re.compile(r"^(defen|offen|licen|preten)ce(s)?$"), r"\1se\2"),
    (re.compile(r"^(colo|flavo|favo|hono|humo|labo|neighbo|behavio|harbo|rumo|vapo|armo"
                r"|endeavo|savio|valo|vigo|odo|parlo|splendo|rigo|tumo)ur"), r"\1r"),
)


# Every word a pattern above can change ends so or holds "our": the rest skip the patterns.
_BRITISH_ENDINGS = ("ise", "ised", "ises", "ising", "isation", "isations", "yse", "ysed", "yses",
                    "ysing", "re", "res", "ce", "ces")


def american(word: str) -> str:
    """The American spelling of a lower-case word ("organisation" -> "organization")."""
    if len(word) < 5 or not (word.endswith(_BRITISH_ENDINGS) or "our" in word):
        return word
    for pattern, repl in _BRITISH:
        word = pattern.sub(repl, word)
    return word


def _spelled_acronyms(raw: list[Token], acronyms: frozenset[str]) -> Iterator[str]:
    """Acronyms spelled out as capitalised runs: 'Organization for Security and Co-operation'."""
    for run in _capitalised_runs(raw):
        for acronym, _ in _run_stretches(run, acronyms):
            yield acronym


def acronym_heads(text: str, acronym: str) -> set[str]:
    """The head nouns of the names that ``acronym`` spells out in ``text``: the last word
    ("authority" for "National Rail Authority (NRA)"), or the word before "of" ("federation"
    for "Federation of Baltrenian Teachers (FBT)"): news goes on to write "the authority"."""
    heads: set[str] = set()
    for run in _capitalised_runs(list(raw_tokens(text))):
        for found, words in _run_stretches(run, frozenset({acronym})):
            if found == acronym:
                heads.add(words[-1].surface)
                at = run.index(words[0])
                if at + 1 < len(run) and run[at + 1].norm == "of":
                    heads.add(words[0].surface)
    return heads


def _capitalised_runs(raw: list[Token]) -> Iterator[list[Token]]:
    run: list[Token] = []
    for tok in [*raw, Token("", "", False)]:
        if (tok.surface[:1].isupper() and not tok.acronym) or (run and tok.norm in _CONNECTORS):
            run.append(tok)
        else:
            if run:
                yield run
            run = []


def _run_stretches(run: list[Token], acronyms: frozenset[str]) -> Iterator[tuple[str, list[Token]]]:
    """Each known acronym spelled by a stretch of the run, with the words of the stretch.

    Built word by word and given up past the longest acronym: linear in the run, where joining
    the initials of every stretch afresh was cubic (1,000 capitalised words took seconds).
    """
    longest = max(map(len, acronyms), default=0)
    caps = [t for t in run if t.surface[:1].isupper()]
    for a in range(len(caps)):
        initials = caps[a].norm[:1]
        for b in range(a + 1, min(a + longest, len(caps))):
            initials += caps[b].norm[:1]
            if initials in acronyms:
                yield initials, caps[a : b + 1]


def corpus_acronyms(texts: Iterator[str] | list[str]) -> frozenset[str]:
    """Every acronym (U.S., OSCE, RFE) written in the texts, for :class:`Analyzer`; less the
    words in capitals that are names (:func:`corpus_capitals`)."""
    return corpus_capitals(texts)[0]


def corpus_capitalised(texts: Iterator[str] | list[str]) -> frozenset[str]:
    """Words the texts write all in capitals and also as a name (:func:`corpus_capitals`)."""
    return corpus_capitals(texts)[1]


def corpus_capitals(texts: Iterator[str] | list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The texts' acronyms and the words they write all in capitals and also as a name,
    "OSTRELLE" and "Ostrelle" (a dateline, a shouted headline), which are no acronyms: both for
    :class:`Analyzer`, in one pass over the corpus. (A lower-case "a.m." or "e.g." abbreviates
    no name: "Arvale Minerals" is no "a.m.")"""
    acronyms: set[str] = set()
    caps: set[str] = set()
    names: set[str] = set()
    for text in texts:
        for t in raw_tokens(text):
            if t.acronym:
                if t.surface[:1].isupper():
                    acronyms.add(t.norm)
                if "." not in t.surface:
                    caps.add(t.norm)
            elif t.surface[:1].isupper() and t.surface[1:].islower():
                names.add(t.norm)
    capitalised = frozenset(caps & names)
    return frozenset(acronyms) - capitalised, capitalised


def hash_words(words: frozenset[str]) -> str:
    import hashlib

    return hashlib.sha1(" ".join(sorted(words)).encode()).hexdigest()[:12]


# --- sentences -----------------------------------------------------------------------------

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep rev hon pres
    jan feb mar apr jun jul aug sep sept oct nov dec no vs etc inc ltd corp co dept est approx
    fig al
    """.split()
)

_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+|$)")
_NEXT_START = re.compile(r"\s+[\"'\u201c\u2018(\[]*[A-Z0-9\u00c0-\u024f]")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence offsets in ``text[start:end]``, trimmed of surrounding whitespace.

    Blank lines always end a sentence; a period ends one unless it closes a known abbreviation,
    an initial ("J. Smith") or a dotted acronym followed by a lowercase word.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _paragraphs(text, start, end):
        s = para_start
        for m in _SENTENCE_END.finditer(text, para_start, para_end):
            if m.end() >= para_end:
                break
            if not _is_boundary(text, m.start(), m.end(), para_end):
                continue
            spans.append((s, m.end()))
            s = m.end()
        spans.append((s, para_end))
    return [t for t in (_trim(text, a, b) for a, b in spans) if t[1] > t[0]]


def _paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in re.finditer(r"\n\s*", text[start:end]):
        yield pos, start + m.start()
        pos = start + m.end()
    yield pos, end


def _is_boundary(text: str, dot: int, after: int, limit: int) -> bool:
    if not _NEXT_START.match(text, after, limit):
        return False
    if text[dot] != ".":
        return True
    word_match = re.search(r"([A-Za-z.]+)\.?$", text[max(0, dot - 20) : dot + 1])
    word = word_match.group(1).rstrip(".") if word_match else ""
    if word.lower() in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return False
    # "U.S. Ambassador": a dotted acronym is followed by a capitalised word more often than it
    # ends a sentence in news text.
    return not ("." in word and len(word.replace(".", "")) <= 3)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
