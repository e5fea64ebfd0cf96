"""Speed of `fiche diff` on generated pairs of position files, against loading them.

    python benchmarks/bench_diff.py [--runs N] [--only SLUG,...] [--write DIR]

The cases (all generated with a fixed seed):
- *versions 200* / *versions 2000*: a proposal of 200 (2000) actions of ~80 words,
  each with a marked condition and concern, and a later version of it: stances
  changed, sentences and conditions reworded, actions deleted (the rest renumbered),
  added and swapped;
- *follow-up 200* / *follow-up 2000*: a newer proposal continuing the first: half its
  actions name the actions they continue, a quarter are rewordings found by
  similarity, the rest new;
- *50,000 words*: a fiche whose essence is a text of 50,000 words (drawn from the
  example's words, as often as the example uses them), and the same with 1 % of its
  sentences changed (a word replaced, added or dropped, or the sentence rewritten);
- *example ×10* / *example ×100*: positions/com-2025-744.yaml with every Dutch text
  10 (100) times as long, and the same with 1 % of its sentences changed and one
  stance changed.
A figure is the median of ``--runs`` runs of what `fiche diff` does once it has
loaded both files: ``compare_fiches`` and the text report, each run right after
loading them (untimed, after a garbage collection), so that the Markdown cache and
the heap are as a fresh `fiche diff` finds them; the processor time is printed too,
as a busy machine stretches the wall time. The baseline, measured in the same run,
is the time to load both files (YAML parse and validation); loading is not part of
the targets (issue): versions 2000 ≤ 0.5 s, 50,000 words ≤ 1 s, versions 200 no
slower than before.

``--write DIR`` writes each pair as DIR/SLUG.old.yaml and DIR/SLUG.new.yaml, to time
the whole command; a case's slug is its name in lower case with dashes
(``versions-2000``, ``50-000-words``, ``example-x100``).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from fichebuilder.compare.diff import compare_fiches
from fichebuilder.compare.report import render_report
from fichebuilder.source.loading import Loaded, load_position_bytes

EXAMPLE = Path(__file__).resolve().parent.parent / "positions" / "com-2025-744.yaml"
TARGETS = {"versions 2000": 0.5, "50,000 words": 1.0}

WORDS = (  # noqa: SIM905 - a sentence reads better than a list of 58 strings
    "het kabinet steunt de inzet van de commissie om samenwerking tussen lidstaten agentschappen douane politie "
    "justitie te versterken bij de aanpak van drugshandel criminele netwerken havens logistieke knooppunten "
    "informatie delen evaluatie mandaat capaciteit financiering onderzoek innovatie preventie jongeren "
    "rekrutering precursoren laboratoria synthetische drugs derde landen partnerschappen monitoring indicatoren "
    "regeldruk administratieve lasten bestaande kaders wetgeving voorstel actieplan strategie uitvoering"
).split()


# --- proposals with many actions ---------------------------------------------------------


def sentence(rng: random.Random, n: int, words: list[str] = WORDS) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def action(rng: random.Random, number: int) -> dict[str, Any]:
    text = (
        f"{sentence(rng, 18)} {sentence(rng, 15)} [{sentence(rng, 14)}]{{.condition}} "
        f"{sentence(rng, 12)} [{sentence(rng, 12)}]{{.concern}} {sentence(rng, 10)}"
    )
    return {"number": number, "area": 1, "title": sentence(rng, 6).rstrip("."), "stance": "conditional", "text": text}


def fiche(com: str, actions: list[dict[str, Any]], follows: str | None = None, essence: str | None = None) -> bytes:
    data: dict[str, Any] = {
        "kind": "communication",
        "title": "Mededeling over een gegenereerd voorstel",
        "general": {
            "proposal_title": "MEDEDELING VAN DE COMMISSIE over een gegenereerd voorstel",
            "received": "2025-12-04",
            "com_number": com,
            "eurlex": {"url": "https://eur-lex.europa.eu/", "label": "EUR-Lex"},
            "impact_assessment": "Niet opgesteld.",
            "council": "Raad Justitie en Binnenlandse Zaken",
            "ministry": "Ministerie van Justitie en Veiligheid.",
        },
        "essence": essence or "De Commissie stelt veel acties voor.",
        "position": {"policy": "Beleid.", "assessment": "Oordeel.", "balance": "Krachtenveld."},
        "areas": [{"number": 1, "title": "Alles"}],
        "actions": actions,
        "grounds": {
            name: {"text": "Tekst."}
            for name in ("competence", "subsidiarity", "proportionality", "financial", "burden")
        },
    }
    if follows:
        data["follows"] = follows
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")


def edited(rng: random.Random, old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A later version: 5% deleted (the rest renumbered), 10% stance, 10% reworded, 5% added, 2 swapped."""
    kept = [dict(a) for a in old if rng.random() >= 0.05]
    for a in kept:
        roll = rng.random()
        if roll < 0.10:
            a["stance"] = "support"
        elif roll < 0.20:
            words = a["text"].split(" ")
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            a["text"] = " ".join(words)
    for _ in range(len(old) // 20):
        kept.insert(rng.randrange(len(kept)), action(rng, 0))
    kept[10], kept[11] = kept[11], kept[10]
    for number, a in enumerate(kept, start=1):
        a["number"] = number
    return kept


def follow_up(rng: random.Random, old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A newer proposal: half continue an old action by link, a quarter reworded (fuzzy), a quarter new."""
    out = []
    for number in range(1, len(old) + 1):
        source = old[number - 1]
        roll = number % 4
        if roll in (0, 1):
            a = action(rng, number)
            a["continues"] = [source["number"]]
        elif roll == 2:
            a = dict(source, number=number)
            words = a["text"].split(" ")
            for _ in range(8):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            a["text"] = " ".join(words)
        else:
            a = action(rng, number)
        out.append(a)
    return out


# --- long texts ----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z[])")


def example_words() -> list[str]:
    """The words of the example's Dutch texts, each as often as the example uses it."""
    text = EXAMPLE.read_text(encoding="utf-8")
    return [w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ][a-zà-ÿ-]+", text)]


def long_text(rng: random.Random, n_words: int) -> str:
    """Paragraphs of 4–8 sentences of 8–30 words drawn from the example's words."""
    words = example_words()
    paragraphs, count = [], 0
    while count < n_words:
        sentences = [sentence(rng, rng.randint(8, 30), words) for _ in range(rng.randint(4, 8))]
        count += sum(len(s.split()) for s in sentences)
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def change_sentences(rng: random.Random, text: str, share: float, words: list[str]) -> str:
    """``text`` with ``share`` of its sentences changed: a word replaced, added or dropped, or all rewritten."""
    paragraphs = [_SENTENCE_END.split(p) for p in text.split("\n\n")]
    places = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p))]
    for i, j in rng.sample(places, max(1, round(share * len(places)))):
        tokens = paragraphs[i][j].split(" ")
        plain = [k for k, t in enumerate(tokens) if t.isalpha() and t.islower()]
        if not plain:
            continue
        k, roll = rng.choice(plain), rng.random()
        if roll < 0.4:
            tokens[k] = rng.choice(words)
        elif roll < 0.6:
            tokens[k:k] = [rng.choice(words), rng.choice(words)]
        elif roll < 0.8:
            del tokens[k]
        else:
            tokens = sentence(rng, len(tokens), words).split(" ")
        paragraphs[i][j] = " ".join(tokens)
    return "\n\n".join(" ".join(p) for p in paragraphs)


