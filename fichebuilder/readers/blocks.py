"""The import's intermediate form: a source document as blocks and footnotes.

Every reader (``docx``, ``pdf``, ``text``) turns its format into a
``SourceDocument``: blocks (headings, paragraphs, list items) in reading order, the
footnotes by id, and whatever it found but could not place. Inline, a block's text
is plain text with a few private-use characters standing for what Markdown will
write: a footnote reference, a hyperlink, emphasis. ``markdown`` turns such a text
into the Markdown of a position file.

The readers of paged formats (PDF, plain text) also share what is here: joining a
paragraph's lines (and the hyphens at their ends), finding footnote marks glued to
words, and telling headings and list items from running text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from fichebuilder.readers.headings import Heading, match_heading

# inline stand-ins, replaced by Markdown in ``markdown``
NOTE_OPEN, NOTE_CLOSE = "\ue000", "\ue001"  # NOTE_OPEN id NOTE_CLOSE: a footnote reference
LINK_OPEN, LINK_MID, LINK_CLOSE = "\ue002", "\ue003", "\ue004"  # LINK_OPEN label LINK_MID url LINK_CLOSE
EM, STRONG = "\ue005", "\ue006"  # each toggles italic or bold
_STAND_INS = re.compile("[\ue000-\ue006]")


def note_ref(note_id: str) -> str:
    return f"{NOTE_OPEN}{note_id}{NOTE_CLOSE}"


def link(label: str, url: str) -> str:
    return f"{LINK_OPEN}{label}{LINK_MID}{url}{LINK_CLOSE}"


def plain(text: str) -> str:
    """The words of an inline text: links by their label, without footnote references or emphasis."""
    text = re.sub(f"{NOTE_OPEN}[^{NOTE_CLOSE}]*{NOTE_CLOSE}", "", text)
    text = re.sub(f"{LINK_MID}[^{LINK_CLOSE}]*{LINK_CLOSE}", "", text)
    return _STAND_INS.sub("", text)


def note_ids(text: str) -> list[str]:
    """The footnotes an inline text refers to, in order."""
    return re.findall(f"{NOTE_OPEN}([^{NOTE_CLOSE}]*){NOTE_CLOSE}", text)


@dataclass
class Block:
    """A heading, a paragraph or a list item; ``where`` says where it stood in the source."""

    kind: str  # "heading" | "paragraph" | "item"
    text: str
    where: str
    heading: Heading | None = None
    marker: str = ""  # a list item's "1." or "-", indented where it is nested in another item


@dataclass
class Note:
    """A footnote: its text (inline), and where it stood."""

    text: str
    where: str


@dataclass
class SetAside:
    """Something a reader found that a position file cannot hold: its kind ("equation",
    "image", "page header", "comment" …), where it stood, and whether what it says is
    kept under ``unplaced:`` (an image without alt text says nothing, and is only named)."""

    kind: str
    where: str
    kept: bool = True


@dataclass
class SourceDocument:
    """A source document, read: blocks in reading order, footnotes by id, and the rest."""

    path: Path
    format: str  # "docx" | "pdf" | "text"
    blocks: list[Block] = field(default_factory=list)
    notes: dict[str, Note] = field(default_factory=dict)
    # addresses found beside the text (a PDF's link, a URL printed at a page foot): (url, where)
    links: list[tuple[str, str]] = field(default_factory=list)
    # what a reader found but cannot place in the flow of text (running headers …): (text, where)
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    # what the drafter should know of the reading: content mapped or left out, one line each
    warnings: list[str] = field(default_factory=list)
    # what the position file cannot hold (equations, images, headers, comments), set aside
    aside: list[SetAside] = field(default_factory=list)


def aside_summary(aside: list[SetAside]) -> str:
    """What was set aside, counted by kind: "2 equation(s), 1 image(s) and 1 comment(s)"; and
    where the things that are only named (images without alt text) stood."""
    counts: dict[str, int] = {}
    for thing in aside:
        counts[thing.kind] = counts.get(thing.kind, 0) + 1
    parts = [f"{n} {kind}(s)" for kind, n in counts.items()]
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    named = [thing.where for thing in aside if not thing.kept]
    if named:
        places = ", ".join(named[:5]) + (", …" if len(named) > 5 else "")
        text += f" ({len(named)} without text to keep, left out: {places})"
    return text


# --- Markdown -----------------------------------------------------------------

_ESCAPED = re.compile(r"([\\`*_\[\]<])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LIST_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_BULLET_START = re.compile(r"^([-+*])(?=\s|$)")
_INLINE = re.compile(
    f"{NOTE_OPEN}(?P<note>[^{NOTE_CLOSE}]*){NOTE_CLOSE}"
    f"|{LINK_OPEN}(?P<label>[^{LINK_MID}]*){LINK_MID}(?P<url>[^{LINK_CLOSE}]*){LINK_CLOSE}"
    f"|(?P<toggle>[{EM}{STRONG}])"
)


def escape(text: str) -> str:
    """Plain text as Markdown that reads back as the same text."""
    text = _ESCAPED.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text)


def markdown(text: str, keys: dict[str, str], *, block: bool = True) -> str:
    """Markdown for an inline text; ``keys`` maps footnote ids to the position file's keys.

    With ``block``, the text starts a paragraph: a leading "1. " or "- " is escaped so
    that it stays text instead of starting a list.
    """
    text = " ".join(text.replace("\u00a0", " ").split())
    out: list[str] = []
    position = 0
    for m in _INLINE.finditer(text):
        out.append(escape(text[position : m.start()]))
        position = m.end()
        if m.group("note") is not None:
            key = keys.get(m.group("note"))
            if key:
                out.append(f"[^{key}]")
        elif m.group("url") is not None:
            out.append(_markdown_link(m.group("label"), m.group("url")))
        else:
            out.append("*" if m.group("toggle") == EM else "**")
    out.append(escape(text[position:]))
    result = "".join(out)
    if block:
        result = _LIST_START.sub(r"\1\\\2", result)
        result = _BULLET_START.sub(r"\\\1", result)
    return result


def _markdown_link(label: str, url: str) -> str:
    url = url.strip()
    label = " ".join(label.split())
    if not url:
        return escape(label)
    if label == url and re.fullmatch(r"[A-Za-z][\w+.-]*:[^\s<>]*", url):
        return f"<{url}>"
    target = url if re.fullmatch(r"[^\s()<>]*", url) else f"<{url}>"
    return f"[{escape(label)}]({target})"


# --- lines of paged formats ---------------------------------------------------


@dataclass
class Line:
    """A line of running text as a paged reader found it."""

    text: str
    where: str  # "page 3"
    starts_paragraph: bool = False
    heading_hint: bool = False  # set in bold or italic: may be a heading without its number


_ITEM = re.compile(r"^\s*(\d{1,2})[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^\s*([•▪◦·●■\uf0b7\uf0a7–-])\s+(\S.*)$")
_SENTENCE_END = re.compile(r"[.!?:;][)’”\"\ue001]*\s*$")


def vocabulary(lines: list[str]) -> set[str]:
    """The words of a document, in lower case: which of two spellings it uses elsewhere."""
    words: set[str] = set()
    for line in lines:
        for word in line.split():
            words.add(word.strip(".,;:()[]’‘“”\"'!?").casefold())
    return words


def join_lines(lines: list[str], words: set[str]) -> str:
    """A paragraph's lines as one text; a hyphen at a line's end kept where it is a real hyphen;
    a URL broken over two lines joined without a space (one link where it is one), emphasis
    that goes on onto the next line one emphasis."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif _continues_link(out, line):
            out = _joined_link(out, line)
        elif out.endswith(EM) and line.startswith(EM):
            out = out[: -len(EM)] + " " + line[len(EM) :]
        elif _continues_url(out, line):
            out += line
        elif out.endswith("\u00ad"):
            out = out[:-1] + line
        elif out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            out = _join_hyphenated(out, line, words)
        elif out.endswith(" -") and line[:1].isalpha() and line[:1].islower():
            out += line  # "en -" "operaties": a hyphen that opens a word, broken after it
        else:
            out += " " + line
    return out.replace("\u00ad", "")


