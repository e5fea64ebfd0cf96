"""Section 1, Algemene gegevens, recognised: the proposal's title, date, number, link and the rest.

The date of receipt becomes a date, the COM number is written the one way
("COM(2025) 744"), and the EUR-Lex link is taken from the link itself, a URL printed
nearby, or, failing both, made from the COM number and marked for the drafter to check.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace
from typing import Any

from fichebuilder.model import General, Link, Proposal
from fichebuilder.readers import wording
from fichebuilder.readers.blocks import LINK_CLOSE, LINK_MID, LINK_OPEN, Block, plain
from fichebuilder.readers.parts import Parts, plain_join
from fichebuilder.readers.recognition import Recognition

# the fields of section 1 that are Markdown texts, after the data of a) to d)
_TEXTS = ("impact_assessment", "council", "ministry")
# the fields only a legislative proposal's section 1 has
_LEGISLATIVE = ("legal_basis", "decision_procedure", "parliament_role")
# what a fiche holds where the date of receipt is not found: the position file leaves it empty
NO_DATE = datetime.date.min
_URL = re.compile(r"https?://\S+")
_COM = re.compile(r"\b(COM|SWD|JOIN|C)\s*\(\s*(\d{4})\s*\)\s*(\d+)", re.IGNORECASE)


def recognise_general(found: Recognition, parts: Parts, *, legislative: bool) -> General:
    """Section 1 as the model's ``General``: one proposal, or several where section 1 c) names
    several COM numbers and a) gives as many titles."""
    titles = [b for b in parts.take("1", "proposal_title") if plain(b.text).strip()]
    received = _received(found, parts.take("1", "received"))
    com = found.plain_text(parts.take("1", "com_number"))
    numbers = [f"{m.group(1).upper()}({m.group(2)}) {m.group(3)}" for m in _COM.finditer(com)]
    eurlex = parts.take("1", "eurlex")
    texts: dict[str, Any] = {key: found.required(found.text(parts.take("1", key)), f"general.{key}") for key in _TEXTS}
    legal_basis = parts.take("1", "legal_basis")
    for key in _LEGISLATIVE:
        blocks = legal_basis if key == "legal_basis" else parts.take("1", key)
        text = found.text(blocks)
        if legislative:
            texts[key] = found.required(text, f"general.{key}")
        elif text:
            found.unplaced.append((plain_join(blocks), f"section 1, {key} (a legislative fiche's field)"))
    if len(numbers) >= 2 and len(titles) == len(numbers):
        proposals = _proposals(found, titles, numbers, eurlex, legal_basis if legislative else [])
        if any(p.legal_basis for p in proposals):
            texts.pop("legal_basis", None)
            found.notes.pop("general.legal_basis", None)
        general = General(proposals=proposals, received=received, **texts)
    else:
        proposal_title = found.required(found.text(titles), "general.proposal_title")
        com = found.required(_COM.sub(lambda m: f"{m.group(1)}({m.group(2)}) {m.group(3)}", com), "general.com_number")
        link = _eurlex(found, eurlex, com, "general.eurlex")
        general = General(proposal_title=proposal_title, received=received, com_number=com, eurlex=link, **texts)
    for address, where in found.document.links:
        found.unplaced.append((address, f"{where}, a link address at the page foot"))
    found.document.links.clear()
    return general


def _proposals(
    found: Recognition, titles: list[Block], numbers: list[str], eurlex: list[Block], legal_basis: list[Block]
) -> list[Proposal]:
    """The proposals of a fiche on several: a title each, the COM numbers in order, a EUR-Lex line
    each (made from the COM number where there are fewer), and a legal basis each where section
    1 h) gives one per proposal, led by its COM number."""
    bases = _legal_bases(found, legal_basis, numbers)
    proposals = []
    for i, (title, number) in enumerate(zip(titles, numbers, strict=True)):
        path = f"general.proposals.{i}"
        link = _eurlex(found, eurlex[i : i + 1] if len(eurlex) == len(numbers) else [], number, f"{path}.eurlex")
        text = found.required(found.text([title]), f"{path}.title")
        proposals.append(Proposal(title=text, com_number=number, eurlex=link, legal_basis=bases.get(number)))
    if eurlex and len(eurlex) != len(numbers):
        found.unplaced.append((plain_join(eurlex), "section 1 d), not one EUR-Lex line per proposal"))
    return proposals


def _legal_bases(found: Recognition, blocks: list[Block], numbers: list[str]) -> dict[str, str]:
    """Section 1 h) per proposal, where each paragraph is led by a COM number ("COM(2026) 998: …")."""
    bases: dict[str, str] = {}
    for block in blocks:
        m = re.match(rf"\s*{_COM.pattern}\s*:\s*", block.text, re.IGNORECASE)
        number = f"{m.group(1).upper()}({m.group(2)}) {m.group(3)}" if m else ""
        if m is None or number not in numbers:
            return {}
        text = found.text([replace(block, text=block.text[m.end() :])])
        if text:
            bases[number] = text
    return bases


def _received(found: Recognition, blocks: list[Block]) -> datetime.date:
    """Section 1 b): the date; words beside it are kept as unplaced text."""
    text = found.plain_text(blocks)
    received = wording.parse_date(text)
    if received is None:
        if text:
            found.unplaced.append((text, "section 1 b), not a date"))
        found.not_found("general.received", "niet gevonden in de bron: vul de datum in (JJJJ-MM-DD)")
        return NO_DATE
    rest = re.sub(r"^\s*\d{1,2}\s*\w+\.?\s+\d{4}\s*|^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\s*", "", text)
    if rest.strip():
        found.unplaced.append((rest.strip(), "section 1 b), after the date"))
    return received


def _eurlex(found: Recognition, blocks: list[Block], com: str, path: str) -> Link:
    """Section 1 d) (for the proposal whose link is at ``path``): a link's address and label,
    from the link itself, a URL printed nearby, or, failing both, made from the COM number
    (and said so)."""
    raw = " ".join(b.text for b in blocks)
    m = re.search(f"{LINK_OPEN}([^{LINK_MID}]*){LINK_MID}([^{LINK_CLOSE}]*){LINK_CLOSE}", raw)
    label = " ".join(plain(raw).split())
    url = m.group(2).strip() if m else ""
    if not url:
        printed = _URL.search(label)
        if printed:
            url = printed.group(0)
            label = " ".join(label.replace(url, "").split())
    url = url or _printed_at_foot(found)
    if url:
        return Link(url=url, label=label if label and label != url else None)
    number = re.match(r"COM\((\d{4})\) (\d+)", com)
    if number:
        year, serial = number.groups()
        found.note(f"{path}.url", "afgeleid van het COM-nummer: controleer")
        return Link(
            url=f"https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=COM:{year}:{serial}:FIN", label=label or None
        )
    found.not_found(f"{path}.url")
    return Link(url="", label=label or None)


def _printed_at_foot(found: Recognition) -> str:
    """A EUR-Lex address a reader found beside the text (at a page's foot), taken from its links."""
    for address, where in found.document.links:
        if "eur-lex.europa.eu" in address:
            found.document.links.remove((address, where))
            return address
    return ""
