"""Reading Dutch fiche prose: sentences, numbers, dates, and the wording of a stance.

``fiche import`` proposes a stance per action from its text: support where the
cabinet "steunt", "is voorstander van", "onderschrijft" …; a condition where a
sentence says "mits", "dient … te", "mag niet ten koste gaan van" …; a concern
where it has "zorgen", "kritisch", "onduidelijk" …. The cues are listed here in
one place; what they propose is marked as proposed for the drafter to confirm.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from fichebuilder.model import Stance
from fichebuilder.readers.blocks import NOTE_CLOSE, NOTE_OPEN

NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20,
    "eenentwintig": 21, "tweeëntwintig": 22, "drieëntwintig": 23, "vierentwintig": 24, "vijfentwintig": 25,
}  # fmt: skip
ORDINALS = {
    "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7,
    "achtste": 8, "negende": 9, "tiende": 10, "elfde": 11, "twaalfde": 12,
}  # fmt: skip
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4, "mei": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

# words after which a full stop does not end a sentence
_ABBREVIATIONS = {
    "blz", "bijv", "bv", "o.a", "nr", "nrs", "art", "artt", "jl", "resp", "incl", "excl", "m.b.t", "i.p.v",
    "d.w.z", "e.d", "e.a", "mr", "dr", "prof", "ca", "vgl", "zgn", "t.a.v", "m.n", "i.c", "i.h.k.v", "p",
    "pp", "z.s.m", "a.s", "j.l", "ir", "ing", "drs", "mevr", "dhr", "st", "cf", "etc", "vs",
}  # fmt: skip
_SENTENCE_END = re.compile(
    rf"[.!?][)’”\"']*(?:{NOTE_OPEN}[^{NOTE_CLOSE}]*{NOTE_CLOSE})*(?=\s+[(‘“\"']*[A-ZÀ-Ý0-9{NOTE_OPEN}])"
)


def sentences(text: str) -> list[str]:
    """A paragraph's sentences, in order; joined with single spaces they give the paragraph."""
    text = " ".join(text.split())
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].split()
        word = before[-1].casefold().lstrip("(") if before else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or re.fullmatch(r"(\w\.)+\w", word):
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def number_of(word: str) -> int | None:
    """``"6"``, ``"zes"`` -> 6."""
    word = word.casefold()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


_DATE_WORDS = re.compile(r"(\d{1,2})\s*(?:e\s+)?([A-Za-z]+)\.?\s+(\d{4})")
_DATE_NUMBERS = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})")


def parse_date(text: str) -> datetime.date | None:
    """A date written as "4 december 2025", "4 December 2025", "04-12-2025" or "2025-12-04"."""
    m = _DATE_WORDS.search(text)
    if m and m.group(2).casefold() in MONTHS:
        try:
            return datetime.date(int(m.group(3)), MONTHS[m.group(2).casefold()], int(m.group(1)))
        except ValueError:
            return None
    m = _DATE_NUMBERS.search(text)
    if m:
        a, b, c = (int(g) for g in m.groups())
        year, month, day = (a, b, c) if a > 31 else (c, b, a)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    return None


# --- the wording of a stance -------------------------------------------------

