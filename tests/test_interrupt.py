"""The preview's finishing stops inside its long steps once a newer save supersedes it
(site_gen.interrupt), and stopping anywhere leaves nothing the next build would get wrong."""

from __future__ import annotations

import random
import sys
import threading
from pathlib import Path

import pytest

from site_gen import interrupt
from site_gen.build import pipeline
from site_gen.build.kept_site import PageCache
from site_gen.build.memory import Files
from site_gen.load import SitePaths, load_site
from site_gen.web import pages
from site_gen.web.html import Renderer
from tests.conftest import ROOT, random_edit


class SetAfter(threading.Event):
    """An event that reads as set from its `budget`-th look on, and counts the looks: a save
    landing at a chosen point of the finishing."""

    def __init__(self, budget: int) -> None:
        super().__init__()
        self.budget, self.looks = budget, 0

    def is_set(self) -> bool:
        self.looks += 1
        return self.looks > self.budget


def _renderer() -> tuple[Renderer, list[pages.Page]]:
    site, _ = load_site(ROOT)
    return Renderer(site, SitePaths(ROOT).templates), pages.plan(site)


def test_a_page_rendered_to_be_stoppable_is_the_page_rendered_at_once() -> None:
    renderer, planned = _renderer()
    for page in planned:
        whole = renderer.render_page(page)
        with interrupt.stops_when(threading.Event()):
            assert renderer.render_page(page) == whole, page.route


def test_a_page_stops_between_its_chunks_and_a_reader_still_makes_it_whole() -> None:
    renderer, planned = _renderer()
    page = max(planned, key=lambda p: len(renderer.render_page(p)))  # the longest page
    whole = renderer.render_page(page)
    counting = SetAfter(10**9)
    with interrupt.stops_when(counting):
        renderer.render_page(page)
    assert counting.looks > 3, "a long page is looked at between its chunks, not only once"
    stop = SetAfter(2)  # set while the page is being rendered
    with pytest.raises(interrupt.Superseded), interrupt.stops_when(stop):
        renderer.render_page(page)
    assert stop.looks == 3, "stopped at the first look after the save, not at the page's end"
    files = Files()
    files.put(page.route, lambda: renderer.render_page(page).encode("utf-8"))
    assert files.make_all(SetAfter(2)) is False  # the finishing: stopped inside the page
    assert files.pending() == [page.route]  # nothing half made is kept
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(files[page.route]))
    reader.start()  # a reader's thread never asked to be stopped: its page is made whole
    reader.join(30)
    assert read == [whole.encode("utf-8")] and files.pending() == []
    assert interrupt.current() is None  # stops_when is undone when its block ends


def _options(root: Path, name: str) -> pipeline.BuildOptions:
    lock = root.parent / f"lock-{name}"
    return pipeline.BuildOptions(
        lock, with_pdf=False, preview=True, include_drafts=True, defer=True
    )


def _finished(root: Path, cache: PageCache, name: str) -> pipeline.BuildResult:
    result = pipeline.build(root, _options(root, name), cache)
    assert result.finish is not None and result.finish(None)
    return result


class SetIn(threading.Event):
    """An event that reads as set from the `nth` look made in function `where` on: a save
    landing inside one step of the finishing, whatever the edit before made it do."""

    def __init__(self, where: str, nth: int) -> None:
        super().__init__()
        self.where, self.nth, self.fired = where, nth, False

    def is_set(self) -> bool:
        if not self.fired and sys._getframe(2).f_code.co_name == self.where:  # check's caller
            self.nth -= 1
            self.fired = self.nth == 0
        return self.fired


# Where the finishing looks: between pages, inside a page (between its chunks, between the
# rows of a list made in one macro, after it is rendered, while its links are collected), the
# site files, the checks across documents and the link check.
STEPS = (
    "make_all",
    "_stoppable",
    "kept_markup",
    "_render",
    "collect",
    "data_index",
    "atom",
    "cross_checks",
    "scheme_checks",
    "check",
)


def _retitle(site: Path, rng: random.Random) -> str:
    chosen = rng.choice(sorted((site / "content").rglob("*.yaml")))
    text = chosen.read_text("utf-8")
    chosen.write_text(text.replace("title: ", f"title: 第{rng.randint(1, 99)}次修订 ", 1), "utf-8")
    return f"title {chosen.name}"


@pytest.mark.slow
def test_a_finishing_stopped_inside_any_step_leaves_the_next_build_as_a_fresh_one(
    sample_copy: Path,
) -> None:
    """A save lands inside a step of the last build's finishing: the finishing stops there, and
    the next build serves, warns and finds what a fresh preview does."""
    cache = PageCache()
    _finished(sample_copy, cache, "kept")
    rng = random.Random(11)
    for where in STEPS:
        for nth in (1, 2):
            done = _retitle(sample_copy, rng)  # reaches the lists: every step has work
            result = pipeline.build(sample_copy, _options(sample_copy, "kept"), cache)
            assert result.finish is not None
            stop = SetIn(where, nth)
            stopped = result.finish(stop) is False
            assert stopped == stop.fired, (where, nth, done)
            assert stopped or nth > 1, f"the finishing never looked in {where} ({done})"
            if nth == 2:  # a save that changed nothing, or another edit
                done += " " + random_edit(sample_copy, rng)
            kept = _finished(sample_copy, cache, "kept")
            fresh = _finished(sample_copy, PageCache(), f"fresh-{where}-{nth}")
            assert kept.memory is not None and fresh.memory is not None
            assert dict(kept.memory) == dict(fresh.memory), (where, nth, done)
            assert kept.link_findings == fresh.link_findings, (where, nth, done)
            said = [w.as_dict() for w in kept.warnings]
            assert said == [w.as_dict() for w in fresh.warnings], (where, nth, done)
