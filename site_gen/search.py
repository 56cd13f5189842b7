"""Full-text search with no server: Pagefind indexes the staged site before it is published.

The extended Pagefind build segments Chinese (the standard one cannot find 绩效 inside a
sentence). Only elements marked data-pagefind-body (the document pages) are indexed, with
filters for year, publisher and kind; headings with ids give results that point at a target.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from site_gen.errors import BuildError

INDEX_DIR = "pagefind"


def index_site(folder: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(folder),
        "--output-subdir",
        INDEX_DIR,
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"搜索索引生成失败：{exc}") from exc
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BuildError(
            "搜索索引生成失败：" + " ".join(detail),
            hint="安装 pagefind：pip install 'pagefind[extended]'（或用 --no-search 跳过搜索）",
        )
