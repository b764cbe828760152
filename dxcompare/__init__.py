"""dxcompare: Vietnam's provincial digital-transformation plans as citable, comparable data.

Public modules, imported on first use (`from dxcompare import analysis, present`):
`analysis` (typed comparisons), `graph` (the network and its questions), `present`
(bilingual tables, views and findings), `charts` and `network_figures` (figures),
`selection` (the plan selector), `params` (notebook parameter checks), `report`
(papermill runs, pages, index), `extract` (draft records from a plan's text:
`extract.extract(text)`, `extract.extract_path(path)`), `national_charts` and
`tilegrid` (the national layer's figures and tile-grid map).
Nothing but the error types is imported with the package: every command line run
starts a fresh interpreter, and what a command does not need (pandas for `extract`,
the extractor's name patterns for `validate`) costs more than small commands do.
"""
from .errors import DataError, DxError, Problem, UsageError

MODULES = ("analysis", "charts", "extract", "graph", "national_charts", "network_figures", "params", "present",
           "report", "selection", "tilegrid")
_NAMES = {"Dataset": "dataset", "default_data_dir": "defaults", "load_dataset": "loader",
          "ExtractedDocument": "extract", "InputError": "extract", "extract_path": "extract"}
__all__ = ["DataError", "DxError", "Problem", "UsageError", *sorted(_NAMES), *MODULES]
__version__ = "0.1.0"


def __getattr__(name: str):
    """The public modules and names, imported when first asked for."""
    import importlib

    if name in MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _NAMES:
        return getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)
    raise AttributeError(f"module 'dxcompare' has no attribute {name!r}")
