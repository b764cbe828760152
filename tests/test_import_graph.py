"""The package's modules import each other without a cycle (module-level imports, read from the source)."""
import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "dxcompare"


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or path.is_dir()


def import_graph() -> nx.DiGraph:
    G = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        module = _name(path)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        G.add_node(module)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # what runs on import
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(kept + ([node.module] if node.module else []))
                for alias in node.names if base.startswith("dxcompare") else ():
                    target = f"{base}.{alias.name}"
                    G.add_edge(module, target if _is_module(target) else base)
            elif isinstance(node, ast.Import):
                G.add_edges_from((module, a.name) for a in node.names if a.name.startswith("dxcompare"))
    return G


def test_the_import_graph_is_read():
    G = import_graph()
    assert G.has_edge("dxcompare.analysis.legal", "dxcompare.graph")
    assert G.has_edge("dxcompare.present.views", "dxcompare.analysis")


def test_no_import_cycle():
    G = import_graph()
    G.remove_edges_from([(u, v) for u, v in G.edges if v.startswith(u + ".")])  # a package loading its parts
    assert list(nx.simple_cycles(G)) == []
