"""Run the notebooks through papermill, in parallel, into readable offline reports.

One job = one notebook with one set of parameters, executed in its own kernel
(one worker process per core, each driving one kernel at a time). For each job
the report folder gets the executed `.ipynb`, an HTML page without code cells
that reads offline (figures embedded, no CDN scripts), the figures as PNG next
to it, and finally `index.html` linking everything. `in_place=True` instead
re-saves the notebooks in `notebooks/` with fresh outputs, which is what strict
nbval compares against. Every file is written atomically; a failed job writes
nothing, and a parameter rejected by the notebook's validation cell comes back
as that validation message (`UsageError`), not as a kernel traceback.
"""
from __future__ import annotations

import base64
import functools
import html
import multiprocessing
import os
import re
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .atomic import safe_child, write_bytes, write_text
from .errors import DxError, UsageError
from .labels import MISSING, SUMMARY_EN, SUMMARY_KEY, SUMMARY_VI

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
KERNEL = "python3"
PROFILE = "plan_profile"
VOLATILE_CELL_METADATA = ("papermill", "execution")
# jupyter_client interrupts every kernel before shutting it down; a kernel still
# finishing a message then logs "KeyboardInterrupt caught" to the terminal.
# Errors in cells still arrive through the notebook, so the kernel's own log is muted.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
# Once the last cell has run, the kernel holds nothing worth a graceful exit;
# stopping it at once saves about half a second per notebook.
KERNEL_SHUTDOWN = "immediate"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# The lab template minus everything it would fetch from a CDN (require.js,
# MathJax, Mermaid, widgets): reports must open with no network.
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}<style type="text/css">{{ resources.dxcompare_css }}</style>{%- endblock html_head_css -%}
"""
# Tables as a reader expects them: text left and top-aligned, numbers right, missing values centred,
# ids and dates never broken at a hyphen. The selectors outrank the lab theme and pandas' own <style scoped>.
_READER_CSS = """
.jp-RenderedHTMLCommon table.dataframe tbody tr td, .jp-RenderedHTMLCommon table.dataframe tbody tr th,
.jp-RenderedHTMLCommon table.dataframe thead tr th { text-align: left; vertical-align: top; max-width: 34em; }
.jp-RenderedHTMLCommon table.dataframe thead tr th { vertical-align: bottom; }
.jp-RenderedHTMLCommon table.dataframe thead tr th.num, .jp-RenderedHTMLCommon table.dataframe tbody tr td.num {
  text-align: right; font-variant-numeric: tabular-nums; }
.jp-RenderedHTMLCommon table.dataframe tbody tr td.num { white-space: nowrap; }
.jp-RenderedHTMLCommon table.dataframe tbody tr td.na { color: #777; }
.jp-RenderedHTMLCommon table.dataframe tr .nw { white-space: nowrap; }
.jp-RenderedHTMLCommon blockquote { border-left: 4px solid #0072B2; background: #f4f8fb; margin: .5em 0;
  padding: .4em .8em; color: inherit; }
.jp-RenderedHTMLCommon img, .jp-OutputArea-output img { max-width: 100%; height: auto; }
.jp-OutputArea-output { overflow-x: auto; }
"""
_CELL = re.compile(r"<(td|th)((?:\s[^>]*)?)>([^<]*)</\1>")
# A value cell: optional comparator, a number (narrow-space groups, a range), a unit, a year in brackets.
_NUMBER = re.compile(r"[<>≤≥≈~+\u2212-]?\d[\d\u202f.,]*(?:–\d+)?(?:\s?(?:%/năm|điểm %|%))?(?:\s\(\d{4}\))?")
_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)


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
        return re.sub(r"[^\w.=+-]+", "_", "-".join([self.notebook, *values]))


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


def kernel_config():
    """Kernel manager settings: CurveZMQ keys for the kernel's TCP sockets when the kernel supports them
    (otherwise every kernel warns on stderr that it runs unencrypted)."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport_encryption": "auto"}})


# --- one job (runs in a worker process) --------------------------------------------------------