_URL_END = re.compile(r"(?:https?://|www\.)\S*$")
_LINK_AT_END = re.compile(f"{LINK_OPEN}([^{LINK_MID}]*){LINK_MID}([^{LINK_CLOSE}]*){LINK_CLOSE}$")
_LINK_AT_START = re.compile(f"^{LINK_OPEN}([^{LINK_MID}]*){LINK_MID}([^{LINK_CLOSE}]*){LINK_CLOSE}")


def url_goes_on(url: str, next_word: str) -> bool:
    """Whether a URL at a line's end goes on with the next line's first word: it stops where
    a URL cannot end ("…/TXT/?", "…/legal-"), or the word goes on as a URL does ("content/NL/…")."""
    if not _URL_END.search(url) or url[-1] in ".,;:)”’\"'":
        return False
    return (
        url[-1] in "-?=&#%_/"
        and bool(re.match(r"[\w%~]", next_word))
        and (url[-1] != "/" or bool(re.search(r"[/=&?#%]|\.(?:pdf|html?|aspx?)$", next_word)))
    )


def _continues_url(out: str, line: str) -> bool:
    """Whether the text ends in a URL that the line goes on with."""
    m = _URL_END.search(out)
    return m is not None and url_goes_on(m.group(0), line.split()[0])


def _continues_link(out: str, line: str) -> bool:
    """Whether the text ends in a link that the line starts with again (a label broken over two lines)."""
    end, start = _LINK_AT_END.search(out), _LINK_AT_START.match(line)
    return end is not None and start is not None and end.group(2) == start.group(2)


