"""Files on disk -> SourceFile records and the plan of what this run must read.

Discovery never reads a whole file into memory to decide about it: sizes come
from ``stat`` (an oversized file is rejected by its size alone) and hashes are
computed in chunks.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transforms.reading import UnreadableInput, read_document
from transforms.records import Document, Rejection, SourceFile, document_id_for

_CHUNK = 1 << 20


def discover(input_dir: Path, pattern: str, max_bytes: int) -> list[SourceFile]:
    """Every file matching the pattern under input_dir, sorted by relative path."""
    return list(iter_files(input_dir, pattern, max_bytes))


def iter_files(input_dir: Path, pattern: str, max_bytes: int) -> Iterator[SourceFile]:
    """``discover`` one file at a time: a caller that needs only the first files hashes only those."""
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder does not exist: {input_dir}")
    for path in sorted(input_dir.glob(pattern)):
        rel = path.relative_to(input_dir).as_posix()
        if path.is_symlink() and not path.exists():
            yield SourceFile(str(path), rel, 0, None, "broken symbolic link (target does not exist)")
            continue
        if not path.is_file():
            continue
        try:
            size = path.stat().st_size
        except OSError as exc:
            yield SourceFile(str(path), rel, 0, None, f"cannot stat file: {exc.strerror}")
            continue
        if size > max_bytes:
            yield SourceFile(
                str(path), rel, size, None, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (NEWSFACTS_MAX_FILE_BYTES)"
            )
            continue
        try:
            digest = _sha256(path)
        except PermissionError:
            yield SourceFile(str(path), rel, size, None, "permission denied: the file cannot be read")
            continue
        except OSError as exc:
            yield SourceFile(str(path), rel, size, None, f"cannot read file: {exc.strerror or exc}")
            continue
        yield SourceFile(str(path), rel, size, digest)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def read_bytes(file: SourceFile) -> bytes:
    with open(file.path, "rb") as fh:
        return fh.read()


def read_all(batch: list[SourceFile]) -> tuple[list[Document], list[Rejection]]:
    """Decode and parse a batch of files; each bad file becomes a Rejection, never an exception."""
    documents: list[Document] = []
    rejected: list[Rejection] = []
    for f in batch:
        try:
            documents.append(read_document(read_bytes(f), source_path=f.rel_path, sha256=f.sha256 or ""))
        except UnreadableInput as exc:
            rejected.append(Rejection(f.rel_path, f.sha256, f.size, str(exc)))
        except OSError as exc:
            rejected.append(Rejection(f.rel_path, f.sha256, f.size, f"cannot read file: {exc.strerror or exc}"))
    return documents, rejected


@dataclass
class Plan:
    """What a run does with each discovered file."""

    to_read: list[SourceFile] = field(default_factory=list)
    unchanged: list[SourceFile] = field(default_factory=list)
    duplicates: list[tuple[SourceFile, str]] = field(default_factory=list)  # (file, document_id it repeats)
    rejected: list[Rejection] = field(default_factory=list)
    changed_paths: list[str] = field(default_factory=list)  # paths whose old content is superseded


def plan(
    files: list[SourceFile],
    published: dict[str, tuple[str, str]],
    rejected_before: dict[str, tuple[str, str]] | None = None,
) -> Plan:
    """Sort files into read / unchanged / duplicate / rejected against the published lineage.

    ``published`` maps source_path -> (sha256, document_id). A path whose content
    changed is read again and its old lineage dropped; content already published
    under another path (or seen earlier in this run) is a duplicate, recorded but
    not extracted twice. ``rejected_before`` maps source_path -> (sha256, reason)
    for files this code version rejected last time: unchanged, they are rejected
    again with that reason instead of being read again.
    """
    rejected_before = rejected_before or {}
    result = Plan()
    published_docs = {sha: doc_id for sha, doc_id in published.values()}
    seen_this_run: dict[str, SourceFile] = {}
    for f in files:
        if f.error or f.sha256 is None:
            result.rejected.append(Rejection(f.rel_path, f.sha256, f.size, f.error or "unreadable"))
            continue
        old = published.get(f.rel_path)
        if old and old[0] == f.sha256:
            result.unchanged.append(f)
            continue
        earlier = rejected_before.get(f.rel_path)
        if earlier and earlier[0] == f.sha256 and not old:
            result.rejected.append(Rejection(f.rel_path, f.sha256, f.size, earlier[1]))
            continue
        if old:
            result.changed_paths.append(f.rel_path)
        if f.sha256 in published_docs:
            result.duplicates.append((f, published_docs[f.sha256]))
        elif f.sha256 in seen_this_run:
            result.duplicates.append((f, document_id_for(f.sha256)))
        else:
            seen_this_run[f.sha256] = f
            result.to_read.append(f)
    return result


def chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]


def cpu_count() -> int:
    return os.cpu_count() or 1
