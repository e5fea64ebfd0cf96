"""XLIFF 2.1: export a fiche's texts, fill in the targets, import them back into the YAML as it was written."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import etree

from fichebuilder.model import Translations, source_hash
from fichebuilder.ooxml.reading import read_docx
from fichebuilder.source.languages import text_fields
from fichebuilder.source.loading import load_position
from fichebuilder.source.markup import footnote_labels, marked, plain, to_markup
from fichebuilder.translate.codes import to_markdown
from fichebuilder.translate.xliff import XLIFF_NS, apply_translations, read_xliff, unit_id
from fichebuilder.writers.templating import default_template_dir
from tests.conftest import DATA, POSITIONS, write_tree

X = f"{{{XLIFF_NS}}}"
NMTOKEN = re.compile(r"[\w.\-:]+")

# a position file written the way people write them: comments everywhere, flow
# mappings, a wrapped plain text, a quoted one, a literal block with a comment on its
# indicator line, and a text that already has (part of) a translation
WRITTEN = """\
# Een fiche om te vertalen.
kind: communication
title: Mededeling over een proefvoorstel   # de titelregel
general:
  proposal_title: MEDEDELING VAN DE COMMISSIE over een proefvoorstel dat over
    twee regels loopt
  received: 2025-12-04
  com_number: COM(2025) 999
  eurlex:
    url: https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52025DC0999
  impact_assessment: "Niet opgesteld: geen."
  # de Raad
  council: Raad Justitie en Binnenlandse Zaken
  ministry:
    nl: Ministerie van Justitie en Veiligheid.
  # na het ministerie
essence: |  # 2. Essentie
  De Commissie stelt één actie voor[^bron].

  Een tweede alinea.

# 3. Positie
position:
  policy: Het kabinet voert een breed beleid.
  assessment:
    nl: Het kabinet is positief.
    en: The cabinet was positive.
    en_of: "00000000"
  balance: De lidstaten zijn verdeeld.
actions:
  - number: 1
    title: Informatie delen
    stance: support
    text: Het kabinet steunt actie 1.
grounds:
  competence: {verdict: positive, text: Bevoegd.}  # 4a
  subsidiarity: {verdict: positive, text: Nodig.}
  proportionality: {verdict: positive, text: Evenredig.}
  financial: {text: Geen.}
  burden: {text: Geen regeldruk.}
footnotes:
  bron: Zie de mededeling zelf.
