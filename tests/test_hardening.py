"""Every input either builds a valid fiche or fails with one clear line: searched for, not assumed.

Property tests (hypothesis) mutate the example files and generate position files
from scratch; every run must end with exit code 0, 1 or 2, without a traceback,
and every success must be a .docx that python-docx opens.
"""

from __future__ import annotations

import datetime
import string
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fichebuilder.cli import main
from tests.conftest import DATA, docx_to_pdf_text

MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")
LINES = MINIMAL.splitlines(keepends=True)
RUNNER = CliRunner()
# as many examples as the profile gives (see conftest.py): a short run locally, 2,000 in CI
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def invoke(*args: str | Path):
    result = RUNNER.invoke(main, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"fiche {' '.join(map(str, args))} raised {result.exception!r}") from result.exception
    return result


def assert_clean(result) -> None:
    """Exit 0, 1 or 2; no traceback; an error is one line."""
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        lines = result.stderr.splitlines()
        assert lines and lines[-1].startswith("Error: "), result.stderr


def build_and_check(tmp: Path, content: bytes) -> Path | None:
    source = tmp / "f.yaml"
    out = tmp / "f.docx"
    out.unlink(missing_ok=True)
    source.write_bytes(content)
    result = invoke("build", source, "-o", out)
    assert_clean(result)
    leftovers = [p.name for p in tmp.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    if result.exit_code == 0:
        docx.Document(str(out))  # opens
        return out
    assert not out.exists()
    return None


# --- mutations of the example -------------------------------------------------

TOKENS = [
    "",
    " ",
    "\t",
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&",
    "*",
    "!!python/object:os.system",
    "&a",
    "*a",
    "[^x]",
    "{.condition}",
    "\x00",
    "\x07",
    "\ufeff",
    "\r\n",
    "'",
    '"',
    "é",
    "🎉",
    "\u202e",
    "~",
    "null",
    "2025-13-45",
    "support",
    "suport",
    "1e9",
    "-1",
    "number: 1",
    "<w:p>",
    "]]>",
]


@st.composite
def mutated(draw) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace-value", "indent", "swap"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "insert":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(TOKENS)) + line[at:]
        elif action == "replace-value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(TOKENS))}\n"
        elif action == "indent":
            lines[i] = draw(st.sampled_from(["", "  ", "    ", " "])) + lines[i].lstrip(" ")
        elif action == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        if not lines:
            break
    text = "".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


@PROPERTY
@given(content=mutated())
def test_mutated_example_builds_or_fails_cleanly(tmp_path_factory, content):
    build_and_check(tmp_path_factory.mktemp("m", numbered=True), content)


# --- position files from scratch ---------------------------------------------

prose = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=200
) | st.sampled_from(
    [
        "gewone tekst",
        "Kosten & baten < 5",
        "עברית ו-العربية",
        "🎉🎉",
        "*nadruk* en [link](x)",
        "1. lijst\n2. item",
        "- punt",
        "[^noot]",
        "[mits]{.condition}",
        "x" * 5000,
    ]
)


@st.composite
def fiche_data(draw) -> dict:
    def text():
        return draw(prose)

    n_areas = draw(st.integers(0, 3))
    actions = [
        {
            "number": draw(st.integers(-2, 30)),
            "title": text(),
            "stance": draw(
                st.sampled_from(["support", "conditional", "neutral", "critical", "oppose", "unknown", "suport"])
            ),
            **({"area": draw(st.integers(1, 3))} if n_areas else {}),
            **({"text": text()} if draw(st.booleans()) else {}),
            **({"same_paragraph": True} if draw(st.booleans()) else {}),
        }
        for _ in range(draw(st.integers(0, 5)))
    ]
    data = {
        "kind": draw(st.sampled_from(["communication", "communication", "legislative"])),
        "title": text(),
        "general": {
            "proposal_title": text(),
            "received": draw(st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 1, 1))),
            "com_number": draw(st.text(string.printable, min_size=1, max_size=20)),
            "eurlex": {"url": draw(st.sampled_from(["https://eur-lex.europa.eu/x", "x", ""])), "label": text()},
            "impact_assessment": text(),
            "council": text(),
            "ministry": text(),
        },
        "essence": text(),
        "position": {"policy": text(), "assessment": text(), "balance": text()},
        "areas": [{"number": i + 1, "title": text()} for i in range(n_areas)],
        "actions": actions,
        "grounds": {
            key: {"text": text(), **({"verdict": "positive"} if draw(st.booleans()) else {})}
            for key in ("competence", "subsidiarity", "proportionality", "financial", "burden")
        },
    }
    if draw(st.booleans()):
        data["footnotes"] = {"noot": text()}
    return data


@PROPERTY
@given(data=fiche_data())
def test_generated_position_file_builds_or_fails_cleanly(tmp_path_factory, data):
    content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    build_and_check(tmp_path_factory.mktemp("g", numbered=True), content)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=fiche_data())
def test_a_sample_of_generated_fiches_opens_in_libreoffice(tmp_path_factory, soffice, data):
    data.update(kind="communication", footnotes={}, areas=[], actions=[])
    tmp = tmp_path_factory.mktemp("lo", numbered=True)
    content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    built = build_and_check(tmp, content)
    if built is not None:
        assert "1. Algemene gegevens" in docx_to_pdf_text(soffice, built, tmp)


# --- every command with bad arguments and bad files ---------------------------


def all_commands(group=main, prefix=()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from all_commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


@pytest.mark.parametrize("command", list(all_commands()), ids=lambda c: " ".join(c))
def test_every_command_fails_cleanly_on_bad_arguments_and_files(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a batch with one good file builds it into ./build
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.yaml"
    empty.write_bytes(b"")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    missing = tmp_path / "missing.yaml"
    cases = [[], ["--no-such-option"], [missing], [folder], [missing, missing], [DATA / "minimal.yaml", missing]]
    if command != ("watch",):  # watch goes on watching a file that exists, however bad: that is its job
        cases += [[binary], [empty], [binary, binary]]
    for args in cases:
        result = invoke(*command, *args)
        assert_clean(result)


# --- every YAML type in every field --------------------------------------------

MINIMAL_DATA = yaml.safe_load(MINIMAL)

any_yaml_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=20),
    st.text(max_size=30),
    st.sampled_from(
        [
            "yes het kabinet steunt dit voorstel en dit is een lange tekst",
            "no",
            "off",
            "[bold]kop[/]",
            "- een\n- twee",
            "Zie:\n\n1. een\n2. twee",
            "9999-12-31",
            "0001-01-01",
        ]
    ),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))
    yield path


@st.composite
def retyped(draw) -> dict:
    """The minimal example with one to three fields (or whole sections) given a value of another YAML type."""
    import copy

    data = copy.deepcopy(MINIMAL_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in _leaves(data) if p]))
        holder = data
        for part in path[:-1]:
            holder = holder[part]
        holder[path[-1]] = draw(any_yaml_value)
    return data


@PROPERTY
@given(data=retyped())
def test_any_yaml_type_in_any_field_gives_a_clean_result(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("t", numbered=True)
    content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    source = tmp / "f.yaml"
    source.write_bytes(content)
    for command in (("check", source), ("status", source, "--format", "json"), ("status", source)):
        assert_clean(invoke(*command))
    build_and_check(tmp, content)
