"""Fonts by family name where fontconfig is not installed (Windows; macOS without Homebrew):
the system's and the user's font folders are read once, each file's family names taken from
its name table with fontTools (a dependency already, for the coverage check). And a CJK face
from pip for a machine that has none (`pip install 'site_gen[fonts]'`): the package only
carries the upstream Noto Sans CJK file, which is handed to fontconfig as one more font folder
when the system's fonts cannot draw a document. A leaf module.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
# Packages that carry open CJK font files (OFL): Noto Sans CJK (SC, TC, JP, KR) in one .ttc.
# They are only read as folders of font files; none of their code is imported.
PACKAGED_FONTS = ("noto_cjk_sans_otc",)
# Where fontconfig's own configuration lives when FONTCONFIG_FILE does not say (Debian and most
# Linux, Homebrew on Apple silicon and Intel, MSYS2 on Windows); the missing ones are skipped.
DEFAULT_CONFIGS = (
    "/etc/fonts/fonts.conf",
    "/opt/homebrew/etc/fonts/fonts.conf",
    "/usr/local/etc/fonts/fonts.conf",
    "C:/msys64/mingw64/etc/fonts/fonts.conf",
)


def packaged_font_dirs() -> list[Path]:
    """Folders of the font packages pip installed (none when the extra is not installed)."""
    found = []
    for name in PACKAGED_FONTS:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            found += [Path(p) for p in spec.submodule_search_locations]
    return found


@cache
def packaged_faces() -> tuple[tuple[str, int], ...]:
    """(file, face index) of every face in the packaged font folders."""
    from fontTools.ttLib import TTCollection

    faces: list[tuple[str, int]] = []
    for folder in packaged_font_dirs():
        for path in sorted(folder.rglob("*")):
            suffix = path.suffix.lower()
            if suffix in (".ttc", ".otc"):
                count = len(TTCollection(str(path), lazy=True).fonts)
                faces += [(str(path), i) for i in range(count)]
            elif suffix in FONT_SUFFIXES:
                faces.append((str(path), 0))
    return tuple(faces)


def packaged_fonts_in_use() -> bool:
    return Path(os.environ.get("FONTCONFIG_FILE", "")).name.startswith("site_gen-fonts-")


def use_packaged_fonts() -> bool:
    """Hand the packaged font folders to fontconfig (through FONTCONFIG_FILE, a configuration
    that includes the one in effect and adds them), for this process and the PDF workers it
    starts afterwards. True when that newly makes fonts available."""
    dirs = packaged_font_dirs()
    current = os.environ.get("FONTCONFIG_FILE", "")
    if not dirs or packaged_fonts_in_use():
        return False
    includes = [current] if current else list(DEFAULT_CONFIGS)
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">']
    lines.append("<fontconfig>")
    lines += [f'  <include ignore_missing="yes">{escape(i)}</include>' for i in includes]
    lines += [f"  <dir>{escape(str(d))}</dir>" for d in dirs]
    # The collection's first face is Japanese; Chinese text takes the Simplified Chinese one
    # when none of the families the page asks for is installed.
    lines += [
        '  <match target="pattern"><test name="lang" compare="contains"><string>zh</string>',
        '    </test><edit name="family" mode="append"><string>Noto Sans CJK SC</string></edit>',
        "  </match>",
    ]
    lines += ['  <cachedir prefix="xdg">fontconfig</cachedir>', "</fontconfig>", ""]
    text = "\n".join(lines)
    name = "site_gen-fonts-" + hashlib.sha256(text.encode()).hexdigest()[:16] + ".conf"
    path = Path(tempfile.gettempdir()) / name
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    os.environ["FONTCONFIG_FILE"] = str(path)
    return True


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
    return folders + (packaged_font_dirs() if packaged_fonts_in_use() else [])


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
