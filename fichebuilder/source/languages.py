"""Languages: the wording catalogues, and a fiche's texts in one language.

A fiche is written in Dutch; any text may carry an English translation. The
catalogue (``lang/<code>.yaml`` of the template set) gives headings, labels,
verdicts and stances per language, so one template serves every language.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from fichebuilder.errors import PositionError, UsageError
from fichebuilder.model import LANGUAGES, PLAIN_FIELDS, SOURCE_LANGUAGE, Translations, text_in
from fichebuilder.source.yamlsource import FieldPath, SourceMap, format_path, read_yaml


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


def load_catalogue(directory: Path, lang: str) -> dict[str, Any]:
    """The wording catalogue of ``lang`` from a template set's ``lang/`` folder."""
    data, _ = read_yaml(directory / f"{lang}.yaml")
    if not isinstance(data, dict):
        raise PositionError("a catalogue is a mapping", file=directory / f"{lang}.yaml")
    return data


class Untranslated(str):
    """A Dutch text standing in for a missing translation; the document marks it."""

    untranslated = True


def resolve(fiche: msgspec.Struct, lang: str, *, source: SourceMap, allow_missing: bool = False) -> dict[str, Any]:
    """The fiche as plain data with every text in ``lang``.

    A text without a translation into ``lang`` is an error listing every such field,
    unless ``allow_missing``: then the Dutch text stands in, marked untranslated.
    """
    missing: list[FieldPath] = []

    def text(value: Any, path: FieldPath) -> Any:
        if isinstance(value, Translations):
            chosen = getattr(value, lang)
            if chosen is not None:
                return chosen
            value = value.nl
        if lang == SOURCE_LANGUAGE or not isinstance(value, str):
            return value
        missing.append(path)
        return Untranslated(value)

    def walk(value: Any, path: FieldPath) -> Any:
        if isinstance(value, Translations):
            return text(value, path)
        if isinstance(value, msgspec.Struct):
            return {name: walk(getattr(value, name), path + (name,)) for name in value.__struct_fields__}
        if isinstance(value, list):
            return [walk(item, path + (i,)) for i, item in enumerate(value)]
        if isinstance(value, dict):
            return {key: walk(item, path + (key,)) for key, item in value.items()}
        if isinstance(value, str) and path and path[-1] not in PLAIN_FIELDS:
            return text(value, path)
        return value

    resolved = walk(fiche, ())
    if missing and not allow_missing:
        raise missing_translations_error(missing, lang, source)
    return resolved


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


def text_fields(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Every translatable text of a fiche (a plain Dutch string or a Translations), with its path."""
    if isinstance(value, Translations):
        yield path, value
    elif isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            yield from text_fields(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from text_fields(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(item, (*path, key))
    elif isinstance(value, str) and path and path[-1] not in PLAIN_FIELDS:
        yield path, value


def coverage(fiche: msgspec.Struct) -> dict[str, tuple[int, int]]:
    """Per language: how many of the fiche's texts it has, out of how many."""
    texts = [text for _, text in text_fields(fiche)]
    return {lang: (sum(1 for t in texts if text_in(t, lang)), len(texts)) for lang in LANGUAGES}
