"""fiche import: a fiche's .docx, PDF or text back into a position file."""

from __future__ import annotations

import datetime
import re
import shutil
from collections import Counter
from pathlib import Path

import msgspec
import pytest

from fichebuilder.model import Link, text_in
from fichebuilder.readers.importing import import_fiche
from fichebuilder.source import languages, markup
from fichebuilder.source.loading import load_position
from fichebuilder.source.yamlsource import parse_bytes
from fichebuilder.writers.building import assessment_flow, build_fiche
from tests.conftest import DATA, POSITIONS, ROOT, docx_to_pdf, fiche_words
from tests.fidelity import compare, words
from tests.headings import COMMUNICATION_HEADINGS
from tests.readers.handmade import hand_made_docx

PUBLISHED_TEXT = DATA / "fiche-com-2025-744.pdftext.txt"
BODY = DATA / "fiche-com-2025-744.body.txt"
NOTES = DATA / "fiche-com-2025-744.notes.txt"
EXAMPLE = POSITIONS / "com-2025-744.yaml"
LEGISLATIVE = ROOT / "templates" / "samples" / "legislative.yaml"
POSITION_FILES = sorted(POSITIONS.glob("*.yaml"))
# the examples whose text names its actions or measures ("actie 2", "maatregel 3")
NAMED_ACTIONS = [EXAMPLE] + [p for p in POSITION_FILES if "kind: legislative" in p.read_text(encoding="utf-8")]
ROUND_TRIPS = [pytest.param(p, id=p.stem) for p in POSITION_FILES]


def import_and_build(run_cli, source: Path, tmp_path: Path, *build_options: str) -> tuple[Path, Path]:
    """Run ``fiche import`` and ``fiche build`` as a drafter would; the position file and the document."""
    position = tmp_path / "imported.yaml"
    result = run_cli("import", source, "-o", position)
    assert result.exit_code == 0, result.stderr
    document = tmp_path / "rebuilt.docx"
    result = run_cli("build", position, "-o", document, *build_options)
    assert result.exit_code == 0, result.stderr
    return position, document


# --- the published fiche, as text extracted from its PDF ------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    folder = tmp_path_factory.mktemp("published")
    position = folder / "com-2025-744.yaml"
    imported = import_fiche(PUBLISHED_TEXT, output=position)
    [built] = build_fiche(position, output=folder / "com-2025-744.docx")
    return imported, built.path


def test_published_text_builds_back_into_the_published_fiche(published):
    _, document = published
    fidelity = compare(document, BODY, NOTES)
    assert fidelity.body >= 0.97, fidelity.missing[:5]
    assert fidelity.notes_found == [True] * 6


def test_published_text_has_its_actions_recognised(published):
    imported, _ = published
    discussed = {a.number for a in imported.fiche.actions if a.text}
    assert len(discussed & set(range(1, 20))) >= 15
    assert [a.number for a in imported.fiche.areas] == [1, 2, 3, 4, 5, 6]
    assert imported.fiche.unplaced == []
    assert imported.missing == []


def test_published_text_gives_section_1_as_data(published):
    imported, _ = published
    general = imported.fiche.general
    assert general.received == datetime.date(2025, 12, 4)
    assert general.com_number == "COM(2025) 744"
    # the EUR-Lex address stood alone at the foot of page 1: it is the link of 1 d)
    assert general.eurlex == Link(
        url="https://eur-lex.europa.eu/legal-content/EN/ALL/?uri=COM%3A2025%3A744%3AFIN",
        label="EUR-Lex - 52025DC0744 - EN - EUR-Lex",
    )
    grounds = imported.fiche.grounds
    verdicts = {key: getattr(grounds, key).verdict for key in grounds.__struct_fields__}
    assert verdicts == {
        "competence": "positive",
        "subsidiarity": "positive",
        "proportionality": "positive",
        "financial": None,
        "burden": None,
    }