def _clean(nb, job: Job, keep_parameters: bool) -> None:
    """Drop timings and paths papermill records, so reruns on the same data give the same files."""
    nb.metadata.pop("papermill", None)
    if keep_parameters and job.parameters:
        nb.metadata["papermill"] = {"parameters": dict(job.parameters)}
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.metadata.get("tags") == []:  # papermill adds empty tag lists
            del cell.metadata["tags"]


def _compute_seconds(nb) -> float:
    return sum(c.metadata.get("papermill", {}).get("duration") or 0.0 for c in nb.cells)


def _markdown_outputs(nb):
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if "text/markdown" in out.get("data", {}):
                yield out


def _plain(markdown: str) -> str:
    """Markdown as plain text: emphasis markers dropped, backslash escapes and entities undone.

    The index escapes it again when writing HTML, so data-derived text is escaped exactly once.
    """
    text = re.sub(r"(?<!\\)[*_`]", "", markdown)
    return html.unescape(re.sub(r"\\(.)", r"\1", text)).strip()


def _title_and_summary(nb, job: Job) -> tuple[str, str, str, str]:
    """(title, English summary, Vietnamese summary, heading) of an executed notebook.

    The summary is the finding a notebook displays with `labels.Summary`
    ("**Tóm lại:** … / **In short:** …"); a notebook without one is summed up
    by its question ("**Câu hỏi:** … / **Question:** …" of the opening cell).
    The heading is the first "## " line a parameterised run displays (the profiled plan).
    """
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    lines = [ln.strip() for ln in first.splitlines()]
    title = next((ln.lstrip("# ") for ln in lines if ln.startswith("#")), job.notebook)
    vi = next((ln.removeprefix("**Câu hỏi:**") for ln in lines if ln.startswith("**Câu hỏi:**")), "")
    en = next((ln.removeprefix("**Question:**") for ln in lines if ln.startswith("**Question:**")), "")
    finding = next((out["data"]["text/markdown"] for out in _markdown_outputs(nb)
                    if out.get("metadata", {}).get("text/markdown", {}).get(SUMMARY_KEY) == "summary"), None)
    if finding:
        found = [ln.lstrip("> ") for ln in finding.splitlines()]
        vi = next((ln.removeprefix(SUMMARY_VI) for ln in found if ln.startswith(SUMMARY_VI)), vi)
        en = next((ln.removeprefix(SUMMARY_EN) for ln in found if ln.startswith(SUMMARY_EN)), en)
    heading = ""
    if job.parameters:
        heading = next((out["data"]["text/markdown"].removeprefix("## ").strip() for out in _markdown_outputs(nb)
                        if out["data"]["text/markdown"].startswith("## ")), "")
    return title + (f" — {heading}" if heading else ""), _plain(en), _plain(vi), heading


