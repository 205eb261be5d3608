"""Measure the matcher on a labelled question set (tests/data/eval.yaml)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.answering import Answerer
from bot.errors import UserError

DEFAULT_EVAL_FILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "eval.yaml"


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled question: expect is an entry id, or None for an out-of-scope question."""

    question: str
    expect: str | None


@dataclass(frozen=True, slots=True)
class Result:
    """What the bot did with one case."""

    case: Case
    outcome: str
    top_entry: str | None
    score: float

    @property
    def top1_correct(self) -> bool:
        """The best-ranked entry is the expected one."""
        return self.case.expect is not None and self.top_entry == self.case.expect

    @property
    def miss(self) -> bool:
        """In scope and not answered correctly, or out of scope and answered anyway."""
        if self.case.expect is None:
            return self.outcome == "answer"
        return not (self.top1_correct and self.outcome == "answer")


@dataclass(frozen=True, slots=True)
class Report:
    """Accuracy figures over a labelled set."""

    results: tuple[Result, ...]

    def _in_scope(self) -> list[Result]:
        return [r for r in self.results if r.case.expect is not None]

    def _out_of_scope(self) -> list[Result]:
        return [r for r in self.results if r.case.expect is None]

    @property
    def top1_accuracy(self) -> float:
        """Share of in-scope questions whose best-ranked entry is right."""
        return ratio(r.top1_correct for r in self._in_scope())

    @property
    def answered_rate(self) -> float:
        """Share of in-scope questions answered confidently."""
        return ratio(r.outcome == "answer" for r in self._in_scope())

    @property
    def answered_correct_rate(self) -> float:
        """Share of in-scope questions answered confidently with the right entry."""
        return ratio(r.outcome == "answer" and r.top1_correct for r in self._in_scope())

    @property
    def wrong_answer_rate(self) -> float:
        """Share of in-scope questions answered confidently with a wrong entry."""
        return ratio(r.outcome == "answer" and not r.top1_correct for r in self._in_scope())

    @property
    def refusal_rate(self) -> float:
        """Share of out-of-scope questions not answered confidently."""
        return ratio(r.outcome != "answer" for r in self._out_of_scope())

    @property
    def misses(self) -> list[Result]:
        """Every case the bot got wrong."""
        return [r for r in self.results if r.miss]

    def counts(self) -> tuple[int, int]:
        """Return (in-scope, out-of-scope) case counts."""
        return len(self._in_scope()), len(self._out_of_scope())


def ratio(flags: Iterable[bool]) -> float:
    """Return the share of true values (0.0 for none)."""
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def load_cases(path: str | Path = DEFAULT_EVAL_FILE) -> list[Case]:
    """Read a labelled set: in_scope: [{q, expect}], out_of_scope: [question]."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    cases = [Case(str(item["q"]), str(item["expect"])) for item in data.get("in_scope", [])]
    cases += [Case(str(question), None) for question in data.get("out_of_scope", [])]
    return cases


def evaluate(answerer: Answerer, cases: list[Case]) -> Report:
    """Run every case through the answerer without recording anything."""
    results = []
    for case in cases:
        try:
            answer, ranked = answerer.consider(case.question)
        except UserError:  # "???" and the like: the bot asks for words instead of answering
            results.append(Result(case, "no_match", None, 0.0))
            continue
        top = ranked[0].entry.id if ranked else None
        results.append(Result(case, answer.outcome, top, answer.score))
    return Report(tuple(results))


def sweep(
    answerer: Answerer, cases: list[Case], thresholds: Iterable[float], margins: Iterable[float]
) -> list[tuple[float, float, Report]]:
    """Evaluate every (answer threshold, margin) pair, restoring the settings afterwards."""
    original = answerer.settings
    rows = []
    try:
        for threshold in thresholds:
            for margin in margins:
                answerer.settings = dataclasses.replace(
                    original, answer_threshold=threshold, margin=margin
                )
                rows.append((threshold, margin, evaluate(answerer, cases)))
    finally:
        answerer.settings = original
    return rows
