"""Importing a fiche: a Word document, a PDF or plain text -> a position file.

    source --read (importdocx | importpdf | importtext)--> SourceDocument (blocks, notes)
           --recognise--> the position file's data --yamlwrite--> positions/NAME.yaml

Recognising works on the blocks, whatever the format: the numbered sections and
lettered sub-sections by their headings (``importheadings``), the general data
fields, the section-4 verdicts, and in section 3b the areas and actions where the
text names them ("Actie 2 gaat over …", "Voor wat betreft actie 3, …", "(actie 12)").
Each action's stance is proposed from its wording (``wording``) and marked as
proposed. Nothing is dropped: text that cannot be placed goes to ``unplaced`` with
where it stood, and a footnote whose mark is not found goes there too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fichebuilder.errors import FicheError, OutputError, SourceError, UsageError
from fichebuilder.readers import wording
from fichebuilder.readers.blocks import (
    LINK_CLOSE,
    LINK_MID,
    LINK_OPEN,
    NOTE_CLOSE,
    NOTE_OPEN,
    Block,
    SourceDocument,
    markdown,
    note_ids,
    plain,
)
from fichebuilder.source.yamlwrite import Commented, dump_position

MAX_BYTES = 50 * 1024 * 1024
NOT_FOUND = "niet gevonden in de bron: vul in"

# the fields of section 1 whose value is data, not Markdown
_GENERAL = ("proposal_title", "received", "com_number", "eurlex", "impact_assessment", "council", "ministry")
_LEGISLATIVE_GENERAL = ("legal_basis", "decision_procedure", "parliament_role")
_GROUNDS = ("competence", "subsidiarity", "proportionality", "financial", "burden")
_FINANCIAL = ("eu_budget", "national", "business", "competitiveness")
_LEGAL = ("national_rules", "delegated_acts", "deadline", "evaluation", "constitutional")


@dataclass
class Imported:
    """What an import wrote, and what the drafter should know about it."""

    path: Path
    data: dict[str, Any]
    text: str
    missing: list[str] = field(default_factory=list)  # required fields the source did not give
    problem: str | None = None  # why the written file does not load, if it does not

    @property
    def actions(self) -> list[dict[str, Any]]:
        return list(self.data.get("actions", []))

    @property
    def unplaced(self) -> list[dict[str, Any]]:
        return list(self.data.get("unplaced", []))


# --- reading -------------------------------------------------------------------


def read_source(path: Path | str) -> SourceDocument:
    """A source document read into blocks; the reader is chosen by what the file holds."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(f"is too large to be a fiche ({size // (1024 * 1024)} MB)", file=path)
        data = path.read_bytes()
    except IsADirectoryError:
        raise SourceError("is a folder; give the .docx, .pdf or .txt file of a fiche", file=path) from None
    except FileNotFoundError:
        raise SourceError("does not exist", file=path) from None
    except OSError as e:
        raise SourceError(f"cannot be read: {e.strerror}", file=path) from None
    if not data.strip():
        raise SourceError("is empty: there is no text to import", file=path)
    head = data[:1024]
    if b"%PDF-" in head:
        from fichebuilder.readers.pdf import read_pdf

        return read_pdf(path, data)
    if head.startswith(b"PK\x03\x04"):
        from fichebuilder.readers.docx import read_docx_blocks

        return read_docx_blocks(path, data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(
            "is a Word 97-2003 document (.doc) or a password-protected one; save it as a .docx "
            "without password in Word and import that",
            file=path,
        )
    if path.suffix.lower() in (".docx", ".pdf"):
        raise SourceError(f"is not a {path.suffix.lower()[1:].upper()} file (its content says otherwise)", file=path)
    from fichebuilder.readers.text import read_text

    return read_text(path, data)


# --- recognising -----------------------------------------------------------------


@dataclass
class _Part:
    """The blocks under one heading: a section (``sub`` None) or a sub-section."""

    section: str
    section_key: str
    sub: str | None
    key: str
    blocks: list[Block] = field(default_factory=list)
    where: str = ""


@dataclass
class _Paragraph:
    """A paragraph (a list of sentences) or a list item of section 3b, as it will be written."""

    kind: str  # "paragraph" | "item"
    sentences: list[str]
    marker: str = ""


@dataclass
class _Segment:
    """A run of section 3b's text that belongs to the assessment, an area or an action."""

    kind: str  # "assessment" | "area" | "action"
    number: int = 0
    same_paragraph: bool = False
    paragraphs: list[_Paragraph] = field(default_factory=list)


class _Recogniser:
    def __init__(self, document: SourceDocument) -> None:
        self.document = document
        self.unplaced: list[tuple[str, str]] = []  # (inline text, where)
        self.missing: list[str] = []
        self.keys: dict[str, str] = {}

    # the parts ------------------------------------------------------------------

    def parts(self) -> tuple[str | None, list[_Part]]:
        title: str | None = None
        parts: list[_Part] = []
        for block in self.document.blocks:
            heading = block.heading
            if heading is not None and heading.level == 0 and not parts and title is None:
                title = heading.text
            elif heading is not None and heading.level == 1:
                parts.append(_Part(heading.number, heading.key, None, heading.key, where=block.where))
            elif heading is not None and heading.level == 2 and parts:
                section = parts[-1]
                parts.append(
                    _Part(section.section, section.section_key, heading.number, heading.key, where=block.where)
                )
            elif not parts:
                self.unplaced.append((_block_inline(block), f"{block.where}, before section 1"))
            elif heading is not None:
                self.unplaced.append((_heading_line(block), f"{block.where}, a heading out of place"))
            else:
                parts[-1].blocks.append(block)
        return title, parts

    # footnote keys ----------------------------------------------------------------

    def footnote_keys(self) -> None:
        """A key per footnote: the word its mark is glued to, else a word of its text."""
        before: dict[str, str] = {}
        for block in self.document.blocks:
            text = block.text
            for m in re.finditer(f"{NOTE_OPEN}([^{NOTE_CLOSE}]*){NOTE_CLOSE}", text):
                words = plain(text[: m.start()]).split()
                before.setdefault(m.group(1), words[-1] if words else "")
        used: set[str] = set()
        for note_id, note in self.document.notes.items():
            candidates = [before.get(note_id, "")] + plain(note.text).split()
            key = ""
            for word in candidates:
                slug = _slug(word)
                if "/" in word or len(slug) > 30:
                    continue  # an address makes a poor name
                if len(slug) >= 3 and not slug.isdigit() and slug not in _STOP_WORDS:
                    key = slug
                    break
            key = key or f"noot-{note_id.lstrip('n')}"
            unique, n = key, 2
            while unique in used:
                unique, n = f"{key}-{n}", n + 1
            used.add(unique)
            self.keys[note_id] = unique

    # texts ------------------------------------------------------------------------

    def text(self, blocks: list[Block]) -> str | None:
        """The Markdown of a run of blocks (paragraphs and list items)."""
        return _join_markdown([(b.kind, b.marker, markdown(b.text, self.keys, block=b.kind != "item")) for b in blocks])

    def plain_text(self, blocks: list[Block]) -> str:
        return " ".join(" ".join(plain(b.text) for b in blocks).split())


_STOP_WORDS = {"de", "het", "een", "van", "en", "in", "op", "voor", "met", "zie", "dat", "die", "the", "and", "of"}


def _slug(word: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", word.casefold()).strip("-")


def _block_inline(block: Block) -> str:
    if block.kind == "heading":
        return _heading_line(block)
    return f"{block.marker} {block.text}" if block.kind == "item" else block.text


def _heading_line(block: Block) -> str:
    heading = block.heading
    if heading is None:
        return block.text
    prefix = {0: "Fiche: ", 1: f"{heading.number}. ", 2: f"{heading.number}) "}[heading.level]
    return prefix + heading.text


def _join_markdown(pieces: list[tuple[str, str, str]]) -> str | None:
    """Paragraphs apart by a blank line; consecutive list items on consecutive lines."""
    out = ""
    previous = ""
    for kind, marker, text in pieces:
        if not text:
            continue
        piece = f"{marker} {text}" if kind == "item" else text
        if not out:
            out = piece
        elif kind == "item" and previous == "item" and marker[-1:] == out.rsplit("\n", 1)[-1].split(" ", 1)[0][-1:]:
            out += "\n" + piece
        else:
            out += "\n\n" + piece
        previous = kind
    return out or None


def recognise(document: SourceDocument) -> tuple[dict[str, Any], list[str]]:
    """The position file's data for a source document, and the required fields it lacks."""
    recogniser = _Recogniser(document)
    title, parts = recogniser.parts()
    sections = {p.section for p in parts if p.sub is None}
    if len(sections) < 2:
        raise SourceError(
            "does not look like a BNC fiche: its numbered section headings (1. Algemene gegevens, "
            "2. Essentie voorstel, 3. Nederlandse positie …) were not found",
            file=document.path,
        )
    recogniser.unplaced.extend(document.unplaced)
    recogniser.footnote_keys()
    kind = _kind(parts)
    data: dict[str, Any] = {"kind": kind}
    data["title"] = _required(title, "title", recogniser.missing)
    # a section's own text and its sub-section of the same name (2 and 2 a) are read together
    by_key: dict[tuple[str, str], list[_Part]] = {}
    for part in parts:
        by_key.setdefault((part.section, part.key), []).append(part)
    placed: set[int] = set()
    missing = recogniser.missing

    def take(section: str, key: str) -> list[Block]:
        found = by_key.get((section, key), [])
        placed.update(id(part) for part in found)
        return [block for part in found for block in part.blocks]

    def text(section: str, key: str, name: str) -> Any:
        return _required(recogniser.text(take(section, key)), name, missing)

    data["general"] = _general(recogniser, take, document, legislative=kind == "legislative")
    essence = take("2", "essence")
    data["essence"] = _required(recogniser.text(essence), "essence", missing)
    position = "position_legislative" if kind == "legislative" else "position_communication"
    # section 3's own text (before a) is unusual; it is kept with the policy
    areas, actions, assessment = _assessment(recogniser, take("3", "assessment"), essence)
    data["position"] = {
        "policy": _required(recogniser.text(take("3", position) + take("3", "policy")), "position.policy", missing),
        # a section 3b that names an action in its first sentence has no general part: that is allowed
        "assessment": assessment or ("" if areas or actions else _required(None, "position.assessment", missing)),
        "balance": text("3", "balance", "position.balance"),
    }
    if areas:
        data["areas"] = areas
    if actions:
        data["actions"] = actions
    grounds = _GROUNDS if kind == "communication" else _GROUNDS[:3]
    data["grounds"] = {key: _ground(recogniser, take("4", key), key) for key in grounds}
    if kind == "legislative":
        data["impact_assessment_summary"] = text("2", "impact_assessment_summary", "impact_assessment_summary")
        data["financial"] = {k: text("5", k, f"financial.{k}") for k in _FINANCIAL}
        data["legal"] = {k: text("6", k, f"legal.{k}") for k in _LEGAL}
        data["implementation"] = text("7", "implementation", "implementation")
        data["developing_countries"] = text("8", "developing_countries", "developing_countries")
    for part in parts:
        if id(part) not in placed and part.blocks:
            heading = f"{part.section}{' ' + part.sub + ')' if part.sub else '.'} ({part.key})"
            recogniser.unplaced.append((_plain_join(part.blocks), f"{part.where}, under heading {heading}"))
    unplaced = [(text, where) for text, where in recogniser.unplaced if plain(text).strip() or note_ids(text)]
    used = set(re.findall(r"\[\^([^\]\s]+)\]", _all_markdown(data)))
    used |= {recogniser.keys.get(note_id, "") for text, _ in unplaced for note_id in note_ids(text)}
    footnotes: dict[str, str] = {}
    for note_id, note in document.notes.items():
        key = recogniser.keys[note_id]
        if key in used:
            footnotes[key] = markdown(note.text, {}, block=False)
        else:
            number = note_id.lstrip("n")
            unplaced.append((note.text, f"{note.where}, footnote {number}, whose mark in the text was not found"))
    if footnotes:
        data["footnotes"] = footnotes
    if unplaced:
        data["unplaced"] = [{"text": _unplaced_markdown(t, recogniser.keys), "source": w} for t, w in unplaced]
    return data, recogniser.missing


def _kind(parts: list[_Part]) -> str:
    keys = {p.section_key for p in parts if p.sub is None}
    numbers = {int(p.section) for p in parts if p.sub is None}
    if "position_legislative" in keys or "grounds_legislative" in keys or max(numbers, default=0) >= 5:
        return "legislative"
    return "communication"


def _required(value: Any, name: str, missing: list[str]) -> Any:
    if value is None or value == "":
        missing.append(name)
        return Commented(None, NOT_FOUND)
    return value


# --- section 1 ------------------------------------------------------------------


def _general(recogniser: _Recogniser, take: Any, document: SourceDocument, *, legislative: bool) -> dict[str, Any]:
    general: dict[str, Any] = {}
    missing = recogniser.missing
    general["proposal_title"] = _required(
        recogniser.text(take("1", "proposal_title")), "general.proposal_title", missing
    )
    received_blocks = take("1", "received")
    received_text = recogniser.plain_text(received_blocks)
    received = wording.parse_date(received_text)
    if received is None:
        if received_text:
            recogniser.unplaced.append((received_text, "section 1 b), not a date"))
        missing.append("general.received")
        general["received"] = Commented(None, "niet gevonden in de bron: vul de datum in (JJJJ-MM-DD)")
    else:
        general["received"] = received
        rest = re.sub(r"^\s*\d{1,2}\s*\w+\.?\s+\d{4}\s*|^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\s*", "", received_text)
        if rest.strip():
            recogniser.unplaced.append((rest.strip(), "section 1 b), after the date"))
    com = recogniser.plain_text(take("1", "com_number"))
    com = re.sub(r"\bCOM\s*\(\s*(\d{4})\s*\)\s*(\d+)", r"COM(\1) \2", com)
    general["com_number"] = _required(com, "general.com_number", missing)
    general["eurlex"] = _eurlex(recogniser, take("1", "eurlex"), document, com)
    for key in ("impact_assessment", "council", "ministry"):
        general[key] = _required(recogniser.text(take("1", key)), f"general.{key}", missing)
    for key in _LEGISLATIVE_GENERAL:
        text = recogniser.text(take("1", key))
        if legislative:
            general[key] = _required(text, f"general.{key}", missing)
        elif text:
            recogniser.unplaced.append((_plain_join(take("1", key)), f"section 1, {key} (a legislative fiche's field)"))
    return general


_URL = re.compile(r"https?://\S+")


def _eurlex(recogniser: _Recogniser, blocks: list[Block], document: SourceDocument, com: str) -> Any:
    """Section 1 d): a link's address and label, from the link itself, a URL printed nearby,
    or, failing both, made from the COM number (and said so)."""
    raw = " ".join(b.text for b in blocks)
    m = re.search(f"{LINK_OPEN}([^{LINK_MID}]*){LINK_MID}([^{LINK_CLOSE}]*){LINK_CLOSE}", raw)
    label = " ".join(plain(raw).split())
    url = m.group(2).strip() if m else ""
    if not url:
        found = _URL.search(label)
        if found:
            url = found.group(0)
            label = " ".join(label.replace(url, "").split())
    if not url:
        for address, _where in document.links:
            if "eur-lex.europa.eu" in address:
                url = address
                document.links.remove((address, _where))
                break
    for address, where in document.links:
        recogniser.unplaced.append((address, f"{where}, a link address at the page foot"))
    document.links.clear()
    if not url:
        number = re.match(r"COM\((\d{4})\) (\d+)", com)
        if not number:
            recogniser.missing.append("general.eurlex.url")
            link: dict[str, Any] = {"url": Commented(None, NOT_FOUND)}
        else:
            year, serial = number.groups()
            made = f"https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=COM:{year}:{serial}:FIN"
            link = {"url": Commented(made, "afgeleid van het COM-nummer: controleer")}
        if label:
            link["label"] = label
        return link
    return {"url": url, "label": label} if label and label != url else {"url": url}


# --- section 4 ------------------------------------------------------------------

_VERDICT = re.compile(
    r"^\s*(?:De grondhouding van het kabinet|Het oordeel van het kabinet ten aanzien van de \w+) is "
    r"(positief|negatief|neutraal|gemengd)\.\s*",
    re.IGNORECASE,
)
_VERDICTS = {"positief": "positive", "negatief": "negative", "neutraal": "neutral", "gemengd": "mixed"}


def _ground(recogniser: _Recogniser, blocks: list[Block], key: str) -> dict[str, Any]:
    ground: dict[str, Any] = {}
    if blocks and blocks[0].kind == "paragraph":
        m = _VERDICT.match(blocks[0].text)
        if m:
            ground["verdict"] = _VERDICTS[m.group(1).casefold()]
            rest = blocks[0].text[m.end() :]
            blocks = ([Block("paragraph", rest, blocks[0].where)] if rest.strip() else []) + blocks[1:]
    ground["text"] = _required(recogniser.text(blocks), f"grounds.{key}.text", recogniser.missing)
    return ground


# --- footnotes and unplaced text ------------------------------------------------


def _all_markdown(value: Any) -> str:
    if isinstance(value, Commented):
        return _all_markdown(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(_all_markdown(v) for k, v in value.items() if k != "footnotes")
    if isinstance(value, list):
        return "\n".join(_all_markdown(v) for v in value)
    return ""


def _unplaced_markdown(text: str, keys: dict[str, str]) -> str:
    pieces = []
    for paragraph in text.split("\n\n"):
        pieces.append(("paragraph", "", markdown(paragraph, keys)))
    return _join_markdown(pieces) or ""


# --- section 3 b: areas and actions ----------------------------------------------

_ACTION = re.compile(r"\b(?:actie|actiepunt|maatregel)\s+(\d{1,3})\b(?!\s*(?:[-–]|tot|en)\s*\d)", re.IGNORECASE)
_AREA_ORDINAL = re.compile(
    r"\b(eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende|laatste)\s+"
    r"(?:thematische?\s+|prioritaire?\s+)?(?:aandachts?gebied|gebied|thema|prioriteit)\b",
    re.IGNORECASE,
)
_AREA_NUMBER = re.compile(r"\b(?:aandachts?gebied|gebied|thema)\s+(?:nummer\s+|nr\.?\s*)?(\d{1,2})\b", re.IGNORECASE)
_AREA_COUNT = re.compile(
    r"\b(\w+)\s+(?:thematische\s+|prioritaire\s+)?(?:aandachts?gebieden|gebieden|thema'?s)\b", re.IGNORECASE
)
_AREA_SUBJECT = re.compile(
    r"^(?:.*?\b(?:aandachts?gebied|gebied|thema)\b)\s*(?:van het \w+\s*)?"
    r"(?:,\s*(?:te weten\s+)?|\s+(?:betreft|gaat over|is|richt zich op|omvat|ziet op)\s+)(?P<subject>.+)$",
    re.IGNORECASE,
)


def _area_number(sentence: str, *, last: int | None, previous: int) -> int | None:
    m = _AREA_ORDINAL.search(plain(sentence))
    if m:
        word = m.group(1).casefold()
        if word == "laatste":
            return last if last is not None else previous + 1
        return wording.ORDINALS[word]
    m = _AREA_NUMBER.search(plain(sentence))
    return int(m.group(1)) if m else None


def _mentioned_actions(sentence: str) -> list[int]:
    return [int(n) for n in _ACTION.findall(plain(sentence))]


@dataclass
class _Essence:
    """What section 2 says of areas and actions: titles, which area an action is in, counts."""

    area_titles: dict[int, str] = field(default_factory=dict)
    action_area: dict[int, int] = field(default_factory=dict)
    action_sentences: dict[int, list[str]] = field(default_factory=dict)
    area_count: int | None = None


def _read_essence(blocks: list[Block]) -> _Essence:
    essence = _Essence()
    area = 0
    for block in blocks:
        for sentence in wording.sentences(plain(block.text)):
            m = _AREA_COUNT.search(sentence)
            if m and wording.number_of(m.group(1)):
                essence.area_count = wording.number_of(m.group(1))
            number = _area_number(sentence, last=essence.area_count, previous=area)
            if number is not None and re.match(r"^\s*(?:Het|De|Een)\b", sentence):
                area = number
                subject = _AREA_SUBJECT.match(sentence)
                if subject:
                    essence.area_titles.setdefault(area, _short_title(subject.group("subject")))
            for action in _mentioned_actions(sentence):
                essence.action_sentences.setdefault(action, []).append(sentence)
                if area:
                    essence.action_area.setdefault(action, area)
    return essence


_TRAILING = {
    "en",
    "of",
    "van",
    "de",
    "het",
    "een",
    "voor",
    "met",
    "tussen",
    "in",
    "op",
    "om",
    "te",
    "aan",
    "bij",
    "door",
}


def _short_title(phrase: str, *, words: int = 10) -> str:
    """A short title from a phrase: its head, without the article, at most ``words`` words."""
    phrase = re.split(r"\s*[(;:]\s*|\.\s|\.$", phrase.strip())[0]
    phrase = re.sub(r"^(?:ten slotte|tot slot|tevens|ook|onder meer|verder)\s+", "", phrase, flags=re.IGNORECASE)
    phrase = re.sub(r"^(?:het|de|een)\s+", "", phrase, flags=re.IGNORECASE).strip(" .,")
    for cut in (r",\s", r"\s(?:om|waarbij|zodat|die|dat|zolang)\s"):
        if len(phrase.split()) > words:
            m = re.search(cut, phrase)
            if m and len(phrase[: m.start()].split()) >= 3:
                phrase = phrase[: m.start()]
    kept = phrase.split()[:words]
    while len(kept) > 2 and kept[-1].casefold() in _TRAILING:
        kept.pop()
    if not kept:
        return ""
    title = " ".join(kept).strip(" ,")
    return title[0].upper() + title[1:]


_TITLE_AFTER = [
    re.compile(r"\b(?:actie|actiepunt|maatregel)\s+{n}\s*\((?P<t>[^)]+)\)", re.IGNORECASE),
    re.compile(r"\b(?:actie|actiepunt|maatregel)\s+{n}\s*,\s*(?P<t>[^,]+),", re.IGNORECASE),
    re.compile(
        r"\b(?:actie|actiepunt|maatregel)\s+{n}\s+(?:gaat over|betreft|richt zich op|ziet(?: ten slotte)? op|"
        r"stelt(?:,[^,]*,)? voor om)\s+(?P<t>.+)",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:met|in|onder) actie {n},? (?:wil de Commissie|wordt|stelt de Commissie voor)\s+(?P<t>.+)", re.I),
]


# where the description of an action starts in a sentence that ends with "(actie N)"
_CLAUSE_STARTS = [
    r"\bstelt de Commissie voor om\s+",
    r"\bvoor om\s+",
    r"\bzet de Commissie in op\s+",
    r"\bdoor(?! middel)\s+",
    r"\bstelt de Commissie voor\s+",
    r"\bDe Commissie wil\s+",
    r"\bwil de Commissie\s+",
    r"\bvoorstander van\s+",
    r"\b(?:steunt|onderschrijft|verwelkomt)\s+(?:het kabinet\s+)?",
    r"\bachter\s+",
]


def _action_title(number: int, discussed: list[str], described: list[str]) -> str:
    """A short title for an action from the sentences that name it in section 3 b (``discussed``)
    and section 2 (``described``); "Actie N" where none fits."""
    sentences = discussed + described
    for template in _TITLE_AFTER:
        pattern = re.compile(template.pattern.replace("{n}", str(number)), template.flags)
        for sentence in sentences:
            m = pattern.search(plain(sentence))
            if m:
                title = _short_title(m.group("t"))
                if len(title.split()) >= 2:
                    return title
    for sentence in described + discussed:
        m = re.search(rf"(?P<t>.+?)\s*\((?:actie|actiepunt|maatregel)\s+{number}\)", plain(sentence), re.IGNORECASE)
        if not m:
            continue
        clause = m.group("t")
        for marker in _CLAUSE_STARTS:
            found = re.search(marker, clause, re.IGNORECASE)
            if found:
                clause = clause[found.end() :]
                break
        title = _short_title(re.sub(r"\s+te\s+\w+$", "", clause.strip()))
        if len(title) >= 4:
            return title
    return f"Actie {number}"


def _area_title(number: int, sentence: str, essence: _Essence) -> str:
    if number in essence.area_titles:
        return essence.area_titles[number]
    subject = _AREA_SUBJECT.match(plain(sentence))
    if subject:
        title = _short_title(subject.group("subject"))
        if title:
            return title
    return f"Aandachtsgebied {number}"


def _assessment(
    recogniser: _Recogniser, blocks: list[Block], essence_blocks: list[Block]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
    """Section 3b: the general assessment, the areas and the actions, in the order of the text."""
    essence = _read_essence(essence_blocks)
    segments = [_Segment("assessment")]
    seen_actions: set[int] = set()
    seen_areas: set[int] = set()
    area_sentences: dict[int, str] = {}
    action_sentences: dict[int, list[str]] = {}
    last_area = essence.area_count or (max(essence.area_titles) if essence.area_titles else None)
    previous_area = 0
    for block in blocks:
        pieces = [block.text] if block.kind == "item" else wording.sentences(block.text)
        if not pieces:
            continue
        number = _area_number(pieces[0], last=last_area, previous=previous_area) if block.kind == "paragraph" else None
        if number is not None and number not in seen_areas:
            seen_areas.add(number)
            previous_area = number
            area_sentences[number] = pieces[0]
            segments.append(_Segment("area", number))
        for index, sentence in enumerate(pieces):
            for mentioned in _mentioned_actions(sentence):
                action_sentences.setdefault(mentioned, []).append(sentence)
            new = [a for a in _mentioned_actions(sentence) if a not in seen_actions]
            if new:
                seen_actions.add(new[0])
                segments.append(_Segment("action", new[0], same_paragraph=index > 0))
            segment = segments[-1]
            if index == 0 or not segment.paragraphs:
                segment.paragraphs.append(_Paragraph(block.kind, [sentence], block.marker))
            else:
                segment.paragraphs[-1].sentences.append(sentence)
    first_area = next((i for i, s in enumerate(segments) if s.kind == "area"), None)
    first_action = next((i for i, s in enumerate(segments) if s.kind == "action"), None)
    with_areas = first_area is not None and (first_action is None or first_area < first_action)
    if not with_areas:
        segments = _fold_areas(segments)
    assessment = _markdown_of(recogniser, segments[0].paragraphs, marks=False)
    areas: dict[int, dict[str, Any]] = {}
    actions: list[dict[str, Any]] = []
    current_area: int | None = None
    for segment in segments[1:]:
        if segment.kind == "area":
            current_area = segment.number
            area: dict[str, Any] = {
                "number": segment.number,
                "title": _area_title(segment.number, area_sentences.get(segment.number, ""), essence),
            }
            text = _markdown_of(recogniser, segment.paragraphs, marks=False)
            if text:
                area["text"] = text
            areas[segment.number] = area
            continue
        actions.append(_action(recogniser, segment, current_area, action_sentences, essence))
    # areas and actions section 2 names but section 3b does not discuss
    if with_areas:
        for number, title in essence.area_titles.items():
            areas.setdefault(number, {"number": number, "title": title})
    for number in sorted(set(essence.action_sentences) - {a["number"] for a in actions}):
        area_number = essence.action_area.get(number) if with_areas else None
        if with_areas and area_number is None:
            continue
        action: dict[str, Any] = {"number": number}
        if area_number is not None:
            action["area"] = area_number
            areas.setdefault(area_number, {"number": area_number, "title": f"Aandachtsgebied {area_number}"})
        action["title"] = _action_title(number, [], essence.action_sentences[number])
        action["stance"] = "unknown"
        actions.append(action)
    area_list = list(areas.values())
    text_order = [a["number"] for a in area_list if "text" in a or any(x.get("area") == a["number"] for x in actions)]
    if text_order == sorted(text_order):
        area_list.sort(key=lambda a: a["number"])
    with_text = [a["number"] for a in actions if "text" in a]
    if with_text == sorted(with_text):
        actions.sort(key=lambda a: a["number"])
    return area_list, actions, assessment


def _fold_areas(segments: list[_Segment]) -> list[_Segment]:
    """Without usable areas, an area's text stays where it stood: in the text before it."""
    folded: list[_Segment] = []
    for segment in segments:
        if segment.kind == "area" and folded:
            folded[-1].paragraphs.extend(segment.paragraphs)
        else:
            folded.append(segment)
    return folded


def _action(
    recogniser: _Recogniser,
    segment: _Segment,
    area: int | None,
    mentions: dict[int, list[str]],
    essence: _Essence,
) -> dict[str, Any]:
    sentences = [s for p in segment.paragraphs for s in p.sentences]
    proposal = wording.propose_stance([plain(s) for s in sentences])
    action: dict[str, Any] = {"number": segment.number}
    if area is not None:
        action["area"] = area
    action["title"] = _action_title(
        segment.number, mentions.get(segment.number, []), essence.action_sentences.get(segment.number, [])
    )
    cues = ", ".join(f'"{_short_cue(c)}"' for c in proposal.cues)
    action["stance"] = Commented(proposal.stance, f"voorgesteld{': ' + cues if cues else ''}")
    action["stance_proposed"] = True
    if segment.same_paragraph:
        action["same_paragraph"] = True
    text = _markdown_of(recogniser, segment.paragraphs, marks=True)
    if text:
        action["text"] = text
    return action


def _short_cue(cue: str) -> str:
    words = cue.split()
    return cue if len(words) <= 6 else f"{words[0]} … {words[-1]}"


def _markdown_of(recogniser: _Recogniser, paragraphs: list[_Paragraph], *, marks: bool) -> str | None:
    pieces = []
    for paragraph in paragraphs:
        if paragraph.kind == "item":
            pieces.append(("item", paragraph.marker, markdown(paragraph.sentences[0], recogniser.keys, block=False)))
            continue
        written = []
        for index, sentence in enumerate(paragraph.sentences):
            text = markdown(sentence, recogniser.keys, block=index == 0)
            mark = wording.mark_of(plain(sentence)) if marks else None
            if mark and _balanced(text):
                text = f"[{text}]{{.{mark}}}"
            written.append(text)
        pieces.append(("paragraph", "", " ".join(written)))
    return _join_markdown(pieces)


def _balanced(text: str) -> bool:
    """Whether a sentence's Markdown can be wrapped in a span: its emphasis opens and closes in it."""
    return len(re.findall(r"(?<!\\)\*", text)) % 2 == 0


# --- the whole import ---------------------------------------------------------------


def default_output(data: dict[str, Any], source: Path) -> Path:
    """``positions/com-2025-744.yaml`` from the COM number; else from the source's name."""
    com = data.get("general", {}).get("com_number")
    name = ""
    if isinstance(com, str):
        m = re.search(r"(COM|SWD|JOIN|C)\s*\(\s*(\d{4})\s*\)\s*(\d+)", com, re.IGNORECASE)
        if m:
            name = f"{m.group(1).casefold()}-{m.group(2)}-{m.group(3)}"
    return Path("positions") / f"{name or _slug(source.stem) or 'fiche'}.yaml"


def import_fiche(source: Path | str, *, output: Path | str | None = None, force: bool = False) -> Imported:
    """Read a fiche (.docx, .pdf or text), recognise it and write its position file.

    Never writes over an existing file unless ``force``; writes atomically.
    """
    from fichebuilder.files import write_text
    from fichebuilder.source.loading import load_position_bytes

    source = Path(source)
    document = read_source(source)
    data, missing = recognise(document)
    target = Path(output) if output is not None else default_output(data, source)
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError("a position file's name ends in .yaml", file=target)
    if target.exists() and target.resolve() == source.resolve():
        raise UsageError("will not write over the source document", file=target)
    if target.is_dir():
        raise UsageError("is a folder; give a file name for the position file", file=target)
    if target.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", file=target)
    from fichebuilder.source.schema import schema_reference

    schema = schema_reference(target)
    header = (f"yaml-language-server: $schema={schema}\n" if schema else "") + _header(source, document.format)
    text = dump_position(data, header=header)
    problem = None
    try:
        load_position_bytes(text.encode("utf-8"), name=str(target))
    except FicheError as e:
        problem = str(e)
    write_text(target, text)
    return Imported(target, _plain_data(data), text, missing=missing, problem=problem)


def _header(source: Path, fmt: str) -> str:
    return (
        f"Geïmporteerd met fiche import uit {source.name} ({fmt}).\n"
        "Nakijken: de standpunten (stance_proposed: true) en de gemarkeerde voorwaarden en zorgen zijn\n"
        "voorgesteld uit de tekst; titels van gebieden en acties zijn afgeleid (het fiche noemt ze niet);\n"
        "tekst onder unplaced kon niet worden geplaatst."
    )


def _plain_join(blocks: list[Block]) -> str:
    return "\n\n".join(_block_inline(b) for b in blocks)


def _plain_data(value: Any) -> Any:
    if isinstance(value, Commented):
        return _plain_data(value.value)
    if isinstance(value, dict):
        return {k: _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return value
