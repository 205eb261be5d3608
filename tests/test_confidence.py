"""The confidence model: fitting, the cut-off, and how the answerer uses it."""

import math
import random

import pytest

from bot.answering.confidence import (
    FITTED,
    ConfidenceModel,
    Signals,
    cross_validated,
    fit,
    fit_weights,
    lowest_threshold,
    sigmoid,
    solve,
)


def signals(score: float, runner_up: float = 0.0, **rest) -> Signals:
    values = dict(grams=0.5, runner_up_grams=0.2, agreement=1.0, words=5, unknown=0) | rest
    return Signals(score=score, runner_up=runner_up, **values)


def test_sigmoid_never_overflows():
    assert sigmoid(0) == 0.5
    assert sigmoid(1000) == 1.0 and sigmoid(-1000) == 0.0
    assert sigmoid(2) == pytest.approx(1 / (1 + math.exp(-2)))


def test_solve_gives_the_solution_of_a_linear_system():
    assert solve([[0.0, 2.0], [3.0, 1.0]], [4.0, 5.0]) == pytest.approx([1.0, 2.0])


def test_fitting_recovers_which_signal_separates_right_from_wrong():
    rng = random.Random(7)
    vectors = [(rng.random(), rng.random()) for _ in range(400)]
    labels = [x > 0.6 for x, _ in vectors]  # only the first signal matters
    weights, intercept = fit_weights(vectors, labels, penalty=0.01)
    assert weights[0] > 10 and abs(weights[1]) < 2
    assert sigmoid(intercept + weights[0] * 0.6) == pytest.approx(0.5, abs=0.1)


def test_cross_validated_probabilities_come_from_other_folds():
    vectors = [(float(i % 2),) for i in range(20)]
    labels = [bool(i % 2) for i in range(20)]
    probabilities = cross_validated(vectors, labels, folds=5, penalty=0.1)
    assert all((p > 0.5) == label for p, label in zip(probabilities, labels, strict=True))


def test_the_cut_off_is_the_lowest_that_reaches_the_precision():
    probabilities = [0.95, 0.9, 0.85, 0.7, 0.6]
    labels = [True, True, True, False, True]
    assert lowest_threshold(probabilities, labels, precision=0.98) == 0.71
    assert lowest_threshold(probabilities, labels, precision=0.75) == 0.01
    assert lowest_threshold([0.9], [False]) == 0.99


def test_fitted_models_print_as_the_python_that_defines_them():
    rng = random.Random(3)
    examples = [signals(rng.uniform(20, 90), rng.uniform(10, 60)) for _ in range(120)]
    labels = [s.score - s.runner_up > 15 for s in examples]
    model = fit(examples, labels)
    assert eval(model.describe(), {"ConfidenceModel": ConfidenceModel}) == model
    assert (
        model.probability(signals(90, 10)) > model.threshold > model.probability(signals(40, 38))
    )


def test_stronger_signals_mean_more_confidence():
    assert FITTED.probability(signals(80, 30)) > FITTED.probability(signals(50, 40))
    assert FITTED.probability(signals(60, 30)) > FITTED.probability(signals(60, 30, unknown=3))
    assert FITTED.probability(signals(60, 30)) > FITTED.probability(signals(60, 30, agreement=0.3))


def test_the_configured_floors_still_hold(services):
    answerer = services.answerer
    question = "berapa suhu tubuh maksimal karyawan boleh masuk pabrik?"
    answer, ranked = answerer.consider(question)
    assert answer.outcome == "answer"
    answerer.settings = answerer.settings.__class__(answer_threshold=ranked[0].score + 1)
    assert answerer.consider(question)[0].outcome == "not_sure"
    answerer.settings = answerer.settings.__class__(min_confidence=1.0)
    assert answerer.consider(question)[0].outcome == "not_sure"
