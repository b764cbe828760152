"""Notebook parameters: every bad value ends with one message that says what is accepted."""
import re
import unicodedata
from types import SimpleNamespace

import pandas as pd
import pytest

from dxcompare import params
from dxcompare.errors import UsageError

DS = SimpleNamespace(
    plans=pd.DataFrame({"plan_id": ["long-an-1069-2021", "tinh-tra-quang-ngai-2024"],
                        "issued": pd.to_datetime(["2021-04-05", "2024-04-26"])}),
    targets=pd.DataFrame({"year": pd.array([2021, 2025, 2030, 2025], dtype="Int64")}),
    legal_documents=pd.DataFrame({"doc_id": ["749/QĐ-TTg", "924/QĐ-TTg"]}),
)


def test_defaults_mean_no_filter():
    assert params.validate(DS, plans=None, pillar=None, year=None, scope="all", role=None) == {
        "plans": None, "pillar": None, "year": None, "scope": None, "role": None}


def test_valid_values_are_normalised():
    p = params.validate(DS, plans="tinh-tra-quang-ngai-2024, long-an-1069-2021", pillar="skills", year=2030,
                        unit="billion", plan_id="long-an-1069-2021")
    assert p["plans"] == ["tinh-tra-quang-ngai-2024", "long-an-1069-2021"]
    assert (p["pillar"], p["year"], p["unit"]) == ("skills", 2030, "billion")


def test_unknown_plan_lists_valid_ids():
    with pytest.raises(UsageError) as err:
        params.validate(DS, plans=["long-an-1069-2021", "hanoi-1-2022"])
    msg = str(err.value)
    assert "'hanoi-1-2022'" in msg and "long-an-1069-2021, tinh-tra-quang-ngai-2024" in msg
    with pytest.raises(UsageError, match="Valid plan ids: long-an-1069-2021"):
        params.validate(DS, plan_id="nowhere")


def test_unknown_pillar_lists_pillars():
    with pytest.raises(UsageError) as err:
        params.validate(DS, pillar="digital_govt")
    msg = str(err.value)
    for code in ("digital_government", "digital_economy", "digital_society", "infrastructure", "skills"):
        assert code in msg
    assert "Chính quyền số" in msg


@pytest.mark.parametrize("name,value,expected", [
    ("year", "2025", "expected an integer year"),
    ("year", True, "expected an integer year"),
    ("year", 2025.0, "expected an integer year"),
    ("plans", 5, "expected a list of plan ids"),
    ("pillar", 3, "expected a pillar (text)"),
    ("plan_id", ["long-an-1069-2021"], "expected a plan id (text)"),
    ("unit", None, "expected a unit (text)"),
])
def test_wrong_type_names_expected_type(name, value, expected):
    with pytest.raises(UsageError, match=re.escape(f"{name}: {expected}")):
        params.validate(DS, **{name: value})


def test_year_without_targets_lists_years():
    with pytest.raises(UsageError, match="Years with targets: 2021, 2025, 2030"):
        params.validate(DS, year=2024)


def test_other_choices():
    with pytest.raises(UsageError, match="Valid units: VND, million, billion"):
        params.validate(DS, unit="thousand")
    with pytest.raises(UsageError, match="lead"):
        params.validate(DS, role="boss")
    with pytest.raises(UsageError, match="province"):
        params.validate(DS, scope="planet")
    with pytest.raises(UsageError, match="choose at least one plan"):
        params.validate(DS, plans=[])


def test_focus_doc_is_matched_in_nfc():
    decomposed = unicodedata.normalize("NFD", "749/QĐ-TTg")
    assert params.validate(DS, focus_doc=decomposed)["focus_doc"] == "749/QĐ-TTg"
    with pytest.raises(UsageError, match="749/QĐ-TTg, 924/QĐ-TTg"):
        params.validate(DS, focus_doc="1/QĐ-TTg")


def test_unknown_parameter_name_is_a_programming_error():
    with pytest.raises(TypeError):
        params.validate(DS, colour="red")


def test_a_near_miss_gets_a_suggestion():
    with pytest.raises(UsageError, match=re.escape("unknown pillar 'digital_govt'. Did you mean 'digital_government'?")):
        params.validate(DS, pillar="digital_govt")
    with pytest.raises(UsageError, match=re.escape("Did you mean 'long-an-1069-2021'?")):
        params.validate(DS, plan_id="long-an-1096-2021")
    with pytest.raises(UsageError, match=re.escape("Did you mean 'tinh-tra-quang-ngai-2024'?")):
        params.validate(DS, plans=["tinh-tra-quang-ngai-2042"])
    with pytest.raises(UsageError) as err:
        params.validate(DS, scope="planet")
    assert "Did you mean" not in str(err.value)  # nothing close: no guess
