"""Local preview for reviewers: build, serve, watch, rebuild, reload the open browser tab.

- Builds go into a private temporary folder (never output/), drafts included, with a preview
  banner; a small script that listens for rebuilds (server-sent events) is injected into HTML
  responses here only, never into a published build.
- A failed build keeps the server running and shows the errors (file:line:column, message, hint)
  as the page; fixing the file brings the page back by itself.
- PDFs are rendered when first requested and cached until their content changes, so saving a
  file never waits for WeasyPrint.
- Safety: binds 127.0.0.1 by default; answers only GET and HEAD; checks the Host header (DNS
  rebinding); serves only files inside the built folder (no `..`, encoded or not, no symbolic
  links out of it), and lists no directories.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import mimetypes
import shutil
import sys
import tempfile
import threading
import traceback
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_gen import model, pages, pipeline
from site_gen.errors import BuildError, ContentError
from site_gen.html import Renderer, template_dirs
from site_gen.load import LoadedDocument, SitePaths
from site_gen.serve_files import (
    CONTENT_TYPES,
    LOOPBACK,
    MAX_PATH_BYTES,
    MAX_SEGMENT_BYTES,
    RELOAD_PATH,
    error_page,
    inject_reload,
    resolve,
)


def log_line(message: str) -> None:
    """One line on the console: the preview never prints a traceback (temp paths included)."""
    sys.stderr.write(message.replace("\n", " ") + "\n")
    sys.stderr.flush()


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A request that failed: one line instead of socketserver's traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            log_line(f"预览：浏览器已断开连接（{type(exc).__name__}）")
        else:
            log_line(f"预览：处理请求时出错（{type(exc).__name__}: {exc}）")


@dataclass
class PageCache:
    """Parsed documents by file and rendered pages by route, kept between the preview's rebuilds.

    A page is rendered again only when its inputs changed: its document's bytes, the theme's
    templates, site.yaml, or the site's shape (years and publishers in the navigation).
    """

    documents: dict[Path, LoadedDocument] = field(default_factory=dict)
    rendered: dict[str, tuple[str, str]] = field(default_factory=dict)  # route: (key, html)
    shared: str = ""  # digest of what every page depends on
    every_document: str = ""  # what a listing page depends on as well: every document

    def begin(self, site: model.Site, paths: SitePaths) -> None:
        digest = hashlib.sha256(paths.site_file.read_bytes() if paths.site_file.exists() else b"")
        digest.update(repr((site.years, [p.id for p in site.publishers_in_use()])).encode())
        for directory in template_dirs(paths.templates):
            for file in sorted(directory.rglob("*")):
                if file.is_file():
                    digest.update(file.relative_to(directory).as_posix().encode())
                    digest.update(file.read_bytes())
        self.shared = digest.hexdigest()
        self.every_document = ",".join(f"{e.source}={e.digest}" for e in site.entries)

    def key(self, page: pages.Page) -> str:
        """What a page depends on: its own document, or (listing pages) every document."""
        if page.entry is not None:
            return f"{self.shared}:{page.entry.digest}"
        return f"{self.shared}:{self.every_document}"

    def get(self, page: pages.Page) -> str | None:
        key, html = self.rendered.get(page.route, ("", ""))
        return html if key == self.key(page) else None

    def put(self, page: pages.Page, html: str) -> None:
        self.rendered[page.route] = (self.key(page), html)


class Preview:
    """The state of one preview session: the last good build, the last error, and waiters."""

    def __init__(
        self, root: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False
    ) -> None:
        self.root = root.resolve()
        self.verbose = verbose
        self.host = host
        self.port = port
        self.workdir = Path(tempfile.mkdtemp(prefix="site-gen-preview-"))
        self.site_dir = self.workdir / "site"
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
        options = pipeline.BuildOptions(
            output=self.site_dir,
            with_pdf=False,
            with_search=False,
            preview=True,
            include_drafts=True,
        )
        try:
            with self.build_lock:
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
        with self.changed:
            if result is not None:
                self.result = result
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
                self.pdf_cache[key] = pipeline.render_pdf(renderer, entry, paths)
            return self.pdf_cache[key]

    def changed_since(self, generation: int) -> bool:
        return self.generation != generation or self.stopping.is_set()

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
                log_line(f"预览：监视文件时出错，继续监视（{type(exc).__name__}: {exc}）")
                self.stopping.wait(0.5)

    # ------------------------------------------------------------ serving
    def start(self) -> None:
        self.rebuild()
        handler = type("Handler", (PreviewHandler,), {"preview": self})
        self.httpd = PreviewServer((self.host, self.port), handler)
        self.port = self.httpd.server_address[1]
        # A short poll interval so that stop() returns at once (shutdown waits for one poll).
        serve = functools.partial(self.httpd.serve_forever, poll_interval=0.05)
        threading.Thread(target=serve, daemon=True).start()
        threading.Thread(target=self.watch, daemon=True).start()

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
        """Refuse requests addressed to another host name (DNS rebinding)."""
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host[1:].split("]")[0]
        allowed = LOOPBACK | {self.preview.host.lower()}
        if name not in allowed:
            return False
        origin = self.headers.get("Origin")
        if origin:
            origin_host = (urlsplit(origin).hostname or "").lower()
            return origin_host in allowed
        return True

    def handle_get(self, head: bool) -> None:
        if not self.host_allowed():
            self.send_error(400, "Bad Host")
            return
        path = urlsplit(self.path).path
        if path == RELOAD_PATH:
            self.stream_reloads()
            return
        decoded = unquote(path).encode("utf-8", "surrogateescape")
        if len(decoded) > MAX_PATH_BYTES or any(
            len(segment) > MAX_SEGMENT_BYTES for segment in decoded.split(b"/")
        ):
            log_line(f"预览：网址过长（{len(decoded)} 字节），已拒绝")
            self.send_error(414, "URI Too Long")
            return
        try:
            target = resolve(self.preview.site_dir, path)
        except (OSError, ValueError) as exc:
            log_line(f"预览：无法解析网址（{type(exc).__name__}），已拒绝")
            self.send_error(400, "Bad Request")
            return
        if target is None:
            self.send_error(404, "Not Found")
            return
        route, file = target
        if self.preview.error and route.endswith(".html"):
            self.send_body(500, error_page(self.preview.error).encode("utf-8"), ".html", head)
            return
        if route.endswith(".pdf"):
            try:
                data = self.preview.render_pdf(route)
            except BuildError as exc:
                self.send_body(500, error_page(exc.format()).encode("utf-8"), ".html", head)
                return
            if data is None:
                self.send_error(404, "Not Found")
                return
            self.send_body(200, data, ".pdf", head)
            return
        if file is None:
            self.send_error(404, "Not Found")
            return
        data = file.read_bytes()
        if route.endswith(".html"):
            data = inject_reload(data)
        self.send_body(200, data, file.suffix, head)

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
