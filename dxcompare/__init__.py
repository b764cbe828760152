"""dxcompare: Vietnam's provincial digital-transformation plans as citable, comparable data."""
from .errors import DataError, DxError, Problem, UsageError
from .extract import ExtractedDocument, InputError, extract, extract_path
from .loader import Dataset, default_data_dir, load_dataset

__all__ = ["Dataset", "DataError", "DxError", "ExtractedDocument", "InputError", "Problem", "UsageError",
           "default_data_dir", "extract", "extract_path", "load_dataset"]
__version__ = "0.1.0"
