"""Fixture ladder: the sample site (the repository itself) → one build of it shared by the
tests that only read output → tiny throw-away sites written per test."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:
    import _posixsubprocess as posix_spawn
except ImportError:  # Windows
    posix_spawn = None

from site_gen.build import pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FIDELITY = SHARED / "tools" / "fidelity.py"

# The sample documents and the seed each was converted from.
SAMPLES = {
    "000": "2020/qingdao-targets-completion",
    "002": "2021/weihai-etdz-key-projects",
    "003": "2018/hangzhou-progress-1-9",
    "004": "2022/qingdao-model-organ",
    # Forms found with the search tool; their published text is kept in tests/sources/.
    "qingshen-self-evaluation": "2023/qingshen-fgj-wage-self-evaluation",
    "huangshi-monitoring": "2019/huangshi-heritage-monitoring",
    "hengshan-special-fund-evaluation": "2020/hengshan-grain-reserve-self-evaluation",
}

SITE_YAML = """\
title: 测试网站
publisher: 测试市财政局
publishers:
  - id: test
    name: 测试市财政局
"""


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",  # this machine's network is closed; don't try
    "--disable-component-update",
]


def require(path_or_command: str | Path, why: str) -> None:
    """Skip, saying why, when a tool the test drives is absent (scripts/install.sh installs
    them all, and .ci/run turns any skip into a failure so that CI proves every test ran)."""
    present = Path(path_or_command).exists() or shutil.which(str(path_or_command))
    if not present:
        pytest.skip(f"{path_or_command} 不存在：{why}（bash scripts/install.sh --test 会安装）")


def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """With SITE_GEN_NO_SKIPS=1 (set by .ci/run) a skipped test fails: CI must run them all."""
    from _pytest.reports import TestReport

    report = TestReport.from_item_and_call(item, call)
    if os.environ.get("SITE_GEN_NO_SKIPS") == "1" and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every tool is installed: {report.longrepr}"
    return report


@pytest.fixture(autouse=True)
def _fast_tests_start_no_process(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast tier (`-m "not slow"`) is the edit loop: a test in it that starts a process
    (a browser, a PDF worker, Pagefind, a second interpreter) fails and says to mark it slow.
    Session fixtures set up before this check are the fixtures' own business."""
    if request.node.get_closest_marker("slow") is None:

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("快速测试不应启动子进程：请给这个测试加 @pytest.mark.slow")

        monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
        if posix_spawn is not None:  # multiprocessing's workers start through it, not Popen
            monkeypatch.setattr(posix_spawn, "fork_exec", refuse)


def launch_chromium(playwright):  # type: ignore[no-untyped-def]
    """Debian's chromium driven by Playwright (no browser download)."""
    require(CHROMIUM, "浏览器测试需要 chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def seed(number: str) -> Path:
    """The source text of a sample: a shared seed by number, else a text in tests/sources/."""
    if number.isdigit():
        require(SEEDS, "示例的原文在 ../shared/seeds/（与本仓库并排）")
        found = sorted(SEEDS.glob(f"{number}_*.txt"))
        if not found:
            pytest.fail(f"{SEEDS} 中没有编号为 {number} 的原文（{number}_*.txt）")
        return found[0]
    return Path(__file__).parent / "sources" / f"{number}.txt"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built once, with its PDFs, into a temporary output folder."""
    out = tmp_path_factory.mktemp("built") / "output"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "")
    pipeline.build(ROOT, pipeline.BuildOptions(output=out))
    return out


@pytest.fixture(scope="session")
def built_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built once without PDFs or search: the fast tier's view of the pages."""
    out = tmp_path_factory.mktemp("pages") / "output"
    options = pipeline.BuildOptions(output=out, with_pdf=False, with_search=False)
    pipeline.build(ROOT, options)
    return out


def write_site(root: Path, documents: dict[str, str], site_yaml: str = SITE_YAML) -> Path:
    """A tiny site: site.yaml plus content files given as {"2021/name.yaml": text}."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for name, text in documents.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the sample site that a test may change."""
    target = tmp_path / "site"
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copy(ROOT / "site.yaml", target / "site.yaml")
    return target


def page_markup(path: Path) -> str:
    """A built page's HTML without the short-label marks (class "nw", web.short_labels),
    for tests that compare the markup of table cells."""
    html = path.read_text(encoding="utf-8")
    return html.replace(' class="nw"', "").replace('class="nw ', 'class="')


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, one per test module (tests/test_page_layout.py, test_phone_layout.py)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


def random_edit(site: Path, rng: random.Random) -> str:
    """One edit a bureau makes between builds; returns what it did."""
    files = sorted((site / "content").rglob("*.yaml"))
    chosen = rng.choice(files)
    action = rng.choice(["title", "figure", "copy", "delete", "swap", "rename", "touch"])
    text = chosen.read_text("utf-8")
    if action == "title":
        chosen.write_text(
            text.replace("title: ", f"title: 第{rng.randint(1, 99)}次修订 ", 1), "utf-8"
        )
    elif action == "figure":  # a digit inside a quoted value (a target, an amount) changed
        spots = [m.start() for m in re.finditer(r'(?<=["“：: ])\d', text)]
        if spots:
            at = rng.choice(spots)
            text = text[:at] + str((int(text[at]) + 1) % 10) + text[at + 1 :]
            chosen.write_text(text, "utf-8")
    elif action == "copy":
        chosen.with_name(f"copy-{rng.randint(1, 999)}.yaml").write_text(text, "utf-8")
    elif action == "delete" and len(files) > 2:
        chosen.unlink()
    elif action == "swap":  # two documents of one year trade places: same bytes, other names
        mates = [f for f in files if f.parent == chosen.parent and f != chosen]
        if mates:
            mate = mates[0]
            other = mate.read_text("utf-8")
            mate.write_text(text, "utf-8")
            chosen.write_text(other, "utf-8")
    elif action == "rename":  # the same bytes under another name: another address
        chosen.rename(chosen.with_name(f"renamed-{rng.randint(1, 999)}.yaml"))
    else:
        chosen.write_text(text, "utf-8")
    return f"{action} {chosen.relative_to(site).as_posix()}"
