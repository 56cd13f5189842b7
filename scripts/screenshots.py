#!/usr/bin/env python3
"""Screenshots for review and for docs/screenshots/: every page kind at a desktop's 1280 px and a
phone's 390 px, and every page of every annex, of the sample site and of the self-evaluation
fixture, as one sheet per PDF. Run after a build: python3 scripts/screenshots.py"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_gen.build import pipeline  # noqa: E402

OUT = ROOT / "output"
FIXTURE = ROOT / "tests" / "fixtures" / "evaluated"
SERIES = ROOT / "tests" / "fixtures" / "series"  # 季度监测 (indicator-series) in Chinese
ENGLISH = ROOT / "examples" / "performance-gov"  # the English sample site
DOCS = ROOT / "docs" / "screenshots"
# name → (which build, route); one of each page kind
PAGES = {
    "home": ("site", "index.html"),
    "year": ("site", "2020/index.html"),
    "publisher": ("site", "publishers/qingdao.html"),
    "completion": ("site", "2020/qingdao-targets-completion.html"),
    "progress": ("site", "2018/hangzhou-progress-1-9.html"),
    "project": ("site", "2021/weihai-etdz-key-projects.html#p1"),
    "narrative": ("site", "2022/qingdao-model-organ.html"),
    "self-evaluation": ("site", "2023/qingshen-fgj-wage-self-evaluation.html"),
    "monitoring": ("site", "2019/huangshi-heritage-monitoring.html"),
    "special-fund-evaluation": ("site", "2020/hengshan-grain-reserve-self-evaluation.html"),
    "projects": ("fixture", "projects/index.html"),
    "search": ("site", "search.html?q=核酸检测"),
    "not-found": ("site", "404.html"),
    "series-zh": ("series", "2024/quarterly-monitoring.html"),
    "en-home": ("english", "index.html"),
    "en-indicators": ("english", "2018/gsa-fy2018-annual-performance.html"),
}


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def pages(builds: dict[str, Path]) -> None:
    servers = {name: serve(folder) for name, folder in builds.items()}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for label, (width, height) in {"desktop": (1280, 1400), "phone": (390, 1400)}.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, (build, route) in PAGES.items():
                page.goto(servers[build][1] + route)
                if name == "search":
                    page.wait_for_function("/找到/.test(document.body.innerText)")
                page.screenshot(path=str(DOCS / f"{name}-{label}.png"))
            page.close()
        browser.close()
    for httpd, _ in servers.values():
        httpd.shutdown()


def sheet(pdf: Path, target: Path) -> None:
    """Every page of a PDF at 40 dpi, side by side, numbered."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), f"{tmp}/p"], check=True)
        images = [Image.open(f).convert("RGB") for f in sorted(Path(tmp).glob("p-*.png"))]
    columns = min(5, len(images))
    width = max(i.width for i in images) + 8
    height = max(i.height for i in images) + 8
    rows = -(-len(images) // columns)
    out = Image.new("RGB", (columns * width, rows * height), "#8a8a8a")
    for n, image in enumerate(images):
        x, y = (n % columns) * width + 4, (n // columns) * height + 4
        out.paste(image, (x, y))
        ImageDraw.Draw(out).text((x + 4, y + 4), str(n + 1), fill="#c00000")
    out.save(target, optimize=True)


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fixture = Path(tmp) / "fixture"
        pipeline.build(FIXTURE, pipeline.BuildOptions(output=fixture))
        series, english = Path(tmp) / "series", Path(tmp) / "english"
        pipeline.build(SERIES, pipeline.BuildOptions(output=series))
        pipeline.build(ENGLISH, pipeline.BuildOptions(output=english))
        pages({"site": OUT, "fixture": fixture, "series": series, "english": english})
        pdf_dir = DOCS / "pdf"
        pdf_dir.mkdir(exist_ok=True)
        for old in pdf_dir.glob("*.png"):
            old.unlink()
        for pdf in sorted(OUT.rglob("*.pdf")):
            sheet(pdf, pdf_dir / f"{pdf.stem}.png")
        for pdf in sorted(fixture.rglob("*evaluation*.pdf")):
            sheet(pdf, pdf_dir / f"fixture-{pdf.parent.name}-{pdf.stem}.png")
        for pdf in [*series.rglob("2024/*.pdf"), *english.rglob("2018/*.pdf")]:
            sheet(pdf, pdf_dir / f"{pdf.stem}.png")


if __name__ == "__main__":
    main()
