"""XLIFF 2.1 for translators: a fiche's texts out, their translations back in.

``export_xliff`` writes one ``<unit>`` per text of a position file: its id is the
text's path (``actions.3.text``), its ``<source>`` the Dutch, its ``<target>`` the
translation the file already has. A translation made from the current Dutch is
``state="translated"``; one whose Dutch has changed since (or that records no
Dutch at all) is ``state="initial"``, so the translator sees what to look at.

``import_xliff`` writes every filled-in target back into the position file, as
``{nl, en, en_of}`` where ``en_of`` is the fingerprint of the Dutch the unit was
translated from: a text whose Dutch changed after the export stays marked stale.
The position file keeps its comments and layout byte for byte outside the edited
texts: the translations are spliced into its text (``source.yamledit``), a plain
text becoming a ``{nl, en, en_of}`` mapping where it stands. The result is loaded
and compared with what it should hold before it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from fichebuilder.errors import FicheWarning, PositionError, TranslationError, UsageError
from fichebuilder.files import OUTPUT_DIR, atomic_write, check_output_path, read_bytes_capped
from fichebuilder.model import LANGUAGES, SOURCE_LANGUAGE, FieldPath, Translations, source_hash, text_in
from fichebuilder.ooxml import xmlfiles
from fichebuilder.source import yamledit
from fichebuilder.source.editing import Current, edit_position
from fichebuilder.source.languages import text_fields
from fichebuilder.source.loading import Loaded, load_position, load_position_bytes
from fichebuilder.source.yamlsource import compose_text, format_path

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"  # XLIFF 2.1 keeps the 2.0 core namespace
XLIFF_VERSION = "2.1"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NMTOKEN_UNSAFE = re.compile(r"[^\w.\-:]")
MAX_BYTES = 50 * 1024 * 1024  # a position file's 5 MiB, with a translation, in XML


def target_languages() -> list[str]:
    """The languages a fiche can be translated into."""
    return [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]


def unit_id(path: FieldPath) -> str:
    """A text's path as a unit id: ``('actions', 3, 'text')`` -> ``actions.3.text``.

    XLIFF wants an NMTOKEN, which has no brackets; a character it cannot hold
    (in an unusual footnote key) is written ``_xHHHH_``.
    """
    return ".".join(_NMTOKEN_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", str(part)) for part in path)


def _translatable(loaded: Loaded) -> dict[str, tuple[FieldPath, str | Translations]]:
    return {unit_id(path): (path, value) for path, value in text_fields(loaded.fiche)}


def _translation(value: str | Translations, lang: str) -> tuple[str | None, str | None]:
    """The text's translation into ``lang`` and the fingerprint of the Dutch it was made from."""
    if isinstance(value, str):
        return None, None
    return getattr(value, lang, None), getattr(value, f"{lang}_of", None)


# --- export -----------------------------------------------------------------------


def export_xliff(position: Path | str, *, target: str) -> bytes:
    """The XLIFF 2.1 document of a position file's texts, for translation into ``target``."""
    _check_target(target)
    loaded = load_position(position)
    root = xmlfiles.new_root(f"{{{XLIFF_NS}}}xliff", namespace=XLIFF_NS)
    root.set("version", XLIFF_VERSION)
    root.set("srcLang", SOURCE_LANGUAGE)
    root.set("trgLang", target)
    file = xmlfiles.add_child(root, f"{{{XLIFF_NS}}}file", id=loaded.name, original=Path(position).name)
    file.set(_XML_SPACE, "preserve")  # a blank line in a text ends a paragraph: keep whitespace as it is
    for ident, (_, value) in _translatable(loaded).items():
        dutch = text_in(value, SOURCE_LANGUAGE) or ""
        existing, made_from = _translation(value, target)
        unit = xmlfiles.add_child(file, f"{{{XLIFF_NS}}}unit", id=ident)
        segment = xmlfiles.add_child(unit, f"{{{XLIFF_NS}}}segment")
        segment.set("state", "translated" if existing and made_from == source_hash(dutch) else "initial")
        xmlfiles.add_child(segment, f"{{{XLIFF_NS}}}source").text = dutch
        if existing:
            xmlfiles.add_child(segment, f"{{{XLIFF_NS}}}target").text = existing
    return xmlfiles.to_bytes(root)


def write_xliff(position: Path | str, *, target: str, output: Path | str | None = None) -> Path:
    """Write the XLIFF of a position file (default ``out/NAME.TARGET.xlf``); returns its path."""
    data = export_xliff(position, target=target)
    path = Path(output) if output is not None else OUTPUT_DIR / f"{Path(position).stem}.{target}.xlf"
    check_output_path(path, source=Path(position))
    atomic_write(path, lambda handle: handle.write(data))
    return path


def _check_target(target: str) -> None:
    if target not in target_languages():
        raise UsageError(f"cannot translate into '{target}' (known: {', '.join(target_languages())})")


# --- reading a translated file ----------------------------------------------------


