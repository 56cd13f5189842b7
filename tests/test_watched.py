"""The preview takes its watcher's report of what changed (load.watched): files it does not name
are not looked at, a report it does not understand makes it look at every file, and a look at
every file after serving finds what the report missed."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from site_gen.load import SitePaths
from site_gen.load import watched as watched_files
from site_gen.preview.server import Preview
from tests.conftest import random_edit


def _settle(root: Path) -> None:
    """Every file last written a minute ago, as a site's files usually are (a file written
    within a file time's tick of its reading is looked at by every load anyway)."""
    past = time.time() - 60
    for path in root.rglob("*"):
        os.utime(path, (past, past))


def _watched_preview(root: Path) -> Preview:
    """A preview whose watcher is taken as listening (the test says what it heard)."""
    _settle(root)
    preview = Preview(root, port=0)
    preview.watching = True
    assert preview.rebuild(), preview.error  # looks at every file: the report starts empty
    assert preview.told == set()
    return preview


def _retitle(path: Path, words: str) -> None:
    path.write_text(path.read_text("utf-8").replace("title: ", f"title: {words} ", 1), "utf-8")


def _two_edits_one_reported(preview: Preview, root: Path) -> tuple[Path, Path]:
    """Two documents retitled, only the first of them in the watcher's report."""
    said, unsaid = sorted((root / "content").rglob("*.yaml"))[:2]
    _retitle(said, "已报告")
    _retitle(unsaid, "未报告")
    assert preview.told is not None
    preview.told.add(str(said))
    return said, unsaid


def _page(preview: Preview, source: Path) -> bytes:
    return preview.files[f"{source.parent.name}/{source.stem}.html"]


def test_a_file_the_report_does_not_name_is_not_looked_at_until_the_look_after_serving(
    sample_copy: Path,
) -> None:
    preview = _watched_preview(sample_copy)
    try:
        said, unsaid = _two_edits_one_reported(preview, sample_copy)
        with preview.build_lock:  # built and served, not finished (the look comes then)
            assert preview.take_report(asked_by_watcher=True)
            result, error = preview.serve_build()
        assert not error and result is not None
        assert "已报告".encode() in _page(preview, said)
        assert "未报告".encode() not in _page(preview, unsaid)  # taken as unchanged unseen
    finally:
        preview.stop()


def test_the_look_after_serving_finds_what_the_report_missed_and_builds_again(
    sample_copy: Path,
) -> None:
    preview = _watched_preview(sample_copy)
    try:
        said, unsaid = _two_edits_one_reported(preview, sample_copy)
        generation = preview.generation
        assert preview.rebuild(asked_by_watcher=True), preview.error
        deadline = time.monotonic() + 30  # the build the look started, in a thread of its own
        while "未报告".encode() not in _page(preview, unsaid):
            assert time.monotonic() < deadline, "the missed change was never built"
            time.sleep(0.05)
        assert preview.generation >= generation + 2
        with preview.build_lock:  # that build is finished: the report is taken again
            assert preview.told == set()
    finally:
        preview.stop()


@pytest.mark.parametrize(
    "what",
    ["a new file", "a removed file", "a path spelled another way", "a folder", "outside the site"],
)
def test_a_report_it_does_not_understand_makes_it_look_at_every_file(
    sample_copy: Path, what: str
) -> None:
    preview = _watched_preview(sample_copy)
    try:
        files = sorted((sample_copy / "content").rglob("*.yaml"))
        unsaid = files[1]
        _retitle(unsaid, "未报告")
        if what == "a new file":
            added = files[0].with_name("added-file.yaml")
            added.write_bytes(files[0].read_bytes())
            reported = str(added)
        elif what == "a removed file":
            files[2].unlink()
            reported = str(files[2])
        elif what == "a path spelled another way":
            reported = str(files[0]).replace("/content/", "/./content/")
        elif what == "a folder":
            reported = str(files[0].parent)
        else:
            reported = str(sample_copy.parent / "elsewhere.yaml")
        assert preview.told is not None
        preview.told.add(reported)
        assert preview.rebuild(asked_by_watcher=True), preview.error
        assert "未报告".encode() in _page(preview, unsaid)  # every file was looked at
    finally:
        preview.stop()


def test_a_report_of_site_yaml_or_the_theme_is_understood(sample_copy: Path) -> None:
    paths = SitePaths(sample_copy)
    listing = watched_files.Listing.of(paths)
    theme = str(sample_copy / "templates" / "base.html")
    for told in ({str(paths.site_file)}, {theme}, {str(listing.files[0])}, set()):
        assert watched_files.understood(frozenset(told), listing, paths), told
    assert not watched_files.understood(frozenset({str(listing.files[0])}), None, paths)
    link = listing.files[0].with_name("link.yaml")
    link.symlink_to(listing.files[1])
    assert not watched_files.understood(frozenset({str(link)}), listing, paths)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_builds_from_whole_reports_serve_what_a_fresh_preview_serves(
    sample_copy: Path, seed: int
) -> None:
    """Random edits, each reported whole (every path whose bytes or presence changed), as a
    watcher reports them: the preview serves what a fresh one does."""
    rng = random.Random(seed)
    preview = _watched_preview(sample_copy)

    def snapshot() -> dict[str, bytes]:
        return {str(p): p.read_bytes() for p in (sample_copy / "content").rglob("*.yaml")}

    try:
        for _ in range(6):
            before = snapshot()
            time.sleep(0.01)
            done = random_edit(sample_copy, rng)
            after = snapshot()
            changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
            if "touch" in done:
                changed.add(done.split()[-1])
            assert preview.told is not None
            preview.told.update(changed)
            assert preview.rebuild(asked_by_watcher=True), preview.error
            fresh = Preview(sample_copy, port=0)
            try:
                assert fresh.rebuild(), fresh.error
                assert dict(preview.files) == dict(fresh.files), done
            finally:
                fresh.stop()
    finally:
        preview.stop()
