#!/usr/bin/env python3
"""Coverage-guided fuzzing of the whole pipeline with atheris: every input is one content file
of a one-document site. A file that validate rejects must be rejected with located problems;
a file that validate accepts must build (pages, data files, feed; with --pdf also its annex).

Not part of CI (it runs for minutes). One command, for a set time:
    pip install atheris && python3 bench/fuzz.py bench/fuzz-corpus -max_total_time=300
The corpus folder is seeded from content/ and the hostile test corpus on first run. Any
exception other than ContentError from validate is a crash to fix; atheris saves the input.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from site_gen.build import pipeline
    from site_gen.errors import ContentError
    from site_gen.load import load_site

SITE_YAML = "title: 模糊测试\npublisher: 测试局\nbase_url: https://example.invalid/\n"
WORK = Path(tempfile.mkdtemp(prefix="site-gen-fuzz-"))
WITH_PDF = "--pdf" in sys.argv


def seed(corpus: Path) -> None:
    """Start from every real document and every hostile case (one file each)."""
    if corpus.exists() and any(corpus.iterdir()):
        return
    corpus.mkdir(parents=True, exist_ok=True)
    for i, file in enumerate(sorted((ROOT / "content").rglob("*.yaml"))):
        shutil.copy(file, corpus / f"content-{i}.yaml")
    from tests.hostile.corpus import CASES

    for i, case in enumerate(CASES):
        data = case[2]
        (corpus / f"hostile-{i}.yaml").write_bytes(
            data if isinstance(data, bytes) else data.encode()
        )


def one_input(data: bytes) -> None:
    site = WORK / "site"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content" / "2021").mkdir(parents=True)
    (site / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (site / "content" / "2021" / "fuzz.yaml").write_bytes(data)
    try:
        load_site(site, include_drafts=True)
    except ContentError as exc:
        assert all(p.location.file for p in exc.problems), "a problem without a place"
        return
    # validate said yes: the build must say yes too.
    options = pipeline.BuildOptions(
        output=WORK / "out", with_pdf=WITH_PDF, with_search=False, include_drafts=True
    )
    pipeline.build(site, options)


if __name__ == "__main__":
    args = [a for a in sys.argv if a != "--pdf"]
    corpora = [Path(a) for a in args[1:] if not a.startswith("-")]
    for corpus in corpora:
        seed(corpus)
    try:
        atheris.Setup(args, one_input)
        atheris.Fuzz()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
