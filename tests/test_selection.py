"""One plan selector: a typo'd or shortened plan id gives the same usage error in every entry point."""
import re

import pytest

from dxcompare import UsageError, analysis, graph, network_figures, params, present, selection

TYPO = "long-an-1096-2021"
SUGGESTION = "Did you mean 'long-an-1069-2021'?"


def _entry_points(ds, G):
    """Every function that takes plan ids, called with `bad` as the selection."""
    return {
        "params.plans": lambda bad: params.validate(ds, plans=[bad]),
        "params.plan_id": lambda bad: params.validate(ds, plan_id=bad),
        "analysis.plan_labels": lambda bad: analysis.plan_labels(ds, [bad]),
        "analysis.overview": lambda bad: analysis.overview(ds, [bad]),
        "analysis.count_by": lambda bad: analysis.count_by(ds, [bad], column="admin_level"),
        "analysis.sources": lambda bad: analysis.sources(ds, [bad]),
        "analysis.timeline": lambda bad: analysis.timeline(ds, [bad]),
        "analysis.select_targets": lambda bad: analysis.select_targets(ds, [bad]),
        "analysis.target_values": lambda bad: analysis.target_values(ds, [bad]),
        "analysis.ambition_gap": lambda bad: analysis.ambition_gap(ds, [bad]),
        "analysis.target_coverage": lambda bad: analysis.target_coverage(ds, [bad]),
        "analysis.budgets": lambda bad: analysis.budgets(ds, [bad]),
        "analysis.top_level_budgets": lambda bad: analysis.top_level_budgets(ds, [bad]),
        "analysis.funding_sources": lambda bad: analysis.funding_sources(ds, [bad]),
        "analysis.budget_coverage": lambda bad: analysis.budget_coverage(ds, [bad]),
        "analysis.legal_chains": lambda bad: analysis.legal_chains(ds, [bad], graph=G),
        "analysis.focus_document": lambda bad: analysis.focus_document(ds, [bad], graph=G, doc_id="749/QĐ-TTg"),
        "analysis.cited_documents": lambda bad: analysis.cited_documents(ds, [bad], graph=G),
        "analysis.common_bases": lambda bad: analysis.common_bases(ds, [bad], graph=G),
        "analysis.alignment": lambda bad: analysis.alignment(ds, [bad], graph=G),
        "analysis.agency_roles": lambda bad: analysis.agency_roles(ds, [bad]),
        "analysis.leads_and_partners": lambda bad: analysis.leads_and_partners(ds, [bad]),
        "analysis.agency_successors": lambda bad: analysis.agency_successors(ds, [bad]),
        "analysis.plan_citations": lambda bad: analysis.plan_citations(ds, bad),
        "analysis.plan_targets": lambda bad: analysis.plan_targets(ds, bad),
        "analysis.plan_assignments": lambda bad: analysis.plan_assignments(ds, bad),
        "present.overview_summary": lambda bad: present.overview_summary(ds, [bad]),
        "graph.legal_basis_chain": lambda bad: graph.legal_basis_chain(G, bad),
        "graph.legal_basis_chains": lambda bad: graph.legal_basis_chains(G, [bad]),
        "graph.chain_depths": lambda bad: graph.chain_depths(G, bad),
        "graph.shared_bases": lambda bad: graph.shared_bases(G, [bad]),
        "network_figures.legal_network": lambda bad: network_figures.legal_network(G, plans=[bad]),
        "network_figures.agency_network": lambda bad: network_figures.agency_network(G, plans=[bad]),
    }


ENTRY_POINTS = list(_entry_points(None, None))


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_typo_raises_the_same_usage_error_everywhere(shipped, shipped_graph, entry):
    call = _entry_points(shipped, shipped_graph)[entry]
    with pytest.raises(UsageError) as err:
        call(TYPO)
    assert str(err.value).startswith(f"unknown plan id '{TYPO}'. {SUGGESTION} Valid plan ids: ")


@pytest.mark.parametrize("entry", ["params.plans", "analysis.overview", "graph.legal_basis_chain",
                                   "network_figures.legal_network"])
def test_a_shortened_id_gets_the_full_one_suggested(shipped, shipped_graph, entry):
    """A plan id without its number and year ('long-an' while one Long An plan is in the data) is completed."""
    ids = list(shipped.plans["plan_id"])
    short, full = next((pid.rsplit("-", 2)[0], pid) for pid in sorted(ids)
                       if sum(i.startswith(pid.rsplit("-", 2)[0]) for i in ids) == 1)
    with pytest.raises(UsageError, match=re.escape(f"unknown plan id '{short}'. Did you mean '{full}'?")):
        _entry_points(shipped, shipped_graph)[entry](short)


def test_a_prefix_of_several_ids_lists_them():
    hint = selection.did_you_mean("a-", ["a-1", "a-2", "a-3", "a-4", "b"])
    assert hint == " Did you mean one of 'a-1', 'a-2', 'a-3' (+1)?"
    assert selection.did_you_mean("zzz", ["a-1"]) == ""


def test_a_national_corpus_is_not_listed_in_full():
    valid = [f"plan-{i:05d}" for i in range(10_000)]
    message = str(selection.unknown_plans(["nowhere"], valid))
    assert "(10000 in all)" in message and len(message) < 600


def test_selection_keeps_plan_order_and_drops_duplicates(shipped):
    order = selection.plan_order(shipped)
    assert selection.select_plans(shipped, [order[-1], order[0], order[-1]]) == [order[0], order[-1]]
    assert selection.select_plans(shipped) == order
