"""Loading a position file: YAML -> validated model, with every error located.

``load_position`` is the one entry point; it raises ``PositionError`` naming file,
line, column and field. ``check_position`` adds the warnings a drafter should see
but that do not stop a build.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
import typing
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from fichebuilder.errors import FicheWarning, PositionError
from fichebuilder.model import (
    KIND_FIELDS,
    LANGUAGES,
    PLAIN_FIELDS,
    SINGLE_PROPOSAL_FIELDS,
    SOURCE_LANGUAGE,
    Fiche,
    FieldPath,
    Translations,
    source_hash,
    text_in,
    walk_texts,
)
from fichebuilder.source import markup
from fichebuilder.source.languages import text_fields
from fichebuilder.source.yamlsource import SourceMap, format_path, parse_bytes, read_yaml

# characters an XML 1.0 document (and so a Word file) cannot hold
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Loaded:
    """A validated fiche with the positions of its source, for later messages."""

    fiche: Fiche
    source: SourceMap
    path: Path | None = None
    warnings: list[FicheWarning] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The fiche's file name without its suffix: ``com-2025-744``."""
        return Path(self.source.file).stem


def load_position(
    path: Path | str, *, display_name: str | None = None, languages: Collection[str] | None = None
) -> Loaded:
    """Read, validate and check a position file.

    The Markdown of every text is checked, or with ``languages`` (a build's) only that
    of the Dutch and those languages: a build need not parse texts it will not use.
    """
    data, source = read_yaml(path, display_name=display_name)
    loaded = _validate(data, source, languages)
    loaded.path = Path(path)
    return loaded


def load_position_bytes(data: bytes, *, name: str) -> Loaded:
    """Validate a position file given as bytes (e.g. read from git)."""
    parsed, source = parse_bytes(data, file=name)
    return _validate(parsed, source)


def _validate(data: Any, source: SourceMap, languages: Collection[str] | None = None) -> Loaded:
    if not isinstance(data, dict):
        raise source.error("a position file is a mapping of fields (kind, title, general, …)", ())
    try:
        fiche = msgspec.convert(data, Fiche, strict=True)
    except msgspec.ValidationError as e:
        raise _translate(e, data, source) from None
    loaded = Loaded(fiche, source)
    _check_kind(loaded)
    _check_proposals(loaded)
    _check_texts(loaded, languages)
    _check_numbers(loaded)
    _check_parliament(loaded)
    loaded.warnings = list(_warnings(loaded))
    return loaded


# --- msgspec's messages, in the drafter's terms -------------------------------

_AT = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_PART = re.compile(r"\.([A-Za-z_][\w-]*)|\[(\d+|\.\.\.)\]")
_TYPE_NAMES = {
    "str": "a text",
    "int": "a whole number",
    "bool": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
    "float": "a number",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date and time",
    "time": "a time of day",
    "bytes": "binary data",
}
# what msgspec calls the type of a value YAML gave, by Python type
_GOT_NAMES = {
    str: "str",
    bool: "bool",
    int: "int",
    float: "float",
    type(None): "null",
    list: "array",
    dict: "object",
    bytes: "bytes",
    datetime.datetime: "datetime",
    datetime.date: "date",
    datetime.time: "time",
}