"""


def export(run_cli, position: Path, tmp_path: Path) -> etree._ElementTree:
    result = run_cli("xliff", "export", position, "--target", "en", "-o", tmp_path / "out.xlf")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {tmp_path / 'out.xlf'}\n"
    return etree.parse(str(tmp_path / "out.xlf"))


def fill(tree: etree._ElementTree, translate, path: Path, *, state: str | None = "translated") -> Path:
    """Fill every unit's target the way a translator's tool would: the words translated, the codes kept."""
    for segment in tree.iter(f"{X}segment"):
        old = segment.find(f"{X}target")
        if old is not None:
            segment.remove(old)
        target = copy.deepcopy(segment.find(f"{X}source"))
        target.tag = f"{X}target"
        for element in target.iter():
            element.text = translate(element.text) if element.text else element.text
            if element is not target:
                element.tail = translate(element.tail) if element.tail else element.tail
        segment.append(target)
        if state:
            segment.set("state", state)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


def line_of(xliff: Path, ident: str) -> int:
    """The line of a unit in a written XLIFF file."""
    return next(u.sourceline for u in etree.parse(str(xliff)).iter(f"{X}unit") if u.get("id") == ident)


def english(dutch: str) -> str:
    return dutch.replace("Het kabinet", "The cabinet").replace("De Commissie", "The Commission")


def test_export_writes_xliff_2_1_with_a_unit_per_text(run_cli, tmp_path):
    tree = export(run_cli, DATA / "minimal.yaml", tmp_path)
    root = tree.getroot()
    assert root.tag == f"{X}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "nl", "en")
    (file,) = root.findall(f"{X}file")
    texts = list(text_fields(load_position(DATA / "minimal.yaml").fiche))
    units = file.findall(f"{X}unit")
    assert [u.get("id") for u in units] == [unit_id(path) for path, _ in texts]
    read = read_xliff(tmp_path / "out.xlf")
    assert [to_markup(to_markdown(u.source), None) for u in read.units] == [to_markup(t, None) for _, t in texts]
    assert [u.get("id") for u in units][:3] == ["title", "general.proposal_title", "general.impact_assessment"]
    assert "actions.2.text" in [u.get("id") for u in units]  # the second action, as the fiche numbers it
    assert not [s for s in tree.iter(f"{X}source") if "[^" in "".join(s.itertext()) or "]{." in "".join(s.itertext())]
    assert all(NMTOKEN.fullmatch(u.get("id")) for u in units)


def test_export_carries_the_existing_translations(run_cli, tmp_path):
    tree = export(run_cli, POSITIONS / "com-2025-744.yaml", tmp_path)
    loaded = load_position(POSITIONS / "com-2025-744.yaml")
    units = {u.get("id"): u for u in tree.iter(f"{X}unit")}
    for path, value in text_fields(loaded.fiche):
        segment = units[unit_id(path)].find(f"{X}segment")
        target = segment.find(f"{X}target")
        if isinstance(value, Translations) and value.en:
            assert " ".join("".join(target.itertext()).split()) in " ".join(plain(value.en).split())
            fresh = value.en_of == source_hash(value.nl)
            assert segment.get("state") == ("translated" if fresh else "initial")
        else:
            assert target is None
            assert segment.get("state") == "initial"


def test_export_marks_a_stale_translation_initial(run_cli, tmp_path):
    write_tree(tmp_path, {"f.yaml": WRITTEN})
    tree = export(run_cli, tmp_path / "f.yaml", tmp_path)
    (segment,) = [u.find(f"{X}segment") for u in tree.iter(f"{X}unit") if u.get("id") == "position.assessment"]
    assert segment.get("state") == "initial"
    assert "".join(segment.find(f"{X}target").itertext()) == "The cabinet was positive."


def test_export_then_import_then_build_in_english(run_cli, tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "minimal.yaml")
    position = tmp_path / "minimal.yaml"
    translated = fill(export(run_cli, position, tmp_path), english, tmp_path / "done.xlf")

    result = run_cli("xliff", "import", position, translated)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{position}: 20 translation(s) written\n"
    assert result.stderr == ""
    fiche = load_position(position).fiche
    assert fiche.position.policy == Translations(
        nl="Het kabinet voert een breed beleid.",
        en="The cabinet voert een breed beleid.",
        en_of=source_hash("Het kabinet voert een breed beleid."),
    )
    check = run_cli("check", position)
    assert check.exit_code == 0
    assert check.stderr == ""  # no stale translations, no other warnings

    if not (default_template_dir() / "lang" / "en.yaml").exists():
        pytest.skip("no English catalogue (templates/lang/en.yaml) yet")
    build = run_cli("build", "--lang", "en", position, "-o", tmp_path / "en.docx")
    assert build.exit_code == 0, build.stderr
    paragraphs = read_docx(tmp_path / "en.docx").paragraphs
    assert "The cabinet voert een breed beleid." in paragraphs


def test_import_keeps_comments_and_layout(run_cli, tmp_path):
    write_tree(tmp_path, {"f.yaml": WRITTEN})
    position = tmp_path / "f.yaml"
    translated = fill(
        export(run_cli, position, tmp_path),
        lambda s: "EN " + s.replace(":", " -") if s[0].isalpha() else s,  # each sentence, not the text after a mark
        tmp_path / "t.xlf",
    )
    result = run_cli("xliff", "import", position, translated)
    assert result.exit_code == 0, result.stderr
    assert (
        position.read_text(encoding="utf-8")
        == """\
# Een fiche om te vertalen.
kind: communication
title:   # de titelregel
  nl: Mededeling over een proefvoorstel
  en: EN Mededeling over een proefvoorstel
  en_of: "d0f78673"
