"""The Jinja sandbox templates run in, with a render budget of time and size.

A template may be written by anyone who hands over a template folder, so it
runs in Jinja's immutable sandbox, and within a budget: ``RENDER_SECONDS`` of
time, ``MAX_STRING`` characters for any one text or list it makes, ``MAX_MADE``
characters for all it makes together, and ``MAX_OUTPUT`` characters of markup.
Sizes are checked *before* a step that could make a huge value runs: ``*``,
``+``, ``%`` and ``~``, the string methods and filters that repeat an argument
(``replace``, ``join``, ``indent``, ``format``, ``center``, …) and the joining of
captured output (macros, ``{% set %}`` and ``{% filter %}`` blocks). Every other
result is measured as it is made, so that a loop that keeps doubling a text stops
at the limit, not when the memory runs out. A list counts with everything it
holds: ``[s] * 100`` is a hundred times as long as ``s`` once it is written out.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import itertools
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.runtime import Macro, markup_join, str_join
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment

# a fiche renders in well under a second, and makes well under a megabyte of markup
RENDER_SECONDS = 20.0
MAX_OUTPUT = 50 * 1024 * 1024  # characters of markup
MAX_STRING = 10_000_000  # characters of one text (or written-out list) a template makes
MAX_MADE = 2 * MAX_OUTPUT  # characters of all the texts a template makes in one render
_FORMAT_WIDTH = re.compile(r"%[-+ #0]*(\d+)|\{[^{}]*:[^{}]*?(\d+)[^{}]*\}")
_CONTAINERS = (list, tuple, set, frozenset, dict)


class OverBudget(Exception):
    """A template that takes too long or makes too much while rendering."""


@dataclass
class _Budget:
    deadline: float
    made: int = 0


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("render_budget", default=None)


@contextlib.contextmanager
def render_budget() -> Iterator[None]:
    """The budget of one render: from now, RENDER_SECONDS and MAX_MADE characters."""
    token = _budget.set(_Budget(time.monotonic() + RENDER_SECONDS))
    try:
        yield
    finally:
        _budget.reset(token)


def in_time() -> None:
    """Refuse to go on past the render's deadline."""
    budget = _budget.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise OverBudget(f"took more than {RENDER_SECONDS:g} s to render (a loop that does not end?)")


def size_of(value: Any, limit: int = MAX_STRING) -> int:
    """How many characters ``value`` makes when written out, counted up to just past ``limit``
    (a list that holds itself many levels deep is not walked further than that)."""
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, _CONTAINERS):
        return 1
    total = 0
    pending: list[Iterator[Any]] = [iter((value,))]
    while pending and total <= limit:
        item = next(pending[-1], pending)  # the list of iterators itself marks the end of one
        if item is pending:
            pending.pop()
        elif isinstance(item, str):
            total += len(item) + 4  # quotes and a comma, as str() of a list writes them
        elif isinstance(item, dict):
            total += 2
            pending.append(itertools.chain.from_iterable(item.items()))
        elif isinstance(item, _CONTAINERS):
            total += 2
            pending.append(iter(item))
        else:
            total += 3
    return total


def check_size(size: int, limit: int = MAX_STRING) -> None:
    if size > limit:
        raise OverBudget(f"would make a text of more than {limit:,} characters")


def made(value: Any, *, limit: int = MAX_STRING) -> Any:
    """``value``, a result the template just made, if it keeps within the limits."""
    if not isinstance(value, (str, *_CONTAINERS)):
        return value
    size = size_of(value, limit)
    check_size(size, limit)
    budget = _budget.get()
    if budget is not None:
        budget.made += size
        if budget.made > MAX_MADE:
            raise OverBudget(f"made more than {MAX_MADE:,} characters of text (a loop that keeps making longer ones?)")
    return value


def wide_format(text: str) -> bool:
    """Whether a format string pads a value to a width of MAX_STRING or more (%999999999d, {:>999999999})."""
    digits = len(str(MAX_STRING))
    return any(width and len(width) >= digits for match in _FORMAT_WIDTH.finditer(text) for width in match.groups())


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any = None) -> Any:
    return args[index] if len(args) > index else kwargs.get(name, default)


