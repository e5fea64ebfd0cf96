"""fiche import of the text pdftotext gives of a fiche's PDF, with and without -layout: footnotes and all."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from fichebuilder.ooxml.reading import read_docx
from fichebuilder.readers.reading import read_source
from tests.conftest import DATA, POSITIONS, docx_to_pdf
from tests.fidelity import compare

BODY = DATA / "fiche-com-2025-744.body.txt"
NOTES = DATA / "fiche-com-2025-744.notes.txt"
MODES = {"plain": [], "layout": ["-layout"]}


@pytest.fixture
def pdftotext_of(soffice, run_cli, tmp_path):
    """The text pdftotext gives (with ``options``) of the PDF LibreOffice makes of a built fiche."""

    def convert(position: Path, options: list[str]) -> tuple[Path, Path]:
        built = tmp_path / f"{position.stem}.docx"
        assert run_cli("build", position, "-o", built).exit_code == 0
        pdf = docx_to_pdf(soffice, built, tmp_path)
        text = tmp_path / f"{position.stem}.txt"
        subprocess.run(["pdftotext", *options, str(pdf), str(text)], check=True)
        return built, text

    return convert


def import_and_build(run_cli, source: Path, folder: Path) -> Path:
    position, rebuilt = folder / "imported.yaml", folder / "rebuilt.docx"
    result = run_cli("import", source, "-o", position)
    assert result.exit_code == 0, result.stderr
    assert "could not be placed" not in result.stderr
    assert run_cli("build", position, "-o", rebuilt).exit_code == 0
    return rebuilt


@pytest.mark.parametrize("mode", list(MODES), ids=list(MODES))
def test_the_example_through_pdftotext_keeps_its_text_and_footnotes(mode, pdftotext_of, run_cli, tmp_path):
    _, text = pdftotext_of(POSITIONS / "com-2025-744.yaml", MODES[mode])
    rebuilt = import_and_build(run_cli, text, tmp_path)
    fidelity = compare(rebuilt, BODY, NOTES)
    assert fidelity.body >= 0.99, fidelity.missing[:5]
    assert fidelity.notes_found == [True] * 6


@pytest.mark.parametrize("mode", list(MODES), ids=list(MODES))
def test_a_fiche_with_several_notes_a_page_through_pdftotext(mode, pdftotext_of, run_cli, tmp_path):
    # three notes on page 1, whose first number pdftotext without -layout writes after all three texts
    built, text = pdftotext_of(POSITIONS / "precursors-2025.yaml", MODES[mode])
    original = read_docx(built)
    body, notes = tmp_path / "body.txt", tmp_path / "notes.txt"
    body.write_text(original.text, encoding="utf-8")
    notes.write_text("".join(f"{n} {t}\n" for n, t in enumerate(original.footnotes, 1)), encoding="utf-8")
    fidelity = compare(import_and_build(run_cli, text, tmp_path), body, notes)
    assert fidelity.body >= 0.99, fidelity.missing[:5]
    assert fidelity.notes_found == [True] * 4


# pdftotext without -layout, as it writes a page with two notes: the marks apart from their words,
# no blank line between paragraphs, a line that ended in a hyphen joined with the next and the
# hyphen dropped ("EUregister"), the page's first note number after both notes' texts
PLAIN_PAGE = """Fiche: Mededeling over proeven
1. Algemene gegevens
a) Titel voorstel
Mededeling over proeven met dieren
2. Essentie voorstel
De Commissie stelt voor om een register van proeven met dieren op te zetten, naar het model
van de richtlijn 1 uit 2010. Het register moet de lidstaten helpen om proeven te vergelijken
en om dubbel werk tussen laboratoria in verschillende lidstaten te voorkomen, zo schrijft de
Commissie in haar mededeling over het register en over de evaluatie van de huidige regels en
de kosten.
Het kabinet steunt de evaluatie 2 van de richtlijn en de inzet van de Commissie voor een
gedeeld register. Het kabinet wil wel dat de lidstaten hun eigen gegevens houden in het EU-
register voor proeven, en dat de Commissie de kosten draagt.
Het kabinet steunt het register.
Richtlijn 2010/63/EU
2
Zie het evaluatierapport SWD(2024) 88.
1

1
\f""".replace("EU-\nregister", "EUregister")  # as pdftotext joins the two lines


def test_plain_pdftotext_foot_marks_and_hyphens(tmp_path):
    source = tmp_path / "proeven.txt"
    source.write_text(PLAIN_PAGE, encoding="utf-8")
    document = read_source(source)
    assert {k: n.text for k, n in document.notes.items()} == {
        "n1": "Richtlijn 2010/63/EU",
        "n2": "Zie het evaluatierapport SWD(2024) 88.",
    }
    texts = [block.text for block in document.blocks if block.kind != "heading"]
    assert texts == [
        "Mededeling over proeven met dieren",
        "De Commissie stelt voor om een register van proeven met dieren op te zetten, naar het model van de "
        "richtlijn\ue000n1\ue001 uit 2010. Het register moet de lidstaten helpen om proeven te vergelijken en om "
        "dubbel werk tussen laboratoria in verschillende lidstaten te voorkomen, zo schrijft de Commissie in haar "
        "mededeling over het register en over de evaluatie van de huidige regels en de kosten.",
        "Het kabinet steunt de evaluatie\ue000n2\ue001 van de richtlijn en de inzet van de Commissie voor een "
        "gedeeld register. Het kabinet wil wel dat de lidstaten hun eigen gegevens houden in het EU-register "
        "voor proeven, en dat de Commissie de kosten draagt.",
        "Het kabinet steunt het register.",
    ]
