"""The house rules a maintainer relies on: imports run one way, modules stay readable."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "site_gen"
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")

# The stages in the order data flows (load → model → pages → render → write); a module may
# import only from its own layer's leaves or from layers above it in this list.
LAYERS = [
    {"values", "errors", "fieldtypes", "sheet_grid", "sheet_yaml", "fonts", "i18n"},
    {"sheet_xlsx"},
    {"sheet_files"},
    {"cjk_markdown"},
    {"application_parts"},
    {"blocks", "document_parts", "series", "site_config", "yamlsrc", "markdown", "charts"},
    {"list_rows"},
    {"model", "scoring", "trends"},
    {
        "placeholders",
        "convert",
        "validate_application",
        "validate_forms",
        "validate_series",
        "validate",
        "projects",
        "score_checks",
    },
    {"load"},
    {
        "views",
        "form_tables",
        "series_summary",
        "summaries",
        "pages",
        "links",
        "search",
        "export_tables",
        "export",
        "feeds",
        "schema",
        "changes",
        "sheet_patch",
        "sheet_regions",
        "sheet_lay",
        "sheet_layout",
        "sheet_read",
        "sheet_budget",
        "sheet_tables",
        "sheet_lines",
        "sheet_application",
        "sheet_forms",
        "sheet_projects",
        "sheet_lists",
        "sheet_series",
        "xlsx_write",
        "sheet_import",
    },
    {
        "html",
        "print_plan",
        "print_faults",
        "print_layout",
        "pdf",
        "pdf_pool",
        "pdf_cache",
        "annexes",
        "build_manifest",
        "site_lock",
        "write",
    },
    {"pipeline"},
    {
        "serve",
        "serve_files",
        "page_cache",
        "review",
        "starter",
        "cli_options",
        "cli_sheets",
        "cli",
        "__main__",
    },
]


def imports_of(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "site_gen":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("site_gen."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("site_gen.")}
    return found - {module}


def layer(module: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if module in names)


def test_every_module_has_a_layer() -> None:
    assert set(MODULES) == set().union(*LAYERS)


def test_imports_run_one_way() -> None:
    """No module imports from a later stage, and there is no import cycle."""
    backwards = [
        f"{module} → {target}"
        for module in MODULES
        for target in imports_of(module)
        if layer(target) > layer(module)
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


def test_modules_stay_under_400_lines() -> None:
    long = {
        m: n for m in MODULES if (n := len((PACKAGE / f"{m}.py").read_text().splitlines())) > 400
    }
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
