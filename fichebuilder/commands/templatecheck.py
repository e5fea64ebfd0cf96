"""`fiche template check`: find a template's errors before a drafter meets them in a build.

Checks a template set (folder, house-style .docx or structure .xml.j2) and the cover
letter's template in it (``letter.xml.j2``; a single .xml.j2 whose markup is a
``<letter>`` is checked as the letter alone), as `fiche letter` would use them:
- each structure template parses (Jinja syntax errors with their line);
- every wording the letter names (``t.letter.addressee``) is in the Dutch catalogue,
  even in a branch the sample letters do not take;
- it renders against a sample fiche of each kind it has a structure for (a single structure
  .xml.j2 against the sample of its own kind), in every language, and the letter
  against a letter sending the samples (with and without its own number), into valid
  markup whose every element has a style (undefined names, sandbox violations,
  malformed markup, unknown elements);
- the house-style document opens and has every style a fiche uses, its heading styles
  with the outline level that makes them headings for Word's navigation pane, screen
  readers and a tagged PDF, and the tab stop a heading's text after its number goes to;
- the house-style document holds no Jinja tags: it is not filled in, so a tag typed
  there (often split by Word over several runs, so that it cannot even be seen as
  one tag in the XML) would be printed literally in every fiche.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from fichebuilder.errors import FicheError, TemplateError
from fichebuilder.model import KINDS, LANGUAGES, SOURCE_LANGUAGE, text_in
from fichebuilder.ooxml.styles import outline_level
from fichebuilder.source import languages
from fichebuilder.source.loading import Loaded, load_position
from fichebuilder.writers import templating
from fichebuilder.writers.building import build_document
from fichebuilder.writers.letter import LETTER_LANGUAGE, Letter, LetterFiche, build_letter_document

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\{%")
LETTER = "letter"  # the letter's structure: letter.xml.j2
_LETTER_ROOT = re.compile(r"^\s*<letter[\s>/]", re.MULTILINE)
CATALOGUE_NAME = "t"  # what templates call the wording catalogue


def sample_position(kind: str) -> Path | None:
    """The sample fiche of ``kind`` shipped with the templates, if there is one."""
    path = templating.default_template_dir() / "samples" / f"{kind}.yaml"
    return path if path.is_file() else None


def check_template(template: Path | str, *, position: Path | str | None = None) -> list[FicheError]:
    """Every problem found in a template set; an empty list when it is sound."""
    templates = templating.resolve_template(template)
    problems: list[FicheError] = []
    problems.extend(_syntax(templates))
    problems.extend(_reference(templates.reference_docx))
    if problems:
        return problems
    samples = [Path(position)] if position else [p for kind in KINDS if (p := sample_position(kind))]
    loaded = [load_position(sample) for sample in samples]
    is_letter = _writes_letter(templates)
    letter = is_letter or not templates.single_structure
    if letter:
        # wording the letter names that the catalogue lacks, at the template's line: before
        # the renders, which would meet it in the catalogue, knowing no template line
        unknown = _catalogue_keys(templates, LETTER, [LETTER_LANGUAGE])
        if unknown:
            return unknown
    if not is_letter:
        problems.extend(_fiche_problems(templates, loaded, chosen=position is not None))
    if letter:
        problems.extend(_letter_problems(templates, loaded))
    return _unique(problems)


def _fiche_problems(
    templates: templating.TemplateSet, samples: list[Loaded], *, chosen: bool = False
) -> list[FicheError]:
    """The problems of rendering each sample (every language) with the structure of its kind.

    A folder is checked for every kind it has a structure for. A single structure .xml.j2 is
    one kind's, though a build would use it for any: the kind its name says, as the shipped
    set names them (``communication.xml.j2``); under another name, whichever kind's sample it
    renders (an error only where it renders none). A sample the user ``chosen`` is rendered
    whatever its kind.
    """
    if not templates.single_structure or chosen:
        return [p for loaded in samples if _has_structure(templates, loaded) for p in _rendered(templates, loaded)]
    named = templates.structure(LETTER).removesuffix(".xml.j2")  # a single structure stands for every kind
    if named in KINDS:
        return [p for loaded in samples if loaded.fiche.kind == named for p in _rendered(templates, loaded)]
    per_kind = {loaded.fiche.kind: _rendered(templates, loaded) for loaded in samples}
    if any(not problems for problems in per_kind.values()):
        return []
    # the same error met with every sample is one line, saying with which
    kinds: dict[tuple[str, str | None, int | None], dict[str, None]] = {}
    for kind, problems in per_kind.items():
        for problem in problems:  # met once per language
            kinds.setdefault((problem.message, problem.file, problem.line), {})[kind] = None
    return [
        TemplateError(
            f"{message} (rendering the sample {' and '.join(ks)} fiche{'s' * (len(ks) > 1)})", file=file, line=line
        )
        for (message, file, line), ks in kinds.items()
    ]


def _has_structure(templates: templating.TemplateSet, loaded: Loaded) -> bool:
    return (templates.structure_dir / templates.structure(loaded.fiche.kind)).is_file()


def _rendered(templates: templating.TemplateSet, loaded: Loaded) -> list[FicheError]:
    """The problems of building ``loaded`` in every language with ``templates``."""
    renders = {
        lang: partial(build_document, loaded, lang, templates=templates, allow_missing=True) for lang in LANGUAGES
    }
    return [problem for lang, render in renders.items() if (problem := _problem(render, lang, templates))]


def _problem(render: Callable[[], object], lang: str, templates: templating.TemplateSet) -> TemplateError | None:
    """What goes wrong in one render: the template's own error, or the catalogue's as the template's."""
    try:
        render()
    except TemplateError as e:
        return e
    except FicheError as e:  # a catalogue that does not fit the template
        return TemplateError(f"with the {lang} catalogue: {e}", file=templates.catalogue_dir)
    return None


