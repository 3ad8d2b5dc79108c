"""Read a corpus (a folder of .txt/.md files or one .jsonl file), clean it, cut it into passages.

Only this module touches files. Cleaning is a chain of pure string functions, so every step can
be tested alone and the same bytes always give the same Document (the index cache relies on it).
Scraped news carries headlines, header junk, photo captions, site boilerplate, paragraphs broken
mid-sentence and repeated paragraphs; each is handled by a generic rule, never by copying the
lines of one site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from qabot.errors import CorpusError
from qabot.models import Corpus, Document, Passage
from qabot.text import split_sentences

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".md"})
Warn = Callable[[str], None]
_WHAT_TO_PASS = "Pass a folder of .txt/.md articles or a .jsonl file (one JSON object a line)."


def warn_stderr(message: str) -> None:
    """Default warning sink: one line per problem, so a long load stays readable."""
    print(f"qabot: warning: {' '.join(message.split())}", file=sys.stderr)


# --- dates ---------------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:(?P<iso>\b\d{4}-\d{2}-\d{2})(?!\d)"
    rf"|\b(?P<m1>{_MONTH}) (?P<d1>\d{{1,2}}),? (?P<y1>\d{{4}})\b"
    rf"|\b(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}),? (?P<y2>\d{{4}})\b)"
)
_DATE_RE = re.compile(_DATE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_HEADER_WORD_RE = re.compile(r"(?i)^(?:date[d:]?|published|posted|updated|last updated)\b:?")
# "YEREVAN, January 23, 2023 (Reuters) - ...": only a dateline opening the article dates it.
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z.'’ -]+(?:, [A-Z][A-Za-z.'’ -]+)?,\s+)?"
    + _DATE
    + r"\s*(?:\([^()]{1,30}\)\s*)?[-–—:]\s"
)


def _iso(m: re.Match[str]) -> str | None:
    try:
        if m["iso"]:
            return dt.date.fromisoformat(m["iso"]).isoformat()
        month, day, year = (m["m1"], m["d1"], m["y1"]) if m["m1"] else (m["m2"], m["d2"], m["y2"])
        return dt.date(int(year), _MONTHS.index(month[:3].lower()) + 1, int(day)).isoformat()
    except ValueError:
        return None


def _header_date(line: str) -> str | None:
    """The date of a short metadata line ('date 2023-01-23 Left Menu', 'Published: May 2, 2023')."""
    m = _DATE_RE.search(line)
    if m is None or len(line) > 80:
        return None
    rest = (line[: m.start()] + " " + line[m.end() :]).strip()
    keyword = _HEADER_WORD_RE.match(rest)
    if not keyword and _ends_sentence(line):  # "The 2023-01-23 deadline passed." is prose
        return None
    words = _HEADER_WORD_RE.sub("", rest).split()
    ok = len(words) <= 3 if m["iso"] else bool(keyword) or (len(words) <= 2 and len(line) <= 40)
    return _iso(m) if ok else None


def _dateline_date(paragraph: str) -> str | None:
    m = _DATELINE_RE.match(paragraph)
    return _iso(m) if m else None


# --- line classes --------------------------------------------------------------------------

_CAPTION_RES = (
    # "Armenia - U.S. Ambassador ... visits ..., March 10, 2023."
    re.compile(
        r"^[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,4} [-–—] .{10,}, (?:on )?" + _DATE + r"\.?$"
    ),
    # "... on Jan. 20, 2023. (AFP Photo)", "(Photo: Reuters)", "(Getty Images)"
    re.compile(
        r"\((?=[^()]*\b(?i:photo|photograph|image|picture|getty|shutterstock)s?\b)[^()]{1,80}\)$"
    ),
    re.compile(r"\b(?:REUTERS|AFP|AP|EPA)/[A-Z][\w .'-]{1,40}$|\bvia Getty Images\)?$"),
    re.compile(r"(?i)^(?:file )?(?:photo|image|picture)(?: credit| source)?s?\s*:"),
)
# Site furniture that is a whole line by itself ("Home", "Leave a Reply", "Share Tweet Email")...
_BOILERPLATE_LINE_RE = re.compile(
    r"(?i)(?:be the first to comment|leave a (?:reply|comment)(?: cancel reply)?"
    r"|(?:post|add|write) a comment|(?:\d+ )?comments?|comments? (?:are|is) closed"
    r"|share (?:on|via) \w+|subscribe(?: now| today)?|accept(?: all)? cookies"
    r"|.{0,40}\bcookie (?:policy|settings|preferences)|privacy policy|terms of (?:use|service)"
    r"|all rights reserved|advertisement|sponsored(?: content)?|read more|see also"
    r"|(?:related|recommended|more) (?:articles|stories|posts|news)|you (?:may|might) also like"
    r"|skip to (?:main )?content|(?:left |main |top )?menu|home|sign in|log in|register|search"
    r"|loading|(?:(?:share|tweet|facebook|twitter|linkedin|whatsapp|telegram|reddit|e-?mail"
    r"|print|copy link)[\s|,/·•]*)+"
    r"|(?:reporting|writing|editing) by [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3})"
    r"\W{0,3}"
)
# ...and notices that start a line and run on ("Your email address will not be published. ...").
_BOILERPLATE_START_RE = re.compile(
    r"(?i)(?:your email address will not be published|required fields are marked"
    r"|save my name, email|(?:you must be )?log(?:ged)? in to (?:post a )?comment"
    r"|share (?:this|the) (?:article|story|post|page)\b"
    r"|click (?:here )?to (?:share|print|email|tweet)"
    r"|(?:follow|like) us on\b|(?:sign up|subscribe) (?:for|to) (?:our|the) (?:\w+ )?newsletters?"
    r"|(?:we|this (?:web)?site) uses? cookies|(?:copyright )?(?:©|\(c\) )|copyright \d{4}"
    r"|(?:read more|see also|related):|(?:image|photo) (?:source|credit)s?:"
    r"|(?:additional )?reporting by [^.;]{1,60};\s*(?:additional reporting|writing|editing) by)"
)
_BYLINE_RE = re.compile(r"^By [A-Z][\w.'’-]*(?: (?:and )?[A-Z][\w.'’-]*){0,4}$")
_TERMINAL_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
_LIST_ITEM_RE = re.compile(r"^(?:[-*+•]|\d+[.)])\s")
_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)\s]*\)")
# A paragraph ending in one of these words stops mid-sentence.
_CONTINUE_WORDS = frozenset(
    re.findall(
        r"\w+",
        """a an the of to in on at by for from with into onto about as and or but nor that which
        who whose whom than also its their his her our your my this these those is are was were
        be been being has have had will would can could should may might must not very""",
    )
)


# What is not the caption's own text: "(AFP Photo)", "REUTERS/Jane Doe", "Photo credit: ...".
_CREDIT_RES = (*_CAPTION_RES[1:3], re.compile(_CAPTION_RES[3].pattern + r".*$"))


def _is_caption(line: str) -> bool:
    return len(line) <= 400 and any(r.search(line) for r in _CAPTION_RES)


def caption_text(line: str) -> str | None:
    """A photo caption without its credit, or None when only a credit is left.

    Captions are kept as paragraphs of their own: readers ask about what they say (where and
    when a photo was taken), and an answer may quote them like any other sentence."""
    for credit in _CREDIT_RES:
        line = credit.sub("", line).strip()
    return line if len(line.split()) >= 4 else None


def _is_junk(line: str) -> bool:
    """Site boilerplate and bylines: never part of the article's text."""
    if _BYLINE_RE.match(line):
        return True
    return len(line) <= 200 and bool(
        _BOILERPLATE_LINE_RE.fullmatch(line) or _BOILERPLATE_START_RE.match(line)
    )


