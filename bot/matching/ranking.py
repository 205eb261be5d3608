"""Rank knowledge entries for a question: BM25 word coverage plus rapidfuzz similarity.

The only module that imports rapidfuzz; words are reduced to their roots by Sastrawi. The
weights and cut-offs were chosen by measurement with `policybot eval` on tests/data/eval.yaml
and the blind train/dev sets (see README, "How matching works").
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from bot.knowledge.base import Entry, KnowledgeBase
from bot.matching.char_grams import CharGramIndex, grams
from bot.matching.text import content_words, normalize

# Weight of a word found only in an entry's answer text, relative to its questions and tags.
ANSWER_WORD_WEIGHT = 0.4
FUZZY_WEIGHT = 0.2
RECALL_WEIGHT = 0.4
PHRASING_WEIGHT = 0.4
CANDIDATES = 20
FUZZY_SCORER = fuzz.token_sort_ratio
TYPO_CUTOFF = 84.0
MIN_TYPO_LENGTH = 5
MAX_CACHED_ROOTS = 100_000
MAX_RECENT_QUERIES = 256
# A word no entry uses weighs this share of the rarest known word: enough to sink off-topic
# questions, not so much that one unknown English word sinks a good match.
UNKNOWN_WORD_FACTOR = 0.75
# Entries whose sources do not include a circular the question names explicitly ("SE 8") keep
# this share of their score.
OTHER_DOCUMENT_FACTOR = 0.7
# A question whose known words carry less IDF weight than this ("pabrik", "iomki") says too
# little to be answered confidently; its scores are scaled down so it gets suggestions instead.
MIN_INFORMATION = 2.0
# Words of the context (the previous question of a follow-up, the other sentences of a long
# message) weigh this share of their weight: they help choose, the question itself leads.
CONTEXT_FACTOR = 0.5
# BM25's term-frequency saturation and entry-length normalisation (the usual values). An entry's
# term frequency of a word is the number of its phrasings that use it, plus ANSWER_WORD_WEIGHT
# when its answer does.
BM25_K1 = 1.2
BM25_B = 0.75
# Share of the score from character n-gram TF-IDF similarity to the best phrasing.
GRAM_WEIGHT = 0.25
# Only the best word-scored entries are compared by n-grams (they are the costly part), and only
# on the first characters of a long text.
GRAM_CANDIDATES = 8
MAX_GRAM_TEXT = 400

DOCUMENT_NUMBER = re.compile(r"(\d+)/(\d{4})")
DOCUMENT_REFERENCE = re.compile(
    r"\b(?:se|kmk)(?: menperin| menkes| nomor| no)* (\d+)(?: (?:tahun |thn )?(20\d\d))?\b"
)


_STEMMER = StemmerFactory().create_stemmer()


def root_of(word: str) -> str:
    """Return a word's Indonesian root by Sastrawi's dictionary (perizinan → izin); words with
    digits, and words it does not know, stay as they are."""
    return (_STEMMER.stem(word) or word) if word.isalpha() else word


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked entry with its score (0-100) and the phrasing that matched best."""

    entry: Entry
    score: float
    phrasing: str
    other_document: bool = False
    grams: float = 0.0  # character n-gram similarity to the best phrasing, 0-1


@dataclass(frozen=True, slots=True)
class Query:
    """A question after normalisation: the canonical text and the words used for ranking."""

    normalized: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Phrasing:
    """One indexed phrasing of an entry: its ranked words, their total weight, the original."""

    words: tuple[str, ...]
    text: str
    weight: float
    original: str


