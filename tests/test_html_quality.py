"""Every page is valid HTML5 (Nu validator) and has no WCAG 2.1 A/AA violation (axe-core in
headless Chromium), for each page kind, on a phone-sized and a desktop-sized window."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from site_gen.build import pipeline
from tests.conftest import ROOT, launch_chromium, require

# Browsers, validators and PDF renders: the full tier (README test command), not the edit loop.
pytestmark = pytest.mark.slow

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FIXTURE = ROOT / "tests" / "fixtures" / "evaluated"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("quality") / "output"
    pipeline.build(FIXTURE, pipeline.BuildOptions(output=out, with_pdf=False))
    return out


def nu_messages(*folders: Path) -> list[dict]:
    """The Nu HTML validator's errors and warnings on every page of the folders."""
    require("java", "Nu HTML 校验器需要 Java")
    require(VNU, "Nu HTML 校验器（npm vnu-jar）")
    command = ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html"]
    result = subprocess.run([*command, *map(str, folders)], capture_output=True, text=True)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [
        m
        for m in messages
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "warning"
    ]


def test_nu_validator_finds_no_error(built: Path, fixture_site: Path) -> None:
    assert nu_messages(built, fixture_site) == []
    pages = list(built.rglob("*.html")) + list(fixture_site.rglob("*.html"))
    assert len(pages) >= 15


def axe_violations(pages: list[Path], width: int) -> dict[str, list]:
    from playwright.sync_api import sync_playwright

    require(AXE, "可访问性检查需要 axe-core（npm）")
    script = AXE.read_text(encoding="utf-8")
    found: dict[str, list] = {}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": width, "height": 900})
        for path in pages:
            page.goto(path.resolve().as_uri())
            page.add_script_tag(content=script)
            violations = page.evaluate(
                """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}))
                    .violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))])"""
            )
            if violations:
                found[str(path)] = violations
        browser.close()
    return found


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violation_on_any_page_kind(
    built: Path, fixture_site: Path, width: int
) -> None:
    pages = sorted(built.rglob("*.html")) + sorted(fixture_site.rglob("*.html"))
    assert axe_violations(pages, width) == {}
