"""What changed since the last publication: the content now against a published site's open data.

A published site carries its own record: data/index.json lists every document and each document
has a JSON twin (export.document_json). Comparing those twins with the twins of the content as it
is now gives, per document, what was added, removed and changed — field by field, figure by
figure, named in Chinese with the model's own field names. Pure functions apart from reading the
published record (a folder or an http(s) address).
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import time
import typing
import urllib.error
import urllib.request
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from site_gen import kinds, model
from site_gen.errors import BuildError
from site_gen.fieldtypes import Number, type_hints, unwrap
from site_gen.tables import export

Status = Literal["added", "removed", "changed"]
STATUS_ZH: dict[str, str] = {"added": "新增", "removed": "删除", "changed": "修改"}
INDEX = "data/index.json"
MAX_RECORD_BYTES = 50_000_000  # a published twin larger than this is not a site_gen record
FETCH_SECONDS = 120.0  # the whole of `diff --since ADDRESS`: every file it fetches
MAX_DEPTH = 64  # a site_gen record nests about ten deep
MAX_REDIRECTS = 3
# Keys that name an item of a list, in the order they are tried: an item is followed by its
# name (not its position), so a row inserted at the top does not show every later row as changed.
_ITEM_KEYS = ("id", "number", "name", "level1", "level2", "category", "label", "title", "city")
# What a reader calls an item: its name where it has one, not its anchor id.
_LABEL_KEYS = ("name", "level1", "level2", "category", "label", "title", "city", "number", "id")


@dataclass(frozen=True)
class Change:
    path: tuple[str | int, ...]  # where in the document's JSON twin
    where: str  # the same place in words: 项目「食品安全抽检」› 本年度预算申请金额（元）
    old: str | None  # as published; None: not there before
    new: str | None  # as now; None: removed

    def as_dict(self) -> dict[str, Any]:
        return {"path": list(self.path), "where": self.where, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class DocumentChanges:
    id: str  # "2021/weihai-etdz-key-projects": the page is <id>.html
    title: str
    status: Status
    changes: tuple[Change, ...] = ()

    @property
    def route(self) -> str:
        return f"{self.id}.html"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "changes": [c.as_dict() for c in self.changes],
        }


# ---------------------------------------------------------------- the two records
def current_records(site: model.Site) -> dict[str, dict[str, Any]]:
    """The JSON twins the content would publish now, keyed by "year/slug"."""
    return {f"{e.year}/{e.slug}": record_of(e) for e in site.entries}


def record_of(entry: model.Entry) -> dict[str, Any]:
    return dict(json.loads(export.document_json(entry)))


def published_records(source: str, seconds: float = FETCH_SECONDS) -> dict[str, dict[str, Any]]:
    """The JSON twins of a published site: a folder (e.g. output/) or its web address. Fetching
    from an address has one deadline for all of it, so a server that trickles bytes cannot hold
    the command forever."""
    deadline = time.monotonic() + seconds
    index = _read_json(source, INDEX, deadline)
    documents = index.get("documents") if isinstance(index, dict) else None
    if not isinstance(documents, list):
        raise BuildError(f"{source} 的 {INDEX} 不是 site_gen 的数据目录", hint=_SOURCE_HINT)
    records: dict[str, dict[str, Any]] = {}
    for item in documents:
        if not isinstance(item, dict) or not isinstance(item.get("files"), dict):
            continue
        doc_id, twin = item.get("id"), item["files"].get("json")
        if isinstance(doc_id, str) and isinstance(twin, str):
            record = _read_json(source, twin, deadline)
            if isinstance(record, dict):
                records[doc_id] = record
    return records


_SOURCE_HINT = "写已发布网站的文件夹（如 output/）或网址（如 https://czj.example.gov.cn/jxgk/）"


def _read_json(source: str, route: str, deadline: float) -> Any:
    if ".." in route.split("/") or route.startswith("/"):
        raise BuildError(f"{source} 的数据目录含有不安全的路径：{route}", hint=_SOURCE_HINT)
    try:
        if source.startswith(("http://", "https://")):
            address = source if source.endswith("/") else source + "/"
            data = _fetch(address + route, deadline)
        else:
            with (Path(source) / route).open("rb") as file:
                data = file.read(MAX_RECORD_BYTES + 1)
    except (OSError, http.client.HTTPException) as exc:
        raise BuildError(f"读不到已发布的 {route}（{source}）：{exc}", hint=_SOURCE_HINT) from exc
    if len(data) > MAX_RECORD_BYTES:
        raise BuildError(f"已发布的 {route} 过大", hint=_SOURCE_HINT)
    try:
        value = json.loads(data.decode("utf-8"))
    except RecursionError as exc:
        raise BuildError(
            f"已发布的 {route} 嵌套过深，不是 site_gen 的记录", hint=_SOURCE_HINT
        ) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise BuildError(f"已发布的 {route} 不是有效的 JSON：{exc}", hint=_SOURCE_HINT) from exc
    if _depth(value) > MAX_DEPTH:
        raise BuildError(f"已发布的 {route} 嵌套过深，不是 site_gen 的记录", hint=_SOURCE_HINT)
    return value


class _Redirects(urllib.request.HTTPRedirectHandler):
    """A few redirects, to http(s) only (never file:, ftp: …)."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not newurl.startswith(("http://", "https://")):
            raise urllib.error.HTTPError(newurl, code, "只跟随到 http(s) 的重定向", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, deadline: float) -> bytes:
    """An address's body, within the deadline and MAX_RECORD_BYTES, whatever the server does."""
    opener = urllib.request.build_opener(_Redirects())
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError(f"超过 {FETCH_SECONDS:.0f} 秒仍未读完")
    with opener.open(url, timeout=min(30.0, left)) as response:
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_RECORD_BYTES:
            if time.monotonic() > deadline:
                raise TimeoutError(f"超过 {FETCH_SECONDS:.0f} 秒仍未读完")
            chunk = response.read1(65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks)


