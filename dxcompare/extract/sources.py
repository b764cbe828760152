"""Reading a plan text from disk, refusing what is not one.

Bad inputs (missing, a directory, empty, binary, not UTF-8) raise `InputError`
with a one-line reason naming the input, so the CLI can report it and go on
with the other inputs.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import DxError


class InputError(DxError):
    """One input cannot be read as a plan text."""

    exit_code = 2


DEFAULT_MAX_MB = 50


def read_input(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_MB * 1_000_000) -> str:
    """The text of `path` (UTF-8, BOM dropped), or InputError saying why not.

    Only regular files are read (a device such as /dev/zero or a FIFO would never end), and never
    more than `max_bytes` + 1 bytes, even from a file whose size `stat` misreports.
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory, not a text file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: is not a regular file (a device, FIFO or socket); not read")
    if st.st_size > max_bytes:
        raise InputError(f"{path}: is {st.st_size / 1e6:.1f} MB, larger than the {max_bytes / 1e6:g} MB limit "
                         f"(--max-size)")
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: is larger than the {max_bytes / 1e6:g} MB limit (--max-size)")
    if not data.strip():
        raise InputError(f"{path}: is empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{path}: is UTF-16, not UTF-8; re-save it as UTF-8")
    if b"\x00" in data[:65536] or _binary_share(data[:65536]) > 0.05:
        raise InputError(f"{path}: is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}: is not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}; "
                         f"Windows-1258 or Latin-1?); re-save it as UTF-8") from None
    if not text.strip():
        raise InputError(f"{path}: is empty")
    return text


def _binary_share(data: bytes) -> float:
    """Share of control bytes other than tab, newline, carriage return and form feed."""
    if not data:
        return 0.0
    controls = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
    return (len(data) - len(data.translate(None, controls))) / len(data)


def extract_path(path: str | os.PathLike, **kwargs):
    """`extract()` on the text of a file; InputError when the file is not a plan text."""
    from .assemble import extract

    return extract(read_input(path), source=str(path), **kwargs)
