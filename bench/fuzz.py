#!/usr/bin/env python3
"""Coverage-guided fuzzing of the loader and the Markdown renderer with atheris.

Not part of CI. One command, for a set time:
    pip install atheris && python3 bench/fuzz.py -max_total_time=300
Any exception other than the loader's located problems or MarkdownError is a crash to fix.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports():
    from site_gen.convert import Converter
    from site_gen.markdown import MarkdownError, render
    from site_gen.validate import convert_document
    from site_gen.yamlsrc import parse


def one_input(data: bytes) -> None:
    root, _ = parse("fuzz.yaml", data)
    if root is not None:
        convert_document(Converter("fuzz.yaml"), root)
    with contextlib.suppress(MarkdownError):
        render(data.decode("utf-8", "replace")[:5000])


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
