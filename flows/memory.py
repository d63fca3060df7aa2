"""Give freed memory back to the operating system between batches.

glibc's allocator keeps freed heap pages for reuse, so a long-lived process's
RSS stays at its high-water mark: an extraction worker that once parsed a long
article, or the flow after one validation part, looks as big as its worst moment
for the rest of the run. ``malloc_trim`` returns those pages; it costs
microseconds to milliseconds. Elsewhere than glibc it does nothing.
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
