"""Read data files safely, keeping line numbers so every problem can point at a line.

Only safe loaders are used (no Python object tags). Decoding and syntax errors
become `Problem`s instead of exceptions, so one run reports every bad file.
Text is NFC-normalised on reading, so a file saved in NFD (or with CRLF line
ends, which YAML and CSV already accept) loads exactly like its NFC original.

Speed: a national corpus is thousands of plan files, and PyYAML builds Python
objects several times slower than the files can be read. Plan files use a small
block-style subset of YAML (keys, lists of mappings, plain or quoted one-line
scalars), so `parse_yaml` first tries `parse_block_yaml`, a strict reader of that
subset that resolves scalars with PyYAML's own resolver and constructors. It
gives up on anything else (flow collections, anchors, tags, multi-line scalars,
duplicate keys, odd indentation…), and PyYAML then reads the file, so results
and error messages are those of PyYAML either way.

Size: a little over 400 lines, because the fast reader and the PyYAML fallback
are one contract (same `LineDict`, same resolver, same messages) and are tested
against each other; bounded file reading sits with them so no caller can parse
a file that was not read within the limits.
"""
from __future__ import annotations

import csv
import io
import os
import re
import stat
import unicodedata
from pathlib import Path

import yaml

from .errors import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Far above any real data file (the largest plan text is ~30 kB); a bigger file
# is a mistake (wrong file, a dump, a binary) and would only exhaust memory.
# `$DXCOMPARE_MAX_FILE_MB` raises (or lowers) it.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Curated YAML nests three levels (plan, list, item); anything near this is hostile
# or broken, and PyYAML's recursive composer would crash on it (a segfault at 30,000).
MAX_DEPTH = 64


class LineDict(dict):
    """A mapping from YAML that remembers the line of itself and of each key."""

    line: int = 0
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _LineLoader(_BaseLoader):
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain name, not a list or mapping", key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    """A date as PyYAML reads it; an impossible one (2021-02-30) stays text for the checks to name."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


# --- the block-YAML subset ----------------------------------------------------

class _Unsupported(Exception):
    """The text leaves the subset: PyYAML must read it."""


_LINE = re.compile(r"^( *)(- +|-$)?(?:([A-Za-z_][A-Za-z0-9_]*):(?: +(.*\S))? *|(.*))$", re.M)
_DQ = re.compile(r'"((?:[^"\\]|\\(?:["\\/bfnrt]|u(?![dD][89abAB])[0-9A-Fa-f]{4}))*)"(?: +#.*)?\Z')
_SQ = re.compile(r"'((?:[^']|'')*)'(?: +#.*)?\Z")
_PLAIN_BAD_START = set(",[]{}#&*!|>'\"%@`")
_MAPPING_IN_PLAIN = re.compile(r":(?: |\Z)")
_OUTSIDE_SUBSET = re.compile("[\t\r\x85\u2028\u2029\ufeff]|[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_RESOLVERS = _LineLoader.yaml_implicit_resolvers
_CONSTRUCT = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = {
    "tag:yaml.org,2002:null": _CONSTRUCT.construct_yaml_null,
    "tag:yaml.org,2002:bool": _CONSTRUCT.construct_yaml_bool,
    "tag:yaml.org,2002:int": _CONSTRUCT.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCT.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": lambda node: _construct_timestamp(_CONSTRUCT, node),
}
_STR = "tag:yaml.org,2002:str"


def _resolve(value: str) -> str:
    for tag, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return _STR


def _plain(raw: str):
    """A plain scalar's value, exactly as PyYAML's safe loader constructs it."""
    c = raw[0]
    if c in _PLAIN_BAD_START or (c in "-?:" and raw[1:2] in ("", " ")):
        raise _Unsupported
    cut = raw.find(" #")
    if cut >= 0:
        raw = raw[:cut].rstrip()
    if _MAPPING_IN_PLAIN.search(raw):
        raise _Unsupported
    tag = _resolve(raw)
    if tag == _STR:
        return raw
    make = _CONSTRUCTORS.get(tag)
    if make is None:
        raise _Unsupported  # '=' or '<<': let PyYAML report it
    return make(yaml.ScalarNode(tag, raw))


_MISS = object()
_value_cache: dict[str, object] = {}


def _scalar(raw: str):
    """A one-line scalar's value (plain, "double" or 'single' quoted), as PyYAML constructs it."""
    value = _value_cache.get(raw, _MISS)
    if value is not _MISS:
        return value
    if raw == "[]":
        return []
    if raw == "{}":
        value = LineDict()
        value.lines = {}
        return value
    c = raw[0]
    if c == '"':
        if raw[-1] == '"' and raw.count('"') == 2 and "\\" not in raw:
            value = raw[1:-1]
        else:
            m = _DQ.match(raw)
            if m is None:
                raise _Unsupported
            value = m.group(1)
            if "\\" in value:
                value = _ESCAPE.sub(_unescape, value)
    elif c == "'":
        m = _SQ.match(raw)
        if m is None:
            raise _Unsupported
        value = m.group(1).replace("''", "'")
    else:
        value = _plain(raw)
    if len(raw) <= 40:  # enumerations, ids, numbers, dates recur; long texts do not
        if len(_value_cache) >= 200_000:
            _value_cache.clear()
        _value_cache[raw] = value
    return value


_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|.)")


