"""Matching on the real knowledge base: informal Indonesian, English, out of scope."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.matching.char_grams import grams
from bot.matching.ranking import Matcher, best_possible, referenced_documents, root_of
from bot.matching.text import normalize


@pytest.mark.parametrize(
    "question, expected",
    [
        ("cara ngurus IOMKI gmn?", "iomki-cara-mengajukan"),
        ("lapor mingguan lewat mana", "se8-saluran-lapor"),
        ("hand sanitizer alkohol brp persen", "prokes-cuci-tangan"),
        ("brp suhu tubuh maksimal karyawan boleh masuk", "prokes-batas-suhu"),
        ("klo ga lapor 3x iomki dicabut ga?", "se8-sanksi-tidak-lapor"),
        ("How do we apply for an IOMKI?", "iomki-cara-mengajukan"),
        ("wajib pake masket ga di pabrik", "prokes-masker"),
        ("what is SE Menperin 4/2020?", "se4-ringkasan"),
        ("aturan shift malam utk pekerja", "kmk328-shift-malam"),
        ("warna hitam di pedulilindungi boleh masuk pabrik?", "se5-2021-warna-pedulilindungi"),
    ],
)
def test_questions_find_their_entry(real_holder, question, expected):
    assert real_holder.matcher.rank(question)[0].entry.id == expected


def test_rank_is_ordered_and_limited(real_holder):
    ranked = real_holder.matcher.rank("iomki", limit=4)
    assert len(ranked) == 4
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)


def test_nothing_to_rank_for_empty_or_stopwords(real_holder):
    assert real_holder.matcher.rank("") == []
    assert real_holder.matcher.rank("yang di dan ?!") == []


def test_typo_is_corrected_against_the_vocabulary(real_holder):
    typo = real_holder.matcher.query("protokol keshatan di pabrik")
    assert typo.words == real_holder.matcher.words_of("protokol kesehatan di pabrik")


def test_named_circular_is_detected():
    assert referenced_documents("apa isi se menperin 8 2020") == {("8", "2020")}
    assert referenced_documents("se 4 itu apa") == {("4", None)}
    assert referenced_documents("kmk 328") == {("328", None)}
    assert referenced_documents("lapor mingguan") == set()


def test_named_circular_outranks_a_similar_entry_of_another(real_holder):
    assert real_holder.matcher.rank("SE 4/2020 ditujukan ke siapa")[0].entry.id == "se4-ditujukan"


def test_small_base_matcher(small_services):
    matcher = Matcher(small_services.holder.knowledge)
    assert matcher.rank("karyawan wajib pakai mask?")[0].entry.id == "contoh-masker"
    assert matcher.rank("weekly report when")[0].entry.id == "contoh-lapor"


def eval_questions(limit: int = 120) -> list[str]:
    from bot.answering.evaluation import DATA_DIR, load_cases

    return [case.question for case in load_cases(DATA_DIR / "eval.yaml")[:limit]]


def test_entry_gram_similarity_is_the_best_cosine_of_its_phrasings(real_holder):
    index = real_holder.matcher.char_grams
    texts = [normalize(q, real_holder.matcher.synonyms) for q in eval_questions(30)]
    phrasings = [
        [
            normalize(text, real_holder.matcher.synonyms)
            for text in (*entry.questions, " ".join(entry.tags))
        ]
        for entry in real_holder.knowledge.entries
    ]
    for text in texts:
        query = index.vector(grams(text))
        for entry_index, entry_texts in enumerate(phrasings):
            cosines = []
            for phrasing in entry_texts:
                vector = index.vector(grams(phrasing))
                cosines.append(sum(w * vector.get(g, 0.0) for g, w in query.items()))
            assert index.similarity(query, entry_index) == pytest.approx(max(cosines), abs=1e-9)


def test_no_entry_scores_above_its_bound(real_holder):
    matcher = real_holder.matcher
    for question in eval_questions():
        query = matcher.query(question)
        weights = matcher._query_weights(query, None)
        if not weights:
            continue
        coverage = matcher._coverage(weights)
        shared = matcher._shared_weights(weights)
        text, total = " ".join(weights), sum(weights.values())
        for index, covered in coverage.items():
            match = matcher._score(index, text, total, covered, set(), 1.0, shared)
            recall = max(shared.get(index, {}).values(), default=0.0) / total
            assert match.score <= best_possible(covered, recall, 1.0)


def test_skipping_hopeless_candidates_changes_no_ranking(real_holder, monkeypatch):
    matcher = real_holder.matcher
    fast = {q: [(m.entry.id, m.score) for m in matcher.rank(q, 4)] for q in eval_questions()}
    monkeypatch.setattr(
        "bot.matching.ranking.best_possible", lambda coverage, recall, damping: math.inf
    )
    full = {q: [(m.entry.id, m.score) for m in matcher.rank(q, 4)] for q in eval_questions()}
    assert fast == full


TYPO_RANKING = """
import json, sys
from bot.knowledge.current import KnowledgeHolder
from bot.knowledge.base import bundled_knowledge_dir
matcher = KnowledgeHolder(bundled_knowledge_dir()).matcher
questions = json.loads(sys.argv[1])
print(json.dumps([matcher.query(q).words for q in questions]))
"""


def test_typos_are_corrected_the_same_way_in_every_process():
    # Each misspelling is equally close to two known words ("barng": barang, bareng).
    questions = ["barng ekerja", "encana erakhir", "beraa arinya", "alohol arang"]
    outputs = set()
    for seed in ("1", "2", "3"):
        result = subprocess.run(
            [sys.executable, "-c", TYPO_RANKING, json.dumps(questions)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parent.parent,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize(
    "word, root",
    [
        ("pelaporan", "lapor"),
        ("dilaporkan", "lapor"),
        ("laporannya", "lapor"),
        ("pencabutan", "cabut"),
        ("menyediakan", "sedia"),
        ("memakai", "pakai"),
        ("masker", "masker"),
        ("iomki", "iomki"),
        ("covid19", "covid19"),
    ],
)
def test_words_are_reduced_to_their_indonesian_root(word, root):
    assert root_of(word) == root
