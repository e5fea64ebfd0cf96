"""Comparing two position files: actions aligned, then stances, marks and words compared.

Two files are *versions* of one proposal when they have the same COM number, a
*follow-up* when the newer one ``follows`` the older one's COM number, and
*unrelated* otherwise. Their actions are aligned (``align_actions``):

- versions: by number, after first pairing near-identical actions under
  different numbers (renumbered or reordered); the rest by similarity;
- follow-up: by the ``continues`` links of the newer file, then by similarity;
- unrelated: by similarity only.

Similarity is rapidfuzz's normalised Indel similarity over *words* (each word one
symbol), not characters: two unrelated Dutch texts share most letters but few
runs of words, so the score separates a reworded action (0.7–0.95) from an
unrelated one (0.1–0.3). Pairs are chosen one-to-one, best score first.

Texts are compared as the words of their plain text (``markup.plain``): a change
of emphasis or of a link's address alone is not a difference. English
translations are not compared. ``compare_fiches`` returns a ``FicheDiff``
(``changes``); ``report`` writes it out.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process, utils

from fichebuilder.compare.changes import (
    ActionDiff,
    AreaDiff,
    FicheDiff,
    FieldChange,
    FootnoteDiff,
    GroundDiff,
    MarksDiff,
    Match,
    Op,
    Relation,
    Reworded,
    Side,
    Status,
    TextDiff,
    WordOp,
)
from fichebuilder.model import PLAIN_FIELDS, Action, Fiche, Financial, Legal, Text, text_in
from fichebuilder.source import markup
from fichebuilder.source.loading import Loaded

# Pairing thresholds, on the word similarity (0..1).
RENUMBERED = 0.85  # versions: the same action under another number
SIMILAR = 0.5  # a suggested pair of actions; unrelated actions score 0.1–0.3
REWORDED = 0.6  # a condition or concern reworded rather than replaced


# --- alignment -----------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """Actions that correspond: ``old`` is empty for a new action, ``new`` None for a dropped one.

    ``old`` holds several actions where a new action continues several of the
    earlier proposal; ``score`` is the word similarity of the two sides.
    """

    old: tuple[Action, ...]
    new: Action | None
    match: Match | None = None
    score: float | None = None


def relation_of(old: Fiche, new: Fiche) -> Relation:
    """How two fiches relate: versions of one proposal (or of fiches sharing a proposal),
    a follow-up, or unrelated."""
    before = {_com(number) for number in old.general.com_numbers()}
    if before & {_com(number) for number in new.general.com_numbers()}:
        return "versions"
    if new.follows is not None and _com(new.follows) in before:
        return "follow-up"
    return "unrelated"


def _coms(fiche: Fiche) -> str:
    """A fiche's COM number, or its numbers joined: ``COM(2025) 836, COM(2025) 837``."""
    return ", ".join(fiche.general.com_numbers())


def _com(number: str) -> str:
    return " ".join(number.split()).casefold()


def align_actions(old: Fiche, new: Fiche) -> list[Pair]:
    """Pair the actions of two fiches, in the order of the newer file (see ``_in_order``)."""
    relation = relation_of(old, new)
    words_old = [_action_words((a,)) for a in old.actions]
    words_new = [_action_words((a,)) for a in new.actions]
    free_old = set(range(len(old.actions)))
    free_new = set(range(len(new.actions)))
    pairs: dict[int, Pair] = {}  # by index in new.actions

    def take(i: int, j: int, match: Match, score: float) -> None:
        pairs[j] = Pair((old.actions[i],), new.actions[j], match, score)
        free_old.discard(i)
        free_new.discard(j)

    if relation == "versions":
        # near-identical actions first, so that a renumbering is not read as rewriting
        scores = _similarities(words_old, words_new, sorted(free_old), sorted(free_new))
        same = np.equal.outer([a.number for a in old.actions], [b.number for b in new.actions])
        for i, j, score in _assign(scores, RENUMBERED, prefer=same):
            take(i, j, "number" if same[i, j] else "fuzzy", score)
        by_number = {old.actions[i].number: i for i in free_old}
        for j in sorted(free_new):
            i = by_number.get(new.actions[j].number, -1)
            if i in free_old:
                take(i, j, "number", float(scores[i, j]))
    elif relation == "follow-up":
        index = {a.number: i for i, a in enumerate(old.actions)}
        linked_old: set[int] = set()
        for j, action in enumerate(new.actions):
            continued = [index[n] for n in action.continues if n in index]
            if continued:
                sources = tuple(old.actions[i] for i in continued)
                score = _similarity(_action_words(sources), words_new[j])
                pairs[j] = Pair(sources, action, "link", score)
                linked_old.update(continued)
                free_new.discard(j)
            elif action.continues:
                free_new.discard(j)  # its links name no action of ``old``: a warning, not a suggestion
        free_old -= linked_old

    if free_old and free_new:
        scores = _similarities(words_old, words_new, sorted(free_old), sorted(free_new))
        for i, j, score in _assign(scores, SIMILAR):
            take(i, j, "fuzzy", score)
    return _in_order(old, new, pairs, free_old, interleave=relation == "versions")


