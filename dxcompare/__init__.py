"""dxcompare: Vietnam's provincial digital-transformation plans as citable, comparable data.

Public modules, imported on first use (`from dxcompare import analysis, present`):
`analysis` (typed comparisons), `graph` (the network and its questions), `present`
(bilingual tables, views and findings), `charts` and `network_figures` (figures),
`selection` (the plan selector), `params` (notebook parameter checks), `report`
(papermill runs, pages, index), `extract` (draft records from a plan's text:
`extract.extract(text)`, `extract.extract_path(path)`), `national_charts` and
`tilegrid` (the national layer's figures and tile-grid map).
Nothing heavier than the loader is imported with the package: every command line
run starts a fresh interpreter, and the extractor's name patterns alone cost more
than a validation of the shipped data.
"""
from .errors import DataError, DxError, Problem, UsageError
from .dataset import Dataset, default_data_dir
from .loader import load_dataset

MODULES = ("analysis", "charts", "extract", "graph", "national_charts", "network_figures", "params", "present",
           "report", "selection", "tilegrid")
_FROM_EXTRACT = ("ExtractedDocument", "InputError", "extract_path")
__all__ = ["Dataset", "DataError", "DxError", "Problem", "UsageError", "default_data_dir", "load_dataset",
           *_FROM_EXTRACT, *MODULES]
__version__ = "0.1.0"


def __getattr__(name: str):
    """The public modules and the extractor's entry points, imported when first asked for."""
    import importlib

    if name in MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _FROM_EXTRACT:
        return getattr(importlib.import_module(".extract", __name__), name)
    raise AttributeError(f"module 'dxcompare' has no attribute {name!r}")
