"""Languages: --lang, one document per language, missing and stale translations, the catalogues."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn

from fichebuilder.errors import UsageError
from fichebuilder.model import source_hash
from fichebuilder.ooxml.reading import read_docx
from fichebuilder.source.languages import parse_languages
from tests.conftest import DATA, POSITIONS, ROOT, write_tree

EXAMPLE = POSITIONS / "precursors-2025.yaml"  # every text in Dutch and English
CATALOGUES = ROOT / "templates" / "lang"
MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")


def example_with(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """A copy of the legislative example with each ``old`` text replaced by ``new`` (exactly once)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    write_tree(tmp_path, {"f.yaml": text})
    return tmp_path / "f.yaml"


def example_without_english(tmp_path: Path, *anchors: str) -> Path:
    """A copy of the legislative example where the first text after each of ``anchors`` has no English."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for anchor in anchors:
        start = text.index(anchor)
        english = re.compile(r"^ *en: ", re.MULTILINE).search(text, start).start()
        end = re.compile(r"^ *en_of: .*\n", re.MULTILINE).search(text, english).end()
        text = text[:english] + text[end:]
    write_tree(tmp_path, {"f.yaml": text})
    return tmp_path / "f.yaml"


def line_of(path: Path, needle: str) -> int:
    return next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in row)


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("nl", ["nl"]),
        ("en", ["en"]),
        ("nl,en", ["nl", "en"]),
        (" en , nl ", ["en", "nl"]),
        ("en,en", ["en"]),
        ("all", ["nl", "en"]),
    ],
    ids=["nl", "en", "both", "spaces", "twice", "all"],
)
def test_parse_languages(value, codes):
    assert parse_languages(value) == codes


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("fr", "unknown language 'fr' (known: nl, en, all)"),
        ("nl,EN", "unknown language 'EN' (known: nl, en, all)"),
        (",", "--lang needs a language code (nl, en or all)"),
    ],
    ids=["unknown", "upper-case", "empty"],
)
def test_parse_languages_refuses(value, message):
    with pytest.raises(UsageError) as info:
        parse_languages(value)
    assert str(info.value) == message


def test_unknown_language_code_is_a_clear_usage_error(run_cli, tmp_path):
    result = run_cli("build", EXAMPLE, "-o", tmp_path / "f.docx", "--lang", "nl,de")
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[-1]
        == "Error: Invalid value for '--lang': unknown language 'de' (known: nl, en, all)"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "written"),
    [
        (["--lang", "en", "-o", "out.docx"], {"out.docx": "en-GB"}),
        (["--lang", "nl,en", "-o", "out.docx"], {"out.nl.docx": "nl-NL", "out.en.docx": "en-GB"}),
        (["--lang", "all", "-o", "out.docx"], {"out.nl.docx": "nl-NL", "out.en.docx": "en-GB"}),
        (["--lang", "en"], {"out/f.en.docx": "en-GB"}),
        (["--lang", "all"], {"out/f.nl.docx": "nl-NL", "out/f.en.docx": "en-GB"}),
    ],
    ids=["one-language-output", "two-languages-output", "all-output", "english-default", "all-default"],
)
def test_one_document_per_language(run_cli, tmp_path, monkeypatch, args, written):
    example_with(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "f.yaml", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "".join(f"wrote {Path(name)}\n" for name in written)
    assert {name: docx.Document(name).core_properties.language for name in written} == written


def test_english_document_is_tagged_en_gb_for_the_spell_checker(run_cli, tmp_path):
    result = run_cli("build", EXAMPLE, "--lang", "en", "-o", tmp_path / "f.docx")
    assert result.exit_code == 0, result.stderr
    styles = zipfile.ZipFile(tmp_path / "f.docx").read("word/styles.xml").decode()
    assert '<w:lang w:val="en-GB" w:eastAsia="en-GB"' in styles
    assert "nl-NL" not in styles
    properties = docx.Document(str(tmp_path / "f.docx")).core_properties
    assert (properties.language, properties.comments) == ("en-GB", "Made with fichebuilder")


def test_missing_translations_fail_with_every_field_listed(run_cli, tmp_path):
    source = example_without_english(tmp_path, "council:", "euda:")
    result = run_cli("build", source, "--lang", "all", "-o", tmp_path / "f.docx")
    assert result.exit_code == 1
    council, euda = line_of(source, "nl: Raad Justitie"), line_of(source, "nl: <https://www.euda")
    assert result.stderr == (
        f"Error: {source}: 2 texts have no 'en' translation (build with --allow-missing to mark them instead): "
        f"{source}:{council}: general.council; {source}:{euda}: footnotes.euda\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.yaml"]  # not even the Dutch document


def test_a_dutch_only_build_needs_no_translation(run_cli, tmp_path):
    result = run_cli("build", DATA / "minimal.yaml", "--lang", "nl", "-o", tmp_path / "f.docx")
    assert result.exit_code == 0, result.stderr


def test_allow_missing_marks_the_dutch_that_stands_in(run_cli, tmp_path):
    # a paragraph, a text with a numbered list (section 6c) and a footnote
    source = example_without_english(tmp_path, "council:", "deadline:", "euda:")
    result = run_cli("build", source, "--lang", "en", "--allow-missing", "-o", tmp_path / "f.docx")
    assert result.exit_code == 0, result.stderr
    built = tmp_path / "f.docx"
    document = docx.Document(str(built))
    marked = []
    # as shown: a list item's number (Word's own) before its text
    for paragraph, shown in zip(document.paragraphs, read_docx(built).paragraphs, strict=True):
        runs = [r for r in paragraph.runs if r.text]
        first = next((r for r in runs if r.text == "[untranslated] "), None)
        if first is None:
            continue
        assert first.font.highlight_color == WD_COLOR_INDEX.YELLOW
        after = runs[runs.index(first) :]
        assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in after), paragraph.text
        marked.append(shown)
    assert marked == [
        "[untranslated] Raad Justitie en Binnenlandse Zaken",
        "[untranslated] De verordening treedt in werking op de twintigste dag na die van de bekendmaking in het "
        "Publicatieblad en wordt in fasen van toepassing:",
        "1.\t[untranslated] de snellere procedure om stoffen toe te voegen: zes maanden na de inwerkingtreding;",
        "2.\t[untranslated] de registratie van online marktplaatsen en tussenpersonen: achttien maanden na de "
        "inwerkingtreding;",
        "3.\t[untranslated] de elektronische melding van verdachte transacties: twee jaar na de inwerkingtreding;",
        "4.\t[untranslated] de overige bepalingen, met de intrekking van de huidige verordeningen: drie jaar na de "
        "inwerkingtreding.",
        "[untranslated] Het kabinet acht deze termijnen haalbaar, als de Commissie de technische specificaties van "
        "de databank tijdig vaststelt.",
    ]
    assert "[untranslated] https://www.euda.europa.eu/" in read_docx(built).footnotes


def _run_language(run) -> str | None:
    rpr = run._r.rPr
    lang = rpr.find(qn("w:lang")) if rpr is not None else None
    return lang.get(qn("w:val")) if lang is not None else None


def test_an_untranslated_text_is_tagged_dutch_in_an_english_fiche(run_cli, tmp_path):
    source = example_without_english(tmp_path, "council:")
    result = run_cli("build", source, "--lang", "en", "--allow-missing", "-o", tmp_path / "f.docx")
    assert result.exit_code == 0, result.stderr
    runs = [r for p in docx.Document(str(tmp_path / "f.docx")).paragraphs for r in p.runs if r.text]
    tagged = {(r.text, _run_language(r)) for r in runs if _run_language(r)}
    # the English marker is the document's language; the Dutch text after it is Dutch
    assert tagged == {("Raad Justitie en Binnenlandse Zaken", "nl-NL")}
    assert _run_language(next(r for r in runs if r.text == "[untranslated] ")) is None


def test_allow_missing_marks_an_untranslated_action_in_the_3b_flow(run_cli, tmp_path):
    source = example_without_english(tmp_path, "Het kabinet steunt het samenvoegen")
    result = run_cli("build", source, "--lang", "en", "--allow-missing", "-o", tmp_path / "f.docx")
    assert result.exit_code == 0, result.stderr
    paragraphs = read_docx(tmp_path / "f.docx").paragraphs
    start = paragraphs.index("b)\tAssessment of and approach to this proposal")
    assert paragraphs[start + 2] == (
        "[untranslated] Het kabinet steunt het samenvoegen van beide verordeningen tot één verordening "
        "(maatregel 1). Dit maakt de regels overzichtelijker voor bedrijven en toezichthouders."
    )
    assert paragraphs[start + 1].startswith("The cabinet welcomes the proposal.")


def test_an_untranslated_title_is_marked(run_cli, tmp_path):
    source = example_without_english(tmp_path, "title:")
    result = run_cli("build", source, "--lang", "en", "--allow-missing", "-o", tmp_path / "f.docx")
    assert result.exit_code == 0, result.stderr
    assert read_docx(tmp_path / "f.docx").paragraphs[0] == "[untranslated] Fiche: Verordening drugsprecursoren"


def test_changed_dutch_makes_check_warn_that_the_english_is_possibly_stale(run_cli, tmp_path):
    source = example_with(
        tmp_path,
        (
            "      Naar verwachting staan de meeste lidstaten positief",
            "      Naar verwachting staan vrijwel alle lidstaten positief",
        ),
    )
    balance = source.read_text(encoding="utf-8").split("  balance:\n", 1)[1].split("    en: |", 1)[0]
    new_hash = source_hash(yaml.safe_load(balance)["nl"])
    result = run_cli("check", source)
    assert result.exit_code == 0
    line = line_of(source, "Most member states are expected") - 1  # the line of `en: |`
    assert result.stderr == (
        f"Warning: {source}:{line}:9: position.balance.en: possibly stale English translation (the Dutch changed "
        f'since; once checked, set en_of: "{new_hash}")\n'
    )
    assert result.stdout.endswith(f"{source}: ok (1 warning(s))\n")


def test_a_translation_without_en_of_is_possibly_stale(run_cli, tmp_path):
    source = example_with(
        tmp_path,
        (
            '  en: Regulation on drug precursors\n  en_of: "' + source_hash("Verordening drugsprecursoren") + '"\n',
            "  en: Regulation on drug precursors\n",
        ),
    )
    result = run_cli("check", source)
    assert result.stderr == (
        f"Warning: {source}:{line_of(source, 'en: Regulation on drug')}:7: title.en: possibly stale English "
        "translation (it does not record which Dutch it translates; once checked, set en_of: "
        f'"{source_hash("Verordening drugsprecursoren")}")\n'
    )


def test_the_stale_check_ignores_white_space_changes(run_cli, tmp_path):
    source = example_with(
        tmp_path, ("  nl: Verordening drugsprecursoren\n", '  nl: "Verordening   drugsprecursoren "\n')
    )
    result = run_cli("check", source)
    assert result.stderr == ""


# --- the catalogues -----------------------------------------------------------


def leaves(value, path=()):
    """Every string of a catalogue with its key path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaves(item, (*path, i))
    else:
        yield path, value