def _depth(value: Any) -> int:
    """How deep a JSON value nests, measured without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack += [(v, depth + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, depth + 1) for v in item]
    return deepest


# ---------------------------------------------------------------- comparing
def compare_sites(
    published: dict[str, dict[str, Any]], current: dict[str, dict[str, Any]]
) -> list[DocumentChanges]:
    """Every document that differs, in a fixed order: newest year first, then by id."""
    found: list[DocumentChanges] = []
    for doc_id in sorted(published.keys() | current.keys(), key=_order):
        old, new = published.get(doc_id), current.get(doc_id)
        if old is None and new is not None:
            found.append(DocumentChanges(doc_id, _title(new), "added"))
        elif new is None and old is not None:
            found.append(DocumentChanges(doc_id, _title(old), "removed"))
        elif old is not None and new is not None and old != new:
            changes = compare_documents(old, new)
            if changes:
                found.append(DocumentChanges(doc_id, _title(new), "changed", tuple(changes)))
    return found


def _order(doc_id: str) -> tuple[int, str]:
    year, _, slug = doc_id.partition("/")
    return (-int(year) if year.isdigit() else 0, slug)


def _title(record: dict[str, Any]) -> str:
    title = record.get("title")
    return title if isinstance(title, str) else ""


def compare_documents(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Field-by-field differences of two twins of one document (the kind may have changed)."""
    kind = str(new.get("kind"))
    cls: Any = model.document_class(kind) if kinds.known(kind) else None
    if cls is None or old.get("kind") != new.get("kind"):
        cls = model.DocumentBase  # compare what every kind shares; the kind itself below
        out = [Change(("kind",), "文件类型", _text(old.get("kind")), _text(new.get("kind")))]
        return out + [c for c in _walk(old, new, cls, (), ()) if c.path != ("kind",)]
    return list(_walk(old, new, cls, (), ()))


def _walk(
    old: Any, new: Any, typ: Any, path: tuple[str | int, ...], words: tuple[str, ...]
) -> typing.Iterator[Change]:
    if old == new:
        return
    typ, meta, _optional = unwrap(typ)
    if isinstance(typ, type) and dataclasses.is_dataclass(typ):
        if isinstance(old, dict) and isinstance(new, dict):
            hints = type_hints(typ)
            for f in dataclasses.fields(typ):
                if _unrecorded(f.name, old, new):
                    continue
                name = f.metadata.get("zh") or f.name
                yield from _walk(
                    old.get(f.name), new.get(f.name), hints[f.name], (*path, f.name), (*words, name)
                )
            return
        yield _leaf(old, new, path, words, meta)
        return
    if typing.get_origin(typ) is tuple and isinstance(old, list) and isinstance(new, list):
        yield from _walk_list(old, new, typing.get_args(typ)[0], path, words)
        return
    yield _leaf(old, new, path, words, meta)


def _unrecorded(key: str, old: dict[str, Any], new: dict[str, Any]) -> bool:
    """A field one side's record does not carry (written by another site_gen version) and the
    other leaves empty: nothing a reader would see changed."""
    if key in old and key in new:
        return False
    value = new.get(key) if key not in old else old.get(key)
    return value in (None, "", [], {}, False)