general:
  proposal_title:
    nl: MEDEDELING VAN DE COMMISSIE over een proefvoorstel dat over
      twee regels loopt
    en: EN MEDEDELING VAN DE COMMISSIE over een proefvoorstel dat over twee regels loopt
    en_of: "d4f7d86f"
  received: 2025-12-04
  com_number: COM(2025) 999
  eurlex:
    url: https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52025DC0999
  impact_assessment:
    nl: "Niet opgesteld: geen."
    en: EN Niet opgesteld - geen.
    en_of: "2bab4d83"
  # de Raad
  council:
    nl: Raad Justitie en Binnenlandse Zaken
    en: EN Raad Justitie en Binnenlandse Zaken
    en_of: "12bd63a6"
  ministry:
    nl: Ministerie van Justitie en Veiligheid.
    en: EN Ministerie van Justitie en Veiligheid.
    en_of: "0c3b34f3"
  # na het ministerie
essence:  # 2. Essentie
  nl: |
    De Commissie stelt één actie voor[^bron].

    Een tweede alinea.
  en: |
    EN De Commissie stelt één actie voor[^bron].

    EN Een tweede alinea.
  en_of: "c8095e38"

# 3. Positie
position:
  policy:
    nl: Het kabinet voert een breed beleid.
    en: EN Het kabinet voert een breed beleid.
    en_of: "fd80ae1f"
  assessment:
    nl: Het kabinet is positief.
    en: EN Het kabinet is positief.
    en_of: "d8a5b110"
  balance:
    nl: De lidstaten zijn verdeeld.
    en: EN De lidstaten zijn verdeeld.
    en_of: "ccfcf97f"
actions:
  - number: 1
    title:
      nl: Informatie delen
      en: EN Informatie delen
      en_of: "20ffbcff"
    stance: support
    text:
      nl: Het kabinet steunt actie 1.
      en: EN Het kabinet steunt actie 1.
      en_of: "ea0be30a"
grounds:
  competence: {verdict: positive, text: {nl: Bevoegd., en: "EN Bevoegd.", en_of: "da84ea15"}}  # 4a
  subsidiarity: {verdict: positive, text: {nl: Nodig., en: "EN Nodig.", en_of: "b7346664"}}
  proportionality: {verdict: positive, text: {nl: Evenredig., en: "EN Evenredig.", en_of: "b8dfc695"}}
  financial: {text: {nl: Geen., en: "EN Geen.", en_of: "b6c602f0"}}
  burden: {text: {nl: Geen regeldruk., en: "EN Geen regeldruk.", en_of: "ddcdc402"}}
footnotes:
  bron:
    nl: Zie de mededeling zelf.
    en: EN Zie de mededeling zelf.
    en_of: "7cde916f"
"""
    )


def test_import_leaves_the_real_example_as_it_was_outside_its_texts(tmp_path, run_cli):
    shutil.copy(POSITIONS / "com-2025-744.yaml", tmp_path / "x.yaml")
    position = tmp_path / "x.yaml"
    before = position.read_text(encoding="utf-8")
    translated = fill(export(run_cli, position, tmp_path), lambda s: s, tmp_path / "t.xlf")
    assert run_cli("xliff", "import", position, translated).exit_code == 0
    after = position.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")] == comments
    assert run_cli("check", position).stderr.count("possibly stale") == 0


def test_empty_targets_are_never_imported(run_cli, tmp_path):
    write_tree(tmp_path, {"f.yaml": WRITTEN})
    position = tmp_path / "f.yaml"
    tree = export(run_cli, position, tmp_path)
    for segment in tree.iter(f"{X}segment"):  # one target emptied, the others left out
        target = segment.find(f"{X}target")
        if target is not None:
            target.text = ""
    tree.write(str(tmp_path / "t.xlf"))
    result = run_cli("xliff", "import", position, tmp_path / "t.xlf")
    assert result.exit_code == 0
    assert result.stdout == f"{position}: 0 translation(s) written\n"
    assert position.read_text(encoding="utf-8") == WRITTEN


def test_an_unconfirmed_stale_target_is_not_imported(run_cli, tmp_path):
    write_tree(tmp_path, {"f.yaml": WRITTEN})
    position = tmp_path / "f.yaml"
    tree = export(run_cli, position, tmp_path)
    tree.write(str(tmp_path / "t.xlf"))  # returned as exported: the stale target still "initial"
    assert run_cli("xliff", "import", position, tmp_path / "t.xlf").stdout == f"{position}: 0 translation(s) written\n"
    assert position.read_text(encoding="utf-8") == WRITTEN


def test_a_target_for_dutch_changed_since_the_export_stays_stale(run_cli, tmp_path):
    write_tree(tmp_path, {"f.yaml": WRITTEN})
    position = tmp_path / "f.yaml"
    translated = fill(export(run_cli, position, tmp_path), english, tmp_path / "t.xlf")
    position.write_text(WRITTEN.replace("Het kabinet voert een breed beleid.", "Het kabinet voert beleid."))
    result = run_cli("xliff", "import", position, translated)
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {position}:24:11: position.policy: the Dutch has changed since the export; "
        "its translation stays marked stale\n"
    )
    assert "position.policy.en: possibly stale English translation" in run_cli("check", position).stderr


def test_an_unknown_unit_is_a_one_line_error(run_cli, tmp_path):
    write_tree(tmp_path, {"f.yaml": WRITTEN})
    position = tmp_path / "f.yaml"
    tree = export(run_cli, position, tmp_path)
    next(tree.iter(f"{X}unit")).set("id", "actions.7.text")
    fill(tree, english, tmp_path / "t.xlf")
    result = run_cli("xliff", "import", position, tmp_path / "t.xlf")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 't.xlf'}:4: unit 'actions.7.text' is not a text of {position} "
        "(was the file exported from another fiche, or have texts moved since?)\n"
    )
    assert position.read_text(encoding="utf-8") == WRITTEN


def test_entities_are_not_expanded(run_cli, tmp_path):
    write_tree(
        tmp_path,
        {
            "f.yaml": WRITTEN,
            "t.xlf": f"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xliff xmlns="{XLIFF_NS}" version="2.1" srcLang="nl" trgLang="en">
  <file id="f"><unit id="title"><segment><source>x</source><target>&b;</target></segment></unit></file>
</xliff>
""",
        },
    )
    result = run_cli("xliff", "import", tmp_path / "f.yaml", tmp_path / "t.xlf")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 't.xlf'}: an XLIFF file has no DOCTYPE; this one declares one\n"