def test_published_text_stances_are_proposed_for_the_drafter(published):
    imported, _ = published
    actions = {a.number: a for a in imported.fiche.actions}
    assert all(a.stance_proposed for a in actions.values())
    assert actions[2].stance == "conditional"
    assert "[Een eventuele uitbreiding van MAOC-N mag echter niet ten koste gaan" in (actions[2].text or "")
    assert actions[9].stance == "support"
    # the file says so next to each stance, and fiche check asks the drafter to confirm it
    assert '  stance: conditional  # voorgesteld: "voorstander", "mag … van"' in imported.text
    warnings = [str(w) for w in load_position(imported.path).warnings]
    assert sum("proposed by fiche import" in w for w in warnings) == 19


def test_the_imported_fiche_is_the_fiche_its_position_file_loads_as(published):
    imported, _ = published

    loaded = load_position(imported.path).fiche
    assert fiche_words(loaded) == fiche_words(imported.fiche)


# words that the position file holds as data or that the template writes, not as text
_STRUCTURE = ["Fiche:", "4 December 2025", "De grondhouding van het kabinet is positief.", *COMMUNICATION_HEADINGS]


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def test_every_word_of_the_published_text_is_in_the_position_file(published):
    imported, _ = published
    source = BODY.read_text(encoding="utf-8") + "\n" + re.sub(r"(?m)^\d+ ", "", NOTES.read_text(encoding="utf-8"))
    for structure in _STRUCTURE:
        assert structure in " ".join(source.split()), structure
        source = " ".join(source.split()).replace(structure, " ", 1 if "grondhouding" not in structure else 3)
    data, _ = parse_bytes(imported.text.encode("utf-8"), file="imported.yaml")
    written = " ".join(markup.plain(t) for t in _texts(data))
    missing = Counter(words(source)) - Counter(words(written))
    assert missing == Counter()


# --- round trips through documents fiche build made -------------------------------------


def _comparable(path: Path) -> dict:
    """What a built document carries of a position file: every text as plain words, the verdicts,
    the order of section 3 b, and the footnotes' texts."""
    loaded = load_position(path)
    fiche = languages.resolve(loaded.fiche, "nl", source=loaded.source)

    def plain(text):
        return " ".join(markup.plain(text).split()) if isinstance(text, str) else text

    def fields(value):
        """A struct's fields (a list's items) with their texts as plain words, nested ones too."""
        if isinstance(value, msgspec.Struct):
            return {k: fields(v) for k, v in msgspec.structs.asdict(value).items()}
        if isinstance(value, list):
            return [fields(v) for v in value]
        return plain(value)

    grounds = msgspec.structs.asdict(fiche.grounds)
    out = {
        "kind": fiche.kind,
        "title": plain(fiche.title),
        "general": fields(fiche.general),
        "essence": plain(fiche.essence),
        "policy": plain(fiche.position.policy),
        "balance": plain(fiche.position.balance),
        "flow": [" ".join(p.split()) for part in assessment_flow(fiche) for p in markup.plain(part).split("\n\n")],
        "grounds": {k: (g.verdict, plain(g.text)) for k, g in grounds.items() if g},
        "footnotes": sorted(plain(t) for t in fiche.footnotes.values()),
    }
    for key in ("impact_assessment_summary", "implementation", "developing_countries"):
        out[key] = plain(getattr(fiche, key))
    for key in ("financial", "legal"):
        out[key] = fields(getattr(fiche, key))
    return out


@pytest.mark.parametrize(
    "position",
    [
        pytest.param(DATA / "minimal.yaml", id="minimal"),
        pytest.param(LEGISLATIVE, id="legislative-sample"),
        *ROUND_TRIPS,
    ],
)
def test_a_built_document_imports_as_the_data_it_was_built_from(position, run_cli, tmp_path):
    built = tmp_path / "built.docx"
    assert run_cli("build", position, "-o", built).exit_code == 0
    imported, _ = import_and_build(run_cli, built, tmp_path)
    assert _comparable(imported) == _comparable(position)
    assert load_position(imported).fiche.unplaced == []


