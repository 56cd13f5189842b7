"""Stopping a long step that a newer build has made useless (the preview's finishing).

The preview serves an edit before its build is finished, then finishes it in the background:
the pages the edit reaches, the site files, the checks across documents, the link check. When
the reviewer saves again, that work is for a site nobody will see, and the next build waits for
it to stop. Each of those steps calls `check()` between small pieces of work (a page's chunks of
markup, a document, a page's links), so a step stops within milliseconds instead of running its
hundreds. Only a thread that asked for it (`stops_when`) is ever stopped: a reader's request
makes its page whole whatever happens.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Superseded(Exception):
    """A newer build supersedes the one this step works for: stop, nothing is kept."""


_local = threading.local()


@contextmanager
def stops_when(stop: threading.Event | None) -> Iterator[None]:
    """Within this block, `check()` in this thread raises Superseded once `stop` is set."""
    before = getattr(_local, "stop", None)
    _local.stop = stop
    try:
        yield
    finally:
        _local.stop = before


def current() -> threading.Event | None:
    """The event that stops this thread's work, if it asked to be stopped (stops_when)."""
    stop: threading.Event | None = getattr(_local, "stop", None)
    return stop


def check() -> None:
    """Raise Superseded if this thread's work was asked to stop."""
    stop = getattr(_local, "stop", None)
    if stop is not None and stop.is_set():
        raise Superseded