@pytest.mark.parametrize(
    ("xliff", "message"),
    [
        ("<xliff/>", 'not an XLIFF 2 file (expected <xliff version="2.x"> in urn:oasis:names:tc:xliff:document:2.0)'),
        (f'<xliff xmlns="{XLIFF_NS}" version="2.1" srcLang="nl" trgLang="fr"/>', "trgLang 'fr' is not one of en"),
        ("<xliff", "not well-formed XML: Couldn't find end of Start Tag xliff line 1"),
    ],
    ids=["not-xliff", "unknown-language", "broken-xml"],
)
def test_a_bad_xliff_file_is_a_one_line_error(run_cli, tmp_path, xliff, message):
    write_tree(tmp_path, {"f.yaml": WRITTEN, "t.xlf": xliff})
    result = run_cli("xliff", "import", tmp_path / "f.yaml", tmp_path / "t.xlf")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 't.xlf'}")
    assert result.stderr.rstrip("\n").endswith(message)


def test_a_translation_that_lost_a_code_is_refused_and_nothing_written(run_cli, tmp_path):
    write_tree(tmp_path, {"f.yaml": WRITTEN})
    position = tmp_path / "f.yaml"
    tree = export(run_cli, position, tmp_path)
    fill(tree, english, tmp_path / "t.xlf")
    target = next(t for t in tree.iter(f"{X}target") if t.find(f"{X}ph[@dataRef]") is not None)
    target.remove(target.find(f"{X}ph"))
    tree.write(str(tmp_path / "t.xlf"))
    result = run_cli("xliff", "import", position, tmp_path / "t.xlf")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 't.xlf'}:{line_of(tmp_path / 't.xlf', 'essence')}: unit 'essence': the translation "
        "lost code(s) 1 ([^bron]); every mark of the Dutch must be in it once\n"
    )
    assert position.read_text(encoding="utf-8") == WRITTEN


def test_a_translation_that_added_a_code_is_refused(run_cli, tmp_path):
    write_tree(tmp_path, {"f.yaml": WRITTEN})
    position = tmp_path / "f.yaml"
    tree = export(run_cli, position, tmp_path)
    fill(tree, english, tmp_path / "t.xlf")
    target = next(t for t in tree.iter(f"{X}target") if t.find(f"{X}ph") is None)
    etree.SubElement(target, f"{X}ph", id="9", dataRef="d9")
    tree.write(str(tmp_path / "t.xlf"))
    result = run_cli("xliff", "import", position, tmp_path / "t.xlf")
    assert result.exit_code == 1
    assert 'the translation has a code the Dutch has not (<ph id="9">)' in result.stderr
    assert result.stderr.count("\n") == 1
    assert position.read_text(encoding="utf-8") == WRITTEN


