"""The preview's HTTP side: one request answered from the build in memory (preview.server
keeps it), with the reviewer's panel and the reload script in its pages, and the server that
runs the handlers. Only GET and HEAD; the Host header checked (DNS rebinding); nothing read
from disk."""

from __future__ import annotations

import functools
import http.server
import mimetypes
import posixpath
import sys
import threading
from collections.abc import Mapping
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from site_gen.errors import BuildError, Problem
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
from site_gen.preview.review import CHANGES_PATH, STYLE, Review
from site_gen.web import pages, search


class Served(Protocol):
    """What a request reads of the preview (preview.server.Preview)."""

    files: Mapping[str, bytes]  # the build's, by route
    error: str  # the last build's failure, shown instead of its pages
    review: Review
    generation: int  # counts builds (the reload stream)
    changed: threading.Condition  # notified with each build
    stopping: threading.Event
    host: str
    port: int

    def failure(self, exc: Exception) -> str: ...
    def ensure_search_index(self) -> None: ...
    def render_pdf(self, route: str) -> bytes | None: ...
    def changed_since(self, generation: int) -> bool: ...


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


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    preview: Served
    generation = 0  # the build a request's page comes from (handle_get)
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
        url = urlsplit(self.path)
        path = url.path
        if path == RELOAD_PATH:
            self.stream_reloads(parse_qs(url.query).get("since", [""])[0])
            return
        # Read before the files: a page says which build it came from, or an older one (then
        # its reload stream reloads it once more), never a newer one (it would miss a reload).
        self.generation = self.preview.generation
        if path == CHANGES_PATH:
            changes = self.preview.review.changes_page().encode("utf-8")
            self.send_body(200, inject_reload(changes, self.generation), ".html", head)
            return
        decoded = unquote(path).encode("utf-8", "surrogateescape")
        if len(decoded) > MAX_PATH_BYTES or any(
            len(segment) > MAX_SEGMENT_BYTES for segment in decoded.split(b"/")
        ):
            log_line(f"预览：网址过长（{len(decoded)} 字节），已拒绝")
            self.send_error(414, "URI Too Long")
            return
        try:
            target = resolve(self.preview.files, path)  # a page not yet rendered is, now
        except Exception as exc:  # noqa: BLE001 - the reviewer sees why, the preview keeps on
            self.send_error_page(self.preview.failure(exc), None, head)
            return
        if target is None:
            self.send_not_found(head)
            return
        route, data = target
        if self.preview.error and route.endswith(".html"):
            self.send_error_page(self.preview.error, None, head)
            return
        problems = self.preview.review.broken.get(route)
        if problems:
            self.send_error_page("\n".join(p.format() for p in problems), problems, head)
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
                self.send_error_page(exc.format(), None, head)
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
        panel = self.preview.review.panel(route)
        return inject_reload(inject_panel(data, STYLE, panel), self.generation)

    def send_error_page(self, text: str, problems: list[Problem] | None, head: bool) -> None:
        page = error_page(text, problems, self.generation).encode("utf-8")
        self.send_body(500, page, ".html", head)

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

    def stream_reloads(self, since: str) -> None:
        """Server-sent events: one each time a build newer than `since` (the generation the
        page came from, if it says) is served."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview = self.preview
        with preview.changed:
            seen = int(since) if since.isdigit() and len(since) < 12 else preview.generation
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