def _replaced_size(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    old, new, count = (_arg(args, kwargs, i, name) for i, name in enumerate(("old", "new", "count")))
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    times = text.count(old)  # an empty ``old`` matches between every two characters
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * len(new)


def _joined_size(separator: Any, items: list[Any]) -> int:
    return len(str(separator)) * len(items) + sum(size_of(item) for item in items)


def _formatted_size(text: str, marker: str, values: Iterable[Any]) -> int:
    """A format string may use each value again at every placeholder (``{0}{0}``, ``%(a)s%(a)s``)."""
    if wide_format(text):
        return MAX_STRING + 1
    return len(text) + text.count(marker) * sum(size_of(value) for value in values)


def _method_size(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """At most how many characters the string method ``name`` makes, reckoned before it runs."""
    if any(isinstance(a, int) and a > MAX_STRING for a in (*args, *kwargs.values())):
        return MAX_STRING + 1  # a width: ljust, center, zfill
    if name == "replace":
        return _replaced_size(text, args, kwargs)
    if name == "join" and args:
        return _joined_size(text, args[0])
    if name == "expandtabs":
        tabsize = _arg(args, kwargs, 0, "tabsize", 8)
        return len(text) + text.count("\t") * tabsize if isinstance(tabsize, int) else len(text)
    if name in ("format", "format_map"):
        return _formatted_size(text, "{", (*args, *kwargs.values()))
    if name == "translate" and args and isinstance(args[0], dict):
        return len(text) * max([size_of(v) for v in args[0].values()] + [1])
    return 0


def _indented_size(text: str, width: Any) -> int:
    pad = len(width) if isinstance(width, str) else _int(width, 4)
    return len(text) + (text.count("\n") + 1) * pad


# filters that may repeat an argument or make many values: at most how many characters
# (of text, or of references in lists) each makes, from its value and arguments
def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) else default


_FILTER_SIZES: dict[str, Callable[[Any, tuple[Any, ...], dict[str, Any]], int]] = {
    "replace": lambda v, a, k: _replaced_size(str(v), a, k),
    "join": lambda v, a, k: _joined_size(_arg(a, k, 0, "d", ""), v),
    "indent": lambda v, a, k: _indented_size(str(v), _arg(a, k, 0, "width", 4)),
    "center": lambda v, a, k: max(len(str(v)), _int(_arg(a, k, 0, "width", 80), 80)),
    "wordwrap": lambda v, a, k: (
        len(str(v))
        + (len(str(v)) // max(_int(_arg(a, k, 0, "width", 79), 79), 1) + 1) * size_of(_arg(a, k, 2, "wrapstring", "\n"))
    ),
    "format": lambda v, a, k: _formatted_size(str(v), "%", (*a, *k.values())),
    "urlize": lambda v, a, k: (
        3 * len(str(v))
        + (len(str(v)) // 4 + 1) * sum(size_of(_arg(a, k, i, n, "")) for i, n in ((2, "target"), (3, "rel")))
    ),
    "tojson": lambda v, a, k: 6 * size_of(v) * (1 + _int(_arg(a, k, 0, "indent", 0), 0)),
    "batch": lambda v, a, k: 8 * _int(_arg(a, k, 0, "linecount", 1), 1),
    "slice": lambda v, a, k: 64 * _int(_arg(a, k, 0, "slices", 1), 1),
}


def budgeted_filter(name: str, filter_: Any) -> Any:
    """A built-in filter within the budget: its size reckoned before it runs where it can
    repeat an argument, and its result measured."""
    reckon = _FILTER_SIZES.get(name)
    passed = 1 if getattr(filter_, "jinja_pass_arg", None) is not None else 0  # context or environment first

    @functools.wraps(filter_)
    def budgeted(*args: Any, **kwargs: Any) -> Any:
        in_time()
        if len(args) > passed:
            value = args[passed]
            if name == "join" and not isinstance(value, (str, *_CONTAINERS)):
                value = list(value)  # a generator, counted before it is joined
                args = (*args[:passed], value, *args[passed + 1 :])
            if not isinstance(value, str):
                check_size(size_of(value))  # a list holding one long text many times, about to be written out
            if reckon is not None:
                check_size(reckon(value, args[passed + 1 :], kwargs))
        return made(filter_(*args, **kwargs))

    return budgeted


def budgeted_lipsum(lipsum: Any) -> Any:
    """``lipsum``, refusing more paragraphs than a text may hold."""

    @functools.wraps(lipsum)
    def budgeted(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        check_size(_int(n, 1) * _int(max, 100) * 12)  # words are at most a dozen characters with their space
        return str(made(lipsum(n, html, min, max)))

    return budgeted


def written(value: Any) -> Any:
    """The ``finalize`` of every ``{{ }}``: a list is measured before it is written out, and what
    is written counts as made (it is copied as it is escaped, into output a macro or block may keep)."""
    if not isinstance(value, str):
        check_size(size_of(value))
        return value
    return made(value, limit=MAX_OUTPUT)


class _BudgetedCode(CodeGenerator):
    """Jinja's code generator, with ``a ~ b`` compiled to a call of the environment's
    ``call_concat`` (Jinja intercepts the other operators, not this one)."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.call_concat(context, (")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")


class BudgetedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with a budget: every call, loop step over a range and operator
    that can make a huge value is checked against the render's deadline and size limits."""

    code_generator_class = _BudgetedCode
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        in_time()
        # the sandbox hands out str.format wrapped, with the method itself as __wrapped__
        method = getattr(__obj, "__wrapped__", __obj)
        bound = getattr(method, "__self__", None)
        if isinstance(bound, str):
            name = getattr(method, "__name__", "")
            if name == "join" and args:
                args = (list(args[0]), *args[1:])  # a generator, counted before it is joined
            check_size(_method_size(bound, name, args, kwargs))
        result = super().call(__context, __obj, *args, **kwargs)
        return result if isinstance(__obj, Macro) else made(result)  # a macro's text was counted as it was joined

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        in_time()
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "+" and isinstance(left, str | list | tuple):
            check_size(size_of(left) + size_of(right))
        elif operator == "**" and isinstance(left, int | float) and isinstance(right, int | float):
            if abs(left) > 1 and right * math.log2(abs(left)) > 10_000:
                raise OverBudget("a number too large to compute")
        elif operator == "%" and isinstance(left, str):
            check_size(_formatted_size(left, "%", right.values() if isinstance(right, dict) else [right]))
        return made(super().call_binop(context, operator, left, right))

    def call_concat(self, context: Any, parts: tuple[Any, ...]) -> str:
        """``a ~ b ~ …``: measured before the texts are joined."""
        in_time()
        check_size(sum(size_of(part) for part in parts))
        return str(made(markup_join(parts) if context.eval_ctx.autoescape else str_join(parts)))

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]
        """The output a macro or a ``{% set %}``/``{% filter %}`` block captured, joined: measured first."""
        pieces = list(pieces)
        check_size(sum(size_of(piece, MAX_OUTPUT) for piece in pieces), MAX_OUTPUT)
        return str(made("".join(pieces), limit=MAX_OUTPUT))


def _check_repeat(sequence: Any, count: Any) -> None:
    if isinstance(sequence, str | list | tuple) and isinstance(count, int) and size_of(sequence) * count > MAX_STRING:
        raise OverBudget(f"would make a text or list of more than {MAX_STRING:,} items")


class TimedRange:
    """``range`` for templates: at most MAX_RANGE numbers, and every step checks the deadline,
    so nested loops cannot run on for ever."""

    def __init__(self, *args: int) -> None:
        self.numbers = range(*args)
        if len(self.numbers) > MAX_RANGE:
            raise OverBudget(f"a range of {len(self.numbers):,} numbers; a template may count to {MAX_RANGE:,}")

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self) -> Iterator[int]:
        for number in self.numbers:
            in_time()
            yield number