@dataclass
class Unit:
    """One translation unit of an XLIFF file."""

    id: str
    source: str
    target: str | None
    state: str | None
    line: int | None


def read_xliff(path: Path | str) -> tuple[str, list[Unit]]:
    """The target language and units of an XLIFF 2 file; entities and the network stay off."""
    name = str(path)
    try:
        data = read_bytes_capped(Path(path), limit=MAX_BYTES, error=TranslationError, what="an XLIFF file", name=name)
        root, doctype = xmlfiles.parse_outside(data)
    except FileNotFoundError:
        raise TranslationError("no such file", file=name) from None
    except IsADirectoryError:
        raise TranslationError("is a folder, not an XLIFF file", file=name) from None
    except OSError as e:
        raise TranslationError(f"cannot read: {e.strerror}", file=name) from None
    except xmlfiles.XmlSyntaxError as e:
        message = re.sub(r", line \d+, column \d+$", "", e.message)  # the position is said once, before it
        raise TranslationError(f"not well-formed XML: {message}", file=name, line=e.line, column=e.column) from None
    if doctype:
        raise TranslationError("an XLIFF file has no DOCTYPE; this one declares one", file=name)
    if root.tag != f"{{{XLIFF_NS}}}xliff" or not str(root.get("version", "")).startswith("2."):
        raise TranslationError(f'not an XLIFF 2 file (expected <xliff version="2.x"> in {XLIFF_NS})', file=name)
    if root.get("srcLang") != SOURCE_LANGUAGE:
        raise TranslationError(
            f"srcLang is '{root.get('srcLang')}'; a fiche is translated from '{SOURCE_LANGUAGE}'", file=name
        )
    target = root.get("trgLang") or ""
    if target not in target_languages():
        raise TranslationError(f"trgLang '{target}' is not one of {', '.join(target_languages())}", file=name)
    units = []
    for unit in root.iter(f"{{{XLIFF_NS}}}unit"):
        ident = unit.get("id", "")
        segments = unit.findall(f"{{{XLIFF_NS}}}segment")
        if len(segments) != 1:
            raise TranslationError(
                f"unit '{ident}' has {len(segments)} segments; fichebuilder writes one per unit",
                file=name,
                line=unit.sourceline,
            )
        segment = segments[0]
        source = segment.find(f"{{{XLIFF_NS}}}source")
        target_element = segment.find(f"{{{XLIFF_NS}}}target")
        units.append(
            Unit(
                ident,
                _inline_text(source, ident, name) if source is not None else "",
                _inline_text(target_element, ident, name) if target_element is not None else None,
                segment.get("state"),
                unit.sourceline,
            )
        )
    return target, units


def _inline_text(element: Any, ident: str, file: str) -> str:
    """The text of a source or target; annotations (``<mrk>``) give their text, other inline codes are refused."""
    for child in element.iter():
        if child is element:
            continue
        if not isinstance(child.tag, str) or child.tag != f"{{{XLIFF_NS}}}mrk":
            tag = child.tag if isinstance(child.tag, str) else "an entity"
            raise TranslationError(
                f"unit '{ident}': {xmlfiles.local_name(tag) if isinstance(child.tag, str) else tag} inside "
                "the text; fichebuilder writes plain text and reads plain text back",
                file=file,
                line=child.sourceline,
            )
    return "".join(element.itertext())


# --- import -----------------------------------------------------------------------


@dataclass
class Imported:
    """What an import did: the texts it translated, and what the user should know."""

    updated: list[str] = field(default_factory=list)
    warnings: list[FicheWarning] = field(default_factory=list)


def import_xliff(position: Path | str, translated: Path | str) -> Imported:
    """Write the filled-in targets of ``translated`` into the position file; returns what changed.

    The position file is changed under its lock (``edit_position``): an import that
    runs while another changes the file waits, then adds its translations to the
    other's.
    """
    lang, units = read_xliff(translated)
    result = Imported()

    def translate(current: Current) -> str | None:
        planned = _plan(current.loaded, lang, units, position, translated)
        result.updated, result.warnings = planned.updated, planned.warnings
        if not planned.changes:
            return None
        edited = apply_translations(current.text, planned.changes, lang=lang, file=str(position))
        _verify(current.loaded, edited, planned.changes, lang, str(position))
        return edited

    edit_position(position, translate)
    return result


@dataclass
class _Plan(Imported):
    changes: dict[FieldPath, tuple[str, str]] = field(default_factory=dict)


