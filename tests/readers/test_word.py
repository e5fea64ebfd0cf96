"""What Word writes, read right: documents that show one thing each, written part by part
(``wordmade``) or taken from the test data of other readers of Word (``data/thirdparty``)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml

from fichebuilder.readers.blocks import link, note_ref
from fichebuilder.readers.reading import read_source
from tests.conftest import DATA
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
        f"Warning: {source}: 1 endnote(s) were read as footnotes: a fiche has footnotes only, "
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


# --- 8 and 11. what a position file cannot hold is set aside, or named --------------------------

EQUATION = (
    "<m:oMath><m:f><m:num><m:r><m:t>a</m:t></m:r></m:num><m:den><m:r><m:t>b</m:t></m:r></m:den></m:f>"
    "<m:r><m:t>=</m:t></m:r><m:rad><m:radPr><m:degHide m:val='1'/></m:radPr><m:deg/><m:e>"
    "<m:sSup><m:e><m:r><m:t>x</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup>"
    "</m:e></m:rad></m:oMath>"
)


def drawing(description: str) -> str:
    described = f' descr="{description}"' if description else ""
    return (
        f'<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="Afbeelding 1"{described}/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"/></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )


def test_an_equation_goes_under_unplaced_as_linear_text(run_cli, tmp_path):
    body = paragraph(run("De verhouding is ") + EQUATION + run(" voor elke lidstaat."))
    fiche, stderr = imported(run_cli, word_package(tmp_path, fiche_around(body)), tmp_path)
    assert fiche["essence"] == "De verhouding is voor elke lidstaat."
    assert fiche["unplaced"] == [{"text": "(a)/(b)=√(x^(2))", "source": "paragraph 4, an equation"}]
    assert (
        ": a position file cannot hold 1 equation(s): what they say is under 'unplaced:' with where it stood\n"
    ) in stderr


def test_an_images_alt_text_goes_under_unplaced_and_an_image_without_is_named(run_cli, tmp_path):
    body = paragraph(run("Een kaart:") + drawing("Kaart van de Noordzee")) + paragraph(drawing(""))
    fiche, stderr = imported(run_cli, word_package(tmp_path, fiche_around(body)), tmp_path)
    assert fiche["essence"] == "Een kaart:"
    assert fiche["unplaced"] == [{"text": "Kaart van de Noordzee", "source": "paragraph 4, an image's alt text"}]
    assert (
        ": a position file cannot hold 2 image(s) (1 without text to keep, left out: paragraph 5): "
        "what they say is under 'unplaced:' with where it stood\n"
    ) in stderr


PAGE_NUMBER = (
    '<w:p><w:r><w:t xml:space="preserve">Pagina </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)


def test_page_headers_and_footers_go_under_unplaced_unless_word_fills_them_in(tmp_path):
    source = word_package(
        tmp_path,
        paragraph(run("Tekst.")),
        parts={
            "header": "<w:p><w:r><w:t>Departementaal vertrouwelijk</w:t></w:r></w:p>",
            "footer": PAGE_NUMBER.replace("Pagina ", ""),
        },
        section='<w:headerReference w:type="first" r:id="rId1"/><w:footerReference w:type="default" r:id="rId2"/>',
    )
    document = read_source(source)
    assert document.unplaced == [("Departementaal vertrouwelijk", "page header of the first page")]


def test_a_footer_of_a_simple_page_field_is_left_alone(tmp_path):
    source = word_package(
        tmp_path,
        paragraph(run("Tekst.")),
        parts={"footer": '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'},
        section='<w:footerReference w:type="default" r:id="rId1"/>',
    )
    document = read_source(source)
    assert (document.unplaced, document.warnings) == ([], [])


def test_a_footer_with_words_around_its_page_number_is_kept(tmp_path):
    source = word_package(
        tmp_path,
        paragraph(run("Tekst.")),
        parts={"footer": PAGE_NUMBER},
        section='<w:footerReference w:type="default" r:id="rId1"/>',
    )
    assert read_source(source).unplaced == [("Pagina 1", "page footer")]


def test_headers_and_footers_of_a_document_word_wrote(tmp_path):
    document = read_source(THIRDPARTY / "python-docx" / "hdr-header-footer.docx")
    assert document.unplaced == [("Header for section-1", "page header"), ("Footer for section 1", "page footer")]


def test_comments_go_under_unplaced_where_they_stand(run_cli, tmp_path):
    body = paragraph(run("Eerste alinea.")) + paragraph(
        '<w:commentRangeStart w:id="0"/>' + run("Het kabinet steunt dit.") + '<w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r>'
    )
    comment = '<w:comment w:id="0" w:author="J. de Vries"><w:p><w:r><w:t>Klopt dit?</w:t></w:r></w:p></w:comment>'
    source = word_package(tmp_path, fiche_around(body), parts={"comments": comment})
    fiche, stderr = imported(run_cli, source, tmp_path)
    assert fiche["essence"].strip() == "Eerste alinea.\n\nHet kabinet steunt dit."
    assert fiche["unplaced"] == [{"text": "Klopt dit?", "source": "paragraph 5, a comment by J. de Vries"}]
    assert f"Warning: {source}: a position file cannot hold 1 comment(s)" in stderr


def test_comments_of_a_document_word_wrote(tmp_path):
    document = read_source(THIRDPARTY / "mammoth" / "comments.docx")
    assert document.unplaced == [
        ("A tachyon walks into a bar.", "paragraph 1, a comment by Michael Williamson"),
        ("Fin.", "paragraph 1, a comment by Michael Williamson"),
    ]


def test_strict_refuses_what_a_position_file_cannot_hold(run_cli, tmp_path):
    body = paragraph(run("De verhouding is ") + EQUATION) + paragraph(drawing(""))
    source = word_package(tmp_path, fiche_around(body))
    output = tmp_path / "out.yaml"
    result = run_cli("import", source, "-o", output, "--strict")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {source}: holds what a position file cannot hold: 1 equation(s) and 1 image(s) "
        "(1 without text to keep, left out: paragraph 5); import it without --strict to keep what they say "
        "under 'unplaced:'\n"
    )
    assert not output.exists()


def test_strict_imports_a_document_that_holds_only_text(run_cli, tmp_path):
    source = word_package(tmp_path, fiche_around(paragraph(run("Alleen tekst."))))
    result = run_cli("import", source, "-o", tmp_path / "out.yaml", "--strict")
    assert result.exit_code == 0, result.output


# --- 6. list numbering -----------------------------------------------------------------------


def numbering(*nums: str, start: int = 1) -> str:
    """A numbering part: one decimal definition of two levels, starting at ``start``, and the
    numbering instances ``nums`` (the content of each ``w:num``, numbered from 1)."""
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="{start if level == 0 else 1}"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="%{level + 1}."/></w:lvl>'
        for level in (0, 1)
    )
    return f'<w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>' + "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="0"/>{content}</w:num>' for n, content in enumerate(nums, 1)
    )


def item(text: str, num: int, level: int = 0) -> str:
    return paragraph(run(text), f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>')


def ordered_lists(markdown: str) -> list[tuple[int, int, list[str]]]:
    """The ordered lists Markdown holds, as the writer receives them: (depth, start, item texts),
    in the order they open."""
    from markdown_it import MarkdownIt

    found: list[tuple[int, int, list[str]]] = []
    open_lists: list[list[str]] = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "ordered_list_open":
            open_lists.append([])
            found.append((len(open_lists) - 1, int(token.attrs.get("start", 1)), open_lists[-1]))
        elif token.type == "ordered_list_close":
            open_lists.pop()
        elif token.type == "inline" and open_lists:
            open_lists[-1].append(token.content)
    return found


LISTS = {
    "a list that starts at 2, interrupted, and one restarted by an override": (
        [item("Foo", 1), item("Bar", 1), paragraph(run("Onderbreking.")), item("Bop", 2)],
        numbering("", '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>', start=2),
        [(0, 2, ["Foo", "Bar"]), (0, 1, ["Bop"])],
    ),
    "a list that continues after a paragraph": (
        [item("Foo", 1), item("Bar", 1), item("Baz", 1), paragraph(run("Onderbreking.")), item("Bop", 1)],
        numbering(""),
        [(0, 1, ["Foo", "Bar", "Baz"]), (0, 4, ["Bop"])],
    ),
    "sub-lists that start again under each item": (
        [item("Kop 1", 1), item("Kop 1.1", 1, 1), item("Kop 1.2", 1, 1), item("Kop 2", 1), item("Kop 2.1", 1, 1)],
        numbering(""),
        [(0, 1, ["Kop 1", "Kop 2"]), (1, 1, ["Kop 1.1", "Kop 1.2"]), (1, 1, ["Kop 2.1"])],
    ),
}


@pytest.mark.parametrize(("body", "parts", "expected"), LISTS.values(), ids=LISTS.keys())
def test_ordered_lists_keep_their_numbers_and_nesting(body, parts, expected, run_cli, tmp_path):
    source = word_package(tmp_path, fiche_around("".join(body)), parts={"numbering": parts})
    fiche, _ = imported(run_cli, source, tmp_path)
    assert ordered_lists(fiche["essence"]) == expected


# --- 7. superscript and subscript ----------------------------------------------------------


def shifted_run(text: str, alignment: str) -> str:
    return f"<w:r><w:rPr><w:vertAlign w:val='{alignment}'/></w:rPr><w:t>{text}</w:t></w:r>"


def test_superscript_and_subscript_become_unicode_characters(run_cli, tmp_path):
    body = paragraph(
        run("Een oppervlak van 20 m")
        + shifted_run("2", "superscript")
        + run(", minder CO")
        + shifted_run("2", "subscript")
        + run(" en de 1")
        + shifted_run("e", "superscript")
        + run(" stap.")
    )
    fiche, stderr = imported(run_cli, word_package(tmp_path, fiche_around(body)), tmp_path)
    assert fiche["essence"] == "Een oppervlak van 20 m², minder CO₂ en de 1ᵉ stap."
    assert not [line for line in stderr.splitlines() if "superscript" in line.rpartition("yaml: ")[2]]


def test_superscript_without_unicode_characters_is_kept_and_named(tmp_path):
    body = paragraph(run("Het getal x") + shifted_run("q", "superscript") + run("."))
    document = read_source(word_package(tmp_path, body))
    assert [block.text for block in document.blocks] == ["Het getal xq."]
    assert document.warnings == [
        "1 superscript or subscript text(s) kept on the line, as Unicode has no raised or lowered form "
        "of each of their letters: paragraph 1 “q”"
    ]


def test_a_draft_builds_mark_in_its_header_is_not_text_to_place(run_cli, tmp_path):
    built = tmp_path / "concept.docx"
    assert run_cli("build", DATA / "minimal.yaml", "-o", built, "--draft").exit_code == 0
    document = read_source(built)
    assert (document.unplaced, document.aside) == ([], [])


def test_a_package_whose_main_part_is_no_word_document_is_refused_in_one_line(run_cli, tmp_path):
    source = tmp_path / "blad.docx"
    with zipfile.ZipFile(source, "w") as package:
        package.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="xl/workbook.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        package.writestr(
            "xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
        )
    result = run_cli("import", source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {source}: is not a Word document (.docx): its main part xl/workbook.xml holds no document\n"
    )
