"""The accuracy floor on the labelled sets: it may only go up (raise it when it does)."""

from pathlib import Path

import pytest

from bot.evaluation import evaluate, load_cases

DATA = Path(__file__).parent / "data"

# Measured with `policybot eval` when these floors were set; see README "How matching works".
FLOORS = {
    "eval.yaml": {"top1": 0.95, "answered_correct": 0.86, "wrong": 0.025, "refusal": 0.97},
    "eval_holdout.yaml": {"top1": 0.97, "answered_correct": 0.86, "wrong": 0.01,
                          "refusal": 1.0},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_floor(services, name):
    report = evaluate(services.answerer, load_cases(DATA / name))
    floor = FLOORS[name]
    assert report.top1_accuracy >= floor["top1"]
    assert report.answered_correct_rate >= floor["answered_correct"]
    assert report.wrong_answer_rate <= floor["wrong"]
    assert report.refusal_rate >= floor["refusal"]


def test_labelled_sets_are_big_enough_and_valid(real_knowledge):
    cases = load_cases(DATA / "eval.yaml")
    in_scope = [c for c in cases if c.expect]
    assert len(in_scope) >= 200
    assert len(cases) - len(in_scope) >= 40
    ids = {entry.id for entry in real_knowledge.entries}
    for name in FLOORS:
        assert {c.expect for c in load_cases(DATA / name) if c.expect} <= ids
