"""A new position file: every section present, placeholders to fill in, Dutch comments.

``new_position`` walks the structs of ``model.py``, so a field added to the model
appears in new files without a change here. Each field gets its Dutch help text
(``schema.FIELD_HELP``) as the comment above it; a text gets the placeholder
``⟦in te vullen⟧``, which ``fiche check`` reports and ``fiche build`` refuses
unless ``--draft``. What the command line already knows (kind, COM number, date
of receipt, the EUR-Lex link) is filled in.
"""

from __future__ import annotations

import datetime
import itertools
import re
import textwrap
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from fichebuilder.errors import UsageError
from fichebuilder.files import check_output_path, write_text
from fichebuilder.model import KIND_FIELDS, SINGLE_PROPOSAL_FIELDS, Fiche, FieldPath, Translations
from fichebuilder.source.loading import PLACEHOLDER, load_position_bytes
from fichebuilder.source.schema import field_help, schema_reference, schema_text

_COM_NUMBER = re.compile(r"COM\s*\(\s*(\d{4})\s*\)\s*(\d{1,4})(?:\s+final)?", re.IGNORECASE)

# fields a drafter does not write: other commands set them, or (a proposal's own legal
# basis) the general one stands in for them until the proposals turn out to differ
_LEFT_OUT = frozenset({"Fiche.unplaced", "Action.stance_proposed", "Proposal.legal_basis"})
# fields filled in later, written as a comment to uncomment then
_LATER = {"Fiche.parliament": ["parliament:", "  sent: JJJJ-MM-DD", "  kamerstuk: 22 112, nr. …"]}
# the top level in the order of the fiche itself; fields not named here follow in the model's order
_ORDER = {
    "Fiche": (
        "kind",
        "title",
        "follows",
        "parliament",
        "general",
        "essence",
        "impact_assessment_summary",
        "position",
        "areas",
        "actions",
        "grounds",
        "financial",
        "legal",
        "implementation",
        "developing_countries",
    )
}
# short texts stand on the line of their field; the others get a block of their own
_ONE_LINE_STRUCTS = frozenset({"General", "Link"})

_WIDTH = 100


@dataclass(frozen=True)
class ComNumber:
    """A Commission document number, COM(2025) 744."""

    year: int
    number: int

    def __str__(self) -> str:
        return f"COM({self.year}) {self.number}"

    @property
    def slug(self) -> str:
        """The position file's name without suffix: ``com-2025-744``."""
        return f"com-{self.year}-{self.number}"

    def celex(self, kind: str) -> str:
        """The CELEX number: a legislative proposal is a PC document, anything else a DC document."""
        return f"5{self.year}{'PC' if kind == 'legislative' else 'DC'}{self.number:04d}"


def parse_com_number(text: str) -> ComNumber:
    """``COM(2025) 744`` (also ``COM(2025)744`` or ``COM(2025) 744 final``) -> a ComNumber."""
    match = _COM_NUMBER.fullmatch(text.strip())
    if not match:
        raise UsageError(f"'{text}' is not a COM number like COM(2025) 744")
    return ComNumber(int(match.group(1)), int(match.group(2)))


# the schema's name where fiche new writes it beside a position file outside a checkout
SCHEMA_NAME = "position.schema.json"


def file_slug(numbers: list[ComNumber]) -> str:
    """A position file's name without suffix: ``com-2025-744``; for several proposals
    ``com-2025-836-837`` (a number of another year as ``com-2026-12``)."""
    parts = [numbers[0].slug]
    for before, number in itertools.pairwise(numbers):
        parts.append(str(number.number) if number.year == before.year else number.slug)
    return "-".join(parts)


