"""The legislative format: its eight sections word for word, the kind check, and the example."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from fichebuilder.errors import PositionError
from fichebuilder.ooxml.reading import read_docx
from fichebuilder.source.loading import load_position
from fichebuilder.writers.building import build_fiche
from tests.conftest import POSITIONS, ROOT, docx_to_pdf_text, write_tree
from tests.headings import LEGISLATIVE_HEADINGS, as_written

EXAMPLE = POSITIONS / "precursors-2025.yaml"
SAMPLE = (ROOT / "templates" / "samples" / "legislative.yaml").read_text(encoding="utf-8")
HEADING_STYLES = ("Title", "Heading1", "Heading2")

# The official structure of a legislative fiche, as the issue lists it
DUTCH_HEADINGS = LEGISLATIVE_HEADINGS

ENGLISH_HEADINGS = [
    "1. General information",
    "a) Title of the proposal",
    "b) Date of receipt of the Commission document",
    "c) Commission document number",
    "d) EUR-Lex",
    "e) Commission impact assessment and opinion of the Regulatory Scrutiny Board",
    "f) Council formation",
    "g) Lead ministry",
    "h) Legal basis",
    "i) Council decision-making procedure",
    "j) Role of the European Parliament",
    "2. Essence of the proposal",
    "a) Content of the proposal",
    "b) Commission impact assessment",
    "3. Dutch position on the proposal",
    "a) Dutch policy in this field",
    "b) Assessment of and approach to this proposal",
    "c) Initial assessment of the balance of power",
    "4. Assessment of competence, subsidiarity and proportionality",
    "a) Competence",
    "b) Subsidiarity",
    "c) Proportionality",
    "5. Financial implications, implications for regulatory burden, competitiveness and geopolitical aspects",
    "a) Implications for the EU budget",
    "b) Financial implications (including staffing) for central government and/or local and regional authorities",
    "c) Financial implications and regulatory burden for businesses and citizens",
    "d) Implications for competitiveness and geopolitical aspects",
    "6. Legal implications",
    "a) Implications for national and local regulations and/or sanctions policy",
    "b) Delegated and/or implementing acts, including the Dutch assessment",
    "c) Proposed transposition deadline (directives) or date of entry into force (regulations and decisions), with "
    "comments on feasibility",
    "d) Desirability of an evaluation or sunset clause",
    "e) Constitutional review",
    "7. Implications for implementation and/or enforcement",
    "8. Implications for developing countries",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The example, built in both languages."""
    out = tmp_path_factory.mktemp("legislative") / "precursors.docx"
    return {b.lang: b.path for b in build_fiche(EXAMPLE, output=out, langs=["nl", "en"])}


def headings(path: Path) -> list[str]:
    text = read_docx(path)
    return [p for p, s in zip(text.paragraphs, text.styles, strict=True) if s in HEADING_STYLES]


@pytest.mark.parametrize(
    ("lang", "title", "expected"),
    [
        ("nl", "Fiche: Verordening drugsprecursoren", DUTCH_HEADINGS),
        ("en", "Fiche: Regulation on drug precursors", ENGLISH_HEADINGS),
    ],
    ids=["nl", "en"],
)
def test_all_eight_sections_with_their_exact_headings(built, lang, title, expected):
    assert headings(built[lang]) == [title, *map(as_written, expected)]


def test_sections_7_and_8_have_no_letters_and_hold_their_text(built):
    text = read_docx(built["nl"])
    pairs = list(zip(text.paragraphs, text.styles, strict=True))
    for heading in ("7.\tImplicaties voor uitvoering en/of handhaving", "8.\tImplicaties voor ontwikkelingslanden"):
        i = text.paragraphs.index(heading)
        assert pairs[i][1] == "Heading1"
        assert pairs[i + 1][1] == "Normal"
    assert text.paragraphs[-1].startswith("Het voorstel heeft geen directe gevolgen voor ontwikkelingslanden.")


def test_verdicts_are_written_as_the_legislative_sentence(built):
    nl, en = read_docx(built["nl"]).paragraphs, read_docx(built["en"]).paragraphs
    assert [p.split(". ")[0] for p in nl if p.startswith("Het oordeel van het kabinet")] == [
        "Het oordeel van het kabinet ten aanzien van de bevoegdheid is positief",
        "Het oordeel van het kabinet ten aanzien van de subsidiariteit is positief",
        "Het oordeel van het kabinet ten aanzien van de proportionaliteit is gemengd",
    ]
    assert [p.split(". ")[0] for p in en if p.startswith("The cabinet's assessment")] == [
        "The cabinet's assessment of competence is positive",
        "The cabinet's assessment of subsidiarity is positive",
        "The cabinet's assessment of proportionality is mixed",
    ]


def test_a_numbered_list_inside_a_section_keeps_its_numbers(built):
    text = read_docx(built["nl"])
    start = text.paragraphs.index(as_written(DUTCH_HEADINGS[30]))  # 6c
    items = text.paragraphs[start + 2 : start + 6]
    assert [p.split("\t")[0] for p in items] == ["1.", "2.", "3.", "4."]
    assert text.styles[start + 2 : start + 6] == ["ListNumber"] * 4
    assert items[0] == "1.\tde snellere procedure om stoffen toe te voegen: zes maanden na de inwerkingtreding;"
    assert text.paragraphs[start + 6].startswith("Het kabinet acht deze termijnen haalbaar")


def test_a_list_numbered_with_parentheses_keeps_them(tmp_path):
    path = load_changed(
        tmp_path,
        "    1. het register na een jaar;\n    2. de meldplicht na twee jaar.\n",
        "    3) het register na een jaar;\n    4) de meldplicht na twee jaar.\n",
    )
    [result] = build_fiche(path, output=tmp_path / "f.docx")
    paragraphs = read_docx(result.path).paragraphs
    assert "3)\thet register na een jaar;" in paragraphs
    assert "4)\tde meldplicht na twee jaar." in paragraphs


