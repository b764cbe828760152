"""Jobs: one notebook with one set of parameters, executed in its own kernel, its files written.

One worker process per core, each driving one kernel at a time. For each job
the report folder gets the executed `.ipynb`, an HTML page without code cells
(`report.html`) and the figures as PNG; `in_place=True` instead re-saves the
notebooks in `notebooks/` with fresh outputs, which is what strict nbval
compares against. A failed job writes nothing, and a parameter rejected by the
notebook's validation cell comes back as that validation message (`UsageError`),
not as a kernel traceback.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..atomic import safe_child, write_bytes, write_text
from ..errors import DxError, UsageError
from .html import figures as _figures
from .html import to_html
from .index import PROFILE
from .index import title_and_summary as _title_and_summary

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent.parent / "notebooks"
KERNEL = "python3"
VOLATILE_CELL_METADATA = ("papermill", "execution")
# jupyter_client interrupts every kernel before shutting it down; a kernel still
# finishing a message then logs "KeyboardInterrupt caught" to the terminal.
# Errors in cells still arrive through the notebook, so the kernel's own log is muted.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
# Once the last cell has run, the kernel holds nothing worth a graceful exit;
# stopping it at once saves about half a second per notebook.
KERNEL_SHUTDOWN = "immediate"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
STEM_BYTES = 180  # a file name stays under the usual 255-byte limit with its suffixes


@dataclass(frozen=True)
class Job:
    """One notebook run: which notebook, with which parameters, saved under which name."""

    notebook: str
    parameters: dict = field(default_factory=dict)

    @property
    def stem(self) -> str:
        """Output name: the notebook, then the parameter values ('03_targets-2030')."""
        if not self.parameters:
            return self.notebook
        values = ["+".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v) for v in self.parameters.values()]
        stem = re.sub(r"[^\w.=+-]+", "_", "-".join([self.notebook, *values]))
        if len(stem.encode("utf-8")) > STEM_BYTES:  # a long plan list: a file name the system accepts
            digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:12]
            stem = f"{stem.encode('utf-8')[:STEM_BYTES - 13].decode('utf-8', 'ignore')}-{digest}"
        return stem


@dataclass
class Result:
    """What a job produced (or why it failed), and how long it took."""

    job: Job
    seconds: float = 0.0
    compute_seconds: float = 0.0  # time spent executing cells, as recorded by papermill
    files: list[str] = field(default_factory=list)
    title: str = ""
    summary: str = ""  # English: the report's finding, else its question
    summary_vi: str = ""  # the same in Vietnamese
    heading: str = ""  # what a parameterised run is about, e.g. the profiled plan
    error: str | None = None
    usage_error: bool = False


# --- notebooks and jobs ------------------------------------------------------------------

def available_notebooks(nb_dir: Path = NOTEBOOK_DIR) -> list[str]:
    return sorted(p.stem for p in Path(nb_dir).glob("*.ipynb"))


def resolve_notebook(name: str, nb_dir: Path = NOTEBOOK_DIR) -> str:
    """'03_targets', '03_targets.ipynb' or 'notebooks/03_targets.ipynb' -> '03_targets'."""
    stem = Path(name).name.removesuffix(".ipynb")
    names = available_notebooks(nb_dir)
    if stem not in names:
        raise UsageError(f"unknown notebook {name!r}. Notebooks: {', '.join(names)}")
    return stem


def notebook_parameters(notebook: str, nb_dir: Path = NOTEBOOK_DIR) -> list[str]:
    """Names defined in the notebook's cell tagged `parameters`."""
    import papermill

    return list(papermill.inspect_notebook(str(Path(nb_dir) / f"{notebook}.ipynb")))


def check_parameter_names(notebook: str, parameters: dict, nb_dir: Path = NOTEBOOK_DIR) -> None:
    """Refuse names the notebook does not define (papermill would only warn and ignore them)."""
    known = notebook_parameters(notebook, nb_dir)
    unknown = [k for k in parameters if k not in known]
    if unknown:
        raise UsageError(f"{notebook} has no parameter {', '.join(map(repr, unknown))}. "
                         f"Its parameters: {', '.join(known) or '(none)'}")


def all_jobs(plan_ids: list[str], nb_dir: Path = NOTEBOOK_DIR) -> list[Job]:
    """Every notebook with its defaults, and the plan profile once per plan."""
    jobs = [Job(nb) for nb in available_notebooks(nb_dir) if nb != PROFILE]
    if PROFILE in available_notebooks(nb_dir):
        jobs += [Job(PROFILE, {"plan_id": pid}) for pid in plan_ids]
    return jobs


def in_place_jobs(nb_dir: Path = NOTEBOOK_DIR) -> list[Job]:
    """Every notebook once with its defaults: what is committed and checked by nbval."""
    return [Job(nb) for nb in available_notebooks(nb_dir)]


