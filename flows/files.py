"""Files on disk -> SourceFile records and the plan of what this run must read.

Discovery never reads a whole file into memory to decide about it: sizes come
from ``stat`` (an oversized file is rejected by its size alone) and hashes are
computed in chunks. Nothing outside the input folder is opened: every candidate is
resolved first, and a symbolic link that leaves the folder is rejected unread. A file
is opened without following links and without blocking, and must be a regular file
(checked on the open handle, so a FIFO swapped in after discovery cannot hang a run).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transforms.limits import DocumentLimits, OverLimit
from transforms.reading.document import Learned, UnreadableInput, decode_bytes, parse_document, shapes_of_text
from transforms.reading.html_page import looks_like_html
from transforms.records import Document, Rejection, SourceFile, document_id_for

_CHUNK = 1 << 20


class Unsafe(OSError):
    """A candidate that must not be opened or is not a regular file; the message is the reason."""


# (real path, size, mtime_ns, ctime_ns, inode) -> sha256 of files hashed earlier in the same command
HashMemo = dict[tuple[str, int, int, int, int], str]


def discover(input_dir: Path, pattern: str, max_bytes: int, memo: HashMemo | None = None) -> list[SourceFile]:
    """Every file matching the pattern under input_dir, sorted by relative path.

    ``memo``: hashes taken moments ago by the same command (its pre-check); a file whose size,
    times and inode are unchanged since is not hashed again (reading checks the hash anyway)."""
    return list(iter_files(input_dir, pattern, max_bytes, memo))


def printable_path(rel: str) -> str:
    """A relative path as UTF-8 text: bytes that are not UTF-8 (kept by Python as surrogates) are
    written as ``\\xNN``, so the name can be stored, printed and matched on the next run."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return os.fsencode(rel).decode("utf-8", "backslashreplace")


# How deep below the input folder a search goes: deeper folders are one rejected row each.
MAX_DEPTH = 64


@dataclass(frozen=True)
class Candidate:
    """A path the pattern matched (``error`` None), or a folder that could not be searched and why."""

    path: Path
    rel: str
    error: str | None = None


def _segment_regex(segment: str) -> str:
    """One glob path segment as a regex: ``*`` and ``?`` never cross a ``/``; ``[...]`` is a class."""
    out, i = [], 0
    while i < len(segment):
        char = segment[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := segment.find("]", i + 2)) != -1:
            body = segment[i + 1 : end]
            body = "^/" + body[1:] if body.startswith("!") else body  # a negated class never takes the "/"
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A relative glob (``**/*.txt``, ``2024/*/*.txt``) as a regex over relative POSIX paths,
    with pathlib's meaning: ``**`` is any number of folders, none included."""
    parts = [p for p in pattern.split("/") if p and p != "."]
    regex = "".join("(?:[^/]+/)*" if p == "**" else _segment_regex(p) + "/" for p in parts)
    regex = regex.removesuffix("/") if not regex.endswith("(?:[^/]+/)*") else regex + "[^/]+"
    return re.compile(regex, re.DOTALL)


def candidates(input_dir: Path, pattern: str, max_depth: int = MAX_DEPTH) -> Iterator[Candidate]:
    """Every path under ``input_dir`` the pattern matches, sorted, found by an iterative walk.

    The walk keeps no recursion (a chain of thousands of folders cannot exhaust the stack), stops
    ``max_depth`` folders down (or at the pattern's own depth when it has no ``**``), does not
    enter linked folders (no loops, nothing outside the folder), and turns a folder it cannot
    list (permissions, a path over the system's length limit) into one ``Candidate`` with the
    reason, so the rest of the run goes on."""
    parts = [p for p in pattern.split("/") if p and p != "."]
    depth_limit = max_depth if "**" in parts else len(parts) - 1
    wanted = glob_regex(pattern)
    found: list[Candidate] = []
    stack: list[tuple[Path, str, int]] = [(input_dir, "", 0)]
    while stack:
        folder, prefix, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries]
        except OSError as exc:
            if prefix:
                found.append(Candidate(folder, printable_path(prefix.rstrip("/")), f"cannot search folder: {exc.strerror or exc}"))
                continue
            raise
        for name, is_dir in listed:
            rel = prefix + name
            if is_dir:
                if depth < depth_limit:
                    stack.append((folder / name, rel + "/", depth + 1))
                elif "**" in parts:
                    found.append(Candidate(folder / name, printable_path(rel), f"folder nested over {max_depth} levels deep: not searched"))
            elif wanted.fullmatch(rel):
                found.append(Candidate(folder / name, printable_path(rel)))
    return iter(sorted(found, key=lambda c: c.rel))