def _unescape(m: re.Match) -> str:
    e = m.group(1)
    return chr(int(e[1:], 16)) if len(e) == 5 else _ESCAPES[e]


_text_keys: set[str] = set()


def _parse_map(rows: list[tuple], idx: list[int], p: int, indent: int, inline: bool) -> tuple[LineDict, int]:
    """The mapping whose keys sit at column `indent`, from content row `p` on.

    `inline`: its first key follows a '- ' on row p (an item of a list).
    (The hot loop of the loader: kept flat, with the value cache consulted inline.)
    """
    out = LineDict()
    out.line = idx[p] + 1
    out.lines = lines = {}
    end = len(idx)
    cached = _value_cache.get
    text_keys = _text_keys
    while p < end:
        i = idx[p]
        ind, dash, key, raw, _other = rows[i]
        if inline:
            inline = False
        elif len(ind) != indent or dash or not key:
            if len(ind) < indent:
                break
            raise _Unsupported
        if not key or key in out:
            raise _Unsupported  # a scalar where a key belongs, or a duplicate key: PyYAML reports it
        if key not in text_keys:
            if _resolve(key) != _STR:
                raise _Unsupported  # 'yes:', 'null:' … are not text keys in YAML 1.1
            text_keys.add(key)
        p += 1
        if raw and raw[0] != "#":
            value = cached(raw, _MISS)
            if value is _MISS:
                value = _scalar(raw)
                if value.__class__ is LineDict:  # '{}'
                    value.line = i + 1
        elif p < end:
            nxt = rows[idx[p]]
            col = len(nxt[0])
            if col > indent:
                value, p = _parse_node(rows, idx, p)
            elif col == indent and nxt[1]:
                value, p = _parse_seq(rows, idx, p, indent)  # a list may sit at its key's column
            else:
                value = None
        else:
            value = None
        out[key] = value
        lines[key] = i + 1
    return out, p


def _parse_seq(rows: list[tuple], idx: list[int], p: int, indent: int) -> tuple[list, int]:
    out = []
    end = len(idx)
    while p < end:
        ind, dash, key, _raw, other = rows[idx[p]]
        col = len(ind)
        if col < indent or (col == indent and not dash):
            break  # back to the mapping that holds this list
        if col > indent or not dash:
            raise _Unsupported
        if key:
            value, p = _parse_map(rows, idx, p, col + len(dash), True)
        else:
            other = other.rstrip(" ")
            if not other or other[0] == "#":
                raise _Unsupported  # '-' alone, its item on the next lines
            value = _scalar(other)
            if value.__class__ is LineDict:
                value.line = idx[p] + 1
            p += 1
        out.append(value)
    return out, p


def _parse_node(rows: list[tuple], idx: list[int], p: int):
    ind, dash = rows[idx[p]][:2]
    if dash:
        return _parse_seq(rows, idx, p, len(ind))
    return _parse_map(rows, idx, p, len(ind), False)


def parse_block_yaml(text: str):
    """The document, if `text` is within the block subset; raises `_Unsupported` otherwise."""
    if not text.replace("\n", " ").isprintable() and _OUTSIDE_SUBSET.search(text):
        raise _Unsupported  # tabs, CR, controls: PyYAML decides
    rows = _LINE.findall(text)  # one (indent, dash, key, raw, other) per line
    idx = [i for i, r in enumerate(rows) if r[2] or r[1] or (r[4] and r[4][0] != "#")]  # not blank, not comment
    if not idx or rows[idx[0]][0]:
        raise _Unsupported
    value, p = _parse_node(rows, idx, 0)
    if p != len(idx):
        raise _Unsupported  # something left: a continuation line, '---', a bad indent…
    return value


# --- files ---------------------------------------------------------------------

