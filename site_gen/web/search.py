"""Full-text search with no server: Pagefind indexes the staged site before it is published.

The extended Pagefind build segments Chinese (the standard one cannot find 绩效 inside a
sentence). Only elements marked data-pagefind-body (the document pages) are indexed, with
filters for year, publisher and kind; headings with ids give results that point at a target.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from site_gen.errors import BuildError

INDEX_DIR = "pagefind"


def index_site(folder: Path) -> None:
    """Index every page of a staged site into folder/pagefind.

    The pages are handed to Pagefind one by one in sorted order through its Python API, not by
    letting the Pagefind command walk the folder: the command takes files in the order the file
    system lists them, and its index then differs between an ext4 and a tmpfs folder."""
    pages = sorted(p for p in folder.rglob("*.html") if p.is_file() and not p.is_symlink())
    try:
        asyncio.run(_index(folder, pages))
    except BuildError:
        raise
    except Exception as exc:  # noqa: BLE001 - the indexing service fails in many ways, said once
        raise BuildError(
            f"搜索索引生成失败：{type(exc).__name__}: {exc}",
            hint="安装 pagefind：pip install 'pagefind[extended]'（或用 --no-search 跳过搜索）",
        ) from exc


async def _index(folder: Path, pages: list[Path]) -> None:
    from pagefind.index import IndexConfig, PagefindIndex  # only a build with search needs it

    # Leaving the context writes the index, to the configured path: it must be the site's (the
    # default, "pagefind", is relative to the working folder).
    config = IndexConfig(output_path=str(folder / INDEX_DIR))
    async with PagefindIndex(config) as index:
        for page in pages:
            await index.add_html_file(
                content=page.read_text(encoding="utf-8"),
                source_path=page.relative_to(folder).as_posix(),
            )
