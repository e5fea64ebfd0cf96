"""Rendering: what a built document holds, in which style, and what templates may do."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from fichebuilder import __version__
from fichebuilder.errors import TemplateError
from fichebuilder.ooxml.reading import read_docx
from fichebuilder.ooxml.styles import outline_level
from fichebuilder.writers import sandbox
from fichebuilder.writers.building import build_fiche
from tests.conftest import DATA, ROOT, docx_to_pdf_text, write_tree
from tests.headings import COMMUNICATION_HEADINGS, as_written

MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")


def build(tmp_path: Path, yaml_text: str = MINIMAL, **options) -> Path:
    write_tree(tmp_path, {"f.yaml": yaml_text})
    [built] = build_fiche(tmp_path / "f.yaml", output=tmp_path / "f.docx", **options)
    return built.path


def test_headings_and_labels_in_order(tmp_path):
    text = read_docx(build(tmp_path))
    headings = [p for p, s in zip(text.paragraphs, text.styles, strict=True) if s in ("Title", "Heading1", "Heading2")]
    assert headings == ["Fiche: Mededeling over een proefvoorstel", *map(as_written, COMMUNICATION_HEADINGS)]


def test_section_3b_flows_from_assessment_areas_and_actions(tmp_path):
    text = read_docx(build(tmp_path)).paragraphs
    start = text.index("b)\tBeoordeling + inzet ten aanzien van dit voorstel")
    assert text[start + 1 : start + 4] == [
        "Het kabinet is positief over het voorstel.",
        "Het kabinet steunt actie 1.",
        "Het kabinet steunt actie 2. Dit mag niet ten koste gaan van bestaande samenwerking. "
        "Het is onduidelijk wat het kost.",
    ]


def test_same_paragraph_runs_an_action_on(tmp_path):
    text = read_docx(
        build(tmp_path, MINIMAL.replace("    stance: conditional", "    stance: conditional\n    same_paragraph: true"))
    ).paragraphs
    assert "Het kabinet steunt actie 1. Het kabinet steunt actie 2. Dit mag" in "\n".join(text)


def test_verdict_is_written_as_a_sentence(tmp_path):
    text = read_docx(build(tmp_path)).paragraphs
    assert "De grondhouding van het kabinet is positief. De Commissie is bevoegd." in text
    assert "Geen directe gevolgen." in text


def test_footnotes_are_native_word_footnotes(tmp_path):
    path = build(tmp_path)
    assert read_docx(path).footnotes == ["Zie de mededeling zelf."]
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert '<w:footnoteReference w:id="1"/>' in xml


def test_eurlex_is_a_real_hyperlink(tmp_path):
    path = build(tmp_path)
    document = docx.Document(str(path))
    links = [h for p in document.paragraphs for h in p.hyperlinks]
    assert [(h.text, h.address) for h in links] == [
        (
            "EUR-Lex - 52025DC0999 - NL - EUR-Lex",
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52025DC0999",
        )
    ]


def test_markdown_lists_emphasis_and_links(tmp_path):
    yaml_text = MINIMAL.replace(
        "  policy: Het kabinet voert een breed beleid.",
        "  policy: |\n    Het *kabinet* voert **beleid**, zie [de site](https://example.org/a?b=1&c=2).\n\n"
        "    1. eerste termijn\n    2. tweede termijn\n\n    - een punt\n",
    )
    path = build(tmp_path, yaml_text)
    text = read_docx(path)
    assert "1.\teerste termijn" in text.paragraphs
    assert "2.\ttweede termijn" in text.paragraphs
    assert "\u2022\teen punt" in text.paragraphs
    paragraph = next(p for p in docx.Document(str(path)).paragraphs if p.text.startswith("Het kabinet voert"))
    assert [r.text for r in paragraph.runs if r.italic] == ["kabinet"]
    assert [r.text for r in paragraph.runs if r.bold] == ["beleid"]
    assert [h.address for h in paragraph.hyperlinks] == ["https://example.org/a?b=1&c=2"]


SPECIAL = "Kosten & baten < 5 > 3 \"quote\" 'apos' — émoji 🎉, العربية, עברית"


def test_special_characters_survive(tmp_path):
    yaml_text = MINIMAL.replace(
        "  balance: De lidstaten zijn verdeeld.",
        "  balance: |\n    "
        + SPECIAL.replace('"', '\\"').replace('\\"', '"')
        + "\n    tweede regel<br>\n\n    # geen kop",
    )
    text = read_docx(build(tmp_path, yaml_text)).paragraphs
    assert SPECIAL + " tweede regel<br>" in text
    assert "# geen kop" in text


def test_house_style(tmp_path):
    document = docx.Document(str(build(tmp_path)))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Verdana", Pt(9))
    assert document.styles["Title"].font.bold
    assert document.styles["Heading 1"].font.bold
    assert document.styles["Heading 2"].font.italic and not document.styles["Heading 2"].font.bold
    assert document.styles["Footnote Text"].font.size == Pt(8)
    # headings to Word's navigation pane and screen readers, their text at the tab stop after the number
    assert [outline_level(document.styles[name]) for name in ("Heading 1", "Heading 2", "Normal")] == [0, 1, None]
    for name in ("Heading 1", "Heading 2"):
        assert [stop.position for stop in document.styles[name].paragraph_format.tab_stops] == [Pt(18)]
    assert normal.paragraph_format.line_spacing == Pt(16.45)
    footer = section.footer.paragraphs[0]
    assert "PAGE" in footer._p.xml and footer.alignment == 2  # right
    assert round(section.left_margin.cm, 2) == 2.5


def test_document_properties_and_language(tmp_path):
    path = build(tmp_path)
    core = docx.Document(str(path)).core_properties
    assert core.title == "Fiche: Mededeling over een proefvoorstel"
    assert core.subject == "COM(2025) 999"
    assert core.language == "nl-NL"
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode()
    assert '<w:lang w:val="nl-NL"' in styles


def test_template_folder_copy_changes_the_house_style(tmp_path):
    copy = tmp_path / "mijn-stijl"
    shutil.copytree(ROOT / "templates", copy)
    reference = docx.Document(str(copy / "reference.docx"))
    reference.styles["Normal"].font.size = Pt(11)
    reference.save(str(copy / "reference.docx"))
    document = docx.Document(str(build(tmp_path, template=copy)))
    assert document.styles["Normal"].font.size == Pt(11)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ fiche.no_such_field }}",
            "template error: 'fichebuilder.model.Fiche object' has no attribute 'no_such_field'",
        ),
        (
            "{{ ''.__class__.__mro__ }}",
            "template error: not allowed: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        ("{% for x in %}", "template syntax error: Expected an expression, got 'end of statement block'"),
        (
            "<fiche><p>{{ fiche.title }}</fiche>",
            "the template wrote malformed markup: Opening and ending tag mismatch: p line 1 and fiche",
        ),
        (
            "<fiche>\n{% include '/etc/passwd' %}</fiche>",
            "communication.xml.j2:2: template error: cannot include '/etc/passwd': "
            "a template may include only files from its own folder",
        ),
        (
            "<fiche>{% include '../../secret.j2' %}</fiche>",
            "communication.xml.j2:1: template error: cannot include '../../secret.j2': "
            "a template may include only files from its own folder",
        ),
    ],
    ids=["undefined-name", "sandbox", "syntax", "malformed-markup", "include-absolute", "include-parent"],
)
def test_template_errors_are_clear(tmp_path, template, message):
    write_tree(tmp_path, {"t/communication.xml.j2": template})
    with pytest.raises(TemplateError) as info:
        build(tmp_path, template=tmp_path / "t")
    assert message in str(info.value)
    assert "communication.xml.j2" in str(info.value)
    assert not (tmp_path / "f.docx").exists()


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("communication.xml.j2", "<h1>2.<tab/>{{ t.sections.essence }}</h1>", "<h1>2.<tab/>Kern van het voorstel</h1>"),
        ("_fiche.xml.j2", "<h1>1.<tab/>{{ t.sections.general }}</h1>", "<h1>1.<tab/>Kern van het voorstel</h1>"),
    ],
    ids=["structure", "imported-macros"],
)
def test_a_template_edited_between_two_builds_in_one_process_is_read_again(tmp_path, name, old, new):
    copy = tmp_path / "mijn-sjabloon"
    shutil.copytree(ROOT / "templates", copy)
    heading = new.removeprefix("<h1>").removesuffix("</h1>").replace("<tab/>", "\t")
    assert heading not in read_docx(build(tmp_path, template=copy)).paragraphs
    edited = copy / name
    text = edited.read_text(encoding="utf-8")
    assert old in text
    edited.write_text(text.replace(old, new), encoding="utf-8")
    assert heading in read_docx(build(tmp_path, template=copy)).paragraphs


def test_autoescape_keeps_markup_out_of_values(tmp_path):
    yaml_text = MINIMAL.replace("title: Mededeling over een proefvoorstel", 'title: "a </title><h1>b"')
    text = read_docx(build(tmp_path, yaml_text)).paragraphs
    assert text[0] == "Fiche: a </title><h1>b"


def test_built_document_opens_in_libreoffice(tmp_path, soffice):
    yaml_text = MINIMAL.replace(
        "  balance: De lidstaten zijn verdeeld.", '  balance: "' + SPECIAL.replace('"', '\\"') + '"'
    )
    pdf_text = docx_to_pdf_text(soffice, build(tmp_path, yaml_text), tmp_path)
    flat = " ".join(pdf_text.split())
    for heading in (
        "Fiche: Mededeling over een proefvoorstel",
        "1. Algemene gegevens",
        "2. Essentie voorstel",
        "c) Eerste inschatting van krachtenveld",
        "e) Gevolgen voor regeldruk",
    ):
        assert heading in flat
    assert "Kosten & baten < 5 > 3" in flat
    assert "Zie de mededeling zelf." in flat  # the footnote, at the foot of the page


def test_a_text_of_100000_characters_builds_whole(tmp_path):
    long_text = ("Een lange zin over drugshandel en samenwerking. " * 2100)[:100_000].strip()
    yaml_text = MINIMAL.replace("  balance: De lidstaten zijn verdeeld.", f"  balance: {long_text}")
    text = read_docx(build(tmp_path, yaml_text)).paragraphs
    assert long_text in text


def test_missing_style_in_house_style_document_is_named(tmp_path):
    reference = docx.Document(str(ROOT / "templates" / "reference.docx"))
    heading = reference.styles["Heading 2"]
    heading.element.getparent().remove(heading.element)
    reference.save(str(tmp_path / "stijl.docx"))
    with pytest.raises(TemplateError) as info:
        build(tmp_path, template=tmp_path / "stijl.docx")
    assert str(info.value) == f"{tmp_path / 'stijl.docx'}: the house-style document has no style 'Heading 2'"


def test_the_document_names_fichebuilder_as_its_application_and_counts_nothing(tmp_path):
    app = zipfile.ZipFile(build(tmp_path)).read("docProps/app.xml").decode()
    assert f"<Application>fichebuilder/{__version__}</Application>" in app
    assert not any(made_up in app for made_up in ("<Pages>", "<Words>", "<Lines>", "Microsoft"))


def test_the_document_is_dated_when_its_position_file_was_saved(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_tree(tmp_path, {"f.yaml": MINIMAL})
    saved = datetime.datetime(2025, 12, 4, 10, 30, tzinfo=datetime.UTC)
    os.utime(tmp_path / "f.yaml", (saved.timestamp(), saved.timestamp()))
    [built] = build_fiche(tmp_path / "f.yaml", output=tmp_path / "f.docx")
    core = docx.Document(str(built.path)).core_properties
    assert (core.created, core.modified) == (saved, saved)


def test_source_date_epoch_dates_the_document(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    core = docx.Document(str(build(tmp_path))).core_properties
    assert core.created == core.modified == datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("<fiche>{% for i in range(10**9) %}{% endfor %}</fiche>", "a range of 1,000,000,000 numbers"),
        (
            "<fiche>{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}</fiche>",
            "took more than 0.5 s to render (a loop that does not end?)",
        ),
        ("<fiche>{{ 'x' * 4000000000 }}</fiche>", "would make a text or list of more than 10,000,000 items"),
        ("<fiche>{% set s = 'x' * 1000000 %}{{ s * 4000 }}</fiche>", "would make a text or list of more than"),
        ("<fiche>{{ 'x'|center(4000000000) }}</fiche>", "would make a text of more than 10,000,000 characters"),
        ("<fiche>{{ 'x'.ljust(4000000000) }}</fiche>", "would make a text of more than 10,000,000 characters"),
        ("<fiche>{{ '%4000000000d' % 1 }}</fiche>", "would make a text of more than 10,000,000 characters"),
        ("<fiche>{{ '{:>4000000000}'.format(1) }}</fiche>", "would make a text of more than 10,000,000 characters"),
        ("<fiche>{{ 10 ** 1000000000 }}</fiche>", "a number too large to compute"),
        (
            "<fiche>{% set s = 'x' * 1000000 %}{% for i in range(100) %}{{ s }}{% endfor %}</fiche>",
            "wrote more than 50 MB of markup",
        ),
        ("{% macro f() %}{{ f() }}{% endmacro %}<fiche>{{ f() }}</fiche>", "a macro that calls itself without end"),
    ],
    ids=[
        "huge-range",
        "nested-loops",
        "huge-string",
        "string-times-string",
        "center",
        "ljust",
        "percent-width",
        "format-width",
        "huge-power",
        "huge-output",
        "recursion",
    ],
)
def test_a_template_that_takes_too_long_or_makes_too_much_is_one_line(tmp_path, monkeypatch, template, message):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)
    write_tree(tmp_path, {"t/communication.xml.j2": template})
    started = time.monotonic()
    with pytest.raises(TemplateError) as info:
        build(tmp_path, template=tmp_path / "t")
    assert time.monotonic() - started < 15
    # the line where Jinja was when the budget ran out, where it knows
    assert re.match(
        rf"{re.escape(str(tmp_path / 't' / 'communication.xml.j2'))}(:1)?: template error: ", str(info.value)
    )
    assert message in str(info.value)
    assert not (tmp_path / "f.docx").exists()


def test_a_shipped_template_renders_well_within_its_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 2.0)
    build(tmp_path)  # the default template, padding and formatting filters and all
