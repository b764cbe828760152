"""Publish outputs whole: a file or a folder is written beside its target, then renamed into place.

A run that fails or is killed (even with SIGKILL) leaves the target as it was,
never half a file or a new file beside an old one. Temporaries carry the
writer's process id, so a later run can remove those of dead writers
(`clean_stale`) without touching a concurrent writer's.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it over `target` on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target.parent, target.name)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, _file_mode(target))  # mkstemp makes 0600; outputs are shared files
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _file_mode(target: Path, *, folder: bool = False) -> int:
    """The existing file's mode, else the usual mode for a new file (or folder) under the umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if folder else 0o666) & ~umask


def write_text(target: str | os.PathLike, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


@contextmanager
def atomic_folder(target: str | os.PathLike) -> Iterator[Path]:
    """Yield an empty temporary folder beside `target`; on success it replaces `target` whole.

    An existing `target` is swapped out in one step where the system can
    (renameat2), else renamed aside first; either way a reader sees the old
    folder or the new one, never a mix, and the old one is then removed.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target.parent, target.name)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=target.parent))
    os.chmod(tmp, _file_mode(target, folder=True))
    try:
        yield tmp
        if not target.exists():
            os.rename(tmp, target)
        elif _exchange(tmp, target):
            pass  # tmp now holds the old folder, removed below
        else:
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=target.parent))
            os.rename(target, old / "old")
            os.rename(tmp, target)
            os.rename(old, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(folder: Path, name: str) -> None:
    """Remove temporaries of `name` in `folder` left by writers that are no longer running."""
    prefix = f".{name}.tmp-"
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        pid = entry.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


def safe_child(root: str | os.PathLike, name: str) -> Path:
    """`root/name`, refusing names that would escape `root` (../, absolute paths)."""
    from .errors import UsageError

    root_path = Path(root).resolve()
    candidate = (root_path / name).resolve()
    if candidate != root_path and root_path not in candidate.parents:
        raise UsageError(f"{name}: refusing to write outside the output folder {root}")
    return candidate