def texts_of(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """(mapping, key) of every multi-sentence text of a position file: essence, position, areas, actions, grounds."""
    yield data, "essence"
    yield from ((data["position"], k) for k in data["position"])
    yield from ((area, "text") for area in data["areas"] if "text" in area)
    yield from ((a, k) for a in data["actions"] for k in ("text", "summary") if k in a)
    yield from ((g, "text") for g in data["grounds"].values() if g and "text" in g)


def longer_example(rng: random.Random, times: int) -> tuple[bytes, bytes]:
    """The example with every Dutch text ``times`` as long, and an edit of it (1 % of sentences, one stance)."""
    old = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for mapping, key in texts_of(old):
        value = mapping[key]
        dutch = value["nl"] if isinstance(value, dict) else value
        mapping[key] = "\n\n".join([dutch.strip()] * times)
    new = yaml.safe_load(yaml.safe_dump(old, allow_unicode=True))
    words = example_words()
    for mapping, key in texts_of(new):
        mapping[key] = change_sentences(rng, mapping[key], 0.01, words)
    new["actions"][0]["stance"] = "critical"
    return (
        yaml.safe_dump(old, allow_unicode=True, sort_keys=False).encode("utf-8"),
        yaml.safe_dump(new, allow_unicode=True, sort_keys=False).encode("utf-8"),
    )


# --- the cases and the run -------------------------------------------------------------------


def cases(rng: random.Random) -> dict[str, Callable[[], tuple[bytes, bytes]]]:
    def many(n: int, kind: str) -> tuple[bytes, bytes]:
        base = [action(rng, k) for k in range(1, n + 1)]
        if kind == "versions":
            return fiche("COM(2025) 1", base), fiche("COM(2025) 1", edited(rng, base))
        return fiche("COM(2023) 1", base), fiche("COM(2025) 2", follow_up(rng, base), follows="COM(2023) 1")

    def words_50000() -> tuple[bytes, bytes]:
        text = long_text(rng, 50_000)
        changed = change_sentences(rng, text, 0.01, example_words())
        actions = [action(rng, k) for k in range(1, 4)]
        return fiche("COM(2025) 3", actions, essence=text), fiche("COM(2025) 3", actions, essence=changed)

    return {
        "versions 200": lambda: many(200, "versions"),
        "follow-up 200": lambda: many(200, "follow-up"),
        "versions 2000": lambda: many(2000, "versions"),
        "follow-up 2000": lambda: many(2000, "follow-up"),
        "50,000 words": words_50000,
        "example ×10": lambda: longer_example(rng, 10),
        "example ×100": lambda: longer_example(rng, 100),
    }


def median_time(work: Callable[[], object], runs: int, *, setup: Callable[[], object]) -> tuple[float, float]:
    """The median wall and processor time of ``work``, each run after an untimed ``setup``."""
    setup()
    work()  # warm up: imports, caches
    wall, cpu = [], []
    for _ in range(runs):
        setup()
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def measure(name: str, old_bytes: bytes, new_bytes: bytes, runs: int) -> None:
    loaded: list[Loaded] = []

    def forget() -> None:
        # as in a fresh `fiche diff`: no garbage of the run before
        loaded.clear()
        gc.collect()

    def load() -> None:
        # as `fiche diff` does: the older file, then the newer one (whose parsed Markdown the cache then holds)
        loaded[:] = [load_position_bytes(old_bytes, name="old.yaml"), load_position_bytes(new_bytes, name="new.yaml")]

    def forget_and_load() -> None:
        forget()
        load()

    ours, ours_cpu = median_time(lambda: render_report(compare_fiches(*loaded), "text"), runs, setup=forget_and_load)
    loading, _ = median_time(load, runs, setup=forget)
    target = TARGETS.get(name)
    verdict = f" (target <= {target} s: {'ok' if ours <= target else 'MISSED'})" if target else ""
    words = sum(len(m[k].split()) for m, k in texts_of(yaml.safe_load(new_bytes)) if isinstance(m[k], str))
    print(
        f"{name}: {ours:.3f} s{verdict} = {ours / loading:.2f}x loading both files ({loading:.3f} s); "
        f"processor time {ours_cpu:.3f} s"
    )
    s = compare_fiches(*loaded).summary
    print(
        f"  {s.old_actions}x{s.new_actions} actions, {words} words of text in the new file; found: {s.matched} "
        f"matched ({s.renumbered} renumbered, {s.linked} by link, {s.fuzzy} by similarity), {s.added} added, "
        f"{s.removed} removed, {s.stances_changed} stances changed, {s.conditions.changed} conditions reworded, "
        f"{s.texts} general text(s) changed"
    )


def slug(name: str) -> str:
    return re.sub(r"\W+", "-", name.replace("×", "x")).strip("-").lower()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="comma-separated slugs of the cases to run (default: all)")
    parser.add_argument("--write", type=Path, help="write each pair of files into this folder")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else None
    for name, make in cases(random.Random(744)).items():
        old_bytes, new_bytes = make()  # made even when not chosen, so that every case sees the same random numbers
        if chosen and slug(name) not in chosen:
            continue
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / f"{slug(name)}.old.yaml").write_bytes(old_bytes)
            (args.write / f"{slug(name)}.new.yaml").write_bytes(new_bytes)
        measure(name, old_bytes, new_bytes, args.runs)
    print(f"(medians of {args.runs} runs; this machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
