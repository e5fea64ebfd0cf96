"""Speed of `fiche diff`: two generated proposals of 200 actions, aligned and compared.

    python benchmarks/bench_diff.py [--runs N] [--actions N]

Two pairs are generated with a fixed seed, each action ~80 words with a marked
condition and concern:
- *versions*: the same proposal after an edit: stances changed, sentences and
  conditions reworded, actions deleted (the rest renumbered), added and swapped;
- *follow-up*: a newer proposal continuing the first: half its actions name the
  actions they continue, a quarter are rewordings found by similarity, the rest new.
Figures are medians of ``--runs`` runs of ``compare_fiches`` on loaded files (the
Markdown parse is then cached, as in `fiche diff`, which loads both files first),
against baselines measured in the same run: one difflib.SequenceMatcher over the
concatenated words of the two files' action texts (the naive diff), and loading the
two files. Target (issue): ≤ 0.5 s per 200×200 diff.
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import statistics
import time
from collections.abc import Callable

import yaml

from fichebuilder.compare.diff import compare_fiches
from fichebuilder.source.loading import Loaded, load_position_bytes
from fichebuilder.source.markup import plain

TARGET = 0.5

WORDS = (  # noqa: SIM905 - a sentence reads better than a list of 58 strings
    "het kabinet steunt de inzet van de commissie om samenwerking tussen lidstaten agentschappen douane politie "
    "justitie te versterken bij de aanpak van drugshandel criminele netwerken havens logistieke knooppunten "
    "informatie delen evaluatie mandaat capaciteit financiering onderzoek innovatie preventie jongeren "
    "rekrutering precursoren laboratoria synthetische drugs derde landen partnerschappen monitoring indicatoren "
    "regeldruk administratieve lasten bestaande kaders wetgeving voorstel actieplan strategie uitvoering"
).split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def action(rng: random.Random, number: int) -> dict:
    text = (
        f"{sentence(rng, 18)} {sentence(rng, 15)} [{sentence(rng, 14)}]{{.condition}} "
        f"{sentence(rng, 12)} [{sentence(rng, 12)}]{{.concern}} {sentence(rng, 10)}"
    )
    return {
        "number": number,
        "area": 1,
        "title": sentence(rng, 6).rstrip("."),
        "stance": "conditional",
        "text": text,
    }


def fiche(com: str, actions: list[dict], follows: str | None = None) -> bytes:
    data = {
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
        "essence": "De Commissie stelt veel acties voor.",
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
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def edited(rng: random.Random, old: list[dict]) -> list[dict]:
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


def follow_up(rng: random.Random, old: list[dict]) -> list[dict]:
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


def median_time(work: Callable[[], object], runs: int) -> float:
    work()  # warm up: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def naive(old: Loaded, new: Loaded) -> None:
    words_old = " ".join(plain(a.text) for a in old.fiche.actions if isinstance(a.text, str)).split()
    words_new = " ".join(plain(a.text) for a in new.fiche.actions if isinstance(a.text, str)).split()
    difflib.SequenceMatcher(None, words_old, words_new).get_opcodes()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--actions", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(744)
    base = [action(rng, n) for n in range(1, args.actions + 1)]
    pairs = {
        "versions": (fiche("COM(2025) 1", base), fiche("COM(2025) 1", edited(rng, base))),
        "follow-up": (fiche("COM(2023) 1", base), fiche("COM(2025) 2", follow_up(rng, base), follows="COM(2023) 1")),
    }
    for name, (old_bytes, new_bytes) in pairs.items():
        old = load_position_bytes(old_bytes, name="old.yaml")
        new = load_position_bytes(new_bytes, name="new.yaml")
        n_old, n_new = len(old.fiche.actions), len(new.fiche.actions)
        ours = median_time(lambda old=old, new=new: compare_fiches(old, new), args.runs)
        baseline = median_time(lambda old=old, new=new: naive(old, new), args.runs)
        loading = median_time(
            lambda o=old_bytes, n=new_bytes: (load_position_bytes(o, name="o"), load_position_bytes(n, name="n")),
            max(3, args.runs // 2),
        )
        s = compare_fiches(old, new).summary
        verdict = "ok" if ours <= TARGET else "MISSED"
        print(
            f"diff {n_old}x{n_new} ({name}): {ours:.3f} s (target <= {TARGET} s: {verdict}) = "
            f"{ours / baseline:.1f}x baseline (one difflib.SequenceMatcher over the concatenated words: "
            f"{baseline:.3f} s) = {ours / loading:.2f}x loading both files ({loading:.3f} s)"
        )
        print(
            f"  found: {s.matched} matched ({s.renumbered} renumbered, {s.linked} by link, {s.fuzzy} by similarity), "
            f"{s.added} added, {s.removed} removed, {s.stances_changed} stances changed, "
            f"{s.conditions.changed} conditions reworded"
        )
    print(f"(medians of {args.runs} runs; this machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