def _shown(value: Any, got: str) -> str:
    """A value of the wrong type, said in the drafter's terms."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes, no, on, off, true and false so; put a text in quotes)"
    if isinstance(value, datetime.date | datetime.time):
        what = {"datetime": "the date and time", "time": "the time"}.get(got, "the date")
        return f"{what} {value.isoformat()} (put a text in quotes)"
    if isinstance(value, int | float):
        return f"the number {value!r} (put a text in quotes)"
    return _TYPE_NAMES.get(got, got)


def _parse_path(text: str) -> FieldPath:
    path: list[str | int] = []
    for name, index in _PART.findall(text):
        if name:
            path.append(name)
        elif index != "...":
            path.append(int(index))
    return tuple(path)


def _keyed_path(text: str, data: Any, got: str | None) -> FieldPath:
    """The path msgspec gives as ``$.footnotes[...].nl``, with the key of the entry at fault:
    the first whose value there is of the type msgspec got (or the first entry)."""
    head, _, rest = text.partition("[...]")
    before, after = _parse_path(head), _parse_path(rest)
    entries = _value_at(data, before)
    if not isinstance(entries, dict) or not entries:
        return before
    for key, value in entries.items():
        found = _value_at(value, after) if after else value
        if got is None or _GOT_NAMES.get(type(found)) == got:
            return (*before, key, *after)
    return (*before, next(iter(entries)), *after)


def _value_at(data: Any, path: FieldPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _translate(error: msgspec.ValidationError, data: Any, source: SourceMap) -> PositionError:
    m = _AT.match(str(error))
    assert m is not None  # the pattern matches every string
    message, path = m.group("msg"), _parse_path(m.group("path") or "")
    expected = re.match(r"Expected `(.+?)`, got `(.+?)`", message)
    if "[...]" in (m.group("path") or ""):  # msgspec does not name a mapping's key: find it
        path = _keyed_path(m.group("path"), data, expected.group(2) if expected else None)

    unknown = re.match(r"Object contains unknown field `(.+)`", message, re.S)
    if unknown:
        name = unknown.group(1)
        allowed = _allowed_fields(path, data.get("kind"))
        hint = _did_you_mean(name, allowed)
        return source.error(f"unknown field '{name}'{hint} (allowed: {', '.join(allowed)})", path + (name,), key=True)
    missing = re.match(r"Object missing required field `(.+)`", message, re.S)
    if missing:
        return source.error(f"missing required field '{missing.group(1)}'", path)
    enum = re.match(r"Invalid enum value (.+)", message)
    if enum:
        choices = _choices(path)
        value = _value_at(data, path)
        hint = _did_you_mean(str(value), choices)
        return source.error(f"{value!r} is not one of {', '.join(choices)}{hint}", path)
    if expected:
        kinds = [t.strip() for t in expected.group(1).split("|")]
        if kinds == ["str", "object"] or kinds == ["str", "object", "null"]:
            kinds = ["str"]  # a text, possibly with its translations: say "a text"
        if path[:1] == ("general",) and path[1:] in [(name,) for name in SINGLE_PROPOSAL_FIELDS]:
            # optional only because a list of proposals may stand in for them: not "or empty"
            kinds = [kind for kind in kinds if kind != "null"]
        want = " or ".join(_TYPE_NAMES.get(t, t) for t in kinds)
        value = _value_at(data, path)
        shown = _shown(value, expected.group(2))
        if expected.group(2) == "null":
            return source.error(f"is empty; expected {want}", path)
        if "date" in expected.group(1) and isinstance(value, str):
            return source.error(f"{value!r} is not a date; write it as YYYY-MM-DD", path)
        return source.error(f"expected {want}, got {shown}", path)
    if "date" in message:
        value = _value_at(data, path)
        return source.error(f"{value!r} is not a valid date; write it as YYYY-MM-DD", path)
    too_short = re.match(r"Expected `array` of length >= (\d+)", message)
    if too_short:
        return source.error(f"lists {len(_value_at(data, path) or [])}; expected at least {too_short.group(1)}", path)
    return source.error(message[0].lower() + message[1:], path)


def _struct_at(path: FieldPath) -> type | None:
    """The struct class that describes the mapping at ``path``."""
    cls: Any = Fiche
    for part in path:
        if isinstance(part, int):
            continue
        hints = typing.get_type_hints(cls)
        if part not in hints:
            return None
        cls = _struct_in(hints[part])
        if cls is None:
            return None
    found: type = cls
    return found


def _struct_in(annotation: Any) -> type | None:
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        return annotation
    for arg in typing.get_args(annotation):
        found = _struct_in(arg)
        if found is not None and found is not Translations:
            return found
    if Translations in typing.get_args(annotation):
        return Translations
    return None


def _allowed_fields(path: FieldPath, kind: Any = None) -> list[str]:
    """The fields of the mapping at ``path``, without those only the other kind of fiche has."""
    cls = _struct_at(path)
    if cls is None:
        return []
    names = tuple(p for p in path if isinstance(p, str))
    others = [fields for k, fields in KIND_FIELDS.items() if k != kind] if kind in KIND_FIELDS else []
    elsewhere = {field for fields in others for field in fields}
    fields: tuple[str, ...] = getattr(cls, "__struct_fields__", ())
    return [name for name in fields if (*names, name) not in elsewhere]


def _choices(path: FieldPath) -> list[str]:
    cls = _struct_at(path[:-1])
    if cls is None or not isinstance(path[-1], str):
        return []
    annotation = typing.get_type_hints(cls)[path[-1]]
    literals = [a for a in typing.get_args(annotation) if typing.get_origin(a) is typing.Literal]
    if typing.get_origin(annotation) is typing.Literal:
        literals = [annotation]
    return [str(v) for lit in literals for v in typing.get_args(lit)]


def _did_you_mean(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# --- checks beyond the types -------------------------------------------------


def iter_texts(fiche: msgspec.Struct) -> Iterator[tuple[FieldPath, str]]:
    """Every string of a fiche, prose and data, in every language, with its field path."""
    for text in walk_texts(fiche):
        yield from text.languages()


def _text_error(source: SourceMap, path: FieldPath, offset: int, text: str, message: str) -> PositionError:
    mark = source.text_mark(path, offset, text)
    return PositionError(
        message,
        file=source.file,
        line=mark.line if mark else None,
        column=mark.column if mark else None,
        field=format_path(path),
    )


def _check_kind(loaded: Loaded) -> None:
    """A field its kind of fiche needs but the file lacks, or one only the other kind has."""
    fiche, source = loaded.fiche, loaded.source
    for kind, paths in KIND_FIELDS.items():
        for path in paths:
            if path == ("general", "legal_basis") and fiche.general.proposals:
                continue  # several proposals may each have their own: _check_proposals
            holder = functools.reduce(getattr, path[:-1], fiche)
            given = getattr(holder, path[-1]) is not None
            if kind == fiche.kind and not given:
                raise source.error(f"missing required field '{path[-1]}' (a {kind} fiche needs it)", path[:-1])
            if kind != fiche.kind and given:
                allowed = ", ".join(_allowed_fields(path[:-1], fiche.kind))
                raise source.error(
                    f"unknown field '{path[-1]}' in a {fiche.kind} fiche (allowed: {allowed})", path, key=True
                )


def _check_proposals(loaded: Loaded) -> None:
    """A fiche names its proposal in general's single fields, or lists several under
    ``proposals``; never both, never the same COM number twice, and a legislative fiche
    gives the legal basis once for all of them or per proposal."""
    general, source = loaded.fiche.general, loaded.source
    if not general.proposals:
        for name in SINGLE_PROPOSAL_FIELDS:
            if getattr(general, name) is None:
                raise source.error(
                    f"missing required field '{name}' (or list several proposals under 'proposals')", ("general",)
                )
        return
    for name in SINGLE_PROPOSAL_FIELDS:
        if getattr(general, name) is not None:
            raise source.error(
                f"'{name}' belongs to each of the proposals when the fiche lists them; remove it here",
                ("general", name),
                key=True,
            )
    seen: dict[str, int] = {}
    for i, proposal in enumerate(general.proposals):
        number = " ".join(proposal.com_number.split()).casefold()
        if number in seen:
            raise source.error(
                f"{proposal.com_number} is listed twice (also proposals[{seen[number]}])",
                ("general", "proposals", i, "com_number"),
            )
        seen[number] = i
    _check_legal_bases(loaded)


def _check_legal_bases(loaded: Loaded) -> None:
    fiche, source = loaded.fiche, loaded.source
    for i, proposal in enumerate(fiche.general.proposals):
        path = ("general", "proposals", i)
        if fiche.kind != "legislative" and proposal.legal_basis is not None:
            raise source.error(
                f"unknown field 'legal_basis' in a {fiche.kind} fiche (allowed: title, com_number, eurlex)",
                (*path, "legal_basis"),
                key=True,
            )
        if fiche.kind != "legislative":
            continue
        if fiche.general.legal_basis is not None and proposal.legal_basis is not None:
            raise source.error(
                "the legal basis stands once in general or per proposal, not both", (*path, "legal_basis"), key=True
            )
        if fiche.general.legal_basis is None and proposal.legal_basis is None:
            raise source.error(
                "missing required field 'legal_basis' (a legislative fiche needs it, in general for all "
                "proposals or in each)",
                path,
            )


# Kamerstuk numbers as parliament writes them: the dossier (groups of three digits,
# maybe a suffix such as -02 or a budget chapter's letters), then the number in it
KAMERSTUK = re.compile(r"(?P<dossier>\d{1,3}(?: \d{3})*(?:-[0-9A-Z]+)?(?: [A-Z]{1,5})?), nr\. (?P<number>[1-9]\d*)")


def _check_parliament(loaded: Loaded) -> None:
    fiche, source = loaded.fiche, loaded.source
    if fiche.parliament is None:
        return
    kamerstuk = fiche.parliament.kamerstuk
    if kamerstuk is not None and not KAMERSTUK.fullmatch(kamerstuk):
        raise source.error(
            f"{kamerstuk!r} is not a Kamerstuk number; write it as 22 112, nr. 3791", ("parliament", "kamerstuk")
        )
    if fiche.parliament.sent < fiche.general.received:
        raise source.error(
            f"sent {fiche.parliament.sent.isoformat()}, before the Commission document was received "
            f"({fiche.general.received.isoformat()}, general.received)",
            ("parliament", "sent"),
        )


def _language_of(path: FieldPath) -> str:
    """The language of a text at ``path``: a translation's path ends in its language
    (a plain footnote's path ends in its key, which may be any word)."""
    if path[-1] in LANGUAGES and not (path[0] == "footnotes" and len(path) == 2):
        return str(path[-1])
    return SOURCE_LANGUAGE


def _check_texts(loaded: Loaded, languages: Collection[str] | None = None) -> None:
    fiche, source = loaded.fiche, loaded.source
    keys = set(fiche.footnotes)
    used: set[str] = set()
    for path, text in iter_texts(fiche):
        bad = _FORBIDDEN.search(text)
        if bad:
            raise _text_error(
                source,
                path,
                bad.start(),
                text,
                f"control character U+{ord(bad.group()):04X} cannot stand in a Word document",
            )
        if languages is not None and _language_of(path) not in (SOURCE_LANGUAGE, *languages):
            continue
        if path[0] == "footnotes":
            if markup.footnote_labels(text):
                raise _text_error(source, path, text.find("[^"), text, "a footnote cannot hold a footnote reference")
            block = markup.block_offset(text)
            if block is not None:
                raise _text_error(
                    source, path, block, text, "a footnote is one paragraph: it cannot hold a list or a blank line"
                )
            continue
        if not _is_markdown(path):
            continue
        for problem in markup.problems(text, keys):
            raise _text_error(source, path, max(problem.offset, 0), text, problem.message)
        used.update(markup.footnote_labels(text))
    for key in fiche.footnotes:
        if key not in used:
            raise source.error(
                f"footnote '{key}' is not referred to by any text (write [^{key}] where it belongs)",
                ("footnotes", key),
                key=True,
            )


def _is_markdown(path: FieldPath) -> bool:
    names = [p for p in path if isinstance(p, str) and p not in ("nl", "en")]
    return bool(names) and names[-1] not in PLAIN_FIELDS


def _check_numbers(loaded: Loaded) -> None:
    fiche, source = loaded.fiche, loaded.source
    seen: dict[int, int] = {}
    for i, action in enumerate(fiche.actions):
        if action.number in seen:
            raise source.error(
                f"action number {action.number} is used twice (also actions[{seen[action.number]}])",
                ("actions", i, "number"),
            )
        seen[action.number] = i
    areas: dict[int, int] = {}
    for i, area in enumerate(fiche.areas):
        if area.number in areas:
            raise source.error(f"area number {area.number} is used twice", ("areas", i, "number"))
        areas[area.number] = i
    for i, action in enumerate(fiche.actions):
        if fiche.areas and action.area is None:
            raise source.error("missing required field 'area' (the fiche has areas)", ("actions", i))
        if action.area is not None and action.area not in areas:
            known = ", ".join(str(n) for n in areas) or "none"
            raise source.error(f"area {action.area} does not exist (areas: {known})", ("actions", i, "area"))


def _warnings(loaded: Loaded) -> Iterator[FicheWarning]:
    fiche, source = loaded.fiche, loaded.source
    for i, action in enumerate(fiche.actions):
        text = text_in(action.text, SOURCE_LANGUAGE)
        conditions, _ = markup.conditions_and_concerns(text)
        if action.stance == "conditional" and not conditions:
            yield source.warning(
                "stance is 'conditional' but the text marks no [condition]{.condition}",
                ("actions", i, "stance"),
            )
        if action.stance == "support" and conditions:
            yield source.warning(
                "stance is 'support' but the text marks a condition (is it 'conditional'?)",
                ("actions", i, "stance"),
            )
        if action.stance != "unknown" and not text:
            yield source.warning(f"stance is '{action.stance}' but the action has no text", ("actions", i, "stance"))
        if action.stance_proposed:
            yield source.warning(
                f"stance '{action.stance}' was proposed by fiche import: confirm it and remove stance_proposed",
                ("actions", i, "stance_proposed"),
            )
    for i, unplaced in enumerate(fiche.unplaced):
        words = len(unplaced.text.split())
        yield source.warning(
            f"{words} word(s) from {unplaced.source} that fiche import could not place are not in the fiche: "
            "move them into a field or delete them",
            ("unplaced", i),
        )
    yield from map(FicheWarning.about, find_placeholders(loaded))
    yield from _stale_translations(loaded)
    yield from _vague_links(loaded)


def _vague_links(loaded: Loaded) -> Iterator[FicheWarning]:
    """Links whose text does not say where they lead, which a screen reader's list of links cannot tell apart."""
    for path, text in iter_texts(loaded.fiche):
        if not _is_markdown(path):
            continue
        for words, offset in markup.vague_links(text):
            message = f"the link text '{words}' does not say where the link leads: name the document or the site"
            yield FicheWarning.about(_text_error(loaded.source, path, max(offset, 0), text, message))


def _stale_translations(loaded: Loaded) -> Iterator[FicheWarning]:
    """English texts that may no longer say what the Dutch says.

    A translation records in ``en_of`` the hash of the Dutch it was made from, the way
    translation tools flag an entry fuzzy when its source changes; the warning gives
    the current hash to record once the English has been checked.
    """
    for path, text in text_fields(loaded.fiche):
        if not isinstance(text, Translations) or text.en is None:
            continue
        current = source_hash(text.nl)
        if text.en_of == current:
            continue
        why = "the Dutch changed since" if text.en_of else "it does not record which Dutch it translates"
        yield loaded.source.warning(
            f'possibly stale English translation ({why}; once checked, set en_of: "{current}")', (*path, "en")
        )


# --- placeholders: what `fiche new` leaves for the drafter to fill in ----------

PLACEHOLDER = "⟦in te vullen⟧"
# any text in white square brackets: a drafter may also write one of their own, ⟦cijfers volgen⟧
_PLACEHOLDER = re.compile(r"⟦[^⟦⟧]*⟧")


def find_placeholders(loaded: Loaded) -> list[PositionError]:
    """Every placeholder ``⟦…⟧`` still in the fiche, located; ``fiche build`` refuses them unless --draft."""
    found = [
        _text_error(loaded.source, path, match.start(), text, f"placeholder {match.group()} is still to fill in")
        for path, text in iter_texts(loaded.fiche)
        if path[0] != "unplaced"
        for match in _PLACEHOLDER.finditer(text)
    ]
    # text an import could not place is not in the document: a build without --draft would lose it
    found += [
        loaded.source.error("text from the import is still to place in its section", ("unplaced", i))
        for i in range(len(loaded.fiche.unplaced))
    ]
    return sorted(found, key=lambda error: (error.line or 0, error.column or 0))


def placeholders_error(found: list[PositionError], file: str) -> PositionError:
    """One error with the number of placeholders and the first few as line and field
    (a fresh file holds dozens: fiche check lists them all)."""
    shown = 3
    places = "; ".join(f"line {p.line} {p.field}" if p.line else str(p.field) for p in found[:shown])
    if len(found) > shown:
        places += f"; and {len(found) - shown} more (fiche check lists them all)"
    unplaced = sum(1 for p in found if (p.field or "").startswith("unplaced"))
    what = f"{len(found)} placeholder(s) ⟦…⟧ still to fill in"
    if unplaced:
        what = f"{len(found) - unplaced} placeholder(s) ⟦…⟧ and {unplaced} unplaced text(s) still to resolve"
    return PositionError(f"{what} (build with --draft for a CONCEPT): {places}", file=file)
