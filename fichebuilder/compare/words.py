"""Word-by-word differences of two texts, for the diff report, the redline and the review.

difflib's matching of words (without autojunk: frequent words are words too), sentences
first in a long text, and rapidfuzz's Indel opcodes (C) where even that would take too
long; small unchanged runs between two changes are folded into them. Kept apart from
``diff`` so that what needs only the words (a review's report) does not load the
alignment of actions, with numpy behind it.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Hashable, Sequence
from typing import Any

from rapidfuzz.distance import Indel

from fichebuilder.compare.changes import Op, WordOp

BLOCK = 4_000_000  # words × words beyond which difflib (quadratic) compares sentences first, or hands over to rapidfuzz
_STOPS = (".", "!", "?")
_CLOSING = ('"', "'", "”", "’", ")", "]")  # what may follow a sentence's full stop in its last word
Run = tuple[int, int, int, int, bool]  # old[i1:i2] and new[j1:j2], and whether they are the same


def word_diff(old: Sequence[str], new: Sequence[str]) -> list[WordOp]:
    """The word-by-word difference of two texts; empty when the words are the same."""
    old, new = list(old), list(new)
    if old == new:
        return []
    return [
        WordOp(_op(i2 - i1, j2 - j1, same), " ".join(old[i1:i2]), " ".join(new[j1:j2]))
        for i1, i2, j1, j2, same in _merge_small_equals(_runs(old, new))
    ]


def _runs(old: list[str], new: list[str]) -> list[Run]:
    """The runs of unchanged and changed words: difflib's, sentences first in a long text.

    difflib over all the words of a long text is quadratic, because a frequent
    word ("de") stands everywhere. Sentences hardly repeat, so matching them is near
    linear, and only the words of the few changed sentences are then compared.
    Texts up to ``BLOCK`` (all a fiche holds today) are compared word by word as
    they always were: sentences first may settle an ambiguous match otherwise.
    """
    if len(old) * len(new) <= BLOCK:
        return _word_runs(old, new)
    cuts_old, cuts_new = _sentence_starts(old), _sentence_starts(new)
    sentences_old = [tuple(old[a:b]) for a, b in itertools.pairwise(cuts_old)]
    sentences_new = [tuple(new[a:b]) for a, b in itertools.pairwise(cuts_new)]
    runs: list[Run] = []
    for tag, s1, s2, t1, t2 in _matcher(sentences_old, sentences_new).get_opcodes():
        i1, i2, j1, j2 = cuts_old[s1], cuts_old[s2], cuts_new[t1], cuts_new[t2]
        if tag == "replace":
            runs += [(i1 + a, i1 + b, j1 + c, j1 + d, same) for a, b, c, d, same in _word_runs(old[i1:i2], new[j1:j2])]
        else:
            runs.append((i1, i2, j1, j2, tag == "equal"))
    return _joined_runs(runs)


def _sentence_starts(words: list[str]) -> list[int]:
    """Where each sentence starts, and the end: a sentence ends with a word ending in . ! or ? (and ")" etc.)."""
    ends = [
        k + 1
        for k, word in enumerate(words)
        if word.endswith(_STOPS) or (word.endswith(_CLOSING) and word.rstrip("".join(_CLOSING)).endswith(_STOPS))
    ]
    return [0, *ends] if ends and ends[-1] == len(words) else [0, *ends, len(words)]


def _word_runs(old: list[str], new: list[str]) -> list[Run]:
    """The runs of two stretches of words: difflib's, or rapidfuzz's (C) where difflib would take too long."""
    if len(old) * len(new) <= BLOCK:
        runs = [(i1, i2, j1, j2, tag == "equal") for tag, i1, i2, j1, j2 in _matcher(old, new).get_opcodes()]
    else:
        runs = [(o.src_start, o.src_end, o.dest_start, o.dest_end, o.tag == "equal") for o in Indel.opcodes(old, new)]
    return _joined_runs(runs)


def _matcher(old: Sequence[Hashable], new: Sequence[Hashable]) -> difflib.SequenceMatcher[Any]:
    # autojunk would treat frequent words ("de", "het") as junk in long texts and misalign them
    return difflib.SequenceMatcher(None, old, new, autojunk=False)


def _joined_runs(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of the same kind as one run; empty runs dropped."""
    out: list[Run] = []
    for run in runs:
        if run[0] == run[1] and run[2] == run[3]:
            continue
        if out and out[-1][4] == run[4]:
            out[-1] = (out[-1][0], run[1], out[-1][2], run[3], run[4])
        else:
            out.append(run)
    return out


def _op(deleted: int, inserted: int, same: bool) -> Op:
    if same:
        return "equal"
    return "replace" if deleted and inserted else ("insert" if inserted else "delete")


def _merge_small_equals(runs: list[Run]) -> list[Run]:
    """Fold an unchanged run into the changes around it when it is shorter than both of them.

    Two rewritten sentences share "de", "van", "het" here and there; shown as
    matches they chop the change into confetti (diff-match-patch's semantic cleanup,
    by words).
    """

    def size(span: Run) -> int:
        return max(span[1] - span[0], span[3] - span[2])

    out: list[Run] = []
    for run in runs:
        out.append(run)
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
