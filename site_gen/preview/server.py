"""Local preview for reviewers: build, serve, watch, rebuild, reload the open browser tab.

- Builds go into a private temporary folder (never output/), drafts included, with a preview
  banner; a small script that listens for rebuilds (server-sent events) is injected into HTML
  responses here only, never into a published build.
- A failed build keeps the server running and shows the errors (file:line:column, message, hint)
  as the page; fixing the file brings the page back by itself.
- A content file with errors shows them on its own page; the other pages keep working. Errors
  outside content files (site.yaml, the theme) show on every page.
- Each page says what changed against the last publication (output/, or --since), with the
  changed values highlighted; /__site_gen_changes.html lists every change (review.py).
- PDFs and the search index are made when first requested and kept until the content changes,
  so saving a file never waits for WeasyPrint or Pagefind.
- The site lives in memory (issue 29): a rebuild renders only the pages its edit reaches, takes
  the others with their ids and links from its page cache, and hands the server a new set of
  files at once; nothing is written to disk, and requests meanwhile get the last good files.
- Safety: binds 127.0.0.1 by default; answers only GET and HEAD; checks the Host header (DNS
  rebinding); serves only the build's own files (no `..`, encoded or not; nothing read from
  disk), and lists no directories.
"""

from __future__ import annotations

import functools
import http.server
import mimetypes
import posixpath
import shutil
import sys
import tempfile
import threading
import traceback
import webbrowser
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_gen.build import pipeline
from site_gen.errors import BuildError, ContentError
from site_gen.load import SitePaths
from site_gen.pdf import annexes
from site_gen.preview.files import (
    CONTENT_TYPES,
    MAX_PATH_BYTES,
    MAX_SEGMENT_BYTES,
    RELOAD_PATH,
    allowed_host,
    error_page,
    inject_panel,
    inject_reload,
    not_found_page,
    resolve,
)
from site_gen.preview.page_cache import PageCache
from site_gen.preview.review import CHANGES_PATH, STYLE, Review
from site_gen.web import pages, search
from site_gen.web.html import Renderer