def _ends_sentence(paragraph: str) -> bool:
    return _TERMINAL_RE.search(paragraph) is not None


def _is_headline(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 25
        and len(line) <= 200
        and line.rstrip("\"'”’)")[-1:] not in {".", ",", ";", ":", "-", "…"}
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘")
        and words[-1].lower() not in _CONTINUE_WORDS
        and len(split_sentences(line)) == 1
    )


# --- cleaning (pure) -----------------------------------------------------------------------

_NEWLINES = str.maketrans({c: "\n" for c in "\x0b\x0c\x85\u2028\u2029"})
_INVISIBLE_RE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES_RE = re.compile(r"[^\S\n]+")


def normalise_whitespace(raw: str) -> str:
    """One space between words, no tabs/NBSP/\\r/invisible characters, stripped lines.

    Curly quotes and dashes are left alone: quotes must stay verbatim (the analyzer folds them).
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_NEWLINES)
    text = _INVISIBLE_RE.sub("", text)
    return "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))


def _md_line(line: str) -> str:
    """Markdown heading marks and link syntax off; an image alone on a line goes entirely."""
    if re.fullmatch(r"!\[[^\]]*\]\([^)]*\)", line):
        return ""
    line = re.sub(r"^#{1,6}\s+|\s+#+$", "", line)
    return _MD_LINK_RE.sub(r"\1", line).strip()


def _split_paragraphs(text: str) -> list[str]:
    """Each non-empty line is a paragraph (some sites use single newlines), unless a block of
    lines is hard-wrapped prose, which is joined back into one paragraph."""
    paragraphs: list[str] = []
    for block in re.split(r"\n{2,}", text):
        lines = [x for x in (_md_line(line) for line in block.split("\n")) if x]
        body = lines[:-1]
        wrapped = (
            len(lines) >= 3
            and all(30 <= len(x) <= 100 for x in body)
            and 2 * sum(not _ends_sentence(x) for x in body) > len(body)
            and not any(_LIST_ITEM_RE.match(x) for x in lines)
        )
        paragraphs.extend([" ".join(lines)] if wrapped else lines)
    return paragraphs


def _continues(prev: str, nxt: str) -> bool:
    """Whether ``nxt`` is the rest of a sentence a stray blank line cut after ``prev``."""
    if _ends_sentence(prev) or prev.endswith(":"):
        return False
    last = prev.rsplit(None, 1)[-1].lower()
    return nxt[0].islower() or prev[-1] in ",;" or last in _CONTINUE_WORDS


def _join_broken(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for p in paragraphs:
        if out and _continues(out[-1], p):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


def _key(sentence: str) -> str:
    return " ".join(sentence.split()).casefold()


def _dedupe(paragraphs: list[str], title: str | None) -> list[str]:
    """First occurrence wins: a paragraph whose sentences all appeared earlier goes, and so does
    a repeated long sentence (scrapers repeat the lead); short ones ("He declined.") may recur."""
    seen: set[str] = {_key(title)} if title else set()
    out: list[str] = []
    for p in paragraphs:
        sentences = [p[a:b] for a, b in split_sentences(p)]
        if all(_key(s) in seen for s in sentences):
            continue
        kept: list[str] = []
        for s in sentences:
            k = _key(s)
            if k not in seen or len(k.split()) < 6:
                kept.append(s)
            seen.add(k)
        out.append(" ".join(kept))
    return out


def clean_article(raw: str) -> tuple[str | None, str | None, str]:
    """A scraped article as (headline or None, ISO date or None, body).

    The body's paragraphs are joined by blank lines and it has no other newline, so sentence
    splitting never crosses a paragraph. Without a headline the first sentence stays in the body.
    """
    paragraphs: list[str] = []
    captions: set[str] = set()
    for p in _split_paragraphs(normalise_whitespace(raw)):
        if _is_caption(p):
            text = caption_text(p)
            if text is not None:
                paragraphs.append(text)
                captions.add(text)
        elif not _is_junk(p):
            paragraphs.append(p)
    date = None
    for i, p in enumerate(paragraphs[:3]):
        date = _header_date(p)
        if date:
            del paragraphs[i]
            break
    title = paragraphs.pop(0) if len(paragraphs) > 1 and _is_headline(paragraphs[0]) else None
    paragraphs = _dedupe(_join_broken(paragraphs), title)
    prose = [p for p in paragraphs if p not in captions]
    if date is None and prose:
        date = _dateline_date(prose[0])
    return title, date, "\n\n".join(paragraphs)


def _first_sentence(text: str) -> str:
    spans = split_sentences(text)
    return text[spans[0][0] : spans[0][1]] if spans else text


# --- reading files -------------------------------------------------------------------------

_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return b"\x00" in data or controls > 0.1 * len(sample)


def _decode(data: bytes, name: str, warn: Warn) -> str:
    """UTF-8 (BOM or not) silently; older Windows/Latin encodings with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-8-sig":
            warn(f"{name}: not valid UTF-8, decoded as {encoding}")
        return text
    warn(f"{name}: not valid UTF-8, decoded as latin-1")
    return data.decode("latin-1")