def _in_order(old: Fiche, new: Fiche, pairs: dict[int, Pair], dropped: set[int], *, interleave: bool) -> list[Pair]:
    """The newer file's order; a dropped action where it stood (versions) or at the end (another proposal)."""
    position = {id(a): i for i, a in enumerate(old.actions)}
    waiting = sorted(dropped)
    out: list[Pair] = []
    for j, action in enumerate(new.actions):
        pair = pairs.get(j, Pair((), action))
        if pair.old and interleave:
            first = min(position[id(a)] for a in pair.old)
            while waiting and waiting[0] < first:
                out.append(Pair((old.actions[waiting.pop(0)],), None))
        out.append(pair)
    out.extend(Pair((old.actions[i],), None) for i in waiting)
    return out


def link_problems(old: Fiche, new: Fiche) -> list[str]:
    """What is wrong with the newer file's ``continues`` links, as sentences."""
    relation = relation_of(old, new)
    linking = [a for a in new.actions if a.continues]
    if not linking:
        return []
    if relation == "versions":
        return []  # the links name actions of the proposal this one follows, not of ``old``
    if relation == "unrelated":
        follows = f"follows {new.follows}" if new.follows else "names no proposal it follows"
        return [f"{_coms(new)} {follows}, not {_coms(old)}: its continues links are not used"]
    numbers = {a.number for a in old.actions}
    return [
        f"action {a.number} continues action {n}, but {_coms(old)} has no action {n}"
        for a in linking
        for n in a.continues
        if n not in numbers
    ]


def _similarities(
    words_old: list[list[str]], words_new: list[list[str]], rows: list[int], cols: list[int]
) -> np.ndarray:
    """Word similarity of every old × new action; -1 outside ``rows`` × ``cols``."""
    scores = np.full((len(words_old), len(words_new)), -1.0)
    if rows and cols:
        block = process.cdist(
            [words_old[i] for i in rows], [words_new[j] for j in cols], scorer=fuzz.ratio, dtype=np.float64, workers=-1
        )
        scores[np.ix_(rows, cols)] = block / 100.0
    return scores


def _similarity(old: Sequence[str], new: Sequence[str]) -> float:
    return fuzz.ratio(old, new) / 100.0


def _assign(scores: np.ndarray, threshold: float, *, prefer: np.ndarray | None = None) -> list[tuple[int, int, float]]:
    """One-to-one pairs scoring at least ``threshold``, best first; ``prefer`` wins ties and near-ties."""
    rows, cols = np.nonzero(scores >= threshold)
    if not len(rows):
        return []
    values = scores[rows, cols]
    rank = values + (0.1 * prefer[rows, cols] if prefer is not None else 0.0)
    order = np.lexsort((cols, rows, -rank))
    used_rows: set[int] = set()
    used_cols: set[int] = set()
    chosen: list[tuple[int, int, float]] = []
    for k in order:
        i, j = int(rows[k]), int(cols[k])
        if i not in used_rows and j not in used_cols:
            used_rows.add(i)
            used_cols.add(j)
            chosen.append((i, j, float(values[k])))
    return chosen


