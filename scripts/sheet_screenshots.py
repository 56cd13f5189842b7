#!/usr/bin/env python3
"""docs/screenshots/sheet-*.png for the README's Excel section: a 自评表 as a 四川 county lays it
out (tests/sheet_corpus.sichuan_self_evaluation: section labels merged down column A, one 原因
merged over the budget rows), rendered by LibreOffice as Excel would print it, and the page
site-gen builds from it after `site-gen import`. Needs LibreOffice (soffice):
apt-get install libreoffice-calc. Run: python3 scripts/sheet_screenshots.py"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.screenshots import DOCS, serve  # noqa: E402
from site_gen.build import pipeline  # noqa: E402
from site_gen.sheets import to_yaml as sheet_yaml  # noqa: E402
from site_gen.sheets.workbook import import_workbook  # noqa: E402
from tests import sheet_corpus, sheet_fixtures  # noqa: E402
from tests.conftest import write_site  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        form = sheet_corpus.sichuan_self_evaluation()
        book = sheet_fixtures.write(folder / "form.xlsx", [form])
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(book)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "130",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(folder / "form.pdf"),
                str(DOCS / "sheet-evaluation"),
            ],
            check=True,
        )
        text = sheet_yaml.dump(import_workbook(book).data, ["site-gen import form.xlsx"])
        site = write_site(folder / "site", {"2023/wage.yaml": text})
        out = folder / "site" / "output"
        pipeline.build(site, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
        httpd, url = serve(out)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 1500})
            page.goto(url + "2023/wage.html")
            page.screenshot(path=str(DOCS / "sheet-evaluation-page.png"))
            browser.close()
        httpd.shutdown()


if __name__ == "__main__":
    main()
