"""How close `dxcompare.extract` comes to the curated plans, and how fast it is.

For every raw text that a curated plan (`data/plans/*.yaml`, matched by
`source_file`) describes, the extractor's output is compared with the curated
facts, micro-averaged over plans:

- citations: the set of cited doc_ids; relations: the set of (doc_id, relation)
  pairs, plus the share of doc_ids found by both whose relations agree exactly;
- targets: the multiset of (value, comparator, year);
- budgets: the multiset of amounts;
- agencies: the set of assigned agency_ids; agency + role: the set of
  (agency_id, role) pairs.

Throughput is measured on one core (process time) over a multi-megabyte corpus
made by concatenating the raw texts.

The five curated plans were in view while the rules were written, so they are
a development set. `--synthetic N` adds a check on N plans the extractor has
never seen, written by `benchmarks/synth.py` (another author's generator, in
the official style, with its own ground truth). Two of the generator's
conventions differ from the curation rules and cost recall there by design: it
sometimes assigns tasks to the issuing committee itself, and it does not list
documents named inside another citation's description.

    python benchmarks/extraction_quality.py [--data DIR] [--markdown FILE] [--mb 4] [--synthetic N]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from dxcompare.extract import extract
from dxcompare.extract.registry import Registries

ROOT = Path(__file__).resolve().parent.parent


class Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, got: Counter, want: Counter) -> None:
        hit = sum((got & want).values())
        self.tp += hit
        self.fp += sum(got.values()) - hit
        self.fn += sum(want.values()) - hit

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _facts(doc) -> dict[str, Counter]:
    return {
        "citations": Counter({c.doc_id for c in doc.citations}),
        "relations": Counter({(c.doc_id, c.relation) for c in doc.citations}),
        "targets": Counter((float(t.value), t.comparator, t.year) for t in doc.targets),
        "budgets": Counter(b.amount_vnd for b in doc.budgets),
        "agencies": Counter({a.agency_id for a in doc.agencies if a.agency_id}),
        "agency_roles": Counter({(a.agency_id, a.role) for a in doc.agencies if a.agency_id}),
    }


def _curated(plan: dict) -> dict[str, Counter]:
    cits = plan.get("citations") or []
    assigns = plan.get("assignments") or []
    return {
        "citations": Counter({c["doc_id"] for c in cits}),
        "relations": Counter({(c["doc_id"], c["relation"]) for c in cits}),
        "targets": Counter((float(t["value"]), str(t["comparator"]), int(t["year"])) for t in plan.get("targets") or []),
        "budgets": Counter(int(b["amount_vnd"]) for b in plan.get("budgets") or []),
        "agencies": Counter({a["agency_id"] for a in assigns}),
        "agency_roles": Counter({(a["agency_id"], a["role"]) for a in assigns}),
    }


def _relation_agreement(got: Counter, want: Counter) -> tuple[int, int]:
    """(doc_ids found by both whose relation sets agree, doc_ids found by both)."""
    g, w = {}, {}
    for doc_id, rel in got:
        g.setdefault(doc_id, set()).add(rel)
    for doc_id, rel in want:
        w.setdefault(doc_id, set()).add(rel)
    both = set(g) & set(w)
    return sum(g[d] == w[d] for d in both), len(both)


def quality(data_dir: Path) -> tuple[dict[str, Score], tuple[int, int], list[str]]:
    reg = Registries.load(data_dir)
    plans = {}
    for path in sorted((data_dir / "plans").glob("*.yaml")):
        plan = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(plan, dict) and plan.get("source_file"):
            plans[plan["source_file"]] = plan
    scores = {k: Score() for k in ("citations", "relations", "targets", "budgets", "agencies", "agency_roles")}
    agree = [0, 0]
    lines = []
    for raw in sorted((data_dir / "raw").glob("*.txt")):
        plan = plans.get(raw.name)
        if plan is None:
            continue
        doc = extract(raw.read_text(encoding="utf-8"), source=str(raw), registries=reg)
        got, want = _facts(doc), _curated(plan)
        per = []
        for k, s in scores.items():
            one = Score()
            one.add(got[k], want[k])
            s.add(got[k], want[k])
            per.append(f"{k} {one.tp}/{one.tp + one.fp}/{one.tp + one.fn}")
        a, n = _relation_agreement(got["relations"], want["relations"])
        agree[0] += a
        agree[1] += n
        lines.append(f"{plan['plan_id']:28s} " + "  ".join(per))
    return scores, (agree[0], agree[1]), lines


def throughput(data_dir: Path, megabytes: float) -> tuple[float, float]:
    """(MB per second on one core, corpus size in MB) for `extract` on concatenated raw texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((data_dir / "raw").glob("*.txt"))]
    unit = "\n\n".join(texts)
    reps = max(1, int(megabytes * 1e6 / len(unit.encode("utf-8"))) + 1)
    corpus = "\n\n".join([unit] * reps)
    size = len(corpus.encode("utf-8")) / 1e6
    reg = Registries.load(data_dir)
    extract(unit, registries=reg)  # warm the compiled patterns and registry caches
    t0 = time.process_time()
    extract(corpus, registries=reg)
    return size / (time.process_time() - t0), size