def _read_text(path: Path, warn: Warn, max_bytes: int) -> str | None:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            warn(f"{path}: skipped, {size} bytes is over the limit of {max_bytes} bytes")
            return None
        data = path.read_bytes()
    except OSError as exc:
        warn(f"{path}: skipped, cannot read it ({exc.strerror or exc})")
        return None
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and _looks_binary(data):
        warn(f"{path}: skipped, looks like a binary file")
        return None
    text = _decode(data, str(path), warn)
    if not text.strip():
        warn(f"{path}: skipped, the file is empty")
        return None
    return text


def _load_folder(folder: Path, warn: Warn, max_bytes: int) -> Iterator[Document]:
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError as exc:
        raise CorpusError(f"cannot list {folder}: {exc.strerror or exc}. {_WHAT_TO_PASS}") from exc
    seen: set[str] = set()
    for name in names:
        path = folder / name
        if name.startswith(".") or path.suffix.lower() not in TEXT_SUFFIXES or not path.is_file():
            continue
        raw = _read_text(path, warn, max_bytes)
        if raw is None:
            continue
        title, date, body = clean_article(raw)
        if not body:
            warn(f"{path}: skipped, no article text left after clean-up")
        elif path.stem in seen:
            warn(f"{path}: skipped, duplicate document id {path.stem!r}")
        else:
            seen.add(path.stem)
            title = title or _first_sentence(body)
            yield Document(id=path.stem, title=title, text=body, date=date, source=str(path))