def _writes_letter(templates: templating.TemplateSet) -> bool:
    """Whether a single structure .xml.j2 is a letter's: the markup it writes is a ``<letter>``."""
    if not templates.single_structure:
        return False
    path = templates.structure_dir / templates.structure(LETTER)
    try:
        return bool(_LETTER_ROOT.search(templating.read_template(path)))
    except TemplateError:
        return False  # reported as the template's own problem when it is rendered


def _letter_problems(templates: templating.TemplateSet, samples: list[Loaded]) -> list[FicheError]:
    """The letter's template (a folder's own, else the shipped one) with the set's house style and
    catalogue, rendered as `fiche letter` renders it, for letters sending the sample fiches."""
    renders = [partial(build_letter_document, letter, templates=templates) for letter in _sample_letters(samples)]
    return [problem for render in renders if (problem := _problem(render, LETTER_LANGUAGE, templates))]


def _sample_letters(samples: list[Loaded]) -> list[Letter]:
    """Letters that take every branch of the shipped letter: with its own number and without, one
    fiche and several, a fiche published before under its own number and one not."""
    titles = [" ".join((text_in(s.fiche.title, SOURCE_LANGUAGE) or "").split()) for s in samples] or ["Voorbeeld"]
    date = max((s.fiche.general.received for s in samples), default=datetime.date(2025, 1, 1))
    minister = "A.B. Voorbeeld"
    several = [LetterFiche(title, kamerstuk="22 112, nr. 1" if i == 0 else None) for i, title in enumerate(titles)]
    if len(several) == 1:
        several.append(LetterFiche(titles[0] + " (2)"))
    return [
        Letter(date=date, minister=minister, fiches=several, number=2),
        Letter(date=date, minister=minister, fiches=[LetterFiche(titles[0])]),
    ]


def _catalogue_keys(templates: templating.TemplateSet, kind: str, langs: Iterable[str]) -> list[FicheError]:
    """Wording a structure template names (``t.a.b``) that a language's catalogue does not hold."""
    path = templating.structure_file(templates, kind)
    try:
        tree = templating.make_environment(templates.structure_dir).parse(
            templating.read_template(path), path.name, str(path)
        )
    except (TemplateError, jinja2.TemplateSyntaxError):
        return []  # reported as the template's syntax
    problems: list[FicheError] = []
    for lang in langs:
        try:
            catalogue = languages.load_catalogue(templates.catalogue_dir, lang)
        except FicheError:
            continue  # reported when the template is rendered with it
        for line, keys in _wording_keys(tree):
            missing = _missing(catalogue, keys)
            if missing:
                where = templates.catalogue_dir / f"{lang}.yaml"
                problems.append(
                    TemplateError(
                        f"the {lang} catalogue {where} has no wording {'.'.join(map(str, missing))!r}",
                        file=path,
                        line=line,
                    )
                )
    return _unique(problems)


