"""`dxcompare report`: papermill runs with non-default parameters, bad parameters, offline HTML.

Two notebook runs only (one good, one rejected), each in a real kernel: the
rest is checked on small hand-made notebooks without a kernel.
"""
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from dxcompare import cli, report
from dxcompare.commands.report import parse_value

REMOTE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
CSS_REMOTE = re.compile(r"""@import\s+(?:url\()?["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.I)


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(v for k, v in out.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def run_2030(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    code = cli.main(["report", "03_targets", "-p", "year", "2030", "--out", str(out), "--jobs", "1"])
    return code, out


def test_targets_2030_shows_2030_targets(run_2030):
    code, out = run_2030
    assert code == 0
    nb = nbformat.read(out / "03_targets-2030.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "year = 2030" in injected[0].source
    matrix = next(c for c in nb.cells if "target_matrix" in c.source).outputs[0]["data"]["text/html"]
    assert "(2030)" in matrix and "(2025)" not in matrix
    assert "Hồ sơ công việc cấp xã" in matrix and "Work records handled online at commune level" in matrix
    assert "records_online_commune" not in matrix  # rows carry names; codes live in the glossary
    summary = next(out for c in nb.cells for out in c.get("outputs", [])
                   if out.get("metadata", {}).get("text/markdown", {}).get("dxcompare") == "summary")
    assert summary["data"]["text/markdown"].startswith("> **Tóm lại:** Năm 2030:")
    assert nb.metadata["papermill"] == {"parameters": {"year": 2030}}
    assert all("execution" not in c.metadata for c in nb.cells)  # no timings: reruns give the same file


def test_report_html_reads_offline_without_code(run_2030):
    _, out = run_2030
    page = (out / "03_targets-2030.html").read_text(encoding="utf-8")
    assert not REMOTE.search(page) and not CSS_REMOTE.search(page)
    assert "data:image/png;base64," in page  # figures embedded
    assert "load_dataset(" not in page and "params.validate" not in page  # no code cells
    assert "Chỉ tiêu định lượng" in page  # Vietnamese intact
    assert (out / "03_targets-2030_fig1.png").read_bytes().startswith(b"\x89PNG")


def test_bad_parameter_exits_1_with_the_validation_message(tmp_path, capsys):
    code = cli.main(["report", "03_targets", "-p", "pillar", "digital_govt", "--out", str(tmp_path), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "unknown pillar 'digital_govt'" in err and "digital_government" in err
    assert "Traceback" not in err and "---->" not in err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_unknown_notebook_and_parameter_name(tmp_path, capsys):
    assert cli.main(["report", "99_nothing", "--out", str(tmp_path)]) == 1
    assert "Notebooks: 01_overview" in capsys.readouterr().err
    assert cli.main(["report", "03_targets", "-p", "colour", "red", "--out", str(tmp_path)]) == 1
    assert "Its parameters: pillar, year, plans, scope" in capsys.readouterr().err
    assert cli.main(["report", "--all", "--in-place", "-p", "year", "2030"]) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text,value", [("2030", 2030), ("1.5", 1.5), ("None", None), ("True", True),
                                        ("digital_government", "digital_government"),
                                        ("[a, b]", ["a", "b"]), ("a,b", "a,b")])
def test_parse_value(text, value):
    assert parse_value(text) == value


def test_job_stems():
    assert report.Job("03_targets").stem == "03_targets"
    assert report.Job("03_targets", {"pillar": "skills", "year": 2030}).stem == "03_targets-skills-2030"
    assert report.Job("01_overview", {"plans": ["a", "b/c"]}).stem == "01_overview-a+b_c"


def test_every_plan_gets_a_profile():
    jobs = report.all_jobs(["p-1", "p-2"])
    assert [j.stem for j in jobs if j.notebook == report.PROFILE] == ["plan_profile-p-1", "plan_profile-p-2"]
    assert {"01_overview", "02_legal_bases", "03_targets", "04_budgets", "05_agencies"} <= {j.stem for j in jobs}


def _tiny_notebook():
    nb = new_notebook(cells=[
        new_markdown_cell("# Tiêu đề / Title\n\n**Question:** What *is* it?"),
        new_code_cell("x = 1", metadata={"tags": ["parameters"], "papermill": {"duration": 0.1},
                                         "execution": {"iopub.status.busy": "2025-01-01"}}),
        new_code_cell("plot()", outputs=[new_output("display_data", data={
            "image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 10x10 with 1 Axes>"})]),
    ], metadata={"papermill": {"input_path": "/somewhere/nb.ipynb", "duration": 3.2}})
    return nb


def test_clean_drops_timings_and_paths():
    nb = _tiny_notebook()
    report.jobs._clean(nb, report.Job("x", {"year": 2030}), keep_parameters=True)
    assert nb.metadata["papermill"] == {"parameters": {"year": 2030}}
    assert all("papermill" not in c.metadata and "execution" not in c.metadata for c in nb.cells)
    report.jobs._clean(nb, report.Job("x"), keep_parameters=False)
    assert "papermill" not in nb.metadata


def test_to_html_has_no_code_and_no_cdn():
    page = report.to_html(_tiny_notebook(), "Tiêu đề")
    assert "x = 1" not in page and "plot()" not in page
    assert "data:image/png;base64,iVBORw0KGgo=" in page
    assert not REMOTE.search(page) and not CSS_REMOTE.search(page)
    assert "<title>Tiêu đề</title>" in page


def test_title_and_summary_fall_back_to_the_question():
    nb = _tiny_notebook()
    nb.cells[0].source = "# Tiêu đề / Title\n\n**Câu hỏi:** Nó là *gì*?\n\n**Question:** What *is* it?"
    assert report.title_and_summary(nb, report.Job("x", {"year": 2030})) == (
        "Tiêu đề / Title", "What is it?", "Nó là gì?", "")


def test_title_and_summary_take_the_finding_and_the_heading():
    nb = _tiny_notebook()
    nb.cells.append(new_code_cell("title()", outputs=[new_output("execute_result", data={
        "text/markdown": "## Long An (2021): Kế hoạch chuyển đổi số", "text/plain": "## Long An (2021): …"})]))
    nb.cells.append(new_code_cell("summary()", outputs=[new_output("execute_result", data={
        "text/markdown": "> **Tóm lại:** 3 chỉ tiêu.\n>\n> **In short:** 3 targets.", "text/plain": "…"},
        metadata={"text/markdown": {"dxcompare": "summary"}})]))
    title, en, vi, heading = report.title_and_summary(nb, report.Job("plan_profile", {"plan_id": "long-an"}))
    assert (en, vi) == ("3 targets.", "3 chỉ tiêu.")
    assert heading == "Long An (2021): Kế hoạch chuyển đổi số"
    assert title == "Tiêu đề / Title — Long An (2021): Kế hoạch chuyển đổi số"
    assert report.title_and_summary(nb, report.Job("x"))[3] == ""  # a default run names no subject


def test_index_has_comparisons_then_profiles_with_findings_and_figures(tmp_path):
    results = [
        report.Result(report.Job("03_targets", {"year": 2030}), title="A <b>", summary="s & t", summary_vi="v & w",
                      files=[str(tmp_path / "03_targets-2030.ipynb"), str(tmp_path / "03_targets-2030_fig1.png")]),
        report.Result(report.Job("plan_profile", {"plan_id": "long-an"}), title="Hồ sơ — Long An (2021): Kế hoạch",
                      heading="Long An (2021): Kế hoạch X", summary="3 targets", summary_vi="3 chỉ tiêu"),
    ]
    page = report.write_index(results, tmp_path).read_text(encoding="utf-8")
    assert 'href="03_targets-2030.html"' in page and 'href="03_targets-2030.ipynb"' in page
    assert 'href="03_targets-2030_fig1.png">hình / figure 1</a>' in page
    assert "A &lt;b&gt;" in page and "s &amp; t" in page and '<p lang="vi" class="vi">v &amp; w</p>' in page
    assert page.index("Comparisons") < page.index("One profile per plan") < page.index("Long An (2021)")
    assert '<a href="plan_profile-long-an.html">Long An (2021)</a><div class="sub">Kế hoạch X</div>' in page
    assert "Tham số / Parameters: plan_id = long-an" in page
    assert "<script" not in page and not REMOTE.search(page)


def test_table_alignment_comes_from_the_renderer_not_from_the_html(small):
    from dxcompare import analysis, present
    shown = present.table(small, present.budgets(analysis.budgets(small)), index=["plan", "purpose"])
    page = shown._repr_html_()
    tid = re.search(r'<table[^>]*id="(dx-[0-9a-f]{10})"', page).group(1)
    amount = list(shown.columns).index(present.HEADERS["amount_million_vnd"])
    k = len(shown.columns) - amount
    assert f"#{tid} tbody td:nth-last-child({k})" in page  # the amount column, right-aligned, by type
    assert page == shown._repr_html_()  # same table, same id and rules
    assert "<script" not in present.table(small, present.plan_metadata(small, "q-3"))._repr_html_()


def test_a_markup_title_is_escaped_once_in_the_rendered_table(small_more):
    from dxcompare import present
    page = present.table(small_more, present.plan_metadata(small_more, "q-3"))._repr_html_()
    assert "&lt;script&gt;" in page and "<script" not in page and "&amp;lt;" not in page


def test_injected_parameters_cell_has_a_fixed_id():
    nb = _tiny_notebook()
    nb.cells[1].metadata["tags"] = ["injected-parameters"]
    nb.cells[1]["id"] = "a1b2c3"
    report.jobs._clean(nb, report.Job("x", {"year": 2030}), keep_parameters=True)
    assert nb.cells[1]["id"] == "injected-parameters"


def test_pages_link_to_the_index_and_carry_the_stamp(small, tmp_path):
    from dxcompare.report.stamp import data_digest
    folder = tmp_path / "d"
    (folder / "plans").mkdir(parents=True)
    (folder / "plans" / "a.yaml").write_text("x", encoding="utf-8")
    first = data_digest(folder)
    (folder / "processed").mkdir()
    (folder / "processed" / "cache").write_text("y", encoding="utf-8")
    assert data_digest(folder) == first  # the cache is no input
    stamp = f"dxcompare 0.1.0 · data sha256:{first[:12]} · data as of 2024-04-26"
    page = report.to_html(_tiny_notebook(), "Tiêu đề", stamp)
    assert '<a href="index.html">' in page and stamp in page
    assert report.stamp(small, folder).endswith("data as of 2024-04-26")


def test_a_heading_with_markup_is_escaped_once_in_title_and_index(tmp_path):
    from dxcompare.present import md_text
    nb = _tiny_notebook()
    nb.cells.append(new_code_cell("title()", outputs=[new_output("execute_result", data={
        "text/markdown": "## " + md_text("A & B: <x>"), "text/plain": "…"})]))
    title, _, _, heading = report.title_and_summary(nb, report.Job("plan_profile", {"plan_id": "a"}))
    assert heading == "A & B: <x>" and title.endswith("A & B: <x>")
    page = report.to_html(nb, title)
    assert "<title>Tiêu đề / Title — A &amp; B: &lt;x&gt;</title>" in page
    index = report.write_index([report.Result(report.Job("plan_profile", {"plan_id": "a"}), title=title,
                                              heading=heading)], tmp_path).read_text(encoding="utf-8")
    assert ">A &amp; B</a>" in index and "&amp;amp;" not in index


def test_a_long_parameter_gives_a_file_name_the_system_accepts():
    stem = report.Job("01_overview", {"plans": [f"plan-{i:04d}" for i in range(400)]}).stem
    assert len(stem.encode("utf-8")) <= report.jobs.STEM_BYTES and stem.startswith("01_overview-plan-0000")
    assert stem != report.Job("01_overview", {"plans": [f"plan-{i:04d}" for i in range(401)]}).stem


def test_a_staged_set_replaces_the_folder_whole_and_stale_temporaries_go(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "a.html").write_text("old", encoding="utf-8")
    (out / "keep.html").write_text("kept", encoding="utf-8")
    (tmp_path / ".reports.partial-dead").mkdir()  # a killed run's leftovers
    with report.staged(out) as stage:
        (stage / "a.html").write_text("new", encoding="utf-8")  # what write_text does: a new file by rename
        assert (out / "a.html").read_text(encoding="utf-8") == "old"  # nothing new is visible before the swap
    assert (out / "a.html").read_text(encoding="utf-8") == "new"
    assert (out / "keep.html").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_a_failed_run_leaves_the_old_set(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "a.html").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with report.staged(out) as stage:
            (stage / "a.ipynb").write_text("new", encoding="utf-8")
            raise RuntimeError("killed")
    assert sorted(p.name for p in out.iterdir()) == ["a.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_a_swap_killed_halfway_is_undone_by_the_next_run(tmp_path):
    out = tmp_path / "reports"
    (tmp_path / ".reports.old-123").mkdir()
    (tmp_path / ".reports.old-123" / "a.html").write_text("old", encoding="utf-8")
    report.publish.clean_stale(out)
    assert (out / "a.html").read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize("make", ["file", "readonly"])
def test_a_bad_destination_is_refused_before_any_notebook_runs(tmp_path, capsys, make):
    import os
    if make == "file":
        out = tmp_path / "reports"
        out.write_text("x", encoding="utf-8")
    else:
        if os.geteuid() == 0:
            pytest.skip("root may write anywhere")
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        out = ro / "reports"
    assert cli.main(["report", "03_targets", "--out", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write reports to" in err and "Traceback" not in err


def test_a_list_through_plain_papermill_gets_a_hint(shipped):
    from dxcompare import UsageError, params
    with pytest.raises(UsageError, match=r"papermill's -p passes text: use -y"):
        params.validate(shipped, plans="[long-an-1069-2021, x]")


def test_reader_css_and_language_are_in_the_page():
    page = report.to_html(_tiny_notebook(), "Tiêu đề")
    assert '<html lang="vi">' in page
    assert "table.dataframe" in page and "blockquote" in page


def test_progress_without_terminal(capsys):
    import sys
    bar = report.Progress(2, stream=sys.stderr)
    bar.step("a")
    bar.step("b")
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("[") and "1/2 a" in err[0] and "2/2 b" in err[1]


def test_parallel_in_place_run(tmp_path):
    """Two tiny notebooks on two workers, re-saved in place: outputs in, timings and paths out."""
    for name, factor in (("a", 2), ("b", 3)):
        nb = new_notebook(cells=[new_markdown_cell(f"# {name}\n\n**Question:** times {factor}?"),
                                 new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                                 new_code_cell(f"print(x * {factor})")],
                          metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    results = report.run_jobs(report.in_place_jobs(tmp_path), None, n_jobs=2, nb_dir=tmp_path, progress=False)
    assert [r.summary for r in results] == ["times 2?", "times 3?"]
    for name, expected in (("a", "2\n"), ("b", "3\n")):
        nb = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
        assert nb.cells[2].outputs[0]["text"] == expected and nb.cells[2].execution_count == 2
        assert "papermill" not in nb.metadata and all("papermill" not in c.metadata for c in nb.cells)


def test_index_text_from_escaped_markdown_is_escaped_exactly_once():
    from dxcompare.present import md_text

    title = "<script>alert(1)</script> *bold* & a_b"
    assert report.index._plain(md_text(title)) == title  # plain text again; write_index escapes it once
    assert report.index._plain("**Tóm lại:** 2/5 kế hoạch") == "Tóm lại: 2/5 kế hoạch"
