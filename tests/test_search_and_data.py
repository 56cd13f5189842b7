"""Find and reuse: Chinese full-text search in a real browser, open data (JSON round trip, CSV
for Excel), data index, Atom feed, sitemap and robots.txt."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_gen.load import load_document, load_site
from site_gen.web import search as search_index
from tests.conftest import ROOT, SAMPLES, launch_chromium

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def serving(folder: Path) -> Iterator[str]:
    """A built site on a loopback port (search needs http: browsers block it on file://)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    yield from serving(built)


def wait_for_status(page, url: str, done: str, timeout: float = 15000) -> None:  # type: ignore[no-untyped-def]
    """Open url and wait for the search status to match done. When it does not, the failure
    says what the browser saw: its console errors, script errors and failed requests."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    seen: list[str] = []
    page.on(
        "console",
        lambda m: (
            seen.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda e: seen.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: seen.append(f"request failed: {r.url} {r.failure}"))
    page.on(
        "response", lambda r: seen.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None
    )
    page.goto(url)
    try:
        page.wait_for_function(
            f"() => /{done}/.test(document.getElementById('search-status').textContent)",
            timeout=timeout,
        )
    except PlaywrightTimeout:
        pass
    else:
        if "出错" in done or "出错" not in (page.text_content("#search-status") or ""):
            return
    status = page.text_content("#search-status")
    raise AssertionError(f"search status {status!r} (waited for {done}); the browser saw: {seen}")


def search(
    base: str, query: str, filters: str = "", done: str = "找到|没有找到|无法加载"
) -> tuple[str, list[str]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        wait_for_status(page, f"{base}search.html?q={query}{filters}", done)
        status = page.text_content("#search-status") or ""
        links = page.eval_on_selector_all(
            "#search-results a", "els => els.map(e => e.getAttribute('href'))"
        )
        browser.close()
    return status, links


@pytest.mark.slow
def test_search_finds_chinese_words_inside_sentences(server: str) -> None:
    status, links = search(server, "稳岗")
    assert status.startswith("找到")
    assert any("2020/qingdao-targets-completion" in link and "#key-1" in link for link in links), (
        links
    )
    status, links = search(server, "核酸检测")
    assert any("2021/weihai-etdz-key-projects" in link and "#p5" in link for link in links), links


@pytest.mark.slow
def test_search_filters_and_no_match(server: str) -> None:
    status, links = search(server, "预算", "&year=2018年")
    assert links and all("2018/" in link for link in links)
    status, links = search(server, "鼴鼷")
    assert status == "没有找到与“鼴鼷”相关的内容。" and links == []


@pytest.mark.slow
def test_published_json_round_trips_to_the_same_model(built_pages: Path) -> None:
    site, _ = load_site(ROOT)
    for entry in site.entries:
        path = built_pages / f"{entry.year}/{entry.slug}.json"
        loaded = load_document(path, path.name)
        assert loaded.problems == []
        assert loaded.doc == entry.doc.__class__(
            **{**entry.doc.__dict__, "publisher": entry.publisher.name, "year": entry.year}
        )


def test_csv_opens_in_excel(built_pages: Path) -> None:
    data = (built_pages / "2021/weihai-etdz-key-projects.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads Chinese correctly
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["表序号", "表名", "部分", "行", "列", "内容", "标注"]
    project = ["1", "乡村振兴工作经费", "基本情况"]
    assert project + ["2", "项目编码", "109014(2021)022", ""] in rows
    assert project + ["9", "项目总金额（元）", "7000000", ""] in rows
    indicator = ["1", "乡村振兴工作经费", "绩效指标", "1"]
    assert indicator + ["三级指标", "建设2021年美丽乡村示范村数量", ""] in rows
    # neutralised: Excel reads it as text, not as a formula (issue 30)
    assert indicator + ["指标值", "'=3个", ""] in rows
    assert sum(1 for r in rows if r[2] == "绩效指标" and r[4] == "三级指标") == 131


@pytest.mark.slow  # needs the build with PDFs
def test_data_index_lists_every_document(built: Path) -> None:
    index = json.loads((built / "data/index.json").read_text(encoding="utf-8"))
    ids = {d["id"] for d in index["documents"]}
    assert ids == set(SAMPLES.values())
    for document in index["documents"]:
        for route in document["files"].values():
            assert (built / route).exists()
        assert document["urls"]["html"].startswith("https://example.gov.cn/jxgk/")
    assert json.loads((built / "data/schema.json").read_text(encoding="utf-8"))["oneOf"]


def test_feed_sitemap_robots(built_pages: Path) -> None:
    feed = ET.parse(built_pages / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(SAMPLES)
    # Newest first: documents without a publication date are placed by their year.
    assert entries[0].find(f"{ATOM}title").text == "部门预算项目支出绩效自评表(2023年度)"
    assert entries[1].find(f"{ATOM}title").text == "青岛：锻造模范机关 走好第一方阵"
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith("https://example.gov.cn/jxgk/")
    urls = [u.find(f"{SITEMAP}loc").text for u in ET.parse(built_pages / "sitemap.xml").getroot()]
    assert "https://example.gov.cn/jxgk/2021/weihai-etdz-key-projects.html" in urls
    assert all(u.startswith("https://example.gov.cn/jxgk/") for u in urls)
    assert not any(u.endswith("404.html") for u in urls)
    assert "Sitemap: https://example.gov.cn/jxgk/sitemap.xml" in (
        built_pages / "robots.txt"
    ).read_text(encoding="utf-8")


@pytest.mark.slow
def test_search_results_read_in_chinese_with_the_words_marked(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 390, "height": 900})
        wait_for_status(page, f"{server}search.html?q=核酸检测", "找到", 30000)
        first = page.locator("#search-results > li").first
        facts = first.locator(".result-facts").inner_text()
        marks = first.locator("mark").all_inner_texts()
        excerpts = page.locator("#search-results .excerpt").all_inner_texts()
        titles = page.locator("#search-results a.sub-result").all_inner_texts()
        wait_for_status(page, f"{server}search.html?q=稳岗", "找到", 30000)
        titles += page.locator("#search-results a.sub-result").all_inner_texts()
        browser.close()
    assert facts == "2021年｜威海经济技术开发区财政金融局｜项目支出绩效目标表"
    assert marks and set(marks) == {"核酸检测"}  # the query, highlighted
    for excerpt in excerpts:  # Chinese separators, not an English ". "
        assert not re.search(r"[\u3400-\u9fff]\.\s|^\.\s|\.\s[\u3400-\u9fff]", excerpt), excerpt
    assert "重点目标 1 加大资金支持力度保居民就业" in titles
    assert not any(t.endswith("已完成") for t in titles)  # link text apart from the badge


def _search_page(base: str, query: str) -> dict[str, object]:
    """The results of a query: each link, and the excerpt text under it with its marked words."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        wait_for_status(page, f"{base}search.html?q={query}", "找到|没有找到|无法加载")
        results = page.eval_on_selector_all(
            "#search-results > li",
            """items => items.map(li => ({
                 link: li.querySelector('a').getAttribute('href'),
                 excerpt: li.querySelector('.excerpt').textContent,
                 marks: [...li.querySelectorAll(':scope > .excerpt mark')].map(m => m.textContent)}))""",
        )
        browser.close()
    return {"results": results}


@pytest.mark.slow
def test_a_result_contains_every_word_of_the_query(server: str) -> None:
    """Issue 31: 稳岗 no longer finds the weihai page (it has 稳定 and 岗位 apart); budget no
    longer finds the B of “(B/A)”; two words find only pages that have both."""
    found = _search_page(server, "稳岗")["results"]
    links = [r["link"] for r in found]  # type: ignore[index]
    assert links and all("qingdao-targets-completion" in link for link in links), links
    assert all("稳岗" in r["marks"] for r in found)  # type: ignore[index]
    assert all("稳岗" in r["excerpt"] and "｜" not in r["excerpt"][:1] for r in found)  # type: ignore[index]
    assert _search_page(server, "budget")["results"] == []
    # the page's metadata line (发布日期 原文未注明) and site_gen's badges are not the document
    assert _search_page(server, "原文未注明")["results"] == []
    both = [r["link"] for r in _search_page(server, "核酸检测 乡村振兴")["results"]]  # type: ignore[index]
    one = [r["link"] for r in _search_page(server, "核酸检测")["results"]]  # type: ignore[index]
    pages = {link.split("?")[0] for link in both}  # the landing's words differ, not the page
    assert pages and pages <= {link.split("?")[0] for link in one}
    assert all("weihai" in page for page in pages)


@pytest.mark.slow
def test_the_page_a_result_leads_to_marks_the_words_and_shows_the_first(server: str) -> None:
    from playwright.sync_api import sync_playwright

    (hit,) = [r for r in _search_page(server, "核酸检测")["results"]][:1]  # type: ignore[index]
    assert "hl=" in hit["link"]
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(server + hit["link"].lstrip("/"))
        page.wait_for_selector("mark.search-hit")
        marks = page.eval_on_selector_all("mark.search-hit", "ms => ms.map(m => m.textContent)")
        first = page.eval_on_selector(
            "mark.search-hit-first",
            "m => { const r = m.getBoundingClientRect(); return [r.top, r.bottom]; }",
        )
        browser.close()
    assert marks and all(m == "核酸检测" for m in marks)
    assert first[0] >= 0 and first[1] <= 800  # scrolled into view


@pytest.mark.slow
def test_a_site_indexed_in_parts_finds_what_one_index_finds(
    built: Path, server: str, tmp_path: Path
) -> None:
    """Issue 29: a province's site is indexed in parts (each Pagefind run holds its part in
    memory, not the site); the search page merges them and orders results by the words, so the
    results are the one index's, in the same order."""
    parted = tmp_path / "parted"
    shutil.copytree(built, parted)
    shutil.rmtree(parted / search_index.INDEX_DIR)
    search_index.index_site(parted, shard_pages=2)  # 7 document pages: 4 parts
    listed = json.loads((parted / search_index.INDEX_DIR / search_index.SHARDS).read_text("utf-8"))
    assert listed == ["part-2/", "part-3/", "part-4/"]
    single = json.loads((built / search_index.INDEX_DIR / search_index.SHARDS).read_text("utf-8"))
    assert single == []
    for base in serving(parted):
        for query in ("稳岗", "核酸检测", "预算", "核酸检测 乡村振兴", "绩效目标", "budget"):
            assert _search_page(base, query) == _search_page(server, query), query
        assert search(base, "预算", "&year=2018年") == search(server, "预算", "&year=2018年")


def _answer(message_id: int | None, payload: dict[str, object]) -> bytes:
    import base64

    body = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(body).encode()) + b","


