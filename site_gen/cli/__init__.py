"""Command line: a thin click group. Each verb parses its options, calls one library function,
and turns SiteGenError into a Chinese message and an exit code (0 ok, 1 content or build
errors, 2 usage errors). Tracebacks are shown only with --verbose.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import click

from site_gen.build import pdf_only, pipeline
from site_gen.cli import sheets as cli_sheets
from site_gen.cli import starter
from site_gen.cli.options import (
    executor_option,
    jobs_option,
    output_option,
    pdf_variant_option,
    site_path,
)
from site_gen.errors import BuildError, ContentError, Problem, SiteGenError, os_error_text
from site_gen.load import SitePaths, load_document, load_site, schema

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# click's own words, in the language of the people who run site_gen.
_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_CLICK_MESSAGES = (
    ("No such option", "没有这个选项"),
    ("No such command", "没有这个命令"),
    ("Got unexpected extra arguments", "多余的参数"),
    ("Got unexpected extra argument", "多余的参数"),
    ("does not exist", "不存在"),
    ("Missing argument", "缺少参数"),
    ("Missing option", "缺少选项"),
    ("requires an argument", "需要一个值"),
    ("is not a valid integer", "不是整数"),
    ("is not one of", "不是以下之一"),
    ("Invalid value for", "值无效："),
    ("Did you mean", "您是否想写"),
)


class ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


class ChineseCommand(click.Command):
    context_class = ChineseContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示帮助并退出。"
        return option


class ChineseGroup(ChineseCommand, click.Group):
    command_class = ChineseCommand


def translate_click_message(message: str) -> str:
    for english, chinese in _CLICK_MESSAGES:
        message = message.replace(english, chinese)
    return message


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if problems:
        click.echo(f"共 {errors} 处错误，{warnings} 处警告。", err=True)


def _handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        verbose = click.get_current_context().find_root().params.get("verbose", False)
        try:
            return func(*args, **kwargs)
        except ContentError as exc:
            _print_problems(exc.problems)
            if exc.strict:
                click.echo("--strict：有警告，未生成；上次生成的网站保持不变。", err=True)
            else:
                click.echo("内容有错误，未生成任何文件；上次生成的网站保持不变。", err=True)
            sys.exit(exc.exit_code)
        except BuildError as exc:
            click.echo(exc.format(), err=True)
            click.echo("生成失败；上次生成的网站保持不变。", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("已中断；上次生成的网站保持不变。", err=True)
            sys.exit(130)
        except OSError as exc:  # a full disk, a folder it may not write: said, not a defect
            click.echo(f"{os_error_text(exc)}；上次生成的网站保持不变。", err=True)
            sys.exit(1)
        except SiteGenError as exc:  # pragma: no cover - every subclass is handled above
            click.echo(str(exc), err=True)
            sys.exit(1)
        except Exception as exc:  # noqa: BLE001 - no traceback reaches a user without --verbose
            if verbose:
                traceback.print_exc()
            click.echo(f"内部错误：{type(exc).__name__}: {exc}", err=True)
            click.echo("这是 site_gen 的缺陷，请加 --verbose 重新运行并报告输出。", err=True)
            sys.exit(1)

    return wrapper


@contextmanager
def progress_bar(label: str, total: int) -> Iterator[Callable[[], None]]:
    """A console progress bar on a terminal; silent otherwise (CI logs, pipes)."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield lambda: bar.update(1)


@click.group(cls=ChineseGroup, context_settings=CONTEXT)
@click.option("--verbose", is_flag=True, help="出错时显示详细的内部信息。")
@click.version_option(
    package_name="site_gen", message="site_gen %(version)s", help="显示版本并退出。"
)
def main(verbose: bool) -> None:
    """site_gen：把预算绩效公开内容（YAML）生成公开网站和 PDF 附件。

    PATH 是网站文件夹（含 site.yaml、content/ 和 templates/），默认为当前文件夹。
    """


