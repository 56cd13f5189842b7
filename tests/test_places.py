"""A document's field locations held compactly (errors.Places) say what the converter found:
every path at its line and column, after pickling too (the loader's workers and the load cache
send documents as pickles), with the paths shared between documents. And the content folder is
listed in pathlib's order without pathlib's comparisons."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from site_gen.errors import Location, Places
from site_gen.load import LoadedDocument, load_file
from tests.conftest import ROOT


def _sample(name: str) -> LoadedDocument:
    path = next((ROOT / "content").rglob(f"{name}*.yaml"))
    return load_file((path, path.relative_to(ROOT).as_posix()))


def test_places_say_what_the_converter_found_at_every_path() -> None:
    from site_gen.load.convert import Converter
    from site_gen.load.validate import convert_document
    from site_gen.load.yamlsrc import parse

    loaded = _sample("hengshan")
    assert isinstance(loaded.locations, Places) and len(loaded.locations) > 100
    conv = Converter(loaded.name)
    root, _ = parse(loaded.name, loaded.path.read_bytes())
    assert root is not None
    convert_document(conv, root, False)
    found = {path: Places.place(conv.file, mark) for path, mark in conv.marks.items()}
    assert dict(loaded.locations) == found  # every path, line and column
    first = next(iter(found))
    assert loaded.locations.get(first) == found[first]
    lines = loaded.path.read_text(encoding="utf-8").splitlines()
    title = loaded.locations["title"]  # the value's place: on its key's line, after "title:"
    assert lines[title.line - 1][: title.column - 1].rstrip().endswith("title:")
    assert loaded.locations.get("no.such[0].path") is None
    with pytest.raises(KeyError):
        loaded.locations["no.such[0].path"]


def test_places_survive_pickling_with_their_paths_shared() -> None:
    one, two = _sample("hengshan"), _sample("qingshen")
    back_one, back_two = pickle.loads(pickle.dumps(one)), pickle.loads(pickle.dumps(two))
    assert dict(back_one.locations) == dict(one.locations)
    shared = set(back_one.locations) & set(back_two.locations)
    assert shared  # both self-evaluation forms: many paths in common …
    by_text = {p: p for p in back_one.locations}
    assert all(by_text[p] is p for p in back_two.locations if p in shared)  # … held once


def test_places_in_another_file_are_kept_as_they_are() -> None:
    found = {"": Location("a.yaml", 1, 1), "title": Location("b.yaml", 2, 3)}
    assert Places.of("a.yaml", found) == found and not isinstance(
        Places.of("a.yaml", found), Places
    )
    packed = Places.of("a.yaml", {"": Location("a.yaml", 1, 1), "x": Location("a.yaml", 70000, 9)})
    assert isinstance(packed, Places) and packed["x"] == Location("a.yaml", 70000, 9)


def test_content_files_come_in_pathlib_s_order(tmp_path: Path) -> None:
    """The folder is sorted by name without pathlib's comparisons: the same order."""
    from site_gen.load import SitePaths, content_files

    names = ["b.yaml", "C.yaml", "a-1.yaml", "a.yaml", "a_1.yaml", "10.yaml", "9.yaml", "衡山.yaml"]
    names += ["a.b.yaml", "Z.yml", "zz.yaml", "ａ.yaml"]
    folder = tmp_path / "content" / "2020"
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text("", encoding="utf-8")
    found, _problems = content_files(SitePaths(tmp_path))
    assert found == sorted(folder.iterdir()) and len(found) == len(names)


def test_a_year_folder_s_other_files_are_named_as_pathlib_s_suffix_would(tmp_path: Path) -> None:
    """Only .yaml and .yml files are content (as Path.suffix tells them); notes (.md, .txt) are
    allowed quietly; anything else, folders included, is warned of; dot files are skipped."""
    from site_gen.load import SitePaths, content_files

    folder = tmp_path / "content" / "2020"
    folder.mkdir(parents=True)
    names = ["a.yaml", "b.yml", "c.b.yaml", "d.YAML", "e.yaml.", "f.yaml.bak", "notes.md"]
    names += ["readme.txt", "g.md.txt", "h.MD", ".hidden.yaml", ".yaml", "yaml", "i.json"]
    for name in names:
        (folder / name).write_text("", encoding="utf-8")
    (folder / "sub.yaml.d").mkdir()
    (folder / "sub.md").mkdir()
    found, problems = content_files(SitePaths(tmp_path))
    loaded = [p for p in sorted(folder.iterdir()) if not p.name.startswith(".")]
    assert found == [p for p in loaded if p.is_file() and p.suffix in (".yaml", ".yml")]
    warned = [p.location.file.removeprefix("content/2020/") for p in problems]
    expected = [p.name for p in loaded if p.suffix not in (".yaml", ".yml", ".md", ".txt")]
    assert sorted(warned) == sorted([*expected, "sub.md"])  # a folder named like notes too
    assert {"d.YAML", "e.yaml.", "f.yaml.bak", "h.MD", "yaml", "i.json", "sub.md"} <= set(warned)