@pytest.mark.parametrize("position", NAMED_ACTIONS, ids=[p.stem for p in NAMED_ACTIONS])
def test_a_built_example_gives_back_its_actions_and_areas(position, run_cli, tmp_path):
    built = tmp_path / "built.docx"
    run_cli("build", position, "-o", built)
    imported, _ = import_and_build(run_cli, built, tmp_path)
    original, back = load_position(position).fiche, load_position(imported).fiche

    def layout(fiche):
        return [
            (a.number, a.area, a.same_paragraph, words(markup.plain(text_in(a.text, "nl") or "")))
            for a in fiche.actions
        ]

    assert layout(back) == layout(original)
    assert [(a.number, words(markup.plain(text_in(a.text, "nl") or ""))) for a in back.areas] == [
        (a.number, words(markup.plain(text_in(a.text, "nl") or ""))) for a in original.areas
    ]
    agree = sum(a.stance == b.stance for a, b in zip(original.actions, back.actions, strict=True))
    assert agree >= 0.8 * len(original.actions)  # proposed from the wording, against the drafter's own


@pytest.mark.soffice
def test_a_built_fiche_printed_to_pdf_imports_and_builds_back(soffice, run_cli, tmp_path):
    built = tmp_path / "com-2025-744.docx"
    run_cli("build", EXAMPLE, "-o", built)
    pdf = docx_to_pdf(soffice, built, tmp_path)
    _, rebuilt = import_and_build(run_cli, pdf, tmp_path)
    fidelity = compare(rebuilt, BODY, NOTES)
    assert fidelity.body >= 0.95, fidelity.missing[:5]
    assert fidelity.notes_found == [True] * 6


@pytest.mark.soffice
def test_a_pdf_with_a_running_header_and_page_numbers_keeps_the_header_once(soffice, run_cli, tmp_path):
    import docx

    built = tmp_path / "with-header.docx"
    run_cli("build", EXAMPLE, "-o", built)
    document = docx.Document(str(built))
    header = document.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "Tweede Kamer, vergaderjaar 2025–2026, 22 112, nr. 4321"
    document.save(str(built))
    pdf = docx_to_pdf(soffice, built, tmp_path)
    # the header is kept as unplaced text, which a build refuses until the drafter places it
    position, rebuilt = import_and_build(run_cli, pdf, tmp_path, "--draft")
    unplaced = load_position(position).fiche.unplaced
    assert [u.text.strip() for u in unplaced] == ["Tweede Kamer, vergaderjaar 2025–2026, 22 112, nr. 4321"]
    assert unplaced[0].source.startswith("the running text at the top of pages 1–")
    fidelity = compare(rebuilt, BODY, NOTES)
    assert fidelity.body >= 0.95, fidelity.missing[:5]
    assert fidelity.notes_found == [True] * 6


# --- text that is not a fiche's ----------------------------------------------------------


def test_text_it_cannot_place_is_kept_with_where_it_came_from(run_cli, tmp_path):
    source = tmp_path / "fiche.txt"
    text = PUBLISHED_TEXT.read_text(encoding="utf-8")
    source.write_text("Kamerstuk 22 112, nr. 9999\n\n" + text.replace(" Fiche:", "Fiche:", 1), encoding="utf-8")
    position, _ = import_and_build(run_cli, source, tmp_path, "--draft")
    [unplaced] = load_position(position).fiche.unplaced
    assert (unplaced.text.strip(), unplaced.source) == ("Kamerstuk 22 112, nr. 9999", "line 1, before section 1")
    result = run_cli("check", position)
    assert "Warning: " in result.stderr
    assert "unplaced[0]: 5 word(s) from line 1, before section 1 that fiche import could not place" in result.stderr


