"""Fonts by family name where fontconfig is not installed (Windows; macOS without Homebrew):
the system's and the user's font folders are read once, each file's family names taken from
its name table with fontTools (a dependency already, for the coverage check). A leaf module.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def font_folders() -> list[Path]:
    """Where this system keeps fonts; SITE_GEN_FONT_DIRS (os.pathsep-separated) comes first."""
    folders = [Path(p) for p in os.environ.get("SITE_GEN_FONT_DIRS", "").split(os.pathsep) if p]
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        folders += [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        folders += [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    else:
        folders += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts"]
        folders.append(home / ".local/share/fonts")
    return folders


@cache
def _index(folders: tuple[Path, ...]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Family name (case-folded) → (file, face index) of every font in the folders."""
    from fontTools.ttLib import TTCollection, TTFont

    found: dict[str, list[tuple[str, int]]] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in FONT_SUFFIXES or not path.is_file():
                continue
            try:
                if path.suffix.lower() in (".ttc", ".otc"):
                    faces = list(enumerate(TTCollection(str(path), lazy=True).fonts))
                else:
                    faces = [(0, TTFont(str(path), lazy=True))]
            except Exception:  # noqa: BLE001 - an unreadable file is no font of this system
                continue
            for index, face in faces:
                names = face["name"].names if "name" in face else []
                for record in names:
                    if record.nameID in (1, 16):  # family, typographic family
                        family = record.toUnicode().strip().casefold()
                        entry = (str(path), index)
                        if entry not in found.setdefault(family, []):
                            found[family].append(entry)
    return {family: tuple(files) for family, files in found.items()}


def installed_files(family: str) -> tuple[tuple[str, int], ...]:
    """The font files whose family name is `family` (any case), as (path, face index)."""
    return _index(tuple(font_folders())).get(family.strip().casefold(), ())
