"""`site-gen build --watch`: build, then build again after every save until Ctrl-C (issue 29).

The site stays in memory between builds (build.kept_site, as the preview keeps it), so a build
after an edit loads, renders and makes open data only for what the edit reaches, and writes
only the files whose bytes changed (build.resident). A build that fails (an error in a file,
--strict and a warning) writes nothing: output/ keeps the last good build, and the next save
builds again. Each build takes the output's lock (build.site_lock) as any build does.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from site_gen.build import pipeline
from site_gen.build.kept_site import PageCache, settle_memory
from site_gen.errors import BuildError, ContentError, os_error_text, say_new_warnings

UNCHANGED = "（上次生成的网站保持不变，保存修改后会再次生成）"


class Watcher:
    """One `build --watch` session: the kept site, and the warnings said so far."""

    def __init__(
        self,
        root: Path,
        options: pipeline.BuildOptions,
        say: Callable[[str], None],
        verbose: bool = False,
    ) -> None:
        self.root = root
        self.options = dataclasses.replace(options, resident=True)
        self.say = say
        self.cache = PageCache()
        self.said: set[str] | None = None  # warnings said so far (None: no build yet)
        self.built = False  # a build succeeded: later ones say what they changed
        self.verbose = verbose
        self.builds = 0  # builds made (settle_memory)

    def build(self) -> pipeline.BuildResult | None:
        """One build, reported; None if it failed (and output/ was left as it was)."""
        try:
            return self._build()
        finally:
            settle_memory(self.builds)  # no full collection inside the next build
            self.builds += 1

    def _build(self) -> pipeline.BuildResult | None:
        start = time.perf_counter()
        try:
            result = pipeline.build(self.root, self.options, self.cache)
        except ContentError as exc:
            self._say_failure([p.format() for p in exc.problems] + [_counted(exc)])
            return None
        except BuildError as exc:
            self._say_failure([exc.format()])
            return None
        except OSError as exc:  # a full disk, a folder it may not write
            self._say_failure([os_error_text(exc)])
            return None
        except Exception as exc:  # noqa: BLE001 - a defect is said; watching goes on
            if self.verbose:
                traceback.print_exc()
            self._say_failure(
                [f"内部错误：{type(exc).__name__}: {exc}（这是 site_gen 的缺陷，请报告）"]
            )
            return None
        self._say_warnings(result)
        seconds = time.perf_counter() - start
        out = self.options.output
        if self.built:
            changed = len(result.files)
            self.say(
                f"已更新 {out}：{changed} 个文件有改动（{seconds:.1f} 秒）。"
                if changed
                else f"{out} 无需改动（{seconds:.1f} 秒）。"
            )
        else:
            pdfs = f"含 {result.pdfs} 个 PDF 附件" if result.pdfs else "未生成 PDF"
            self.say(
                f"已生成 {result.documents} 份文件的网站到 {out}（{pdfs}，{seconds:.1f} 秒）。"
            )
        self.built = True
        return result

    def _say_failure(self, lines: list[str]) -> None:
        self.say("\n".join([*lines, f"生成失败，未写入任何文件{UNCHANGED}。"]))

    def _say_warnings(self, result: pipeline.BuildResult) -> None:
        """Every warning of the first build, then only new ones, as `build` words them."""
        texts = [p.format() for p in result.warnings]
        texts += [f"警告 {finding}" for finding in result.link_findings]
        self.said = say_new_warnings(texts, self.said, self.say)

    def watch(self, stop: threading.Event | None = None) -> None:
        """Build now, then after every change to the content, the theme or site.yaml, until
        `stop` is set (or Ctrl-C). Watching starts before the first build: a file saved while
        it runs, or just after, is built again."""
        stop = stop or threading.Event()
        changed, listening = threading.Event(), threading.Event()
        listener = threading.Thread(
            target=self._listen, args=(stop, changed, listening), daemon=True
        )
        listener.start()
        try:
            listening.wait(timeout=30)
            self.build()
            self.say("正在监视 content/、templates/ 和 site.yaml 的修改（按 Ctrl-C 停止）。")
            while not stop.is_set():
                if changed.wait(timeout=0.2):  # a short wait: Ctrl-C is seen between two
                    changed.clear()
                    self.build()
        finally:
            stop.set()
            listener.join(timeout=5)
            gc.unfreeze()  # the collector sees everything again (settle_memory)

    def _listen(
        self, stop: threading.Event, changed: threading.Event, listening: threading.Event
    ) -> None:
        """Set `changed` on every save (a burst of writes is one: 100 ms), as the preview
        watches (preview.server); `listening` once the watcher is in place."""
        from watchfiles import watch

        while not stop.is_set():
            names = ("content", "templates", "site.yaml")
            watched = [self.root / name for name in names if (self.root / name).exists()]
            if not watched:  # not a site yet: look again in a second (not output/ itself)
                listening.set()
                if not stop.wait(1.0) and any((self.root / name).exists() for name in names):
                    changed.set()
                continue
            try:
                for changes in watch(
                    *watched,
                    stop_event=stop,
                    debounce=100,
                    step=10,
                    rust_timeout=200,
                    yield_on_timeout=True,  # the first answer says the watcher is listening
                ):
                    listening.set()
                    if changes:
                        changed.set()
            except Exception as exc:  # noqa: BLE001 - keep watching whatever happened
                self.say(f"监视文件时出错，已重新开始监视（{type(exc).__name__}: {exc}）。")
                listening.set()
                changed.set()  # what changed meanwhile is built
                stop.wait(0.5)


def _counted(exc: ContentError) -> str:
    errors = sum(1 for p in exc.problems if p.severity == "error")
    if exc.strict:
        return f"--strict：共 {len(exc.problems) - errors} 处警告。"
    return f"共 {errors} 处错误，{len(exc.problems) - errors} 处警告。"


def run(
    root: Path, options: pipeline.BuildOptions, say: Callable[[str], None], verbose: bool
) -> None:
    """The command: watch until Ctrl-C, then say so."""
    watcher = Watcher(root, options, say, verbose)
    try:
        watcher.watch()
    except KeyboardInterrupt:
        say("已停止监视。")