def test_measures_and_lists_of_a_plain_text_fiche(run_cli, tmp_path):
    source = tmp_path / "handgemaakt.txt"
    source.write_text(
        """Fiche 2: Verordening over proeven

1. Algemene gegevens
a) Titel voorstel
Voorstel voor een VERORDENING over proeven
b) Datum ontvangst Commissiedocument
12 maart 2026
c) Nr. Commissiedocument
COM (2026) 12
d) EUR-Lex
https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52026PC0012
e) Nr. impact assessment Commissie en Opinie
SWD(2026) 3
f) Behandelingstraject Raad
Raad Concurrentievermogen
g) Eerstverantwoordelijke ministerie
Ministerie van Economische Zaken.

2. Essentie voorstel
De Commissie stelt drie maatregelen voor:
1. een register (maatregel 1);
2. een meldplicht (maatregel 2);
3. een toezichthouder (maatregel 3).

3. Nederlandse positie ten aanzien van de mededeling/aanbeveling
a) Essentie Nederlands beleid op dit terrein
Het kabinet zet in op proeven.
b) Beoordeling + inzet ten aanzien van dit voorstel
Het kabinet is positief.

Het kabinet steunt maatregel 1. Maatregel 2 mag niet ten koste gaan van het mkb.
Het is onduidelijk wat maatregel 3 kost.
c) Eerste inschatting van krachtenveld
De lidstaten zijn verdeeld.

4. Grondhouding ten aanzien van bevoegdheid, subsidiariteit, proportionaliteit, financiële
gevolgen en gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten
a)
Bevoegdheid
De grondhouding van het kabinet is negatief. De EU is niet bevoegd.
b) Subsidiariteit
Geen oordeel.
c) Proportionaliteit
Geen oordeel.
d) Financiële gevolgen
Geen.
e) Gevolgen voor regeldruk en administratieve lasten
Geen.
""",
        encoding="utf-8",
    )
    position, _ = import_and_build(run_cli, source, tmp_path)
    fiche = load_position(position).fiche
    assert fiche.title == "Verordening over proeven\n" or fiche.title == "Verordening over proeven"
    assert fiche.general.com_number == "COM(2026) 12"
    assert str(fiche.general.received) == "2026-03-12"
    assert fiche.general.eurlex.url == "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52026PC0012"
    assert "1. een register (maatregel 1);\n2. een meldplicht" in str(fiche.essence)
    assert [(a.number, a.stance, a.same_paragraph) for a in fiche.actions] == [
        (1, "support", False),
        (2, "conditional", True),
        (3, "critical", True),
    ]
    assert fiche.grounds.competence.verdict == "negative"
    assert str(fiche.grounds.competence.text).strip() == "De EU is niet bevoegd."


# --- bad input ------------------------------------------------------------------------


def _encrypted_pdf(folder: Path) -> Path:
    pypdf = pytest.importorskip("pypdf")
    from PIL import Image

    plain = folder / "plain.pdf"
    Image.new("RGB", (200, 200), "white").save(plain)
    writer = pypdf.PdfWriter(clone_from=plain)
    writer.encrypt(user_password="geheim", owner_password="eigenaar", algorithm="AES-128")
    target = folder / "beveiligd.pdf"
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def _image_pdf(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    target = folder / "scan.pdf"
    page = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(page).text((50, 50), "Fiche: Mededeling over een scan", fill="black")
    page.save(target)
    return target


def _other_docx(folder: Path) -> Path:
    import docx

    target = folder / "brief.docx"
    document = docx.Document()
    document.add_paragraph("Geachte voorzitter,")
    document.add_paragraph("Hierbij zend ik u de stukken.")
    document.save(str(target))
    return target


def _empty(folder: Path) -> Path:
    target = folder / "leeg.txt"
    target.write_bytes(b"")
    return target


def _not_a_pdf(folder: Path) -> Path:
    target = folder / "kapot.pdf"
    target.write_bytes(b"%PDF-1.7\n this is no PDF at all")
    return target


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            _encrypted_pdf,
            "is encrypted (password-protected): remove the protection, e.g. print it to a new PDF, and import that",
        ),
        (
            _image_pdf,
            "has no text to read: it is a scanned or image-only PDF (run it through OCR first, "
            "or import the Word document)",
        ),
        (
            _other_docx,
            "does not look like a BNC fiche: its numbered section headings (1. Algemene gegevens, "
            "2. Essentie voorstel, 3. Nederlandse positie …) were not found",
        ),
        (_empty, "is empty: there is no text to import"),
        (_not_a_pdf, "is not a readable PDF (the file is damaged or not a PDF)"),
    ],
    ids=["encrypted-pdf", "image-only-pdf", "docx-not-a-fiche", "empty-file", "damaged-pdf"],
)
def test_bad_input_is_one_line_and_exit_1(make, message, run_cli, tmp_path):
    source = make(tmp_path)
    output = tmp_path / "out.yaml"
    result = run_cli("import", source, "-o", output)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {source}: {message}\n"
    assert not output.exists()