@main.command(context_settings=CONTEXT)
@site_path
@click.option("--strict", is_flag=True, help="把警告也当作错误。")
@click.option(
    "--json", "as_json", is_flag=True, help="以 JSON 输出检查结果（供编辑器和脚本使用）。"
)
@_handle_errors
def validate(path: Path, strict: bool, as_json: bool) -> None:
    """检查内容：网站文件夹或单个 YAML 文件。"""
    if path.is_file():
        loaded = load_document(path, str(path))
        problems = loaded.problems
    else:
        try:
            site, problems = load_site(path, include_drafts=True)
        except ContentError as exc:
            problems = exc.problems
    errors = [p for p in problems if p.severity == "error" or strict]
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        _print_problems(problems)
    if errors:
        sys.exit(1)
    if not as_json:
        click.echo("检查通过。" if not problems else "检查通过（有警告）。", err=True)


@main.command(context_settings=CONTEXT)
@site_path
@output_option
@click.option("--no-pdf", is_flag=True, help="不生成 PDF 附件（更快）。")
@click.option("--no-search", is_flag=True, help="不生成全文搜索索引。")
@click.option(
    "--bundle", is_flag=True, help="另外为每个年度生成一份汇编 PDF（封面、目录和全部文件）。"
)
@click.option(
    "--strict", is_flag=True, help="有警告、失效链接或重复锚点也视为失败（建议在 CI 中使用）。"
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="不使用缓存：每个 PDF 附件重新排版，每份文件的 JSON、CSV 和 Excel 重新生成（结果相同，只是更慢）。",
)
@click.option(
    "--watch",
    is_flag=True,
    help="生成后继续监视内容、模板和 site.yaml，每次保存后再生成，只写入有改动的文件（按 Ctrl-C 停止）。",
)
@pdf_variant_option
@jobs_option
@executor_option
@_handle_errors
def build(
    path: Path,
    output: Path | None,
    no_pdf: bool,
    no_search: bool,
    bundle: bool,
    strict: bool,
    no_cache: bool,
    watch: bool,
    pdf_variant: str,
    jobs: int | None,
    executor: str | None,
) -> None:
    """生成公开网站（和 PDF 附件）到输出文件夹。"""
    out = output if output is not None else SitePaths(path).default_output
    options = pipeline.BuildOptions(
        output=out,
        with_pdf=not no_pdf,
        with_search=not no_search,
        pdf_variant=pdf_variant,
        strict=strict,
        bundle=bundle,
        pdf_cache=not no_cache,
        jobs=jobs,
        executor=executor,
    )
    if watch:
        from site_gen.cli import watch as cli_watch

        verbose = click.get_current_context().find_root().params.get("verbose", False)
        cli_watch.run(path, options, lambda text: click.echo(text, err=True), verbose)
        return
    result = pipeline.build(path, options, progress=progress_bar)
    _print_problems(result.warnings)
    for finding in result.link_findings:
        click.echo(f"警告 {finding}", err=True)
    if result.up_to_date:
        click.echo(
            f"内容、模板和设置都没有改动：{out} 已是最新（{result.documents} 份文件）。", err=True
        )
        return
    reused = result.pdfs - result.pdfs_rendered
    cached = f"，其中 {reused} 个未改动、取自缓存" if reused else ""
    click.echo(
        f"已生成 {result.documents} 份文件的网站到 {out}"
        + (f"（含 {result.pdfs} 个 PDF 附件{cached}）" if result.pdfs else "（未生成 PDF）")
        + "。",
        err=True,
    )


@main.command(context_settings=CONTEXT)
@site_path
@click.argument("documents", nargs=-1)
@output_option
@pdf_variant_option
@jobs_option
@executor_option
@_handle_errors
def pdf(
    path: Path,
    documents: tuple[str, ...],
    output: Path | None,
    pdf_variant: str,
    jobs: int | None,
    executor: str | None,
) -> None:
    """生成 PDF 附件：指定文件名（不含 .yaml）则只生成这些，否则生成全部。"""
    if path.is_file():
        raise click.UsageError(
            "PATH 应当是网站文件夹；要指定文件请写在 PATH 之后，例如 site-gen pdf . weihai"
        )
    out = output if output is not None else SitePaths(path).default_output
    options = pipeline.BuildOptions(
        output=out, pdf_variant=pdf_variant, jobs=jobs, executor=executor
    )
    result = pdf_only.build_pdfs(path, options, documents)
    for name in result.files:
        click.echo(f"已生成 {out / name}", err=True)


