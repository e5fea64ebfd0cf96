"""Loading position files: the format, and a located one-line error for each bad input."""

from __future__ import annotations

import pytest
import yaml

from fichebuilder.errors import PositionError
from fichebuilder.model import Translations
from fichebuilder.source.loading import load_position
from tests.conftest import BAD, DATA, write_tree

EXPECTED: dict[str, str] = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))


def test_every_bad_file_has_an_expected_error():
    assert sorted(EXPECTED) == sorted(p.name for p in BAD.glob("*.yaml") if p.name != "expected.yaml")
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=[n.removesuffix(".yaml") for n in sorted(EXPECTED)])
def test_bad_file_gives_its_one_line_error(name, run_cli, monkeypatch):
    monkeypatch.chdir(BAD)
    result = run_cli("check", name)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {EXPECTED[name]}\n"
    assert result.stdout == ""


def test_minimal_example_loads():
    loaded = load_position(DATA / "minimal.yaml")
    assert loaded.name == "minimal"
    assert [a.stance for a in loaded.fiche.actions] == ["support", "conditional"]
    assert loaded.warnings == []


def test_error_in_a_block_text_points_at_its_line_and_column(tmp_path):
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("      samenwerking.]{.condition}", "      samenwerking.]{.condition} zie[^nergens]")
    write_tree(tmp_path, {"f.yaml": text})
    with pytest.raises(PositionError) as info:
        load_position(tmp_path / "f.yaml")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "[^nergens]" in row)
    column = text.splitlines()[line - 1].index("[^nergens]") + 1
    assert str(info.value) == (
        f"{tmp_path / 'f.yaml'}:{line}:{column}: actions[1].text: unknown footnote [^nergens] (footnotes: bron)"
    )


def test_crlf_and_bom_are_read(tmp_path):
    data = (DATA / "minimal.yaml").read_bytes().replace(b"\n", b"\r\n")
    (tmp_path / "f.yaml").write_bytes(b"\xef\xbb\xbf" + data)
    assert load_position(tmp_path / "f.yaml").fiche.general.com_number == "COM(2025) 999"


def test_a_text_may_carry_its_translation(tmp_path):
    text = (
        (DATA / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  balance: De lidstaten zijn verdeeld.",
            "  balance:\n    nl: De lidstaten zijn verdeeld.\n    en: The member states are divided.",
        )
    )
    write_tree(tmp_path, {"f.yaml": text})
    balance = load_position(tmp_path / "f.yaml").fiche.position.balance
    assert balance == Translations(nl="De lidstaten zijn verdeeld.", en="The member states are divided.")


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        (
            "stance: conditional\n    text: Het kabinet steunt actie 1.",
            "stance is 'conditional' but the text marks no [condition]{.condition}",
        ),
        ("stance: support\n    text: Het kabinet [steunt mits x.]{.condition}", "marks a condition"),
    ],
    ids=["conditional-without-condition", "support-with-condition"],
)
def test_stance_and_marks_that_disagree_give_a_warning(tmp_path, change, warning):
    text = (
        (DATA / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace("stance: support\n    text: Het kabinet steunt actie 1.", change)
    )
    write_tree(tmp_path, {"f.yaml": text})
    warnings = [str(w) for w in load_position(tmp_path / "f.yaml").warnings]
    assert len(warnings) == 1
    assert warning in warnings[0]
    assert warnings[0].startswith(f"{tmp_path / 'f.yaml'}:")


@pytest.mark.parametrize(
    ("link", "warned"),
    [
        ("[klik hier](https://example.org/a)", "klik hier"),
        ("[Here.](https://example.org/a)", "Here."),
        ("[het rapport van de Rekenkamer](https://example.org/a)", None),
        ("<https://example.org/a>", None),
    ],
    ids=["klik-hier", "here", "named-document", "address"],
)
def test_a_link_whose_text_says_nothing_gives_a_warning(tmp_path, link, warned):
    text = (
        (DATA / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace("  policy: Het kabinet voert een breed beleid.", f"  policy: Het kabinet voert beleid, zie {link}.")
    )
    write_tree(tmp_path, {"f.yaml": text})
    warnings = [str(w) for w in load_position(tmp_path / "f.yaml").warnings]
    if warned is None:
        assert warnings == []
    else:
        column = len("  policy: Het kabinet voert beleid, zie ") + 1
        assert warnings == [
            f"{tmp_path / 'f.yaml'}:17:{column}: position.policy: the link text '{warned}' does not say where the "
            "link leads: name the document or the site"
        ]


def test_a_footnote_cannot_refer_to_a_footnote(tmp_path):
    text = (
        (DATA / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace("  bron: Zie de mededeling zelf.", "  bron: Zie de mededeling zelf[^bron].")
    )
    write_tree(tmp_path, {"f.yaml": text})
    with pytest.raises(PositionError) as info:
        load_position(tmp_path / "f.yaml")
    assert str(info.value).endswith("footnotes.bron: a footnote cannot hold a footnote reference")


def test_a_build_checks_only_the_languages_it_builds(tmp_path):
    text = (
        (DATA / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  balance: De lidstaten zijn verdeeld.",
            "  balance:\n    nl: De lidstaten zijn verdeeld.\n    en: The member states are divided[^nergens].",
        )
    )
    write_tree(tmp_path, {"f.yaml": text})
    assert load_position(tmp_path / "f.yaml", languages=["nl"]).fiche.position.balance.nl == (
        "De lidstaten zijn verdeeld."
    )
    for languages in (None, ["en"]):
        with pytest.raises(PositionError) as info:
            load_position(tmp_path / "f.yaml", languages=languages)
        assert "position.balance.en: unknown footnote [^nergens]" in str(info.value)


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "a Word document (.docx) or another zip file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF"),
    ],
    ids=["docx", "pdf"],
)
def test_a_document_given_as_a_position_file_points_to_import(run_cli, tmp_path, content, what):
    document = tmp_path / "fiche.docx"
    document.write_bytes(content)
    for command in ("build", "check"):
        result = run_cli(command, document)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {document}: is {what}, not a position file; make one from it with: fiche import {document}\n"
        )


def test_a_long_text_reused_through_an_alias_is_refused_before_it_is_parsed(run_cli, tmp_path):
    long = " ".join(["Het kabinet steunt deze actie."] * 20_000)  # 600 kB, once in the file
    actions = "".join(
        f"  - number: {k}\n    area: 1\n    title: Actie {k}\n    stance: support\n    text: *lang\n"
        for k in range(3, 23)
    )
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("essence: |\n", f"essence: &lang |\n  {long}\n", 1).replace("grounds:", actions + "grounds:", 1)
    write_tree(tmp_path, {"big.yaml": text})
    assert (tmp_path / "big.yaml").stat().st_size < 1_000_000
    result = run_cli("check", tmp_path / "big.yaml")
    assert result.exit_code == 1
    line = text[: text.index("&lang")].count("\n") + 1  # an alias is said where its text stands
    assert result.stderr == (
        f"Error: {tmp_path / 'big.yaml'}:{line}:10: actions[17].text: more than 10 million characters of text "
        "once aliases are expanded (a long text reused through an alias too often?)\n"
    )