def _joined_link(out: str, line: str) -> str:
    """A link's label broken over two lines as one link, without a space where a URL goes on."""
    end, start = _LINK_AT_END.search(out), _LINK_AT_START.match(line)
    assert end is not None and start is not None
    first, second = end.group(1), start.group(1)
    goes_on = url_goes_on(first, second.split()[0] if second else "")
    label = first + ("" if goes_on or first.endswith("\u00ad") else " ") + second
    return out[: end.start()] + link(label.replace("\u00ad", ""), end.group(2)) + line[start.end() :]


def _join_hyphenated(before: str, line: str, words: set[str]) -> str:
    """A line ending in a hyphen joined with the next.

    Fiches are written in Word without hyphenation, so a hyphen at a line's end is
    nearly always part of a compound ("EU-" "organisatie"): it is kept and the
    words joined. A suspended hyphen ("marine-" "en kustwachtschepen") keeps its
    space. Only where both halves are lower case and the document spells the joined
    word elsewhere without a hyphen is it taken for a hyphenation and dropped.
    """
    head = before[:-1].split()[-1] if before[:-1].split() else ""
    tail = line.split()[0]
    if tail in ("en", "of", "tot", "noch", "and", "or"):
        return before + " " + line
    head_word = head.strip("(“‘\"'")
    tail_word = tail.strip(".,;:)”’\"'")
    if tail[:1].isalpha() and head_word.isalpha() and tail_word.isalpha() and (head_word + tail_word).islower():
        joined = (head_word + tail_word).casefold()
        if joined in words and f"{head_word}-{tail_word}".casefold() not in words:
            return before[:-1] + line
    return before + line