def kernel_config(socket_dir: str | os.PathLike):
    """Kernel manager settings: the kernel's sockets are Unix sockets in `socket_dir`, a folder private to
    this run. TCP ports are picked free and released before the kernel binds them, so kernels started
    at the same moment by other processes can take the same port ("Address already in use", then a
    60 s wait); a private folder cannot be shared. CurveZMQ keys when the kernel supports them
    (otherwise every kernel warns on stderr that it runs unencrypted)."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(os.fspath(socket_dir), "kernel"),
                                     "transport_encryption": "auto"}})


# --- one job (runs in a worker process) --------------------------------------------------------


def _clean(nb, job: Job, keep_parameters: bool) -> None:
    """Drop timings and paths papermill records, so reruns on the same data give the same files."""
    nb.metadata.pop("papermill", None)
    if keep_parameters and job.parameters:
        nb.metadata["papermill"] = {"parameters": dict(job.parameters)}
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id: the same run, the same bytes
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.metadata.get("tags") == []:  # papermill adds empty tag lists
            del cell.metadata["tags"]


def _compute_seconds(nb) -> float:
    return sum(c.metadata.get("papermill", {}).get("duration") or 0.0 for c in nb.cells)


def _error_message(exc, job: Job) -> tuple[str, bool]:
    """(message, is_usage_error) from a papermill execution error."""
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    if ename == "UsageError":
        return evalue, True
    lines = _ANSI.sub("", "\n".join(getattr(exc, "traceback", None) or [])).splitlines()
    tail = "\n".join(ln for ln in lines[-8:] if ln.strip())  # the frame that raised, not the whole stack
    cell = getattr(exc, "exec_count", None)
    where = f" in cell [{cell}]" if cell else ""
    return f"{job.notebook} failed{where}: {ename}: {evalue}" + (f"\n{tail}" if tail else ""), False


def execute(job: Job, out_dir: str | None, nb_dir: str = str(NOTEBOOK_DIR), stamp: str = "") -> Result:
    """Run one job in a fresh kernel; write its files (or the notebook in place when out_dir is None)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    result = Result(job)
    source = Path(nb_dir) / f"{job.notebook}.ipynb"
    try:
        with tempfile.TemporaryDirectory(prefix="dxcompare-kernel-") as sockets:
            nb = papermill.execute_notebook(str(source), None, parameters=dict(job.parameters) or None,
                                            kernel_name=KERNEL, cwd=nb_dir, progress_bar=False,
                                            request_save_on_cell_execute=False, config=kernel_config(sockets),
                                            extra_arguments=KERNEL_ARGUMENTS, shutdown_kernel=KERNEL_SHUTDOWN)
    except PapermillExecutionError as exc:
        result.error, result.usage_error = _error_message(exc, job)
        result.seconds = time.perf_counter() - start
        return result
    except Exception as exc:  # kernel died, timed out, notebook unreadable: report, don't crash the pool
        result.error = f"{job.notebook}: {type(exc).__name__}: {exc}"
        result.seconds = time.perf_counter() - start
        return result
    result.compute_seconds = _compute_seconds(nb)
    result.title, result.summary, result.summary_vi, result.heading = _title_and_summary(nb, job)
    if out_dir is None:
        _clean(nb, job, keep_parameters=False)
        write_text(source, nbformat.writes(nb) + "\n")
        result.files = [str(source)]
    else:
        _clean(nb, job, keep_parameters=True)
        result.files = _write_report(nb, job, result.title, Path(out_dir), stamp)
    result.seconds = time.perf_counter() - start
    return result


def _write_report(nb, job: Job, title: str, out_dir: Path, stamp: str = "") -> list[str]:
    stem = job.stem
    ipynb, page = safe_child(out_dir, f"{stem}.ipynb"), safe_child(out_dir, f"{stem}.html")
    write_text(ipynb, nbformat.writes(nb) + "\n")
    write_text(page, to_html(nb, title, stamp))
    files = [str(ipynb), str(page)]
    for n, formats in enumerate(_figures(nb), start=1):
        for suffix, data in formats.items():
            path = safe_child(out_dir, f"{stem}_fig{n}.{suffix}")
            write_bytes(path, data)
            files.append(str(path))
    made = {Path(f).name for f in files}
    for stale in out_dir.glob(f"{stem}_fig*.*"):  # figures a previous run had and this one has not
        if stale.name not in made and stale.suffix in (".png", ".svg", ".pdf"):
            stale.unlink()
    return files


class Progress:
    """A one-line progress bar on stderr (one line per job when stderr is not a terminal)."""

    def __init__(self, total: int, stream=None, width: int = 30):
        self.total, self.done, self.width = total, 0, width
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._start = time.perf_counter()

    def step(self, label: str) -> None:
        self.done += 1
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"[{bar}] {self.done}/{self.total} {label} ({time.perf_counter() - self._start:.1f} s)"
        if self.tty:
            self.stream.write("\r" + line.ljust(100) + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _pool_context():
    """fork when this process is single-threaded (workers start instantly), else spawn (safe)."""
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    return multiprocessing.get_context(method)


def run_jobs(jobs: list[Job], out_dir: Path | None, n_jobs: int | None = None,
             nb_dir: Path = NOTEBOOK_DIR, progress: bool = True, stamp: str = "") -> list[Result]:
    """Run the jobs on `n_jobs` worker processes (one kernel each); raise when any failed.

    `out_dir=None` re-saves the notebooks in place. Failed jobs write nothing; the
    others are kept, and the error lists every failure.
    """
    n = max(1, min(n_jobs or os.cpu_count() or 1, len(jobs)))
    bar = Progress(len(jobs)) if progress else None
    out = str(out_dir) if out_dir is not None else None
    results: list[Result | None] = [None] * len(jobs)
    if n == 1:
        for i, job in enumerate(jobs):
            results[i] = execute(job, out, str(nb_dir), stamp)
            if bar:
                bar.step(job.stem)
    else:
        import papermill  # noqa: F401 - imported once here, inherited by forked workers

        if out is not None:
            to_html(nbformat.v4.new_notebook(), "warm-up")  # templates loaded once, before the fork
        with ProcessPoolExecutor(max_workers=n, mp_context=_pool_context()) as pool:
            futures = {pool.submit(execute, job, out, str(nb_dir), stamp): i for i, job in enumerate(jobs)}
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                if bar:
                    bar.step(jobs[i].stem)
    failed = [r for r in results if r.error]
    if failed:
        message = "\n".join(r.error for r in failed)
        raise UsageError(message) if all(r.usage_error for r in failed) else DxError(message)
    return results
