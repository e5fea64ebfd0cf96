"""Recognising a fiche: a source document's blocks into the model's ``Fiche``.

    source --read_source (docx | pdf | text)--> SourceDocument (blocks, notes)
           --recognise--> Fiche + notes by field path --yamlwrite.dump_fiche--> positions/NAME.yaml

Recognising works on the blocks, whatever the format: the numbered sections and
lettered sub-sections by their headings (``headings``, ``parts``), then a recogniser
per part of the fiche: section 1's general data (``general``), section 3 b's
assessment, areas and actions with proposed stances (``assessment``, ``titles``),
the section-4 verdicts (``grounds``) and the footnotes (``footnotes``). Nothing is
dropped: text that cannot be placed goes to ``unplaced`` with where it stood.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec

from fichebuilder.errors import SourceError
from fichebuilder.model import Fiche, Financial, Kind, Legal, Position
from fichebuilder.readers.assessment import Assessment, recognise_assessment
from fichebuilder.readers.blocks import SourceDocument
from fichebuilder.readers.footnotes import footnote_keys, place_footnotes
from fichebuilder.readers.general import recognise_general
from fichebuilder.readers.grounds import recognise_grounds
from fichebuilder.readers.parts import Parts
from fichebuilder.readers.recognition import Recognition
from fichebuilder.source.yamlwrite import FieldNote


@dataclass(frozen=True)
class Recognised:
    """A recognised fiche, and the notes its position file carries for the drafter, by field path.

    A field the source did not give holds a stand-in ("" for a text, ``general.NO_DATE``
    for the date) and a blank note: the position file leaves it empty, to fill in.
    """

    fiche: Fiche
    notes: dict[str, FieldNote]
    # the numbers of the sections of its kind the source lacks, and the last section it has
    missing_sections: list[str] = field(default_factory=list)
    last_section: str = ""


def recognise(document: SourceDocument) -> Recognised:
    """The fiche a source document holds."""
    parts = Parts.of(document)
    if len({p.section for p in parts.sections}) < 2:
        raise SourceError(
            "does not look like a BNC fiche: its numbered section headings (1. Algemene gegevens, "
            "2. Essentie voorstel, 3. Nederlandse positie …) were not found",
            file=document.path,
        )
    found = Recognition(document, keys=footnote_keys(document), unplaced=[*parts.unplaced, *document.unplaced])
    kind = _kind(parts)
    legislative = kind == "legislative"
    title = found.required(parts.title, "title")
    general = recognise_general(found, parts, legislative=legislative)
    essence_blocks = parts.take("2", "essence")
    essence = found.required(found.text(essence_blocks), "essence")
    assessment = recognise_assessment(found, parts.take("3", "assessment"), essence_blocks)
    fiche = Fiche(
        kind=kind,
        title=title,
        general=general,
        essence=essence,
        position=_position(found, parts, assessment, legislative=legislative),
        areas=assessment.areas,
        actions=assessment.actions,
        grounds=recognise_grounds(found, parts, legislative=legislative),
    )
    if legislative:
        fiche = _with_legislative_sections(found, parts, fiche)
    for index, action in enumerate(fiche.actions):
        if action.number in assessment.proposed:
            found.note(f"actions.{index}.stance", assessment.proposed[action.number])
    found.unplaced.extend(parts.left())
    footnotes, unplaced = place_footnotes(found, fiche)
    numbers = sorted({int(p.section) for p in parts.sections})
    missing = [str(n) for n in range(1, 9 if legislative else 5) if n not in numbers]
    return Recognised(
        msgspec.structs.replace(fiche, footnotes=footnotes, unplaced=unplaced),
        found.notes,
        missing_sections=missing,
        last_section=str(numbers[-1]),
    )


def _kind(parts: Parts) -> Kind:
    """Legislative by its sections 3 and 4 or 5 to 8, by the legislative fields of section 1, or by
    section 2's sub-headings (a communication's section 2 has none): a source that breaks off
    early still says which it is."""
    keys = {p.section_key for p in parts.sections}
    numbers = {int(p.section) for p in parts.sections}
    if "position_legislative" in keys or "grounds_legislative" in keys or max(numbers, default=0) >= 5:
        return "legislative"
    if "position_communication" in keys or "grounds_communication" in keys:
        return "communication"
    legislative_fields = {"legal_basis", "decision_procedure", "parliament_role"}
    if any((p.section == "1" and p.key in legislative_fields) or (p.section == "2" and p.sub) for p in parts.parts):
        return "legislative"
    return "communication"


def _position(found: Recognition, parts: Parts, assessment: Assessment, *, legislative: bool) -> Position:
    """Section 3 a), b) and c); section 3's own text (before a) is unusual, and kept with the policy."""
    own = parts.take("3", "position_legislative" if legislative else "position_communication")
    policy = found.required(found.text(own + parts.take("3", "policy")), "position.policy")
    # a section 3b that names an action in its first sentence has no general part: that is allowed
    if assessment.text or assessment.areas or assessment.actions:
        general = assessment.text or ""
    else:
        general = found.required(None, "position.assessment")
    balance = found.required(found.text(parts.take("3", "balance")), "position.balance")
    return Position(policy=policy, assessment=general, balance=balance)


def _with_legislative_sections(found: Recognition, parts: Parts, fiche: Fiche) -> Fiche:
    """A legislative fiche's section 2 b) and sections 5 to 8."""

    def text(section: str, key: str, path: str) -> str:
        return found.required(found.text(parts.take(section, key)), path)

    return msgspec.structs.replace(
        fiche,
        impact_assessment_summary=text("2", "impact_assessment_summary", "impact_assessment_summary"),
        financial=Financial(**{k: text("5", k, f"financial.{k}") for k in Financial.__struct_fields__}),
        legal=Legal(**{k: text("6", k, f"legal.{k}") for k in Legal.__struct_fields__}),
        implementation=text("7", "implementation", "implementation"),
        developing_countries=text("8", "developing_countries", "developing_countries"),
    )