def test_the_indexing_service_reader_answers_each_request_and_never_hangs() -> None:
    """Pagefind's answers are read as they come (the library waited 0.1 s before each one), an
    answer over 2 MiB too (the index files of a part are one); an error answers its request; when Pagefind ends mid-way every waiting request fails instead
    of waiting for ever."""
    import asyncio
    from types import SimpleNamespace

    async def run() -> list[object]:
        stdout = asyncio.StreamReader()
        stdout.feed_data(_answer(1, {"type": "AddFile", "page_word_count": 3}))
        large = _answer(
            4, {"type": "GetFiles", "files": [{"path": "a", "content": "x" * (3 << 20)}]}
        )
        for at in range(0, len(large), 100_000):  # over the library's 2 MiB, in pieces
            stdout.feed_data(large[at : at + 100_000])
        stdout.feed_data(_answer(2, {"type": "Error", "message": "bad html"}))
        stdout.feed_data(b"partial")
        stdout.feed_eof()
        service = search_index._service_class().__new__(search_index._service_class())
        loop = asyncio.get_running_loop()
        service._backend = SimpleNamespace(stdout=stdout)
        service._responses = {n: loop.create_future() for n in (1, 2, 3, 4)}
        await asyncio.wait_for(service._wait_for_responses(), timeout=5)
        out: list[object] = []
        for future in service._responses.values():
            out.append(future.exception() or future.result())
        return out

    first, second, third, fourth = asyncio.run(run())
    assert first == {"type": "AddFile", "page_word_count": 3}
    assert fourth["files"][0]["content"] == "x" * (3 << 20)  # type: ignore[index]
    assert isinstance(second, RuntimeError) and "bad html" in str(second)
    assert isinstance(third, RuntimeError) and "中断" in str(third)


@pytest.mark.slow
def test_every_index_file_is_whole_and_a_cut_one_ends_the_search_with_a_message(
    built: Path, tmp_path: Path
) -> None:
    """The index is written by site_gen from what Pagefind hands back (Pagefind's own writer
    answers before its files are on disk, and a service ended at once left files cut short):
    every compressed file of it reads to its end. A file cut short anyway (a copy interrupted)
    ends the search with a message instead of a page that says it is loading for ever."""
    import gzip

    index = built / search_index.INDEX_DIR
    compressed = sorted(p for p in index.rglob("*") if p.suffix.startswith(".pf_"))
    assert len(compressed) > 5
    for path in compressed:
        assert gzip.decompress(path.read_bytes()), path  # raises when cut short
    cut = tmp_path / "cut"
    shutil.copytree(built, cut)
    for path in (cut / search_index.INDEX_DIR / "fragment").iterdir():
        path.write_bytes(path.read_bytes()[:20])
    for base in serving(cut):
        status, links = search(base, "稳岗", done="出错")
    assert "索引的一部分无法加载" in status and links == []
