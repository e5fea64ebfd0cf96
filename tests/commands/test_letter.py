"""fiche letter: the cover letter of a batch of fiches, word for word as published, and the batch as one PDF."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import docx
import pikepdf
import pytest
from pypdf import PdfReader

from fichebuilder.ooxml.reading import read_docx
from fichebuilder.writers.pdffonts import pdf_fonts
from tests.conftest import DATA, ROOT, installed_font, write_tree

SEED = DATA / "kamerstuk-22112-3791-opening.txt"
MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")
COSMETICS = "Mededeling reactie burgerinitiatief cosmetica dierproefvrij"
DISABILITY = "Richtlijn invoering Europese gehandicaptenkaart en Europese gehandicaptenparkeerkaart"
MINISTER = "H.G.J. Bruins Slot"


def seed_letter() -> list[str]:
    """The letter of Kamerstuk 22 112, nr. 3791, one line per paragraph, as published."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return lines[: next(i for i, line in enumerate(lines) if line.startswith("De Minister van")) + 1]


def position(title: str, *, com: str, received: str, parliament: str = "") -> str:
    """A small fiche with ``title``; ``parliament`` is its parliament: block, if any."""
    text = MINIMAL.replace("title: Mededeling over een proefvoorstel", f"title: {title}")
    text = text.replace("COM(2025) 999", com).replace("received: 2025-12-04", f"received: {received}")
    return text.replace("general:\n", parliament + "general:\n", 1)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """The two fiches of Kamerstuk 22 112, nr. 3791: the first published before as nr. 3790."""
    write_tree(
        tmp_path,
        {
            "cosmetica.yaml": position(
                COSMETICS,
                com="COM(2023) 901",
                received="2023-07-25",
                parliament="parliament:\n  sent: 2023-09-29\n  kamerstuk: 22 112, nr. 3790\n",
            ),
            "gehandicaptenkaart.yaml": position(DISABILITY, com="COM(2023) 512", received="2023-09-06"),
        },
    )
    return tmp_path


def letter(run_cli, batch: Path, *extra: str, files: tuple[str, ...] = ("cosmetica.yaml", "gehandicaptenkaart.yaml")):
    return run_cli(
        "letter",
        *(batch / f for f in files),
        "--date",
        "2023-09-29",
        "--number",
        "3791",
        "--minister",
        MINISTER,
        "-o",
        batch / "out" / "brief.docx",
        *extra,
    )


def paragraphs(path: Path) -> list[str]:
    return [" ".join(p.split()) for p in read_docx(path).paragraphs]


def test_the_letter_is_the_published_one_word_for_word(run_cli, batch):
    result = letter(run_cli, batch)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {batch / 'out' / 'brief.docx'}: the letter for 2 fiche(s)\n"
    assert len(seed_letter()) == 8
    assert paragraphs(batch / "out" / "brief.docx") == seed_letter()


def test_the_letter_is_in_the_house_style(run_cli, batch):
    letter(run_cli, batch)
    document = docx.Document(str(batch / "out" / "brief.docx"))
    assert [p.style.name for p in document.paragraphs][:3] == ["Title", "Heading 1", "Normal"]
    assert document.core_properties.subject == "22 112, nr. 3791"
    assert document.paragraphs[-1].runs[-1].text == MINISTER  # the name under the signature line


def test_a_fiche_printed_in_the_letters_own_publication_is_listed_without_a_number(run_cli, batch):
    own = "parliament:\n  sent: 2023-09-29\n  kamerstuk: 22 112, nr. 3791\n"
    fiche = position(DISABILITY, com="COM(2023) 512", received="2023-09-06", parliament=own)
    write_tree(batch, {"gehandicaptenkaart.yaml": fiche})
    assert letter(run_cli, batch).exit_code == 0
    assert f"Fiche: {DISABILITY}" in paragraphs(batch / "out" / "brief.docx")


