"""The bad-input corpus (tests/badinput/corpus.py), one test per kind: no traceback, a message naming
where, the good part still processed, rows in = rows out + rows reported (values by hand)."""

from __future__ import annotations

import pytest

from tests.badinput import runners
from tests.badinput.corpus import CASES

RUNNERS = {"cityhealth:joinreports": runners.joinreports, "core:report_reader": runners.report_reader}


def run_case(case, tmp_path):
    runner = RUNNERS.get(case.algorithm)
    return runner(case, tmp_path) if runner is not None else case.build(tmp_path)


def test_the_corpus_has_at_least_40_kinds_and_half_run_through_an_algorithm():
    ids = [c.id for c in CASES]
    assert len(set(ids)) == len(ids) >= 40
    assert 2 * sum(1 for c in CASES if c.algorithm.startswith("cityhealth:")) >= len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(plugin, case, tmp_path):
    outcome = run_case(case, tmp_path)
    assert "Traceback" not in outcome.text and "Error executing" not in outcome.text
    assert bool(outcome.error) == case.refused, outcome.error
    assert case.key in outcome.text
    for where in case.where:
        assert where in outcome.text or any(where == r.get("source_file") for r in outcome.rows), where
    if case.accounting is not None:
        assert outcome.rows_in == outcome.rows_out + outcome.rows_reported
        assert outcome.accounting == case.accounting
    if case.good:
        assert outcome.extra.get("good"), "the good part of the input was not processed"
    if case.check is not None:
        case.check(outcome)

