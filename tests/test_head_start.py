"""The first batch a run reads while Prefect's server boots is the batch its flow will read first."""

from __future__ import annotations

from pathlib import Path

from flows import files as filesys
from flows.runs import Pending
from flows.runtime import head_start
from flows.runtime.parallel import Extractor
from flows.settings import Settings


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_without_a_warehouse_the_first_batch_is_the_first_new_content_in_path_order(tmp_path):
    write(tmp_path, "a.txt", "Alpha story.")
    write(tmp_path, "b.txt", "Alpha story.")  # the same content as a.txt: a duplicate, not read
    write(tmp_path, "c.txt", "Gamma story.")
    write(tmp_path, "d.txt", "Delta story.")
    settings = Settings().with_overrides(input_dir=tmp_path, batch_size=2)
    batch = head_start.first_batch(settings, Pending(4))
    assert [f.rel_path for f in batch] == ["a.txt", "c.txt"]
    found = filesys.discover(tmp_path, settings.pattern, settings.max_file_bytes)
    flows_first = filesys.chunks(filesys.plan(found, settings.source_name, {}).to_read, 2)[0]
    assert batch == flows_first


def test_with_a_warehouse_the_first_batch_comes_from_the_pre_checks_plan(tmp_path):
    write(tmp_path, "a.txt", "Alpha story.")
    write(tmp_path, "b.txt", "Beta story.")
    planned = filesys.discover(tmp_path, "**/*.txt", 1 << 20)[1:]  # a.txt unchanged since the last run
    settings = Settings().with_overrides(input_dir=tmp_path, batch_size=5)
    assert head_start.first_batch(settings, Pending(1, planned)) == planned


def test_a_head_start_that_cannot_read_its_input_leaves_the_error_to_the_flow(tmp_path):
    settings = Settings().with_overrides(input_dir=tmp_path / "missing")
    with Extractor(Settings().model, 1) as extractor:  # not started: it could not take a batch either
        assert head_start.begin(settings, Pending(0), extractor) == 0


def test_discovery_does_not_hash_again_a_file_the_pre_check_hashed_unless_it_changed(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", "Alpha story.")
    write(tmp_path, "b.txt", "Beta story.")
    memo: filesys.HashMemo = {}
    first = filesys.discover(tmp_path, "**/*.txt", 1 << 20, memo)
    hashed: list[str] = []
    real = filesys._sha256
    monkeypatch.setattr(filesys, "_sha256", lambda path, limit: hashed.append(path) or real(path, limit))
    assert filesys.discover(tmp_path, "**/*.txt", 1 << 20, memo) == first and hashed == []
    write(tmp_path, "b.txt", "Beta story, longer now.")
    again = filesys.discover(tmp_path, "**/*.txt", 1 << 20, memo)
    assert [Path(p).name for p in hashed] == ["b.txt"] and again[1].sha256 != first[1].sha256