@functools.cache
def _exporter():
    """One HTML exporter per process: loading its templates and CSS is most of a conversion's cost."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", extra_loaders=[DictLoader({"dxcompare.html.j2": _TEMPLATE})],
                        template_file="dxcompare.html.j2", exclude_input=True, language_code="vi",
                        exclude_input_prompt=True, exclude_output_prompt=True)


def _mark_cells(page: str) -> str:
    """Class table cells for reading: numbers right-aligned by column, ids and dates kept on one line.

    Each plain cell is first marked `num` (a value), `na` (the missing mark) or
    `nw` (an id or date, no spaces: never broken at its hyphens); then, table by
    table, a column whose cells are all values (or missing) is a number column,
    its cells and header right-aligned, while a stray value in a text column
    stays left-aligned with its neighbours.
    """
    def mark(m: re.Match) -> str:
        tag, attrs, text = m.groups()
        if "class=" in attrs:
            return m.group(0)
        plain = html.unescape(text).strip()
        if tag == "td" and _NUMBER.fullmatch(plain):
            kind = "num"
        elif tag == "td" and plain == MISSING:
            kind = "na"
        elif plain and len(plain) <= 30 and not any(ch.isspace() for ch in plain):
            kind = "nw"
        else:
            return m.group(0)
        return f'<{tag}{attrs} class="{kind}">{text}</{tag}>'
    return _TABLE.sub(lambda t: _align_columns(t.group(0)), _CELL.sub(mark, page))


def _align_columns(table: str) -> str:
    """Keep `num` only in number columns (all values, perhaps some missing) and give their headers `num` too.

    pandas writes one `<th>` per index level before the column headers in the
    first header row, and the data cells of every body row as `<td>`s.
    """
    head, sep, body = table.partition("<tbody>")
    rows = _ROW.findall(body)
    if not sep or not rows:
        return table
    cells = [re.findall(r"<td\b([^>]*)>", r) for r in rows]
    numeric = []
    for j in range(max(map(len, cells))):
        kinds = [c[j] for c in cells if j < len(c)]
        numeric.append(all('"num"' in k or '"na"' in k for k in kinds) and any('"num"' in k for k in kinds))

    def fix_row(row: re.Match) -> str:
        j = -1

        def fix(td: re.Match) -> str:
            nonlocal j
            j += 1
            attrs = td.group(1)
            if j < len(numeric) and numeric[j] and '"na"' in attrs:
                attrs = attrs.replace('class="na"', 'class="num na"')
            elif j < len(numeric) and not numeric[j]:
                attrs = attrs.replace(' class="num"', "")
            return f"<td{attrs}>"
        return re.sub(r"<td\b([^>]*)>", fix, row.group(0))

    body = _ROW.sub(fix_row, body)
    first = _ROW.search(head)
    if first is not None and any(numeric):
        levels = max(len(re.findall(r"<th\b", r)) for r in rows)
        ths = list(re.finditer(r"<th\b([^>]*)>", first.group(1)))
        row = first.group(1)
        for j in reversed(range(len(numeric))):
            if numeric[j] and levels + j < len(ths):
                m = ths[levels + j]
                attrs = m.group(1)
                attrs = attrs.replace('class="', 'class="num ') if "class=" in attrs else f'{attrs} class="num"'
                row = row[:m.start()] + f"<th{attrs}>" + row[m.end():]
        head = head[:first.start(1)] + row + head[first.end(1):]
    return head + sep + body


def to_html(nb, title: str) -> str:
    """HTML for readers: outputs only, no code, no prompts, nothing loaded from the network."""
    reader_nb = nbformat.from_dict(nb)
    reader_nb.cells = [c for c in reader_nb.cells if c.cell_type != "code" or c.get("outputs")]
    body, _ = _exporter().from_notebook_node(reader_nb, resources={"metadata": {"name": title},
                                                                    "dxcompare_css": _READER_CSS})
    return _mark_cells(body)


def _pngs(nb) -> list[bytes]:
    return [base64.b64decode(out["data"]["image/png"])
            for cell in nb.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]


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


def execute(job: Job, out_dir: str | None, nb_dir: str = str(NOTEBOOK_DIR)) -> Result:
    """Run one job in a fresh kernel; write its files (or the notebook in place when out_dir is None)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    result = Result(job)
    source = Path(nb_dir) / f"{job.notebook}.ipynb"
    try:
        nb = papermill.execute_notebook(str(source), None, parameters=dict(job.parameters) or None,
                                        kernel_name=KERNEL, cwd=nb_dir, progress_bar=False,
                                        request_save_on_cell_execute=False, config=kernel_config(),
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
        result.files = _write_report(nb, job, result.title, Path(out_dir))
    result.seconds = time.perf_counter() - start
    return result


def _write_report(nb, job: Job, title: str, out_dir: Path) -> list[str]:
    stem = job.stem
    ipynb, page = safe_child(out_dir, f"{stem}.ipynb"), safe_child(out_dir, f"{stem}.html")
    write_text(ipynb, nbformat.writes(nb) + "\n")
    write_text(page, to_html(nb, title))
    files = [str(ipynb), str(page)]
    pngs = _pngs(nb)
    for n, data in enumerate(pngs, start=1):
        path = safe_child(out_dir, f"{stem}_fig{n}.png")
        write_bytes(path, data)
        files.append(str(path))
    for stale in out_dir.glob(f"{stem}_fig*.png"):  # figures a previous run had and this one has not
        if stale.name not in {Path(f).name for f in files}:
            stale.unlink()
    return files


# --- many jobs ------------------------------------------------------------------------------

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
             nb_dir: Path = NOTEBOOK_DIR, progress: bool = True) -> list[Result]:
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
            results[i] = execute(job, out, str(nb_dir))
            if bar:
                bar.step(job.stem)
    else:
        import papermill  # noqa: F401 - imported once here, inherited by forked workers

        if out is not None:
            to_html(nbformat.v4.new_notebook(), "warm-up")  # templates loaded once, before the fork
        with ProcessPoolExecutor(max_workers=n, mp_context=_pool_context()) as pool:
            futures = {pool.submit(execute, job, out, str(nb_dir)): i for i, job in enumerate(jobs)}
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


