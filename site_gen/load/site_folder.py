"""A site's folder: where its parts are (site.yaml, content/, templates/, output/) and which
content files it has (content/<year>/*.yaml; anything else there is reported, never read)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from site_gen.errors import Location, Problem

SITE_FILE = "site.yaml"
CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
OUTPUT_DIR = "output"
_YEAR_DIR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class SitePaths:
    root: Path

    @property
    def site_file(self) -> Path:
        return self.root / SITE_FILE

    @property
    def content(self) -> Path:
        return self.root / CONTENT_DIR

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES_DIR

    @property
    def default_output(self) -> Path:
        """Where a build writes unless told (-o), and what the preview compares against."""
        return self.root / OUTPUT_DIR

    def display(self, path: Path) -> str:
        """A path as messages name it: relative to the site, with forward slashes."""
        text, root = str(path), str(self.root).rstrip(os.sep)
        if text.startswith(root + os.sep):  # a content file: by text (a province has 10,000)
            return text[len(root) + 1 :].replace(os.sep, "/")
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def content_files(paths: SitePaths) -> tuple[list[Path], list[Problem]]:
    """The YAML files under content/<year>/, sorted; stray files reported."""
    problems: list[Problem] = []
    if not paths.content.is_dir():
        return [], [
            Problem(
                Location(paths.display(paths.content)),
                "",
                "找不到内容文件夹 content/",
                hint="每个年度一个子文件夹，例如 content/2021/",
            )
        ]
    files: list[Path] = []
    seen: dict[str, Path] = {}
    for child in sorted(paths.content.iterdir()):
        name = paths.display(child)
        if child.name.startswith("."):
            continue
        if child.is_symlink():
            problems.append(Problem(Location(name), "", "不允许使用符号链接", hint="放入文件本身"))
            continue
        if child.is_dir() and _YEAR_DIR.fullmatch(child.name):
            # By name as pathlib orders a folder's files (normcase: folded on Windows), without
            # pathlib's comparisons (a province's 10,000 files on every preview build).
            with os.scandir(child) as listing:
                found = sorted(listing, key=lambda f: os.path.normcase(f.name))
            for found_item in found:
                name = found_item.name
                if name.startswith("."):
                    continue
                # (by the name's end: as Path.suffix, a name not starting with a dot)
                if name.endswith((".yaml", ".yml")):
                    files.append(_path_of(found_item.path, seen))  # read_bytes() refuses links
                elif found_item.is_dir() or not name.endswith((".md", ".txt")):
                    problems.append(
                        Problem(
                            Location(paths.display(Path(found_item.path))),
                            "",
                            "年度文件夹中只能放 .yaml 文件",
                            severity="warning",
                        )
                    )
        else:
            problems.append(
                Problem(
                    Location(name),
                    "",
                    f"“{child.name}” 不是年度文件夹",
                    expected="以四位年份命名的文件夹，例如 content/2021/",
                    severity="warning",
                )
            )
    _last_listed.clear()
    _last_listed.update(seen)
    return files, problems


# The paths of the last listing, by their text: a file listed again is the same Path object,
# whose hash and text pathlib has worked out already (the preview lists a province's 10,000
# files on every edit, and looks each up in its documents by path).
_last_listed: dict[str, Path] = {}


def _path_of(text: str, seen: dict[str, Path]) -> Path:
    path = _last_listed.get(text)
    if path is None:
        path = Path(text)
    seen[text] = path
    return path
