"""fiche import of a published batch: the minister's letter and the fiches after it, as text,
PDF or HTML, into one position file per fiche with its Kamerstuk number and sending date."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest

from fichebuilder.model import Parliament
from fichebuilder.ooxml.reading import read_docx
from fichebuilder.readers.importing import import_source
from fichebuilder.readers.publication import Listed
from fichebuilder.source.loading import load_position
from tests.conftest import DATA, POSITIONS, ROOT, docx_to_pdf
from tests.fidelity import compare

SEED = DATA / "kamerstuk-22112-3791-opening.txt"
# the seed's text marked up as the official publications site marks up a Kamerstuk (the classes
# stuk, stuktitel, expliciet, nootnum and noot), in the site's navigation, with one footnote added
SITE_PAGE = Path(__file__).resolve().parent / "data" / "kst-22112-3791.html"
DISABILITY = "Richtlijn invoering Europese gehandicaptenkaart en Europese gehandicaptenparkeerkaart"
COSMETICS = "Mededeling reactie burgerinitiatief cosmetica dierproefvrij"


def seed_publication(folder: Path) -> Path:
    """The seed's publication text, without the line that says what it is."""
    source = folder / "kst-22112-3791.txt"
    source.write_text(SEED.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    return source


# --- the opening of Kamerstuk 22 112, nr. 3791 ------------------------------------------


def test_the_seed_gives_the_fiche_it_prints_with_its_data(tmp_path):
    imported = import_source(seed_publication(tmp_path), output=tmp_path / "positions")
    assert [line.title for line in imported.letter.listed] == [COSMETICS, DISABILITY]
    [written] = imported.files
    fiche = written.fiche
    assert written.path == tmp_path / "positions" / "com-2023-512.yaml"
    assert (fiche.kind, fiche.title) == ("legislative", DISABILITY)
    general = fiche.general
    assert (general.com_number, general.received) == ("COM(2023) 512", datetime.date(2023, 9, 6))
    assert general.council == "Raad Werkgelegenheid, Sociaal Beleid, Volksgezondheid en Consumentenzaken (EPSCO)"
    assert general.ministry == (
        "Ministerie van Volksgezondheid, Welzijn en Sport in samenwerking met het Ministerie van Infrastructuur "
        "en Waterstaat"
    )
    assert general.eurlex.url == "https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=CONSIL:ST_12755_2023_INIT"
    assert (general.decision_procedure, general.parliament_role) == ("Gekwalificeerde meerderheid", "Medebeslissing")
    assert fiche.unplaced == []  # the letter read, every item of section 1 placed
    assert not [path for path in written.missing if path.startswith("general.")]
    # printed in the publication without a number of its own in the letter: the publication's number
    assert fiche.parliament == Parliament(sent=datetime.date(2023, 9, 29), kamerstuk="22 112, nr. 3791")


def test_the_seed_says_what_it_lacks(run_cli, tmp_path):
    source = seed_publication(tmp_path)
    result = run_cli("import", source, "-o", tmp_path / "positions")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "read the letter of 2023-09-29 (22 112, nr. 3791): 2 fiche(s) listed, 1 printed in kst-22112-3791.txt",
        f"wrote {tmp_path / 'positions' / 'com-2023-512.yaml'}: 0 area(s), 0 action(s) (0 discussed in the text), "
        "0 footnote(s)",
    ]
    assert result.stderr.splitlines()[:2] == [
        f"Warning: {source}: the letter lists 'Fiche: {COSMETICS}' (Kamerstuk 22 112, nr. 3790), whose text is "
        "not in it; import its own publication for it",
        f"Warning: {tmp_path / 'positions' / 'com-2023-512.yaml'}: section(s) 3, 4, 5, 6, 7, 8 not in the source "
        "(its text ends in section 2); their fields are left empty, to fill in",
    ]


def test_the_seed_as_the_publications_site_serves_it(tmp_path):
    """The same publication as an HTML page: the site's navigation around it, the lettered items
    of section 1 a bulleted list, a footnote linked from its mark."""
    imported = import_source(SITE_PAGE, output=tmp_path / "positions")
    [written] = imported.files
    assert imported.absent == [Listed(COSMETICS, "22 112, nr. 3790")]
    assert (written.fiche.title, written.fiche.general.com_number) == (DISABILITY, "COM(2023) 512")
    assert written.fiche.general.received == datetime.date(2023, 9, 6)
    assert written.fiche.parliament == Parliament(sent=datetime.date(2023, 9, 29), kamerstuk="22 112, nr. 3791")
    assert written.fiche.unplaced == []
    assert written.fiche.footnotes == {"commissie": "Zie het werkprogramma van de Commissie voor 2023."}
    assert "Europese Commissie (hierna: Commissie)[^commissie] een voorstel" in written.fiche.essence


# --- a batch fichebuilder made: the letter and three fiches ----------------------------------

