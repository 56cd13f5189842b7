"""Write stage: stage every file beside output/, then swap the staged tree in at once.

A failed or interrupted build never touches the last good output/: files go into a staging
folder next to it, and only a complete build is renamed into place (and if that swap fails, the
previous site is put back). Output paths are checked to stay inside the tree and to be written
once. Clean-up deletes only what this program wrote and can prove it wrote: a staging folder
holds STAGING_MARKER from its first moment, an output folder MARKER; a link is never followed
(a symbolic link as the output folder is refused). The caller holds the output's SiteLock, so
no other build is writing beside it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

from site_gen.build.packed import Kept, unpacked
from site_gen.errors import BuildError

MARKER = ".site-gen-output"
STAGING_MARKER = ".site-gen-staging"
_STAGING_PREFIX = ".site-gen-staging-"
_OLD_PREFIX = ".site-gen-old-"


def check_output_dir(output: Path, site_root: Path) -> None:
    """Refuse output folders a build must never replace."""
    if output.is_symlink():
        raise BuildError(
            f"输出文件夹 {output} 是符号链接（指向 {os.readlink(output)}）；site_gen 不跟随链接写入或清理",
            hint="请直接指定实际的文件夹，例如 -o 加上链接指向的路径",
        )
    out = output.resolve()
    root = site_root.resolve()
    forbidden = {Path("/"), Path.home().resolve(), root, (root / "content").resolve()}
    if (
        out in forbidden
        or out in root.parents
        or (root / "content").resolve() in [out, *out.parents]
    ):
        raise BuildError(
            f"不能把网站生成到 {output}",
            hint="请指定一个专用的输出文件夹，例如 output/",
        )
    if root in out.parents and any(
        (root / name).resolve() in [out, *out.parents] for name in ("templates", "site_gen")
    ):
        raise BuildError(f"不能把网站生成到 {output}", hint="输出文件夹不能在 templates/ 中")
    if out.exists():
        if not out.is_dir():
            raise BuildError(f"{output} 不是文件夹")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise BuildError(
                f"{output} 不是空文件夹，也不是 site_gen 以前生成的",
                hint="为避免覆盖其他文件，请换一个输出文件夹或先清空它",
            )


_UNSAFE = re.compile(r"[\x00-\x1f\\]")  # control characters and backslashes


def checked_route(route: str, written: set[str]) -> list[str]:
    """A route's parts, once it is known to stay inside the tree and to be written once
    (`written`: casefolded routes so far, this one added: two routes differing in case would
    clash on Windows and macOS)."""
    folded = _SAFE.get(route) or _safe_folded(route)
    if folded in written:
        raise BuildError(f"同一输出文件被写了两次：{route}")
    written.add(folded)
    return route.split("/")


# Routes known to stay inside the tree, with their casefolded form (the route itself when it is
# its own: most are, and are not held twice): the preview stages a province's 40,000 files on
# every edit. A plain dict, not an LRU cache, for the memory a province's preview holds.
_SAFE: dict[str, str] = {}
_SAFE_MOST = 1 << 18


def _safe_folded(route: str) -> str:
    """A route's casefolded form, once it is known to stay inside the tree (raises if not)."""
    parts = route.split("/")  # "", "." and ".." refuse absolute, doubled and climbing paths
    if "" in parts or "." in parts or ".." in parts or _UNSAFE.search(route):
        raise BuildError(f"输出路径不安全：{route!r}")
    folded = route.casefold()
    if len(_SAFE) >= _SAFE_MOST:  # a long preview session's renamed files: start again
        _SAFE.clear()
    _SAFE[route] = route if folded == route else folded
    return _SAFE[route]


