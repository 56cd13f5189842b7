#!/usr/bin/env python3
"""Benchmark: loading and validating many content files (YAML parsing dominates a build).

Run on demand:  python3 bench/bench_load.py [COUNT]   (default 2,000 copies of the sample forms)
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_gen.load import load_site  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    samples = sorted((ROOT / "content").rglob("*.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(ROOT / "site.yaml", root / "site.yaml")
        total = 0
        for i in range(count):
            source = samples[i % len(samples)]
            target = root / "content" / source.parent.name / f"{source.stem}-{i}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
            total += source.stat().st_size
        start = time.perf_counter()
        site, _ = load_site(root)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{len(site.entries)} files, {total / 2**20:.1f} MiB of YAML: {seconds:.2f} s "
            f"({1000 * seconds / count:.2f} ms per file), peak RSS {peak:.0f} MiB"
        )


if __name__ == "__main__":
    main()