# --- index ------------------------------------------------------------------------------------

_INDEX_CSS = """body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:68rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.4}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid #ddd;
vertical-align:top}th{background:#f3f3f3}a{color:#0072B2}td p{margin:0 0 .3rem}.en{color:#555}
.report{width:24%}.files{width:12%;font-size:.85rem;white-space:nowrap}.sub,.params{font-size:.85rem;color:#555}"""


def _index_row(r: Result) -> str:
    stem = html.escape(r.job.stem)
    esc = html.escape
    if r.heading:  # a profile: the plan's short name links, its full title follows
        name, _, doc_title = r.heading.partition(": ")
        report_cell = f'<a href="{stem}.html">{esc(name)}</a><div class="sub">{esc(doc_title)}</div>'
    else:
        report_cell = f'<a href="{stem}.html">{esc(r.title)}</a>'
    if r.job.parameters:
        shown = ", ".join(f"{k} = {v}" for k, v in r.job.parameters.items())
        report_cell += f'<div class="params">Tham số / Parameters: {esc(shown)}</div>'
    findings = "".join(f'<p lang="{lang}" class="{lang}">{esc(text)}</p>'
                       for lang, text in (("vi", r.summary_vi), ("en", r.summary)) if text)
    figures = [Path(f).name for f in r.files if f.endswith(".png")]
    files = [f'<a href="{stem}.ipynb">notebook</a>']
    files += [f'<a href="{esc(name)}">hình / figure {n}</a>' for n, name in enumerate(figures, start=1)]
    return (f'<tr><td class="report">{report_cell}</td><td>{findings}</td>'
            f'<td class="files">{"<br>".join(files)}</td></tr>')


def _index_table(rows: list[str], first: str) -> str:
    return (f"<table>\n<thead><tr><th>{first}</th><th>Kết quả chính / Key findings</th><th>Tệp / Files</th></tr>"
            f"</thead>\n<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>")


def write_index(results: list[Result], out_dir: Path) -> Path:
    """`index.html`: the comparisons, then one profile per plan, each with its finding in Vietnamese and English.

    Self-contained (inline CSS, no script), so it opens offline.
    """
    comparisons = [_index_row(r) for r in results if r.job.notebook != PROFILE]
    profiles = [_index_row(r) for r in results if r.job.notebook == PROFILE]
    sections = []
    if comparisons:
        sections.append("<h2>So sánh các kế hoạch / Comparisons</h2>\n" + _index_table(comparisons, "Báo cáo / Report"))
    if profiles:
        sections.append("<h2>Hồ sơ từng kế hoạch / One profile per plan</h2>\n"
                        + _index_table(profiles, "Kế hoạch / Plan"))
    page = f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>dxcompare — báo cáo / reports</title>
<style>{_INDEX_CSS}</style>
</head>
<body>
<h1>dxcompare — so sánh kế hoạch chuyển đổi số / comparing digital-transformation plans</h1>
<p lang="vi">Mỗi báo cáo là một notebook đã chạy (papermill). Mỗi con số lấy từ dữ liệu đã mã hóa trong
<code>data/</code> và có nguồn: nguyên văn trong văn bản gốc, hoặc tài liệu công khai được trích dẫn. Các trang
đọc được khi không có mạng.</p>
<p lang="en" class="en">Each report is an executed notebook (papermill). Every number comes from the curated data in
<code>data/</code> and carries its source: a quote from the plan's own text, or a cited public document. The pages
read offline.</p>
{chr(10).join(sections)}
</body>
</html>
"""
    path = Path(out_dir) / "index.html"
    write_text(path, page)
    return path