def catalogue(lang: str) -> dict:
    return yaml.safe_load((CATALOGUES / f"{lang}.yaml").read_text(encoding="utf-8"))


def test_every_catalogue_has_the_same_keys():
    assert [path for path, _ in leaves(catalogue("en"))] == [path for path, _ in leaves(catalogue("nl"))]


def dutch_wording() -> list[str]:
    """The Dutch catalogue's headings, labels, verdicts, stances and months that English words differently."""
    english = dict(leaves(catalogue("en")))
    # the diff and review reports' words are not the document's: a Dutch text may well hold "oud" or "tekst"
    skip = {"language_tag", "title", "date", "untranslated", "made_with", "report", "review"}
    return [
        str(value).split("{", 1)[0].strip()  # a sentence with {verdict}: its fixed start
        for path, value in leaves(catalogue("nl"))
        if path[0] not in skip and value != english[path]
    ]


@pytest.mark.parametrize("name", ["precursors-2025", "com-2025-744"], ids=["legislative", "communication"])
def test_english_document_holds_no_dutch_heading_label_or_stance(run_cli, tmp_path, name):
    result = run_cli("build", POSITIONS / f"{name}.yaml", "--lang", "en", "-o", tmp_path / "f.docx")
    assert result.exit_code == 0, result.stderr
    built = read_docx(tmp_path / "f.docx")
    text = "\n".join(built.paragraphs + built.footnotes)
    wording = dutch_wording()
    assert {
        "Algemene gegevens",
        "Implicaties juridisch",
        "steunt onder voorwaarden",
        "positief",
        "december",
        "De grondhouding van het kabinet is",
        "Rol Europees Parlement",
    } <= set(wording)
    found = [w for w in wording if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    assert found == []


# --- a template folder's own catalogue --------------------------------------------------------


def template_copy(tmp_path: Path, lang: str, old: str, new: str) -> tuple[Path, Path, int]:
    """A copy of the shipped templates whose ``lang`` catalogue has ``old`` (a whole line) as ``new``;
    the folder, the catalogue and the line's number."""
    copy = tmp_path / "sjabloon"
    shutil.copytree(ROOT / "templates", copy)
    path = copy / "lang" / f"{lang}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith(old))
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
    return copy, path, number


@pytest.mark.parametrize(
    ("lang", "old", "new", "message"),
    [
        ("nl", "language_tag:", "# language_tag:", "{path}: the catalogue has no wording 'language_tag'"),
        ("nl", "title:", "titel:", "{path}: the catalogue has no wording 'title'"),
        ("nl", "  general:", "  algemeen:", "{path}:{parent}: the catalogue has no wording 'sections.general'"),
        ("en", "  support:", "  supports:", "{path}:{parent}: the catalogue has no wording 'stances.support'"),
        (
            "nl",
            "months: [",
            "months: [januari] # [",
            "{path}:{number}:9: the wording 'months' is a list of 1, where the shipped catalogue has a list of 12",
        ),
        (
            "nl",
            "untranslated:",
            "untranslated: 12 #",
            "{path}:{number}:15: the wording 'untranslated' is a number, where the shipped catalogue has a text "
            "(put it in quotes)",
        ),
    ],
    ids=["top-level", "title", "section-heading", "english-stance", "months", "number-for-text"],
)
def test_build_with_a_catalogue_that_lacks_a_wording_is_one_line(run_cli, tmp_path, lang, old, new, message):
    copy, path, number = template_copy(tmp_path, lang, old, new)
    parent = number - 1 if old.startswith(" ") else None
    if parent:  # the line of the mapping the wording belongs in
        lines = path.read_text(encoding="utf-8").splitlines()
        parent = max(i for i, line in enumerate(lines[:number], 1) if line and not line.startswith((" ", "#")))
    out = tmp_path / "out"
    result = run_cli("build", EXAMPLE, "--template", copy, "--lang", lang, "-o", out / "f.docx")
    assert result.exit_code == 1
    assert result.stderr == "Error: " + message.format(path=path, number=number, parent=parent) + "\n"
    assert not out.exists()


def test_letter_with_a_catalogue_that_lacks_a_wording_is_one_line(run_cli, tmp_path):
    copy, path, _ = template_copy(tmp_path, "nl", "  heading:", "  kop:")
    letter = path.read_text(encoding="utf-8").splitlines().index("letter:") + 1
    out = tmp_path / "out"
    result = run_cli("letter", DATA / "minimal.yaml", "--minister", "A.B. Voorbeeld", "--template", copy,
                     "-o", out / "brief.docx")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}:{letter}: the catalogue has no wording 'letter.heading'\n"
    assert not out.exists()


