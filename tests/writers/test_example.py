"""The real example: the cabinet's published fiche on COM(2025) 744, built from its position file."""

from __future__ import annotations

from collections import Counter

import pytest

from fichebuilder.source.loading import load_position
from fichebuilder.writers.building import build_fiche
from tests.conftest import DATA, POSITIONS, docx_to_pdf_text
from tests.fidelity import compare
from tests.headings import COMMUNICATION_HEADINGS

EXAMPLE = POSITIONS / "com-2025-744.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("example") / "com-2025-744.docx"
    [result] = build_fiche(EXAMPLE, output=out)
    return result.path


def test_example_is_the_published_fiche_word_for_word(built):
    fidelity = compare(built, DATA / "fiche-com-2025-744.body.txt", DATA / "fiche-com-2025-744.notes.txt")
    assert fidelity.body >= 0.999, fidelity.missing[:5]
    assert fidelity.notes_found == [True] * 6


def test_example_has_19_actions_in_6_areas_with_stances():
    fiche = load_position(EXAMPLE).fiche
    assert [a.number for a in fiche.actions] == list(range(1, 20))
    assert [a.number for a in fiche.areas] == list(range(1, 7))
    assert Counter(a.area for a in fiche.actions) == {1: 6, 2: 1, 3: 5, 4: 3, 5: 1, 6: 3}
    assert {a.stance for a in fiche.actions} <= {"support", "conditional"}
    assert load_position(EXAMPLE).warnings == []


def test_example_opens_in_libreoffice_with_every_heading(built, soffice, tmp_path):
    text = " ".join(docx_to_pdf_text(soffice, built, tmp_path).split())
    headings = ["Fiche: Mededeling over het EU actieplan tegen drugshandel", *COMMUNICATION_HEADINGS]
    missing = [h for h in headings if h not in text]
    assert missing == []
    assert "Europees Netwerk inzake Criminaliteitspreventie" in text  # footnote 6 on its page
