"""How `dxcompare.extract` does on held-out plans: texts it was not written against.

`tests/heldout/texts/*.txt` are six synthetic plans in the official style (province,
district and commune; Kế hoạch, Quyết định, Chương trình; PDF, web and NFD/CRLF copies),
each hand-annotated in `tests/heldout/annotations/<name>.yaml` by the `data/README.md`
rules before the extractor's code was read. The measures are exactly those of
`benchmarks/extraction_quality.py` (its scoring is imported, not copied), except that an
annotated agency with no registry row (`agency_id: null`) is matched by its name against extracted
agencies that have no id, both keyed as the registry keys a name (`textnorm.agency_key`: case, NFC,
"Uỷ"/"Ủy", abbreviations written out, "&"/"và", dashes, punctuation, white space).

`--folder tests/heldout/fresh` scores a second, smaller batch written after the fixes (same layout);
`--set NAME` is short for `--folder tests/heldout/NAME` (e.g. `--set round2`, six plans written
and annotated before the extractor's code was read). Without either, the first six are scored.

    python benchmarks/heldout_quality.py [--folder DIR | --set NAME] [--details] [--markdown FILE --title TEXT]
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import yaml
from extraction_quality import LABELS, Score, _curated, _facts, _relation_agreement, _table

from dxcompare.extract import extract
from dxcompare.extract.registry import Registries
from dxcompare.textnorm import agency_key

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "heldout"


def _agency_key(agency_id: str | None, name: str | None) -> tuple[str, str]:
    """A registry id when there is one, else the normalised name."""
    return ("id", agency_id) if agency_id else ("name", agency_key(name or ""))


def _got_agencies(doc) -> dict[str, Counter]:
    keys = [(_agency_key(a.agency_id, a.name), a.role) for a in doc.agencies]
    return {"agencies": Counter({k for k, _ in keys}), "agency_roles": Counter(set(keys))}


def _want_agencies(ann: dict) -> dict[str, Counter]:
    keys = [(_agency_key(a.get("agency_id"), a.get("name_in_source")), a["role"]) for a in ann.get("assignments") or []]
    return {"agencies": Counter({k for k, _ in keys}), "agency_roles": Counter(set(keys))}


def _scoped_targets(targets, get) -> Counter:
    """Extra measure: targets with their scope too (value, comparator, year, scope)."""
    return Counter((float(get(t, "value")), str(get(t, "comparator")), int(get(t, "year")), get(t, "scope")) for t in targets)


def load_annotations(folder: Path = HELDOUT) -> list[tuple[Path, dict]]:
    out = []
    for path in sorted((folder / "annotations").glob("*.yaml")):
        ann = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append((folder / "texts" / ann["source_file"], ann))
    return out


def quality(folder: Path = HELDOUT, details: bool = False):
    reg = Registries.load(ROOT / "data")
    scores = {k: Score() for k in LABELS}
    scoped = Score()
    agree = [0, 0]
    lines, misses = [], []
    for text_path, ann in load_annotations(folder):
        doc = extract(text_path.read_text(encoding="utf-8"), source=str(text_path), registries=reg)
        got, want = _facts(doc), _curated(ann)
        got.update(_got_agencies(doc))
        want.update(_want_agencies(ann))
        per = []
        for k, s in scores.items():
            one = Score()
            one.add(got[k], want[k])
            s.add(got[k], want[k])
            per.append(f"{k} {one.tp}/{one.tp + one.fp}/{one.tp + one.fn}")
            if details and (got[k] != want[k]):
                extra, missing = got[k] - want[k], want[k] - got[k]
                misses.append(f"{text_path.name} {k}: extra {sorted(extra.elements(), key=str)} "
                              f"missing {sorted(missing.elements(), key=str)}")
        scoped.add(_scoped_targets(doc.targets, getattr),
                   _scoped_targets(ann.get("targets") or [], lambda t, f: t[f]))
        a, n = _relation_agreement(got["relations"], want["relations"])
        agree[0] += a
        agree[1] += n
        lines.append(f"{text_path.stem:26s} " + "  ".join(per))
    return scores, scoped, (agree[0], agree[1]), lines, misses


def throughput(folder: Path = HELDOUT, megabytes: float = 2.0) -> float:
    """MB per second on one core (process time) on the held-out texts repeated to `megabytes`."""
    unit = "\n\n".join(p.read_text(encoding="utf-8") for p, _ in load_annotations(folder))
    reps = max(1, int(megabytes * 1e6 / len(unit.encode("utf-8"))) + 1)
    corpus = "\n\n".join([unit] * reps)
    reg = Registries.load(ROOT / "data")
    extract(unit, registries=reg)
    t0 = time.process_time()
    extract(corpus, registries=reg)
    return len(corpus.encode("utf-8")) / 1e6 / (time.process_time() - t0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--folder", type=Path, default=HELDOUT, help="a folder with texts/ and annotations/")
    where.add_argument("--set", dest="set_name", default=None,
                       help="a named set under tests/heldout/ (e.g. round2, fresh)")
    ap.add_argument("--details", action="store_true", help="list what each text got wrong")
    ap.add_argument("--markdown", type=Path, default=None, help="append the figures to this file under --title")
    ap.add_argument("--title", default="Held-out figures")
    args = ap.parse_args(argv)
    if args.set_name:
        args.folder = HELDOUT / args.set_name
        if not (args.folder / "annotations").is_dir():
            ap.error(f"no held-out set {args.set_name!r}: {args.folder / 'annotations'} is not a folder")
    scores, scoped, (agree, both), per_text, misses = quality(args.folder, details=args.details)
    out = [f"## {args.title}", "", *_table(scores, agree, both), "",
           f"Extra (not a goal): targets with scope (value, comparator, year, scope): "
           f"P {scoped.precision:.3f} R {scoped.recall:.3f} F1 {scoped.f1:.3f}", "",
           "Per text (true positives / extracted / annotated):", "", "```", *per_text, "```", "",
           f"Throughput on these texts: {throughput(args.folder):.2f} MB/s on one core"]
    if args.details:
        out += ["", "Differences (extracted but not annotated / annotated but not extracted):", "", "```", *misses, "```"]
    text = "\n".join(out)
    print(text)
    if args.markdown:
        with args.markdown.open("a", encoding="utf-8") as fh:
            fh.write("\n" + text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
