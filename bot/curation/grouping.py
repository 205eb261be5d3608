"""Grouping open unanswered questions by similarity, with the entries each group could join.

Open questions are grouped greedily, oldest first, so a group keeps its id (its smallest
unanswered id) while new questions arrive.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.matching.ranking import Matcher
from bot.matching.text import root_candidates
from bot.storage.store import Store

# IDF-weighted Dice overlap from which a question joins a group, chosen with the labelled set
# in tests/test_curation.py: different topics score 0.30 at most, and every order of the set
# groups exactly right from 0.32 to 0.42; 0.37 is the middle. A false merge would tell users
# an unrelated answer, so when in doubt questions stay apart (the admin sees two groups).
SIMILARITY_THRESHOLD = 0.37
# A group's first distinct phrasings that later questions are compared with.
MAX_COMPARED = 12
MIN_ROOT_LENGTH = 4
MAX_EXAMPLES = 3
MAX_PROPOSALS = 3
MAX_QUESTION_PREVIEW = 200


@dataclass(frozen=True, slots=True)
class Proposal:
    """An entry the group's questions could become a phrasing of."""

    entry_id: str
    question: str
    score: float
    votes: int = 0


@dataclass(frozen=True, slots=True)
class Group:
    """Similar open questions: id (smallest unanswered id), size, examples, proposals."""

    id: int
    count: int
    examples: tuple[str, ...]
    unanswered_ids: tuple[int, ...]
    proposals: tuple[Proposal, ...] = ()
    askers: int = 0
    feedback: int = 0


@dataclass(frozen=True, slots=True)
class Page:
    """One page of groups, largest first; `page` counts from 0."""

    groups: tuple[Group, ...]
    page: int
    pages: int
    total_groups: int
    total_questions: int

    @property
    def has_previous(self) -> bool:
        """True when there is a page before this one."""
        return self.page > 0

    @property
    def has_next(self) -> bool:
        """True when there is a page after this one."""
        return self.page + 1 < self.pages


def preview(question: str) -> str:
    """Shorten a long question for quoting."""
    if len(question) <= MAX_QUESTION_PREVIEW:
        return question
    return question[: MAX_QUESTION_PREVIEW - 1].rstrip() + "…"


def open_rows(db: Database) -> list[dict[str, Any]]:
    """Return every open unanswered row, oldest first."""
    return list(db.table("unanswered").rows_where("status = 'open'", order_by="id"))


def root_key(word: str, known: Container[str]) -> str:
    """Return a word the matcher knows as is, else its shortest root (dibayar → bayar)."""
    if word in known or word[0].isdigit():
        return word
    roots = [root for root in root_candidates(word) if len(root) >= MIN_ROOT_LENGTH]
    return min(roots, key=lambda root: (len(root), root), default=word)


