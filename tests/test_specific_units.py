"""Specific units: a generic body tasked for one named locality keeps both in the agency analysis."""
import pandas as pd

from dxcompare import analysis


def test_every_assignment_with_a_unit_is_listed_under_its_generic_body(shipped):
    units = analysis.specific_units(shipped)
    assert len(units) == int(shipped.assignments["unit"].notna().sum())
    assert units["agency_unit"].notna().all() and units["agency_name"].notna().all()
    assert str(units["role"].dtype) == "category"


def test_a_role_filter_keeps_only_that_role(shipped):
    lead = analysis.specific_units(shipped, role="coordinate")
    assert (lead["role"] == "coordinate").all()
    assert set(lead.index) <= set(range(len(analysis.specific_units(shipped))))


def test_no_unit_gives_an_empty_typed_table(shipped):
    none = analysis.specific_units(shipped, [shipped.plans["plan_id"].iloc[0]], role="report").iloc[0:0]
    assert list(none.columns) == ["plan", "agency_name", "agency_unit", "role", "task"]
    assert isinstance(none, pd.DataFrame)