GOALS = {"citations": 0.98, "relations": 0.95, "targets": 0.95, "budgets": 0.98, "agencies": 0.90,
         "agency_roles": 0.85}
LABELS = {"citations": "citations (doc_id)", "relations": "citation relations (doc_id, relation)",
          "targets": "targets (value, comparator, year)", "budgets": "budgets (amount)",
          "agencies": "agencies (agency_id)", "agency_roles": "agency + role"}


def _table(scores: dict[str, Score], agree: int, both: int) -> list[str]:
    rows = ["| measure | precision | recall | F1 | goal (F1) |", "|---|---|---|---|---|"]
    for k, s in scores.items():
        rows.append(f"| {LABELS[k]} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | ≥ {GOALS[k]:.2f} |")
    acc = agree / both if both else 1.0
    return [*rows, "", f"Relation accuracy (doc_ids found by both whose relations agree exactly): "
                       f"{agree}/{both} = {acc:.3f}"]


def synthetic(n: int, seed: int, mb: float) -> list[str]:
    """Quality and throughput on `n` unseen plans written by benchmarks/synth.py."""
    synth = ROOT / "benchmarks" / "synth.py"
    if not synth.exists():
        return ["", "(benchmarks/synth.py is absent: no synthetic check)"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "synthetic"
        subprocess.run([sys.executable, str(synth), "--plans", str(n), "--out", str(out), "--seed", str(seed)],
                       check=True, capture_output=True)
        scores, (agree, both), _ = quality(out)
        mbps, size = throughput(out, mb)
    return ["", f"## On {n} unseen synthetic plans (`benchmarks/synth.py --seed {seed}`)", "", *_table(scores, agree, both),
            "", f"Throughput on this denser text: {mbps:.2f} MB/s on one core ({size:.1f} MB)"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--markdown", type=Path, default=None, help="also write the figures to this file")
    ap.add_argument("--mb", type=float, default=4.0, help="size of the throughput corpus in MB")
    ap.add_argument("--synthetic", type=int, default=0, metavar="N", help="also score N synthetic unseen plans")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic plans")
    args = ap.parse_args(argv)
    scores, (agree, both), per_plan = quality(args.data)
    mbps, size = throughput(args.data, args.mb)
    out = ["## Extraction quality on the curated plans", "", *_table(scores, agree, both),
           "", "Per plan (true positives / extracted / curated):", "", "```", *per_plan, "```", "",
           f"Throughput: {mbps:.2f} MB/s on one core ({size:.1f} MB corpus of concatenated raw texts; goal ≥ 1 MB/s)"]
    if args.synthetic:
        out += synthetic(args.synthetic, args.seed, min(args.mb, 2.0))
    text = "\n".join(out)
    print(text)
    if args.markdown:
        command = "python benchmarks/extraction_quality.py" + (f" --synthetic {args.synthetic}" if args.synthetic else "")
        note = ("The five curated plans were in view while the rules were written: they are a development set, "
                "and perfect scores there say little about unseen plans. The synthetic plans of the seed below were "
                "never looked at during development (plans of other seeds were, to find general failure modes such "
                "as a dash or a number that a line break puts first on a line). Their remaining misses are the "
                "generator's conventions described in the script's docstring.\n\n" if args.synthetic else "")
        args.markdown.write_text(f"# Extraction benchmark\n\nProduced by `{command}`.\n\n{note}" + text + "\n",
                                 encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
