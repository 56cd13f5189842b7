"""The command line's shared arguments and options (cli.py declares the commands)."""

from __future__ import annotations

from pathlib import Path

import click

from site_gen.pdf import DEFAULT_VARIANT, PDF_VARIANTS

site_path = click.argument(
    "path",
    required=False,
    default=".",
    type=click.Path(exists=True, file_okay=True, dir_okay=True, path_type=Path),
)


pdf_variant_option = click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS),
    default=DEFAULT_VARIANT,
    show_default=True,
    help="PDF 变体：带结构标记的无障碍 PDF/UA-1（默认）、归档用 PDF/A-3b 或不加标记（none）。",
)

jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="同时工作的进程数：PDF，以及文件多的网站的 JSON/CSV/Excel（默认每个处理器核心一个；不影响结果）。",
)

output_option = click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="输出文件夹（默认 PATH/output）。",
)

executor_option = click.option(
    "--executor",
    default=None,
    metavar="dask://主机:端口",
    help="在 Dask 集群上生成 PDF，以及大网站的读入、数据文件和网页（需 pip install 'site_gen[dask]'）；dask://local 在本机起一个集群试用。",
)