# --- words -----------------------------------------------------------------------


def plain_words(text: Text | None) -> list[str]:
    """The words of a text's Dutch plain text."""
    source = text_in(text, "nl")
    return markup.plain(source).split() if source else []


def word_diff(old: Sequence[str], new: Sequence[str]) -> list[WordOp]:
    """The word-by-word difference of two texts; empty when the words are the same."""
    if list(old) == list(new):
        return []
    # autojunk would treat frequent words ("de", "het") as junk in long texts and misalign them
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    runs = [(i1, i2, j1, j2) for _, i1, i2, j1, j2 in matcher.get_opcodes()]
    return [
        WordOp(_op(i2 - i1, j2 - j1, same), " ".join(old[i1:i2]), " ".join(new[j1:j2]))
        for i1, i2, j1, j2, same in _merge_small_equals(runs, old, new)
    ]


def _op(deleted: int, inserted: int, same: bool) -> Op:
    if same:
        return "equal"
    return "replace" if deleted and inserted else ("insert" if inserted else "delete")


def _merge_small_equals(
    runs: list[tuple[int, int, int, int]], old: Sequence[str], new: Sequence[str]
) -> list[tuple[int, int, int, int, bool]]:
    """Fold an unchanged run into the changes around it when it is shorter than both of them.

    Two rewritten sentences share "de", "van", "het" here and there; shown as
    matches they chop the change into confetti (diff-match-patch's semantic cleanup,
    by words).
    """

    def size(span: tuple[int, int, int, int, bool]) -> int:
        return max(span[1] - span[0], span[3] - span[2])

    out: list[tuple[int, int, int, int, bool]] = []
    for i1, i2, j1, j2 in runs:
        out.append((i1, i2, j1, j2, list(old[i1:i2]) == list(new[j1:j2])))
        # a merge makes a bigger change, which may swallow the unchanged run before it in turn
        while (
            len(out) >= 3
            and not out[-1][4]
            and out[-2][4]
            and not out[-3][4]
            and size(out[-2]) < min(size(out[-3]), size(out[-1]))
        ):
            before, after = out[-3], out[-1]
            out[-3:] = [(before[0], after[1], before[2], after[3], False)]
    return out


def _tokens(words: Iterable[str]) -> list[str]:
    """Words as compared for similarity: lower case, punctuation dropped."""
    return utils.default_process(" ".join(words)).split()


def _action_words(actions: Iterable[Action]) -> list[str]:
    return _tokens(
        itertools.chain.from_iterable(
            plain_words(a.title) + plain_words(a.summary) + plain_words(a.text) for a in actions
        )
    )


# --- conditions and concerns ------------------------------------------------------------


def compare_marks(old: Sequence[str], new: Sequence[str]) -> MarksDiff:
    """Match marked passages: the same words are unchanged, similar ones reworded, the rest added or removed."""
    removed = list(old)
    added: list[str] = []
    for text in new:
        if text in removed:
            removed.remove(text)
        else:
            added.append(text)
    if not (removed and added):
        return MarksDiff(added, removed, [])
    tokens_old = [_tokens(t.split()) for t in removed]
    tokens_new = [_tokens(t.split()) for t in added]
    scores = process.cdist(tokens_old, tokens_new, scorer=fuzz.ratio, dtype=np.float64) / 100.0
    matched = sorted(_assign(scores, REWORDED), key=lambda m: m[1])
    changed = [
        Reworded(removed[i], added[j], score, word_diff(removed[i].split(), added[j].split()))
        for i, j, score in matched
    ]
    gone = {i for i, _, _ in matched}
    came = {j for _, j, _ in matched}
    return MarksDiff(
        [t for j, t in enumerate(added) if j not in came],
        [t for i, t in enumerate(removed) if i not in gone],
        changed,
    )


