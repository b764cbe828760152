"""charts.py as a reader sees the charts: titles, units, source line, palette, named rows, years told apart,
readable amounts, parts drawn inside their total, same bytes every run. Runs on the small known corpus.
"""
import io
import warnings

import matplotlib.pyplot as plt
import pytest

from dxcompare import analysis, charts

THIN = "\u202f"


@pytest.fixture(scope="module")
def ds(small):
    return small


def _draw(fig):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph (Vietnamese, ≥, the narrow space) warns
        fig.canvas.draw()


def _texts(fig):
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]


def test_target_rows_are_bilingual_names_grouped_by_pillar(ds):
    fig = charts.target_dots(analysis.target_values(ds, year=2025), year=2025, indicators=ds.indicators)
    _draw(fig)
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "CHÍNH QUYỀN SỐ / DIGITAL GOVERNMENT"
    assert ax.get_yticklabels()[0].get_fontweight() == "bold"
    assert "Hồ sơ cấp xã xử lý trên mạng\nRecords online, commune" in ticks
    assert not any("_" in t for t in ticks)  # no snake_case code left on the axis
    assert ax.get_ylabel() == "Chỉ tiêu / Indicator" and "(%)" in ax.get_xlabel()
    assert "2025" in ax.get_title(loc="left") and "749/QĐ-TTg" in ax.get_title(loc="left")
    plt.close(fig)


def test_dots_of_several_years_are_labelled_by_year(ds):
    values = analysis.target_values(ds, ["p-1"])  # 2025 and 2030 on the same province row
    fig = charts.target_dots(values, year=None, indicators=ds.indicators)
    _draw(fig)
    years = [a.get_text() for a in fig.axes[0].texts]
    assert years.count("2030") >= 1 and years.count("2025") >= 1
    plt.close(fig)
    fig = charts.target_dots(analysis.target_values(ds, year=2025), year=2025, indicators=ds.indicators)
    assert not fig.axes[0].texts  # one year: nothing to tell apart
    plt.close(fig)


def test_without_the_registry_rows_keep_their_codes(ds):
    fig = charts.target_dots(analysis.target_values(ds, year=2025), year=2025)
    assert "records_online_commune" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    plt.close(fig)


def test_budget_amounts_read_the_same_in_both_languages(ds):
    fig = charts.budget_bars(analysis.budgets(ds, unit="VND"), "VND")
    _draw(fig)
    texts = _texts(fig)
    assert f"1{THIN}560{THIN}000{THIN}000" in texts and "1,560,000,000" not in texts
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert 0 < len(ticks) <= 6 and all("," not in t for t in ticks)
    assert "đồng / VND" in fig.axes[0].get_xlabel()
    assert "không cộng dồn" in fig.axes[0].get_title(loc="left")
    plt.close(fig)


def test_long_purposes_wrap_instead_of_vanishing():
    label = charts._wrap("Kinh phí thực hiện nhiệm vụ chuyển đổi số năm 2021 (tổng, chi tiết tại Phụ lục II)")
    assert label == "Kinh phí thực hiện nhiệm vụ chuyển đổi số\nnăm 2021 (tổng, chi tiết tại Phụ lục II)"
    assert all(len(line) <= 44 for line in charts._wrap("x " * 200).splitlines())
    assert len(charts._wrap("x " * 200).splitlines()) == 2


def test_figures_are_the_same_bytes_every_run(ds):
    def png():
        fig = charts.target_dots(analysis.target_values(ds), year=None, indicators=ds.indicators)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        return buf.getvalue()
    assert png() == png()


def _check_figure(fig, unit_word):
    ax = fig.axes[0]
    assert ax.get_title(loc="left")
    assert unit_word in ax.get_xlabel() or unit_word in ax.get_ylabel()
    assert any(t.startswith("Nguồn / Source") for t in _texts(fig))
    _draw(fig)
    plt.close(fig)


def test_target_dots_use_the_palette(ds):
    fig = charts.target_dots(analysis.target_values(ds, year=2025), year=2025)
    from matplotlib.colors import to_rgb
    used = {tuple(rgba[:3]) for c in fig.axes[0].collections
            for rgba in [*c.get_facecolor(), *c.get_edgecolor()] if rgba[3] > 0}
    assert used and used <= {to_rgb(c) for c in charts.OKABE_ITO}
    _check_figure(fig, "%")


def test_timeline_chart(ds):
    _check_figure(charts.timeline(analysis.timeline(ds)), "Năm")


def test_budget_bars(ds):
    _check_figure(charts.budget_bars(analysis.budgets(ds, unit="billion"), "billion"), "billion VND")


def test_a_part_is_drawn_inside_its_total(ds):
    fig = charts.budget_bars(analysis.budgets(ds, unit="million"), "million")
    total, part = fig.axes[0].patches[:2]
    assert total.get_x() == 0 and part.get_x() >= total.get_x()
    assert part.get_x() + part.get_width() <= total.get_x() + total.get_width()  # within the total's span
    assert total.get_height() > part.get_height()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks[1].startswith("↳ ")
    assert ticks[0] == "Tổng kinh phí\nTotal funding" and ticks[1] == "↳ Tuyên truyền\n—"  # gloss, or "—" when none
    plt.close(fig)


def test_empty_charts_say_so(ds):
    fig = charts.budget_bars(analysis.budgets(ds, ["c-2"], unit="million"), "million")
    assert any("no amount" in t for t in _texts(fig))
    plt.close(fig)


@pytest.mark.parametrize("suffix,magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_a_chart_saved_for_a_paper_is_the_same_bytes_every_time(ds, tmp_path, suffix, magic, monkeypatch):
    from dxcompare import style
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    outs = []
    for i in range(2):
        fig = charts.timeline(analysis.timeline(ds))
        path = tmp_path / f"t{i}.{suffix}"
        style.save(fig, path, dpi=300)
        plt.close(fig)
        outs.append(path.read_bytes())
    assert outs[0].startswith(magic) and outs[0] == outs[1]


def test_report_figures_are_kept_in_every_embedded_format():
    import base64

    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from dxcompare.report.html import figures
    png, svg = base64.b64encode(b"\x89PNGx").decode(), "<svg/>"
    nb = new_notebook(cells=[new_code_cell("f()", outputs=[new_output("display_data", data={
        "image/png": png, "image/svg+xml": svg, "text/plain": "<Figure>"})])])
    assert figures(nb) == [{"png": b"\x89PNGx", "svg": b"<svg/>"}]
