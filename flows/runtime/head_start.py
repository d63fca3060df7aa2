"""The run's first batch, read and queued on the pre-started extraction workers while Prefect's server boots.

The workers would otherwise sit idle, model loaded, until the flow reads its first batch.
The flow's read and extract tasks still run; the extract task collects the queued results
when its documents are the same files with the same content, else extracts them itself.
Nothing here may fail a run: the flow meets any problem with the input and reports it.
History and measurements: docs/scaling.md, "Start-up machinery".
"""

from __future__ import annotations

import logging
from itertools import islice

from flows import files as filesys
from flows.runs import Pending
from flows.runtime.parallel import Extractor
from flows.settings import Settings
from transforms.records import SourceFile

log = logging.getLogger("newsfacts")


def first_batch(settings: Settings, pending: Pending) -> list[SourceFile]:
    """The files of the flow's first batch, as far as can be told before the flow runs.

    With a warehouse, the pre-check's plan says which files are to be read. Without one,
    every readable file with new content is; only the first ones are hashed (twice the
    batch, so a few unreadable or duplicate files do not shorten the batch)."""
    size = settings.batch_size
    if pending.to_read is not None:
        return pending.to_read[:size]
    files = list(islice(filesys.iter_files(settings.input_dir, settings.pattern, settings.max_file_bytes), 2 * size))
    return filesys.plan(files, settings.source_name, {}).to_read[:size]


def begin(settings: Settings, pending: Pending, extractor: Extractor) -> int:
    """Read the first batch and queue it on the started ``extractor``; how many documents were queued."""
    try:
        documents, _ = filesys.read_all(first_batch(settings, pending), settings.source_name, settings.max_file_bytes, settings.limits)
        return len(documents) if extractor.head_start(documents) else 0
    except Exception as exc:  # noqa: BLE001 - the flow meets the same problem and reports it
        log.debug("no head start: %s: %s", type(exc).__name__, exc)
        return 0