def iter_files(input_dir: Path, pattern: str, max_bytes: int, memo: HashMemo | None = None) -> Iterator[SourceFile]:
    """``discover`` one file at a time: a caller that needs only the first files hashes only those."""
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder does not exist: {input_dir}")
    root = input_dir.resolve()
    for candidate in candidates(input_dir, pattern):
        path, rel = candidate.path, candidate.rel
        if candidate.error:
            yield SourceFile(str(path), rel, 0, None, candidate.error)
            continue
        if path.is_symlink() and path.is_dir():
            continue  # a link to a folder is not walked into, nor read as a file
        try:
            target = _inside(path, root)
            info = os.stat(target)
        except Unsafe as exc:
            yield SourceFile(str(path), rel, 0, None, str(exc))
            continue
        except OSError as exc:
            yield SourceFile(str(path), rel, 0, None, f"cannot stat file: {exc.strerror or exc}")
            continue
        if not stat.S_ISREG(info.st_mode):
            yield SourceFile(str(path), rel, 0, None, f"not a regular file (a {_kind(info.st_mode)})")
            continue
        size = info.st_size
        if size > max_bytes:
            yield SourceFile(
                str(path), rel, size, None, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (NEWSFACTS_MAX_FILE_BYTES)"
            )
            continue
        key = (str(target), size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        try:
            digest = memo.get(key) if memo is not None else None
            if digest is None:
                digest = _sha256(str(target), max_bytes)
                if memo is not None:
                    memo[key] = digest
        except Unsafe as exc:
            yield SourceFile(str(path), rel, size, None, str(exc))
            continue
        except PermissionError:
            yield SourceFile(str(path), rel, size, None, "permission denied: the file cannot be read")
            continue
        except OSError as exc:
            yield SourceFile(str(path), rel, size, None, f"cannot read file: {exc.strerror or exc}")
            continue
        yield SourceFile(str(target), rel, size, digest)


def _inside(path: Path, root: Path) -> Path:
    """The real path of a candidate, which must lie inside the input folder (never opened here)."""
    if path.is_symlink() and not path.exists():
        raise Unsafe("broken symbolic link (target does not exist)")
    target = path.resolve()
    if not target.is_relative_to(root):
        raise Unsafe("symbolic link leaves the input folder (not read)" if path.is_symlink() else "outside the input folder (not read)")
    return target


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _open_regular(path: str) -> int:
    """A read-only descriptor on a regular file: links are not followed at the last step and a
    FIFO does not block the open; anything but a regular file is refused (fstat on the handle)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise Unsafe(f"not a regular file (a {_kind(mode)})")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_capped(path: str, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes: a file that grew past the cap after discovery is caught
    without reading the rest of it."""
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        return fh.read(max_bytes + 1)


def _sha256(path: str, max_bytes: int) -> str:
    h = hashlib.sha256()
    fd = _open_regular(path)
    read = 0
    with os.fdopen(fd, "rb") as fh:
        while read <= max_bytes and (chunk := fh.read(_CHUNK)):
            h.update(chunk)
            read += len(chunk)
    return h.hexdigest()


def read_file(file: SourceFile, source: str, max_bytes: int, limits: DocumentLimits, learned: Learned | None = None) -> Document:
    """One discovered file -> Document, or UnreadableInput / OSError with the reason.

    The bytes read must be the bytes discovered: a file that changed in between is
    rejected for this run (the next run reads it as changed), never loaded under the
    hash of other content."""
    data = _read_capped(file.path, max_bytes)
    if len(data) > max_bytes:
        raise UnreadableInput(f"file grew past the {max_bytes:,}-byte limit while the run read it (NEWSFACTS_MAX_FILE_BYTES)")
    if file.sha256 and hashlib.sha256(data).hexdigest() != file.sha256:
        raise UnreadableInput("file changed while the run read it; the next run reads it again")
    text, encoding = decode_bytes(data)
    html = looks_like_html(text)
    if not html:
        limits.check_page(text)  # HTML: the limit is for the page's text, not its markup (the file's size bounds that)
    document = parse_document(text, source_path=file.rel_path, sha256=file.sha256 or "", encoding=encoding, learned=learned)
    if html:
        limits.check_page("\n".join([document.body, *document.boilerplate]))
    limits.check_text(document.body)
    document.source = source
    return document


def read_all(
    batch: list[SourceFile], source: str, max_bytes: int, limits: DocumentLimits, learned: Learned | None = None
) -> tuple[list[Document], list[Rejection]]:
    """Decode and parse a batch of files; each bad file becomes a Rejection, never an exception.

    ``learned``: the furniture learned from the source's pages (``transforms/reading/learned.py``)."""
    documents: list[Document] = []
    rejected: list[Rejection] = []
    for f in batch:
        try:
            documents.append(read_file(f, source, max_bytes, limits, learned))
        except (UnreadableInput, OverLimit, Unsafe) as exc:
            rejected.append(Rejection(f.rel_path, f.sha256, f.size, str(exc)))
        except OSError as exc:
            swapped = exc.errno == errno.ELOOP
            reason = "symbolic link swapped in after discovery (not read)" if swapped else f"cannot read file: {exc.strerror or exc}"
            rejected.append(Rejection(f.rel_path, f.sha256, f.size, reason))
    return documents, rejected


def line_shapes(file: SourceFile, max_bytes: int) -> frozenset[str] | None:
    """The learnable line shapes of a file's page, for learning furniture before the run reads it; None when it cannot be read.

    UTF-8 (most files) is decoded directly: the shapes only count lines, and the reading stage
    stores the exact ones; other encodings go through ``decode_bytes``."""
    try:
        data = _read_capped(file.path, max_bytes)
        if len(data) > max_bytes:
            return None
        try:
            text = data.decode("utf-8").replace("\r\n", "\n")
        except UnicodeDecodeError:
            text = decode_bytes(data)[0]
        return shapes_of_text(text)
    except (UnreadableInput, Unsafe, OSError):
        return None


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
    source: str,
    published: dict[tuple[str, str], tuple[str, str]],
    rejected_before: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> Plan:
    """Sort one source's files into read / unchanged / duplicate / rejected against the published lineage.

    ``published`` maps (source, source_path) -> (sha256, document_id) over every source. A
    file is matched by its path within its own source only: another source's file of the
    same name is another file. A path whose content changed is read again and its old
    lineage dropped; content already published (under any source and path, or seen
    earlier in this run) is a duplicate, recorded but not extracted twice.
    ``rejected_before`` maps (source, source_path) -> (sha256, reason) for files this code
    version rejected last time: unchanged, they are rejected again with that reason
    instead of being read again.
    """
    rejected_before = rejected_before or {}
    result = Plan()
    published_docs = {sha: doc_id for sha, doc_id in published.values()}
    seen_this_run: dict[str, SourceFile] = {}
    for f in files:
        if f.error or f.sha256 is None:
            result.rejected.append(Rejection(f.rel_path, f.sha256, f.size, f.error or "unreadable"))
            continue
        old = published.get((source, f.rel_path))
        if old and old[0] == f.sha256:
            result.unchanged.append(f)
            continue
        earlier = rejected_before.get((source, f.rel_path))
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

