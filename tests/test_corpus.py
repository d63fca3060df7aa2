"""Robustness on real articles: a sample of the BBC corpus extracts without a single failure (skips without ../shared)."""

from __future__ import annotations

import hashlib

import pytest

from flows.settings import Settings
from transforms.extract import extract_batch
from transforms.reading.document import read_document

pytestmark = pytest.mark.slow


def test_every_tenth_bbc_article_reads_and_extracts_without_error(shared):
    paths = sorted((shared / "corpus" / "bbc").glob("*/*.txt"))[::10]
    documents = []
    for path in paths:
        data = path.read_bytes()
        documents.append(read_document(data, source_path=str(path), sha256=hashlib.sha256(data).hexdigest()))
    failures = [
        (d.source_path, r) for d, r in zip(documents, extract_batch(documents, Settings().model), strict=True) if isinstance(r, str)
    ]
    assert len(documents) > 150 and failures == []