@pytest.mark.parametrize(
    "translation",
    [
        "one line",
        "two\nlines\n",
        "  starts with spaces\nand more\n",
        "# not a comment: 'quotes' \"too\"",
        "no end\nline",
    ],
    ids=["plain", "block", "indented-first-line", "yaml-characters", "no-final-newline"],
)
def test_any_translation_reads_back_as_written(translation):
    text = "a:\n  b: Tekst   # commentaar\n  c: |\n    Blok\n    tekst\nd: 1\n"
    changes = {("a", "b"): (translation, "00000001"), ("a", "c"): (translation, "00000002")}
    edited = apply_translations(text, changes, lang="en", file="x.yaml")
    import yaml  # PyYAML, as yamlsource reads

    assert yaml.safe_load(edited) == {
        "a": {
            "b": {"nl": "Tekst", "en": translation, "en_of": "00000001"},
            "c": {"nl": "Blok\ntekst\n", "en": translation, "en_of": "00000002"},
        },
        "d": 1,
    }
    assert "# commentaar" in edited


def test_import_keeps_windows_line_ends_and_a_byte_order_mark(run_cli, tmp_path):
    position = tmp_path / "f.yaml"
    position.write_bytes(b"\xef\xbb\xbf" + WRITTEN.replace("\n", "\r\n").encode("utf-8"))
    translated = fill(export(run_cli, position, tmp_path), english, tmp_path / "t.xlf")
    assert run_cli("xliff", "import", position, translated).exit_code == 0
    data = position.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# Een fiche om te vertalen.\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert load_position(position).fiche.general.council.en == "Raad Justitie en Binnenlandse Zaken"


def one_unit_filled(tree: etree._ElementTree, ident: str, translation: str, path: Path) -> Path:
    """The exported XLIFF with only the unit ``ident`` filled in, as one translator returns it."""
    tree = etree.ElementTree(etree.fromstring(etree.tostring(tree)))  # a copy per translator
    for unit in tree.iter(f"{X}unit"):
        segment = unit.find(f"{X}segment")
        if unit.get("id") == ident:
            etree.SubElement(segment, f"{X}target").text = translation
            segment.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


def test_ten_imports_at_once_keep_all_ten_translations(run_cli, tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "x.yaml")
    position = tmp_path / "x.yaml"
    tree = export(run_cli, position, tmp_path)
    idents = [u.get("id") for u in tree.iter(f"{X}unit") if u.find(f"{X}originalData") is None][:10]
    translations = {ident: f"English {k} for {ident}." for k, ident in enumerate(idents)}
    files = [one_unit_filled(tree, i, t, tmp_path / f"t{k}.xlf") for k, (i, t) in enumerate(translations.items())]

    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "fichebuilder", "xliff", "import", str(position), str(xlf)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for xlf in files
    ]
    outcomes = [(run.wait(timeout=120), *run.communicate()) for run in runs]

    assert outcomes == [(0, f"{position}: 1 translation(s) written\n", "")] * 10
    texts = {unit_id(path): value for path, value in text_fields(load_position(position).fiche)}
    assert {ident: texts[ident].en.rstrip("\n") for ident in idents} == translations
    check = run_cli("check", position)
    assert (check.exit_code, check.stderr) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


MARKED = WRITTEN.replace(
    "  policy: Het kabinet voert een breed beleid.\n",
    "  policy: |\n"
    "    Het kabinet steunt o.a. de EUDA[^bron]. Het wil bijv. dat art. 5 *anders* wordt.\n"
    "    [Dit mag **niets** kosten.]{.condition} Zie [de site](https://example.eu/a_b) voor meer.\n\n"
    "    - Een punt[^bron].\n"
    "    - [Een zorg]{.concern}.\n",
)


