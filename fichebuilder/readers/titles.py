"""What section 2 and section 3 b say of the areas and actions: their numbers and short titles.

A fiche seldom gives an action a title; it names it in a sentence ("Actie 2 gaat
over …", "… te versterken (actie 2)", "Met actie 5 wil de Commissie …"). The title is
taken from such a sentence, shortened to its head; an area's from the sentence that
introduces it ("Het eerste gebied betreft …"). Where none fits: "Actie N",
"Aandachtsgebied N".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fichebuilder.readers import wording
from fichebuilder.readers.blocks import Block, plain

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


def area_number(sentence: str, *, last: int | None, previous: int) -> int | None:
    m = _AREA_ORDINAL.search(plain(sentence))
    if m:
        word = m.group(1).casefold()
        if word == "laatste":
            return last if last is not None else previous + 1
        return wording.ORDINALS[word]
    m = _AREA_NUMBER.search(plain(sentence))
    return int(m.group(1)) if m else None


def mentioned_actions(sentence: str) -> list[int]:
    return [int(n) for n in _ACTION.findall(plain(sentence))]


@dataclass
class Essence:
    """What section 2 says of areas and actions: titles, which area an action is in, counts."""

    area_titles: dict[int, str] = field(default_factory=dict)
    action_area: dict[int, int] = field(default_factory=dict)
    action_sentences: dict[int, list[str]] = field(default_factory=dict)
    area_count: int | None = None


def read_essence(blocks: list[Block]) -> Essence:
    essence = Essence()
    area = 0
    for block in blocks:
        for sentence in wording.sentences(plain(block.text)):
            m = _AREA_COUNT.search(sentence)
            if m and wording.number_of(m.group(1)):
                essence.area_count = wording.number_of(m.group(1))
            number = area_number(sentence, last=essence.area_count, previous=area)
            if number is not None and re.match(r"^\s*(?:Het|De|Een)\b", sentence):
                area = number
                subject = _AREA_SUBJECT.match(sentence)
                if subject:
                    essence.area_titles.setdefault(area, short_title(subject.group("subject")))
            for action in mentioned_actions(sentence):
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


def short_title(phrase: str, *, words: int = 10) -> str:
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


def action_title(number: int, discussed: list[str], described: list[str]) -> str:
    """A short title for an action from the sentences that name it in section 3 b (``discussed``)
    and section 2 (``described``); "Actie N" where none fits."""
    sentences = discussed + described
    for template in _TITLE_AFTER:
        pattern = re.compile(template.pattern.replace("{n}", str(number)), template.flags)
        for sentence in sentences:
            m = pattern.search(plain(sentence))
            if m:
                title = short_title(m.group("t"))
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
        title = short_title(re.sub(r"\s+te\s+\w+$", "", clause.strip()))
        if len(title) >= 4:
            return title
    return f"Actie {number}"


def area_title(number: int, sentence: str, essence: Essence) -> str:
    if number in essence.area_titles:
        return essence.area_titles[number]
    subject = _AREA_SUBJECT.match(plain(sentence))
    if subject:
        title = short_title(subject.group("subject"))
        if title:
            return title
    return f"Aandachtsgebied {number}"
