"""fiche review --format md and html: a review of the built example (changed the way Word records
a review) reported per field in the catalogue's words; the HTML read back with the standard
library's parser, and rendered by a headless Chromium where there is one."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fichebuilder.commands.reviewreport import REVIEW_FORMATS
from fichebuilder.writers.building import build_fiche
from tests.commands.test_review import EXAMPLE, review_edits, reviewed_copy, unmapped_edits
from tests.commands.wordreview import new_paragraph_before, replace, rewrite


@pytest.fixture
def reviewed(tmp_path: Path) -> tuple[Path, Path]:
    return reviewed_copy(tmp_path, review_edits)


class Page(HTMLParser):
    """What a test looks at in an HTML page: the html element's lang, the headings, each table's
    class and header cells and rows of cell texts, and the words in ``<del>`` and ``<ins>``."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.lang: str | None = None
        self.headings: dict[str, list[str]] = {"h1": [], "h2": [], "h3": []}
        self.tables: list[dict] = []
        self.marked: dict[str, list[str]] = {"del": [], "ins": []}
        self.legend = ""
        self._open: list[tuple[str, str]] = []  # (tag, class) of the open elements
        self._text: dict[str, str] = {}
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "table":
            self.tables.append({"class": attributes.get("class", ""), "head": [], "rows": []})
        if tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        self._open.append((tag, attributes.get("class", "")))
        self._text[tag] = ""

    def handle_endtag(self, tag):
        while self._open:
            opened, css = self._open.pop()
            text = " ".join(self._text.pop(opened, "").split())
            if opened in self.headings:
                self.headings[opened].append(text)
            elif opened in self.marked:
                self.marked[opened].append(text)
            elif opened == "th":
                self.tables[-1]["head"].append(text)
            elif opened == "td":
                self.tables[-1]["rows"][-1].append(text)
            elif opened == "p" and css == "legend":
                self.legend = text
            if opened == tag:
                break

    def handle_data(self, data):
        for tag in self._text:
            self._text[tag] += data

    def table(self, css: str, nth: int = 0) -> dict:
        found = [t for t in self.tables if t["class"] == css]
        return {**found[nth], "rows": [r for r in found[nth]["rows"] if r]}


def test_every_format_of_the_table_is_offered(run_cli):
    result = run_cli("review", "--help")
    assert "[text|md|html|json]" in " ".join(result.output.split())
    assert list(REVIEW_FORMATS) == ["text", "md", "html", "json"]


def test_markdown_lists_each_field_with_its_changes_and_comments(reviewed, run_cli):
    _, docx = reviewed
    result = run_cli("review", docx, "--format", "md")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("# Wijzigingen en opmerkingen in reviewed.docx\n")
    for field in (
        "Essentie voorstel (essence)",
        "Beoordeling + inzet ten aanzien van dit voorstel (position.assessment)",
        "Bevoegdheid (grounds.competence.verdict)",
        "footnotes.maoc-n",
    ):
        assert f"\n### {field}\n" in md
    assert "| wijziging | auteur | datum | woorden |" in md
    assert "| verwijderd | Anne | 2026-01-15T10:00:00Z | <del>meetbare</del> |" in md
    assert "| ingevoegd | Bram | 2026-01-15T10:00:00Z | <ins>Nederland neemt sinds 2007 deel aan MAOC-N</ins> |" in md
    # the words before and after, the unchanged ones around the change cut short
    assert "oud → nieuw: De grondhouding van het kabinet is <del>positief.</del> <ins>negatief.</ins>" in md
    assert "Nederland neemt <ins>sinds 2007</ins> deel aan MAOC-N" in md
    assert "*bewerkt zonder wijzigingen bijhouden*" in md
    assert "<del>effectief</del> <ins>doeltreffend</ins>" in md
    assert "| auteur | datum | bij de woorden | opmerking |" in md
    carla = next(line for line in md.splitlines() if line.startswith("| Carla |"))
    assert carla.endswith("| Graag de bron noemen. |") and "drugssmokkel" in carla
    assert any(line.startswith("| Bram |") and line.endswith("| Klopt dit aantal? |") for line in md.splitlines())


def test_markdown_in_english_on_request(reviewed, run_cli):
    _, docx = reviewed
    md = run_cli("review", docx, "--format", "md", "--lang", "en").stdout
    assert md.startswith("# Changes and comments in reviewed.docx\n")
    assert "| deleted | Anne | 2026-01-15T10:00:00Z | <del>meetbare</del> |" in md
    assert "*edited without track changes*" in md and "old → new: " in md
    assert "| author | date | on the words | comment |" in md
    assert not {"verwijderd", "ingevoegd", "opmerking", "auteur"} & set(md.replace("|", " ").split())


