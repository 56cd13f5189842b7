#!/usr/bin/env python3
"""A generated province for the scale benchmarks (issue 12): N documents cloned from the sample
content, in the mix a province publishes (mostly single project forms, then completion reports,
progress tables, multi-project target lists and narratives), spread over publishers (twenty
documents each) and six budget years. Names and codes get a suffix per document, so the
cross-document joining sees distinct projects, as a real province has.

    python3 bench/province.py N FOLDER      # writes FOLDER/site.yaml and FOLDER/content/
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEARS = range(2019, 2025)
# sample → weight in the mix
MIX = {
    "2023/qingshen-fgj-wage-self-evaluation.yaml": 30,
    "2020/hengshan-grain-reserve-self-evaluation.yaml": 20,
    "2019/huangshi-heritage-monitoring.yaml": 20,
    "2020/qingdao-targets-completion.yaml": 10,
    "2018/hangzhou-progress-1-9.yaml": 10,
    "2021/weihai-etdz-key-projects.yaml": 5,
    "2022/qingdao-model-organ.yaml": 5,
}


def generate(folder: Path, count: int, seed: int = 20261201) -> Path:
    rng = random.Random(seed)
    texts = {name: (ROOT / "content" / name).read_text(encoding="utf-8") for name in MIX}
    names = list(MIX)
    weights = [MIX[n] for n in names]
    publishers = [f"测试{i:04d}县财政局" for i in range(max(1, count // 20))]
    lines = ["title: 基准省预算绩效信息公开", f"publisher: {publishers[0]}", "publishers:"]
    lines += [f"  - id: p{i:04d}\n    name: {name}" for i, name in enumerate(publishers)]
    lines += ["base_url: https://example.gov.cn/jxgk/"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for i in range(count):
        sample = rng.choices(names, weights)[0]
        year = YEARS[i % len(YEARS)]
        text = texts[sample]
        text = re.sub(r"^publisher: .*$", f"publisher: {publishers[i // 20]}", text, flags=re.M)
        text = re.sub(r"^year: \d{4}$", f"year: {year}", text, flags=re.M)
        text = re.sub(r"^title: (.*)$", rf"title: \1（{i}）", text, count=1, flags=re.M)
        text = re.sub(r"^(\s*(?:- )?name: )([^\"'\s].*)$", rf"\g<1>\2-{i}", text, flags=re.M)
        text = re.sub(r'^(\s*code: )"?([^"\n]+)"?$', rf'\g<1>"\2-{i}"', text, flags=re.M)
        target = folder / "content" / str(year) / f"{Path(sample).stem}-{i}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    generate(Path(sys.argv[2]), int(sys.argv[1]))
