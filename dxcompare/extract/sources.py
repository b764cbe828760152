"""Reading a plan text from disk, refusing what is not one.

Bad inputs (missing, a directory, empty, binary, not UTF-8) raise `InputError`
with a one-line reason naming the input, so the CLI can report it and go on
with the other inputs.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

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
    return "".join(read_pieces(path, max_bytes))


def read_pieces(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_MB * 1_000_000) -> Iterator[str]:
    """`read_input`, a piece at a time: the text in pieces of about 256 kB that end at line breaks, read
    and decoded as they are asked for, so that neither the whole file's bytes nor its whole text need be
    held. The same InputError as `read_input` for the same file, raised as soon as its reason is known
    (a file that is not what it says is refused when the piece holding the fault is reached).
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
        fh = open(p, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return _pieces(fh, path, max_bytes)


_CHUNK = 1 << 18  # bytes read at a time: decoding Vietnamese UTF-8 briefly takes 3x its size
_HEAD = 65536  # the bytes that tell a binary or UTF-16 file


def _pieces(fh: BinaryIO, path, max_bytes: int) -> Iterator[str]:
    """Decoded pieces of an open file, each a run of whole lines: a UTF-8 character never holds a byte
    0x0A or 0x0D, so a piece cut after one decodes on its own (`sourcetext.cut` keeps a CRLF together)."""
    with fh:
        total = lines = 0  # bytes read; LFs before the current chunk (the line an error names)
        head: bytes | None = None  # the file's first bytes, checked once something other than white space is seen
        buf = bytearray()  # read, not yet decoded: no line break in it but in what was just read
        empty = True  # nothing but white space so far
        codec = "utf-8-sig"  # a BOM is dropped at the start only
        while True:
            want = _CHUNK if head is not None else max(_CHUNK, _HEAD)
            held = len(buf)
            try:
                buf += _read(fh, min(want, max_bytes + 1 - total))
            except OSError as exc:
                raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
            total += len(buf) - held
            if total > max_bytes:
                raise InputError(f"{path}: is larger than the {max_bytes / 1e6:g} MB limit (--max-size)")
            at_end = len(buf) == held
            if head is None:
                head = bytes(buf[:_HEAD])
            cut = len(buf) if at_end else max(buf.rfind(b"\n", held), buf.rfind(b"\r", held)) + 1
            if not cut and not at_end:
                continue  # no line break yet: read on
            chunk = bytes(buf[:cut])
            del buf[:cut]
            if head and chunk and not chunk.isspace():
                _check_head(head, path)
                head = b""  # checked
            try:
                text = chunk.decode(codec)
            except UnicodeDecodeError as exc:
                line = lines + chunk[: exc.start].count(b"\n") + 1
                raise InputError(f"{path}: is not UTF-8 (byte 0x{chunk[exc.start]:02x} on line {line}; "
                                 f"Windows-1258 or Latin-1?); re-save it as UTF-8") from None
            lines += chunk.count(b"\n")
            codec = "utf-8"
            del chunk
            empty = empty and (not text or text.isspace())
            if text:
                yield text
            if at_end:
                break
        if empty:
            raise InputError(f"{path}: is empty")


def _read(fh: BinaryIO, n: int) -> bytes:
    """`n` bytes, fewer only at the end of the file."""
    data = fh.read(n)
    while 0 < len(data) < n:
        more = fh.read(n - len(data))
        if not more:
            break
        data += more
    return data


def _check_head(head: bytes, path) -> None:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{path}: is UTF-16, not UTF-8; re-save it as UTF-8")
    if b"\x00" in head or _binary_share(head) > 0.05:
        raise InputError(f"{path}: is a binary file, not text")


def _binary_share(data: bytes) -> float:
    """Share of control bytes other than tab, newline, carriage return and form feed."""
    if not data:
        return 0.0
    controls = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
    return (len(data) - len(data.translate(None, controls))) / len(data)


def extract_path(path: str | os.PathLike, **kwargs):
    """`extract()` on the text of a file; InputError when the file is not a plan text."""
    from .assemble import extract

    return extract(read_pieces(path), source=str(path), **kwargs)
