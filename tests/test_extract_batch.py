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
