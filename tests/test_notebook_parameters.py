"""Every notebook rerun with non-default parameters (papermill) shows what was asked for."""
import nbformat
import pytest

from dxcompare import report

RUNS = {
    "01_overview": {"plans": ["long-an-1069-2021", "tinh-tra-quang-ngai-2024"]},
    "02_legal_bases": {"focus_doc": "924/QĐ-TTg", "plans": ["thua-thien-hue-132-2024", "tinh-tra-quang-ngai-2024"],
                       "include_references": True},
    "04_budgets": {"unit": "billion"},
    "05_agencies": {"role": "lead", "plans": ["long-an-1069-2021"]},
    "plan_profile": {"plan_id": "long-an-1069-2021"},
    "06_national_targets": {"indicator": "digital_economy_share_grdp", "year": 2030, "scheme": "34",
                            "region": "mekong_delta"},
    "07_outcomes": {"dti_year": 2024, "measure": "score", "scheme": "34", "target_year": 2030},
}


def _text(nb) -> str:
    parts = []
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            continue
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(v for k, v in out.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("param-runs")
    jobs = [report.Job(name, params) for name, params in RUNS.items()]
    results = report.run_jobs(jobs, out, n_jobs=2, progress=False)
    return {r.job.notebook: _text(nbformat.read(out / f"{r.job.stem}.ipynb", as_version=4)) for r in results}


def test_overview_shows_only_the_chosen_plans(outputs):
    text = outputs["01_overview"]
    assert "1069/KH-UBND" in text and "Tịnh Trà" in text
    assert "2140/KH-UBND" not in text and "132/KH-UBND" not in text


def test_legal_bases_focus_on_the_chosen_document(outputs):
    text = outputs["02_legal_bases"]
    assert "924/QĐ-TTg" in text
    assert "13-NQ/TU" in text  # Tịnh Trà's chain
    assert "1069/KH-UBND" not in text  # Long An not chosen
    assert "counting mentions" in text and "tính cả dẫn chiếu" in text  # the option is said in the finding


def test_budgets_in_billions(outputs):
    text = outputs["04_budgets"]
    assert "1.56" in text
    assert "billion" in text and "0.66" in text


def test_agencies_with_role_lead_only(outputs):
    text = outputs["05_agencies"]
    assert "Sở Thông tin và Truyền thông" in text and "lead" in text
    assert "Văn phòng Ủy ban nhân dân xã" not in text  # a Tịnh Trà body: plan not chosen


def test_profile_of_the_chosen_plan(outputs):
    text = outputs["plan_profile"]
    assert "1069/KH-UBND" in text and "pilot_communes_dx" in text
    assert "Tịnh Trà" not in text


def test_national_targets_for_2030_in_one_region_and_the_34_units(outputs):
    text = outputs["06_national_targets"]
    mekong = 13  # provinces of the Mekong Delta before 2025
    assert f"/{mekong} tỉnh" in text and f"of {mekong} provinces" in text  # the finding counts the region only
    assert "2030" in text and "411/QĐ-TTg" in text  # 749's 2030 share was not found: 411 is the reference
    assert "Đơn vị từ 2025 / Unit since 2025" in text  # predecessors side by side for the 34 units


def test_outcomes_for_dti_2024_scores_of_the_34_units(outputs):
    text = outputs["07_outcomes"]
    assert "DTI 2024" in text and "score" in text
    assert "not an effect" in text and "không phải tác động" in text
