"""Languages: the wording catalogues, and a fiche's texts in one language.

A fiche is written in Dutch; any text may carry an English translation. The
catalogue (``lang/<code>.yaml`` of the template set) gives headings, labels,
verdicts and stances per language, so one template serves every language.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from fichebuilder.errors import PositionError, TemplateError, UsageError
from fichebuilder.model import LANGUAGES, SOURCE_LANGUAGE, Fiche, FieldPath, Text, text_in, walk_texts
from fichebuilder.source.yamlsource import SourceMap, format_path, read_yaml


def parse_languages(value: str) -> list[str]:
    """``nl``, ``nl,en`` or ``all`` -> a list of language codes; a UsageError otherwise."""
    if value.strip() == "all":
        return list(LANGUAGES)
    codes = [c.strip() for c in value.split(",") if c.strip()]
    if not codes:
        raise UsageError("--lang needs a language code (nl, en or all)")
    for code in codes:
        if code not in LANGUAGES:
            raise UsageError(f"unknown language '{code}' (known: {', '.join(LANGUAGES)}, all)")
    return list(dict.fromkeys(codes))


REPORT_SECTIONS = ("report", "review")  # the words of fiche diff's and fiche review's reports


def load_catalogue(directory: Path, lang: str, *, like: Path | None = None) -> dict[str, Any]:
    """The wording catalogue of ``lang`` from a template set's ``lang/`` folder.

    With ``like`` (the shipped catalogues' folder), it must hold every wording the shipped
    catalogue of ``lang`` holds, each of the same kind (a text, a list as long, a mapping):
    the build and the letter read wordings in code as well as in templates, and a custom
    catalogue copied before a wording was added is told so here, once, by the wording's name.
    """
    path = directory / f"{lang}.yaml"
    data, source = read_yaml(path)
    if not isinstance(data, dict):
        raise PositionError("a catalogue is a mapping", file=path)
    if like is not None and like.resolve() != directory.resolve():
        shipped = like / f"{lang}.yaml"
        schema, _ = read_yaml(shipped if shipped.is_file() else like / f"{SOURCE_LANGUAGE}.yaml")
        # the reports' words are read from the shipped catalogue only: a template set needs none
        schema = {key: value for key, value in schema.items() if key not in REPORT_SECTIONS}
        problem = _unlike(data, schema, (), source)
        if problem is not None:
            raise problem
    return data


def _unlike(value: Any, shipped: Any, path: FieldPath, source: SourceMap) -> TemplateError | None:
    """The first wording of the shipped catalogue (``shipped`` at ``path``) that ``value`` lacks
    or holds as another kind of thing; None where it has them all."""
    if _kind(value) != _kind(shipped):
        mark = source.mark(path)
        # YAML reads an unquoted 12 or yes as a number or true, not as the text it looks like
        hint = " (put it in quotes)" if isinstance(shipped, str) and isinstance(value, int | float) else ""
        return TemplateError(
            f"the wording {format_path(path)!r} is {_kind(value)}, where the shipped catalogue has "
            f"{_kind(shipped)}{hint}",
            file=source.file,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
        )
    if isinstance(shipped, dict):
        for key, wording in shipped.items():
            if key not in value:
                mark = source.mark(path, key=True) if path else None
                return TemplateError(
                    f"the catalogue has no wording {format_path((*path, key))!r}",
                    file=source.file,
                    line=mark.line if mark else None,
                )
            if (problem := _unlike(value[key], wording, (*path, key), source)) is not None:
                return problem
    elif isinstance(shipped, list):
        for index, wording in enumerate(shipped):
            if (problem := _unlike(value[index], wording, (*path, index), source)) is not None:
                return problem
    return None


def _kind(value: Any) -> str:
    """What a catalogue's value is, in the words of a message."""
    if isinstance(value, str):
        return "a text"
    if isinstance(value, dict):
        return "a mapping of wordings"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if value is None:
        return "empty"
    return "true or false" if isinstance(value, bool) else "a number"


class FieldText(str):
    """A text of a fiche in the language built, knowing the field it comes from.

    ``path`` is its field path written with dots (``actions.3.text``): the Word writer
    puts an anchor around it so that a reviewed copy maps back to the field. A text
    the build joins from several fields (an action running on in the paragraph before
    it) keeps each one in ``pieces``.
    """

    untranslated = False
    path = ""
    pieces: tuple[FieldText, ...] = ()

    @classmethod
    def at(cls, text: str, path: str) -> FieldText:
        made = cls(text)
        made.path = path
        return made


class Untranslated(FieldText):
    """A Dutch text standing in for a missing translation; the document marks it."""

    untranslated = True


def dotted(path: FieldPath) -> str:
    """``('actions', 3, 'text')`` -> ``actions.3.text``: a field path as anchors and reviews name it."""
    return ".".join(str(part) for part in path)


def resolve(fiche: Fiche, lang: str, *, source: SourceMap, allow_missing: bool = False) -> Fiche:
    """A copy of the fiche with every prose text in ``lang`` (a plain string).

    A text without a translation into ``lang`` is an error listing every such field,
    unless ``allow_missing``: then the Dutch text stands in, marked untranslated.
    """
    resolved = copy.deepcopy(fiche)
    missing: list[FieldPath] = []
    for field in walk_texts(fiche):
        if field.kind != "prose":
            continue
        text = text_in(field.value, lang)
        if text is None:
            missing.append(field.path)
            text = Untranslated.at(text_in(field.value, SOURCE_LANGUAGE) or "", dotted(field.path))
        else:
            text = FieldText.at(text, dotted(field.path))
        _set_at(resolved, field.path, text)
    if missing and not allow_missing:
        raise missing_translations_error(missing, lang, source)
    return resolved


def _set_at(holder: Any, path: FieldPath, value: str) -> None:
    """Put ``value`` at ``path`` inside a fiche: struct fields by name, list items and mapping keys by subscript."""
    *inner, last = path
    for part in inner:
        holder = getattr(holder, part) if isinstance(part, str) and not isinstance(holder, dict) else holder[part]
    if isinstance(last, str) and not isinstance(holder, dict):
        setattr(holder, last, value)
    else:
        holder[last] = value


def missing_translations_error(missing: list[FieldPath], lang: str, source: SourceMap) -> PositionError:
    """One error naming every untranslated field as ``file:line: path``, in the file's order."""
    marks = {path: source.mark(path) for path in missing}
    places = [
        f"{source.file}:{mark.line}: {format_path(path)}" if mark else f"{source.file}: {format_path(path)}"
        for path, mark in sorted(marks.items(), key=lambda item: item[1].line if item[1] else 0)
    ]
    texts = "1 text has" if len(missing) == 1 else f"{len(missing)} texts have"
    return PositionError(
        f"{texts} no '{lang}' translation (build with --allow-missing to mark them instead): " + "; ".join(places),
        file=source.file,
    )


def text_fields(fiche: msgspec.Struct) -> Iterator[tuple[FieldPath, Text]]:
    """Every translatable text of a fiche (a plain Dutch string or a Translations), with its path."""
    return ((field.path, field.value) for field in walk_texts(fiche) if field.kind == "prose")


def coverage(fiche: msgspec.Struct) -> dict[str, tuple[int, int]]:
    """Per language: how many of the fiche's texts it has, out of how many."""
    texts = [text for _, text in text_fields(fiche)]
    return {lang: (sum(1 for t in texts if text_in(t, lang)), len(texts)) for lang in LANGUAGES}
