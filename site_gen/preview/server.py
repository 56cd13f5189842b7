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
- The site lives in memory (issue 29): a rebuild takes the pages its edit does not reach, with
  their ids and links, from its page cache, and hands the server the new set of files as soon
  as the site is loaded and planned; a page the edit reaches is rendered when first asked for
  (build.memory), and the rest right after, before the link check. Nothing is written to disk;
  requests during the load get the last good files, never a mixture of two builds. A newer
  save stops that finishing midway (site_gen.interrupt). A build the watcher asks for looks
  only at the files its report names (load.watched); every file is looked at again once the
  edit is served, and a change the report missed makes the preview build again.
- Safety (preview.handler): binds 127.0.0.1 by default; answers only GET and HEAD; checks the
  Host header (DNS rebinding); serves only the build's own files (no `..`, encoded or not;
  nothing read from disk), and lists no directories.
"""

from __future__ import annotations

import functools
import gc
import shutil
import tempfile
import threading
import traceback
import webbrowser
from collections.abc import Callable, Mapping
from pathlib import Path

from site_gen import interrupt
from site_gen.build import pipeline
from site_gen.build.kept_site import PageCache, settle_memory
from site_gen.errors import BuildError, ContentError, Problem, say_new_warnings
from site_gen.load import SitePaths
from site_gen.load import watched as watched_files
from site_gen.pdf import annexes
from site_gen.preview.handler import PreviewHandler, PreviewServer, log_line
from site_gen.preview.review import Review
from site_gen.web import pages, search
from site_gen.web.html import Renderer


class Preview:
    """The state of one preview session: the last good build, the last error, and waiters."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        verbose: bool = False,
        since: str | None = None,
        say: Callable[[str], None] = log_line,
    ) -> None:
        self.root = root.resolve()
        self.say = say  # the console (report_warnings)
        self.warned: set[str] | None = None  # the warnings said so far (None: no build yet)
        self.review = Review(self.root, since)
        self.indexed = -1  # the generation the search index was made for
        self.verbose = verbose
        self.host = host
        self.port = port
        # Private: the build's lock, and the pages handed to Pagefind when search is first used.
        self.workdir = Path(tempfile.mkdtemp(prefix="site-gen-preview-"))
        # The last good build's files by route; a rebuild replaces the whole mapping at once,
        # so a request sees one build or the next, never a mixture.
        self.files: Mapping[str, bytes] = {}
        self.generation = 0
        self.builds = 0  # builds made (settle_memory)
        self.error: str = ""
        self.result: pipeline.BuildResult | None = None
        self.changed = threading.Condition()
        self.pdf_cache: dict[tuple[str, str], bytes] = {}
        self.page_cache = PageCache()
        self.lock = threading.Lock()
        self.build_lock = threading.Lock()  # the watcher and a request may both ask for a build
        self.httpd: PreviewServer | None = None
        self.stopping = threading.Event()
        self.superseded = threading.Event()  # a newer build is waiting (rebuild)
        # What the watcher said changed since content/ was last looked at whole (load.watched);
        # None: not known (no watcher listening yet, a build failed, or a look found a change
        # the watcher did not report): the next build looks at every file.
        self.told: set[str] | None = None
        self.told_lock = threading.Lock()
        self.watching = False  # the watcher is listening (what it hears goes to `told`)

    # ------------------------------------------------------------ building
    def rebuild(self, background: bool = False, asked_by_watcher: bool = False) -> bool:
        """Build, serve the build as soon as its site is loaded and planned (a page not yet
        rendered is rendered when first asked for: build.memory), then finish it (the other
        pages, the link check) before the next build may start. With `background` (the
        watcher's) the finishing runs in a thread of its own, and a newer save stops it
        between two pages: the reviewer's next edit does not wait for the last one's pages.
        `asked_by_watcher`: a build the watcher asked for may take its report as what changed."""
        self.superseded.set()  # a build finishing in the background stops at its next page
        self.build_lock.acquire()  # released when this build is finished (finish)
        self.superseded.clear()
        try:
            trusted = self.take_report(asked_by_watcher)
            result, error = self.serve_build()
            if result is None:  # what the load saw is not known: look at every file next time
                self.forget_report()
        except BaseException:
            self.forget_report()
            self.build_lock.release()
            raise
        if result is None or result.finish is None:
            self.build_lock.release()
            return not error
        if background:
            finishing = (result, self.superseded, trusted)
            threading.Thread(target=self.finish, args=finishing, daemon=True).start()
            return not error
        finished = self.finish(result, None, trusted)  # asked for: finished whatever comes
        return finished and not error

    def take_report(self, asked_by_watcher: bool) -> bool:
        """Hand the build what the watcher said changed, if it may trust it (load.watched);
        else this build looks at every file, and what the watcher says from now on is what
        changed since. Whether the build was handed a report."""
        with self.told_lock:
            told = frozenset(self.told) if asked_by_watcher and self.told is not None else None
            if told is None:
                self.told = set() if self.watching else None
        self.page_cache.told = told
        return told is not None

    def forget_report(self) -> None:
        with self.told_lock:
            self.told = None

    def look_at_everything(self, stop: threading.Event | None) -> bool:
        """After a build that took the watcher's report: look at every content file, as the
        report said nothing else changed. False if something it did not say changed (then
        nothing more is taken from it until a build has looked at every file); True too when
        a newer build stops the look (what was said is kept for it)."""
        with self.told_lock:
            said = self.told
            if said is None:  # nothing is taken from the watcher until a build looks at all
                return True
            self.told = set()
        cache = self.page_cache
        try:
            with interrupt.stops_when(stop):
                same = watched_files.unchanged(self.root, cache.entries.listing, cache.documents)
        except interrupt.Superseded:
            with self.told_lock:
                if self.told is not None:
                    self.told |= said
            return True
        if not same:
            self.forget_report()
            log_line("预览：有改动未被文件监视报告，已重新检查全部文件")
        return same

    def serve_build(self) -> tuple[pipeline.BuildResult | None, str]:
        """Build up to the point where its files can be served, and serve them."""
        options = pipeline.BuildOptions(
            output=self.workdir / "site",  # only its lock: the files stay in memory
            with_pdf=False,
            with_search=False,
            preview=True,
            include_drafts=True,
            defer=True,
        )
        try:
            result, error = pipeline.build(self.root, options, self.page_cache), ""
        except Exception as exc:  # noqa: BLE001 - the preview must keep running and say why
            result, error = None, self.failure(exc)
        if result is not None:
            try:
                self.review.update(result.site, result.broken)
            except Exception as exc:  # noqa: BLE001 - a review panel never stops the preview
                log_line(f"预览：比较修改时出错（{type(exc).__name__}: {exc}）")
        self.publish(result, error)
        return result, error

    def finish(
        self, result: pipeline.BuildResult, stop: threading.Event | None, trusted: bool = False
    ) -> bool:
        """Make a served build's remaining pages and check its links, unless `stop` is set
        first (a newer build supersedes it); then release the build lock that rebuild took
        (from whichever thread). False if it failed (shown like a failed build). A build that
        took the watcher's report looks at every file first, and builds again if the report
        missed a change."""
        assert result.finish is not None
        missed = False
        try:
            missed = trusted and not self.look_at_everything(stop)
            if result.finish(stop):
                self.report_warnings(result.warnings)
                settle_memory(self.builds)
                self.builds += 1
            return True
        except Exception as exc:  # noqa: BLE001 - as a failed build: say why
            self.publish(None, self.failure(exc))
            return False
        finally:
            result.finish = None  # the result no longer holds the build's closure
            self.build_lock.release()
            if missed and not self.stopping.is_set():
                threading.Thread(target=self.rebuild, args=(True,), daemon=True).start()

    def report_warnings(self, warnings: list[Problem]) -> None:
        """Say on the console every warning of the first build, then those each later build
        finds that were not said before (what the reviewer's edit brought), as `build` words
        them. Said once a build is finished: the checks across documents come after serving."""
        self.warned = say_new_warnings([p.format() for p in warnings], self.warned, self.say)

    def publish(self, result: pipeline.BuildResult | None, error: str) -> None:
        """Serve a build's files from now on (or keep the last good ones and show `error`)."""
        with self.changed:
            if result is not None:
                self.result = result
                self.files = result.memory if result.memory is not None else {}
            self.error = error
            self.generation += 1
            self.changed.notify_all()

    def failure(self, exc: Exception) -> str:
        """What the reviewer is told of a build (or a page made on request) that failed."""
        if isinstance(exc, ContentError):
            return "\n".join(p.format() for p in exc.problems)
        if isinstance(exc, BuildError):
            return exc.format()
        error = f"内部错误：{type(exc).__name__}: {exc}\n这是 site_gen 的缺陷，请报告。"
        log_line(error.splitlines()[0])
        if self.verbose:
            traceback.print_exc()
        return error

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
                for route in files:  # only the pages are read (a workbook is made when read)
                    if route.endswith(".html"):
                        target = folder.joinpath(*route.split("/"))  # routes checked by the build
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(files[route])
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
            self.forget_report()  # what was said while no one listened is not known
            folders = [
                p
                for p in (self.root / "content", self.root / "templates", self.root / "site.yaml")
                if p.exists()
            ]
            try:
                # A save is seen within 10 ms of its last write (step), a burst of writes is
                # grouped for at most 100 ms (debounce): an editor's save is one build.
                self.watching = True
                for changes in watch(*folders, stop_event=self.stopping, debounce=100, step=10):
                    with self.told_lock:
                        if self.told is not None:
                            self.told.update(path for _change, path in changes)
                    self.rebuild(background=True, asked_by_watcher=True)
            except Exception as exc:  # noqa: BLE001 - keep watching whatever happened
                self.watching = False
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
        self.superseded.set()  # a build finishing in the background stops
        gc.unfreeze()  # the collector sees everything again (settle_memory)
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