def _plan(loaded: Loaded, lang: str, units: list[Unit], position: Path | str, translated: Path | str) -> _Plan:
    """The translations to write into the position file as ``loaded`` holds it now."""
    texts = _translatable(loaded)
    plan = _Plan()
    for unit in units:
        if unit.id not in texts:
            raise TranslationError(
                f"unit '{unit.id}' is not a text of {position} (was the file exported from another fiche, "
                "or have texts moved since?)",
                file=str(translated),
                line=unit.line,
            )
        if unit.target is None or not unit.target.strip():
            continue  # not translated: never touch what the position file has
        path, value = texts[unit.id]
        dutch = text_in(value, SOURCE_LANGUAGE) or ""
        existing, made_from = _translation(value, lang)
        made_from_now = source_hash(unit.source)
        text = _like(unit.target, dutch)
        if text == existing and (unit.state == "initial" or made_from == made_from_now):
            continue  # the translation the file already has, not confirmed anew
        if made_from_now != source_hash(dutch):
            stale = "the Dutch has changed since the export; its translation stays marked stale"
            plan.warnings.append(loaded.source.warning(stale, path))
        plan.changes[path] = (text, made_from_now)
        plan.updated.append(format_path(path))
    return plan


def _like(translation: str, dutch: str) -> str:
    """The translation, ending in a line break exactly when the Dutch does (a translation tool may trim it)."""
    text = translation.rstrip("\n")
    trailing = len(dutch) - len(dutch.rstrip("\n"))
    return text + "\n" * trailing


def _verify(loaded: Loaded, edited: str, changes: dict[FieldPath, tuple[str, str]], lang: str, file: str) -> None:
    """The edited file must hold what it held before, with the translations: else write nothing."""
    try:
        after = load_position_bytes(edited.encode("utf-8"), name=file)
    except PositionError as e:
        raise TranslationError(f"the translations would make the position file invalid: {e}", file=file) from None
    expected = msgspec.to_builtins(loaded.fiche)
    for path, (text, made_from) in changes.items():
        holder = expected
        for part in path[:-1]:
            holder = holder[part]
        current = holder[path[-1]]
        entry = dict(current) if isinstance(current, dict) else {SOURCE_LANGUAGE: current}
        entry[lang] = text
        entry[f"{lang}_of"] = made_from
        holder[path[-1]] = entry
    if msgspec.to_builtins(after.fiche) != expected:
        raise TranslationError("could not write the translations without changing other values (a bug)", file=file)


# --- splicing translations into YAML text -------------------------------------------


def apply_translations(text: str, changes: dict[FieldPath, tuple[str, str]], *, lang: str, file: str) -> str:
    """``text`` with the translation into ``lang`` and its fingerprint set on every text in ``changes``."""
    root = compose_text(text, file=file)
    splices: list[yamledit.Splice] = []
    for path, (translation, made_from) in changes.items():
        parent, key, value = yamledit.locate(root, path, file=file)
        splices += _translate(text, parent, key, value, translation, f'"{made_from}"', lang)
    return yamledit.splice(text, splices)


def _translate(
    text: str, parent: Any, key: Any, value: Any, translation: str, fingerprint: str, lang: str
) -> list[yamledit.Splice]:
    """The splices that give the text at ``key`` the translation ``lang``."""
    of = f"{lang}_of"
    entries = yamledit.entries(value)
    if entries is not None:  # already {nl, en, en_of}: set or add the two keys
        if value.flow_style:
            return _set_in_flow(entries, translation, fingerprint, lang)
        column = entries["nl"][0].start_mark.column
        splices = []
        if lang in entries:
            splices.append(yamledit.replace_value(text, *entries[lang], yamledit.render(translation, column)))
            last = entries[lang]
        else:
            last = entries["nl"]
        if of in entries:
            v = entries[of][1]
            splices.append((v.start_mark.index, v.end_mark.index, fingerprint))
        rendered = yamledit.joined(yamledit.render(translation, column), "")
        added = "" if lang in entries else f"{' ' * column}{lang}:{rendered}\n"
        added += "" if of in entries else f"{' ' * column}{of}: {fingerprint}\n"
        if added:
            at = yamledit.value_end(text, *last)[0]
            splices.append((at, at, added))
        return splices
    if parent.flow_style:
        dutch = text[value.start_mark.index : value.end_mark.index]
        new = f"{{nl: {dutch}, {lang}: {yamledit.quoted(translation)}, {of}: {fingerprint}}}"
        return [(value.start_mark.index, value.end_mark.index, new)]
    column = key.start_mark.column + 2
    pad = " " * column
    end, comment = yamledit.value_end(text, key, value)
    dutch = yamledit.joined(yamledit.as_written(text, value, end), "")
    translated = yamledit.joined(yamledit.render(translation, column), "")
    new = f":{comment}\n{pad}nl:{dutch}\n{pad}{lang}:{translated}\n{pad}{of}: {fingerprint}\n"
    return [(key.end_mark.index, end, new)]


def _set_in_flow(
    entries: dict[str, tuple[Any, Any]], translation: str, fingerprint: str, lang: str
) -> list[yamledit.Splice]:
    of = f"{lang}_of"
    splices = []
    added = ""
    for name, new in ((lang, yamledit.quoted(translation)), (of, fingerprint)):
        if name in entries:
            v = entries[name][1]
            splices.append((v.start_mark.index, v.end_mark.index, new))
        else:
            added += f", {name}: {new}"
    if added:
        at = max(v.end_mark.index for _, v in entries.values())
        splices.append((at, at, added))
    return splices
