"""Measure answering on labelled message sets, per writing style.

Two formats are read:
- the original sets (tests/data/eval.yaml, eval_holdout.yaml): `in_scope: [{q, expect}]` with an
  entry id, and `out_of_scope: [question]`;
- the blind-written sets (tests/data/blind/*.yaml): a list of `{id, style, text, expect, also,
  previous}` labelled with fact IDs of the facts file, which
  tests/data/blind/facts_to_entries.yaml turns into the entries that answer them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.answering.answerer import Answerer, AnswerOutcome, Reading, checked_question
from bot.answering.confidence import ConfidenceModel, Signals, fit
from bot.errors import UserError

DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data"
DEFAULT_EVAL_FILE = DATA_DIR / "eval.yaml"
FACTS_TO_ENTRIES = "facts_to_entries.yaml"
SMALL_TALK = "small_talk"
OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled message.

    expect: the entries that answer it (any one will do); empty for an out-of-scope message.
    also: for a message with two questions, the entries that answer the second one.
    previous: the same chat's previous message, for a follow-up.
    """

    question: str
    expect: frozenset[str] = frozenset()
    style: str = ""
    also: frozenset[str] = frozenset()
    previous: str | None = None
    small_talk: bool = False

    @property
    def in_scope(self) -> bool:
        """True when the message asks something the knowledge base answers."""
        return bool(self.expect)


@dataclass(frozen=True, slots=True)
class Result:
    """What the bot did with one case."""

    case: Case
    outcome: AnswerOutcome
    answered: tuple[str, ...]
    top_entry: str | None
    score: float
    suggested: tuple[str, ...] = ()

    @property
    def top1_correct(self) -> bool:
        """The best-ranked entry is an expected one."""
        return self.top_entry is not None and self.top_entry in self.case.expect

    @property
    def correct(self) -> bool:
        """The bot did the right thing: answered right, refused, or chatted back."""
        if self.case.small_talk:
            return self.outcome == AnswerOutcome.SMALL_TALK
        if not self.case.in_scope:
            return not self.answered
        if not self.answered or self.answered[0] not in self.case.expect | self.case.also:
            return False
        covered = set(self.answered)
        return bool(covered & self.case.expect) and (
            not self.case.also or bool(covered & self.case.also)
        )

    @property
    def confident_wrong(self) -> bool:
        """An answer was given with an entry the message did not ask for."""
        wanted = self.case.expect | self.case.also
        return any(entry not in wanted for entry in self.answered)

    @property
    def suggested_right(self) -> bool:
        """Not answered, but the right entry is among the suggestions."""
        return not self.answered and any(e in self.case.expect for e in self.suggested)

    @property
    def miss(self) -> bool:
        """Anything but the right behaviour."""
        return not self.correct


@dataclass(frozen=True, slots=True)
class AccuracyReport:
    """Accuracy figures over a labelled set."""

    results: tuple[Result, ...]

    def _in_scope(self) -> list[Result]:
        return [r for r in self.results if r.case.in_scope]

    def _out_of_scope(self) -> list[Result]:
        return [r for r in self.results if not r.case.in_scope and not r.case.small_talk]

    @property
    def top1_accuracy(self) -> float:
        """Share of in-scope messages whose best-ranked entry is right."""
        return ratio(r.top1_correct for r in self._in_scope())

    @property
    def answered_rate(self) -> float:
        """Share of in-scope messages answered confidently."""
        return ratio(bool(r.answered) for r in self._in_scope())

    @property
    def answered_correct_rate(self) -> float:
        """Share of in-scope messages answered confidently with the right entry (or entries)."""
        return ratio(r.correct for r in self._in_scope())

    @property
    def wrong_answer_rate(self) -> float:
        """Share of in-scope messages answered confidently with a wrong entry."""
        return ratio(r.confident_wrong for r in self._in_scope())

    @property
    def refusal_rate(self) -> float:
        """Share of out-of-scope messages not answered confidently."""
        return ratio(not r.answered for r in self._out_of_scope())

    @property
    def confident_wrong_rate(self) -> float:
        """Share of all messages (small talk aside) given an answer they did not ask for."""
        return ratio(r.confident_wrong for r in self.results if not r.case.small_talk)

    @property
    def precision(self) -> float:
        """Share of confident answers that were right."""
        answered = [r for r in self.results if r.answered]
        return ratio(not r.confident_wrong for r in answered)

    @property
    def misses(self) -> list[Result]:
        """Every case the bot got wrong."""
        return [r for r in self.results if r.miss]

    def counts(self) -> tuple[int, int]:
        """Return (in-scope, out-of-scope) case counts."""
        return len(self._in_scope()), len(self._out_of_scope())

    def by_style(self) -> dict[str, AccuracyReport]:
        """Split the report by the cases' writing style."""
        groups: dict[str, list[Result]] = defaultdict(list)
        for result in self.results:
            groups[result.case.style or "-"].append(result)
        return {style: AccuracyReport(tuple(rs)) for style, rs in sorted(groups.items())}

    @property
    def correct_rate(self) -> float:
        """Share of all cases handled right (answer, refusal or small talk as labelled)."""
        return ratio(r.correct for r in self.results)