_FIELDS = ("id", "title", "text", "date", "url", "source")


def _record(raw: bytes, where: str, default_id: str, warn: Warn) -> Document | None:
    """One .jsonl line as a Document, or None (with a warning naming file and line)."""
    try:
        obj = json.loads(_decode(raw, where, warn))
    except json.JSONDecodeError as exc:
        warn(f"{where}: skipped, not valid JSON ({exc.msg})")
        return None
    if not isinstance(obj, dict):
        warn(f"{where}: skipped, expected a JSON object")
        return None
    fields: dict[str, str | None] = {}
    for name in _FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            warn(f"{where}: skipped, field {name!r} must be a string")
            return None
        fields[name] = " ".join(value.split()) if value and name != "text" else value or None
    if not fields["text"] or not fields["text"].strip():
        warn(f"{where}: skipped, missing or empty 'text'")
        return None
    headline, date, body = clean_article(fields["text"])
    title = fields["title"]
    if title and headline and _key(headline) != _key(title):
        body = f"{headline}\n\n{body}"  # not a repeat of the title: keep it as text
    if not body:
        warn(f"{where}: skipped, no article text left after clean-up")
        return None
    return Document(
        id=fields["id"] or default_id,
        title=title or headline or _first_sentence(body),
        text=body,
        date=fields["date"] or date,
        url=fields["url"],
        source=fields["source"],
    )


