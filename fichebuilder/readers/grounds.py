"""Section 4 recognised: per heading, the cabinet's verdict and the text after it.

A verdict is read from the sentence a build writes before the text, as the language
catalogue words it ("De grondhouding van het kabinet is positief."); the sentence
itself is not kept in the text, since a build writes it again from the verdict.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fichebuilder.model import Ground, Grounds, Verdict
from fichebuilder.readers.blocks import Block
from fichebuilder.readers.headings import catalogue
from fichebuilder.readers.parts import Parts
from fichebuilder.readers.recognition import Recognition

# a communication's section 4 has all five; a legislative fiche the first three (5 and 6 are sections there)
_GROUNDS = ("competence", "subsidiarity", "proportionality", "financial", "burden")


def recognise_grounds(found: Recognition, parts: Parts, *, legislative: bool) -> Grounds:
    """Section 4 as the model's ``Grounds``."""
    keys = _GROUNDS[:3] if legislative else _GROUNDS
    return Grounds(**{key: _ground(found, parts.take("4", key), key) for key in keys})


def _ground(found: Recognition, blocks: list[Block], key: str) -> Ground:
    verdict: Verdict | None = None
    if blocks and blocks[0].kind == "paragraph":
        for sentence in _verdict_sentences():
            m = sentence.match(blocks[0].text)
            if m:
                verdict = _verdicts()[m.group("verdict").casefold()]
                rest = blocks[0].text[m.end() :]
                blocks = ([Block("paragraph", rest, blocks[0].where)] if rest.strip() else []) + blocks[1:]
                break
    return Ground(text=found.required(found.text(blocks), f"grounds.{key}.text"), verdict=verdict)


@lru_cache(maxsize=1)
def _verdicts() -> dict[str, Verdict]:
    """The catalogue's word for each verdict ("positief"), to the verdict."""
    return {word.casefold(): verdict for verdict, word in catalogue()["verdicts"].items()}


@lru_cache(maxsize=1)
def _verdict_sentences() -> list[re.Pattern[str]]:
    """The catalogue's verdict sentences as patterns: any subject, one of the verdict words."""
    words = "|".join(re.escape(word) for word in catalogue()["verdicts"].values())
    patterns = []
    for sentence in catalogue()["verdict_sentence"].values():
        pattern = re.escape(sentence).replace(re.escape("{subject}"), r"\w+")
        pattern = pattern.replace(re.escape("{verdict}"), f"(?P<verdict>{words})")
        patterns.append(re.compile(r"^\s*" + pattern + r"\s*", re.IGNORECASE))
    return patterns
