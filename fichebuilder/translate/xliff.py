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
from fichebuilder.source.yamlwrite import quoted
from fichebuilder.translate.codes import Pc, Ph, Piece, Segment, codes, to_markdown, to_segments

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"  # XLIFF 2.1 keeps the 2.0 core namespace
XLIFF_VERSION = "2.1"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FB_NS = "urn:fichebuilder:xliff"  # fichebuilder's own attributes, which XLIFF allows on <file>
_FB_IDS = f"{{{FB_NS}}}ids"
_NMTOKEN_UNSAFE = re.compile(r"[^\w.\-:]")
MAX_BYTES = 50 * 1024 * 1024  # a position file's 5 MiB, with a translation, in XML


def target_languages() -> list[str]:
    """The languages a fiche can be translated into."""
    return [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]


def unit_id(path: FieldPath, *, from_one: bool = True) -> str:
    """A text's path as a unit id: ``('actions', 2, 'text')`` -> ``actions.3.text``.

    An item of a list is counted from 1, as the fiche numbers its actions (the
    path counts from 0; exports before ``fb:ids="fiche"`` did too: ``from_one=False``).
    XLIFF wants an NMTOKEN, which has no brackets; a character it cannot hold
    (in an unusual footnote key) is written ``_xHHHH_``.
    """
    parts = (part + 1 if isinstance(part, int) and from_one else part for part in path)
    return ".".join(_NMTOKEN_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", str(part)) for part in parts)


def _translatable(loaded: Loaded, *, from_one: bool = True) -> dict[str, tuple[FieldPath, str | Translations]]:
    return {unit_id(path, from_one=from_one): (path, value) for path, value in text_fields(loaded.fiche)}


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
    root = xmlfiles.new_root(f"{{{XLIFF_NS}}}xliff", namespace=XLIFF_NS, extra={"fb": FB_NS})
    root.set("version", XLIFF_VERSION)
    root.set("srcLang", SOURCE_LANGUAGE)
    root.set("trgLang", target)
    file = xmlfiles.add_child(root, f"{{{XLIFF_NS}}}file", id=loaded.name, original=Path(position).name)
    file.set(_XML_SPACE, "preserve")  # whitespace between sentences and in the codes' Markdown is kept
    file.set(_FB_IDS, "fiche")  # list items counted from 1 (older exports counted from 0)
    fills: list[tuple[Any, Segment]] = []
    for ident, (_, value) in _translatable(loaded).items():
        dutch = text_in(value, SOURCE_LANGUAGE) or ""
        existing, made_from = _translation(value, target)
        sources = to_segments(dutch)
        targets = _aligned(to_segments(existing), sources) if existing else None
        state = "translated" if targets and made_from == source_hash(dutch) else "initial"
        unit = xmlfiles.add_child(file, f"{{{XLIFF_NS}}}unit", id=ident)
        _original_data(unit, sources)
        for k, source in enumerate(sources):
            segment = xmlfiles.add_child(unit, f"{{{XLIFF_NS}}}segment", state=state)
            fills.append((xmlfiles.add_child(segment, f"{{{XLIFF_NS}}}source"), source))
            if targets is not None:
                fills.append((xmlfiles.add_child(segment, f"{{{XLIFF_NS}}}target"), targets[k]))
    xmlfiles.indent(root)  # before the inline content, whose spaces indenting would change
    for element, pieces in fills:
        _write_pieces(element, pieces)
    return xmlfiles.to_bytes(root, indented=False)


def _aligned(translation: list[Segment], sources: list[Segment]) -> list[Segment] | None:
    """A translation's segments beside the source's, its codes given the ids of the Dutch ones.

    A translation with as many sentences as the Dutch gets one per segment; else it
    all goes into the first segment (the unit's text is its segments joined). One whose
    marks are not the Dutch ones is not offered: the import would refuse it.
    """
    unused = codes(sources)
    for code in codes(translation):
        match = next((c for c in unused if _same_code(c, code)), None)
        if match is None:
            return None
        unused.remove(match)
        code.id = match.id
    if unused:
        return None
    if len(translation) == len(sources):
        return translation
    return [[piece for segment in translation for piece in segment]] + [[] for _ in sources[1:]]


def _same_code(a: Ph | Pc, b: Ph | Pc) -> bool:
    if isinstance(a, Ph) and isinstance(b, Ph):
        return a.data == b.data
    return isinstance(a, Pc) and isinstance(b, Pc) and (a.start, a.end) == (b.start, b.end)


def _original_data(unit: Any, sources: list[Segment]) -> None:
    """The Markdown each code stands for, in the unit's ``<originalData>``."""
    found = codes(sources)
    if not found:
        return
    holder = xmlfiles.add_child(unit, f"{{{XLIFF_NS}}}originalData")
    for code in found:
        if isinstance(code, Ph):
            xmlfiles.add_child(holder, f"{{{XLIFF_NS}}}data", id=f"d{code.id}").text = code.data
        else:
            xmlfiles.add_child(holder, f"{{{XLIFF_NS}}}data", id=f"d{code.id}s").text = code.start
            xmlfiles.add_child(holder, f"{{{XLIFF_NS}}}data", id=f"d{code.id}e").text = code.end


# what a tool shows of a code, and may do with it (each code must be in the translation once)
_PH_ATTRIBUTES = {
    "footnote": {"type": "other", "subType": "fb:footnote"},
    "block": {"type": "fmt", "subType": "xlf:lb", "disp": "¶", "equiv": "\n"},
    "break": {"type": "fmt", "subType": "xlf:lb", "disp": "↵", "equiv": "\n"},
}
_PC_ATTRIBUTES = {
    "em": {"type": "fmt", "subType": "xlf:i"},
    "strong": {"type": "fmt", "subType": "xlf:b"},
    "link": {"type": "link"},
}


def _write_pieces(element: Any, pieces: list[Piece]) -> None:
    last = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                element.text = (element.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        if isinstance(piece, Ph):
            attributes = dict(_PH_ATTRIBUTES.get(piece.kind, {}))
            if piece.kind == "footnote":
                attributes["disp"] = f"note {piece.data[2:-1]}"
            last = xmlfiles.add_child(element, f"{{{XLIFF_NS}}}ph", id=piece.id, dataRef=f"d{piece.id}")
        else:
            attributes = dict(_PC_ATTRIBUTES.get(piece.kind, {"type": "other", "subType": _span_type(piece)}))
            last = xmlfiles.add_child(
                element, f"{{{XLIFF_NS}}}pc", id=piece.id, dataRefStart=f"d{piece.id}s", dataRefEnd=f"d{piece.id}e"
            )
            _write_pieces(last, piece.children)
        for name, value in {**attributes, "canCopy": "no", "canDelete": "no"}.items():
            last.set(name, value)


def _span_type(code: Pc) -> str:
    """``fb:condition`` for a condition, ``fb:concern`` for a concern."""
    kind = code.end.removeprefix("]{.").removesuffix("}")
    return f"fb:{kind}" if re.fullmatch(r"[\w-]+", kind) else "fb:span"


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
    """One translation unit of an XLIFF file: its source and target sentences, text and codes."""

    id: str
    source: list[Segment]
    target: list[Segment] | None
    state: str | None
    line: int | None
    # the segments (counted from 1) without a target in a unit whose other segments have
    # one: such a unit is not imported (``target`` is None)
    untranslated: list[int] = field(default_factory=list)


@dataclass
class Read:
    """An XLIFF file as read: its target language, its units, and how it counts list items."""

    target: str
    units: list[Unit]
    from_one: bool


def read_xliff(path: Path | str) -> Read:
    """The target language and units of an XLIFF 2 file; entities and the network stay off."""
    name = str(path)
    root = _parse(path)
    if root.tag != f"{{{XLIFF_NS}}}xliff" or not str(root.get("version", "")).startswith("2."):
        raise TranslationError(f'not an XLIFF 2 file (expected <xliff version="2.x"> in {XLIFF_NS})', file=name)
    if root.get("srcLang") != SOURCE_LANGUAGE:
        raise TranslationError(
            f"srcLang is '{root.get('srcLang')}'; a fiche is translated from '{SOURCE_LANGUAGE}'", file=name
        )
    target = root.get("trgLang") or ""
    if target not in target_languages():
        raise TranslationError(f"trgLang '{target}' is not one of {', '.join(target_languages())}", file=name)
    files = root.findall(f"{{{XLIFF_NS}}}file")
    from_one = any(file.get(_FB_IDS) == "fiche" for file in files)
    return Read(target, [_read_unit(unit, name) for unit in root.iter(f"{{{XLIFF_NS}}}unit")], from_one)


def _parse(path: Path | str) -> Any:
    name = str(path)
    try:
        data = read_bytes_capped(Path(path), limit=MAX_BYTES, error=TranslationError, what="an XLIFF file", name=name)
        root, doctype = xmlfiles.parse_outside(data)
    except xmlfiles.XmlSyntaxError as e:
        message = re.sub(r", line \d+, column \d+$", "", e.message)  # the position is said once, before it
        raise TranslationError(f"not well-formed XML: {message}", file=name, line=e.line, column=e.column) from None
    if doctype:
        raise TranslationError("an XLIFF file has no DOCTYPE; this one declares one", file=name)
    return root


def _read_unit(unit: Any, file: str) -> Unit:
    """A unit's sentences; the target's codes are the source's, found by their ids."""
    ident = unit.get("id", "")
    data = {d.get("id"): d.text or "" for d in unit.iterfind(f"{{{XLIFF_NS}}}originalData/{{{XLIFF_NS}}}data")}
    reader = _Inline(ident, file, data)
    segments = unit.findall(f"{{{XLIFF_NS}}}segment")
    sources = [reader.pieces(s.find(f"{{{XLIFF_NS}}}source"), None) for s in segments]
    known = {code.id: code for code in codes(sources)}
    targets = [s.find(f"{{{XLIFF_NS}}}target") for s in segments]
    target, untranslated = None, []
    if any(t is not None and "".join(t.itertext()).strip() for t in targets):
        untranslated = [k for k, t in enumerate(targets, 1) if t is None and sources[k - 1]]
    if any(t is not None and "".join(t.itertext()).strip() for t in targets) and not untranslated:
        target = [reader.pieces(t, known) if t is not None else [] for t in targets]
        _check_codes(sources, target, ident, file, unit.sourceline)
    states = {s.get("state") for s in segments}
    state = "initial" if "initial" in states else next(iter(states), None)
    return Unit(ident, sources, target, state, unit.sourceline, untranslated)


def _check_codes(sources: list[Segment], target: list[Segment], ident: str, file: str, line: int | None) -> None:
    """Every code of the source is in the translation, once; the translation adds none."""
    ids = [code.id for code in codes(target)]
    lost = [code for code in codes(sources) if code.id not in ids]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if lost or twice:
        what = f"lost code(s) {_listed(lost)}" if lost else f"has code(s) {', '.join(twice)} more than once"
        raise TranslationError(
            f"unit '{ident}': the translation {what}; every mark of the Dutch must be in it once",
            file=file,
            line=line,
        )


def _listed(found: list[Ph | Pc]) -> str:
    return ", ".join(f"{c.id} ({c.data if isinstance(c, Ph) else c.start + '…' + c.end})" for c in found)


@dataclass
class _Inline:
    """Reads the inline content of a unit's sources and targets."""

    ident: str
    file: str
    data: dict[str | None, str]

    def pieces(self, element: Any, known: dict[str, Ph | Pc] | None) -> Segment:
        """The text and codes of ``element``; in a target (``known`` given) a code is the source's of its id."""
        out: Segment = []
        if element is None:
            return out
        if element.text:
            out.append(element.text)
        for child in element:
            out.extend(self._child(child, known))
            if child.tail:
                out.append(child.tail)
        return _merged(out)

    def _child(self, child: Any, known: dict[str, Ph | Pc] | None) -> Segment:
        tag = xmlfiles.local_name(child.tag) if isinstance(child.tag, str) else "an entity"
        if tag == "mrk":  # an annotation: its content counts
            return self.pieces(child, known)
        if tag not in ("ph", "pc"):
            raise self._error(f"{tag} inside the text; fichebuilder writes <ph> and <pc> codes only", child)
        ident = child.get("id", "")
        if known is not None:
            code = known.get(ident)
            if code is None or isinstance(code, Ph) != (tag == "ph"):
                raise self._error(f'the translation has a code the Dutch has not (<{tag} id="{ident}">)', child)
            if isinstance(code, Ph):
                return [code]
            return [Pc(code.id, code.start, code.end, self.pieces(child, known), code.kind)]
        if tag == "ph":
            return [Ph(ident, self._data(child, "dataRef"))]
        return [Pc(ident, self._data(child, "dataRefStart"), self._data(child, "dataRefEnd"), self.pieces(child, None))]

    def _data(self, child: Any, attribute: str) -> str:
        ref = child.get(attribute)
        if ref not in self.data:
            raise self._error(f"code {child.get('id')} has no original data ({attribute}='{ref}')", child)
        return self.data[ref]

    def _error(self, message: str, element: Any) -> TranslationError:
        return TranslationError(f"unit '{self.ident}': {message}", file=self.file, line=element.sourceline)


def _merged(pieces: Segment) -> Segment:
    out: Segment = []
    for piece in pieces:
        if isinstance(piece, str) and out and isinstance(out[-1], str):
            out[-1] += piece
        elif not (isinstance(piece, str) and not piece):
            out.append(piece)
    return out


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
    read = read_xliff(translated)
    lang = read.target
    result = Imported()

    def translate(current: Current) -> str | None:
        planned = _plan(current.loaded, read, position, translated)
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


def _plan(loaded: Loaded, read: Read, position: Path | str, translated: Path | str) -> _Plan:
    """The translations to write into the position file as ``loaded`` holds it now."""
    texts = _translatable(loaded, from_one=read.from_one)
    lang = read.target
    plan = _Plan()
    for unit in read.units:
        if unit.id not in texts:
            raise TranslationError(
                f"unit '{unit.id}' is not a text of {position} (was the file exported from another fiche, "
                "or have texts moved since?)",
                file=str(translated),
                line=unit.line,
            )
        if unit.untranslated:
            plan.warnings.append(_partly_translated(unit, translated))
        if unit.target is None:
            continue  # not (wholly) translated: never touch what the position file has
        path, value = texts[unit.id]
        dutch = text_in(value, SOURCE_LANGUAGE) or ""
        existing, made_from = _translation(value, lang)
        # the Dutch the unit was made from: the file's own where the unit shows it unchanged
        same = _flat(unit.source) == _flat(to_segments(dutch))
        made_from_now = source_hash(dutch if same else to_markdown(unit.source))
        unchanged = existing is not None and _flat(unit.target) == _flat(to_segments(existing))
        if unchanged and (unit.state == "initial" or made_from == made_from_now):
            continue  # the translation the file already has, not confirmed anew
        if not same:
            stale = "the Dutch has changed since the export; its translation stays marked stale"
            plan.warnings.append(loaded.source.warning(stale, path))
        plan.changes[path] = (_like(_joined(unit.source, unit.target), dutch), made_from_now)
        plan.updated.append(format_path(path))
    return plan


def _partly_translated(unit: Unit, translated: Path | str) -> FicheWarning:
    """A unit translated but for some of its sentences is not imported (its text would
    lack them, and the marks they hold): the drafter is told which are open."""
    numbers = ", ".join(str(k) for k in unit.untranslated)
    return FicheWarning(
        f"unit '{unit.id}' is not imported: segment(s) {numbers} have no target yet",
        file=str(translated),
        line=unit.line,
    )


def _trailing_space(segment: Segment) -> str:
    last = segment[-1] if segment else None
    return last[len(last.rstrip()) :] if isinstance(last, str) else ""


def _flat(segments: list[Segment]) -> Segment:
    """A unit's pieces without its sentence boundaries or code ids, to compare two texts."""
    return _merged([_anonymous(p) for segment in segments for p in segment])


def _anonymous(piece: Piece) -> Piece:
    if isinstance(piece, Ph):
        return Ph("", piece.data)
    if isinstance(piece, Pc):
        return Pc("", piece.start, piece.end, [_anonymous(p) for p in piece.children])
    return piece


def _joined(sources: list[Segment], targets: list[Segment]) -> str:
    """The translation's Markdown: its sentences joined, each followed by the space its source was
    (a translation tool may trim a target)."""
    joined: list[Segment] = []
    for source, target in zip(sources, targets, strict=True):
        space = _trailing_space(source)
        if space and target and not _trailing_space(target):
            target = [*target, space]
        joined.append(target)
    return to_markdown(joined)


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
            splices.append(yamledit.replace_value(text, *entries[lang], translation))
            last = entries[lang]
        else:
            last = entries["nl"]
        if of in entries:
            v = entries[of][1]
            splices.append((v.start_mark.index, v.end_mark.index, fingerprint))
        at = yamledit.value_end(text, *last)[0]
        # what follows an added translation: the fingerprint added after it, or the file's text
        rendered = yamledit.joined(yamledit.render(translation, column, after=text[at:] if of in entries else ""), "")
        added = "" if lang in entries else f"{' ' * column}{lang}:{rendered}\n"
        added += "" if of in entries else f"{' ' * column}{of}: {fingerprint}\n"
        if added:
            splices.append((at, at, added))
        return splices
    if parent.flow_style:
        dutch = text[value.start_mark.index : value.end_mark.index]
        new = f"{{nl: {dutch}, {lang}: {quoted(translation)}, {of}: {fingerprint}}}"
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
    for name, new in ((lang, quoted(translation)), (of, fingerprint)):
        if name in entries:
            v = entries[name][1]
            splices.append((v.start_mark.index, v.end_mark.index, new))
        else:
            added += f", {name}: {new}"
    if added:
        at = max(v.end_mark.index for _, v in entries.values())
        splices.append((at, at, added))
    return splices
