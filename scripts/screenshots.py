#!/usr/bin/env python3
"""Screenshots of the built site (desktop and a 390 px phone) and page images of the PDFs, for
review and for docs/screenshots/. Run after a build: python3 scripts/screenshots.py"""

from __future__ import annotations

import subprocess
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "output"
DOCS = ROOT / "docs" / "screenshots"
PAGES = {
    "home": "index.html",
    "completion": "2020/qingdao-targets-completion.html#key-1",
    "progress": "2018/hangzhou-progress-1-9.html",
    "project": "2021/weihai-etdz-key-projects.html#p1",
}


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for label, (width, height) in {"desktop": (1280, 1400), "phone": (390, 1400)}.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, route in PAGES.items():
                path, _, anchor = route.partition("#")
                page.goto((OUT / path).resolve().as_uri() + (f"#{anchor}" if anchor else ""))
                page.screenshot(path=str(DOCS / f"{name}-{label}.png"))
            page.close()
        browser.close()
    pdf_dir = DOCS / "pdf"
    pdf_dir.mkdir(exist_ok=True)
    for pdf in sorted(OUT.rglob("*.pdf")):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "3",
                str(pdf),
                str(pdf_dir / pdf.stem),
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
