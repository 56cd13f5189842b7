"""Nothing of a source may be lost: ../shared/tools/fidelity.py on YAML, web page and PDF."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIDELITY, ROOT, SAMPLES, seed

# Browsers, validators and PDF renders: the full tier (README test command), not the edit loop.
pytestmark = pytest.mark.slow


def coverage(source: Path, target: Path) -> str:
    result = subprocess.run(
        [sys.executable, str(FIDELITY), str(source), str(target)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("number", sorted(SAMPLES))
def test_yaml_keeps_every_figure(number: str) -> None:
    line = coverage(seed(number), ROOT / "content" / f"{SAMPLES[number]}.yaml")
    found, total = line.split()[1].split("/")
    assert found == total and line.endswith("= 1.000")


@pytest.mark.parametrize("number", sorted(SAMPLES))
@pytest.mark.parametrize("suffix", [".html", ".pdf"])
def test_output_keeps_every_figure(built: Path, number: str, suffix: str) -> None:
    line = coverage(seed(number), built / f"{SAMPLES[number]}{suffix}")
    assert line.endswith("= 1.000"), line