def glued_mark(text: str, number: str, start: int = 0) -> tuple[int, int] | None:
    """Where footnote mark ``number`` stands glued to a word in ``text`` ("drugsstrategie1",
    "2025,4", "disruption).5"), from ``start``; None where it is not found."""
    pattern = re.compile(r"(?<=[^\W\d_]|[).,;:’”\"\]])" + re.escape(number) + r"(?=[\s.,;:)”’\"]|$)")
    m = pattern.search(text, start)
    return (m.start(), m.end()) if m else None


# words a number follows as a number, not as a footnote mark ("actie 3", "artikel 4, lid 3", "op 4 december")
_NUMBERED = frozenset(
    {
        *("actie", "acties", "actiepunt", "actiepunten", "maatregel", "maatregelen", "pijler", "pijlers"),
        *("artikel", "artikelen", "art", "lid", "leden", "nr", "nrs", "nummer", "gebied", "gebieden"),
        *("aandachtsgebied", "thema", "prioriteit", "hoofdstuk", "paragraaf", "punt", "punten", "bijlage"),
        *("fase", "stap", "optie", "categorie", "niveau", "versie", "deel", "titel", "afdeling", "onderdeel"),
        *("sectie", "tabel", "figuur", "pagina", "blz", "alinea", "overweging", "doelstelling", "scenario"),
        *("jaar", "week", "maand", "dag", "kwartaal", "op", "van", "tot", "en", "of", "met", "in", "na"),
        *("voor", "dan", "per", "bij", "om", "over", "ca", "circa", "ruim", "bijna", "ongeveer", "de", "het", "een"),
    }
)
_AFTER_NUMBER = re.compile(
    r"\s*(?:%|procent|miljoen|miljard|euro|januari|februari|maart|april|mei|juni|juli|augustus|september|"
    r"oktober|november|december)\b",
    re.IGNORECASE,
)


def spaced_mark(text: str, number: str, start: int = 0) -> tuple[int, int] | None:
    """Where footnote mark ``number`` stands apart from its word in ``text``, as pdftotext writes
    a raised digit ("drugsstrategie 1 zich"), from ``start``: the span holds the space before it.
    A number after a word that takes one ("actie 3") or before a month or unit is not a mark."""
    pattern = re.compile(r"(?<=[^\W\d_]|[).,;:’”\"\]]) " + re.escape(number) + r"(?=[\s.,;:)”’\"]|$)")
    for m in pattern.finditer(text, start):
        before = text[: m.start()].split()
        word = before[-1].strip("(“‘\"'").rstrip(".,;:").casefold() if before else ""
        if word in _NUMBERED or _AFTER_NUMBER.match(text, m.end()):
            continue
        return m.start(), m.end()
    return None


def footnote_mark(text: str, number: str, start: int = 0) -> tuple[int, int] | None:
    """Where footnote mark ``number`` stands in ``text`` from ``start``, glued to its word or apart
    from it (the first of the two); the span of a mark apart holds the space before it."""
    found = [m for m in (glued_mark(text, number, start), spaced_mark(text, number, start)) if m]
    if found:
        return min(found)
    # glued to a year, as pdftotext writes "273/2004" with mark 1 after it: "273/20041"
    after_year = re.compile(r"(?<![\d/])(?:\d+/)?(?:19|20)\d\d(" + re.escape(number) + r")(?=[\s.,;:)”’\"]|$)")
    m = after_year.search(text, start)
    return (m.start(1), m.end(1)) if m else None


