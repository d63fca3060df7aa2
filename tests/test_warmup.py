"""The warm-up thread: steps run in order, off the main thread, and a failing step stops nothing."""

from __future__ import annotations

import sys
import threading

from flows.runtime import warmup


def test_steps_run_in_order_in_a_daemon_thread() -> None:
    seen: list[tuple[str, str]] = []

    def first() -> None:
        seen.append(("first", threading.current_thread().name))

    def second() -> None:
        seen.append(("second", threading.current_thread().name))

    thread = warmup.in_background(first, second)
    thread.join(timeout=10)
    assert thread.daemon
    assert seen == [("first", "newsfacts-warmup"), ("second", "newsfacts-warmup")]


def test_a_failing_step_is_skipped_and_the_next_one_still_runs() -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("no model here")

    thread = warmup.in_background(broken, warmup.import_module("no_such_module_for_newsfacts"), lambda: ran.append("after"))
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert ran == ["after"]


def test_import_module_step_imports_the_named_module() -> None:
    sys.modules.pop("colorsys", None)
    thread = warmup.in_background(warmup.import_module("colorsys"))
    thread.join(timeout=10)
    assert "colorsys" in sys.modules