def test_an_existing_position_file_is_kept_without_force(run_cli, tmp_path):
    output = tmp_path / "com-2025-744.yaml"
    output.write_text("kind: communication\n", encoding="utf-8")
    result = run_cli("import", PUBLISHED_TEXT, "-o", output)
    assert result.exit_code == 2  # a usage error, as fiche new over an existing file
    assert result.stderr == f"Error: {output}: already exists; use --force to overwrite it\n"
    assert output.read_text(encoding="utf-8") == "kind: communication\n"
    assert run_cli("import", PUBLISHED_TEXT, "-o", output, "--force").exit_code == 0
    assert load_position(output).fiche.general.com_number == "COM(2025) 744"


def test_an_existing_position_file_under_the_default_name_is_a_usage_error(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "positions").mkdir()
    existing = Path("positions") / "com-2025-744.yaml"
    existing.write_text("kind: communication\n", encoding="utf-8")
    result = run_cli("import", PUBLISHED_TEXT)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {existing}: already exists; use --force to overwrite it\n"
    assert existing.read_text(encoding="utf-8") == "kind: communication\n"


def test_the_default_output_is_named_for_the_com_number(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(PUBLISHED_TEXT, tmp_path / "fiche.txt")
    result = run_cli("import", "fiche.txt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("wrote positions/com-2025-744.yaml: 6 area(s), 19 action(s)")
    assert (tmp_path / "positions" / "com-2025-744.yaml").is_file()


# --- what it writes ----------------------------------------------------------------------


def test_a_field_the_source_lacks_is_left_to_fill_in(run_cli, tmp_path):
    source = tmp_path / "zonder-krachtenveld.txt"
    text = PUBLISHED_TEXT.read_text(encoding="utf-8")
    start = text.index("c) Eerste inschatting van krachtenveld")
    end = text.index("4. Grondhouding")
    source.write_text(text[:start] + text[end:], encoding="utf-8")
    output = tmp_path / "out.yaml"
    result = run_cli("import", source, "-o", output)
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {output}: not found in the source, fill in: position.balance\n"
    assert "  balance:  # niet gevonden in de bron: vul in\n" in output.read_text(encoding="utf-8")


def test_a_hand_made_word_fiche_with_a_table_and_word_numbering(run_cli, tmp_path):
    source = hand_made_docx(tmp_path)
    position, _ = import_and_build(run_cli, source, tmp_path)
    fiche = load_position(position).fiche
    assert (fiche.title, fiche.general.com_number, str(fiche.general.received)) == (
        "Mededeling over handwerk",
        "COM(2026) 40",
        "2026-02-03",
    )
    assert fiche.general.ministry.strip() == "Ministerie van Buitenlandse Zaken"
    assert (
        fiche.essence.strip()
        == "De Commissie stelt twee acties voor:\n\n1. een register (actie 1)\n2. een meldpunt (actie 2)"
    )
    assert fiche.position.policy.strip() == "Het kabinet is *zeer* actief."
    assert [(a.number, a.title, a.stance) for a in fiche.actions] == [
        (1, "Register", "support"),
        (2, "Meldpunt", "conditional"),
    ]
    assert fiche.grounds.competence.verdict == "positive"
    assert fiche.unplaced == []


def test_a_build_refuses_unplaced_import_text_unless_draft(run_cli, tmp_path):
    source = tmp_path / "f.yaml"
    source.write_text(
        (DATA / "minimal.yaml").read_text(encoding="utf-8")
        + "unplaced:\n  - text: Een losse zin.\n    source: regel 3, voor sectie 1\n",
        encoding="utf-8",
    )
    result = run_cli("build", source, "-o", tmp_path / "f.docx")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {source}: 0 placeholder(s) ⟦…⟧ and 1 unplaced text(s) still to resolve (build with --draft for "
        "a CONCEPT): line 45 unplaced[0]\n"
    )
    assert not (tmp_path / "f.docx").exists()
    assert run_cli("build", source, "-o", tmp_path / "f.docx", "--draft").exit_code == 0
