"""Loading a site kept in memory after a file watcher said which files changed (the preview).

Telling that a province's 10,000 content files are unchanged takes a stat of each (about 50 ms
here, a sixth of an edit's wait) and a listing of every year folder. The preview's watcher
already says which paths changed, so a load after its report lists nothing and looks only at
those files, when it can be sure it understood the report: every path it names is site.yaml,
under templates/, or a content file of the last listing that is still a file (an added, removed
or renamed file, a folder, or a path spelled another way — a link, another case — and the load
lists and looks at everything, as without a report).

A watcher can miss a change (a full event queue, some network drives). So the report is only
trusted against a state checked whole: `unchanged` lists and looks at every file again once the
edit is served, and when it finds what the report did not say, the preview loads everything
again.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from site_gen import interrupt
from site_gen.errors import Problem
from site_gen.load.site_folder import SitePaths, content_files


class Seen(Protocol):
    """What a kept document says of its file when it was read (load.LoadedDocument)."""

    @property
    def seen(self) -> tuple[int, int, int, int] | None: ...


@dataclass(frozen=True)
class Listing:
    """The content files of one listing (site_folder.content_files), with their paths' texts."""

    files: list[Path]
    problems: list[Problem]
    names: frozenset[str]

    @staticmethod
    def of(paths: SitePaths) -> Listing:
        files, problems = content_files(paths)
        return Listing(files, problems, frozenset(map(str, files)))


def understood(told: frozenset[str], last: Listing | None, paths: SitePaths) -> bool:
    """Whether a watcher's report names only files the last listing holds (each still a file),
    site.yaml and the theme's files: then nothing else changed, if the report is whole."""
    if last is None:
        return False
    theme = str(paths.templates) + os.sep
    for path in told:
        if path == str(paths.site_file) or path.startswith(theme):
            continue
        if path not in last.names or not os.path.isfile(path) or os.path.islink(path):
            return False
    return True


def file_state(path: Path) -> tuple[int, int, int, int] | None:
    """A file's times, size and inode (None if it cannot be looked at): as long as they stay
    the same, the file is taken as unchanged."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def unchanged(root: Path, last: Listing | None, kept: Mapping[Path, Seen]) -> bool:
    """Whether the content folder is as the last load left it: the same listing, and each
    settled file with the times, size and inode it was read with (a file read while still
    being written is looked at by every load anyway). Stops when superseded (interrupt)."""
    if last is None:
        return False
    now = Listing.of(SitePaths(root))
    if now.files != last.files or now.problems != last.problems:
        return False
    for number, path in enumerate(now.files):
        if number % 256 == 0:
            interrupt.check()
        document = kept.get(path)
        if document is None:
            return False
        if document.seen is not None and file_state(path) != document.seen:
            return False
    return True
