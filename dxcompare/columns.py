"""Typed pandas columns from the plain values the readers produce, cheaply across processes.

Plan files are read in worker processes that use pure Python only (no pandas or
Arrow, so forking them is safe). Sending their values back one Python object at
a time, then converting them one at a time into Arrow-backed pandas arrays,
would cost the parent more than the reading itself. So `encode` packs one
column of a chunk into a few byte strings (text as UTF-8 joined by a separator,
category codes, int64/float64 buffers) that pickle at memory speed, and
`decode` assembles the pieces of every chunk into one pandas array, mostly in
C (Arrow buffers, numpy), never value by value.
"""
from __future__ import annotations

from array import array

import numpy as np
import pandas as pd
import pyarrow as pa

from .schema import Column

SEP = "\x1f"  # ASCII unit separator: not printable, so not in YAML read by the fast path
_SEP_BYTE = SEP.encode()
NONE_CODE = 255


def encode(values, col: Column):
    """One chunk's values of a column as a compact, picklable piece."""
    values = list(values)
    kind = col.kind
    try:
        if kind == "str":
            missing = [i for i, v in enumerate(values) if v is None] if None in values else []
            if missing:
                values = ["" if v is None else v for v in values]
            joined = SEP.join(values)
            if values and joined.count(SEP) == len(values) - 1:
                return ("str", joined.encode("utf-8"), len(values), missing)
        elif kind == "category" and len(col.enum) < NONE_CODE:
            codes = {v: i for i, v in enumerate(col.enum)}
            codes[None] = NONE_CODE
            return ("cat", bytes(map(codes.__getitem__, values)))
        elif kind == "int" and col.required:
            return ("i8", array("q", values).tobytes())
        elif kind == "float":
            return ("f8", array("d", values).tobytes())
    except (KeyError, TypeError, OverflowError, UnicodeEncodeError):
        pass  # a value outside the plain case (only in data with problems): send it as it is
    return ("list", values)


def _strings(pieces: list[tuple]) -> pd.api.extensions.ExtensionArray:
    chunks = []
    for _, data, n, missing in pieces:
        raw = np.frombuffer(data, dtype=np.uint8)
        seps = np.flatnonzero(raw == _SEP_BYTE[0])
        offsets = np.empty(n + 1, dtype=np.int64)
        offsets[0] = 0
        offsets[1:n] = seps - np.arange(len(seps))
        offsets[n] = len(data) - len(seps)
        validity = None
        if missing:
            mask = np.ones(n, dtype=bool)
            mask[missing] = False
            validity = pa.py_buffer(np.packbits(mask, bitorder="little"))
        compact = data.replace(_SEP_BYTE, b"") if len(seps) else data
        chunks.append(pa.Array.from_buffers(pa.large_string(), n, [validity, pa.py_buffer(offsets), pa.py_buffer(compact)]))
    return pa.chunked_array(chunks, type=pa.large_string()).to_pandas().array


def column(values, col: Column):
    """A typed pandas array from plain Python values (the schema's dtype for `col.kind`)."""
    if col.kind == "category":
        return pd.Categorical(values, categories=list(col.enum))
    if col.kind == "date":
        return pd.array(np.array(values, dtype="datetime64[D]").astype("datetime64[us]"))
    if col.kind == "str":
        return pd.array(values, dtype="str")
    if col.kind == "int":
        return np.array(values, dtype=np.int64) if col.required else pd.array(values, dtype="Int64")
    if col.kind == "float":
        return np.array(values, dtype=np.float64)
    return pd.array(values, dtype="Int64")  # year


def decode(pieces: list[tuple], col: Column):
    """One typed array from the encoded pieces of every chunk, in order."""
    pieces = [p for p in pieces if p[0] != "list" or p[1]]
    kinds = {p[0] for p in pieces}
    if not pieces:
        return column([], col)
    if kinds == {"str"}:
        return _strings(pieces)
    if kinds == {"cat"}:
        codes = np.frombuffer(b"".join(p[1] for p in pieces), dtype=np.uint8).astype(np.int16)
        codes[codes == NONE_CODE] = -1
        return pd.Categorical.from_codes(codes, categories=list(col.enum))
    if kinds == {"i8"}:
        return np.frombuffer(b"".join(p[1] for p in pieces), dtype=np.int64).copy()
    if kinds == {"f8"}:
        return np.frombuffer(b"".join(p[1] for p in pieces), dtype=np.float64).copy()
    values: list = []
    for p in pieces:
        values.extend(_plain(p, col))
    return column(values, col)


def _plain(piece: tuple, col: Column) -> list:
    kind = piece[0]
    if kind == "list":
        return piece[1]
    if kind == "str":
        out = piece[1].decode("utf-8").split(SEP)
        for i in piece[3]:
            out[i] = None
        return out
    if kind == "i8":
        return array("q", piece[1]).tolist()
    if kind == "f8":
        return array("d", piece[1]).tolist()
    return [None if c == NONE_CODE else col.enum[c] for c in piece[1]]  # "cat"