def everywhere_outside(document, notes, comments) -> None:
    """Changes in no field: a heading, a paragraph between sections, a new paragraph in a
    footnote, and a verdict sentence reworded beyond a verdict."""
    unmapped_edits(document, notes, comments)
    new_paragraph_before(notes, "Nederland neemt deel aan MAOC-N", "Een nieuwe voetnootalinea.", "Bram", 60)
    replace(document, "kabinet is positief.", "kabinet is overwegend positief.", "Anne", 70)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    return reviewed_copy(tmp_path, everywhere_outside)[1]


def test_markdown_lists_what_maps_to_no_field_and_words_its_place(outside, run_cli):
    md = run_cli("review", outside, "--format", "md").stdout
    assert "\n### Wijzigingen buiten een veld\n\n| plaats | woorden | auteur |\n" in md
    assert "| hoofdtekst, alinea 17 (een kop) | 2. <del>Essentie</del> <ins>Kern van het</ins> voorstel | Anne |" in md
    assert '| hoofdtekst, alinea 24, onder "2. Essentie voorstel" | <ins>Een alinea tussen twee secties.</ins> |' in md
    assert '| voetnoot 2, alinea 1, onder "' in md
    assert "| Bevoegdheid (grounds.competence.verdict): geen oordeelszin zoals de fiche die schrijft |" in md
    assert not {"body", "paragraph", "footnote", "under", "heading"} & set(md.split())


def test_html_words_the_place_of_what_maps_to_no_field(outside, run_cli):
    rows = Page(run_cli("review", outside, "--format", "html").stdout).table("unmapped")["rows"]
    assert [row[0] for row in rows] == [
        "Bevoegdheid (grounds.competence.verdict): geen oordeelszin zoals de fiche die schrijft",
        "hoofdtekst, alinea 17 (een kop)",
        'hoofdtekst, alinea 24, onder "2. Essentie voorstel"',
        'voetnoot 2, alinea 1, onder "2. Essentie voorstel"',
    ]


def test_the_place_in_english_markdown_and_in_text(outside, run_cli):
    md = run_cli("review", outside, "--format", "md", "--lang", "en").stdout
    assert "| body, paragraph 17 (a heading) | 2. <del>Essentie</del>" in md
    assert "| Competence (grounds.competence.verdict): no verdict sentence as the fiche writes it |" in md
    text = run_cli("review", outside).stdout  # the text report keeps its fixed English
    assert 'in no field: body, paragraph 17 (a heading): "2. Essentie voorstel"' in text
    assert 'in no field: footnote 2, paragraph 1, under "2. Essentie voorstel"' in text
    assert "in no field: grounds.competence.verdict (no verdict sentence): " in text


def test_markdown_of_a_review_without_changes_says_so(tmp_path, run_cli):
    _, docx = reviewed_copy(tmp_path, lambda document, notes, comments: None)
    md = run_cli("review", docx, "--format", "md").stdout
    assert md.endswith("\n*geen wijzigingen en geen opmerkingen*\n")


def test_html_has_the_language_the_legend_and_a_table_per_field(reviewed, run_cli):
    _, docx = reviewed
    result = run_cli("review", docx, "--format", "html")
    assert result.exit_code == 0, result.output
    page = Page(result.stdout)
    assert page.lang == "nl"
    assert page.headings["h1"] == ["Wijzigingen en opmerkingen in reviewed.docx"]
    assert page.headings["h3"] == [
        "Essentie voorstel (essence)",
        "Beoordeling + inzet ten aanzien van dit voorstel (position.assessment)",
        "Bevoegdheid (grounds.competence.verdict)",
        "footnotes.maoc-n",
    ]
    # insertions and deletions told apart without colour: the legend names the marks and shows them
    assert page.legend == "Legenda: ingevoegde woorden zijn onderstreept, geschrapte woorden doorgehaald."
    assert "ingevoegde woorden" in page.marked["ins"] and "geschrapte woorden" in page.marked["del"]
    edits = page.table("edits")  # the first field with tracked changes: position.assessment
    assert edits["head"] == ["wijziging", "auteur", "datum", "woorden"]
    assert edits["rows"] == [["verwijderd", "Anne", "2026-01-15T10:00:00Z", "meetbare"]]
    side = page.table("side", 1)
    assert side["head"] == ["oud", "nieuw"]
    assert "geen meetbare vooruitgang" in side["rows"][0][0] and "geen vooruitgang" in side["rows"][0][1]
    assert {"meetbare", "positief.", "effectief"} <= set(page.marked["del"])
    assert {"negatief.", "sinds 2007", "doeltreffend"} <= set(page.marked["ins"])