@dataclass
class _Gathering:
    """The blocks found so far and the one being gathered: its lines, kind, marker and start.

    Between blocks the lines are empty but the kind and the last item's number stay: a
    list may go on after a heading ("2." after "1." across it).
    """

    words: set[str]
    blocks: list[Block] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    kind: str = "paragraph"
    marker: str = ""
    where: str = ""
    item_number: int = 0

    def flush(self) -> None:
        if self.lines:
            self.blocks.append(Block(self.kind, join_lines(self.lines, self.words), self.where, marker=self.marker))
        self.lines = []

    def start(self, text: str, kind: str, where: str, *, marker: str = "", item_number: int = 0) -> None:
        self.flush()
        self.lines, self.kind, self.where, self.marker, self.item_number = [text], kind, where, marker, item_number

    def add(self, line: Line, text: str) -> None:
        """A line of running text: it starts a list item or a paragraph, or goes on with the open one."""
        item = _ITEM.match(text)
        bullet = _BULLET.match(text)
        previous = self.lines[-1] if self.lines else ""
        opens_list = not self.lines or line.starts_paragraph or previous.rstrip().endswith((":", ";"))
        if item and (
            (self.kind == "item" and int(item.group(1)) == self.item_number + 1)
            or (opens_list and int(item.group(1)) == 1)
        ):
            self.start(item.group(2), "item", line.where, marker=item.group(1) + ".", item_number=int(item.group(1)))
        elif bullet and (self.kind == "item" or opens_list):
            self.start(bullet.group(2), "item", line.where, marker="-")
        elif line.starts_paragraph or not self.lines:
            self.start(text, "paragraph", line.where)
        else:
            self.lines.append(text)


# a bullet before a lettered or numbered heading, as the official publications site shows
# section 1's items ("• a) Titel voorstel")
_BULLETED_HEADING = re.compile(r"^\s*[•▪◦·●■\uf0b7\uf0a7]\s+(?=[a-j]\s*\)|\d{1,2}\s*[.)]\s)")
_TITLE_LINE = re.compile(r"^\s*Fiche(?:\s+\d+)?\s*:")


def blocks_from_lines(lines: list[Line]) -> list[Block]:
    """Headings, paragraphs and list items from the lines of running text.

    A paragraph that starts "Fiche:" is a fiche's title wherever it stands: in a batch a
    new fiche starts there (and the letter before the fiches lists them so)."""
    # headings are matched on their words: a bullet before one, or its being set in bold, aside
    texts = [_BULLETED_HEADING.sub("", line.text.replace(EM, "").replace(STRONG, "")) for line in lines]
    gathering = _Gathering(vocabulary(texts))
    section: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text.strip()
        if not text:
            i += 1
            continue
        if line.starts_paragraph and _TITLE_LINE.match(text):
            section = None
        if line.starts_paragraph or not gathering.lines:
            found = match_heading(texts, i, section=section, letterless=line.heading_hint)
        else:
            found = match_heading(texts, i, section=section) if _could_be_heading(texts[i]) else None
        if found is None:
            gathering.add(line, text)
            i += 1
            continue
        gathering.flush()
        heading = found.heading
        if heading.level == 1:
            section = heading.number
        i += found.lines
        if heading.level == 0:
            heading, i = _wrapped_title(heading, lines, texts, i, gathering.words)
        gathering.blocks.append(Block("heading", heading.text, line.where, heading=heading))
        if found.rest:
            gathering.start(found.rest, "paragraph", line.where)
    gathering.flush()
    return gathering.blocks


def _wrapped_title(
    heading: Heading, lines: list[Line], texts: list[str], i: int, words: set[str]
) -> tuple[Heading, int]:
    """A long title wraps onto the lines after it, in the same paragraph; and where reading goes on."""
    more = []
    while i < len(lines) and lines[i].text.strip() and not lines[i].starts_paragraph:
        if match_heading(texts, i, section=None) is not None:
            break
        more.append(lines[i].text)
        i += 1
    return (replace(heading, text=join_lines([heading.text, *more], words)) if more else heading), i


def _could_be_heading(text: str) -> bool:
    """Whether a line inside a paragraph starts like a numbered or lettered heading."""
    return bool(re.match(r"^\s*(\d{1,2}\s*[.)]?\s+\S|[a-j]\s*\)|Fiche\b)", text))


def clean(text: str) -> str:
    """Text as a reader takes it: ligatures undone, odd spaces made plain."""
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    return "".join(unicodedata.normalize("NFKC", ch) if "\ufb00" <= ch <= "\ufb06" else ch for ch in text)
