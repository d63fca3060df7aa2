"""Give freed memory back to the operating system between validation parts.

glibc's allocator keeps freed heap pages for reuse, so the flow process's RSS
would stay at the high-water mark of its largest validation part. ``malloc_trim``
returns those pages. Not used in the extraction workers: each batch there
allocates the same few hundred MB again, and with a trim after every batch the
2k benchmark's end-to-end/bare ratio fell from 0.71 to 0.65 in one run.
Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_memory(collect: bool = False) -> None:
    """Return free heap pages to the OS (after a garbage collection, with ``collect``)."""
    if collect:
        gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
