"""`graph`: export the plans / legal bases / agencies network for Gephi, Cytoscape or networkx.

Each format is read back by networkx into the same nodes, edges and attributes
(GEXF adds Gephi's `label`, the Vietnamese label). The file is written beside
its target and renamed into place, so a failure never leaves half a file, and
GEXF's run-date stamp is dropped so the same data always gives the same bytes.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import networkx as nx

from ..atomic import atomic_path
from ..defaults import default_data_dir
from ..errors import UsageError
from ..graph import SUBSETS, build_graph, flatten, select
from ..loader import load_dataset


def _graphml(G: nx.MultiDiGraph, path: Path) -> None:
    nx.write_graphml(G, path, encoding="utf-8", prettyprint=True)


def _gexf(G: nx.MultiDiGraph, path: Path) -> None:
    H = G.copy()
    for _, a in H.nodes(data=True):
        a["label"] = a.get("label_vi", "")
    nx.write_gexf(H, path, encoding="utf-8", prettyprint=True)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1), encoding="utf-8")


def _json(G: nx.MultiDiGraph, path: Path) -> None:
    data = nx.node_link_data(G, edges="edges")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


WRITERS = {"graphml": _graphml, "gexf": _gexf, "json": _json}


def _check_out(out: Path, data_dir: Path, force: bool) -> None:
    """Refuse, before any work, a destination inside the data folder, a folder, or an existing file without --force."""
    try:
        out_r, data_r = out.resolve(), Path(data_dir).resolve()
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    if data_r in out_r.parents or out_r == data_r:
        raise UsageError(f"--out {out}: inside the data folder {data_dir}; "
                         "write the graph elsewhere, so that it can never overwrite the sources")
    if out.is_dir():
        raise UsageError(f"cannot write {out}: it is a folder")
    if (out.exists() or out.is_symlink()) and not force:
        raise UsageError(f"--out {out}: exists; add --force to replace it")
    parent = next((p for p in out_r.parents if p.exists()), None)
    if parent is None or not parent.is_dir():
        raise UsageError(f"cannot write {out}: {parent} is not a folder")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", help=f"{' | '.join(WRITERS)} (default: from the --out suffix)")
    p.add_argument("--out", type=Path, required=True, help="file to write")
    p.add_argument("--kind", default="all", help=f"{' | '.join(SUBSETS)}: which part of the network (default: all)")
    p.add_argument("--data", type=Path, default=None, help="data folder (default: the repository's data/)")
    p.add_argument("--force", action="store_true", help="replace --out when it exists")


def run(args: argparse.Namespace) -> int:
    fmt = (args.format or args.out.suffix.lstrip(".")).lower()
    if fmt not in WRITERS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(WRITERS)}")
    if args.kind not in SUBSETS:
        raise UsageError(f"unknown graph kind {args.kind!r}; choose one of {', '.join(SUBSETS)}")
    data_dir = args.data or default_data_dir()
    _check_out(args.out, data_dir, args.force)
    G = flatten(select(build_graph(load_dataset(data_dir)), args.kind))
    try:
        with atomic_path(args.out) as tmp:
            WRITERS[fmt](G, tmp)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(args.out) else ""
        raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}{where}") from None
    print(f"wrote {args.out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges ({fmt}, {args.kind})")
    return 0