def test_one_fiche_without_a_number_and_a_letter_without_one(run_cli, batch, monkeypatch):
    monkeypatch.setenv("FICHE_MINISTER", MINISTER)  # the minister configured, not given
    result = run_cli("letter", batch / "gehandicaptenkaart.yaml", "--date", "2023-10-02", "-o", batch / "b.docx")
    assert result.exit_code == 0, result.stderr
    text = paragraphs(batch / "b.docx")
    assert text[1:4] == [
        "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "Den Haag, 2 oktober 2023",
    ]
    assert text[4] == (
        "Overeenkomstig de bestaande afspraken ontvangt u hierbij 1 fiche die werd opgesteld door de werkgroep "
        "Beoordeling Nieuwe Commissie voorstellen (BNC)."
    )
    assert text[-1] == f"De Minister van Buitenlandse Zaken, {MINISTER}"


def test_the_default_name_is_the_letters_date(run_cli, batch, monkeypatch):
    monkeypatch.chdir(batch)
    result = run_cli("letter", "cosmetica.yaml", "--date", "2023-09-29", "--minister", MINISTER)
    assert result.exit_code == 0, result.stderr
    assert (batch / "out" / "letter-2023-09-29.docx").is_file()


# --- refused: one line, exit 1, nothing written -------------------------------------------------


def refused(run_cli, batch: Path, *args: str | Path) -> str:
    result = run_cli("letter", *args, "-o", batch / "out" / "brief.docx")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert not (batch / "out").exists()
    return result.stderr


def test_no_minister(run_cli, batch, monkeypatch):
    monkeypatch.delenv("FICHE_MINISTER", raising=False)
    stderr = refused(run_cli, batch, batch / "cosmetica.yaml")
    assert stderr == "Error: no minister's name to sign the letter: give --minister NAME or set FICHE_MINISTER\n"


def test_no_fiches(run_cli, batch):
    stderr = refused(run_cli, batch, "--minister", MINISTER)
    assert stderr == "Error: a letter needs at least one fiche: fiche letter FILE…\n"


def test_the_same_file_twice(run_cli, batch):
    stderr = refused(run_cli, batch, batch / "cosmetica.yaml", batch / "cosmetica.yaml", "--minister", MINISTER)
    assert stderr == f"Error: {batch / 'cosmetica.yaml'}: is named twice; a letter lists each fiche once\n"