def max_file_bytes() -> int:
    """The size limit for one data file: `$DXCOMPARE_MAX_FILE_MB` megabytes when set."""
    env = os.environ.get("DXCOMPARE_MAX_FILE_MB", "")
    try:
        return int(float(env) * 2**20) if env else MAX_FILE_BYTES
    except ValueError:
        return MAX_FILE_BYTES


def _read_fd(fd: int, size: int, limit: int) -> bytes:
    """At most `limit` + 1 bytes: one read of the expected size (a buffered reader asked for the
    limit would allocate it for every file), more only while the file grows."""
    parts, total = [], 0
    while total <= limit:
        chunk = os.read(fd, min(limit + 1 - total, max(size + 1 - total, 1 << 16)))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_bytes(path: Path, label: str, problems: list[Problem], *, allow_empty: bool = False) -> bytes | None:
    """A regular file's bytes, or None (with a problem) when missing, not a file, too big or empty.

    The file is opened without blocking and checked with fstat before reading,
    and at most the limit plus one byte is read: a FIFO, a device such as
    /dev/zero (even behind a symbolic link) or a file growing while read is
    refused, never waited on or read without end.
    """
    limit = max_file_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        problems.append(Problem(label, None, "file", str(path), f"cannot be read ({exc.strerror})"))
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else \
                "a device or socket"
            problems.append(Problem(label, None, "file", str(path), f"is {kind}, not a regular file"))
            return None
        data = None if st.st_size > limit else _read_fd(fd, st.st_size, limit)
        if data is None or len(data) > limit:
            size = max(st.st_size, len(data or b""))
            problems.append(Problem(label, None, "file", f"{size / 2**20:.1f} MB",
                                    f"larger than the {limit / 2**20:g} MB limit for a data file; "
                                    "is it the right file? (DXCOMPARE_MAX_FILE_MB raises the limit)"))
            return None
    except OSError as exc:
        problems.append(Problem(label, None, "file", str(path), f"cannot be read ({exc.strerror})"))
        return None
    finally:
        os.close(fd)
    if not allow_empty and not data.strip():
        problems.append(Problem(label, None, "file", str(path), "is empty"))
        return None
    return data


def decode(data: bytes, label: str, problems: list[Problem]) -> str | None:
    """UTF-8 text (a BOM is dropped), or None (with a problem naming the first bad byte's line)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, line, "encoding", f"byte 0x{data[exc.start]:02x}",
                                "file is not UTF-8; re-save it as UTF-8"))
        return None


def _shape_problem(text: str) -> tuple[int, str] | None:
    """(line, why) when the document nests deeper than MAX_DEPTH or uses anchors/aliases, else None.

    Runs on libyaml's event stream, which needs no recursion, and stops at the
    first offence: a 10 MB run of '[' is refused after a few dozen events.
    Anchors are refused outright: curated data never needs them, and an alias
    bomb (a kilobyte that expands to gigabytes) is then impossible.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line + 1, f"nested too deeply (more than {MAX_DEPTH} levels)"
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return event.start_mark.line + 1, "anchors and aliases (&name, *name) are not allowed in data files"
    return None


def parse_yaml(text: str, label: str, problems: list[Problem]):
    """Parse YAML text (NFC-normalised first) with line numbers; None (with a problem) on any error."""
    text = unicodedata.normalize("NFC", text)
    try:
        return parse_block_yaml(text.replace("\r\n", "\n"))
    except _Unsupported:
        pass
    except RecursionError:
        pass
    try:
        why = _shape_problem(text)
        if why:
            problems.append(Problem(label, why[0], "yaml", "structure", why[1]))
            return None
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - safe loader subclass
    except RecursionError:
        problems.append(Problem(label, None, "yaml", "structure", f"nested too deeply (more than {MAX_DEPTH} levels)"))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        why = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(label, line, "yaml", "syntax", f"YAML syntax error: {why}"))
        return None


def parse_csv(text: str, label: str, problems: list[Problem]) -> list[tuple[int, dict]] | None:
    """Rows of CSV text (NFC-normalised first) as (line number, dict); None (with a problem) on any error."""
    reader = csv.DictReader(io.StringIO(unicodedata.normalize("NFC", text), newline=""))
    rows = []
    try:
        for row in reader:
            if None in row:
                problems.append(Problem(label, reader.line_num, "row", len(row) + len(row[None]) - 1,
                                        f"more fields than the {len(reader.fieldnames)} columns"))
                continue
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        problems.append(Problem(label, reader.line_num, "csv", "syntax", f"CSV syntax error: {exc}"))
        return None
    return rows