def _wording_keys(tree: nodes.Template) -> Iterator[tuple[int, list[str | int]]]:
    """Each ``t.a.b`` / ``t["a"][0]`` in a template: its line and keys, as far as they are constant."""
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        keys: list[str | int] = []
        current: nodes.Node = node
        while True:
            if isinstance(current, nodes.Getattr):
                keys.append(current.attr)
                current = current.node
            elif isinstance(current, nodes.Getitem) and isinstance(current.arg, nodes.Const):
                keys.append(current.arg.value)
                current = current.node
            else:
                break
        if isinstance(current, nodes.Name) and current.name == CATALOGUE_NAME and keys:
            yield node.lineno, keys[::-1]


def _missing(catalogue: Any, keys: list[str | int]) -> list[str | int] | None:
    """The keys up to the first the catalogue lacks; None where it holds them all, or where the
    rest is no wording but a text's method (``t.letter.number.format``)."""
    value = catalogue
    for i, key in enumerate(keys):
        if _holds(value, key):
            value = value[key]
        elif not isinstance(value, dict | list) or (isinstance(key, str) and hasattr(value, key)):
            return None  # a text's method, or a mapping's own (``t.months.items``): no wording
        else:
            return keys[: i + 1]
    return None


def _holds(value: Any, key: str | int) -> bool:
    if isinstance(value, dict):
        return key in value
    return isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value)


def _syntax(templates: templating.TemplateSet) -> list[FicheError]:
    env = templating.make_environment(templates.structure_dir)
    problems: list[FicheError] = []
    names = {templates.structure(kind) for kind in (*KINDS, LETTER)}
    for name in sorted(names):
        path = templates.structure_dir / name
        if not path.is_file():
            continue
        try:
            env.parse(templating.read_template(path), name, str(path))
        except jinja2.TemplateSyntaxError as e:
            problems.append(TemplateError(f"template syntax error: {e.message}", file=path, line=e.lineno))
        except TemplateError as e:  # too large, not a file, not UTF-8
            problems.append(e)
    return problems


def _reference(path: Path) -> list[FicheError]:
    from fichebuilder.writers import render

    try:
        document = render.open_reference_as_is(path)
    except TemplateError as e:
        return [e]
    problems: list[FicheError] = []
    missing = render.missing_styles(document)
    if missing:
        problems.append(
            TemplateError(f"the house-style document has no style {', '.join(repr(m) for m in missing)}", file=path)
        )
    problems.extend(_heading_styles(document, path, missing))
    parts = [("body", document.paragraphs)]
    for section in document.sections:
        parts.append(("header", section.header.paragraphs))
        parts.append(("footer", section.footer.paragraphs))
    for where, paragraphs in parts:
        for number, paragraph in enumerate(paragraphs, 1):
            match = _TAG.search(paragraph.text)
            if match:
                runs = sum(1 for run in paragraph.runs if run.text)
                split = f", split by Word over {runs} runs" if runs > 1 else ""
                problems.append(
                    TemplateError(
                        f"{where} paragraph {number} holds the Jinja tag {match.group()!r}{split}: the house-style "
                        "document is not filled in, so the tag would be printed as it is; put it in the .xml.j2 "
                        "template instead",
                        file=path,
                    )
                )
    return problems


# the heading styles: their outline level (0-based, as Word stores it)
_HEADINGS = {"Heading 1": 0, "Heading 2": 1}


def _heading_styles(document: Any, path: Path, missing: list[str]) -> list[FicheError]:
    """Heading styles that are no headings to Word (no outline level), or have no tab stop
    for the tab between a heading's number or letter and its text."""
    problems: list[FicheError] = []
    for name, level in _HEADINGS.items():
        if name in missing:
            continue
        style = document.styles[name]
        if outline_level(style) != level:
            problems.append(
                TemplateError(
                    f"the house-style document's style {name!r} has no outline level {level + 1}: Word's navigation "
                    "pane, screen readers and the PDF would not list its headings (set it in the style's paragraph "
                    "settings)",
                    file=path,
                )
            )
        if not _tab_stops(style):
            problems.append(
                TemplateError(
                    f"the house-style document's style {name!r} has no tab stop: a heading's text after its number "
                    "would go to Word's default tab stop (the house style sets one at 18 pt)",
                    file=path,
                )
            )
    return problems


def _tab_stops(style: Any) -> int:
    """The tab stops a paragraph style has or inherits."""
    count = 0
    while style is not None and not count:
        count = len(style.paragraph_format.tab_stops)
        style = style.base_style
    return count


def _unique(problems: list[FicheError]) -> list[FicheError]:
    seen: set[str] = set()
    out = []
    for problem in problems:
        if str(problem) not in seen:
            seen.add(str(problem))
            out.append(problem)
    return out