def test_footnotes_hold_their_urls_as_links(built):
    notes = read_docx(built["nl"]).footnotes
    assert notes[2] == "https://www.euda.europa.eu/"
    assert notes[0].endswith("inzake drugsprecursoren, https://eur-lex.europa.eu/eli/reg/2004/273/oj")
    footnotes = docx.Document(str(built["nl"])).part.rels
    part = next(r.target_part for r in footnotes.values() if r.reltype.endswith("/footnotes"))
    assert sorted(r.target_ref for r in part.rels.values() if r.is_external) == [
        "https://eur-lex.europa.eu/eli/reg/2004/273/oj",
        "https://eur-lex.europa.eu/eli/reg/2005/111/oj",
        "https://eur-lex.europa.eu/legal-content/EN/ALL/?uri=COM%3A2025%3A744%3AFIN",
        "https://www.euda.europa.eu/",
    ]


def test_the_example_is_consistent_and_fully_translated():
    loaded = load_position(EXAMPLE)
    assert loaded.warnings == []
    assert [(a.number, a.stance) for a in loaded.fiche.actions] == [
        (1, "support"),
        (2, "conditional"),
        (3, "conditional"),
        (4, "support"),
        (5, "critical"),
    ]
    assert "# illustratief" in EXAMPLE.read_text(encoding="utf-8").splitlines()[:2]


def test_the_example_opens_in_libreoffice_with_every_heading(built, soffice, tmp_path):
    for lang, expected in (("nl", DUTCH_HEADINGS), ("en", ENGLISH_HEADINGS)):
        text = " ".join(docx_to_pdf_text(soffice, built[lang], tmp_path).split())
        assert [h for h in expected if h not in text] == []
    assert "https://www.euda.europa.eu/" in text  # a footnote, at the foot of its page


# --- the kind check ---------------------------------------------------------------


def load_changed(tmp_path: Path, old: str, new: str) -> Path:
    assert SAMPLE.count(old) == 1, old
    write_tree(tmp_path, {"f.yaml": SAMPLE.replace(old, new)})
    return tmp_path / "f.yaml"


def line_of(path: Path, needle: str) -> int:
    return next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in row)


def test_the_legislative_sample_loads():
    assert load_position(ROOT / "templates" / "samples" / "legislative.yaml").warnings == []


def test_a_legislative_fiche_needs_its_sections(tmp_path):
    path = load_changed(tmp_path, "implementation: Douane en FIOD voeren het uit.\n", "")
    with pytest.raises(PositionError) as info:
        load_position(path)
    assert str(info.value) == f"{path}:2:1: missing required field 'implementation' (a legislative fiche needs it)"


def test_a_legislative_fiche_needs_its_general_fields(tmp_path):
    path = load_changed(tmp_path, "  parliament_role: Medewetgever\n", "")
    with pytest.raises(PositionError) as info:
        load_position(path)
    assert str(info.value) == (
        f"{path}:5:3: general: missing required field 'parliament_role' (a legislative fiche needs it)"
    )


def test_a_legislative_fiche_has_no_communication_grounds(tmp_path):
    path = load_changed(
        tmp_path,
        "  proportionality: {verdict: negative",
        "  financial: {text: Geen.}\n  proportionality: {verdict: negative",
    )
    with pytest.raises(PositionError) as info:
        load_position(path)
    line = line_of(path, "  financial: {text: Geen.}")
    assert str(info.value) == (
        f"{path}:{line}:3: grounds.financial: unknown field 'financial' in a legislative fiche "
        "(allowed: competence, subsidiarity, proportionality)"
    )


def test_a_communication_has_no_legislative_sections(tmp_path):
    text = (ROOT / "templates" / "samples" / "communication.yaml").read_text(encoding="utf-8")
    write_tree(tmp_path, {"f.yaml": text + "implementation: Douane en FIOD.\n"})
    with pytest.raises(PositionError) as info:
        load_position(tmp_path / "f.yaml")
    line = len(text.splitlines()) + 1
    assert str(info.value) == (
        f"{tmp_path / 'f.yaml'}:{line}:1: implementation: unknown field 'implementation' in a communication fiche "
        "(allowed: kind, title, general, essence, position, grounds, actions, areas, follows, parliament, footnotes, "
        "unplaced)"
    )


def test_a_misspelled_field_lists_only_the_fields_of_its_kind(tmp_path):
    path = load_changed(tmp_path, "implementation:", "implementatoin:")
    with pytest.raises(PositionError) as info:
        load_position(path)
    line = line_of(path, "implementatoin:")
    assert str(info.value) == (
        f"{path}:{line}:1: implementatoin: unknown field 'implementatoin' (did you mean 'implementation'?) (allowed: "
        "kind, title, general, essence, position, grounds, actions, areas, follows, parliament, footnotes, "
        "impact_assessment_summary, financial, legal, implementation, developing_countries, unplaced)"
    )


def test_a_lone_copy_of_a_structure_template_still_finds_the_shared_macros(tmp_path):
    structure = tmp_path / "mijn" / "legislative.xml.j2"
    structure.parent.mkdir()
    structure.write_text(
        (ROOT / "templates" / "legislative.xml.j2")
        .read_text(encoding="utf-8")
        .replace("<fiche>", "<fiche>\n<p>Eigen</p>"),
        encoding="utf-8",
    )
    [result] = build_fiche(EXAMPLE, output=tmp_path / "f.docx", template=structure)
    assert read_docx(result.path).paragraphs[:2] == ["Eigen", "Fiche: Verordening drugsprecursoren"]
