"""The headings of a BNC fiche as they are found in practice, for ``fiche import``.

The official wording comes from the language catalogue the fiche is built with
(``templates/lang/nl.yaml``); published and hand-made fiches vary it a little
("Eerstverantwoordelijke ministerie", "Opinie" with or without "Raad voor
Regelgevingstoetsing", older wordings of section 4, the letter on a line of its
own). Only those variants are listed here, by the catalogue entry they vary; a line
is matched against the official wording and its variants after normalising case,
punctuation and spacing, with a small tolerance for typing errors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from fichebuilder.source import languages
from fichebuilder.writers.templating import default_template_dir

# the number of each section heading of the catalogue (``sections``); the communication's
# and the legislative proposal's sections 3 and 4 differ, the key says which one it is
_SECTION_NUMBERS = {
    "general": "1",
    "essence": "2",
    "position_communication": "3",
    "grounds_communication": "4",
    "position_legislative": "3",
    "grounds_legislative": "4",
    "financial": "5",
    "legal": "6",
    "implementation": "7",
    "developing_countries": "8",
}
# the catalogue's group of lettered sub-headings under each numbered section, lettered a, b, … in its order
_SUBHEADINGS = {"1": "general", "2": "essence", "3": "position", "4": "grounds", "5": "financial", "6": "legal"}

# wordings seen in published and hand-made fiches besides the catalogue's, by catalogue entry
VARIANTS: dict[str, list[str]] = {
    "sections.essence": ["Essentie mededeling"],
    "sections.position_communication": [
        "Nederlandse positie ten aanzien van de mededeling",
        "Nederlandse positie ten aanzien van de aanbeveling",
    ],
    "sections.grounds_communication": [
        "Grondhouding ten aanzien van bevoegdheid, subsidiariteit, proportionaliteit, financiële gevolgen "
        "en gevolgen voor regeldruk en administratieve lasten",
        "Grondhouding ten aanzien van bevoegdheid, subsidiariteit en proportionaliteit",
    ],
    "sections.grounds_legislative": ["Beoordeling bevoegdheid, subsidiariteit, proportionaliteit"],
    "sections.financial": [
        "Financiële gevolgen, gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten",
        "Financiële implicaties, gevolgen voor regeldruk en administratieve lasten",
        "Financiële gevolgen, gevolgen voor regeldruk en administratieve lasten",
        "Financiële implicaties",
    ],
    "sections.legal": ["Juridische implicaties"],
    "general.proposal_title": ["Titel mededeling"],
    "general.received": ["Datum ontvangst"],
    "general.com_number": ["Nummer Commissiedocument"],
    "general.eurlex": ["Pre-Lex", "EUR-Lex link"],
    "general.impact_assessment": [
        "Nr. impact assessment Commissie en Opinie",
        "Nr. impact assessment Commissie",
        "Impact assessment Commissie en Opinie Raad voor Regelgevingstoetsing",
    ],
    "general.ministry": ["Eerstverantwoordelijke ministerie"],
    "general.decision_procedure": ["Besluitvorming Raad"],
    "position.assessment": [
        "Beoordeling en inzet ten aanzien van dit voorstel",
        "Beoordeling + inzet ten aanzien van deze mededeling",
    ],
    "position.balance": ["Eerste inschatting krachtenveld"],
    "grounds.burden": [
        "Gevolgen voor regeldruk en administratieve lasten",
        "Gevolgen voor regeldruk",
    ],
    "financial.national": [
        "Financiële consequenties (incl. personele) voor rijksoverheid en/ of medeoverheden",
    ],
    "financial.business": [
        "Financiële consequenties (incl. personele) voor bedrijfsleven en burger",
        "Gevolgen voor regeldruk/administratieve lasten voor rijksoverheid, medeoverheden en/of "
        "bedrijfsleven en burger",
    ],
    "legal.delegated_acts": ["Delegatiebevoegdheden en/of uitvoeringsbevoegdheden"],
    "legal.deadline": ["Haalbaarheid van de voorgestelde datum inwerkingtreding"],
}

_Variants = list[tuple[str, str]]  # (field key, wording)


@dataclass(frozen=True)
class _Headings:
    """Every heading's wordings: sections by number, sub-sections by (section number, letter)."""

    sections: dict[str, _Variants]
    subsections: dict[tuple[str, str], _Variants]


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    """The Dutch wording catalogue fichebuilder builds fiches with: the official wording, read once."""
    return languages.load_catalogue(default_template_dir() / "lang", "nl")


@lru_cache(maxsize=1)
def _headings() -> _Headings:
    """The catalogue's official wording with the variants after it."""
    sections: dict[str, _Variants] = {}
    for key, wording in catalogue()["sections"].items():
        official = [wording, *VARIANTS.get(f"sections.{key}", [])]
        sections.setdefault(_SECTION_NUMBERS[key], []).extend((key, w) for w in official)
    subsections: dict[tuple[str, str], _Variants] = {}
    for number, group in _SUBHEADINGS.items():
        for letter, (key, wording) in zip("abcdefghij", catalogue()[group].items(), strict=False):
            subsections[(number, letter)] = [(key, w) for w in [wording, *VARIANTS.get(f"{group}.{key}", [])]]
    return _Headings(dict(sorted(sections.items(), key=lambda item: int(item[0]))), subsections)