def _load_jsonl(path: Path, warn: Warn, max_bytes: int) -> Iterator[Document]:
    """Streamed line by line, so ``max_bytes`` bounds one record rather than the whole file."""
    seen: set[str] = set()
    try:
        with path.open("rb") as handle:
            for lineno, raw in enumerate(handle, 1):
                where = f"{path}:{lineno}"
                if len(raw) > max_bytes:
                    warn(f"{where}: skipped, line is over the limit of {max_bytes} bytes")
                    continue
                if not raw.strip():
                    continue
                doc = _record(raw, where, f"{path.stem}-{lineno}", warn)
                if doc is not None and doc.id in seen:
                    warn(f"{where}: skipped, duplicate document id {doc.id!r}")
                elif doc is not None:
                    seen.add(doc.id)
                    yield doc
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror or exc}") from exc


def load_documents(
    path: Path, *, warn: Warn = warn_stderr, max_bytes: int = MAX_BYTES
) -> list[Document]:
    """Every usable article under ``path``; a bad file is skipped with a warning, never fatal."""
    path = Path(path)
    if path.is_dir():
        documents = list(_load_folder(path, warn, max_bytes))
    elif path.is_file() and path.suffix.lower() == ".jsonl":
        documents = list(_load_jsonl(path, warn, max_bytes))
    elif not path.exists():
        raise CorpusError(f"corpus not found: {path} does not exist. {_WHAT_TO_PASS}")
    else:
        raise CorpusError(f"{path} is neither a folder nor a .jsonl file. {_WHAT_TO_PASS}")
    if not documents:
        raise CorpusError(f"no usable documents in {path}. {_WHAT_TO_PASS}")
    return documents


# --- passages ------------------------------------------------------------------------------


def split_passages(
    documents: Sequence[Document], *, window: int = 3, stride: int = 2
) -> list[Passage]:
    """Overlapping sentence windows, so an answer spanning two sentences is found in one passage."""
    if window < 1 or not 1 <= stride <= window:
        raise ValueError(f"need window >= 1 and 1 <= stride <= window, got {window=}, {stride=}")
    passages: list[Passage] = []
    for doc in documents:
        spans = split_sentences(doc.text)
        if not spans:
            continue
        starts = list(range(0, max(len(spans) - window, 0) + 1, stride))
        if starts[-1] + window < len(spans):
            starts.append(len(spans) - window)
        for i in starts:
            chunk = tuple(spans[i : i + window])
            passages.append(Passage(len(passages), doc.id, chunk[0][0], chunk[-1][1], chunk))
    return passages


def load_corpus(
    path: Path,
    *,
    window: int = 3,
    stride: int = 2,
    warn: Warn = warn_stderr,
    max_bytes: int = MAX_BYTES,
) -> Corpus:
    """Documents and passages in one go; the warnings are also kept on the Corpus for /sources."""
    warnings: list[str] = []

    def collect(message: str) -> None:
        warnings.append(message)
        warn(message)

    documents = load_documents(path, warn=collect, max_bytes=max_bytes)
    passages = split_passages(documents, window=window, stride=stride)
    return Corpus(tuple(documents), tuple(passages), tuple(warnings))


def corpus_fingerprint(corpus: Corpus) -> str:
    """The index cache key: it changes whenever indexed text, shown metadata or the passage
    windows change (a new ``window``/``stride`` must not reuse an index built for other ones)."""
    digest = hashlib.sha256(b"qabot-corpus-v1\n")
    for d in corpus.documents:
        digest.update(json.dumps([d.id, d.title, d.date, d.text], ensure_ascii=False).encode())
        digest.update(b"\n")
    for p in corpus.passages:
        digest.update(f"{p.doc_id}\0{p.start}:{p.end}\n".encode())
    return digest.hexdigest()
