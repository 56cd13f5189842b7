"""Rules of a 申报表's funding structure and implementation schedule (model.application_parts).

Both are published as written. A total whose parts do not add up, a date that reads as no date,
a schedule row that ends before it starts: warnings naming the check, never a correction.
"""

from __future__ import annotations

import re
from decimal import Decimal

from site_gen.load.convert import Converter
from site_gen.model import blocks
from site_gen.model.application_parts import Funding, Schedule
from site_gen.values import Figure

# Dates as forms write them: 2021, 2021年, 2021年3月, 2021年3月15日, 2021-03, 2021.3, 2021/3/15,
# and the same with 底/初/上旬… after the month (2021年12月底).
_DATE = re.compile(
    r"(?P<y>\d{4})(?:\s*(?:年|[-./])\s*(?:(?P<m>\d{1,2})\s*(?:月)?(?:\s*(?P<d>\d{1,2})\s*日?)?"
    r"(?:底|末|初|中旬|上旬|下旬|前|以前|之前)?)?)?(?:度)?"
)


def read_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date as written, with 0 for what it leaves out; None otherwise."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day = (int(match.group(k) or 0) for k in ("y", "m", "d"))
    if month > 12 or day > 31:
        return None
    return year, month, day


def check_schedule(conv: Converter, schedule: Schedule, path: str) -> None:
    if not schedule.rows:
        conv.error_at(f"{path}.rows", "项目实施进度计划没有内容", hint="每项实施内容写一行")
    for i, row in enumerate(schedule.rows):
        rpath = f"{path}.rows[{i}]"
        dates = {}
        for key in ("start", "end"):
            text = getattr(row, key)
            if text and text != "/" and (found := read_date(text)) is None:
                conv.warn(
                    f"{rpath}.{key}",
                    f"“{text}” 读不出年月",
                    expected="例如 2021、2021年3月、2021-03-15",
                    hint="照原表发布；原表如此的，在 silence 中说明",
                    check="schedule-date",
                )
            elif text and text != "/":
                dates[key] = found
        start, end = dates.get("start"), dates.get("end")
        if start and end and _earliest(end) < _earliest(start) and _latest(end) < _latest(start):
            conv.warn(
                f"{rpath}.end",
                f"完成时间 {row.end} 早于开始时间 {row.start}",
                hint="照原表发布；请核对原表",
                check="schedule-date",
            )


def _earliest(date: tuple[int, int, int]) -> tuple[int, int, int]:
    return date[0], date[1] or 1, date[2] or 1


def _latest(date: tuple[int, int, int]) -> tuple[int, int, int]:
    return date[0], date[1] or 12, date[2] or 31


def check_funding(conv: Converter, funding: Funding, path: str) -> None:
    """The stated total against its sources, and each source against its parts."""
    sums = [(f"{path}.total", funding.total, [i.amount for i in funding.items], "资金总额")]
    for i, item in enumerate(funding.items):
        if item.parts:
            sums.append(
                (
                    f"{path}.items[{i}].amount",
                    item.amount,
                    [p.amount for p in item.parts],
                    item.label,
                )
            )
    for where, stated, parts, label in sums:
        total = _sum(parts)
        if stated is None or stated.number is None or total is None:
            continue
        if total != stated.number:
            conv.warn(
                where,
                f"{label} 写的是 {stated.text}，下面各项之和为 {total}",
                hint="照原表发布（页面不改原表的数）；请核对原表",
                check="funding-total",
            )


def _sum(figures: list[Figure | None]) -> Decimal | None:
    """The sum of the parts when every part states a number; None when any is blank or words."""
    numbers = [f.number for f in figures if f is not None]
    if not figures or len(numbers) != len(figures) or None in numbers:
        return None
    return sum((n for n in numbers if n is not None), Decimal(0))


def check_application(conv: Converter, form: blocks.Form, path: str) -> None:
    if form.funding is not None:
        check_funding(conv, form.funding, f"{path}.funding")
    if form.schedule is not None:
        check_schedule(conv, form.schedule, f"{path}.schedule")
