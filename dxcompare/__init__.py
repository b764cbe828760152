"""dxcompare: Vietnam's provincial digital-transformation plans as citable, comparable data."""
from .errors import DataError, DxError, Problem, UsageError
from .loader import Dataset, default_data_dir, load_dataset

__all__ = ["Dataset", "DataError", "DxError", "Problem", "UsageError", "default_data_dir", "load_dataset"]
__version__ = "0.1.0"