def _marks(texts: Iterable[Text | None]) -> tuple[list[str], list[str]]:
    conditions: list[str] = []
    concerns: list[str] = []
    for text in texts:
        found_conditions, found_concerns = markup.conditions_and_concerns(text_in(text, "nl"))
        conditions += found_conditions
        concerns += found_concerns
    return conditions, concerns


# --- comparing ------------------------------------------------------------------------


def compare_fiches(old: Loaded, new: Loaded) -> FicheDiff:
    """Align and compare two loaded position files."""
    a, b = old.fiche, new.fiche
    relation = relation_of(a, b)
    return FicheDiff(
        old=_side(old),
        new=_side(new),
        relation=relation,
        general=_compare_general(a, b),
        texts=_compare_texts(a, b),
        areas=_compare_areas(a, b),
        actions=[_compare_pair(pair, relation) for pair in align_actions(a, b)],
        grounds=_compare_grounds(a, b),
        footnotes=_compare_footnotes(a, b),
        warnings=link_problems(a, b),
    )


def _side(loaded: Loaded) -> Side:
    fiche = loaded.fiche
    return Side(loaded.source.file, _coms(fiche), _line(fiche.title) or "", len(fiche.actions))


def _line(text: Text | None) -> str | None:
    """A short text as one line of plain words."""
    words = plain_words(text)
    return " ".join(words) if text is not None else None


_GENERAL_FIELDS = (
    "title",
    "kind",
    "follows",
    "general.proposal_title",
    "general.received",
    "general.com_number",
    "general.eurlex.url",
    "general.eurlex.label",
    "general.impact_assessment",
    "general.council",
    "general.ministry",
    "general.legal_basis",
    "general.decision_procedure",
    "general.parliament_role",
)

_GENERAL_TEXTS = (
    "essence",
    "impact_assessment_summary",
    "position.policy",
    "position.assessment",
    "position.balance",
    *(f"financial.{name}" for name in Financial.__struct_fields__),
    *(f"legal.{name}" for name in Legal.__struct_fields__),
    "implementation",
    "developing_countries",
)


def _field(fiche: Any, path: str) -> Any:
    value: Any = fiche
    for name in path.split("."):
        value = getattr(value, name, None)
    return value


