"""The JSON Schema of the position format: generated from the model, committed, and true to every file."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import jsonschema
import msgspec
import pytest

from fichebuilder.model import Fiche
from fichebuilder.source.schema import FIELD_HELP, SCHEMA_FILE, position_schema, schema_text
from fichebuilder.source.yamlsource import read_yaml
from tests.conftest import BAD, DATA, POSITIONS, ROOT

EXAMPLES = sorted(POSITIONS.glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../docs/position.schema.json"


def as_json(path: Path) -> object:
    """A YAML file's data as an editor's schema check sees it: JSON types, dates as text."""
    data, _ = read_yaml(path)
    return json.loads(msgspec.json.encode(data))


def validator() -> jsonschema.protocols.Validator:
    return jsonschema.Draft202012Validator(position_schema(), format_checker=jsonschema.FormatChecker())


def test_the_committed_schema_is_the_generated_one():
    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), f"the model changed: run  fiche schema -o {SCHEMA_FILE}"


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(position_schema())


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_position_file_follows_the_schema(path):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(as_json(path))]
    assert errors == []


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_position_file_points_editors_at_the_schema(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


@pytest.mark.parametrize(
    "name", ["misspelled-key.yaml", "misspelled-stance.yaml", "unknown-kind.yaml", "missing-field.yaml"]
)
def test_the_schema_rejects_what_loading_rejects(name):
    assert not validator().is_valid(as_json(BAD / name))


def test_the_schema_accepts_the_test_fiche():
    assert validator().is_valid(as_json(DATA / "minimal.yaml"))


def test_fields_have_their_dutch_help_as_description():
    general = position_schema()["$defs"]["General"]["properties"]
    assert general["received"]["description"].startswith("b) Datum ontvangst Commissiedocument")


def _struct_fields(cls: type, seen: set[str]) -> set[str]:
    found: set[str] = set()
    if cls.__name__ in seen:
        return found
    seen.add(cls.__name__)
    for field in msgspec.structs.fields(cls):
        found.add(f"{cls.__name__}.{field.name}")
        for inner in _types_in(field.type):
            found |= _struct_fields(inner, seen)
    return found


def _types_in(annotation: object) -> list[type]:
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        return [annotation]
    return [t for arg in typing.get_args(annotation) for t in _types_in(arg)]


def test_every_field_of_the_model_has_dutch_help():
    fields = _struct_fields(Fiche, set())
    assert sorted(fields - set(FIELD_HELP)) == [], "add a Dutch help text for these fields to schema.FIELD_HELP"
    assert sorted(set(FIELD_HELP) - fields) == [], "these fields are no longer in the model"


def test_fiche_schema_prints_it(run_cli):
    result = run_cli("schema")
    assert result.exit_code == 0
    assert result.stdout == schema_text()
    assert json.loads(result.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_fiche_schema_writes_a_file(run_cli, tmp_path):
    result = run_cli("schema", "-o", tmp_path / "position.schema.json")
    assert result.exit_code == 0
    assert result.stdout == f"wrote {tmp_path / 'position.schema.json'}\n"
    assert (tmp_path / "position.schema.json").read_text(encoding="utf-8") == schema_text()


def test_the_schema_wants_one_proposal_or_a_list_of_them():
    data = as_json(POSITIONS / "psychoactive-substances-2026.yaml")
    assert validator().is_valid(data)
    general = data["general"]  # type: ignore[index]
    general["com_number"] = "COM(2026) 998"
    assert not validator().is_valid(data)
    del general["com_number"]
    general["proposals"] = general["proposals"][:1]
    assert not validator().is_valid(data)
    del general["proposals"]
    assert not validator().is_valid(data)
