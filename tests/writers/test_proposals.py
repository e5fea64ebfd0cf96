"""One fiche on several proposals: section 1 lists them all, single-proposal files stay as they are."""

from __future__ import annotations

import docx
import pytest

from fichebuilder.errors import PositionError
from fichebuilder.ooxml.reading import read_docx
from fichebuilder.source.loading import load_position
from fichebuilder.writers.building import build_fiche
from tests.conftest import DATA, POSITIONS, docx_to_pdf_text, write_tree
from tests.headings import as_written

EXAMPLE = POSITIONS / "psychoactive-substances-2026.yaml"

# Section 1 of the example as its reader sees it: each title its own paragraph, the COM
# numbers joined, one EUR-Lex line each, the legal basis per proposal (they differ)
EXAMPLE_SECTION_1 = [
    "1. Algemene gegevens",
    "a) Titel voorstel",
    "Voorstel voor een VERORDENING VAN HET EUROPEES PARLEMENT EN DE RAAD tot wijziging van Verordening (EU) "
    "2023/1322 wat betreft het systeem voor vroegtijdige waarschuwing voor en de risicobeoordeling van nieuwe "
    "psychoactieve stoffen",
    "Voorstel voor een RICHTLIJN VAN HET EUROPEES PARLEMENT EN DE RAAD tot wijziging van Kaderbesluit "
    "2004/757/JBZ van de Raad wat betreft de definitie van drugs",
    "b) Datum ontvangst Commissiedocument",
    "18 maart 2026",
    "c) Nr. Commissiedocument",
    "COM(2026) 998 en COM(2026) 999",
    "d) EUR-Lex",
    "EUR-Lex - 52026PC0998 - NL - EUR-Lex",
    "EUR-Lex - 52026PC0999 - NL - EUR-Lex",
    "e) Nr. impact assessment Commissie en Opinie Raad voor Regelgevingstoetsing",
    "Impact assessment: SWD(2026) 000. Opinie Raad voor Regelgevingstoetsing: SEC(2026) 000 (positief).",
    "f) Behandelingstraject Raad",
    "Raad Justitie en Binnenlandse Zaken",
    "g) Eerstverantwoordelijk ministerie",
    "Ministerie van Volksgezondheid, Welzijn en Sport in samenwerking met het Ministerie van Justitie en Veiligheid",
    "h) Rechtsbasis",
    "COM(2026) 998: Artikel 168, lid 5, van het Verdrag betreffende de werking van de Europese Unie (VWEU).",
    "COM(2026) 999: Artikel 83, lid 1, VWEU.",
    "i) Besluitvormingsprocedure Raad",
    "Gekwalificeerde meerderheid.",
    "j) Rol Europees Parlement",
    "Medewetgever (gewone wetgevingsprocedure).",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    [result] = build_fiche(EXAMPLE, output=tmp_path_factory.mktemp("proposals") / "f.docx")
    return result.path


def section_1(paragraphs: list[str]) -> list[str]:
    start = paragraphs.index("1.\tAlgemene gegevens")
    return paragraphs[start : paragraphs.index("2.\tEssentie voorstel")]


def test_the_example_checks_without_warnings():
    loaded = load_position(EXAMPLE)
    assert loaded.warnings == []
    assert loaded.fiche.general.com_numbers() == ["COM(2026) 998", "COM(2026) 999"]


def test_the_example_is_marked_illustrative():
    assert EXAMPLE.read_text(encoding="utf-8").splitlines()[1] == "# illustratief"


def test_section_1_lists_every_proposal(built):
    assert section_1(read_docx(built).paragraphs) == [as_written(p) for p in EXAMPLE_SECTION_1]


def test_each_proposal_has_its_own_eurlex_hyperlink(built):
    links = [(h.text, h.address) for p in docx.Document(str(built)).paragraphs for h in p.hyperlinks]
    assert links == [
        (
            "EUR-Lex - 52026PC0998 - NL - EUR-Lex",
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52026PC0998",
        ),
        (
            "EUR-Lex - 52026PC0999 - NL - EUR-Lex",
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52026PC0999",
        ),
    ]


@pytest.mark.soffice
def test_section_1_reads_the_same_in_libreoffice(built, soffice, tmp_path):
    # without the page number in the footer, where a page ends in section 1
    lines = docx_to_pdf_text(soffice, built, tmp_path).splitlines()
    text = " ".join(" ".join(line for line in lines if not line.strip().isdigit()).split())
    start = text.index("1. Algemene gegevens")
    assert text[start : text.index("2. Essentie voorstel")].strip() == " ".join(EXAMPLE_SECTION_1)


def three_proposals(legal_bases: tuple[str, str, str]) -> str:
    """A legislative fiche on three proposals, each with the legal basis given."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start, end = text.index("  proposals:\n"), text.index("  received:")
    items = "".join(
        f"    - title: Voorstel {n}\n      com_number: COM(2026) {n}\n"
        f"      eurlex: {{url: 'https://eur-lex.europa.eu/{n}'}}\n      legal_basis: {basis}\n"
        for n, basis in zip((1, 2, 3), legal_bases, strict=True)
    )
    return text[:start] + "  proposals:\n" + items + text[end:]


def test_one_legal_basis_shared_by_every_proposal_is_written_once(tmp_path):
    write_tree(tmp_path, {"f.yaml": three_proposals(("Artikel 114 VWEU.",) * 3)})
    [result] = build_fiche(tmp_path / "f.yaml", output=tmp_path / "f.docx")
    paragraphs = read_docx(result.path).paragraphs
    after = paragraphs[paragraphs.index("h)\tRechtsbasis") + 1 :]
    assert after[:2] == ["Artikel 114 VWEU.", "i)\tBesluitvormingsprocedure Raad"]
    assert "COM(2026) 1, COM(2026) 2 en COM(2026) 3" in paragraphs
    # without a label, a link shows its address
    assert [p for p in paragraphs if p.startswith("https://eur-lex")] == [
        f"https://eur-lex.europa.eu/{n}" for n in (1, 2, 3)
    ]


def test_legal_bases_that_differ_are_written_per_proposal(tmp_path):
    write_tree(tmp_path, {"f.yaml": three_proposals(("Artikel 114 VWEU.", "Artikel 114 VWEU.", "Artikel 207 VWEU."))})
    [result] = build_fiche(tmp_path / "f.yaml", output=tmp_path / "f.docx")
    paragraphs = read_docx(result.path).paragraphs
    after = paragraphs[paragraphs.index("h)\tRechtsbasis") + 1 :]
    assert after[:3] == [
        "COM(2026) 1: Artikel 114 VWEU.",
        "COM(2026) 2: Artikel 114 VWEU.",
        "COM(2026) 3: Artikel 207 VWEU.",
    ]


def test_english_joins_the_numbers_with_and(tmp_path):
    [result] = build_fiche(EXAMPLE, output=tmp_path / "f.docx", langs=["en"], allow_missing=True)
    assert "COM(2026) 998 and COM(2026) 999" in read_docx(result.path).paragraphs


# --- what loading refuses ------------------------------------------------------------

MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")
SINGLE = """\
  proposal_title: MEDEDELING VAN DE COMMISSIE over een proefvoorstel
  received: 2025-12-04
  com_number: COM(2025) 999
  eurlex:
    url: https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52025DC0999
    label: EUR-Lex - 52025DC0999 - NL - EUR-Lex
"""
TWO = """\
  proposals:
    - title: MEDEDELING VAN DE COMMISSIE over een proefvoorstel
      com_number: COM(2025) 998
      eurlex: {url: "https://eur-lex.europa.eu/998"}
    - title: MEDEDELING VAN DE COMMISSIE over een tweede proefvoorstel
      com_number: COM(2025) 999
      eurlex: {url: "https://eur-lex.europa.eu/999"}
  received: 2025-12-04
"""


def load_general(tmp_path, general: str):
    assert SINGLE in MINIMAL
    write_tree(tmp_path, {"f.yaml": MINIMAL.replace(SINGLE, general)})
    return load_position(tmp_path / "f.yaml")


def error_of(tmp_path, general: str) -> str:
    with pytest.raises(PositionError) as info:
        load_general(tmp_path, general)
    return str(info.value).removeprefix(f"{tmp_path / 'f.yaml'}:")


def test_a_communication_on_two_proposals_loads(tmp_path):
    assert load_general(tmp_path, TWO).fiche.general.com_numbers() == ["COM(2025) 998", "COM(2025) 999"]


@pytest.mark.parametrize(
    ("general", "expected"),
    [
        (
            TWO + "  com_number: COM(2025) 999\n",
            "13:3: general.com_number: 'com_number' belongs to each of the proposals when the fiche lists them; "
            "remove it here",
        ),
        (
            TWO.replace("COM(2025) 999", "COM(2025)  998"),
            "10:19: general.proposals[1].com_number: COM(2025)  998 is listed twice (also proposals[0])",
        ),
        (
            TWO[: TWO.index("    - title: MEDEDELING VAN DE COMMISSIE over een tweede")] + "  received: 2025-12-04\n",
            "6:5: general.proposals: lists 1; expected at least 2",
        ),
        (
            SINGLE.replace("  com_number: COM(2025) 999\n", ""),
            "5:3: general: missing required field 'com_number' (or list several proposals under 'proposals')",
        ),
        (
            TWO.replace(
                '{url: "https://eur-lex.europa.eu/999"}',
                '{url: "https://eur-lex.europa.eu/999"}\n      legal_basis: Artikel 114 VWEU.',
            ),
            "12:7: general.proposals[1].legal_basis: unknown field 'legal_basis' in a communication fiche "
            "(allowed: title, com_number, eurlex)",
        ),
    ],
    ids=["single-field-too", "same-com-twice", "a-list-of-one", "neither", "legal-basis-in-a-communication"],
)
def test_what_loading_refuses(tmp_path, general, expected):
    assert error_of(tmp_path, general) == expected


LEGISLATIVE = (POSITIONS / "psychoactive-substances-2026.yaml").read_text(encoding="utf-8")


def test_a_legal_basis_both_in_general_and_per_proposal_is_an_error(tmp_path):
    write_tree(
        tmp_path,
        {"f.yaml": LEGISLATIVE.replace("  decision_procedure:", "  legal_basis: Artikel 114.\n  decision_procedure:")},
    )
    with pytest.raises(PositionError) as info:
        load_position(tmp_path / "f.yaml")
    assert str(info.value).endswith(
        "general.proposals[0].legal_basis: the legal basis stands once in general or per proposal, not both"
    )


def test_a_legislative_proposal_without_a_legal_basis_is_an_error(tmp_path):
    write_tree(tmp_path, {"f.yaml": LEGISLATIVE.replace("      legal_basis: Artikel 83, lid 1, VWEU.\n", "")})
    with pytest.raises(PositionError) as info:
        load_position(tmp_path / "f.yaml")
    assert str(info.value) == (
        f"{tmp_path / 'f.yaml'}:28:7: general.proposals[1]: missing required field 'legal_basis' (a legislative "
        "fiche needs it, in general for all proposals or in each)"
    )


def test_a_review_of_a_proposals_legal_basis_goes_back_to_that_proposal(run_cli, tmp_path):
    from tests.commands.test_review import replace, rewrite

    position = tmp_path / "fiche.yaml"
    position.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    [result] = build_fiche(position, output=tmp_path / "fiche.docx")

    def edit(document, notes, comments):
        replace(document, "Artikel 83, lid 1, VWEU.", "Artikel 82, lid 2, en artikel 83, lid 1, VWEU.", "Anne", 10)

    rewrite(result.path, tmp_path / "reviewed.docx", edit)
    review = run_cli("review", tmp_path / "reviewed.docx", "--apply")
    assert review.exit_code == 0, review.output
    assert "general.proposals.1.legal_basis" in review.output
    proposals = load_position(position).fiche.general.proposals
    assert [p.legal_basis for p in proposals] == [
        "Artikel 168, lid 5, van het Verdrag betreffende de werking van de Europese Unie (VWEU).",
        "Artikel 82, lid 2, en artikel 83, lid 1, VWEU.",
    ]
