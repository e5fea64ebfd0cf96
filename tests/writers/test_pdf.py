"""`fiche build --pdf`: a tagged PDF with its language and title, PDF/A-2b for the archive, a warning
for fonts LibreOffice had to replace, and `-o NAME.pdf` writing NAME.docx beside the PDF."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest

from fichebuilder.ooxml.reading import read_docx
from tests.conftest import DATA, ROOT, installed_font, write_tree

MINIMAL = DATA / "minimal.yaml"


def _structure_tags(node: Any, found: Counter[str]) -> Counter[str]:
    """How often each structure type (/H1, /P …) occurs under a node of the structure tree."""
    node = node.get_object()
    if "/S" in node:
        found[str(node["/S"])] += 1
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid, pypdf.generic.IndirectObject | pypdf.generic.DictionaryObject):
            _structure_tags(kid, found)
    return found


def _heading_count(document: Path, style: str) -> int:
    text = read_docx(document)
    return sum(1 for s in text.styles if s == style)


@pytest.mark.parametrize(
    ("lang", "tag", "title"),
    [
        ("nl", "nl-NL", "Fiche: Mededeling over een proefvoorstel"),
        ("en", "en-GB", "Fiche: Communication on a test proposal"),
    ],
    ids=["nl", "en"],
)
def test_the_pdf_is_tagged_with_its_language_title_and_headings(run_cli, tmp_path, soffice, lang, tag, title):
    bilingual = MINIMAL.read_text(encoding="utf-8").replace(
        "title: Mededeling over een proefvoorstel",
        "title: {nl: Mededeling over een proefvoorstel, en: Communication on a test proposal}",
    )
    write_tree(tmp_path, {"f.yaml": bilingual})
    result = run_cli(
        "build", tmp_path / "f.yaml", "--lang", lang, "--allow-missing", "-o", tmp_path / "f.docx", "--pdf"
    )
    assert result.exit_code == 0, result.stderr
    reader = pypdf.PdfReader(tmp_path / "f.pdf")
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == tag
    assert reader.metadata.title == title == docx.Document(str(tmp_path / "f.docx")).core_properties.title
    assert (
        bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    )  # the title, not the file name, in the window
    tags = _structure_tags(catalog["/StructTreeRoot"], Counter())
    # every heading of the Word document is a heading of the PDF's structure, at its level
    assert (tags["/H1"], tags["/H2"]) == (
        _heading_count(tmp_path / "f.docx", "Heading1"),
        _heading_count(tmp_path / "f.docx", "Heading2"),
    )
    assert tags["/H1"] > 0 and tags["/Title"] == 1
    assert "/Outlines" in catalog  # the headings as bookmarks


def test_pdf_a_is_identified_as_pdf_a_2b(run_cli, tmp_path, soffice):
    result = run_cli("build", MINIMAL, "-o", tmp_path / "f.docx", "--pdf-a")
    assert result.exit_code == 0, result.stderr
    reader = pypdf.PdfReader(tmp_path / "f.pdf")
    xmp = ET.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    pdfaid = "{http://www.aiim.org/pdfa/ns/id/}"
    assert [e.text for e in xmp.iter(f"{pdfaid}part")] == ["2"]
    assert [e.text for e in xmp.iter(f"{pdfaid}conformance")] == ["B"]
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"]) is True  # and still tagged


def test_a_plain_pdf_claims_no_pdf_a(run_cli, tmp_path, soffice):
    result = run_cli("build", MINIMAL, "-o", tmp_path / "f.docx", "--pdf")
    assert result.exit_code == 0, result.stderr
    metadata = pypdf.PdfReader(tmp_path / "f.pdf").trailer["/Root"].get("/Metadata")
    assert metadata is None or b"pdfaid" not in metadata.get_object().get_data()


def test_output_named_pdf_writes_the_word_document_beside_it(run_cli, tmp_path, soffice):
    result = run_cli("build", MINIMAL, "-o", tmp_path / "fiche.pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {tmp_path / 'fiche.docx'}\nwrote {tmp_path / 'fiche.pdf'}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fiche.docx", "fiche.pdf"]
    assert (tmp_path / "fiche.pdf").read_bytes().startswith(b"%PDF-")
    assert "1.\tAlgemene gegevens" in read_docx(tmp_path / "fiche.docx").paragraphs


@pytest.mark.parametrize("name", ["fiche.txt", "fiche"], ids=["other-suffix", "no-suffix"])
def test_output_of_another_format_is_refused(run_cli, tmp_path, name):
    result = run_cli("build", MINIMAL, "-o", tmp_path / name)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path / name}: -o names the document to write: NAME.docx, or NAME.pdf for the PDF and NAME.docx\n"
    )
    assert list(tmp_path.iterdir()) == []


def _house_style_in(font: str, folder: Path) -> Path:
    """A copy of the shipped templates whose house style sets every Verdana text in ``font``."""
    templates = folder / "templates"
    shutil.copytree(ROOT / "templates", templates)
    reference = docx.Document(str(templates / "reference.docx"))
    for style in reference.styles:
        if getattr(style, "font", None) is not None and style.font.name == "Verdana":
            style.font.name = font
    reference.save(str(templates / "reference.docx"))
    return templates


def test_a_font_that_is_not_installed_is_named_with_its_stand_in(run_cli, tmp_path, soffice):
    templates = _house_style_in("Fichebuilder Nonesuch", tmp_path)
    result = run_cli("build", MINIMAL, "--template", templates, "-o", tmp_path / "f.docx", "--pdf")
    assert result.exit_code == 0, result.stderr
    [warning] = result.stderr.splitlines()
    stand_in = warning.removeprefix("Warning: Fichebuilder Nonesuch is not installed: LibreOffice set the PDF in ")
    assert stand_in != warning, warning
    assert stand_in.endswith(" instead, so its lines and pages fall differently from Word's")
    assert "Nonesuch" not in stand_in


def test_no_font_warning_where_the_house_style_font_is_installed(run_cli, tmp_path, soffice):
    installed = installed_font("sans-serif")
    templates = _house_style_in(installed, tmp_path)
    result = run_cli("build", MINIMAL, "--template", templates, "-o", tmp_path / "f.docx", "--pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