_SUPPORT = [
    r"\bsteun(?:t|en|de|den)?\b",
    r"\bondersteun\w*",
    r"\bvoorstander\b",
    r"\bonderschrij\w+",
    r"\bstaa?t\b[^.]{0,40}\bachter\b",
    r"\bverwelkom\w*",
    r"\bis\b[^.]{0,30}\bpositief\b",
    r"\bin lijn met\b",
    r"\bprioriteit\b",
    r"\bkan op steun\b",
    r"\bvan (?:groot|essentieel) belang\b",
]
_CONDITION = [
    r"\bmits\b",
    r"\bmo(?:et|eten)\b[^.]{0,80}\b(?:worden|blijven)\b",
    r"\bm(?:ag|ogen) niet\b",
    r"\bdien(?:t|en)\b[^.]{0,120}\bte\b",
    r"\bmag\b[^.]{0,60}\bniet ten koste gaan van\b",
    r"\bniet ten koste (?:mag|mogen) gaan\b",
    r"\bop voorwaarde\b",
    r"\bzolang\b",
    r"\bvan belang dat\b",
    r"\brekening (?:moet|dient) (?:te )?worden gehouden\b|\brekening (?:wordt|gehouden wordt)\b",
    r"\bmoet\b[^.]{0,60}\bworden (?:geborgd|voorkomen|gewaarborgd)\b",
    r"\bvoorkomen moet worden\b",
    r"\bniet (?:zo ver|verder)\b[^.]{0,30}\b(?:moeten|mogen) gaan\b",
    r"\bmaar niet voor\b",
    r"\bmoet bijstelling\b|\bmoet\b[^.]{0,30}\bvolgen\b",
    r"\bgeen aanpassing van\b",
    r"\bgeboden\b",
]
_CONCERN = [
    r"\bzorgen (?:over|om|bij)\b|\bmaakt zich zorgen\b|\bheeft zorgen\b|\bzorgpunt\w*|\bbezorgd\w*",
    r"\bkritisch\w*",
    r"\bonduidelijk\w*",
    r"\bniet duidelijk\b",
    r"\btwijfel\w*",
    r"\bterughoudend\w*",
    r"\bvraagtekens?\b",
    r"\bonvoldoende\b",
    r"\bhelaas\b",
    r"\bbezwaar\w*",
    r"\bis (?:daarom |echter )?de vraag\b",
    r"\bbetreurt\b",
    r"\bvraagt zich af\b",
    r"\bverduidelijking\b",
    r"\baantekenen\b",
]
_OPPOSE = [
    r"\b(?:kabinet|Nederland|regering) is (?:daarom |dan ook |om die reden )?tegen\b",
    r"\bis (?:het kabinet|Nederland|de regering) (?:daarom |dan ook |om die reden )?tegen\b",
    r"\bafwijzend\w*",
    r"\bwijst\b[^.]{0,60}\baf\b",
    r"\bsteunt\b[^.]{0,40}\bniet\b",
    r"\bgeen voorstander\b",
    r"\bniet (?:steunen|ondersteunen)\b",
    r"\bverzet zich\b",
]


def _compile(patterns: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


_SUPPORT_RE, _CONDITION_RE, _CONCERN_RE, _OPPOSE_RE = map(_compile, (_SUPPORT, _CONDITION, _CONCERN, _OPPOSE))


def _cue(text: str, patterns: list[re.Pattern[str]]) -> str | None:
    for pattern in patterns:
        m = pattern.search(text)
        if m:
            return " ".join(m.group(0).split())
    return None


def mark_of(sentence: str) -> str | None:
    """``condition`` or ``concern`` where a sentence's wording makes it one, else None."""
    if _cue(sentence, _CONDITION_RE):
        return "condition"
    if _cue(sentence, _CONCERN_RE):
        return "concern"
    return None


@dataclass(frozen=True)
class Proposal:
    """A proposed stance, and the words it was proposed from."""

    stance: Stance
    cues: tuple[str, ...]


def propose_stance(sentences_: list[str]) -> Proposal:
    """The stance an action's sentences suggest (see the module's docstring)."""
    text = " ".join(sentences_)
    oppose = _cue(text, _OPPOSE_RE)
    if oppose:
        return Proposal("oppose", (oppose,))
    support = _cue(text, _SUPPORT_RE)
    conditions = [c for c in (_cue(s, _CONDITION_RE) for s in sentences_) if c]
    concerns = [c for c in (_cue(s, _CONCERN_RE) for s in sentences_) if c]
    if support:
        if conditions:
            return Proposal("conditional", (support, conditions[0]))
        return Proposal("support", (support,))
    if conditions:
        return Proposal("conditional", (conditions[0],))
    if concerns:
        return Proposal("critical", (concerns[0],))
    return Proposal("neutral", ())
