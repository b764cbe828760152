"""figures.py as a reader sees the figures: named rows, years told apart, readable amounts, same bytes every run.

Runs on the synthetic data folder of test_compare.py (which checks titles,
units, source line and palette of every figure).
"""
import io
import warnings

import matplotlib.pyplot as plt
import pytest
from test_compare import make_data_folder

from dxcompare import compare, figures, labels, load_dataset

THIN = "\u202f"


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(make_data_folder(tmp_path_factory.mktemp("data")))


def _draw(fig):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph (Vietnamese, ≥, the narrow space) warns
        fig.canvas.draw()


def _texts(fig):
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]


def test_target_rows_are_bilingual_names_grouped_by_pillar(ds):
    fig = figures.target_dots(compare.target_values(ds, year=2025), year=2025, indicators=ds.indicators)
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
    values = compare.target_values(ds, plans=["p-1"])  # 2025 and 2030 on the same province row
    fig = figures.target_dots(values, year=None, indicators=ds.indicators)
    _draw(fig)
    years = [a.get_text() for a in fig.axes[0].texts]
    assert years.count("2030") >= 1 and years.count("2025") >= 1
    plt.close(fig)
    fig = figures.target_dots(compare.target_values(ds, year=2025), year=2025, indicators=ds.indicators)
    assert not fig.axes[0].texts  # one year: nothing to tell apart
    plt.close(fig)


def test_without_the_registry_rows_keep_their_codes(ds):
    fig = figures.target_dots(compare.target_values(ds, year=2025), year=2025)
    assert "records_online_commune" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    plt.close(fig)


def test_budget_amounts_read_the_same_in_both_languages(ds):
    fig = figures.budget_bars(compare.budgets(ds, "VND"), "VND")
    _draw(fig)
    texts = _texts(fig)
    assert f"1{THIN}560{THIN}000{THIN}000" in texts and "1,560,000,000" not in texts
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert 0 < len(ticks) <= 6 and all("," not in t for t in ticks)
    assert "đồng / VND" in fig.axes[0].get_xlabel()
    assert "không cộng dồn" in fig.axes[0].get_title(loc="left")
    plt.close(fig)


def test_long_purposes_wrap_instead_of_vanishing():
    label = figures._wrap("Kinh phí thực hiện nhiệm vụ chuyển đổi số năm 2021 (tổng, chi tiết tại Phụ lục II)")
    assert label == "Kinh phí thực hiện nhiệm vụ chuyển đổi số\nnăm 2021 (tổng, chi tiết tại Phụ lục II)"
    assert all(len(line) <= 44 for line in figures._wrap("x " * 200).splitlines())
    assert len(figures._wrap("x " * 200).splitlines()) == 2


def test_money_unit_labels_match_compare_units():
    assert set(labels.MONEY_UNITS) == set(compare.MONEY_UNITS)


def test_figures_are_the_same_bytes_every_run(ds):
    def png():
        fig = figures.target_dots(compare.target_values(ds), year=None, indicators=ds.indicators)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        return buf.getvalue()
    assert png() == png()
