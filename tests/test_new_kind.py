"""Adding a document kind is adding a folder (issue 32): a copy of site_gen with one more
family folder under site_gen/kinds/ and its two theme templates, and nothing else changed,
validates, builds, exports and starts a new site with the new kind.

The kind here (`notice`, 公告) is a test's own: it is never published by site_gen itself."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SITE_YAML

NOTICE = """\
kind: notice
title: 关于公开2024年度绩效目标的公告
body: |
  本单位2024年度项目支出绩效目标随部门预算一并公开。
"""


def _copy_with_a_new_kind(tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "site_gen", copy / "site_gen", ignore=ignore)
    shutil.copytree(ROOT / "templates", copy / "templates", ignore=ignore)
    family = copy / "site_gen" / "kinds" / "notice"
    shutil.copytree(copy / "site_gen" / "kinds" / "narrative", family, ignore=ignore)
    for module in family.glob("*.py"):  # the narrative's folder, renamed: a kind of its own
        text = module.read_text(encoding="utf-8")
        text = text.replace("kinds.narrative", "kinds.notice").replace('"narrative"', '"notice"')
        text = text.replace("class Narrative", "class Notice").replace("Narrative", "Notice")
        module.write_text(text, encoding="utf-8")
    declaration = family / "__init__.py"
    declaration.write_text(
        re.sub(
            r'Kind\("notice", N_\("公开说明"\), 40',
            'Kind("notice", N_("公告"), 45',
            declaration.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    for theme in ("kinds", "pdf"):
        shutil.copy(
            copy / "templates" / theme / "narrative.html",
            copy / "templates" / theme / "notice.html",
        )
    return copy


def _run(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    code = "import sys; from site_gen.cli import run; sys.argv[0] = 'site-gen'; run()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=copy,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.slow
def test_a_kind_added_as_a_folder_works_in_every_stage(tmp_path: Path) -> None:
    copy = _copy_with_a_new_kind(tmp_path)
    site = tmp_path / "site"
    (site / "content" / "2024").mkdir(parents=True)
    (site / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (site / "content" / "2024" / "notice.yaml").write_text(NOTICE, encoding="utf-8")
    checked = _run(copy, "validate", "--strict", str(site))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = _run(copy, "build", str(site), "--no-pdf", "--no-search", "-o", str(tmp_path / "out"))
    assert built.returncode == 0, built.stdout + built.stderr
    page = (tmp_path / "out" / "2024" / "notice.html").read_text(encoding="utf-8")
    assert "随部门预算一并公开" in page and "公告" in page  # its body, and its name as the badge
    data = json.loads((tmp_path / "out" / "2024" / "notice.json").read_text(encoding="utf-8"))
    assert data["kind"] == "notice"
    schema = (tmp_path / "out" / "data" / "schema.json").read_text(encoding="utf-8")
    assert '"notice"' in schema
    started = _run(copy, "new", str(tmp_path / "fresh"))
    assert started.returncode == 0, started.stdout + started.stderr
    assert list((tmp_path / "fresh" / "content").glob("*/notice.yaml"))  # its starter file
    # and the real package knows nothing of it
    assert not (ROOT / "site_gen" / "kinds" / "notice").exists()
