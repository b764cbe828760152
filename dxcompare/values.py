"""A DataFrame cell as a plain Python value, for every format that cannot hold pandas or numpy types.

JSON exports and GraphML attributes both need it: missing values (None, NA, NaT, NaN)
become None, timestamps ISO dates, numpy scalars Python scalars.
"""
from __future__ import annotations

import math

import pandas as pd


def plain(value):
    """`value` as None, str, int, float or bool (dates as ISO strings)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return plain(value.item())
    return value