def _walk_list(
    old: list[Any], new: list[Any], item: Any, path: tuple[str | int, ...], words: tuple[str, ...]
) -> typing.Iterator[Change]:
    key = _item_key(old, new)
    head, tail = (words[:-1], words[-1]) if words else ((), "")
    if key is None:  # no name to follow items by: compare position by position
        for i in range(max(len(old), len(new))):
            o = old[i] if i < len(old) else None
            n = new[i] if i < len(new) else None
            label = f"{tail}第{i + 1}项"
            if o is None or n is None:
                yield Change((*path, i), " › ".join((*head, label)), _summary(o), _summary(n))
            else:
                yield from _walk(o, n, item, (*path, i), (*head, label))
        return
    old_by = {str(o[key]): o for o in old}
    new_keys = {str(n[key]) for n in new}
    for i, n in enumerate(new):
        name = str(n[key])
        label = f"{tail}「{_summary(n)}」"
        o = old_by.get(name)
        if o is None:
            yield Change((*path, i), " › ".join((*head, label)), None, _summary(n))
        else:
            yield from _walk(o, n, item, (*path, i), (*head, label))
    for i, o in enumerate(old):
        name = str(o[key])
        if name not in new_keys:
            label = f"{tail}「{_summary(o)}」"
            yield Change((*path, i), " › ".join((*head, label)), _summary(o), None)


def _item_key(old: list[Any], new: list[Any]) -> str | None:
    """The first key that names every item of both lists once (items are records)."""
    if not all(isinstance(x, dict) for x in (*old, *new)):
        return None
    for key in _ITEM_KEYS:
        for items in (old, new):
            values = [x.get(key) for x in items]
            if any(v in (None, "") or isinstance(v, dict | list) for v in values):
                break
            if len({str(v) for v in values}) != len(values):
                break
        else:
            return key
    return None


def _leaf(
    old: Any, new: Any, path: tuple[str | int, ...], words: tuple[str, ...], meta: Any
) -> Change:
    money = isinstance(meta, Number) and meta.money
    return Change(path, " › ".join(words), _text(old, money), _text(new, money))


def _text(value: Any, money: bool = False) -> str | None:
    """A value as a reader reads it: money with thousands separators, figures as written."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict) and "text" in value:  # a figure marked unclear
        return f"{value['text']}（字迹不清）" if value.get("unclear") else str(value["text"])
    if money and isinstance(value, str | int):
        try:
            return f"{Decimal(str(value)):,}"
        except InvalidOperation:
            return str(value)
    if isinstance(value, dict | list):
        return _summary(value)
    return str(value)


def _summary(value: Any) -> str | None:
    """A short name for a whole added or removed item."""
    if value is None:
        return None
    if isinstance(value, dict):
        for key in _LABEL_KEYS:
            if isinstance(value.get(key), str | int) and value.get(key) != "":
                return str(value[key])
        return json.dumps(value, ensure_ascii=False, sort_keys=True)[:200]
    if isinstance(value, list):
        return "、".join(s for s in (_summary(v) for v in value) if s)
    return _text(value)


# ---------------------------------------------------------------- reports
def format_text(found: list[DocumentChanges]) -> str:
    if not found:
        return "与已发布的版本相比没有变化。"
    lines: list[str] = []
    for doc in found:
        count = f"（{len(doc.changes)} 处）" if doc.changes else ""
        lines.append(f"{STATUS_ZH[doc.status]}  {doc.id}  {doc.title}{count}")
        for change in doc.changes:
            lines.append(f"    {change.where}：{describe(change)}")
    return "\n".join(lines)


def describe(change: Change) -> str:
    if change.old is None:
        return f"新增 {_quote(change.new)}"
    if change.new is None:
        return f"删除 {_quote(change.old)}"
    return f"{_quote(change.old)} → {_quote(change.new)}"


def _quote(text: str | None) -> str:
    if text is None or text == "":
        return "（空白）"
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= 120 else one_line[:119] + "…"


def revision_entries(found: list[DocumentChanges], day: str) -> str:
    """A `revisions:` entry to paste into each changed file: the change list in one line."""
    blocks = []
    for doc in found:
        if doc.status != "changed":
            continue
        said = [f"{c.where}：{describe(c)}" for c in doc.changes[:5]]
        more = f"等 {len(doc.changes)} 处" if len(doc.changes) > 5 else ""
        summary = json.dumps("更正 " + "；".join(said) + more, ensure_ascii=False)
        blocks.append(
            f"# content/{doc.id}.yaml\nrevisions:\n  - date: {day}\n    summary: {summary}"
        )
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def format_json(found: list[DocumentChanges]) -> str:
    return json.dumps([d.as_dict() for d in found], ensure_ascii=False, indent=2) + "\n"
