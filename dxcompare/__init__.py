"""dxcompare: Vietnam's provincial digital-transformation plans as citable, comparable data.

Public modules, imported on first use (`from dxcompare import analysis, present`):
`analysis` (typed comparisons), `graph` (the network and its questions), `present`
(bilingual tables, views and findings), `charts` and `network_figures` (figures),
`selection` (the plan selector), `params` (notebook parameter checks), `report`
(papermill runs, pages, index), `extract` (draft records from a plan's text),
`national_charts` and `tilegrid` (the national layer's figures and tile-grid map).
"""
from .errors import DataError, DxError, Problem, UsageError
from .extract import ExtractedDocument, InputError, extract, extract_path
from .dataset import Dataset, default_data_dir
from .loader import load_dataset

MODULES = ("analysis", "charts", "graph", "national_charts", "network_figures", "params", "present", "report",
           "selection", "tilegrid")
__all__ = ["Dataset", "DataError", "DxError", "ExtractedDocument", "InputError", "Problem", "UsageError",
           "default_data_dir", "extract", "extract_path", "load_dataset", *MODULES]
__version__ = "0.1.0"


def __getattr__(name: str):
    """`dxcompare.analysis` and the other public modules without importing matplotlib for every command."""
    if name in MODULES:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'dxcompare' has no attribute {name!r}")
