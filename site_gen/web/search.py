"""Full-text search with no server: Pagefind indexes the staged site before it is published.

The extended Pagefind build segments Chinese (the standard one cannot find 绩效 inside a
sentence). Only elements marked data-pagefind-body (the document pages) are indexed, with
filters for year, publisher and kind; headings with ids give results that point at a target.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import importlib.metadata
import json
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from site_gen.errors import BuildError

INDEX_DIR = "pagefind"
# Pagefind keeps every page of an index in memory until it writes it (a 10,000-document
# province took 3.9 GiB in one index), so a large site is indexed in parts of this many
# document pages, one Pagefind run after another; the search page merges them (search.js,
# Pagefind's mergeIndex). A site of up to this many documents has the one index it had.
SHARD_PAGES = 1000
SHARDS = "shards.json"  # in INDEX_DIR: the other parts, as paths relative to it
_BODY_BYTES = (
    b"data-pagefind-body"  # the document pages (templates/document.html); others are skipped
)


class KeptParts(Protocol):
    """Index parts kept between builds (build.step_cache), by a key of the part's pages."""

    def get(self, key: str) -> list[tuple[str, bytes]] | None: ...
    def put(self, key: str, files: list[tuple[str, bytes]]) -> None: ...
    def keep_only(self, keys: set[str]) -> None: ...


# A page to index: its route, the SHA-256 of its bytes, and its text when it is indexed again.
Source = tuple[str, bytes, Callable[[], str]]


def index_site(folder: Path, shard_pages: int | None = None, kept: KeptParts | None = None) -> None:
    """Index every document page of a staged site into folder/pagefind (and its parts).

    The pages are handed to Pagefind one by one in sorted order through its Python API, not by
    letting the Pagefind command walk the folder: the command takes files in the order the file
    system lists them, and its index then differs between an ext4 and a tmpfs folder."""
    sources: list[Source] = []
    for page in sorted(p for p in folder.rglob("*.html") if p.is_file() and not p.is_symlink()):
        data = page.read_bytes()  # not held: read again when its part is indexed
        if is_indexed(data):
            reader = functools.partial(page.read_text, encoding="utf-8")
            sources.append((page.relative_to(folder).as_posix(), sha256(data), reader))
    for route, content in index_files(sources, shard_pages, kept):
        _write(folder, route, content)


def is_indexed(page: bytes) -> bool:
    """Whether a page is one search finds (a document page)."""
    return _BODY_BYTES in page


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def index_files(
    sources: list[Source], shard_pages: int | None = None, kept: KeptParts | None = None
) -> list[tuple[str, bytes]]:
    """The index of these pages (in this order), as files by route under pagefind/: a part of
    SHARD_PAGES pages per Pagefind run. With `kept`, a part whose pages are byte for byte those
    it was made from is taken from there (an edit indexes its part again, not the province)."""
    size = shard_pages or SHARD_PAGES
    parts = [sources[i : i + size] for i in range(0, len(sources), size)] or [[]]
    names = [INDEX_DIR] + [f"{INDEX_DIR}/part-{n}" for n in range(2, len(parts) + 1)]
    keys: set[str] = set()
    made: list[tuple[str, bytes]] = []
    try:
        for part, name in zip(parts[::-1], names[::-1], strict=True):  # the main index last
            key = _part_key(part, name)
            keys.add(key)
            files = kept.get(key) if kept is not None else None
            if files is None:
                files = asyncio.run(_index(part))
                if kept is not None:
                    kept.put(key, files)
            made += [(f"{name}/{_inside(path)}", content) for path, content in files]
    except BuildError:
        raise
    except Exception as exc:  # noqa: BLE001 - the indexing service fails in many ways, said once
        raise BuildError(
            f"搜索索引生成失败：{type(exc).__name__}: {exc}",
            hint="安装 pagefind：pip install 'pagefind[extended]'（或用 --no-search 跳过搜索）",
        ) from exc
    if kept is not None:
        kept.keep_only(keys)
    others = [name.removeprefix(f"{INDEX_DIR}/") + "/" for name in names[1:]]
    return [*made, (f"{INDEX_DIR}/{SHARDS}", (json.dumps(others) + "\n").encode())]


def _part_key(sources: list[Source], name: str) -> str:
    """What a part's index is made from: Pagefind's version, the part's place, and each of its
    pages by address and content."""
    versions = []
    for package in ("pagefind", "pagefind-bin-extended"):
        try:
            versions.append(importlib.metadata.version(package))
        except importlib.metadata.PackageNotFoundError:
            versions.append("?")
    digest = hashlib.sha256(repr((versions, name)).encode())
    for route, page_digest, _ in sources:
        digest.update(route.encode() + b"\0")
        digest.update(page_digest)
    return digest.hexdigest()


def _inside(path: str) -> str:
    """A file Pagefind gave, as a path inside its part's folder (never outside it)."""
    parts = PurePosixPath(path).parts
    if not parts or parts[0] == "/" or ".." in parts or "\\" in path:
        raise BuildError(f"搜索索引生成失败：Pagefind 给出了索引目录以外的文件 {path}")
    return "/".join(parts)


def _write(folder: Path, route: str, content: bytes) -> None:
    """An index file, written under `folder`; never outside it."""
    target = (folder / route).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise BuildError(f"搜索索引生成失败：Pagefind 给出了索引目录以外的文件 {route}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


async def _index(sources: list[Source]) -> list[tuple[str, bytes]]:
    """A part's index files (relative paths: pagefind.js, fragment/…, index/…). They are taken
    back from Pagefind and written by site_gen, not by Pagefind: its writer hands each file to a
    background thread and answers before the bytes are on disk, so a service ended at once could
    leave a file cut short (the index then fails in the browser)."""
    config: Any = {"output_path": INDEX_DIR}  # Pagefind writes nothing: the files come back
    service = await _service_class()().launch()
    try:
        index = await service.create_index(config)
        for route, _, read in sources:
            await index.add_html_file(content=read(), source_path=route)
        files = await index.get_files()
    finally:
        await service.close()
    return [(file["path"], file["content"]) for file in files]


@functools.cache
def _service_class() -> type:
    """Pagefind's Python service, reading its answers as they come: the library's reader waits
    0.1 s before each answer, so pages handed over one by one went at ten a second (a 1,000-
    document site took 100 s to index, the Pagefind command 5 s), and it cannot read an answer
    over 2 MiB (the index files of a part are one answer)."""
    from pagefind.service import PagefindService  # only a build with search needs it

    class Service(PagefindService):
        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None
            pending = bytearray()
            while True:
                chunk = await stdout.read(1 << 20)
                if not chunk:  # Pagefind ended: fail every request still waiting, none hangs
                    for waiting in self._responses.values():
                        if not waiting.done():
                            waiting.set_exception(RuntimeError("Pagefind 服务中断"))
                    return
                searched = len(pending)
                pending += chunk
                while (end := pending.find(b",", searched)) >= 0:
                    self._answer(json.loads(base64.b64decode(pending[:end])))
                    del pending[: end + 1]
                    searched = 0

        def _answer(self, answer: Any) -> None:
            if answer is None:
                return
            payload = answer["payload"]
            ident = answer.get("message_id")
            if ident is None and payload.get("original_message"):  # a message it could
                ident = json.loads(payload["original_message"]).get("message_id")  # not read
            future = self._responses.get(ident)
            if future is None or future.done():
                return  # an answer to no request of ours: nothing waits for it
            if payload["type"] == "Error":
                future.set_exception(RuntimeError(payload.get("message", "Pagefind 出错")))
            else:
                future.set_result(payload)

    return Service
