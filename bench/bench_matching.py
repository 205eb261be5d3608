"""Benchmark the policybot matcher: load time, ranking latency, scaling and memory.

Measures:
  1. Knowledge-base load time (load_knowledge) and index build time (Matcher), best of 5.
  2. Per-question latency of Matcher.rank(q, limit=4) over every question of
     tests/data/eval.yaml (in and out of scope) on the real knowledge base: p50, p90, p99 and
     questions/second, after one warm-up round.
  3. The same on synthetic bases of 1,000 and 10,000 entries, cloned in memory from the real
     entries with deterministically perturbed questions, plus their index build time.
  4. Peak Python memory while building each matcher (tracemalloc) and the process's peak
     resident set size at the end (ru_maxrss).

Figures are wall-clock times and vary with machine load, CPU frequency scaling and the Python
build; compare runs on the same machine only. Nothing here asserts timing.

Usage: python bench/bench_matching.py [--quick]
(--quick does one round per base and skips the 10,000-entry base.)
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering.answerer import Answerer
from bot.answering.evaluation import DATA_DIR, load_cases
from bot.config import load_config
from bot.knowledge.base import Entry, KnowledgeBase, bundled_knowledge_dir, load_knowledge
from bot.matching.ranking import Matcher
from bot.services import build_services

LIMIT = 4
LOAD_REPEATS = 5
SEED = 20200407
REAL_ROUNDS = 20
SYNTHETIC_SIZES = (1_000, 10_000)
SYNTHETIC_ROUNDS = {1_000: 5, 10_000: 2}
SYNTHETIC_BUILD_REPEATS = {1_000: 3, 10_000: 1}
FILLER_WORDS = (
    "gudang",
    "ekspor",
    "karawang",
    "cikarang",
    "tekstil",
    "sepatu",
    "makanan",
    "plastik",
    "logam",
    "kimia",
    "farmasi",
    "elektronik",
    "otomotif",
    "kemasan",
    "bahan baku",
    "shift",
    "lini produksi",
)
MIB = 1024 * 1024


def best_of(repeats: int, action: Callable[[], object]) -> tuple[float, object]:
    """Run action repeatedly; return the fastest time in seconds and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def traced_peak_mib(action: Callable[[], object]) -> float:
    """Return the tracemalloc peak (MiB) of memory allocated while running action."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        action()
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def time_questions(matcher: Matcher, questions: Sequence[str], rounds: int) -> list[float]:
    """Rank every question once to warm up, then `rounds` times; return latencies in seconds."""
    for question in questions:
        matcher.rank(question, limit=LIMIT)
    latencies = []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter()
            matcher.rank(question, limit=LIMIT)
            latencies.append(time.perf_counter() - start)
    return latencies


def latency_figures(latencies: Sequence[float]) -> dict[str, float]:
    """Return p50, p90, p99 (ms) and questions/second for a list of latencies."""
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "p50": cuts[49] * 1000,
        "p90": cuts[89] * 1000,
        "p99": cuts[98] * 1000,
        "qps": len(latencies) / sum(latencies),
    }


def perturb(question: str, rng: random.Random) -> str:
    """Drop a word, swap two words and append one or two filler words, all via rng."""
    words = question.split()
    if len(words) > 3:
        del words[rng.randrange(len(words))]
    if len(words) > 1:
        i, j = rng.sample(range(len(words)), 2)
        words[i], words[j] = words[j], words[i]
    words.extend(rng.sample(FILLER_WORDS, rng.randint(1, 2)))
    return " ".join(words)


def clone_entry(entry: Entry, n: int, rng: random.Random) -> Entry:
    """Return a copy of entry with id '{id}-syn{n}' and perturbed questions."""
    questions = tuple(perturb(question, rng) for question in entry.questions)
    return dataclasses.replace(entry, id=f"{entry.id}-syn{n}", questions=questions)


def synthetic_base(real: KnowledgeBase, size: int, seed: int = SEED) -> KnowledgeBase:
    """Build a knowledge base of `size` entries cloned round-robin from the real entries."""
    rng = random.Random(seed)
    count = len(real.entries)
    entries = [clone_entry(real.entries[i % count], i // count, rng) for i in range(size)]
    return KnowledgeBase(real.documents, tuple(entries), real.synonyms, real.directory)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Return rows as an aligned text table: first column left, the others right."""
    cells = [list(headers)] + [[format_cell(value) for value in row] for row in rows]
    widths = [max(len(row[col]) for row in cells) for col in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        parts = [row[0].ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def format_cell(value: object) -> str:
    """Format numbers compactly: floats to two decimals (one above 100), ints with commas."""
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 100 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_section(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a titled table followed by a blank line."""
    print(title)
    print(format_table(headers, rows))
    print()


def machine_info() -> str:
    """Return one line describing the Python version, platform and CPU count."""
    return (
        f"python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.platform()}, {os.cpu_count()} CPUs"
    )


def max_rss_mib() -> float:
    """Return the process's peak resident set size in MiB (ru_maxrss is bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / MIB if sys.platform == "darwin" else rss / 1024


def bench_load() -> tuple[KnowledgeBase, Matcher]:
    """Section 1: time loading the bundled knowledge base and indexing it, best of 5."""
    directory = bundled_knowledge_dir()
    load_s, knowledge = best_of(LOAD_REPEATS, lambda: load_knowledge(directory))
    index_s, matcher = best_of(LOAD_REPEATS, lambda: Matcher(knowledge))
    rows = [
        ("load_knowledge()", len(knowledge.entries), load_s * 1000),
        ("Matcher() index", len(knowledge.entries), index_s * 1000),
        ("total", len(knowledge.entries), (load_s + index_s) * 1000),
    ]
    print_section(
        f"1. Knowledge-base load (best of {LOAD_REPEATS})", ("step", "entries", "ms"), rows
    )
    return knowledge, matcher


def bench_real(matcher: Matcher, questions: Sequence[str], rounds: int) -> None:
    """Section 2: latency of rank() on the real knowledge base over the eval questions."""
    figures = latency_figures(time_questions(matcher, questions, rounds))
    row = (
        f"real ({len(matcher.knowledge.entries)} entries)",
        len(matcher.vocabulary),
        len(questions),
        rounds,
        figures["p50"],
        figures["p90"],
        figures["p99"],
        figures["qps"],
    )
    headers = ("base", "vocabulary", "questions", "rounds", "p50 ms", "p90 ms", "p99 ms", "q/s")
    print_section(
        f"2. rank(q, limit={LIMIT}) on the real knowledge base (after 1 warm-up round)",
        headers,
        [row],
    )


LONG_CONTEXT = (
    "Selamat siang bapak ibu admin, perkenalkan saya Rina dari bagian HRD sebuah pabrik "
    "garmen di Kabupaten Bekasi dengan kurang lebih 850 karyawan yang bekerja dalam tiga shift, "
    "kami juga punya dua gudang di Cikarang dan satu kantor pemasaran di Jakarta Selatan. "
)


def long_message(question: str, length: int) -> str:
    """A message of about `length` characters: greetings and company context, then the question."""
    context = LONG_CONTEXT * (1 + length // len(LONG_CONTEXT))
    return f"{context[: max(0, length - len(question) - 20)]} Mau tanya: {question} Terima kasih."


def time_answers(answerer: Answerer, messages: Sequence[str], rounds: int) -> list[list[float]]:
    """Decide the reply to every message (warm-up, then `rounds` times); return each message's
    latencies."""
    for message in messages:
        answerer.consider(message)
    latencies: list[list[float]] = [[] for _ in messages]
    for _ in range(rounds):
        for message, timings in zip(messages, latencies, strict=True):
            start = time.perf_counter()
            answerer.consider(message)
            timings.append(time.perf_counter() - start)
    return latencies


def bench_answering(questions: Sequence[str], rounds: int) -> None:
    """Section 2b: the whole answering pipeline (segments, follow-up reading, two questions).

    "best p99" takes each message's fastest round first: on a shared machine it filters out
    the moments another process had the CPU."""
    config = load_config(None)
    answerer = build_services(
        dataclasses.replace(config, storage=dataclasses.replace(config.storage, path=":memory:"))
    )
    blind = [
        case.question
        for path in sorted((DATA_DIR / "blind").rglob("*.yaml"))
        if path.name != "facts_to_entries.yaml"
        for case in load_cases(path)
    ]
    sets = [
        ("blind messages (all splits)", blind),
        ("~300-char messages", [long_message(q, 300) for q in questions[:150]]),
        ("~1,000-char messages", [long_message(q, 1000) for q in questions[:150]]),
    ]
    rows = []
    for name, messages in sets:
        latencies = time_answers(answerer.answerer, messages, rounds)
        figures = latency_figures([t for timings in latencies for t in timings])
        best = latency_figures([min(timings) for timings in latencies])
        average = sum(map(len, messages)) / len(messages)
        rows.append(
            (
                name,
                len(messages),
                round(average),
                figures["p50"],
                figures["p90"],
                figures["p99"],
                best["p99"],
                figures["qps"],
            )
        )
    headers = (
        "messages",
        "count",
        "avg chars",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "best p99 ms",
        "msg/s",
    )
    print_section(
        f"2b. Answerer.consider on the real knowledge base ({rounds} rounds)", headers, rows
    )


def bench_synthetic_size(
    real: KnowledgeBase, size: int, questions: Sequence[str], rounds: int, builds: int
) -> tuple[tuple[object, ...], float]:
    """Time building and querying one synthetic base; return its table row and build peak."""
    knowledge = synthetic_base(real, size)
    build_s, matcher = best_of(builds, lambda: Matcher(knowledge))
    figures = latency_figures(time_questions(matcher, questions, rounds))
    peak = traced_peak_mib(lambda: Matcher(knowledge))
    row = (
        f"synthetic {size:,}",
        len(matcher.vocabulary),
        build_s * 1000,
        rounds,
        figures["p50"],
        figures["p99"],
        figures["qps"],
    )
    return row, peak


def bench_synthetic(
    real: KnowledgeBase, questions: Sequence[str], quick: bool
) -> list[tuple[str, int, float]]:
    """Section 3: index build time and latency on synthetic bases; return memory rows."""
    sizes = SYNTHETIC_SIZES[:1] if quick else SYNTHETIC_SIZES
    rows, memory, repeats = [], [], []
    for size in sizes:
        rounds = 1 if quick else SYNTHETIC_ROUNDS[size]
        builds = 1 if quick else SYNTHETIC_BUILD_REPEATS[size]
        repeats.append(str(builds))
        row, peak = bench_synthetic_size(real, size, questions, rounds, builds)
        rows.append(row)
        memory.append((f"synthetic {size:,}", size, peak))
    headers = ("base", "vocabulary", "build ms", "rounds", "p50 ms", "p99 ms", "q/s")
    title = (
        f"3. Synthetic bases: index build (best of {' / '.join(repeats)}) "
        f"and rank(q, limit={LIMIT}) latency (after 1 warm-up round)"
    )
    print_section(title, headers, rows)
    return memory


def bench_memory(real: KnowledgeBase, synthetic: list[tuple[str, int, float]]) -> None:
    """Section 4: tracemalloc peak per matcher build and the process's ru_maxrss."""
    real_peak = traced_peak_mib(lambda: Matcher(real))
    rows = [(f"real ({len(real.entries)} entries)", len(real.entries), real_peak), *synthetic]
    print_section(
        "4. Peak memory while building each Matcher (tracemalloc)",
        ("base", "entries", "peak MiB"),
        rows,
    )
    print(f"process peak RSS (ru_maxrss): {max_rss_mib():.1f} MiB")


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments and run every section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="one round per base and skip the 10,000-entry base"
    )
    args = parser.parse_args(argv)
    print(machine_info())
    print()
    questions = [case.question for case in load_cases()]
    knowledge, matcher = bench_load()
    bench_real(matcher, questions, 1 if args.quick else REAL_ROUNDS)
    bench_answering(questions, 1 if args.quick else 3)
    synthetic = bench_synthetic(knowledge, questions, args.quick)
    bench_memory(knowledge, synthetic)


if __name__ == "__main__":
    main()