def new_position(
    *, kind: str, com: ComNumber | list[ComNumber], received: datetime.date, schema: str | None = None
) -> str:
    """The text of a new position file; ``schema`` is the path the ``$schema`` line points at.

    With several COM numbers the proposals are listed under ``general.proposals``.
    """
    numbers = com if isinstance(com, list) else [com]
    known: dict[FieldPath, str] = {("kind",): kind, ("general", "received"): received.isoformat()}
    where: list[FieldPath] = (
        [("general",)] if len(numbers) == 1 else [("general", "proposals", i) for i in range(len(numbers))]
    )
    for number, path in zip(numbers, where, strict=True):
        celex = number.celex(kind)
        known[(*path, "com_number")] = str(number)
        known[(*path, "eurlex", "url")] = f"https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:{celex}"
        known[(*path, "eurlex", "label")] = f"EUR-Lex - {celex} - NL - EUR-Lex"
    named = " en ".join(str(n) for n in numbers)
    header = [f"# yaml-language-server: $schema={schema}"] if schema else []
    header += _comment(
        f"Positiebestand voor de BNC-fiche over {named}, gemaakt met fiche new. Vul elke plaatshouder "
        f"{PLACEHOLDER} in of haal het veld weg waar het optioneel is. fiche check noemt de plaatshouders "
        "die er nog staan; fiche build weigert het bestand zolang ze er staan, fiche build --draft maakt er "
        "een CONCEPT van.",
        0,
    )
    header += ["#"] + _comment(
        "Teksten zijn Markdown: een lege regel begint een nieuwe alinea; *schuin*, **vet**, "
        "[tekst](https://…) en een voetnoot met [^sleutel]. Een tekst onder `veld: |` staat op de regels "
        "eronder, twee spaties verder ingesprongen dan het veld. Elk veld met uitleg: fiche schema.",
        0,
    )
    body = _Writer(kind, known, proposals=len(numbers)).struct(Fiche, 0, ())
    return "\n".join([*header, "", *body]) + "\n"


def write_new_position(
    target: Path | str | None, *, kind: str, com: str | list[str], received: datetime.date | None = None
) -> Path:
    """Write a new position file (default ``positions/<com-number>.yaml``); never over an existing file.

    Several COM numbers make a fiche on several proposals (``positions/com-2025-836-837.yaml``).
    """
    numbers = [parse_com_number(c) for c in ([com] if isinstance(com, str) else com)]
    if not numbers:
        raise UsageError("give the proposal's COM number with --com")
    twice = [str(n) for i, n in enumerate(numbers) if n in numbers[:i]]
    if twice:
        raise UsageError(f"{twice[0]} is given twice with --com")
    path = Path(target) if target is not None else Path("positions") / f"{file_slug(numbers)}.yaml"
    check_output_path(path, position_file=True)
    if path.exists():
        raise UsageError("already exists; fiche new never writes over a file (choose another name with -o)", file=path)
    schema = schema_reference(path) or _schema_beside(path)
    text = new_position(kind=kind, com=numbers, received=received or datetime.date.today(), schema=schema)
    load_position_bytes(text.encode("utf-8"), name=str(path))  # a new file must load: a bug here is caught now
    write_text(path, text)
    return path


def _schema_beside(path: Path) -> str:
    """Outside a checkout: the schema written beside the new file (kept where one is there), so
    that an editor completes and checks the file as it does in a checkout."""
    beside = path.parent / SCHEMA_NAME
    if not beside.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(beside, schema_text())
    return SCHEMA_NAME


