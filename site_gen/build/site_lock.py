"""One writer per output folder: a build holds an operating-system lock on a file beside its
output folder from before it looks at the output until after the new tree is in place.

A second build of the same output waits for the first (saying who holds the lock: its process,
machine, command and start time) and, when the wait runs out, stops with that message; its
staging folder is its own. The lock is the kernel's (fcntl on Linux and macOS, msvcrt on
Windows), so a build that is killed releases it with its process: no stale lock to clean up.
The lock file itself stays (removing it would race with the next build opening it).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from site_gen.errors import BuildError

LOCK_PREFIX = ".site-gen-lock-"

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def lock_path(output: Path) -> Path:
    output = output.absolute()
    return output.parent / f"{LOCK_PREFIX}{output.name}"


class SiteLock:
    """`with SiteLock(output):` — the build that holds it is the only writer of `output`."""

    def __init__(
        self, output: Path, wait: float = 600.0, say: Callable[[str], None] | None = None
    ) -> None:
        self.path = lock_path(output)
        self.wait = wait
        self.say = say or (lambda message: print(message, file=sys.stderr))
        self.handle: IO[str] | None = None

    def __enter__(self) -> SiteLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + self.wait
        told = False
        while not _try_lock(handle):
            holder = _holder(self.path)
            if time.monotonic() >= deadline:
                handle.close()
                raise BuildError(
                    f"另一个生成正在写入 {self.path.parent / self.path.name.removeprefix(LOCK_PREFIX)}"
                    f"（{holder}）；本次未写入任何文件",
                    hint="等它结束后再生成；同一个输出文件夹同一时间只能有一个生成在写",
                )
            if not told:
                self.say(f"等待另一个生成结束（{holder}）……")
                told = True
            time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "command": " ".join(sys.argv)[:200],
                    "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                },
                ensure_ascii=False,
            )
        )
        handle.flush()
        self.handle = handle
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.handle is not None:
            _unlock(self.handle)
            self.handle.close()
            self.handle = None


def _holder(path: Path) -> str:
    """Who holds the lock, as its file says (a holder that just started may not have written)."""
    try:
        facts = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        facts = {}
    if not facts:
        return "持有者尚未登记"
    return (
        f"进程 {facts.get('pid', '?')}，{facts.get('host', '?')}，"
        f"{facts.get('started', '?')} 开始：{facts.get('command', '')}"
    )