class Grouper:
    """Greedy clustering: a row joins the group holding its most similar phrasing, if any.

    Similarity is the IDF-weighted Dice overlap of two questions' words (0-1), summed through
    an inverted index so a row is compared only with phrasings that share a word with it.
    """

    def __init__(
        self,
        matcher: Matcher,
        threshold: float = SIMILARITY_THRESHOLD,
        cache: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.matcher = matcher
        self.threshold = threshold
        self.groups: list[list[dict[str, Any]]] = []
        self.phrasings: list[list[frozenset[str]]] = []
        self.owners: list[int] = []  # phrasing number → group index
        self.totals: list[float] = []  # phrasing number → total weight of its words
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_text: dict[str, int] = {}
        self.cache = {} if cache is None else cache
        self.weights: dict[str, float] = {}

    def words(self, question: str) -> frozenset[str]:
        """Return the words that decide a question's group."""
        if question not in self.cache:
            words = self.matcher.query(question).words
            self.cache[question] = frozenset(root_key(w, self.matcher.idf) for w in words)
        return self.cache[question]

    def weight(self, word: str) -> float:
        """Return a word's IDF weight (unknown words weigh a lot: they name the topic)."""
        if word not in self.weights:
            self.weights[word] = self.matcher.idf.get(word, self.matcher.unknown_idf)
        return self.weights[word]

    def add(self, row: dict[str, Any]) -> None:
        """Put a row into the most similar group (identical text first), or start a new one."""
        words, text = self.words(row["question"]), row["normalized"] or row["question"]
        index = self.by_text.get(text)
        if index is None:
            index = self.best(words)
        if index is None:
            index = len(self.groups)
            self.groups.append([])
            self.phrasings.append([])
        self.remember(index, words)
        self.by_text.setdefault(text, index)
        self.groups[index].append(row)

    def remember(self, index: int, words: frozenset[str]) -> None:
        """Index a group's first distinct phrasings for comparing later rows with."""
        known = self.phrasings[index]
        if words and words not in known and len(known) < MAX_COMPARED:
            known.append(words)
            for word in words:
                self.by_word[word].append(len(self.owners))
            self.owners.append(index)
            self.totals.append(sum(map(self.weight, words)))

    def best(self, words: frozenset[str]) -> int | None:
        """Return the index of the most similar group at or above the threshold, or None."""
        shared: dict[int, float] = defaultdict(float)
        for word in words:
            for phrasing in self.by_word.get(word, ()):
                shared[phrasing] += self.weight(word)
        total = sum(map(self.weight, words))
        score, index = max(
            (
                (2 * weight / (total + self.totals[p]), -self.owners[p])
                for p, weight in shared.items()
            ),
            default=(0.0, 0),
        )
        return -index if score >= self.threshold else None


def clusters(
    rows: list[dict[str, Any]], matcher: Matcher, cache: dict[str, frozenset[str]] | None = None
) -> list[list[dict[str, Any]]]:
    """Group rows (oldest first) by similarity; largest groups first, then oldest."""
    grouper = Grouper(matcher, cache=cache)
    for row in rows:
        grouper.add(row)
    return sorted(grouper.groups, key=lambda group: (-len(group), group[0]["id"]))


def group_unanswered(
    store_or_db: Store | Database, matcher: Matcher, limit: int | None = None
) -> list[Group]:
    """Return the open unanswered questions grouped by similarity, largest groups first."""
    db = store_or_db.db if isinstance(store_or_db, Store) else store_or_db
    return [build_group(rows, matcher) for rows in clusters(open_rows(db), matcher)[:limit]]


def build_group(rows: list[dict[str, Any]], matcher: Matcher) -> Group:
    """Describe one cluster of rows, with examples and the entries it could belong to."""
    frequent = Counter(row["normalized"] or row["question"] for row in rows).most_common()
    first: dict[str, str] = {}
    for row in rows:
        first.setdefault(row["normalized"] or row["question"], row["question"])
    examples = tuple(preview(first[text]) for text, _ in frequent[:MAX_EXAMPLES])
    return Group(
        id=rows[0]["id"],
        count=len(rows),
        examples=examples,
        unanswered_ids=tuple(row["id"] for row in rows),
        proposals=propose(rows, matcher, first[frequent[0][0]]),
        askers=len({row["user_id"] for row in rows if row["user_id"] is not None}),
        feedback=sum(row["reason"] == "feedback" for row in rows),
    )


def propose(rows: list[dict[str, Any]], matcher: Matcher, question: str) -> tuple[Proposal, ...]:
    """Return the nearest entries: ones users picked (most votes first), then the best ranked."""
    votes = Counter(row["picked_entry_id"] for row in rows if row["picked_entry_id"])
    ranked = {match.entry.id: match.score for match in matcher.rank(question, MAX_PROPOSALS)}
    proposals = []
    for entry_id in dict.fromkeys([*(e for e, _ in votes.most_common()), *ranked]):
        entry = matcher.knowledge.entry(entry_id)
        if entry is not None:
            score = ranked.get(entry_id, 0.0)
            proposals.append(Proposal(entry_id, entry.questions[0], score, votes[entry_id]))
    return tuple(proposals[:MAX_PROPOSALS])