def test_html_lists_the_comments_with_the_words_they_are_on(reviewed, run_cli):
    _, docx = reviewed
    page = Page(run_cli("review", docx, "--format", "html").stdout)
    comments = page.table("comments")
    assert comments["head"] == ["auteur", "datum", "bij de woorden", "opmerking"]
    assert [(r[0], r[1], r[3]) for r in comments["rows"]] == [
        ("Carla", "2026-01-15T11:00:00Z", "Graag de bron noemen."),
        ("Bram", "2026-01-15T11:00:00Z", "Klopt dit aantal?"),
    ]
    assert "drugssmokkel" in comments["rows"][0][2] and "Europol" in comments["rows"][1][2]


def test_the_review_of_an_english_document_is_reported_in_english(tmp_path, run_cli):
    position = tmp_path / "fiche.yaml"
    shutil.copy(EXAMPLE, position)
    built = build_fiche(position, output=tmp_path / "fiche-en.docx", langs=["en"])[0].path
    edit = lambda document, notes, comments: replace(document, "go-fast boats", "speedboats", "Anne", 10)  # noqa: E731
    docx = rewrite(built, tmp_path / "reviewed-en.docx", edit)
    page = Page(run_cli("review", docx, "--format", "html").stdout)
    assert page.lang == "en"
    assert page.table("edits")["head"] == ["change", "author", "date", "words"]
    assert page.marked["del"][-1] == "go-fast boats" and page.marked["ins"][-1] == "speedboats"
    assert Page(run_cli("review", docx, "--format", "html", "--lang", "nl").stdout).lang == "nl"


def test_conflicts_between_reviews_are_a_table(tmp_path, run_cli):
    _, first = reviewed_copy(tmp_path, review_edits)
    built = tmp_path / "fiche.docx"
    other = lambda document, notes, comments: replace(document, "meetbare ", "goed meetbare ", "Dirk", 10)  # noqa: E731
    second = rewrite(built, tmp_path / "second.docx", other)
    page = Page(run_cli("review", first, second, "--format", "html").stdout)
    assert page.headings["h2"][-1] == "Conflicten tussen beoordelingen"
    conflicts = page.table("conflicts")
    assert conflicts["head"] == ["veld", "de ene wijziging", "de andere"]
    assert conflicts["rows"] == [
        ["position.assessment", "meetbare (Anne in reviewed.docx)", "goed (Dirk in second.docx)"]
    ]
    md = run_cli("review", first, second, "--format", "md").stdout
    assert (
        "| position.assessment | <del>meetbare</del> (Anne in reviewed.docx) | <ins>goed</ins> (Dirk in second.docx) |"
        in md
    )


def test_chromium_renders_the_html_report(reviewed, run_cli, tmp_path, chromium):
    _, docx = reviewed
    page = tmp_path / "review.html"
    page.write_text(run_cli("review", docx, "--format", "html").stdout, encoding="utf-8")
    shot = chromium.screenshot(page, tmp_path / "review.png")
    from PIL import Image  # Pillow comes with pdfplumber

    with Image.open(shot) as image:
        assert image.size == (1200, 1600)
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 24)}
    # text, table borders and header shading on white, and the red and green of the marked words
    assert len(colours) > 20
    assert any(r > 0xE0 and g < 0xE0 and b < 0xE0 for r, g, b in colours)  # the deletions' reddish background
    assert any(g > 0xE0 and r < 0xE0 and b < 0xE0 for r, g, b in colours)  # the insertions' greenish one


def test_o_writes_the_report_to_a_file_and_never_over_a_position_file(reviewed, run_cli, tmp_path):
    position, docx = reviewed
    html = run_cli("review", docx, "--format", "html").stdout
    result = run_cli("review", docx, "--format", "html", "-o", tmp_path / "review.html")
    assert (result.exit_code, result.stdout) == (0, f"wrote {tmp_path / 'review.html'}\n")
    assert (tmp_path / "review.html").read_text(encoding="utf-8") == html
    before = position.read_bytes()
    refused = run_cli("review", docx, "--apply", "-o", position)
    assert refused.exit_code == 2
    assert refused.stderr == f"Error: {position}: will not write a document over a .yaml file\n"
    assert position.read_bytes() == before  # nothing applied either
    over_input = run_cli("review", docx, "-o", docx)
    assert over_input.exit_code == 2 and "will not write over the input file" in over_input.stderr
