"""What the site says of a 进度情况表: its rows by category and status, completion possibility and
problems, and charts of statuses and of progress against the time elapsed (序时进度)."""

from __future__ import annotations

import re
import typing
from collections import Counter
from decimal import Decimal

from site_gen import model
from site_gen.i18n import Language
from site_gen.kinds.progress.model import ProgressReport, ProgressRow
from site_gen.model import DocumentBase
from site_gen.web.charts import Bar, Reference
from site_gen.web.summaries import (
    Chart,
    Summary,
    listed_items,
    say,
    stated,
    stated_figure,
    status_chart,
    status_counts,
    status_parts,
)


def _progress(doc: ProgressReport) -> Summary:
    rows = [r for g in doc.groups for r in g.rows]
    names = len({r.name for r in rows})
    if names < len(rows):  # the same target in several rows (e.g. one row per quarter)
        items = say("records", names=names, count=len(rows))
    else:
        items = listed_items([(g.category, len(g.rows)) for g in doc.groups], "目标")
    lead = say("listed", items=items)
    parts = status_parts([r.status for r in rows], doc.statuses)
    lead += say("of_which", parts="、".join(parts)) if parts else ""
    possible = Counter(r.possibility for r in rows if r.possibility)
    if possible:
        words = [w for w in typing.get_args(model.Possibility) if possible[w]]
        counts = "、".join(say("status_count", status=w, count=possible[w]) for w in words)
        lead += say("possibility", parts=counts)
    flagged = [r for r in rows if r.problem is not None]
    problems = sum(1 for r in flagged if r.problem)
    if flagged:
        lead += say("problems", count=problems)
    figures = [say("fig_listed", items=items)]
    figures += [
        say("status_count", status=s, count=c)
        for s, c in status_counts([r.status for r in rows], doc.statuses)
    ]
    if problems:
        figures.append(say("fig_problems", count=problems))
    charts = status_chart([r.status for r in rows], doc.statuses) + _percent_chart(doc, rows)
    return Summary(
        lead=lead + stated(doc.totals) + say("end"),
        figures=tuple(figures + stated_figure(doc.totals)),
        charts=charts,
    )


def _percent_chart(doc: ProgressReport, rows: list[ProgressRow]) -> tuple[Chart, ...]:
    stated = [r for r in rows if r.percent is not None]
    if len(stated) < 2:
        return ()
    column = doc.columns.percent
    caption = say("chart_progress_caption", count=len(stated), column=column)
    if len(stated) < len(rows):
        caption += say("chart_left_out", count=len(rows) - len(stated), what=say("no_percent"))
    if any(r.percent is not None and r.percent < 0 for r in stated):
        caption += say("chart_negative")
    bars = tuple(
        Bar(r.name, r.percent, f"{r.percent.normalize():f}%")
        for r in stated
        if r.percent is not None
    )
    top = max([Decimal(100), *(b.value for b in bars)])
    title = say("chart_progress_title", column=column, name=doc.columns.name)
    return (Chart("chart-progress", title, caption, bars, top, time_share(doc.period)),)


# Periods that run from January, as progress tables write them, and the months they cover.
_FROM_JANUARY = re.compile(r"^\s*(?:1|一)\s*[-—–~～至到]\s*(\d{1,2})\s*月份?\s*$")


_NAMED_PERIODS = {"一季度": 3, "第一季度": 3, "上半年": 6, "前三季度": 9, "全年": 12}


def time_share(period: str) -> Reference | None:
    """序时进度: the share of the year a period from January covers (1-9月 → 75%); None for a
    period that does not say it starts in January (二季度 may be April to June alone)."""
    match = _FROM_JANUARY.match(period)
    months = int(match.group(1)) if match else _NAMED_PERIODS.get(period.strip())
    if months is None or not 1 <= months <= 12:
        return None
    share = Decimal(100 * months) / 12
    text = f"{share.quantize(Decimal('0.1')).normalize():f}"
    label = say("chart_time_share", percent=text, period=period.strip(), months=months)
    return Reference(share, label)


def summarise(doc: DocumentBase, lang: Language) -> Summary:
    assert isinstance(doc, ProgressReport)
    return _progress(doc)


def is_cut(doc: DocumentBase) -> bool:
    """Whether a row is marked as cut off in the source."""
    assert isinstance(doc, ProgressReport)
    return any(r.incomplete for g in doc.groups for r in g.rows)
