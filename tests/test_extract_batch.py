"""One document whose extraction raises is reported with its error; the rest of the batch extracts."""

from __future__ import annotations

from flows.settings import Settings
from transforms import extract
from transforms.records import Document, Extraction


def doc(doc_id: str, body: str) -> Document:
    return Document(doc_id, f"{doc_id}.txt", "0" * 64, "utf-8", "t", None, None, None, body)


def test_an_exception_in_one_document_does_not_sink_the_batch(monkeypatch):
    real = extract.extract_parsed

    def flaky(document_id, parsed):
        if document_id == "bad":
            raise ZeroDivisionError("rule blew up")
        return real(document_id, parsed)

    monkeypatch.setattr(extract, "extract_parsed", flaky)
    docs = [
        doc("good1", "The mayor said the bridge would open in May."),
        doc("bad", "Police said 12 people were hurt."),
        doc("good2", "Officials counted 300 votes on Friday."),
    ]
    results = extract.extract_batch(docs, Settings().model)
    assert isinstance(results[0], Extraction) and isinstance(results[2], Extraction)
    assert isinstance(results[1], str) and "ZeroDivisionError: rule blew up" in results[1]


def test_parse_batches_cap_documents_and_characters_and_keep_order():
    texts = ["a" * 10, "b" * 10, "c" * 50, "d" * 5, "e" * 5, "f" * 5]
    batches = extract.parse_batches(texts, max_docs=2, max_chars=25)
    assert [list(b) for b in batches] == [[0, 1], [2], [3, 4], [5]]
    assert [i for b in batches for i in b] == list(range(len(texts)))


def test_a_text_longer_than_the_budget_is_parsed_alone():
    batches = extract.parse_batches(["x" * 100, "y", "z"], max_docs=32, max_chars=10)
    assert [list(b) for b in batches] == [[0], [1, 2]]


def test_extractions_do_not_depend_on_how_the_batch_is_split(monkeypatch):
    docs = [
        doc("d1", "The mayor said the bridge would open in May."),
        doc("d2", "Police said 12 people were hurt in the crash on Friday."),
        doc("d3", '"We are ready," said Anna Berg, the head of the union.'),
    ]
    whole = extract.extract_batch(docs, Settings().model)
    monkeypatch.setattr(extract, "PARSE_BATCH_CHARS", 1)  # one document per nlp.pipe batch
    split = extract.extract_batch(docs, Settings().model)
    assert [r.document_id for r in split] == ["d1", "d2", "d3"]
    assert split == whole
