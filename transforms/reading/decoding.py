"""Bytes -> text: byte-order marks, UTF-8, a guessed code page, mojibake repaired; binary data refused.

Pure functions. A failure raises ``UnreadableInput`` with a reason a person understands.
"""

from __future__ import annotations

import codecs
import re


class UnreadableInput(ValueError):
    """The file cannot become a document; the message is the rejection reason."""


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Bytes that only binary formats start with (images, archives, PDFs, executables).
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x7fELF": "an executable",
    b"\x1f\x8b": "a gzip archive",
}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes to text, returning (text, encoding name).

    Order: byte-order marks, strict UTF-8, then charset-normalizer's best guess
    (cp1252/Latin-1 files such as old BBC pages land here). Mojibake left by an
    earlier wrong decode is repaired with ftfy. Binary data is refused rather
    than decoded into garbage.
    """
    if not data.strip():
        raise UnreadableInput("empty file (no text)")
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise UnreadableInput(f"binary data, not text (looks like {kind})")
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    if encoding is None:
        if b"\x00" in data:
            encoding = _wide_encoding(data)
            if encoding is None:
                raise UnreadableInput("binary data, not text (contains NUL bytes)")
        else:
            try:
                data.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = _guess_encoding(data)
    if not encoding:
        raise UnreadableInput("unknown text encoding (no charset fits the bytes)")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnreadableInput(f"cannot decode as {encoding}: {exc}") from exc
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    text = _repair(text)
    if not text.strip():
        raise UnreadableInput("empty file (only whitespace)")
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(3, len(text) // 100):
        raise UnreadableInput("binary data, not text (control characters)")
    return text, encoding


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where its NUL bytes sit: text puts the
    zero bytes of its characters in the same lanes (the high byte of every Latin character, the
    spaces of any script), while binary data has NUL bytes anywhere. None: not such text."""
    encoding = _wide_lanes(data)
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _CONTROL_CHARS.search(text) else encoding  # '\x00\x01...' read as UTF-16 is U+0001: binary


def _wide_lanes(data: bytes) -> str | None:
    """The UTF-16/32 byte order whose zero-byte lanes the data has, if any (see ``_wide_encoding``)."""
    if len(data) % 4 == 0 and len(data) >= 8:
        lanes = [data[i::4].count(0) for i in range(4)]
        units = len(data) // 4
        if min(lanes[1], lanes[2]) >= 0.9 * units:  # every character below U+10000 keeps two zero bytes in the middle
            if lanes[3] >= 0.9 * units and lanes[0] <= 0.1 * units:
                return "utf-32-le"
            if lanes[0] >= 0.9 * units and lanes[3] <= 0.1 * units:
                return "utf-32-be"
    if len(data) % 2 == 0 and len(data) >= 4:
        even, odd = data[0::2].count(0), data[1::2].count(0)
        units = len(data) // 2
        if odd >= 0.1 * units and even <= 0.01 * units:
            return "utf-16-le"
        if even >= 0.1 * units and odd <= 0.01 * units:
            return "utf-16-be"
    return None


def _guess_encoding(data: bytes) -> str | None:
    """Best charset for non-UTF-8 bytes.

    English text whose bytes are nearly all ASCII is, in practice, a Western
    single-byte code page (a stray 0xA3 is '£'); charset-normalizer alone may
    call a short sample of it cp932. Everything else goes to charset-normalizer.
    """
    sample = data[:200_000]
    high = sum(1 for b in sample if b > 0x7F)
    if b"\x00" not in sample and high <= max(8, len(sample) // 50):
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


def _repair(text: str) -> str:
    """Fix mojibake (UTF-8 read as cp1252, ...) and normalise line ends; keep curly quotes."""
    import ftfy

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.isascii():
        text = ftfy.fix_encoding(text)
    return text.replace("\u00a0", " ").replace("\ufeff", "")