def test_the_same_fiche_in_two_files(run_cli, batch):
    (batch / "kopie.yaml").write_text((batch / "cosmetica.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    stderr = refused(run_cli, batch, batch / "cosmetica.yaml", batch / "kopie.yaml", "--minister", MINISTER)
    assert stderr == (
        f"Error: {batch / 'kopie.yaml'}:10:15: general.com_number: COM(2023) 901 is also the proposal of "
        f"{batch / 'cosmetica.yaml'}; a letter lists each fiche once\n"
    )


def test_a_fiche_that_does_not_check(run_cli, batch):
    broken = batch / "gehandicaptenkaart.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("stance: support", "stance: suport"))
    stderr = refused(run_cli, batch, batch / "cosmetica.yaml", broken, "--minister", MINISTER)
    assert stderr.startswith(f"Error: {broken}:27:13: actions[0].stance: 'suport' is not one of")


def test_a_fiche_with_placeholders_left(run_cli, batch):
    draft = batch / "gehandicaptenkaart.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("De lidstaten zijn verdeeld.", "⟦in te vullen⟧"))
    stderr = refused(run_cli, batch, draft, "--minister", MINISTER)
    assert stderr.startswith(f"Error: {draft}: 1 placeholder(s) ⟦…⟧ still to fill in")


def test_a_fiche_received_after_the_letters_date(run_cli, batch):
    stderr = refused(run_cli, batch, batch / "gehandicaptenkaart.yaml", "--date", "2023-09-01", "--minister", MINISTER)
    assert stderr == (
        f"Error: {batch / 'gehandicaptenkaart.yaml'}:6:13: general.received: received 2023-09-06, after the "
        "letter's date 2023-09-01\n"
    )


def test_never_over_a_position_file(run_cli, batch):
    target = batch / "cosmetica.yaml"
    before = target.read_text(encoding="utf-8")
    result = run_cli("letter", target, "--minister", MINISTER, "-o", target)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target}: will not write a document over a .yaml file\n"
    assert target.read_text(encoding="utf-8") == before


# --- the batch as one PDF ---------------------------------------------------------------


def pdf_pages(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


@pytest.mark.soffice
def test_one_pdf_holds_the_letter_then_its_fiches_in_one_libreoffice_run(run_cli, batch, soffice, monkeypatch):
    from fichebuilder.writers import pdf

    runs = []
    real_run = subprocess.run

    def counting_run(command, *args, **kwargs):
        runs.append(command)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(pdf.subprocess, "run", counting_run)
    result = letter(run_cli, batch, "--pdf", files=("gehandicaptenkaart.yaml", "cosmetica.yaml"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == f"wrote {batch / 'out' / 'brief.pdf'}: the letter and its fiches"
    assert len([command for command in runs if "--convert-to" in command]) == 1
    monkeypatch.undo()

    # each fiche on its own, to know its pages
    built = run_cli(
        "build", batch / "gehandicaptenkaart.yaml", batch / "cosmetica.yaml", "-o", batch / "alone", "--pdf"
    )
    assert built.exit_code == 0, built.stderr
    first, second = pdf_pages(batch / "alone" / "gehandicaptenkaart.pdf"), pdf_pages(batch / "alone" / "cosmetica.pdf")
    pages = pdf_pages(batch / "out" / "brief.pdf")
    assert len(pages) == 1 + len(first) + len(second)
    assert (
        pages[0].startswith("22 112 Nieuwe Commissievoorstellen")
        and f"Fiche: {DISABILITY} Fiche: {COSMETICS}" in pages[0]
    )
    assert pages[1:] == first + second
    assert first[0].startswith(f"Fiche: {DISABILITY} 1. Algemene gegevens")
    assert second[0].startswith(f"Fiche: {COSMETICS} 1. Algemene gegevens")


def test_without_libreoffice_the_pdf_is_refused_and_no_letter_written(run_cli, batch, monkeypatch):
    monkeypatch.setenv("PATH", str(batch / "no-programs-here"))
    result = letter(run_cli, batch, "--pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: LibreOffice is not installed")
    assert not (batch / "out").exists()


def test_output_named_pdf_writes_the_letter_beside_it(run_cli, batch, soffice):
    result = run_cli(
        "letter", batch / "cosmetica.yaml", "--date", "2023-09-29", "--minister", MINISTER, "-o", batch / "brief.pdf"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"wrote {batch / 'brief.docx'}: the letter for 1 fiche(s)\n"
        f"wrote {batch / 'brief.pdf'}: the letter and its fiches\n"
    )
    assert (batch / "brief.pdf").read_bytes().startswith(b"%PDF-")
    assert paragraphs(batch / "brief.docx")[0].startswith("22 112")


# --- the batch PDF as accessible as a fiche's -------------------------------------------


def _articles(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The parts of the joined PDF's structure tree: the Document's articles, in order."""
    document = pdf.Root.StructTreeRoot.K
    assert document.S == "/Document"
    return list(document.K)


def _elements(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under ``node``, ``node`` first."""
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            yield from _elements(kid)


def _pages_of(article: pikepdf.Dictionary, pages: dict[tuple[int, int], int]) -> set[int]:
    """The page numbers (from 0) an article's content is on: its elements' and their content's /Pg."""
    found = set()
    for element in _elements(article):
        kids = element.get("/K")
        for holder in [element, *(kids if isinstance(kids, pikepdf.Array) else [kids])]:
            if isinstance(holder, pikepdf.Dictionary) and "/Pg" in holder:
                found.add(pages[holder.Pg.objgen])  # a KeyError: a page that is not in the document
    return found


def _headings(document: Path) -> Counter[str]:
    styles = Counter(read_docx(document).styles)
    return Counter({"/Title": styles["Title"], "/H1": styles["Heading1"], "/H2": styles["Heading2"]})


@pytest.mark.soffice
def test_the_batch_pdf_is_tagged_with_the_letters_title_and_language_and_every_parts_headings(run_cli, batch, soffice):
    result = letter(run_cli, batch, "--pdf")
    assert result.exit_code == 0, result.stderr
    for name in ("cosmetica", "gehandicaptenkaart"):
        assert run_cli("build", batch / f"{name}.yaml", "-o", batch / "alone" / f"{name}.docx").exit_code == 0
    with pikepdf.open(batch / "out" / "brief.pdf") as pdf:
        catalog = pdf.Root
        assert bool(catalog.MarkInfo.Marked) is True
        assert str(catalog.Lang) == "nl-NL"
        title = docx.Document(str(batch / "out" / "brief.docx")).core_properties.title
        assert str(pdf.docinfo.Title) == title == "Brief van de minister van buitenlandse zaken"
        assert bool(catalog.ViewerPreferences.DisplayDocTitle) is True
        articles = _articles(pdf)
        tags = [Counter(str(e.S) for e in _elements(article)) for article in articles]
        wanted = [_headings(batch / "out" / "brief.docx")] + [
            _headings(batch / "alone" / f"{name}.docx") for name in ("cosmetica", "gehandicaptenkaart")
        ]
        assert [{k: t[k] for k in ("/Title", "/H1", "/H2")} for t in tags] == [dict(w) for w in wanted]
        assert tags[0]["/H1"] == 1 and all(t["/H1"] >= 3 for t in tags[1:])
        # the letter on its page, then each fiche on the pages after it, in order
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        spans = [sorted(_pages_of(article, pages)) for article in articles]
        assert [number for span in spans for number in span] == list(range(len(pdf.pages)))
        assert spans[0] == [0]


@pytest.mark.soffice
def test_each_pages_structure_is_found_from_the_page(run_cli, batch, soffice):
    """A page's /StructParents (and a link's /StructParent) is its key into the parent tree, which
    every part numbers from 0: in the joined PDF they must lead to that page's own elements."""
    assert letter(run_cli, batch, "--pdf").exit_code == 0
    with pikepdf.open(batch / "out" / "brief.pdf") as pdf:
        tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        assert len(set(keys)) == len(keys) == len(pdf.pages) >= 3
        for page, key in zip(pdf.pages, keys, strict=True):
            elements = [e for e in tree[key] if isinstance(e, pikepdf.Dictionary)]
            assert elements and all(e.get("/Pg") is not None for e in elements)
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    link = tree[int(annotation.StructParent)]
                    marked = [r.Obj.objgen for r in link.K if isinstance(r, pikepdf.Dictionary) and "/Obj" in r]
                    assert annotation.objgen in marked
        assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == max(k for k, _ in tree.items()) + 1


@pytest.mark.soffice
def test_the_batch_pdf_has_each_fiches_bookmarks_under_its_title(run_cli, batch, soffice):
    assert letter(run_cli, batch, "--pdf").exit_code == 0
    with pikepdf.open(batch / "out" / "brief.pdf") as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
        assert titles[-2:] == [f"Fiche: {COSMETICS}", f"Fiche: {DISABILITY}"]
        assert [child.title for child in outline.root[-1].children][:2] == [
            "1. Algemene gegevens",
            "2. Essentie voorstel",
        ]


@pytest.mark.soffice
def test_pdf_a_for_the_batch(run_cli, batch, soffice):
    result = letter(run_cli, batch, "--pdf-a")
    assert result.exit_code == 0, result.stderr
    with pikepdf.open(batch / "out" / "brief.pdf") as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert meta["dc:title"] == str(pdf.docinfo.Title)
        assert "/OutputIntents" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert [a.S for a in _articles(pdf)] == ["/Art"] * 3


def _house_style_in(font: str, folder: Path) -> Path:
    """A house-style document whose Verdana texts are set in ``font``."""
    reference = docx.Document(str(ROOT / "templates" / "reference.docx"))
    for style in reference.styles:
        if getattr(style, "font", None) is not None and style.font.name == "Verdana":
            style.font.name = font
    folder.mkdir(parents=True, exist_ok=True)
    reference.save(str(folder / "huisstijl.docx"))
    return folder / "huisstijl.docx"


@pytest.mark.soffice
def test_a_missing_font_gets_the_warning_build_gives(run_cli, batch, soffice):
    style = _house_style_in("Fichebuilder Nonesuch", batch / "stijl")
    result = letter(run_cli, batch, "--pdf", "--template", style)
    assert result.exit_code == 0, result.stderr
    built = run_cli("build", batch / "cosmetica.yaml", "--template", style, "-o", batch / "alone.docx", "--pdf")
    assert built.exit_code == 0
    assert result.stderr == built.stderr
    assert result.stderr.startswith("Warning: Fichebuilder Nonesuch is not installed: LibreOffice set the PDF in ")
    assert result.stderr.count("\n") == 1


# --- --template, as fiche build takes it ------------------------------------------------


def test_a_house_style_document_sets_the_letters_look(run_cli, batch):
    style = _house_style_in("Liberation Serif", batch / "stijl")
    assert letter(run_cli, batch, "--template", style).exit_code == 0
    document = docx.Document(str(batch / "out" / "brief.docx"))
    assert {p.style.font.name or p.style.base_style.font.name for p in document.paragraphs} == {"Liberation Serif"}
    assert paragraphs(batch / "out" / "brief.docx") == seed_letter()  # the same words


@pytest.mark.soffice
def test_the_house_style_reaches_the_pdf_of_letter_and_fiches(run_cli, batch, soffice):
    installed = installed_font("serif")
    style = _house_style_in(installed, batch / "stijl")
    result = letter(run_cli, batch, "--pdf", "--template", style)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # the font is there: no warning
    assert pdf_fonts(batch / "out" / "brief.pdf") == {"".join(installed.split())}


def test_a_template_folder_gives_its_own_letter(run_cli, batch):
    templates = batch / "sjabloon"
    shutil.copytree(ROOT / "templates", templates)
    structure = templates / "letter.xml.j2"
    text = structure.read_text(encoding="utf-8")
    structure.write_text(text.replace("</letter>", "<p>Bijlagen: {{ letter.fiches | length }}</p>\n</letter>"))
    assert letter(run_cli, batch, "--template", templates).exit_code == 0
    assert paragraphs(batch / "out" / "brief.docx") == [*seed_letter(), "Bijlagen: 2"]


def test_a_template_folder_without_a_letter_takes_the_shipped_one(run_cli, batch):
    templates = batch / "sjabloon"
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "reference.docx", templates / "reference.docx")
    assert letter(run_cli, batch, "--template", templates).exit_code == 0
    assert paragraphs(batch / "out" / "brief.docx") == seed_letter()


@pytest.mark.soffice
def test_a_structure_file_is_the_letters_and_the_fiches_keep_theirs(run_cli, batch, soffice):
    structure = batch / "brief.xml.j2"
    text = (ROOT / "templates" / "letter.xml.j2").read_text(encoding="utf-8")
    structure.write_text(text.replace("{{ t.letter.addressee }}", "Aan de Voorzitter"), encoding="utf-8")
    result = letter(run_cli, batch, "--template", structure, "--pdf")
    assert result.exit_code == 0, result.stderr
    assert paragraphs(batch / "out" / "brief.docx")[2] == "Aan de Voorzitter"
    pages = pdf_pages(batch / "out" / "brief.pdf")
    assert "Aan de Voorzitter Den Haag" in pages[0]
    assert pages[1].startswith(f"Fiche: {COSMETICS} 1. Algemene gegevens")


def test_a_template_that_is_not_there(run_cli, batch):
    result = letter(run_cli, batch, "--template", batch / "geen")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {batch / 'geen'}: no such template file or folder\n"
    assert not (batch / "out").exists()