def ratio(flags: Iterable[bool]) -> float:
    """Return the share of true values (0.0 for none)."""
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def load_cases(path: str | Path = DEFAULT_EVAL_FILE) -> list[Case]:
    """Read a labelled set in either format (see the module docstring)."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if isinstance(data, list):
        return blind_cases(data, load_fact_map(fact_map_beside(path)))
    cases = [
        Case(str(item["q"]), frozenset({str(item["expect"])}), "concise")
        for item in data.get("in_scope", [])
    ]
    cases += [Case(str(q), style=OUT_OF_SCOPE) for q in data.get("out_of_scope", [])]
    return cases


def fact_map_beside(path: Path) -> Path:
    """Return the fact map of a blind set: in its folder, else in the folder above (round 2)."""
    beside = path.parent / FACTS_TO_ENTRIES
    return beside if beside.exists() else path.parent.parent / FACTS_TO_ENTRIES


def load_fact_map(path: Path) -> dict[str, tuple[str, ...]]:
    """Read the fact ID → entries table."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(fact): tuple(entries or ()) for fact, entries in data.items()}


def blind_cases(items: list[dict], facts: Mapping[str, tuple[str, ...]]) -> list[Case]:
    """Turn blind-written items (labelled with fact IDs) into cases labelled with entries."""
    cases = []
    for item in items:
        expect = [str(label) for label in item.get("expect") or ()]
        small_talk = expect == [SMALL_TALK]
        cases.append(
            Case(
                question=str(item["text"]),
                expect=frozenset() if small_talk else entries_for(expect, facts),
                style=str(item.get("style", "")),
                also=entries_for([str(x) for x in item.get("also") or ()], facts),
                previous=item.get("previous"),
                small_talk=small_talk,
            )
        )
    return cases


def entries_for(labels: list[str], facts: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """Return every entry that answers one of the labelled facts."""
    return frozenset(entry for label in labels for entry in facts.get(label, ()))


def evaluate(answerer: Answerer, cases: list[Case]) -> AccuracyReport:
    """Run every case through the answerer without recording anything."""
    return AccuracyReport(tuple(evaluate_case(answerer, case) for case in cases))


def evaluate_case(answerer: Answerer, case: Case) -> Result:
    """Answer one case as the bot would, its previous message (if any) read first."""
    try:
        answer, ranked = answerer.consider(case.question, previous=case.previous)
    except UserError:  # "???" and the like: the bot asks for words instead of answering
        return Result(case, AnswerOutcome.NO_MATCH, (), None, 0.0)
    answered = tuple(a.entry.id for a in answer.all_answers() if a.entry)
    top = ranked[0].entry.id if ranked else None
    suggested = tuple(s.entry_id for s in answer.suggestions)
    return Result(case, answer.outcome, answered, top, answer.score, suggested)


def confidence_examples(answerer: Answerer, cases: list[Case]) -> tuple[list[Signals], list[bool]]:
    """Return the signals of each message's best reading and whether its best entry is right
    (small talk and messages without words aside): what the confidence model is fitted on."""
    signals, labels = [], []
    for case in cases:
        if case.small_talk or not any(char.isalnum() for char in case.question):
            continue
        _, readings = answerer.readings_of(checked_question(case.question), case.previous)
        if readings is None:
            continue
        best = max(readings, key=Reading.top_score)
        if not best.ranked:
            continue
        signals.append(answerer.signals(best, readings))
        labels.append(best.ranked[0].entry.id in case.expect | case.also)
    return signals, labels


def fit_confidence(
    answerer: Answerer,
    cases: list[Case],
    held_out: list[Case] | None = None,
    precision: float = 0.98,
) -> ConfidenceModel:
    """Fit the confidence model on labelled cases; its cut-off reaches the precision on the
    held-out cases (by cross-validation when there are none)."""
    signals, labels = confidence_examples(answerer, cases)
    held = confidence_examples(answerer, held_out) if held_out else None
    return fit(signals, labels, precision, held_out=held)


def sweep(
    answerer: Answerer, cases: list[Case], thresholds: Iterable[float], margins: Iterable[float]
) -> list[tuple[float, float, AccuracyReport]]:
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