FICHES = {
    "com-2025-744.yaml": POSITIONS / "com-2025-744.yaml",
    "com-2026-998-999.yaml": POSITIONS / "psychoactive-substances-2026.yaml",  # a fiche on two proposals
    "com-2025-998.yaml": ROOT / "templates" / "samples" / "legislative.yaml",
}
# the sample was published before, under a number of its own; the others are printed in the letter's
EARLIER = "22 112, nr. 4100"
ROUTES = ["pdf", "pdftotext", "pdftotext-layout", "html"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict[str, Path]:
    """The batch's published forms (PDF, its text with and without -layout, an HTML page), and
    each fiche's build, by the position file's name import gives it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext") or not shutil.which("pandoc"):
        pytest.skip("LibreOffice (soffice), poppler's pdftotext and pandoc are needed")
    from fichebuilder.commands.letter import write_letter
    from fichebuilder.writers.building import build_fiche

    folder = tmp_path_factory.mktemp("batch")
    positions = []
    for name, path in FICHES.items():
        text = path.read_text(encoding="utf-8")
        if path.parent.name == "samples":
            text = text.replace(
                "\ngeneral:\n", f"\nparliament:\n  sent: 2026-04-01\n  kamerstuk: {EARLIER}\ngeneral:\n"
            )
        (folder / name).write_text(text, encoding="utf-8")
        positions.append(folder / name)
    date = datetime.date(2026, 4, 1)
    written = write_letter(
        positions, date=date, minister="A.B. Minister", number=4101, output=folder / "brief.docx", pdf=True
    )
    forms = {"pdf": written.pdf}
    for route, options in (("pdftotext", []), ("pdftotext-layout", ["-layout"])):
        forms[route] = folder / f"{route}.txt"
        subprocess.run(["pdftotext", *options, str(written.pdf), str(forms[route])], check=True)
    built = {name: build_fiche(folder / name, output=folder / f"built-{name}.docx")[0].path for name in FICHES}
    forms["html"] = _html_page(folder, [written.docx, *built.values()])
    return {**forms, **{f"built-{name}": path for name, path in built.items()}}


def _html_page(folder: Path, documents: list[Path]) -> Path:
    """The letter and the fiches as one HTML page (each through pandoc, whose page has the
    document's title at its head), the publication in a "stuk" as on the publications site."""
    parts = []
    for i, document in enumerate(documents):
        page = subprocess.run(
            ["pandoc", str(document), "--standalone", "--to", "html", f"--id-prefix=p{i}-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        parts.append(page[page.index("<body>") + len("<body>") : page.index("</body>")])
    page = folder / "kst-22112-4101.html"
    page.write_text(
        '<!DOCTYPE html><html><body><nav>Zoeken</nav><div class="stuk">' + "\n".join(parts) + "</div></body></html>",
        encoding="utf-8",
    )
    return page


@pytest.mark.soffice
@pytest.mark.parametrize("route", ROUTES, ids=ROUTES)
def test_a_built_batch_imports_into_its_fiches(route, batch, run_cli, tmp_path):
    out = tmp_path / "positions"
    result = run_cli("import", batch[route], "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("read the letter of 2026-04-01 (22 112, nr. 4101): 3 fiche(s) listed, 3 printed")
    assert sorted(p.name for p in out.glob("*.yaml")) == sorted(FICHES)
    for name in FICHES:
        loaded = load_position(out / name).fiche
        number = EARLIER if name == "com-2025-998.yaml" else "22 112, nr. 4101"
        assert loaded.parliament == Parliament(sent=datetime.date(2026, 4, 1), kamerstuk=number), name
        assert loaded.unplaced == [], name
        rebuilt = tmp_path / f"{name}.docx"
        assert run_cli("build", out / name, "-o", rebuilt).exit_code == 0
        original = read_docx(batch[f"built-{name}"])
        body, notes = tmp_path / "body.txt", tmp_path / "notes.txt"
        body.write_text(original.text, encoding="utf-8")
        notes.write_text("".join(f"{n} {text}\n" for n, text in enumerate(original.footnotes, 1)), encoding="utf-8")
        fidelity = compare(rebuilt, body, notes)
        assert fidelity.body >= 0.99, (name, fidelity.missing[:5])
        assert all(fidelity.notes_found), name
    assert len(load_position(out / "com-2026-998-999.yaml").fiche.general.proposals) == 2


@pytest.mark.soffice
def test_several_fiches_need_a_folder(batch, run_cli, tmp_path):
    target = tmp_path / "one.yaml"
    result = run_cli("import", batch["pdf"], "-o", target)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {batch['pdf']}: holds 3 fiches: give -o a folder for their position files\n"
    assert not target.exists()


def test_a_fiche_alone_is_no_batch(soffice, run_cli, tmp_path):
    built = tmp_path / "fiche.docx"
    run_cli("build", POSITIONS / "com-2025-744.yaml", "-o", built)
    pdf = docx_to_pdf(soffice, built, tmp_path)
    result = run_cli("import", pdf, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 0, result.stderr
    assert not result.stdout.startswith("read the letter")
    assert load_position(tmp_path / "x.yaml").fiche.parliament is None