class Matcher:
    """Index every phrasing of every entry once, then rank entries for a question."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.synonyms = knowledge.synonyms
        self.vocabulary = self._build_vocabulary(knowledge)
        # Sorted, so that a typo equally close to two words is corrected the same way in every
        # process (a frozenset's order changes with the hash seed).
        self.typo_choices = sorted(self.vocabulary)
        self.roots: dict[str, str] = {}
        # word → {entry: BM25 term frequency}
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        indexed = [self._index_entry(i, entry) for i, entry in enumerate(knowledge.entries)]
        self.idf = self._inverse_document_frequencies(len(knowledge.entries))
        self.saturation = bm25_saturation(self.postings, len(knowledge.entries))
        self.unknown_idf = UNKNOWN_WORD_FACTOR * max(self.idf.values(), default=1.0)
        self.phrasings = [
            [
                Phrasing(words, " ".join(words), self._weight(words), original)
                for words, original in entry_phrasings
            ]
            for entry_phrasings in indexed
        ]
        self.phrasing_postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, entry_phrasings in enumerate(self.phrasings):
            for position, phrasing in enumerate(entry_phrasings):
                for word in phrasing.words:
                    self.phrasing_postings[word].append((index, position))
        self.references = [entry_references(entry) for entry in knowledge.entries]
        self.entry_index = {entry.id: i for i, entry in enumerate(knowledge.entries)}
        self.typos: dict[str, str] = {}
        self.recent_queries: dict[str, Query] = {}
        self.last_gram_text = ""
        self.last_gram_vector: dict[str, float] = {}
        self.last_gram_similarities: dict[int, float] = {}
        self.char_grams = CharGramIndex(
            [
                [
                    normalize(text, self.synonyms)
                    for text in (*entry.questions, " ".join(entry.tags))
                ]
                for entry in knowledge.entries
            ]
        )

    def _build_vocabulary(self, knowledge: KnowledgeBase) -> frozenset[str]:
        words: set[str] = set()
        for entry in knowledge.entries:
            for text in (*entry.questions, *entry.tags, entry.answer, entry.answer_en):
                words.update(content_words(normalize(text, self.synonyms)))
        return frozenset(words)

    def words_of(self, text: str, correct_typos: bool = False) -> tuple[str, ...]:
        """Return the ranked words of a text: content words, stemmed, typos corrected."""
        return self._words_of_normalized(normalize(text, self.synonyms), correct_typos)

    def _words_of_normalized(self, normalized: str, correct_typos: bool) -> tuple[str, ...]:
        words = []
        for word in content_words(normalized):
            if correct_typos and word not in self.vocabulary:
                word = self._correct_typo(word)
            words.append(self._root(word))
        return tuple(words)

    def _root(self, word: str) -> str:
        root = self.roots.get(word)
        if root is None:
            if len(self.roots) > MAX_CACHED_ROOTS:  # users' words must not grow it forever
                self.roots.clear()
            root = self.roots[word] = root_of(word)
        return root

    def _correct_typo(self, word: str) -> str:
        if len(word) < MIN_TYPO_LENGTH or word[0].isdigit():
            return word
        corrected = self.typos.get(word)
        if corrected is None:
            if len(self.typos) > MAX_CACHED_ROOTS:  # users' words must not grow it forever
                self.typos.clear()
            corrected = self.typos[word] = self._closest_known(word)
        return corrected

    def _closest_known(self, word: str) -> str:
        rooted = self._root(word)
        if rooted in self.idf:  # a root some entry uses
            return rooted
        best = process.extractOne(
            word, self.typo_choices, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
        )
        return best[0] if best else word

    def _index_entry(self, index: int, entry: Entry) -> list[tuple[tuple[str, ...], str]]:
        phrasings = []
        for text in (*entry.questions, " ".join(entry.tags)):
            words = tuple(dict.fromkeys(self.words_of(text)))
            phrasings.append((words, text))
            for word in words:
                self.postings[word][index] = self.postings[word].get(index, 0.0) + 1.0
        answer_words = {
            word for text in (entry.answer, entry.answer_en) for word in self.words_of(text)
        }
        for word in answer_words:
            self.postings[word][index] = self.postings[word].get(index, 0.0) + ANSWER_WORD_WEIGHT
        return phrasings

    def _inverse_document_frequencies(self, count: int) -> dict[str, float]:
        return {
            word: math.log(1 + count / len(entries)) for word, entries in self.postings.items()
        }

    def _weight(self, words: Iterable[str]) -> float:
        return sum(self.idf.get(word, self.unknown_idf) for word in words)

    def query(self, question: str) -> Query:
        """Normalise a question for storage and ranking."""
        # A message is read several ways (each sentence, the whole, with its context), so the
        # same text is asked for several times in a row.
        found = self.recent_queries.get(question)
        if found is None:
            if len(self.recent_queries) >= MAX_RECENT_QUERIES:
                self.recent_queries.clear()
            normalized = normalize(question, self.synonyms)
            found = Query(normalized, self._words_of_normalized(normalized, True))
            self.recent_queries[question] = found
        return found

    def rank(self, question: str, limit: int = 3) -> list[Match]:
        """Return the best entries for a question, best first."""
        return self.rank_query(self.query(question), limit)

    def rank_query(
        self,
        query: Query,
        limit: int = 3,
        context: Query | None = None,
        surroundings: Query | None = None,
    ) -> list[Match]:
        """Rank entries for a normalised query; context words (the previous question, the
        message's other sentences) count at a fraction of their weight. A circular named in
        the context or the surroundings (the rest of the message) counts as named when the
        query itself names none."""
        weights = self._query_weights(query, context)
        if not weights:
            return []
        coverage = self._coverage(weights)
        candidates = sorted(coverage, key=coverage.__getitem__, reverse=True)[:CANDIDATES]
        named = referenced_documents(query.normalized)
        for around in (context, surroundings):
            if not named and around is not None:
                named = referenced_documents(around.normalized)
        known = sum(weight for word, weight in weights.items() if word in self.idf)
        damping = min(1.0, known / MIN_INFORMATION)
        shared = self._shared_weights(weights)
        text, total = " ".join(weights), sum(weights.values())
        keep = max(limit, GRAM_CANDIDATES)
        best_scores: list[float] = []  # a heap of the `keep` best scores so far
        scored = []
        for index in candidates:
            recall = max(shared.get(index, {}).values(), default=0.0) / total
            if len(best_scores) == keep and (
                best_possible(coverage[index], recall, damping) < best_scores[0]
            ):
                continue  # this entry cannot get into the shortlist
            match = self._score(index, text, total, coverage[index], named, damping, shared)
            scored.append(match)
            if len(best_scores) < keep:
                heapq.heappush(best_scores, match.score)
            else:
                heapq.heappushpop(best_scores, match.score)
        scored.sort(key=lambda match: match.score, reverse=True)
        return self._with_char_grams(query, scored[:keep], damping)[:limit]

    def _with_char_grams(self, query: Query, scored: list[Match], damping: float) -> list[Match]:
        """Blend character n-gram similarity into the best word-scored matches, re-sorted."""
        text = query.normalized[:MAX_GRAM_TEXT]
        blended = []
        for match in scored:
            similarity = self._gram_similarity(text, self.entry_index[match.entry.id])
            factor = OTHER_DOCUMENT_FACTOR if match.other_document else 1.0
            score = (
                1 - GRAM_WEIGHT
            ) * match.score + GRAM_WEIGHT * 100 * damping * similarity * factor
            blended.append(replace(match, score=round(score, 1), grams=similarity))
        return sorted(blended, key=lambda match: match.score, reverse=True)

    def _gram_similarity(self, text: str, index: int) -> float:
        # One message is ranked several ways in a row (alone, with its context, after the
        # previous question) with the same text: compare that text with each entry once.
        if self.last_gram_text != text:
            self.last_gram_text = text
            self.last_gram_vector = self.char_grams.vector(grams(text))
            self.last_gram_similarities = {}
        similarity = self.last_gram_similarities.get(index)
        if similarity is None:
            similarity = self.char_grams.similarity(self.last_gram_vector, index)
            self.last_gram_similarities[index] = similarity
        return similarity

    def _query_weights(self, query: Query, context: Query | None) -> dict[str, float]:
        weights = {word: self.idf.get(word, self.unknown_idf) for word in query.words}
        for word in context.words if context else ():
            if word not in weights and word in self.idf:
                weights[word] = CONTEXT_FACTOR * self.idf[word]
        return weights

    def unknown_words(self, query: Query) -> list[str]:
        """Return the query's words that no entry uses (a sign of another topic)."""
        return [word for word in query.words if word not in self.idf]

    def _coverage(self, weights: dict[str, float]) -> dict[int, float]:
        """Return each entry's BM25 score over the query's weight, at most 1: an entry of
        average length that uses every query word once scores 1."""
        total = sum(weights.values())
        coverage: dict[int, float] = defaultdict(float)
        for word, weight in weights.items():
            for index, saturated in self.saturation.get(word, {}).items():
                coverage[index] += weight * saturated
        return {index: score / total for index, score in coverage.items()}

    def _shared_weights(self, weights: dict[str, float]) -> dict[int, dict[int, float]]:
        """Return the weight of the query words each phrasing shares: entry → phrasing → weight."""
        shared: dict[int, dict[int, float]] = {}
        for word, weight in weights.items():
            for index, position in self.phrasing_postings.get(word, ()):
                row = shared.get(index)
                if row is None:
                    shared[index] = {position: weight}
                else:
                    row[position] = row.get(position, 0.0) + weight
        return shared

    def _score(
        self,
        index: int,
        text: str,
        total: float,
        coverage: float,
        named: set[tuple[str, str | None]],
        damping: float,
        shared: dict[int, dict[int, float]],
    ) -> Match:
        """Score one entry; text and total are the query's words joined and their weight."""
        phrasings = self.phrasings[index]
        # The best phrasing shares most; with equal F1 (or none shared) the first one wins.
        overlap, position = max(
            (
                (f1(weight, phrasings[position].weight, total), -position)
                for position, weight in shared.get(index, {}).items()
            ),
            default=(0.0, 0),
        )
        best = phrasings[-position] if overlap else phrasings[0]
        fuzzy = FUZZY_SCORER(text, best.text) / 100
        words_score = (
            RECALL_WEIGHT * coverage
            + PHRASING_WEIGHT * overlap
            + FUZZY_WEIGHT * fuzzy * min(1.0, 2 * coverage)
        )
        score = 100 * damping * words_score
        other_document = bool(named) and not any(
            refers_to(ref, self.references[index]) for ref in named
        )
        if other_document:
            score *= OTHER_DOCUMENT_FACTOR
        return Match(self.knowledge.entries[index], score, best.original, other_document)


def bm25_saturation(
    postings: dict[str, dict[int, float]], entry_count: int
) -> dict[str, dict[int, float]]:
    """Return word → {entry: its BM25 term weight, at most 1}; it does not depend on the query.

    An entry's term frequency of a word is the number of its phrasings that use it, plus
    ANSWER_WORD_WEIGHT when its answer does; its length is the sum of those frequencies."""
    lengths = [0.0] * entry_count
    for entries in postings.values():
        for index, frequency in entries.items():
            lengths[index] += frequency
    average = sum(lengths) / len(lengths) if lengths else 1.0
    # BM25's denominator without the term frequency, per entry: K1·(1 - B + B·length/avg).
    norms = [BM25_K1 * (1 - BM25_B + BM25_B * n / average) for n in lengths]
    return {
        word: {
            index: min(1.0, frequency * (BM25_K1 + 1) / (frequency + norms[index]))
            for index, frequency in entries.items()
        }
        for word, entries in postings.items()
    }


def best_possible(coverage: float, recall: float, damping: float) -> float:
    """Return the highest word score an entry could reach, given its coverage and the best
    share of the query's weight one of its phrasings holds (recall).

    A phrasing's F1 is at most 2r / (1 + r) (precision 1); the fuzzy ratio is at most 1."""
    bound = (
        RECALL_WEIGHT * coverage
        + PHRASING_WEIGHT * 2 * recall / (1 + recall)
        + FUZZY_WEIGHT * min(1.0, 2 * coverage)
    )
    return 100 * damping * bound * (1 + 1e-9)  # rounding must never cut a tie


def f1(shared: float, phrasing_weight: float, query_weight: float) -> float:
    """Return the IDF-weighted F1 of a query against a phrasing, given the weight they share."""
    if not shared:
        return 0.0
    precision, recall = shared / phrasing_weight, shared / query_weight
    return 2 * precision * recall / (precision + recall)


def entry_references(entry: Entry) -> set[tuple[str, str]]:
    """Return the (number, year) of every circular an entry cites, e.g. ('8', '2020')."""
    cited = (entry.source, *entry.also)
    return {
        (number, year)
        for source in cited
        for number, year in DOCUMENT_NUMBER.findall(source.document)
    }


def referenced_documents(normalized: str) -> set[tuple[str, str | None]]:
    """Return the circulars a question names explicitly: 'se 8' → {('8', None)}."""
    spaced = normalized.replace("/", " ")
    return {(number, year or None) for number, year in DOCUMENT_REFERENCE.findall(spaced)}


def refers_to(reference: tuple[str, str | None], cited: set[tuple[str, str]]) -> bool:
    """Tell whether a named circular (year optional) is among an entry's citations."""
    number, year = reference
    return any(n == number and (year is None or y == year) for n, y in cited)
