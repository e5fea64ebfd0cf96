"""What Word writes, read right: documents that show one thing each, written part by part
(``wordmade``) or taken from the test data of other readers of Word (``data/thirdparty``)."""

from __future__ import annotations

from pathlib import Path

import yaml

from fichebuilder.readers.blocks import link, note_ref
from fichebuilder.readers.reading import read_source
from tests.readers.wordmade import fiche_around, notes, word_package

THIRDPARTY = Path(__file__).resolve().parent / "data" / "thirdparty"


def run(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"


def paragraph(content: str, properties: str = "") -> str:
    return f"<w:p><w:pPr>{properties}</w:pPr>{content}</w:p>" if properties else f"<w:p>{content}</w:p>"


def texts(path: Path) -> list[str]:
    return [block.text.strip() for block in read_source(path).blocks]


def imported(run_cli, source: Path, tmp_path: Path) -> tuple[dict, str]:
    """The position file ``fiche import`` writes for ``source``, loaded, and what it said on stderr."""
    output = tmp_path / "out.yaml"
    result = run_cli("import", source, "-o", output)
    assert result.exit_code == 0, result.output
    return yaml.safe_load(output.read_text(encoding="utf-8")), result.stderr


# --- 1. endnotes ------------------------------------------------------------------------


def test_endnotes_become_footnotes_with_a_warning(run_cli, tmp_path):
    body = paragraph(
        run("Het kabinet steunt dit")
        + '<w:r><w:footnoteReference w:id="1"/></w:r>'
        + run(" en let op de kosten.")
        + '<w:r><w:endnoteReference w:id="1"/></w:r>'
    )
    source = word_package(
        tmp_path,
        fiche_around(body),
        parts={
            "footnotes": notes("footnotes", {"1": "Een voetnoot."}),
            "endnotes": notes("endnotes", {"1": "Een eindnoot over de kosten."}),
        },
    )
    fiche, stderr = imported(run_cli, source, tmp_path)
    assert fiche["essence"] == "Het kabinet steunt dit[^dit] en let op de kosten.[^kosten]"
    assert fiche["footnotes"] == {"dit": "Een voetnoot.", "kosten": "Een eindnoot over de kosten."}
    assert (
        "Warning: 1 endnote(s) were read as footnotes: a fiche has footnotes only, "
        "so they will print at the foot of the page\n"
    ) in stderr


def test_endnotes_of_a_document_word_wrote(tmp_path):
    document = read_source(THIRDPARTY / "mammoth" / "endnotes.docx")
    assert [block.text for block in document.blocks] == [f"Ouch{note_ref('e2')}.{note_ref('e3')}"]
    assert {key: note.text for key, note in document.notes.items()} == {
        "e2": "A tachyon walks into a bar.",
        "e3": "Fin.",
    }
    assert document.warnings == [
        "2 endnote(s) were read as footnotes: a fiche has footnotes only, so they will print at the foot of the page"
    ]


# --- 2. a field in another field's result ---------------------------------------------------


def field(instruction: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f"<w:r><w:instrText xml:space='preserve'> {instruction} </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{result}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_a_field_nested_in_another_fields_result_keeps_both_results(tmp_path):
    url = "https://example.org/boek"
    inner = field("CREATEDATE \\* MERGEFORMAT", run("16-1-2018"))
    outer = field(f'HYPERLINK "{url}"', run("Foundations, ") + inner + run(", 2nd Edition"))
    source = word_package(tmp_path, paragraph(run("Zie ") + outer + run(", vanaf pagina 19.")))
    assert texts(source) == ["Zie " + link("Foundations, 16-1-2018, 2nd Edition", url) + ", vanaf pagina 19."]


def test_a_page_reference_in_a_cross_reference_leaves_the_text_after_it(tmp_path):
    inner = field("PAGEREF _Toc1 \\h", run("3"))
    outer = field("REF _Ref1 \\h", run("Tabel 1 (pagina ") + inner + run(")"))
    source = word_package(tmp_path, paragraph(run("Zie ") + outer + run(" voor de cijfers.")))
    assert texts(source) == ["Zie Tabel 1 (pagina 3) voor de cijfers."]


# --- 3. a deleted paragraph mark -------------------------------------------------------------


def test_a_deleted_paragraph_mark_joins_two_paragraphs_as_accepting_it_would(tmp_path):
    inserted_mark = '<w:rPr><w:ins w:id="1" w:author="R" w:date="2026-01-01T00:00:00Z"/></w:rPr>'
    deleted_mark = '<w:rPr><w:del w:id="2" w:author="R" w:date="2026-01-01T00:00:00Z"/></w:rPr>'
    body = (
        paragraph(run("This is a"), inserted_mark)
        + paragraph(run(" split"), deleted_mark)
        + paragraph(run("Paragraph."))
    )
    source = word_package(tmp_path, body)
    assert texts(source) == ["This is a", "splitParagraph."]


# --- 4. the main part at another path --------------------------------------------------------


def test_the_main_part_is_found_through_the_package_relationships(tmp_path):
    body = paragraph(run("Tekst") + '<w:r><w:footnoteReference w:id="1"/></w:r>')
    source = word_package(
        tmp_path, body, parts={"footnotes": notes("footnotes", {"1": "Noot."})}, main="word/document2.xml"
    )
    document = read_source(source)
    assert [block.text for block in document.blocks] == ["Tekst" + note_ref("1")]
    assert document.notes["1"].text == "Noot."


# --- 5. Strict Open XML ----------------------------------------------------------------------


def test_strict_open_xml_is_read_as_transitional(tmp_path):
    body = paragraph(
        "<w:r><w:rPr><w:b/></w:rPr><w:t>Strikt</w:t></w:r>"
        + run(" opgeslagen")
        + '<w:r><w:footnoteReference w:id="1"/></w:r>',
        '<w:pStyle w:val="Normal"/>',
    )
    source = word_package(tmp_path, body, parts={"footnotes": notes("footnotes", {"1": "Noot."})}, strict=True)
    document = read_source(source)
    assert [block.text for block in document.blocks] == ["\ue006Strikt\ue006 opgeslagen" + note_ref("1")]
    assert document.notes["1"].text == "Noot."


def test_a_strict_document_word_wrote(tmp_path):
    assert texts(THIRDPARTY / "mammoth" / "strict-format.docx") == ["Test"]


# --- 9. a drop cap ---------------------------------------------------------------------------


def test_a_drop_cap_is_joined_to_its_word(tmp_path):
    frame = '<w:framePr w:dropCap="{}" w:lines="3" w:wrap="around" w:vAnchor="text" w:hAnchor="text"/>'
    body = (
        paragraph(run("D"), frame.format("drop"))
        + paragraph(run("rop cap."))
        + paragraph(run("Next paragraph."))
        + paragraph(run("M"), frame.format("margin"))
        + paragraph(run("argin cap."))
        + paragraph(run("Framed"), frame.format("none"))
        + paragraph(run("apart."))
    )
    assert texts(word_package(tmp_path, body)) == ["Drop cap.", "Next paragraph.", "Margin cap.", "Framed", "apart."]


# --- 10. a paragraph holding only a footnote mark ---------------------------------------------


def test_a_paragraph_of_only_a_footnote_mark_keeps_its_note(run_cli, tmp_path):
    body = paragraph(run("Het kabinet steunt het voorstel.")) + paragraph('<w:r><w:footnoteReference w:id="1"/></w:r>')
    source = word_package(
        tmp_path, fiche_around(body), parts={"footnotes": notes("footnotes", {"1": "Zie de bijlage."})}
    )
    fiche, _ = imported(run_cli, source, tmp_path)
    assert fiche["essence"].strip() == "Het kabinet steunt het voorstel.\n\n[^bijlage]"
    assert fiche["footnotes"] == {"bijlage": "Zie de bijlage."}
    assert "unplaced" not in fiche


def test_a_note_whose_mark_is_not_found_says_so_once(run_cli, tmp_path):
    body = paragraph(run("Het kabinet steunt het voorstel."))
    source = word_package(tmp_path, fiche_around(body), parts={"footnotes": notes("footnotes", {"2": "Los."})})
    fiche, _ = imported(run_cli, source, tmp_path)
    assert fiche["unplaced"] == [{"text": "Los.", "source": "footnote 2, whose mark in the text was not found"}]


def test_a_footnote_mark_alone_in_a_document_word_wrote(tmp_path):
    document = read_source(THIRDPARTY / "mammoth" / "footnote-hyperlink.docx")
    assert [block.text for block in document.blocks] == [note_ref("1")]
    assert document.notes["1"].text == link("Example", "http://www.example.com")