@main.command(context_settings=CONTEXT)
@site_path
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option("--port", default=8000, show_default=True, type=int, help="端口（0 表示自动选择）。")
@click.option("--open", "open_browser", is_flag=True, help="启动后在浏览器中打开。")
@click.option(
    "--since",
    default=None,
    help="与哪个已发布的网站比较修改：文件夹或网址（默认 PATH/output，若有）。",
)
@_handle_errors
def serve(path: Path, host: str, port: int, open_browser: bool, since: str | None) -> None:
    """本地预览：生成并提供网站，内容或模板修改后自动重建并刷新浏览器。"""
    from site_gen.preview import session

    verbose = click.get_current_context().find_root().params.get("verbose", False)
    session.run(
        path,
        lambda text: click.echo(text, err=True),
        host=host,
        port=port,
        open_browser=open_browser,
        since=since,
        verbose=verbose,
    )


@main.command(context_settings=CONTEXT)
@site_path
@click.option(
    "--since",
    "published",
    default=None,
    help="已发布的网站：文件夹或网址（默认 PATH/output，即上次生成的网站）。",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供脚本使用）。")
@click.option(
    "--revision-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="输出可粘贴到各修改文件中的更新记录（revisions），日期如 2021-04-15。",
)
@_handle_errors
def diff(path: Path, published: str | None, as_json: bool, revision_date: Any) -> None:
    """列出内容与已发布网站相比的改动：逐份文件、逐个栏目、逐个数字。"""
    from site_gen.preview import changes

    since = published or str(SitePaths(path).default_output)
    site, _warnings = load_site(path, include_drafts=False)
    try:
        record = changes.published_records(since)
    except BuildError as exc:
        click.echo(exc.format(), err=True)
        sys.exit(1)
    found = changes.compare_sites(record, changes.current_records(site))
    if as_json:
        click.echo(changes.format_json(found), nl=False)
    elif revision_date is not None:
        click.echo(changes.revision_entries(found, revision_date.date().isoformat()), nl=False)
    else:
        click.echo(f"与 {since} 相比：", err=True)
        click.echo(changes.format_text(found))


@main.command("new", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@_handle_errors
def new_command(folder: Path) -> None:
    """新建网站：写好 site.yaml、每类文件的示例（草稿）、编辑器设置和发布流程。"""
    written = starter.create(folder, date.today())
    for name in written:
        click.echo(f"已创建 {folder / name}", err=True)
    click.echo(
        f"\n下一步：\n  cd {folder}\n  site-gen serve      # 本地预览（示例文件是草稿，只在预览中显示）\n"
        "  照原件改写 content/ 中的示例，不用的删去；改好的文件删去 draft: true 才会发布\n"
        "  site-gen build      # 生成网站到 output/",
        err=True,
    )


@main.command("schema", context_settings=CONTEXT)
@click.option("--site", "which", flag_value="site", help="输出 site.yaml 的格式。")
@click.option(
    "--document", "which", flag_value="document", default=True, help="输出内容文件的格式（默认）。"
)
def schema_command(which: str) -> None:
    """输出内容格式的 JSON Schema，供编辑器（如 VS Code）边写边检查。"""
    data = schema.site_schema() if which == "site" else schema.document_schema()
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


main.add_command(cli_sheets.import_command)
main.add_command(cli_sheets.export_command)


def run() -> None:
    """Entry point of the console script and of build.py; usage errors in Chinese, exit 2."""
    try:
        main(prog_name="site-gen", standalone_mode=False)
    except click.UsageError as exc:
        hint = f"\n运行 “{exc.ctx.command_path} -h” 查看帮助。" if exc.ctx else ""
        click.echo(f"用法错误：{translate_click_message(exc.format_message())}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"错误：{translate_click_message(exc.format_message())}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("已中断。", err=True)
        sys.exit(130)


__all__ = ["main", "run", "SitePaths"]
