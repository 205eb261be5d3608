"""Character n-gram TF-IDF similarity between a question and each entry's phrasings.

Word matching misses what n-grams catch: typos the synonym list does not know, words glued or
split ("izinoperasional"), affixes the stemmer leaves. Only the entries the word index already
shortlisted are compared, so a long message costs little.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

MIN_GRAM = 3
MAX_GRAM = 5

Vector = dict[str, float]


def grams(text: str) -> Counter[str]:
    """Count the 3- to 5-character grams of each word, padded with spaces ("char_wb")."""
    found = []
    for word in text.split():
        padded = f" {word} "
        for size in range(MIN_GRAM, MAX_GRAM + 1):
            found += [padded[i : i + size] for i in range(len(padded) - size + 1)]
    return Counter(found)


class CharGramIndex:
    """TF-IDF vectors of every phrasing, grouped by entry."""

    def __init__(self, phrasings_per_entry: Sequence[Sequence[str]]) -> None:
        counted = [[grams(text) for text in texts] for texts in phrasings_per_entry]
        document_frequency: Counter[str] = Counter()
        total = 0
        for entry in counted:
            for counts in entry:
                document_frequency.update(counts.keys())
                total += 1
        self.idf = {
            gram: math.log((1 + total) / (1 + n)) + 1 for gram, n in document_frequency.items()
        }
        self.default_idf = math.log(1 + total) + 1
        self.entries = [merged(self.vector(counts) for counts in entry) for entry in counted]
        self.phrasing_counts = [len(entry) for entry in counted]

    def vector(self, counts: Counter[str]) -> Vector:
        """Return the unit-length TF-IDF vector of gram counts (sublinear term frequency)."""
        idf, default = self.idf, self.default_idf
        weights = {
            gram: (1 + math.log(n) if n > 1 else 1.0) * idf.get(gram, default)
            for gram, n in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {gram: w / norm for gram, w in weights.items()}

    def similarity(self, query: Vector, entry_index: int) -> float:
        """Return the best cosine similarity (0-1) of a query vector to an entry's phrasings."""
        dots = [0.0] * self.phrasing_counts[entry_index]
        entry = self.entries[entry_index]
        # Only shared grams add to a dot product; the intersection is taken in C.
        for gram in entry.keys() & query.keys():
            weight = query[gram]
            for position, phrasing_weight in entry[gram]:
                dots[position] += weight * phrasing_weight
        # Set order varies between processes; rounding keeps the sums identical everywhere.
        return round(max(dots, default=0.0), 12)


def merged(vectors: Iterable[Vector]) -> dict[str, tuple[tuple[int, float], ...]]:
    """Index an entry's phrasing vectors by gram: gram → ((phrasing position, weight), …)."""
    by_gram: dict[str, list[tuple[int, float]]] = {}
    for position, vector in enumerate(vectors):
        for gram, weight in vector.items():
            by_gram.setdefault(gram, []).append((position, weight))
    return {gram: tuple(found) for gram, found in by_gram.items()}