_SECTION = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s+(\S.*)$")
_SECTION_ALONE = re.compile(r"^\s*(\d{1,2})\s*[.)]\s*$")
_SUB = re.compile(r"^\s*([a-j])\s*[).]\s*(.*)$")
_TITLE = re.compile(r"^\s*Fiche(?:\s+\d+)?\s*:\s*(.*)$")
# how close a line must be to a heading: absorbs a typing error or a changed ending
_CLOSE = 88
# a heading may wrap over this many lines
_MAX_LINES = 4


@dataclass(frozen=True)
class Heading:
    """A recognised heading: ``level`` 0 (title), 1 (numbered section), 2 (lettered sub-section)."""

    level: int
    number: str  # "1" … "8" for sections, "a" … "j" for sub-sections, "" for the title
    key: str  # the field it introduces: "general", "policy", "received" …; "title"
    text: str  # as written in the source, after the number or letter


def normalise(text: str) -> str:
    """Lower case, letters and digits only, single spaces: what heading matching compares."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _best(name: str, variants: list[tuple[str, str]]) -> tuple[str, float, bool]:
    """The key of the variant ``name`` is closest to, the score, and whether ``name`` is the
    start of a variant (a heading that wraps onto the next line)."""
    wanted = normalise(name)
    key, score, partial = "", 0.0, False
    for variant_key, variant in variants:
        norm = normalise(variant)
        ratio = fuzz.ratio(wanted, norm)
        if ratio > score:
            key, score = variant_key, ratio
        partial = partial or (len(wanted) >= 8 and norm.startswith(wanted) and wanted != norm)
    return key, score, partial


def _rest_after(name: str, variants: list[tuple[str, str]]) -> tuple[str, str, str] | None:
    """A heading followed by its content on the same line: (key, heading part, rest)."""
    words = name.split()
    for key, variant in sorted(variants, key=lambda kv: -len(kv[1])):
        size = len(normalise(variant).split())
        taken, count = 0, 0
        while taken < len(words) and count < size:
            count += len(normalise(words[taken]).split())
            taken += 1
        if count != size or taken >= len(words):
            continue
        if fuzz.ratio(normalise(" ".join(words[:taken])), normalise(variant)) >= _CLOSE:
            head = " ".join(words[:taken])
            rest = " ".join(words[taken:]).lstrip(":–- ").strip()
            if rest:
                return key, head, rest
    return None


_Found = tuple[Heading, str, float]  # a heading, the text after it on its line, how close it matched


@dataclass(frozen=True)
class Match:
    """A heading found at a line: the heading, how many lines it took, and text after it on its last line."""

    heading: Heading
    lines: int
    rest: str = ""


def match_heading(lines: list[str], start: int, *, section: str | None, letterless: bool = False) -> Match | None:
    """The heading that begins at ``lines[start]``, if any.

    ``section`` is the number of the section being read (sub-section letters are
    matched against its sub-headings, or against all when None); ``letterless``
    allows a sub-heading without its letter (a paragraph styled as a heading in Word).
    """
    first = lines[start].strip()
    if not first:
        return None
    title = _TITLE.match(first)
    if title and section is None:
        return Match(Heading(0, "", "title", title.group(1).strip()), 1)
    best: Match | None = None
    best_score = 0.0
    for size in range(1, _MAX_LINES + 1):
        if start + size > len(lines):
            break
        text = " ".join(line.strip() for line in lines[start : start + size])
        found, partial = _match_text(text, section=section, letterless=letterless and size == 1)
        if found is not None:
            heading, rest, score = found
            if rest:
                # a heading with its content after it, unless the next line completes the heading
                best = best or Match(heading, size, rest)
                if partial:
                    continue
                break
            if score > best_score:
                best, best_score = Match(heading, size, rest), score
            if not partial:
                break
        elif not partial:
            break
    return best


def _match_text(text: str, *, section: str | None, letterless: bool) -> tuple[_Found | None, bool]:
    """((heading, rest, score) or None, whether ``text`` might be the start of a heading that wraps)."""
    alone = _SECTION_ALONE.match(text)
    if alone:
        return None, alone.group(1) in _headings().sections
    m = _SECTION.match(text)
    if m and m.group(1) in _headings().sections:
        named = _named(1, m.group(1), m.group(2).strip(), _headings().sections[m.group(1)])
        if named[0] is not None or named[1]:
            return named
    m = _SUB.match(text)
    if m:
        letter, name = m.group(1), m.group(2).strip()
        if not name:
            return None, True
        variants = _sub_variants(section, letter)
        if variants:
            named = _named(2, letter, name, variants)
            if named[0] is not None or named[1]:
                return named
    if letterless and section is not None:
        for (number, letter), variants in _headings().subsections.items():
            if number == section:
                key, score, _partial = _best(text, variants)
                if score >= _CLOSE:
                    return (Heading(2, letter, key, text.strip()), "", score), False
    return None, False


def _named(level: int, number: str, name: str, variants: list[tuple[str, str]]) -> tuple[_Found | None, bool]:
    key, score, partial = _best(name, variants)
    if score >= _CLOSE:
        return (Heading(level, number, key, name), "", score), partial
    after = _rest_after(name, variants)
    if after:
        return (Heading(level, number, after[0], after[1]), after[2], _CLOSE), partial
    return None, partial


def _sub_variants(section: str | None, letter: str) -> list[tuple[str, str]]:
    """The sub-headings a lettered line may be: those of its section, whatever their letter
    (older formats letter them differently), or, before any section, those with its letter."""
    if section is not None:
        subsections = _headings().subsections.items()
        return [v for (number, _letter), variants in subsections if number == section for v in variants]
    return [v for (_number, lt), variants in _headings().subsections.items() if lt == letter for v in variants]