def log_line(message: str) -> None:
    """One line on the console: the preview never prints a traceback (temp paths included)."""
    sys.stderr.write(message.replace("\n", " ") + "\n")
    sys.stderr.flush()


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # A browser opening a page asks for its stylesheet, script and images at once, and a
    # reviewer may have several tabs: the socket's queue must not overflow (the default is 5).
    request_queue_size = 256

    def handle_error(self, request: object, client_address: object) -> None:
        """A request that failed: one line instead of socketserver's traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            log_line(f"预览：浏览器已断开连接（{type(exc).__name__}）")
        else:
            log_line(f"预览：处理请求时出错（{type(exc).__name__}: {exc}）")


class Preview:
    """The state of one preview session: the last good build, the last error, and waiters."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        verbose: bool = False,
        since: str | None = None,
    ) -> None:
        self.root = root.resolve()
        self.review = Review(self.root, since)
        self.indexed = -1  # the generation the search index was made for
        self.verbose = verbose
        self.host = host
        self.port = port
        # Private: the build's lock, and the pages handed to Pagefind when search is first used.
        self.workdir = Path(tempfile.mkdtemp(prefix="site-gen-preview-"))
        # The last good build's files by route; a rebuild replaces the whole mapping at once,
        # so a request sees one build or the next, never a mixture.
        self.files: dict[str, bytes] = {}
        self.generation = 0
        self.error: str = ""
        self.result: pipeline.BuildResult | None = None
        self.changed = threading.Condition()
        self.pdf_cache: dict[tuple[str, str], bytes] = {}
        self.page_cache = PageCache()
        self.lock = threading.Lock()
        self.build_lock = threading.Lock()  # the watcher and a request may both ask for a build
        self.httpd: PreviewServer | None = None
        self.stopping = threading.Event()

    # ------------------------------------------------------------ building
    def rebuild(self) -> bool:
        try:
            with self.build_lock:
                options = pipeline.BuildOptions(
                    output=self.workdir / "site",  # only its lock: the files stay in memory
                    with_pdf=False,
                    with_search=False,
                    preview=True,
                    include_drafts=True,
                )
                result = pipeline.build(self.root, options, self.page_cache)
            error = ""
        except ContentError as exc:
            result, error = None, "\n".join(p.format() for p in exc.problems)
        except BuildError as exc:
            result, error = None, exc.format()
        except Exception as exc:  # noqa: BLE001 - the preview must keep running and say why
            result = None
            error = f"内部错误：{type(exc).__name__}: {exc}\n这是 site_gen 的缺陷，请报告。"
            log_line(error.splitlines()[0])
            if self.verbose:
                traceback.print_exc()
        if result is not None:
            try:
                self.review.update(result.site, result.broken)
            except Exception as exc:  # noqa: BLE001 - a review panel never stops the preview
                log_line(f"预览：比较修改时出错（{type(exc).__name__}: {exc}）")
        with self.changed:
            if result is not None:
                self.result = result
                self.files = result.memory or {}  # served from now on
            self.error = error
            self.generation += 1
            self.changed.notify_all()
        return not error

    def render_pdf(self, route: str) -> bytes | None:
        """Render the PDF of the document at `route` on demand; cached by content digest."""
        result = self.result
        if result is None:
            return None
        entry = next((e for e in result.site.entries if pages.pdf_route(e) == route), None)
        if entry is None:
            return None
        key = (route, f"{entry.digest}:{self.generation}")
        with self.lock:
            if key not in self.pdf_cache:
                paths = SitePaths(self.root)
                renderer = Renderer(result.site, paths.templates, preview=True)
                self.pdf_cache = {k: v for k, v in self.pdf_cache.items() if k[0] != route}
                self.pdf_cache[key] = annexes.render_pdf(renderer, entry, paths)
            return self.pdf_cache[key]

    def report(self) -> str:
        """What the console says after a build: the errors, or that the pages are current."""
        if self.error:
            return self.error
        broken = self.review.broken
        if broken:
            lines = [p.format() for problems in broken.values() for p in problems]
            return "\n".join([*lines, f"{len(broken)} 个文件有错误，其余页面已重建。"])
        return "已重建。"

    def ensure_search_index(self) -> None:
        """Index the current build for search the first time it is searched: its pages are
        written to a private folder for Pagefind, and the index joins the files in memory."""
        with self.build_lock:
            with self.changed:
                generation, files = self.generation, self.files
            if self.indexed == generation or not files:
                return
            folder = self.workdir / f"search-{generation}"
            try:
                for route, data in files.items():
                    if route.endswith(".html"):
                        target = folder.joinpath(*route.split("/"))  # routes checked by the build
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(data)
                search.index_site(folder)
                index = {
                    path.relative_to(folder).as_posix(): path.read_bytes()
                    for path in sorted((folder / search.INDEX_DIR).rglob("*"))
                    if path.is_file()
                }
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            with self.changed:
                if self.files is files:  # not replaced by a rebuild meanwhile
                    self.files = {**files, **index}
            self.indexed = generation

    def changed_since(self, generation: int) -> bool:
        return self.generation != generation or self.stopping.is_set()

    def report_rebuilds(self, say: Callable[[str], None]) -> None:
        """Say what each rebuild found, until interrupted (the console side of `site-gen serve`)."""
        generation = self.generation
        while True:
            with self.changed:
                self.changed.wait_for(functools.partial(self.changed_since, generation), timeout=1)
                changed, generation = self.generation != generation, self.generation
            if changed:
                say(self.report())

    def watch(self) -> None:
        """Rebuild on every change until stopped; an unexpected failure of the watcher itself
        is logged and watching starts again, so rebuilds never stop silently."""
        from watchfiles import watch

        while not self.stopping.is_set():
            watched = [
                p
                for p in (self.root / "content", self.root / "templates", self.root / "site.yaml")
                if p.exists()
            ]
            try:
                for _changes in watch(*watched, stop_event=self.stopping, debounce=100, step=50):
                    self.rebuild()
            except Exception as exc:  # noqa: BLE001 - keep watching whatever happened
                notice = f"监视文件时出错，已重新开始监视（{type(exc).__name__}: {exc}）"
                log_line(f"预览：{notice}")
                self.review.notice = notice  # shown at the top of every page
                self.stopping.wait(0.5)

    # ------------------------------------------------------------ serving
    def start(self) -> None:
        # Watching starts before the first build: a file saved while it runs, or just after
        # (before a watcher started afterwards would be listening), is built again.
        threading.Thread(target=self.watch, daemon=True).start()
        self.rebuild()
        handler = type("Handler", (PreviewHandler,), {"preview": self})
        self.httpd = PreviewServer((self.host, self.port), handler)
        self.port = self.httpd.server_address[1]
        # A short poll interval so that stop() returns at once (shutdown waits for one poll).
        serve = functools.partial(self.httpd.serve_forever, poll_interval=0.05)
        threading.Thread(target=serve, daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def open_browser(self) -> None:
        webbrowser.open(self.url)


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    preview: Preview
    server_version = "site_gen-preview"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    # only GET and HEAD
    def do_POST(self) -> None:  # noqa: N802
        self.send_error(405, "Method Not Allowed")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST  # noqa: N815

    def do_HEAD(self) -> None:  # noqa: N802
        self.handle_get(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self.handle_get(head=False)

    def host_allowed(self) -> bool:
        """Refuse requests addressed to another host (DNS rebinding)."""
        return allowed_host(
            self.headers.get("Host") or "",
            self.headers.get("Origin"),
            self.preview.host,
            self.preview.port,
        )

    def handle_get(self, head: bool) -> None:
        if not self.host_allowed():
            self.send_error(400, "Bad Host")
            return
        path = urlsplit(self.path).path
        if path == RELOAD_PATH:
            self.stream_reloads()
            return
        if path == CHANGES_PATH:
            page = inject_reload(self.preview.review.changes_page().encode("utf-8"))
            self.send_body(200, page, ".html", head)
            return
        decoded = unquote(path).encode("utf-8", "surrogateescape")
        if len(decoded) > MAX_PATH_BYTES or any(
            len(segment) > MAX_SEGMENT_BYTES for segment in decoded.split(b"/")
        ):
            log_line(f"预览：网址过长（{len(decoded)} 字节），已拒绝")
            self.send_error(414, "URI Too Long")
            return
        target = resolve(self.preview.files, path)
        if target is None:
            self.send_not_found(head)
            return
        route, data = target
        if self.preview.error and route.endswith(".html"):
            self.send_body(500, error_page(self.preview.error).encode("utf-8"), ".html", head)
            return
        problems = self.preview.review.broken.get(route)
        if problems:
            text = "\n".join(p.format() for p in problems)
            self.send_body(500, error_page(text, problems).encode("utf-8"), ".html", head)
            return
        if route.startswith(f"{search.INDEX_DIR}/") and data is None:
            try:
                self.preview.ensure_search_index()
            except BuildError as exc:
                log_line(f"预览：{exc.format()}")
            data = (resolve(self.preview.files, path) or (route, None))[1]
        if route.endswith(".pdf"):
            try:
                data = self.preview.render_pdf(route)
            except BuildError as exc:
                self.send_body(500, error_page(exc.format()).encode("utf-8"), ".html", head)
                return
            if data is None:
                self.send_not_found(head)
                return
            self.send_body(200, data, ".pdf", head)
            return
        if data is None:
            self.send_not_found(head)
            return
        if route.endswith(".html"):
            data = self.decorate(data, route)
        self.send_body(200, data, posixpath.splitext(route)[1], head)

    def decorate(self, data: bytes, route: str) -> bytes:
        """A preview page: the reviewer's panel at the top of <main>, and the reload script."""
        return inject_reload(inject_panel(data, STYLE, self.preview.review.panel(route)))

    def send_not_found(self, head: bool) -> None:
        """The site's own 404 page (Chinese, in the site's look), else a plain Chinese one."""
        data = self.preview.files.get(pages.NOT_FOUND) or not_found_page().encode("utf-8")
        self.send_body(404, self.decorate(data, pages.NOT_FOUND), ".html", head)

    def send_body(self, status: int, data: bytes, suffix: str, head: bool) -> None:
        self.send_response(status)
        kind = (
            CONTENT_TYPES.get(suffix)
            or mimetypes.guess_type(f"x{suffix}")[0]
            or "application/octet-stream"
        )
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def stream_reloads(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview = self.preview
        with preview.changed:
            seen = preview.generation
        try:
            while not preview.stopping.is_set():
                with preview.changed:
                    preview.changed.wait_for(functools.partial(preview.changed_since, seen), 15)
                    current = preview.generation
                if current != seen:
                    seen = current
                    self.wfile.write(f"data: {current}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
