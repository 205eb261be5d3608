"""Loader and validator: every problem reported with file and line; reload keeps the last good."""

import shutil
from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge.base import load_knowledge
from bot.knowledge.current import KnowledgeHolder

DATA = Path(__file__).parent / "data"


def problems_for(tmp_path: Path, *names: str) -> list[str]:
    for name in names:
        shutil.copy(DATA / "broken" / name, tmp_path / name)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    return [str(problem) for problem in caught.value.problems]


def test_load_small_knowledge(small_knowledge_dir):
    knowledge = load_knowledge(small_knowledge_dir)
    assert [entry.id for entry in knowledge.entries] == [
        "contoh-masker",
        "contoh-suhu",
        "contoh-lapor",
    ]
    entry = knowledge.entry("contoh-suhu")
    assert entry is not None and entry.source.point == "angka 2"
    assert entry.line == 28
    assert knowledge.synonyms["gmn"] == "bagaimana"
    assert knowledge.documents["se-contoh"].status_en == "Test data"


def test_bad_yaml_reports_file_and_line(tmp_path):
    problems = problems_for(tmp_path, "bad-indent.yaml")
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'bad-indent.yaml'}:12: invalid YAML")


def test_every_schema_problem_is_listed_with_its_line(tmp_path):
    problems = "\n".join(problems_for(tmp_path, "problems.yaml"))
    path = tmp_path / "problems.yaml"
    assert f"{path}:10: entry tanpa-sumber: missing source" in problems
    assert f"{path}:19: entry jawaban-kosong: answer is empty" in problems
    assert f"{path}:31: entry dobel: unknown topic 'topik-asing'" in problems
    assert f"{path}:37: entry dobel: unknown key 'salah_kunci'" in problems
    assert f"{path}:30: duplicate id 'dobel' (first at {path}:23)" in problems


def test_english_source_fields_are_required(tmp_path, small_knowledge_dir):
    text = (small_knowledge_dir / "se-contoh.yaml").read_text()
    text = text.replace('  date_en: "1 April 2020"\n', "", 1)
    text = text.replace("      status_en: Test data\n", "", 1)
    text = text.replace("      point_en: point 2\n", "      point_en: point 2\n      judul: x\n")
    (tmp_path / "se-contoh.yaml").write_text(text)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    assert [p.message for p in caught.value.problems] == ["document is missing date_en"]
    (tmp_path / "se-contoh.yaml").write_text(
        text.replace(
            '  date: "1 April 2020"\n', '  date: "1 April 2020"\n  date_en: "1 April 2020"\n', 1
        )
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'se-contoh.yaml'}:19: entry contoh-masker: source is missing status_en",
        f"{tmp_path / 'se-contoh.yaml'}:36: entry contoh-suhu: source has unknown key(s) judul",
    ]


def test_english_source_fields_are_rendered(small_knowledge_dir):
    entry = load_knowledge(small_knowledge_dir).entry("contoh-suhu")
    assert entry.source.citation("en") == "SE Contoh 1/2020, point 2 (1 April 2020)"
    assert entry.source.citation("id") == "SE Contoh 1/2020, angka 2 (1 April 2020)"
    assert entry.source.field_in("status", "en") == "Test data"
    assert entry.source.field_in("document", "en") == "SE Contoh 1/2020"  # no document_en


def test_duplicate_ids_across_files(tmp_path, small_knowledge_dir):
    copy = tmp_path / "copy"
    shutil.copytree(small_knowledge_dir, copy)
    text = (copy / "se-contoh.yaml").read_text().replace("id: se-contoh", "id: se-lain")
    (copy / "se-lain.yaml").write_text(text)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(copy)
    messages = [p.message for p in caught.value.problems]
    assert (
        "duplicate id 'contoh-masker' (first at " + str(copy / "se-contoh.yaml") + ":10)"
        in messages
    )
    assert len(messages) == 3


def test_duplicate_ids_in_one_file_reported(tmp_path):
    shutil.copy(DATA / "knowledge" / "se-contoh.yaml", tmp_path / "a.yaml")
    text = (tmp_path / "a.yaml").read_text()
    first_entry = text[text.index("  - id: contoh-masker") : text.index("  - id: contoh-suhu")]
    (tmp_path / "a.yaml").write_text(text + first_entry)
    with pytest.raises(KnowledgeError, match="duplicate id 'contoh-masker'"):
        load_knowledge(tmp_path)


def test_missing_document_block_and_empty_file(tmp_path):
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    problems = [str(p) for p in caught.value.problems]
    assert f"{tmp_path / 'empty.yaml'}:1: file is empty" in problems
    assert any("list.yaml:1: expected top-level keys" in p for p in problems)


def test_synonym_conflict_is_reported(small_knowledge_dir):
    with (small_knowledge_dir / "synonyms.yaml").open("a") as file:
        file.write("apa: [gmn]\n")
    with pytest.raises(KnowledgeError, match="'gmn' maps to both 'bagaimana' and 'apa'"):
        load_knowledge(small_knowledge_dir)


def test_yaml_is_loaded_safely(small_knowledge_dir):
    (small_knowledge_dir / "evil.yaml").write_text("!!python/object/apply:os.system ['true']\n")
    with pytest.raises(KnowledgeError, match=r"evil\.yaml:1: invalid YAML"):
        load_knowledge(small_knowledge_dir)


def test_missing_folder():
    with pytest.raises(KnowledgeError, match="knowledge folder not found"):
        load_knowledge("/nonexistent/knowledge")


def test_failed_reload_keeps_last_good_base(small_knowledge_dir):
    holder = KnowledgeHolder(small_knowledge_dir)
    shutil.copy(DATA / "broken" / "bad-indent.yaml", small_knowledge_dir)
    assert holder.changed_on_disk()
    with pytest.raises(KnowledgeError, match=r"bad-indent\.yaml:12"):
        holder.reload()
    assert len(holder.knowledge.entries) == 3
    assert holder.matcher.rank("masker")[0].entry.id == "contoh-masker"
    assert not holder.changed_on_disk()


def test_successful_reload_serves_new_entries(small_knowledge_dir):
    holder = KnowledgeHolder(small_knowledge_dir)
    path = small_knowledge_dir / "se-contoh.yaml"
    path.write_text(path.read_text().replace("contoh-lapor", "contoh-laporan"))
    holder.reload()
    assert holder.knowledge.entry("contoh-laporan") is not None
