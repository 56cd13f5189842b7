#!/usr/bin/env python3
"""Write the English sample document from Performance.gov data, figure for figure.

Source: U.S. General Services Administration, FY 2018 Annual Performance Report, complete data
(CSV published with Performance.gov's interim site; copy in the public repository
ryanwoldatwork/InterimPerformance-Dot-Gov-2018, file `GSA/FY2018 APR_Complete_Data.csv`).
examples/performance-gov/source/gsa-fy2018-apr-excerpt.csv holds its rows for the Real Estate
and Technology goals unchanged. This script turns them into an indicator-series document:
every cell is copied as written (blank cells stay blank), years are put in time order.

    python3 scripts/performance_gov.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "examples" / "performance-gov"
SOURCE = SITE / "source" / "gsa-fy2018-apr-excerpt.csv"
TARGET = SITE / "content" / "2018" / "gsa-fy2018-annual-performance.yaml"
DIRECTION = {"Increase": "increase", "Decrease": "decrease", "With in Range": "range"}


def one_line(text: str) -> str:
    """A cell's text without the line breaks the report's PDF layout left in it."""
    return " ".join(text.split())


def indicator(rows: list[dict[str, str]]) -> dict[str, object]:
    first = {key: one_line(value) for key, value in rows[0].items()}
    out: dict[str, object] = {"name": first["KPI"], "objective": first["2018 Strategic Objective"]}
    if first["Desired Direction"].strip():
        out["type"] = DIRECTION[first["Desired Direction"].strip()]
    out["unit"] = first["Unit"]
    if first["Description:"].strip():
        out["description"] = first["Description:"]
    if first["Notes"].strip():
        out["notes"] = first["Notes"]
    values = []
    for row in sorted(rows, key=lambda r: int(r["Year"])):
        value: dict[str, str] = {"period": row["Year"]}
        for key, column in (
            ("target", "Target"),
            ("minimum", "Min Target"),
            ("maximum", "Max Target"),
            ("value", "Actual"),
        ):
            if row[column].strip():
                value[key] = row[column].strip()
        values.append(value)
    out["values"] = values
    return out


def document() -> dict[str, object]:
    with SOURCE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    goals: dict[str, dict[str, list[dict[str, str]]]] = {}
    for row in rows:
        goals.setdefault(row["Goal"], {}).setdefault(row["KPI"], []).append(row)
    return {
        "kind": "indicator-series",
        "title": "FY 2018 Annual Performance Report: Real Estate and Technology Indicators",
        "subtitle": "Excerpt: the key performance indicators of two of GSA's strategic goals",
        "publisher": "U.S. General Services Administration",
        "period": "Fiscal years 2011–2020",
        "source": "GSA FY 2018 Annual Performance Report, complete data (FY2018 APR_Complete_Data.csv), "
        "published on Performance.gov",
        "preface": "Targets and actual results as reported by the agency for each fiscal year. "
        "A blank cell is a year for which the report states no target or no result.",
        "columns": {"period": "Year", "value": "Actual"},
        "silence": [
            {
                "check": "series-range",
                "reason": "The report gives this range indicator a target but no minimum or maximum.",
            }
        ],
        "goals": [
            {
                "name": one_line(name),
                "indicators": [indicator(kpi_rows) for kpi_rows in kpis.values()],
            }
            for name, kpis in goals.items()
        ],
    }


def main() -> None:
    text = "# Written by scripts/performance_gov.py from source/gsa-fy2018-apr-excerpt.csv.\n"
    text += yaml.safe_dump(document(), allow_unicode=True, sort_keys=False, width=100)
    TARGET.write_text(text, encoding="utf-8")
    print(TARGET.relative_to(ROOT))


if __name__ == "__main__":
    main()
