"""The house rules a maintainer relies on: imports run one way, modules stay readable."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "site_gen"


def _name(path: Path) -> str:
    """site_gen/load/convert.py → load.convert; a package's __init__ is the package."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "site_gen"


FILES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
MODULES = sorted(m for m in FILES if m != "site_gen")

# The stages in the order data flows (load → model → pages → render → write), one package
# each. A module may import from its own package (no cycle) or from a package earlier in
# this list, never from a later one: the web pages never reach into the PDF stage, loading
# never into the pages. The leaves are the plain modules directly under site_gen/.
STAGES = ["", "model", "load", "tables", "sheets", "web", "pdf", "build", "preview", "cli"]


def stage(module: str) -> str:
    """A module's stage: its package's; a kind's part is in the stage it is named after
    (kinds/progress/web.py is in web); a kind's declaration (kinds/progress/__init__) is a leaf."""
    if module == "__main__":  # `python -m site_gen` is the command line
        return "cli"
    parts = module.split(".")
    if parts[0] == "kinds":
        return parts[2] if len(parts) == 3 else ""
    return parts[0] if parts[0] in STAGES else ""


def imports_of(module: str) -> set[str]:
    """The site_gen modules `module` imports (a package's own __init__ counts as the package)."""
    tree = ast.parse(FILES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "site_gen" or node.module.startswith("site_gen."):
                base = node.module.removeprefix("site_gen").lstrip(".")
                for alias in node.names:
                    full = f"{base}.{alias.name}" if base else alias.name
                    found.add(full if full in FILES else base)
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("site_gen.") for a in node.names}
    return {m for m in found if m in FILES and m not in ("site_gen", module)}


def test_every_module_lives_in_a_stage() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages == set(STAGES) - {""} | {"kinds"}
    misnamed = [m for m in MODULES if m.startswith("kinds.") and stage(m) not in STAGES]
    assert misnamed == []  # a kind's part is named after its stage


def test_no_package_hides_a_module() -> None:
    """A package's __init__ binds no name of one of its modules to something else: with
    `from functools import cache` in pdf/__init__.py, `from site_gen.pdf import cache` would
    give the decorator, not the module, depending on what was imported first."""
    clashes = []
    for init in PACKAGE.glob("*/__init__.py"):
        modules = {p.stem for p in init.parent.glob("*.py")}
        bound: list[str] = []
        for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module != f"site_gen.{init.parent.name}":
                bound += [a.asname or a.name for a in node.names]
            elif isinstance(node, ast.FunctionDef | ast.ClassDef) and node.col_offset == 0:
                bound.append(node.name)
        clashes += [f"{init.parent.name}.{name}" for name in bound if name in modules]
    assert clashes == []


