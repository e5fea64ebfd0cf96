"""The readers know a fiche's headings: the catalogue's official wording and the variants of published fiches."""

from __future__ import annotations

import pytest

from fichebuilder.readers.headings import match_heading
from tests.headings import COMMUNICATION_HEADINGS, LEGISLATIVE_HEADINGS


def _recognised(headings: list[str]) -> list[str]:
    """The field each heading line introduces, read in order as a reader reads them."""
    found = []
    section: str | None = None
    for i, line in enumerate(headings):
        match = match_heading(headings, i, section=section)
        assert match is not None, line
        if match.heading.level == 1:
            section = match.heading.number
        found.append(match.heading.key)
    return found


_GENERAL = ["general", "proposal_title", "received", "com_number", "eurlex", "impact_assessment", "council", "ministry"]
_POSITION = ["policy", "assessment", "balance"]
_GROUNDS = ["competence", "subsidiarity", "proportionality"]


def test_every_official_heading_of_a_communication_is_recognised():
    assert _recognised(COMMUNICATION_HEADINGS) == [
        *_GENERAL,
        "essence",
        "position_communication",
        *_POSITION,
        "grounds_communication",
        *_GROUNDS,
        "financial",
        "burden",
    ]


def test_every_official_heading_of_a_legislative_proposal_is_recognised():
    assert _recognised(LEGISLATIVE_HEADINGS) == [
        *_GENERAL,
        "legal_basis",
        "decision_procedure",
        "parliament_role",
        "essence",
        "essence",
        "impact_assessment_summary",
        "position_legislative",
        *_POSITION,
        "grounds_legislative",
        *_GROUNDS,
        "financial",
        "eu_budget",
        "national",
        "business",
        "competitiveness",
        "legal",
        "national_rules",
        "delegated_acts",
        "deadline",
        "evaluation",
        "constitutional",
        "implementation",
        "developing_countries",
    ]


@pytest.mark.parametrize(
    ("line", "section", "key"),
    [
        ("g) Eerstverantwoordelijke ministerie", "1", "ministry"),
        ("e) Nr. impact assessment Commissie en Opinie", "1", "impact_assessment"),
        ("2. Essentie mededeling", None, "essence"),
        ("4. Beoordeling bevoegdheid, subsidiariteit, proportionaliteit", "3", "grounds_legislative"),
        ("6. Juridische implicaties", "5", "legal"),
        ("e) Gevolgen voor regeldruk en administratieve lasten", "4", "burden"),
    ],
    ids=["ministry", "impact-assessment", "essence", "grounds-legislative", "legal", "burden"],
)
def test_a_published_variant_of_a_heading_is_recognised(line, section, key):
    match = match_heading([line], 0, section=section)
    assert match is not None
    assert match.heading.key == key


@pytest.mark.parametrize(
    ("line", "section", "letter", "key"),
    [
        ("Subsidiariteit", "4", "b", "subsidiarity"),
        ("Rol Europees Parlement", "1", "j", "parliament_role"),
        ("Impact assessment Commissie", "2", "b", "impact_assessment_summary"),
        ("Constitutionele toets", "6", "e", "constitutional"),
    ],
    ids=["subsidiarity", "parliament-role", "impact-assessment-summary", "constitutional"],
)
def test_a_sub_heading_without_its_letter_gets_the_catalogue_s_letter(line, section, letter, key):
    match = match_heading([line], 0, section=section, letterless=True)
    assert match is not None
    assert (match.heading.number, match.heading.key) == (letter, key)
