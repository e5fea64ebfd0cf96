"""`fiche template check`: find a template's errors before a drafter meets them in a build.

Checks a template set (folder, house-style .docx or structure .xml.j2):
- each structure template parses (Jinja syntax errors with their line);
- it renders against a sample fiche of each kind, in every language, into valid
  fiche markup (undefined names, sandbox violations, malformed markup);
- the house-style document opens and has every style a fiche uses, its heading styles
  with the outline level that makes them headings for Word's navigation pane, screen
  readers and a tagged PDF, and the tab stop a heading's text after its number goes to;
- the house-style document holds no Jinja tags: it is not filled in, so a tag typed
  there (often split by Word over several runs, so that it cannot even be seen as
  one tag in the XML) would be printed literally in every fiche.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2

from fichebuilder.errors import FicheError, TemplateError
from fichebuilder.model import KINDS, LANGUAGES
from fichebuilder.ooxml.styles import outline_level
from fichebuilder.source.loading import load_position
from fichebuilder.writers import templating
from fichebuilder.writers.building import build_document

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\{%")


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
    for sample in samples:
        loaded = load_position(sample)
        if not (templates.structure_dir / templates.structure(loaded.fiche.kind)).is_file():
            continue
        for lang in LANGUAGES:
            try:
                build_document(loaded, lang, templates=templates, allow_missing=True)
            except TemplateError as e:
                problems.append(e)
            except FicheError as e:  # a catalogue that does not fit the template
                problems.append(TemplateError(f"with the {lang} catalogue: {e}", file=templates.catalogue_dir))
    return _unique(problems)


def _syntax(templates: templating.TemplateSet) -> list[FicheError]:
    env = templating.make_environment(templates.structure_dir)
    problems: list[FicheError] = []
    names = {templates.structure(kind) for kind in KINDS}
    for name in sorted(names):
        path = templates.structure_dir / name
        if not path.is_file():
            continue
        try:
            env.parse(path.read_text(encoding="utf-8"), name, str(path))
        except jinja2.TemplateSyntaxError as e:
            problems.append(TemplateError(f"template syntax error: {e.message}", file=path, line=e.lineno))
        except UnicodeDecodeError:
            problems.append(TemplateError("not UTF-8; save the template as UTF-8", file=path))
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
