#!/usr/bin/env python3
"""Benchmark (issue 27): what `site-gen import` costs as a sheet grows, and on hostile sheets.

A 财预〔2020〕10号 自评表 (tests/sheet_corpus.caiyu_self_evaluation) with its indicator table
grown to N rows, saved as .xlsx; then the same with one stray cell at XFD1048576, with a merge
over the whole sheet, and an .ods of 800 bytes that repeats a text a billion times. Each import
runs in a fresh process; the table gives wall and CPU seconds and the peak memory the import
allocated (tracemalloc), so that the cost can be seen to follow the cells a file really holds.

Run on demand (not in CI):  python3 bench/bench_import.py [N ...]   (default 1000 10000 50000)
"""

from __future__ import annotations

import platform
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import sheet_corpus, sheet_fixtures  # noqa: E402

MEASURE = """
import resource, sys, time, tracemalloc
from pathlib import Path
from site_gen.sheets.workbook import import_workbook
from site_gen.sheets.grid import SheetError
tracemalloc.start()
wall, cpu = time.perf_counter(), time.process_time()
try:
    result = import_workbook(Path(sys.argv[1]))
    outcome = f"{len(result.problems)} to do"
except SheetError as exc:
    outcome = "refused"
print(time.perf_counter() - wall, time.process_time() - cpu,
      tracemalloc.get_traced_memory()[1] / 2**20, outcome)
"""


def grown(rows: int, folder: Path) -> Path:
    """The 自评表 with `rows` indicator rows (the table's last group repeated)."""
    shape = sheet_corpus.caiyu_self_evaluation()
    extra = [
        sheet_corpus._row(9, (3, f"指标{i}"), (4, "≥90%"), (5, "92%"), (6, 1), (7, 1))
        for i in range(rows)
    ]
    shape.rows[17:17] = extra  # inside the 满意度指标 group, before 总分
    shift = len(extra)
    moved = []
    for ref in shape.merged:
        if ref == "A12:A17":
            ref = f"A12:A{17 + shift}"
        elif ref == "A18:F18":
            ref = f"A{18 + shift}:F{18 + shift}"
        moved.append(ref)
    shape.merged = moved
    return sheet_fixtures.write(folder / f"rows-{rows}.xlsx", [shape])


def patched(source: Path, target: Path, old: bytes, new: bytes) -> Path:
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as b:
        for item in a.infolist():
            data = a.read(item.filename)
            b.writestr(item, data.replace(old, new) if "sheet1.xml" in item.filename else data)
    return target


def hostile(folder: Path) -> list[tuple[str, Path]]:
    import openpyxl

    base = grown(10, folder)
    book = openpyxl.load_workbook(base)
    book.active["XFD1048576"] = "x"
    far = folder / "far.xlsx"
    book.save(far)
    merged = patched(base, folder / "merged.xlsx", b'"A1:I1"', b'"A1:XFD1048576"')
    ods = folder / "repeat.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            '<office:spreadsheet><table:table table:name="t"><table:table-row '
            'table:number-rows-repeated="1000000"><table:table-cell '
            'table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>'
            "</table:table-row></table:table></office:spreadsheet></office:body>"
            "</office:document-content>",
        )
    return [("one cell at XFD1048576", far), ("a merge over the whole sheet", merged),
            (f"an .ods of {ods.stat().st_size} bytes repeating a text", ods)]  # fmt: skip


def measure(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=ROOT,
    )
    if done.returncode:
        return f"failed: {done.stderr.strip().splitlines()[-1]}"
    wall, cpu, peak, *outcome = done.stdout.split()
    return f"{float(wall):7.2f} s  {float(cpu):7.2f} CPU-s  {float(peak):7.1f} MiB  {' '.join(outcome)}"


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000, 50000]
    print(f"{platform.machine()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in sizes:
            path = grown(rows, folder)
            print(f"{rows:>6} indicator rows ({path.stat().st_size // 1024} KB): {measure(path)}")
        for name, path in hostile(folder):
            print(f"{name}: {measure(path)}")


if __name__ == "__main__":
    main()
