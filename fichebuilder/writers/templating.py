"""Templates: where they are found, the one Jinja environment, and rendering to fiche markup.

A template set is a folder holding ``<kind>.xml.j2`` (the structure and wording of
a fiche, in Jinja), ``reference.docx`` (the house style: page, fonts, paragraph
styles, footer) and ``lang/<code>.yaml`` (the wording catalogue per language);
the kind templates import their shared pieces from ``_fiche.xml.j2``.
``--template`` names such a folder, or a single ``.docx`` to take only the house
style from it, or a single ``.xml.j2`` to take only the structure from it.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from fichebuilder.errors import TemplateError
from fichebuilder.files import read_bytes_capped
from fichebuilder.source import languages, markup
from fichebuilder.writers import sandbox


def default_template_dir() -> Path:
    """The templates shipped with fichebuilder (in a checkout: its ``templates/``)."""
    packaged = resources.files("fichebuilder") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True)
class TemplateSet:
    """The three files a fiche is built from, besides its position file."""

    structure_dir: Path
    reference_docx: Path
    catalogue_dir: Path

    def structure(self, kind: str) -> str:
        return f"{kind}.xml.j2"

    @property
    def single_structure(self) -> bool:
        """Whether one structure .xml.j2 was given, which stands for every kind."""
        return False

    def catalogue(self, lang: str) -> dict[str, Any]:
        """The wording catalogue of ``lang``, holding every wording the shipped one holds."""
        return languages.load_catalogue(self.catalogue_dir, lang, like=default_template_dir() / "lang")


def resolve_template(template: Path | str | None) -> TemplateSet:
    """The TemplateSet that ``--template`` names; the shipped one by default."""
    default = default_template_dir()
    if template is None:
        return TemplateSet(default, default / "reference.docx", default / "lang")
    path = Path(template)
    if path.is_dir():
        reference = path / "reference.docx"
        catalogue = path / "lang"
        return TemplateSet(
            path,
            reference if reference.is_file() else default / "reference.docx",
            catalogue if catalogue.is_dir() else default / "lang",
        )
    if not path.exists():
        raise TemplateError("no such template file or folder", file=path)
    if path.suffix.lower() == ".docx":
        return TemplateSet(default, path, default / "lang")
    if path.name.endswith(".j2"):
        return _SingleTemplate(path.parent, default / "reference.docx", default / "lang", path.name)
    raise TemplateError("a template is a folder, a .docx (house style) or a .xml.j2 file (structure)", file=path)


@dataclass(frozen=True)
class _SingleTemplate(TemplateSet):
    name: str = ""

    def structure(self, kind: str) -> str:
        return self.name

    @property
    def single_structure(self) -> bool:
        return True


def fiche_templates(templates: TemplateSet) -> TemplateSet:
    """The set fiches are built from when ``templates`` was given for a letter: the same, but
    where it is one structure .xml.j2 (the letter's), the shipped fiche structures."""
    if templates.single_structure:
        return TemplateSet(default_template_dir(), templates.reference_docx, templates.catalogue_dir)
    return templates


def structure_file(templates: TemplateSet, kind: str) -> Path:
    """The structure template a ``kind`` is rendered from: the set's, or where a template folder
    has none for it, the shipped one (the environment's loader falls back the same way)."""
    own = templates.structure_dir / templates.structure(kind)
    shipped = default_template_dir() / templates.structure(kind)
    return own if own.is_file() or not shipped.is_file() else shipped


MAX_TEMPLATE = 1024 * 1024  # bytes of one template file; the shipped ones are a few kB


def read_template(path: Path) -> str:
    """The text of a template file: a regular file of at most MAX_TEMPLATE bytes, in UTF-8."""
    data = read_bytes_capped(path, limit=MAX_TEMPLATE, error=TemplateError, what="a template")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError("not UTF-8; save the template as UTF-8", file=path) from None


class _CappedLoader(jinja2.FileSystemLoader):
    """Jinja's loader from folders, reading each template (an include or import too) through
    ``read_template``, so that a huge file is refused before it is read whole."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if path.is_file():
                stamp = _stamp(path)
                return read_template(path), str(path), functools.partial(_unchanged, path, stamp)
        raise jinja2.TemplateNotFound(template)


def _stamp(path: Path) -> tuple[int, int] | None:
    """What tells an edited file from the one read: its time of change to the nanosecond, and its size
    (the size catches an edit within the file system's clock tick)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _unchanged(path: Path, stamp: tuple[int, int] | None) -> bool:
    """Jinja's ``uptodate``: asked each time the cached template is wanted, so that an edit
    (during ``fiche watch``, or between two checks in one process) is read again."""
    return stamp is not None and _stamp(path) == stamp


def make_environment(directory: Path) -> jinja2.Environment:
    """The Jinja environment: sandboxed (with a render budget), autoescaping, strict about undefined names."""
    env = sandbox.BudgetedSandbox(
        # a template imported by name (the shared macros of _fiche.xml.j2) is looked for
        # next to the structure template first, then among the shipped ones
        loader=_CappedLoader([str(directory), str(default_template_dir())]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # every get_template (an import too) asks the loader's uptodate, one stat of the file:
        # a template edited while the environment is kept is read again
        auto_reload=True,
        bytecode_cache=_bytecode_cache(),
        finalize=sandbox.written,
    )
    for name, filter_ in list(env.filters.items()):
        env.filters[name] = sandbox.budgeted_filter(name, filter_)
    env.globals["range"] = sandbox.TimedRange
    env.globals["lipsum"] = sandbox.budgeted_lipsum(env.globals["lipsum"])
    env.filters["markdown"] = _markdown
    env.filters["longdate"] = _longdate
    env.filters["and_list"] = _and_list
    env.filters["link"] = _link
    env.tests["untranslated"] = _untranslated
    return env


# the compiled code depends on the environment (the operators the sandbox intercepts),
# which the cache's key does not see: a new name here when that changes
_COMPILED = "budget-2"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (keyed by each template's checksum), so a
    build does not compile the same templates again; none where no cache folder can be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "fichebuilder" / f"jinja-{jinja2.__version__}-{_COMPILED}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@functools.lru_cache(maxsize=8)
def _environment(directory: Path) -> jinja2.Environment:
    return make_environment(directory)


def render_markup(templates: TemplateSet, kind: str, context: dict[str, Any]) -> str:
    """Fiche markup (XML text) from the template for ``kind`` and a context."""
    env = _environment(templates.structure_dir)
    name = templates.structure(kind)
    try:
        template = env.get_template(name)
        return _render(template, context)
    except (sandbox.OverBudget, OverflowError, RecursionError, MemoryError) as e:
        file, line = _template_place(e)
        raise TemplateError(
            f"template error: {_budget_message(e)}", file=file or templates.structure_dir / name, line=line
        ) from None
    except jinja2.TemplateNotFound as e:
        if e.name != name:  # an include or import inside the template
            file, line = _template_place(e)
            raise TemplateError(
                f"template error: cannot include '{e.name}': a template may include only files from its own folder",
                file=file or templates.structure_dir / name,
                line=line,
            ) from None
        raise TemplateError(f"no template for a {kind} fiche", file=templates.structure_dir / name) from None
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"template syntax error: {e.message}", file=e.filename or name, line=e.lineno) from None
    except jinja2.UndefinedError as e:
        file, line = _template_place(e)
        raise TemplateError(
            f"template error: {e.message}", file=file or templates.structure_dir / name, line=line
        ) from None
    except jinja2.exceptions.SecurityError as e:
        file, line = _template_place(e)
        raise TemplateError(
            f"template error: not allowed: {e}", file=file or templates.structure_dir / name, line=line
        ) from None


def _render(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render within the budget (see ``sandbox``), the markup written at most MAX_OUTPUT characters."""
    with sandbox.render_budget():
        pieces, size = [], 0
        for piece in template.generate(context):
            size += len(piece)
            if size > sandbox.MAX_OUTPUT:
                raise sandbox.OverBudget(f"wrote more than {sandbox.MAX_OUTPUT // (1024 * 1024)} MB of markup")
            sandbox.in_time()
            pieces.append(piece)
        return "".join(pieces)


def _budget_message(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "a macro that calls itself without end"
    if isinstance(error, MemoryError):
        return "ran out of memory"
    return str(error)


def _template_place(error: BaseException) -> tuple[str | None, int | None]:
    """The template file and line a rendering error happened on (the kind's template or a
    macro file it imports), from the traceback Jinja rewrites."""
    tb = error.__traceback__
    file, line = None, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            file, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return file, line


@jinja2.pass_context
def _markdown(context: Any, text: Any, lead: str | None = None, label: str | None = None) -> Markup:
    """Fiche markup for a Markdown text, or for a list of texts one after another.

    A text that knows its field (``languages.FieldText``) is put between ``<anchor>``
    marks naming its path, which the Word writer turns into a bookmark; a ``lead``
    (the verdict sentence before a section-4 text) gets the anchor of its verdict.
    A ``label`` (a proposal's COM number before its legal basis) stands before the
    text in its first paragraph, outside every anchor: it is data of another field.
    """
    if text is None:
        return Markup("")
    if isinstance(text, list | tuple):
        return Markup("").join(_markdown(context, part) for part in text)
    notes: dict[str, str] = context["footnotes"]
    path = str(getattr(text, "path", ""))
    result = _pieces_markup(text.pieces, notes) if getattr(text, "pieces", ()) else None
    if result is None:
        result = str(markup.to_markup(str(text), notes.__getitem__))
    if _untranslated(text):
        # every paragraph and list item of it: the Word writer marks each
        result = result.replace("<p>", '<p untranslated="1">').replace("<li>", '<li untranslated="1">')
    if path and not getattr(text, "pieces", ()):
        result = _anchored(result, path)
    if lead:
        said = str(escape(lead))
        if path:
            said = _anchored(said, path.rpartition(".")[0] + ".verdict", inline=True)
        result = _before(result, said)
    if label:
        result = _before(result, str(escape(label)))
    return Markup(result)


def _before(result: str, said: str) -> str:
    """``said`` at the start of the first paragraph of ``result`` (or as a paragraph of its own)."""
    if result.startswith("<p"):
        head, _, rest = result.partition(">")
        return f"{head}>{said} {rest}"
    return f"<p>{said}</p>" + result


def _anchor(kind: str, path: str) -> str:
    return f'<anchor {kind}="{escape(path)}"/>'


def _anchored(result: str, path: str, *, inline: bool = False) -> str:
    """Markup between the anchors of ``path``: the start inside the first paragraph where the
    text begins with one (so that a lead put before it stays outside), else before it."""
    start, end = _anchor("start", path), _anchor("end", path)
    if not inline and result.startswith("<p"):
        head, _, rest = result.partition(">")
        return f"{head}>{start}{rest}{end}"
    return f"{start}{result}{end}"


def _link(link: Any, path: str) -> Markup:
    """A link (``model.Link``) showing its label, or its address where it has none, between the
    anchors of ``path``: the label's field, which a reviewer's change to the shown words goes to.
    The anchors stand around the ``<a>``, not in it: the Word writer puts a bookmark's ends in
    the paragraph (LibreOffice moves the start into the hyperlink on saving, still before its words)."""
    shown = link.label or link.url
    return Markup(f'{_anchor("start", path)}<a href="{escape(link.url)}">{escape(shown)}</a>{_anchor("end", path)}')


def _pieces_markup(pieces: tuple[Any, ...], notes: dict[str, str]) -> str | None:
    """The markup of texts that run on in one paragraph, each between its own anchors;
    None where one of them does not end or begin in a paragraph of its own."""
    parts = [str(markup.to_markup(str(piece), notes.__getitem__)) for piece in pieces]
    if not all(part.startswith("<p>") and part.endswith("</p>") for part in parts):
        return None
    inner = []
    for piece, part in zip(pieces, parts, strict=True):
        part = part[len("<p>") : -len("</p>")]
        path = str(getattr(piece, "path", ""))
        inner.append(f"{_anchor('start', path)}{part}{_anchor('end', path)}" if path else part)
    return "<p>" + " ".join(inner) + "</p>"


def _untranslated(value: Any) -> bool:
    """``{% if text is untranslated %}``: a Dutch text standing in for a missing translation."""
    return bool(getattr(value, "untranslated", False))


@jinja2.pass_context
def _longdate(context: Any, value: datetime.date) -> str:
    t = context["t"]
    return str(t["date"]).format(day=value.day, month=t["months"][value.month - 1], year=value.year)


@jinja2.pass_context
def _and_list(context: Any, items: Any) -> str:
    """Items as a sentence lists them: ``A``, ``A en B``, ``A, B en C`` (the word from the catalogue)."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {context['t']['and']} {words[-1]}"