class _Writer:
    """Writes the YAML lines of a struct, field by field, with each field's help above it."""

    def __init__(self, kind: str, known: dict[FieldPath, str], *, proposals: int = 1) -> None:
        self.kind = kind
        self.known = known
        self.proposals = proposals
        # the fields only the other kinds of fiche have
        self.foreign = {path for other, paths in KIND_FIELDS.items() if other != kind for path in paths}
        # one proposal is named by general's own fields, several are listed under proposals
        if proposals == 1:
            self.foreign.add(("general", "proposals"))
        else:
            self.foreign.update(("general", name) for name in SINGLE_PROPOSAL_FIELDS)
        self.explained: set[str] = set()  # a struct that comes back (five grounds) is explained once

    def struct(self, cls: type, indent: int, path: FieldPath) -> list[str]:
        lines: list[str] = []
        fields = {f.name: f for f in msgspec.structs.fields(cls)}
        order = [n for n in _ORDER.get(cls.__name__, ()) if n in fields]
        order += [n for n in fields if n not in order]
        for name in order:
            key = f"{cls.__name__}.{name}"
            field_path = tuple(p for p in (*path, name) if isinstance(p, str))
            if key in _LEFT_OUT or field_path in self.foreign:
                continue
            info = fields[name]
            if indent == 0 and lines:
                lines.append("")
            help_text = field_help(cls, name)
            if help_text and key not in self.explained:
                lines += _comment(help_text, indent)
                self.explained.add(key)
            if key in _LATER:
                lines += [f"{' ' * indent}# {line}" for line in _LATER[key]]
                continue
            lines += self.field(cls, name, info.type, info.required, indent, (*path, name))
        return lines

    def field(self, cls: type, name: str, annotation: Any, required: bool, indent: int, path: FieldPath) -> list[str]:
        pad = " " * indent
        inner = _without_none(annotation)
        if path in self.known:
            return [f"{pad}{name}: {self.known[path]}"]
        if _is_text(inner):
            if cls.__name__ in _ONE_LINE_STRUCTS or name == "title":
                return [f"{pad}{name}: {PLACEHOLDER}"]
            return [f"{pad}{name}: |", f"{pad}  {PLACEHOLDER}"]
        if isinstance(inner, type) and issubclass(inner, msgspec.Struct):
            return [f"{pad}{name}:", *self.struct(inner, indent + 2, path)]
        origin = typing.get_origin(inner)
        if origin is list:
            (item,) = typing.get_args(inner)
            if isinstance(item, type) and issubclass(item, msgspec.Struct):
                count = self.proposals if path == ("general", "proposals") else 1
                items = [_list_item(self.struct(item, indent + 4, (*path, i)), indent + 2) for i in range(count)]
                return [f"{pad}{name}:", *(line for lines in items for line in lines)]
            return [f"{pad}# {name}: [1]"]
        if origin is dict:
            return [f"{pad}{name}: {{}}"]
        if origin is typing.Literal:
            choices = [str(c) for c in typing.get_args(inner)]
            if not required:
                return [f"{pad}# {name}: {' | '.join(choices)}"]
            value = "unknown" if "unknown" in choices else choices[0]
            return [f"{pad}{name}: {value}  # {' | '.join(choices)}"]
        if inner is int:
            return [f"{pad}{name}: 1"]
        if inner is bool:
            return [f"{pad}# {name}: {'false' if required else 'true'}"]
        if not required:
            return [f"{pad}# {name}: …"]
        return [f"{pad}{name}: {PLACEHOLDER}"]


def _without_none(annotation: Any) -> Any:
    """``X | None`` -> ``X``, ``Annotated[X, …]`` -> ``X``; anything else as it is."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _without_none(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
        return typing.Union[tuple(args)]  # noqa: UP007 - the union is built from a tuple at run time
    return annotation


def _is_text(annotation: Any) -> bool:
    return Translations in typing.get_args(annotation)


def _list_item(lines: list[str], indent: int) -> list[str]:
    """The lines of a struct written at ``indent + 2``, turned into one item of a block list."""
    for i, line in enumerate(lines):
        if not line.lstrip().startswith("#"):
            comments = [" " * indent + c.lstrip() for c in lines[:i]]
            return [*comments, " " * indent + "- " + line.lstrip(), *lines[i + 1 :]]
    return lines


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return textwrap.wrap(text, _WIDTH, initial_indent=pad + "# ", subsequent_indent=pad + "# ", break_on_hyphens=False)
