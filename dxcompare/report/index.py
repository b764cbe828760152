"""Each report's title and one-line finding, read from the executed notebook, and `index.html` listing them."""
from __future__ import annotations

import html
import re
from pathlib import Path

from ..atomic import write_text
from ..present import SUMMARY_EN, SUMMARY_KEY, SUMMARY_VI

PROFILE = "plan_profile"


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


def title_and_summary(nb, job) -> tuple[str, str, str, str]:
    """(title, English summary, Vietnamese summary, heading) of an executed notebook.

    The summary is the finding a notebook displays with `present.Summary`
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
        heading = _plain(next((out["data"]["text/markdown"].removeprefix("## ").strip()
                               for out in _markdown_outputs(nb) if out["data"]["text/markdown"].startswith("## ")),
                              ""))  # plain text: the index and the page title escape it once
    return title + (f" — {heading}" if heading else ""), _plain(en), _plain(vi), heading



_INDEX_CSS = """body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:68rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.4}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid #ddd;
vertical-align:top}th{background:#f3f3f3}a{color:#0072B2}td p{margin:0 0 .3rem}.en{color:#555}
.report{width:24%}.files{width:12%;font-size:.85rem;white-space:nowrap}.sub,.params{font-size:.85rem;color:#555}"""


def _index_row(r) -> str:
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


def write_index(results: list, out_dir: Path, stamp: str = "") -> Path:
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
<p class="sub">{html.escape(stamp)}</p>
</body>
</html>
"""
    path = Path(out_dir) / "index.html"
    write_text(path, page)
    return path