def _as_line(path: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if path.rsplit(".", 1)[-1] in PLAIN_FIELDS:
        return " ".join(str(value).split())  # data, not Markdown: a URL, a COM number
    return _line(value)


def _compare_general(old: Fiche, new: Fiche) -> list[FieldChange]:
    changes = []
    several = bool(old.general.proposals or new.general.proposals)
    for path in _GENERAL_FIELDS:
        if several and path in _SINGLE_PROPOSAL_PATHS:
            continue  # compared per proposal below
        a, b = _as_line(path, _field(old, path)), _as_line(path, _field(new, path))
        if a != b:
            changes.append(FieldChange(path, a, b))
    if several:
        changes += _compare_proposals(old, new)
    return changes


# where a single-proposal fiche names its proposal; several are compared field by field per proposal
_SINGLE_PROPOSAL_PATHS = frozenset(
    {
        "general.proposal_title",
        "general.com_number",
        "general.eurlex.url",
        "general.eurlex.label",
        "general.legal_basis",
    }
)
_PROPOSAL_FIELDS = ("title", "com_number", "eurlex.url", "eurlex.label")


def _compare_proposals(old: Fiche, new: Fiche) -> list[FieldChange]:
    """The proposals of two fiches, of which one at least lists several, compared in order;
    a proposal's legal basis is its own or the one general gives for all."""
    sides = [
        [
            {
                **{name: _as_line(name, _field(p, name)) for name in _PROPOSAL_FIELDS},
                "legal_basis": _as_line("legal_basis", p.legal_basis or fiche.general.legal_basis),
            }
            for p in fiche.general.each_proposal()
        ]
        for fiche in (old, new)
    ]
    before, after = sides
    changes = []
    for i in range(max(len(before), len(after))):
        for name in (*_PROPOSAL_FIELDS, "legal_basis"):
            a = before[i][name] if i < len(before) else None
            b = after[i][name] if i < len(after) else None
            if a != b:
                changes.append(FieldChange(f"general.proposals[{i}].{name}", a, b))
    return changes


def _compare_texts(old: Fiche, new: Fiche) -> list[TextDiff]:
    out = []
    for path in _GENERAL_TEXTS:
        a, b = _field(old, path), _field(new, path)
        words = word_diff(plain_words(a), plain_words(b))
        (conditions_a, concerns_a), (conditions_b, concerns_b) = _marks([a]), _marks([b])
        conditions, concerns = compare_marks(conditions_a, conditions_b), compare_marks(concerns_a, concerns_b)
        if words or conditions or concerns:
            out.append(TextDiff(path, words, conditions, concerns))
    return out


def _compare_areas(old: Fiche, new: Fiche) -> list[AreaDiff]:
    before = {a.number: a for a in old.areas}
    after = {a.number: a for a in new.areas}
    out = []
    for number in sorted(before.keys() | after.keys()):
        a, b = before.get(number), after.get(number)
        title_a, title_b = (_line(a.title) if a else None), (_line(b.title) if b else None)
        words = word_diff(plain_words(a.text if a else None), plain_words(b.text if b else None))
        if a is None or b is None:
            status: Status = "added" if a is None else "removed"
        elif title_a != title_b or words:
            status = "changed"
        else:
            continue
        out.append(AreaDiff(a.number if a else None, b.number if b else None, status, title_a, title_b, words))
    return out


def _compare_pair(pair: Pair, relation: Relation) -> ActionDiff:
    old, new = pair.old, pair.new
    conditions_a, concerns_a = _marks(a.text for a in old)
    conditions_b, concerns_b = _marks([new.text] if new else [])
    conditions = compare_marks(conditions_a, conditions_b)
    concerns = compare_marks(concerns_a, concerns_b)
    summary = word_diff(_joined(a.summary for a in old), plain_words(new.summary) if new else [])
    text = word_diff(_joined(a.text for a in old), plain_words(new.text) if new else [])
    renumbered = relation == "versions" and bool(old) and new is not None and old[0].number != new.number
    if not old:
        status: Status = "added"
    elif new is None:
        status = "removed"
    elif (
        renumbered
        or conditions
        or concerns
        or summary
        or text
        or any(a.stance != new.stance or a.area != new.area or _line(a.title) != _line(new.title) for a in old)
    ):
        status = "changed"
    else:
        status = "unchanged"
    both = bool(old) and new is not None
    return ActionDiff(
        old,
        new,
        status,
        pair.match,
        pair.score,
        renumbered,
        conditions,
        concerns,
        summary if both else [],
        text if both else [],
        tuple(_line(a.title) or "" for a in old),
        _line(new.title) if new else None,
    )


def _joined(texts: Iterable[Text | None]) -> list[str]:
    return [word for text in texts for word in plain_words(text)]


def _compare_grounds(old: Fiche, new: Fiche) -> list[GroundDiff]:
    out = []
    for name in old.grounds.__struct_fields__:
        a, b = getattr(old.grounds, name), getattr(new.grounds, name)
        if a is None and b is None:  # a heading neither kind of fiche has
            continue
        verdict_a, verdict_b = (a.verdict if a else None), (b.verdict if b else None)
        words = word_diff(plain_words(a.text if a else None), plain_words(b.text if b else None))
        if words or verdict_a != verdict_b:
            out.append(GroundDiff(f"grounds.{name}", verdict_a, verdict_b, words))
    return out


def _compare_footnotes(old: Fiche, new: Fiche) -> list[FootnoteDiff]:
    out = []
    for key in list(old.footnotes) + [k for k in new.footnotes if k not in old.footnotes]:
        a, b = old.footnotes.get(key), new.footnotes.get(key)
        words = word_diff(plain_words(a), plain_words(b))
        if a is None or b is None:
            status: Status = "added" if a is None else "removed"
        elif words:
            status = "changed"
        else:
            continue
        out.append(FootnoteDiff(key, status, _line(a), _line(b), words if a is not None and b is not None else []))
    return out
