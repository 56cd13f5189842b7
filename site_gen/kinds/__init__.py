"""Document kinds, each declared once, in its own folder: `site_gen/kinds/<family>/`.

A family folder holds one or more kinds that share a model (the seven standard forms share
one). Its `__init__.py` declares the kinds (`KINDS`: name, Chinese name, flags the stages ask);
its other modules are the kind's part of each stage, named after the stage:

    model.py    the YAML's dataclasses (`DOCUMENTS`: kind → class)
    load.py     whole-document checks (`check`) and record rules (`RECORD_RULES`); if the
                kind's forms are stages of projects or carry scores, `project_stages` and
                `score_findings`
    tables.py   the CSV table (`document_rows`); `orientation` if it wants a wide page
    sheets.py   the workbook layout and its reading (`lay_out`, `read_body`); `looks_like`
                if a sheet without its cover sheet can be told by its headings
    web.py      what the site says of a document (`summarise`, `is_cut`)
    cli.py      the starter file `site-gen new` writes (`starter_body`)

Each stage states what it asks in a `KindPart` protocol (web.summaries, tables.export,
load.validate, sheets.workbook, cli.starter); the optional parts are asked with getattr.

and the theme has `kinds/<kind>.html` (page) and `pdf/<kind>.html` (annex). The stages ask the
kind (`part(kind, "web").summarise(doc, lang)`, `get(kind).evaluation`); they never test for one, so
adding a kind is adding a folder, its two templates, a sample and tests (README, "代码").

This module and the declarations are leaves: a stage reaches a kind's part of its own stage
(or an earlier one) through `part`, which imports it when first asked.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Literal

Stage = Literal["目标", "监控", "自评"]  # a project's stages, in the order of a budget year


@dataclass(frozen=True)
class Kind:
    name: str  # the YAML's `kind:`, and the page's and annex's template name
    label: str  # the Chinese name, marked with N_ for the catalog
    order: int  # its place wherever kinds are listed (home page, year pages, starter files)
    family: str = ""  # the folder under site_gen/kinds/ (filled in by the registry)
    localised: bool = False  # its layout speaks every catalog language (else Chinese forms)
    stage: Stage | None = None  # its place in a project's life (load.projects)
    evaluation: bool = False  # a self-evaluation: scores, grades, 偏差原因
    scored: bool = False  # its forms carry scores a site may recompute (scoring.publish)
    sheet: bool = True  # the site offers its workbook (.xlsx); prose has no form to fill in
    forecast: bool = (
        False  # a mid-year monitoring form: 执行情况, 全年预计, 完成可能性 and 偏差原因
    )
    # The budget table's columns when the source does not list them (blocks.Budget.columns).
    budget_columns: tuple[str, ...] = ("initial", "adjusted", "executed")
    # Words of a sheet's title that name this kind, for `site-gen import` without --kind.
    # Kinds are tried by title_rank, the more specific first: a 监控表's cells say 绩效目标 too.
    title_words: tuple[str, ...] = ()
    title_rank: int = 0


@functools.cache
def _registry() -> dict[str, Kind]:
    found: list[Kind] = []
    for info in pkgutil.iter_modules(__path__):
        if info.ispkg:
            module = importlib.import_module(f"{__name__}.{info.name}")
            found += [
                Kind(**{**k.__dict__, "family": info.name}) for k in getattr(module, "KINDS", ())
            ]
    return {k.name: k for k in sorted(found, key=lambda k: (k.order, k.name))}


def all_kinds() -> tuple[Kind, ...]:
    """Every kind, in listing order."""
    return tuple(_registry().values())


def names() -> tuple[str, ...]:
    return tuple(_registry())


def get(name: str) -> Kind:
    return _registry()[name]


def known(name: object) -> bool:
    return isinstance(name, str) and name in _registry()


def label(name: str) -> str:
    return get(name).label


@functools.cache  # asked for every page, row and file: a dictionary lookup after the first
def part(name: str, stage: str) -> ModuleType:
    """The kind's part of a stage: `part("progress", "web")` is site_gen/kinds/progress/web.py."""
    return importlib.import_module(f"{__name__}.{get(name).family}.{stage}")


def labels() -> dict[str, str]:
    """Every kind's Chinese name, in listing order."""
    return {k.name: k.label for k in all_kinds()}
