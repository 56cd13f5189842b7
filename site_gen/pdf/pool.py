"""Where annexes render: a pool of local worker processes (the default), or the workers of a
Dask cluster for a platform that outgrows one machine (`--executor dask://HOST:PORT`).

Every render is independent (pdf.render_job of a picklable pdf.PdfJob), so any
`concurrent.futures.Executor` can run them; the bytes do not depend on which one did. Local
workers get a memory limit and die with the build (a SIGKILLed build leaves none behind);
Dask workers are the cluster's own processes, with the cluster's limits. Errors of every
document are collected, and a render that outlives the time limit fails by name.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from site_gen.errors import BuildError
from site_gen.pdf import (
    MEMORY_LIMIT,
    TIME_LIMIT,
    Annex,
    ConfinedFetchError,
    PdfJob,
    render_job,
    resource,
)

DASK_SCHEME = "dask://"


@contextlib.contextmanager
def executor(spec: str | None, workers: int) -> Iterator[concurrent.futures.Executor]:
    """The executor named by `--executor`: none (local processes), dask://HOST:PORT (a running
    scheduler) or dask://local (a cluster of `workers` processes on this machine, for trying)."""
    if not spec or spec == "local":
        pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(start_method()),
            initializer=_limit_worker,
            initargs=(os.getpid(),),
        )
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return
    if not spec.startswith(DASK_SCHEME):
        raise BuildError(
            f"不认识的执行方式 “{spec}”",
            hint="写 local，或 dask://调度器地址:端口（如 dask://10.0.0.5:8786）",
        )
    try:
        import distributed
    except ImportError as exc:
        raise BuildError("使用 Dask 需要安装可选依赖", hint="pip install 'site_gen[dask]'") from exc
    address = spec[len(DASK_SCHEME) :]
    cluster = None
    try:
        if address == "local":
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(f"tcp://{address}", timeout=30)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise BuildError(
            f"连接不上 Dask 调度器 {address}（{exc}）", hint="检查地址、端口和网络"
        ) from exc
    cluster_pool = client.get_executor(pure=False)
    _clients[id(cluster_pool)] = client
    try:
        yield cluster_pool
    finally:
        del _clients[id(cluster_pool)]
        client.close()
        if cluster is not None:
            cluster.close()


Value = TypeVar("Value")
_clients: dict[int, Any] = {}  # each running Dask executor's client, by the executor's id


def place_everywhere(pool: concurrent.futures.Executor, value: Value) -> Value:
    """`value` as a task argument that is sent to each worker once: on a Dask cluster it is
    placed on every worker (scattered) and a task given the returned handle receives the value
    itself there (so it is typed as the value); a local pool's tasks are given the value."""
    client = _clients.get(id(pool))
    if client is None:
        return value
    placed: Value = client.scatter(value, broadcast=True, hash=False)
    return placed


def start_method() -> str:
    """How local workers start: forked on Linux when this process runs no other thread, else
    spawned. A forked worker starts with site_gen imported and the parent's data in place (a
    spawned one imports site_gen again, ~0.5 s, and is sent what it needs). Forking a process
    that runs threads (the preview's, `build --watch`'s) can leave a lock held forever in the
    child, and macOS's and Windows' system libraries are not fork-safe: those spawn."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def render_all(
    jobs: list[PdfJob],
    workers: int | None = None,
    time_limit: float = TIME_LIMIT,
    on_done: Callable[[], None] = lambda: None,
    executor_spec: str | None = None,
    pool: concurrent.futures.Executor | None = None,
) -> list[Annex]:
    """Render annexes; errors of every document are collected.

    If no document finishes within `time_limit` seconds, the documents still rendering are
    failed by name and their workers are stopped (a runaway render cannot hang a build).
    `pool`: the build's workers (build.parallel), else a pool is started for these renders.
    """
    if not jobs:
        return []
    workers = workers or max(1, min(len(jobs), os.cpu_count() or 1))
    results: list[Annex | None] = [None] * len(jobs)
    failures: list[str] = []
    with contextlib.ExitStack() as own:  # a pool of its own, unless the build lends one
        if pool is None:
            pool = own.enter_context(executor(executor_spec, workers))
        futures = {pool.submit(render_job, job): i for i, job in enumerate(jobs)}
        pending = set(futures)
        while pending:
            done, pending = concurrent.futures.wait(
                pending, timeout=time_limit, return_when=concurrent.futures.FIRST_COMPLETED
            )
            if not done:
                for process in list(getattr(pool, "_processes", {}).values()):
                    process.terminate()
                for future in pending:
                    future.cancel()
                failures += [
                    f"{jobs[futures[f]].source}: PDF 生成超时（超过 {time_limit:g} 秒）"
                    for f in pending
                    if f.running() or not f.done()
                ] or ["PDF 生成超时"]
                break
            for future in done:
                on_done()  # the progress bar
                failure = _failure(jobs[futures[future]].source, future)
                if failure:
                    failures.append(failure)
                else:
                    results[futures[future]] = future.result()
    if failures:
        raise BuildError("；".join(sorted(failures)), hint="修正上述文件后重新生成")
    return [r for r in results if r is not None]


def _limit_worker(parent: int) -> None:
    """Set up a worker: a memory limit where the OS has one, and death with its parent.

    A build killed with SIGKILL cannot shut its pool down; its workers must not live on. On
    Linux the kernel signals them (PR_SET_PDEATHSIG); everywhere, a watchdog thread ends the
    worker when its parent process is gone.
    """
    if resource is not None:
        with contextlib.suppress(ValueError, OSError):  # not supported: render unlimited
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    atexit.register(_exit_now)


def _exit_now() -> None:
    """A worker's last step: it has sent every result (the pool's result queue writes them at
    once) and has nothing to save, so it skips the interpreter's teardown, which frees every
    object one by one: the site a page worker loaded took 0.4–0.5 s at 1,000 documents, waited
    for by the build. Registered first, so it runs after every other exit handler."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _failure(source: str, future: concurrent.futures.Future[Annex]) -> str:
    """The message for a failed render, or "" when the render succeeded."""
    exc = future.exception()
    if exc is None:
        return ""
    if isinstance(exc, ConfinedFetchError):
        return f"{source}: PDF 引用了外部资源（{exc}）"
    if isinstance(exc, concurrent.futures.process.BrokenProcessPool):
        return f"{source}: PDF 生成进程崩溃（可能内存不足）"
    if isinstance(exc, MemoryError):
        return f"{source}: PDF 生成超出内存限制"
    if isinstance(exc, RecursionError):
        return f"{source}: PDF 生成时结构嵌套过深"
    return f"{source}: PDF 生成失败（{type(exc).__name__}: {exc}）"