class OutputTree:
    """Collects the files of one build in a staging folder beside the final output folder."""

    def __init__(self, output: Path) -> None:
        self.output = output.resolve()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(self.output)
        self.staging = self.output.parent / f"{_STAGING_PREFIX}{self.output.name}-{os.getpid()}"
        if _staged_by_us(self.staging):
            shutil.rmtree(self.staging)
        self.staging.mkdir()  # fails if something not ours stands there: nothing is deleted
        (self.staging / STAGING_MARKER).write_text("site_gen staging\n", encoding="utf-8")
        self.written: set[str] = set()  # casefolded: two routes differing in case clash
        self.routes: list[str] = []  # as written
        self.digests: dict[str, str] = {}  # SHA-256 of each file as written (build.manifest)
        # of files not yet written, worked out by a stage that hashed their bytes already
        self.hashed: dict[str, str] = {}
        self._folders: set[Path] = {self.staging}  # made so far
        # The last build's tree, if it is one (its marker): an unchanged file is linked from it.
        last = self.output
        self._last = last if not last.is_symlink() and (last / MARKER).is_file() else None
        self._last_folders: dict[tuple[str, ...], Path | None] = {(): self._last}

    def path_for(self, route: str) -> Path:
        return self._target(checked_route(route, self.written), route)

    def _target(self, parts: list[str], route: str) -> Path:
        self.routes.append(route)
        target = self.staging.joinpath(*parts)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target

    def write(self, route: str, content: str | Kept) -> int:
        """Stage a file (text as UTF-8 with \\n line ends); returns its size in bytes."""
        data = content.encode("utf-8") if isinstance(content, str) else unpacked(content)
        self.write_bytes(route, data)
        return len(data)

    def write_bytes(self, route: str, data: bytes) -> None:
        parts = checked_route(route, self.written)
        target = self._target(parts, route)
        known = self.hashed.pop(route, None)
        self.digests[route] = known or hashlib.sha256(data).hexdigest()
        if not self._link_unchanged(parts, target, data):
            target.write_bytes(data)

    def _link_unchanged(self, parts: list[str], target: Path, data: bytes) -> bool:
        """Stage the last build's file by a hard link when it holds exactly these bytes (read
        and compared now: a hand edit since is never carried over). Creating and writing a
        file costs 5–15 times a link: most of a province's build after one edit. Only a
        regular file in real folders of the last build's tree is linked, never one reached
        through a symbolic link; where links are not possible the file is written."""
        folder = self._last_folder(tuple(parts[:-1]))
        if folder is None:
            return False
        old = folder / parts[-1]
        try:
            found = os.lstat(old)
            if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
                return False
            with open(old, "rb") as stream:
                if stream.read(len(data) + 1) != data:
                    return False
            os.link(old, target)  # a regular file, checked above
        except OSError:
            return False
        return True

    def _last_folder(self, parts: tuple[str, ...]) -> Path | None:
        """The last build's folder at `parts`, if each step is a real folder (not a link)."""
        if parts not in self._last_folders:
            parent = self._last_folder(parts[:-1])
            folder = parent / parts[-1] if parent is not None else None
            if folder is not None and (folder.is_symlink() or not folder.is_dir()):
                folder = None
            self._last_folders[parts] = folder
        return self._last_folders[parts]

    def copy(self, route: str, source: Path) -> None:
        self.write_bytes(route, source.read_bytes())

    def commit(self) -> None:
        """Swap the staged tree into place; the old tree is removed only after the swap.

        What stands at the output path is renamed aside first and checked again there: a
        folder that appeared after the safety check (another program, a user) is put back and
        the build refused. If the swap fails or is interrupted, the old tree is put back. Only a
        folder site_gen made, or an empty one, is ever deleted.
        """
        (self.staging / MARKER).write_text("site_gen build output\n", encoding="utf-8")
        (self.staging / STAGING_MARKER).unlink()
        old = None
        try:
            if self.output.exists() or self.output.is_symlink():
                aside = self.output.parent / f"{_OLD_PREFIX}{self.output.name}-{os.getpid()}"
                os.replace(self.output, aside)
                old = aside
                if not _ours(aside):
                    os.replace(aside, self.output)
                    old = None
                    self.abort()
                    raise BuildError(
                        f"{self.output} 在生成过程中被其他程序改成了不是 site_gen 生成的内容",
                        hint="未删除任何文件；检查是谁在使用这个文件夹，或换一个输出文件夹",
                    )
            os.replace(self.staging, self.output)
        except BaseException:
            if old is not None and not self.output.exists():
                os.replace(old, self.output)  # the previous site, back where it was
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _ours(folder: Path) -> bool:
    """A folder site_gen may delete: one it made (with its marker), or an empty one."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    return (folder / MARKER).is_file() or not any(folder.iterdir())


def _staged_by_us(folder: Path) -> bool:
    return not folder.is_symlink() and folder.is_dir() and (folder / STAGING_MARKER).is_file()


def clean_leftovers(output: Path) -> None:
    """Remove staging folders of builds that were killed, and restore an interrupted swap. Run
    under the output's lock: no other build is writing these. Only folders this program made
    (with their marker) are touched; anything else with a similar name is left alone."""
    parent = output.parent
    if not parent.exists():
        return
    for child in parent.iterdir():
        if child.name.startswith(f"{_STAGING_PREFIX}{output.name}-"):
            if _staged_by_us(child):
                shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(f"{_OLD_PREFIX}{output.name}-") and _ours(child):
            if not output.exists() and not output.is_symlink():
                os.replace(child, output)  # killed between the two renames: put it back
            else:
                shutil.rmtree(child, ignore_errors=True)