def test_the_packages_ship() -> None:
    """pyproject.toml lists every stage package (a wheel without one would fail to import)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    kinds = {f"site_gen.kinds.{p.parent.name}" for p in PACKAGE.glob("kinds/*/__init__.py")}
    stages = {f"site_gen.{s}" for s in STAGES if s}
    assert listed == {"site_gen", "site_gen.templates", "site_gen.kinds"} | stages | kinds


def test_imports_run_one_way() -> None:
    """No module imports from a later stage, and there is no import cycle."""
    backwards = [
        f"{module} → {target}"
        for module in MODULES
        for target in imports_of(module)
        if STAGES.index(stage(target)) > STAGES.index(stage(module))
    ]
    assert backwards == []
    graph = {m: imports_of(m) for m in MODULES}
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, " → ".join((*trail, module))
        if module not in done:
            for target in graph[module]:
                visit(target, (*trail, module))
            done.add(module)

    for module in MODULES:
        visit(module, ())


def test_the_rule_sees_an_arrow_up() -> None:
    """The rule is not vacuous: the web stage does import the load and model stages, and an
    import of a later stage would be reported."""
    assert "load.projects" in imports_of("web.html")
    assert STAGES.index(stage("pdf.annexes")) > STAGES.index(stage("web.html"))


def test_modules_stay_under_400_lines() -> None:
    long = {m: n for m, p in FILES.items() if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}


@pytest.mark.slow
def test_each_module_imports_alone() -> None:
    """Each module imports in a fresh interpreter (no hidden dependence on import order)."""
    for module in (m for m in MODULES if m != "__main__"):  # __main__ runs the CLI by design
        result = subprocess.run(
            [sys.executable, "-c", f"import site_gen.{module}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, (module, result.stderr[-500:])


# What each stage asks a kind for: the part, and the names it must define.
KIND_PARTS = {
    "model": ("DOCUMENTS",),
    "load": ("check", "RECORD_RULES"),
    "tables": ("document_rows",),
    "sheets": ("lay_out", "read_body"),
    "web": ("summarise", "is_cut"),
    "cli": ("starter_body",),
}


def test_every_kind_is_whole_in_its_folder() -> None:
    """Each declared kind has every stage's part with what the stage asks of it, its page and
    annex templates in the theme, and a model class whose `kind` is its name."""
    import importlib
    import typing

    from site_gen import kinds, model

    missing = []
    for kind in kinds.all_kinds():
        for part, names in KIND_PARTS.items():
            module = importlib.import_module(f"site_gen.kinds.{kind.family}.{part}")
            missing += [f"{kind.name}: {part}.{n}" for n in names if not hasattr(module, n)]
        for template in (f"kinds/{kind.name}.html", f"pdf/{kind.name}.html"):
            if not (ROOT / "templates" / template).is_file():
                missing.append(f"{kind.name}: templates/{template}")
        hints = typing.get_type_hints(model.document_class(kind.name))
        assert typing.get_args(hints["kind"]) == (kind.name,)
    assert missing == []
    assert len(kinds.names()) == 13  # the kinds a reader can tell apart on the site today


def test_no_stage_tests_for_a_kind_by_name() -> None:
    """Outside site_gen/kinds/, code asks a kind (kinds.get, kinds.part); it does not compare
    a document's kind with a name. The forms' layout helpers that ask for one named layout
    (a project form's columns, a special fund's long-term table) are the listed exceptions."""
    from site_gen import kinds

    names = "|".join(re.escape(n) for n in kinds.names())
    named = re.compile(rf"""kind\s*(?:==|!=|in)\s*\(?\s*["'](?:{names})["']""")
    found = [
        f"{m}: {line.strip()}"
        for m, path in FILES.items()
        if not m.startswith("kinds")
        for line in path.read_text(encoding="utf-8").splitlines()
        if named.search(line)
    ]
    assert found == []


def test_every_kind_part_takes_what_its_stage_passes() -> None:
    """The parts are reached by name at run time, so mypy checks the calls against each
    stage's KindPart protocol; this checks each kind's functions take those parameters."""
    import importlib
    import inspect

    from site_gen import kinds
    from site_gen.cli import starter
    from site_gen.load import validate
    from site_gen.sheets import workbook
    from site_gen.tables import export
    from site_gen.web import summaries

    protocols = {
        "web": summaries.KindPart,
        "tables": export.KindPart,
        "load": validate.KindPart,
        "cli": starter.KindPart,
        "sheets": workbook.KindPart,
    }
    wrong = []
    for family in sorted({k.family for k in kinds.all_kinds()}):
        for stage, protocol in protocols.items():
            module = importlib.import_module(f"site_gen.kinds.{family}.{stage}")
            for name, wanted in vars(protocol).items():
                if callable(wanted) and not name.startswith("_"):
                    expected = list(inspect.signature(wanted).parameters)[1:]  # without self
                    found = list(inspect.signature(getattr(module, name)).parameters)
                    if found != expected:
                        wrong.append(f"{family}.{stage}.{name}{tuple(found)} ≠ {tuple(expected)}")
    assert wrong == []
