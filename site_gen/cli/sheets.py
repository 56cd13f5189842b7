"""`site-gen import` and `site-gen export`: spreadsheets in the official layout in and out
(sheets.workbook does the work; this module only reads options and reports)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from site_gen import kinds
from site_gen.load import load_document
from site_gen.sheets import to_yaml as sheet_yaml
from site_gen.sheets import workbook as sheet_import
from site_gen.sheets.grid import SheetError
from site_gen.sheets.read import Problem
from site_gen.sheets.xlsx_write import CellTooLong

KINDS = sorted(kinds.names())


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), help="文件类型；不写则从表头文字判断。")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="写到哪个 YAML 文件（- 表示输出到屏幕）；不写则为 content/年度/文件名.yaml。",
)
def import_command(file: Path, kind: str | None, output: Path | None) -> None:
    """把按官方表样填写的 Excel/WPS 表格（.xlsx、.xls、.ods）转成内容文件。

    每个非空单元格都有去处：放进栏目，或列为待处理（先列原因，再列因此未读的单元格）。
    有待处理时仍写出文件，但标为草稿（draft: true），待处理的单元格写在文件末尾的注释中；
    这时退出码为 1。"""
    try:
        result = sheet_import.import_workbook(file, kind)
    except SheetError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(1)
    for note in result.notes:
        click.echo(f"{file.name}: 警告 {note}", err=True)
    if "kind" not in result.data:  # nothing can be written without knowing the form
        _report(result.problems)
        click.echo("未写出任何文件。", err=True)
        sys.exit(1)
    target = output or Path(sheet_import.target_path(result.data, file))
    header = [
        f"由 site-gen import 从 {file.name} 导入。每个值后的注释是它在表格中的单元格。",
        "请与原表逐项核对后再发布。",
    ]
    # Checked as the draft it becomes if anything is left, so that line numbers hold for it.
    text = sheet_yaml.dump(_as_draft(result.data), header)
    loaded = load_document(target, str(target), text.encode("utf-8"))
    invalid = [p for p in loaded.problems if p.severity == "error"]
    todo = [line for problem in result.problems for line in _lines(problem)]
    todo += [found.format() for found in invalid]
    if todo:  # a draft: written, so that what was read is not lost, but never published
        text += sheet_yaml.todo_block(todo)
    else:
        text = sheet_yaml.dump(result.data, header)
    _report(result.problems)
    for found in invalid:
        click.echo(found.format(), err=True)
    if str(target) == "-":
        click.echo(text, nl=False)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if todo:
        click.echo(
            f"共 {len(result.problems) + len(invalid)} 处待处理；已写出草稿 {target}"
            "（draft: true，待处理的单元格列在文件末尾）。请在表格或文件中改正后再发布。",
            err=True,
        )
        sys.exit(1)
    if str(target) != "-":
        click.echo(f"已写出 {target}", err=True)


def _as_draft(data: dict[str, object]) -> dict[str, object]:
    """The data with `draft: true` after its kind and title, where a reader looks first."""
    out: dict[str, object] = {}
    for key, value in data.items():
        out[key] = value
        if key == "title" or (key == "kind" and "title" not in data):
            out["draft"] = True
    out.setdefault("draft", True)
    return out


def _lines(problem: Problem) -> list[str]:
    lines = [f"{problem.ref}: {problem.message}"]
    if problem.consequences:
        lines.append(
            f"    因此未读（{len(problem.consequences)} 格）：" + "、".join(problem.consequences)
        )
    return lines


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        for i, line in enumerate(_lines(problem)):
            click.echo(line if i else f"{problem.ref}: 错误 {problem.message}", err=True)


@click.command("export")
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--xlsx", "as_xlsx", is_flag=True, help="导出为 Excel（.xlsx，官方表样）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="输出文件。")
def export_command(document: Path, as_xlsx: bool, output: Path | None) -> None:
    """把内容文件导出为表格（按官方表样：合并单元格、边框、A4 打印）。"""
    if not as_xlsx:
        click.echo("错误：请指定导出格式，目前支持 --xlsx。", err=True)
        sys.exit(2)
    loaded = load_document(document, str(document))
    if loaded.doc is None or any(p.severity == "error" for p in loaded.problems):
        for problem in loaded.problems:
            click.echo(problem.format(), err=True)
        sys.exit(1)
    target = output or document.with_suffix(".xlsx")
    try:
        data = sheet_import.export_workbook(loaded.doc)
    except CellTooLong as exc:
        click.echo(f"错误：{exc}；请把这一栏分成几段后再导出", err=True)
        sys.exit(1)
    target.write_bytes(data)
    click.echo(f"已写出 {target}", err=True)


__all__ = ["import_command", "export_command"]