def test_diff_redline_with_a_catalogue_that_lacks_a_wording_is_one_line(run_cli, tmp_path):
    copy, path, _ = template_copy(tmp_path, "nl", "stances:", "standpunten:")
    old = tmp_path / "old.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(MINIMAL.replace("stance: support", "stance: critical"), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("diff", old, new, "--format", "docx", "--template", copy, "-o", out / "redline.docx")
    assert result.exit_code == 2  # diff(1)'s code for trouble
    assert result.stderr == f"Error: {path}: the catalogue has no wording 'stances'\n"
    assert not out.exists()


def test_a_template_set_needs_no_words_for_the_reports(run_cli, tmp_path):
    """The diff and review reports take their words from the shipped catalogue; a template
    folder copied before they had any still builds."""
    copy = tmp_path / "sjabloon"
    shutil.copytree(ROOT / "templates", copy)
    path = copy / "lang" / "nl.yaml"
    text = path.read_text(encoding="utf-8")
    cut = text[: text.index("\nreport:")] + "\n"
    assert "report:" not in cut and "review:" not in cut and len(cut) < len(text)
    path.write_text(cut, encoding="utf-8")
    result = run_cli("build", EXAMPLE, "--template", copy, "-o", tmp_path / "f.docx")
    assert result.exit_code == 0, result.stderr
