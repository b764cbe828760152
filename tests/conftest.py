"""Shared fixtures: the shipped data and its graph, the small known corpus, and synthetic corpora of any size.

Synthetic corpora come from `benchmarks/synth.py`, imported as a module (no
subprocess per folder); each (size, seed) is written once per test session.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from dxcompare import graph, load_dataset
from small_corpus import make_data_folder, make_more_folder

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis profiles: "ci" (the default, so `make test` and CI) is derandomised — examples derived from
# each test's source, no example database — so a property test passes or fails the same way on every
# run; "long" (`make test-long`, HYPOTHESIS_PROFILE=long) draws many fresh random examples.
settings.register_profile("ci", derandomize=True, database=None, max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", derandomize=False, max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def synth_module():
    """benchmarks/synth.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("dxcompare_bench_synth", ROOT / "benchmarks" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def synth_corpus(tmp_path_factory):
    """`synth_corpus(n, seed=0)` -> a data folder of n synthetic plans (written once per session)."""
    synth, made = synth_module(), {}

    def make(n: int, seed: int = 0) -> Path:
        if (n, seed) not in made:
            out = tmp_path_factory.mktemp(f"synth-{n}-{seed}") / "data"
            synth.write_folder(n, out, seed)
            made[(n, seed)] = out
        return made[(n, seed)]
    return make


@pytest.fixture(scope="session")
def shipped():
    """The curated data in data/."""
    return load_dataset()


@pytest.fixture(scope="session")
def shipped_graph(shipped):
    return graph.build_graph(shipped)


@pytest.fixture(scope="session")
def small(tmp_path_factory):
    """The small corpus of tests/small_corpus.py: three plans whose every number is known."""
    return load_dataset(make_data_folder(tmp_path_factory.mktemp("small")))


@pytest.fixture(scope="session")
def small_graph(small):
    return graph.build_graph(small)


@pytest.fixture(scope="session")
def small_more(tmp_path_factory):
    """The small corpus with the edge cases (abolished bodies, a chain through a provincial plan, markup)."""
    return load_dataset(make_more_folder(tmp_path_factory.mktemp("small_more")))
