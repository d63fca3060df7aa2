"""Hostile input: every file is read or rejected with a reason, never outside the input folder,
never at unbounded cost. Discovery and reading on real files; extraction with the real spaCy model."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from flows import files as filesys
from flows.runtime.parallel import Extractor
from flows.settings import Settings
from transforms.extract import extract_batch
from transforms.limits import DeadlineExceeded, DocumentLimits, deadline
from transforms.nlp import load_pipeline
from transforms.reading.document import read_document
from transforms.records import Extraction

MODEL = Settings().model
LIMITS = DocumentLimits()
ARTICLE = "Harbour reopens\n\nThe harbour at Valdora reopened on Monday after a storm, the port authority said.\n"


def discover(folder: Path, max_bytes: int = 5 * 1024 * 1024) -> dict[str, object]:
    return {f.rel_path: f for f in filesys.discover(folder, "**/*.txt", max_bytes)}


def read(files: list, max_bytes: int = 5 * 1024 * 1024, limits: DocumentLimits = LIMITS):
    return filesys.read_all(files, "test", max_bytes, limits)


def test_a_file_name_that_is_not_utf8_is_loaded_under_an_escaped_name(tmp_path):
    raw = os.fsencode(tmp_path) + b"/\xff\xfe-report.txt"
    with open(raw, "wb") as fh:
        fh.write(ARTICLE.encode())
    found = discover(tmp_path)
    assert list(found) == ["\\xff\\xfe-report.txt"]
    documents, rejected = read(list(found.values()))
    assert rejected == [] and documents[0].source_path == "\\xff\\xfe-report.txt"
    documents[0].source_path.encode("utf-8")  # storable as text


def test_a_symlink_leaving_the_input_folder_is_rejected_without_being_opened(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(ARTICLE, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "secret.txt").symlink_to(outside)
    (folder / "inside.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "alias.txt").symlink_to(folder / "inside.txt")
    found = discover(folder)
    for name in ("passwd.txt", "secret.txt"):
        assert found[name].error == "symbolic link leaves the input folder (not read)"
        assert found[name].sha256 is None  # never hashed, so never read
    assert found["alias.txt"].error is None and found["alias.txt"].sha256 == found["inside.txt"].sha256


def test_a_fifo_named_txt_is_recorded_as_not_a_regular_file_and_never_blocks(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    done = threading.Event()
    result: dict = {}

    def run() -> None:
        result.update(discover(tmp_path))
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(10), "discovery blocked on a FIFO"
    assert result["pipe.txt"].error == "not a regular file (a named pipe)"
    assert result["ok.txt"].error is None


def test_a_fifo_swapped_in_after_discovery_is_rejected_when_read(tmp_path):
    path = tmp_path / "swap.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    found = discover(tmp_path)
    path.unlink()
    os.mkfifo(path)
    documents, rejected = read([found["swap.txt"]])
    assert documents == [] and rejected[0].reason == "not a regular file (a named pipe)"


def test_a_folder_named_txt_is_walked_into_not_read(tmp_path):
    (tmp_path / "feed.txt").mkdir()
    (tmp_path / "feed.txt" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    assert list(discover(tmp_path)) == ["feed.txt/story.txt"]


def test_a_file_that_grows_after_discovery_is_rejected_without_reading_it_all(tmp_path):
    path = tmp_path / "grows.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    found = discover(tmp_path, max_bytes=4096)
    with open(path, "ab") as fh:
        fh.write(b"x" * (8 << 20))
    documents, rejected = read([found["grows.txt"]], max_bytes=4096)
    assert documents == []
    assert rejected[0].reason == "file grew past the 4,096-byte limit while the run read it (NEWSFACTS_MAX_FILE_BYTES)"


def test_a_file_changed_after_discovery_is_left_for_the_next_run(tmp_path):
    path = tmp_path / "edited.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    found = discover(tmp_path)
    path.write_text(ARTICLE.replace("Monday", "Tuesday"), encoding="utf-8")
    documents, rejected = read([found["edited.txt"]])
    assert documents == [] and rejected[0].reason == "file changed while the run read it; the next run reads it again"


def test_a_text_longer_than_spacys_max_length_is_rejected_while_reading(tmp_path):
    paragraph = ARTICLE.split("\n\n", 1)[1].encode() + b"\n"
    big = ARTICLE.encode() + paragraph * (5_100_000 // len(paragraph))
    assert len(big) < 5 * 1024 * 1024 and len(big.decode()) > load_pipeline(MODEL).max_length
    (tmp_path / "big.txt").write_bytes(big)
    documents, rejected = read(list(discover(tmp_path).values()))
    assert documents == []
    assert "over the 400,000-character page limit (4 x NEWSFACTS_MAX_DOCUMENT_CHARS)" in rejected[0].reason


def test_an_article_body_over_the_character_limit_is_rejected_with_its_setting():
    document = read_document(ARTICLE.encode(), source_path="a.txt", sha256="0" * 64)
    with pytest.raises(ValueError, match=r"over the 40-character limit \(NEWSFACTS_MAX_DOCUMENT_CHARS\)"):
        DocumentLimits(max_chars=40).check_text(document.body)
    with pytest.raises(ValueError, match=r"3 quote marks, over the 2 limit \(NEWSFACTS_MAX_QUOTE_MARKS\)"):
        DocumentLimits(max_quote_marks=2).check_text('He said "yes" and "no')


def test_a_deadline_interrupts_python_code_in_any_thread_and_is_silent_when_met():
    def spin() -> str:
        with deadline(0.3):
            while True:
                time.sleep(0.001)

    started = time.perf_counter()
    with pytest.raises(DeadlineExceeded):
        spin()
    assert time.perf_counter() - started < 2
    errors: list[BaseException] = []

    def in_thread() -> None:
        try:
            spin()
        except DeadlineExceeded as exc:
            errors.append(exc)

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join(5)
    assert len(errors) == 1
    with deadline(0.2):
        pass
    time.sleep(0.4)  # a deadline met raises nothing later


def body(text: str):
    return read_document(text.encode(), source_path="p.txt", sha256=str(abs(hash(text))).rjust(64, "0"))


def test_one_endless_sentence_is_rejected_by_its_sentence_limit_and_the_batch_goes_on():
    good = body(ARTICLE)
    bad = body("Words repeated\n\n" + "he said " * 3000)
    results = extract_batch([good, bad, good], MODEL, LIMITS)
    assert isinstance(results[0], Extraction) and isinstance(results[2], Extraction)
    assert "over the 1,000-token limit (NEWSFACTS_MAX_SENTENCE_TOKENS)" in results[1]


def test_a_document_over_its_time_budget_is_rejected_in_about_that_time():
    bad = body("Words repeated\n\n" + "he said " * 2000)  # ~27 s of attribution without a budget
    limits = DocumentLimits(max_sentence_tokens=0, seconds=1.0)
    started = time.perf_counter()
    results = extract_batch([bad, body(ARTICLE)], MODEL, limits)
    assert time.perf_counter() - started < 10
    assert results[0] == "extraction took over 1 s, the per-document time limit (NEWSFACTS_DOCUMENT_SECONDS)"
    assert isinstance(results[1], Extraction)


def test_when_the_pipeline_raises_on_a_batch_each_document_is_retried_alone():
    from spacy.language import Language

    marker = "Zzyzxquorp"

    @Language.component("test_fails_on_marker")
    def fails_on_marker(doc):  # noqa: ANN001, ANN202 - a spaCy component
        if marker in doc.text:
            raise RuntimeError("the pipeline failed on this text")
        return doc

    nlp = load_pipeline(MODEL)
    nlp.add_pipe("test_fails_on_marker", last=True)
    try:
        docs = [body(ARTICLE), body(ARTICLE.replace("Valdora", marker)), body(ARTICLE.replace("Monday", "Friday"))]
        results = extract_batch(docs, MODEL, LIMITS)
    finally:
        nlp.remove_pipe("test_fails_on_marker")
    assert isinstance(results[0], Extraction) and isinstance(results[2], Extraction)
    assert results[1].startswith("extraction failed: RuntimeError: the pipeline failed on this text")


@pytest.mark.slow
def test_a_document_over_the_worker_memory_ceiling_is_rejected_and_the_others_extracted():
    # The model loads within 400 MiB of address space; parsing 200,000 characters takes far more than 450.
    big = body("Long report\n\n" + "The minister said the plan would cost more than expected this year. " * 3000)
    with Extractor(MODEL, 1, LIMITS, memory_mb=450).start() as extractor:  # a worker process even for one worker
        results = extractor.run([big, body(ARTICLE)])
    assert isinstance(results[0], str) and ("memory" in results[0].lower() or "MemoryError" in results[0]), results[0]
    assert isinstance(results[1], Extraction)