def test_a_translation_tool_keeps_every_mark(run_cli, tmp_path):
    """translate-toolkit's XLIFF 2 reader fills the targets through its own model of the codes."""
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    from translate.storage.placeables import StringElem

    write_tree(tmp_path, {"f.yaml": MARKED})
    position = tmp_path / "f.yaml"
    export(run_cli, position, tmp_path)
    store = xliff2.Xliff2File.parsefile(str(tmp_path / "out.xlf"))

    def upper(elem):  # the translator's words: the text upper-cased, the codes left alone
        elem.sub = [upper(s) if isinstance(s, StringElem) else s.upper() if isinstance(s, str) else s for s in elem.sub]
        return elem

    policy = [u for u in store.units if u.getid().startswith("position.policy")]
    assert len(policy) == 6  # one segment per sentence and list item; the abbreviations cut nothing
    for unit in store.units:
        assert "[^" not in unit.source and "]{." not in unit.source
        unit.rich_target = [upper(r) for r in unit.rich_source]
        unit.marktranslated()
    store.save()

    result = run_cli("xliff", "import", position, tmp_path / "out.xlf")
    assert result.exit_code == 0, result.stderr
    fiche = load_position(position).fiche
    for path, value in text_fields(fiche):
        assert " ".join(plain(value.en).split()) == " ".join(plain(value.nl).upper().split()), path
        assert footnote_labels(value.en) == footnote_labels(value.nl)
        assert [(m.kind, m.text) for m in marked(value.en)] == [(m.kind, m.text.upper()) for m in marked(value.nl)]
    assert "[de site](https://example.eu/a_b)" not in fiche.position.policy.en
    assert "[DE SITE](https://example.eu/a_b)" in fiche.position.policy.en

    if not (default_template_dir() / "lang" / "en.yaml").exists():
        pytest.skip("no English catalogue (templates/lang/en.yaml) yet")
    build = run_cli("build", "--lang", "en", position, "-o", tmp_path / "en.docx")
    assert build.exit_code == 0, build.stderr
    docx = read_docx(tmp_path / "en.docx")
    assert "HET KABINET STEUNT O.A. DE EUDA. HET WIL BIJV. DAT ART. 5 ANDERS WORDT." in " ".join(docx.paragraphs)
    assert docx.footnotes.count("ZIE DE MEDEDELING ZELF.") == 3


def test_an_export_that_counted_from_0_is_still_read(run_cli, tmp_path):
    write_tree(tmp_path, {"f.yaml": WRITTEN})
    position = tmp_path / "f.yaml"
    tree = export(run_cli, position, tmp_path)
    (file,) = tree.getroot().findall(f"{X}file")
    del file.attrib["{urn:fichebuilder:xliff}ids"]  # as exports were before
    for unit in tree.iter(f"{X}unit"):
        unit.set("id", unit.get("id").replace("actions.1.", "actions.0."))
    fill(tree, english, tmp_path / "t.xlf")
    assert run_cli("xliff", "import", position, tmp_path / "t.xlf").exit_code == 0
    assert load_position(position).fiche.actions[0].text.en == "The cabinet steunt actie 1."


def test_a_unit_translated_but_for_a_sentence_is_left_out_with_a_warning_naming_it(run_cli, tmp_path):
    write_tree(tmp_path, {"f.yaml": WRITTEN})
    position = tmp_path / "f.yaml"
    tree = export(run_cli, position, tmp_path)
    fill(tree, english, tmp_path / "t.xlf")
    essence = next(u for u in tree.iter(f"{X}unit") if u.get("id") == "essence")
    segments = essence.findall(f"{X}segment")
    assert len(segments) == 2
    segments[1].remove(segments[1].find(f"{X}target"))  # the translator's tool left the sentence open
    tree.write(str(tmp_path / "t.xlf"), xml_declaration=True, encoding="UTF-8")
    result = run_cli("xliff", "import", position, tmp_path / "t.xlf")
    assert result.exit_code == 0, result.stderr
    line = line_of(tmp_path / "t.xlf", "essence")
    assert result.stderr == (
        f"Warning: {tmp_path / 't.xlf'}:{line}: unit 'essence' is not imported: segment(s) 2 have no target yet\n"
    )
    data = yaml.safe_load(position.read_text(encoding="utf-8"))
    assert isinstance(data["essence"], str)  # no English for it
    assert data["position"]["policy"]["en"] == "The cabinet voert een breed beleid."  # the others are
