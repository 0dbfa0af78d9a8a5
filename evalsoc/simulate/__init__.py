"""Fictitious campaigns: plausible structures, answers and filled workbooks, for
demonstrations, tests and benchmarks. Nothing here describes a real association."""

from evalsoc.simulate.answers import Campaign, draw_answers
from evalsoc.simulate.hints import Hints, HintsError, load_hints
from evalsoc.simulate.registry import SimStructure, make_registry, registry_csv
from evalsoc.simulate.run import BASE_YEAR, SimulationSummary, hints_for, simulate_campaign

__all__ = [
    "BASE_YEAR",
    "Campaign",
    "Hints",
    "HintsError",
    "SimStructure",
    "SimulationSummary",
    "draw_answers",
    "hints_for",
    "load_hints",
    "make_registry",
    "registry_csv",
    "simulate_campaign",
]
