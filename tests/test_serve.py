"""Local preview: live reload in a real browser, errors shown in the page, drafts, and safety
(traversal in every spelling, symlinks, listings, methods, Host and Origin checks)."""

from __future__ import annotations

import http.client
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_gen.preview.server import Preview
from tests.conftest import launch_chromium, write_site
from tests.fixtures_base import NARRATIVE


def start_preview(tmp_path: Path) -> Preview:
    root = write_site(
        tmp_path / "site",
        {
            "2022/a.yaml": NARRATIVE,
            "2022/draft.yaml": NARRATIVE.replace("公开说明", "草稿说明") + "draft: true\n",
        },
    )
    (tmp_path / "secret.txt").write_text("机密", encoding="utf-8")
    server = Preview(root, port=0)
    server.start()
    return server


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    server = start_preview(tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """One preview for the tests that only read from it (requests, headers, refusals)."""
    server = start_preview(tmp_path_factory.mktemp("preview"))
    yield server
    server.stop()


def fails_once(real: Any, error: Exception, calls: list[int]) -> Any:
    """`real`, except that its first call raises `error`; each call is counted in `calls`."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise error
        return real(*args, **kwargs)

    return wrapper


def get(
    preview: Preview, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, bytes, str]:
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=30)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, response.getheader("Content-Type") or ""


@pytest.mark.slow
def test_live_reload_and_errors_in_the_browser(preview: Preview) -> None:
    from playwright.sync_api import sync_playwright

    source = preview.root / "content" / "2022" / "a.yaml"
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        page.goto(f"{preview.url}2022/a.html")
        assert page.text_content("h1") == "公开说明"
        assert "预览" in page.text_content(".preview-banner")

        time.sleep(0.3)  # let the watcher settle before the first edit
        source.write_text(NARRATIVE.replace("公开说明", "修改后的标题"), encoding="utf-8")
        page.wait_for_function(
            "() => document.querySelector('h1') && document.querySelector('h1').textContent === '修改后的标题'",
            timeout=10000,
        )

        source.write_text(NARRATIVE.replace("title: 公开说明", "titel: 公开说明"), encoding="utf-8")
        page.wait_for_selector("#site-gen-errors", timeout=10000)
        errors = page.text_content("#site-gen-errors")
        assert "content/2022/a.yaml:2:1: 错误 [titel] 未知字段 “titel”" in errors
        assert "您是否想写 “title”？" in errors
        # in the site's own design: its stylesheet, one card per problem with the place first
        where = page.text_content(".error-card .error-where") or ""
        assert where.startswith("content/2022/a.yaml:2:1: 错误 [titel]")
        banner = "getComputedStyle(document.querySelector('.preview-banner')).backgroundColor"
        assert page.evaluate(banner) not in ("rgba(0, 0, 0, 0)", "transparent")

        source.write_text(NARRATIVE, encoding="utf-8")
        page.wait_for_function(
            "() => document.querySelector('h1') && document.querySelector('h1').textContent === '公开说明'",
            timeout=10000,
        )
        browser.close()


@pytest.mark.slow
def test_drafts_visible_in_preview_with_banner_and_pdf_on_demand(preview: Preview) -> None:
    status, body, _ = get(preview, "/2022/draft.html")
    assert status == 200 and "草稿 / 预览" in body.decode("utf-8")
    assert "2022/draft.pdf" not in preview.files  # nothing rendered up front
    status, body, kind = get(preview, "/2022/draft.pdf")
    assert status == 200 and kind == "application/pdf" and body.startswith(b"%PDF")
    import io

    import pypdf

    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    assert "草稿" in text  # the watermark
    assert get(preview, "/2022/draft.pdf")[1] == body  # cached


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/2022/..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/assets/%00site.css",
        "/..\\secret.txt",
    ],
)
def test_no_traversal(shared_preview: Preview, path: str) -> None:
    status, body, _ = get(shared_preview, path)
    assert status == 404 and "机密".encode() not in body and b"root:" not in body


def test_nothing_is_served_from_disk(shared_preview: Preview) -> None:
    """The preview answers from the build's files in memory: a file or a link put into its
    private folder (where builds were written before) or into the site is not served."""
    private = shared_preview.workdir / "site"
    private.mkdir(exist_ok=True)
    os.symlink(shared_preview.root.parent / "secret.txt", private / "link.txt")
    (private / "index.html").write_text("机密", encoding="utf-8")
    for path in ("/link.txt", "/site/link.txt", "/secret.txt", "/site.yaml"):
        status, body, _ = get(shared_preview, path)
        assert status == 404 and "机密".encode() not in body, path
    status, body, _ = get(shared_preview, "/")
    assert status == 200 and body.startswith(shared_preview.files["index.html"][:100])


def test_no_listing_methods_and_types(shared_preview: Preview) -> None:
    assert get(shared_preview, "/assets/")[0] == 404  # a folder without index.html: no listing
    assert get(shared_preview, "/2022/")[0] == 200  # a folder with index.html
    assert get(shared_preview, "/", "POST")[0] == 405
    assert get(shared_preview, "/", "DELETE")[0] == 405
    status, body, kind = get(shared_preview, "/", "HEAD")
    assert status == 200 and body == b"" and kind.startswith("text/html")
    assert get(shared_preview, "/2022/a.json")[2] == "application/json; charset=utf-8"
    assert get(shared_preview, "/2022/a.csv")[2] == "text/csv; charset=utf-8"
    assert get(shared_preview, "/assets/site.css")[2] == "text/css; charset=utf-8"


def test_host_and_origin_are_checked(shared_preview: Preview) -> None:
    assert get(shared_preview, "/", headers={"Host": "evil.example"})[0] == 400
    assert get(shared_preview, "/", headers={"Host": f"localhost:{shared_preview.port}"})[0] == 200
    assert get(shared_preview, "/", headers={"Host": "localhost"})[0] == 200
    assert get(shared_preview, "/", headers={"Host": f"[::1]:{shared_preview.port}"})[0] == 200
    for host in ("localhost:1@evil", "localhost@evil", f"localhost:{shared_preview.port}.evil",
                 "localhost:1", "127.0.0.1.evil", "localhost:abc", ""):  # fmt: skip
        assert get(shared_preview, "/", headers={"Host": host})[0] == 400, host
    assert get(shared_preview, "/", headers={"Origin": "http://evil.example"})[0] == 400


def test_binds_loopback_by_default(shared_preview: Preview) -> None:
    assert (
        shared_preview.httpd is not None and shared_preview.httpd.server_address[0] == "127.0.0.1"
    )


@pytest.mark.slow
def test_reload_script_only_in_preview(preview: Preview, tmp_path: Path) -> None:
    assert b"EventSource" in get(preview, "/2022/a.html")[1]
    from site_gen.build import pipeline

    out = tmp_path / "published"
    pipeline.build(preview.root, pipeline.BuildOptions(output=out, with_pdf=False))
    published = (out / "2022" / "a.html").read_text(encoding="utf-8")
    assert "EventSource" not in published and "预览" not in published
    assert not (out / "2022" / "draft.html").exists()


@pytest.mark.slow
def test_serve_command_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    process = subprocess.Popen(
        [sys.executable, "-m", "site_gen", "serve", str(root), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stderr.readline()
    assert line.startswith("预览地址：http://127.0.0.1:")
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=20)
    assert process.returncode == 0 and "预览已停止" in rest


@pytest.mark.slow
def test_rebuild_renders_only_what_changed(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            "2022/a.yaml": NARRATIVE,
            "2022/draft.yaml": NARRATIVE.replace("公开说明", "草稿说明") + "draft: true\n",
        },
    )
    preview = Preview(root, port=0)  # not started: no watcher racing the rebuilds below
    assert preview.rebuild()
    assert preview.result is not None and "2022/draft.html" in preview.result.rendered_pages
    source = preview.root / "content" / "2022" / "a.yaml"
    source.write_text(NARRATIVE.replace("本文件说明", "本文件现在说明"), encoding="utf-8")
    assert preview.rebuild()
    rendered = preview.result.rendered_pages
    assert "2022/a.html" in rendered
    assert "2022/draft.html" not in rendered  # its inputs did not change
    assert "index.html" in rendered  # listings show every document
    assert preview.rebuild()
    assert preview.result.rendered_pages == []  # nothing changed at all
    (preview.root / "site.yaml").write_text(
        (preview.root / "site.yaml").read_text(encoding="utf-8") + "contact: 电话 12345\n",
        encoding="utf-8",
    )
    assert preview.rebuild()
    assert "2022/draft.html" in preview.result.rendered_pages  # site.yaml is everyone's input
    preview.stop()


@pytest.mark.slow
@pytest.mark.parametrize(
    "path", ["/" + "a" * 300 + ".html", "/2022/" + "%E4%B8%AD" * 90, "/" + "b/" * 1100]
)
def test_overlong_urls_get_414_and_one_line(
    preview: Preview, path: str, capfd: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = get(preview, path)
    assert status == 414
    assert get(preview, "/2022/a.html")[0] == 200  # the server goes on
    err = capfd.readouterr().err
    assert "Traceback" not in err and "网址过长" in err


@pytest.mark.slow
def test_a_client_that_disconnects_is_logged_in_one_line(
    preview: Preview, capfd: pytest.CaptureFixture[str]
) -> None:
    """The browser closes the connection while its PDF is rendered: the write fails, and the
    console gets one line, not a traceback with temporary paths."""
    import socket
    import struct

    sock = socket.create_connection(("127.0.0.1", preview.port))
    sock.sendall(b"GET /2022/a.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()  # RST: the server's write of the PDF fails
    deadline = time.monotonic() + 60
    err = ""
    while time.monotonic() < deadline and "断开连接" not in err:
        time.sleep(0.2)
        err += capfd.readouterr().err
    assert "浏览器已断开连接" in err and "Traceback" not in err and str(preview.workdir) not in err
    assert get(preview, "/2022/a.html")[0] == 200


@pytest.mark.slow
def test_the_watcher_survives_an_unexpected_failure(
    preview: Preview, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """An exception nobody expected in a rebuild is shown in the page and logged; the next
    change rebuilds again."""
    from site_gen.build import pipeline

    monkeypatch.setattr(pipeline, "build", fails_once(pipeline.build, RuntimeError("意外故障"), []))
    source = preview.root / "content" / "2022" / "a.yaml"
    time.sleep(0.5)  # let the watcher settle before the first edit
    generation = preview.generation
    source.write_text(NARRATIVE.replace("公开说明", "第一次修改"), encoding="utf-8")
    with preview.changed:
        preview.changed.wait_for(lambda: preview.generation > generation, timeout=20)
    assert "内部错误：RuntimeError: 意外故障" in preview.error
    status, body, _ = get(preview, "/2022/a.html")
    assert status == 500 and "意外故障" in body.decode("utf-8")
    generation = preview.generation
    source.write_text(NARRATIVE.replace("公开说明", "第二次修改"), encoding="utf-8")
    with preview.changed:
        preview.changed.wait_for(lambda: preview.generation > generation, timeout=20)
    assert preview.error == ""
    assert "第二次修改" in get(preview, "/2022/a.html")[1].decode("utf-8")
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.slow
def test_a_failure_of_the_watcher_itself_is_shown_in_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import watchfiles

    calls: list[int] = []
    failing = fails_once(watchfiles.watch, OSError("inotify 监视数已用完"), calls)
    monkeypatch.setattr(watchfiles, "watch", failing)
    server = start_preview(tmp_path)
    try:
        deadline = time.monotonic() + 10
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(calls) >= 2  # watching started again
        status, body, _ = get(server, "/2022/a.html")
        assert status == 200 and "监视文件时出错，已重新开始监视" in body.decode("utf-8")
    finally:
        server.stop()


@pytest.mark.slow
def test_pages_are_served_while_the_site_rebuilds(preview: Preview) -> None:
    """Many readers at once while a file is saved again and again: every request is answered,
    from the last good build, while the next one is made."""
    import concurrent.futures

    source = preview.root / "content" / "2022" / "a.yaml"
    text = source.read_text(encoding="utf-8")
    stop = threading.Event()

    def edit() -> None:
        for i in range(10):  # saved as editors save: a new file renamed over the old one
            saved = source.with_suffix(".tmp")
            saved.write_text(text.replace("公开说明", f"公开说明{i}"), encoding="utf-8")
            os.replace(saved, source)
            preview.rebuild()
        stop.set()

    def read(_: int) -> int:
        return get(preview, "/2022/a.html")[0]

    editor = threading.Thread(target=edit)
    editor.start()
    statuses: list[int] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        while not stop.is_set():
            statuses += list(pool.map(read, range(100), timeout=60))
    editor.join()
    assert statuses and set(statuses) == {200}


@pytest.mark.slow
def test_a_file_saved_while_the_first_build_runs_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Watching starts before the first build: a file saved while it runs (or just after it,
    before a watcher started afterwards would listen) is not missed."""
    from site_gen.build import pipeline

    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    real = pipeline.build
    calls: list[int] = []

    def saving_meanwhile(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        result = real(*args, **kwargs)
        if len(calls) == 1:  # saved as the first build ends, after it read the file
            time.sleep(0.5)
            source = root / "content" / "2022" / "a.yaml"
            source.write_text(NARRATIVE.replace("公开说明", "改过的说明"), encoding="utf-8")
        return result

    monkeypatch.setattr(pipeline, "build", saving_meanwhile)
    server = Preview(root, port=0)
    try:
        server.start()
        deadline = time.monotonic() + 20
        while "改过的说明".encode() not in server.files.get("2022/a.html", b""):
            assert time.monotonic() < deadline, "the saved file was never built"
            time.sleep(0.05)
    finally:
        server.stop()


def test_a_page_older_than_the_served_build_is_reloaded_at_once(preview: Preview) -> None:
    """A page says which build it came from: its reload stream, started after a newer build was
    served (a fast rebuild between the page and the stream), reloads it at once."""
    import re
    import socket

    page = get(preview, "/2022/a.html")[1].decode("utf-8")
    (since,) = re.findall(r"__site_gen_reload\?since=(\d+)", page)
    assert int(since) == preview.generation
    assert preview.rebuild(), preview.error
    with socket.create_connection(("127.0.0.1", preview.port), timeout=5) as stream:
        request = f"GET /__site_gen_reload?since={since} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        stream.sendall(request.encode())
        received = b""
        while b"data:" not in received:
            received += stream.recv(4096)  # a timeout (5 s) fails the test
    assert f"data: {preview.generation}".encode() in received
