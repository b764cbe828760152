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
from ..errors import UsageError
from ..graph import SUBSETS, build_graph, flatten, select
from ..loader import default_data_dir, load_dataset


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


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", help=f"{' | '.join(WRITERS)} (default: from the --out suffix)")
    p.add_argument("--out", type=Path, required=True, help="file to write")
    p.add_argument("--kind", default="all", help=f"{' | '.join(SUBSETS)}: which part of the network (default: all)")
    p.add_argument("--data", type=Path, default=None, help="data folder (default: the repository's data/)")


def run(args: argparse.Namespace) -> int:
    fmt = (args.format or args.out.suffix.lstrip(".")).lower()
    if fmt not in WRITERS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(WRITERS)}")
    if args.kind not in SUBSETS:
        raise UsageError(f"unknown graph kind {args.kind!r}; choose one of {', '.join(SUBSETS)}")
    if args.out.is_dir():
        raise UsageError(f"cannot write {args.out}: it is a folder")
    G = flatten(select(build_graph(load_dataset(args.data or default_data_dir())), args.kind))
    try:
        with atomic_path(args.out) as tmp:
            WRITERS[fmt](G, tmp)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(args.out) else ""
        raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}{where}") from None
    print(f"wrote {args.out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges ({fmt}, {args.kind})")
    return 0
