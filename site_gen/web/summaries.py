"""What the site says on its own about a document: the lead sentence of its page, the short
figures on listing cards and in the feed, and its charts with their captions.

Every statement is derived only from fields whose meaning supports it and says what it counts:
the items this table lists, by the source's own categories and status words; totals only when
the source states them (`totals`) and then as the source's figures; no average across unlike
indicators; a chart names what it leaves out. When a source gives nothing to count, nothing is
said. Every sentence template is in SENTENCES, reviewed as a list (tests/golden/sentences.txt).
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from site_gen import i18n, model
from site_gen.i18n import N_
from site_gen.model import scoring
from site_gen.tables.form_tables import indicator_rows
from site_gen.tables.views import sum_all, wan, yuan
from site_gen.web import series_summary
from site_gen.web.charts import Bar, Reference

# Every sentence and phrase the site generates about a document, by name.
SENTENCES: dict[str, str] = {
    # lead sentences (document pages, PDF annexes, feed)
    "listed": "本表列出 {items}",
    "listed_one_status": "本表列出 {count} 项{status}的目标{groups}",
    "items": "{count} 项{noun}",
    "items_by_group": "{count} 项{noun}{groups}",
    "groups": "（{parts}）",
    "records": "{names} 项目标的 {count} 条进度记录",
    "group_count": "{name} {count} 项",
    "of_which": "，其中{parts}",
    "status_count": "{status} {count} 项",
    "unstated_status": "未注明状态 {count} 项",
    "problems": "，标注存在问题 {count} 项",
    "possibility": "；完成目标可能性为{parts}",
    "stated_total": "（原文所述{scope}共 {count} 项目标{of_which}）",
    "stated_statuses": "（原文所述{scope}{parts}）",
    "projects": "本表列出 {count} 个项目",
    "project_total": "，项目总金额合计 {yuan} 元（{wan} 万元）",
    "project_amount": "，本年度预算申请金额合计 {yuan} 元（{wan} 万元）",
    "indicators": "，绩效指标 {count} 项",
    "evaluated": "，其中 {count} 项填写了实际完成值，按目标值核对达到 {met} 项",
    "forms": "本文件含 {count} 张表",
    "incomplete_lead": N_("原件不完整，以下计数只含现存部分："),  # a series page may be English
    "incomplete_parts_lead": "部分表格或行原件残缺，以下计数只含现存部分：",
    "end": "。",
    # listing-card and feed figures
    "fig_listed": "列出 {items}",
    "fig_stated_total": "原文所述共 {count} 项",
    "fig_problems": "存在问题 {count} 项",
    "fig_projects": "{count} 个项目",
    "fig_amount": "本年度预算 {wan} 万元",
    "fig_met": "指标达成 {met}/{count}",
    "fig_forms": "{count} 张表",
    "fig_indicators": "绩效指标 {count} 项",
    "fig_incomplete": "原件不完整",
    # charts: titles and captions
    "chart_status_title": "各状态目标项数",
    "chart_status_caption": "按状态统计本表列出的 {count} 项目标",
    "chart_progress_title": "{column}（按{name}）",
    "chart_progress_caption": "按原表所列数值绘制，{count} 项写明{column}",
    "chart_budget_title": "各项目本年度预算申请金额（万元）",
    "chart_budget_caption": "按各项目本年度预算申请金额绘制",
    "chart_met_title": "各项目绩效指标达成情况",
    "chart_met_caption": "按各项目已填写实际完成值的指标中达到目标值的比例绘制",
    "chart_met_bar": "达成 {met}/{count}",
    "chart_status_bar": "{count} 项",
    "chart_left_out": "；{count} 项{what}，未列入图中",
    "chart_negative": "；负值的条长为 0，数值照原文标注",
    "chart_incomplete": "；只含原件现存部分",
    "chart_time_share": "竖线为序时进度 {percent}%（{period}占全年的 {months}/12）",
    "no_status": "未注明状态",
    "no_percent": "未写明",
    "no_amount": "未填写金额",
}


def say(key: str, /, **fields: object) -> str:
    return SENTENCES[key].format(**fields)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str  # what is counted, and what is left out
    bars: tuple[Bar, ...]
    maximum: Decimal | None = None
    reference: Reference | None = None


@dataclass(frozen=True)
class Summary:
    lead: str = ""  # one sentence for the document page; "" when there is nothing to count
    figures: tuple[str, ...] = ()  # short phrases for listing cards and the feed
    charts: tuple[Chart, ...] = ()


def summarise(doc: model.Document) -> Summary:
    """What the site says of a document; of an incomplete source, every count says it covers
    only the parts that survive, and the listing figures say only that the source is incomplete."""
    summary = _summarise(doc)
    cut = "incomplete_lead" if doc.incomplete else "incomplete_parts_lead" if _cut(doc) else ""
    if not cut or not summary.lead:
        return summary
    lead = i18n.gettext(SENTENCES[cut])  # a series page may be in English
    charts = tuple(
        dataclasses.replace(c, caption=c.caption + say("chart_incomplete")) for c in summary.charts
    )
    return Summary(lead + summary.lead, (say("fig_incomplete"),), charts)


def _cut(doc: model.Document) -> bool:
    """Whether any part of the document is marked as cut off in the source."""
    if isinstance(doc, model.FormDocument):
        return any(scoring.form_incomplete(f) for f in doc.forms)
    if isinstance(doc, model.ProjectTargets):
        items = [i for p in doc.projects for i in scoring.items_of(p.indicators)]
        return any(p.incomplete for p in doc.projects) or any(i.incomplete for i in items)
    if isinstance(doc, model.TargetCompletionReport):
        return any(t.incomplete for g in doc.groups for t in g.targets)
    if isinstance(doc, model.ProgressReport):
        return any(r.incomplete for g in doc.groups for r in g.rows)
    return False


def _summarise(doc: model.Document) -> Summary:
    if isinstance(doc, model.TargetCompletionReport):
        return _completion(doc)
    if isinstance(doc, model.ProgressReport):
        return _progress(doc)
    if isinstance(doc, model.ProjectTargets):
        return _projects(doc)
    if isinstance(doc, model.FormDocument):
        return _forms(doc)
    if isinstance(doc, model.IndicatorSeries):
        return Summary(series_summary.lead(doc), series_summary.figures(doc))
    return Summary()


# ---------------------------------------------------------------- statuses and stated totals
def _status_counts(statuses: list[str | None], declared: tuple[str, ...]) -> list[tuple[str, int]]:
    """Counts by status word, in the vocabulary's order, then the document's own words."""
    counts = Counter(s for s in statuses if s is not None)
    order = list(dict.fromkeys([*model.STATUSES, *declared, *counts]))
    return [(s, counts[s]) for s in order if counts[s]]


def _status_parts(statuses: list[str | None], declared: tuple[str, ...]) -> list[str]:
    parts = [say("status_count", status=s, count=c) for s, c in _status_counts(statuses, declared)]
    unstated = statuses.count(None)
    if parts and unstated:
        parts.append(say("unstated_status", count=unstated))
    return parts


def _stated(totals: model.StatedTotals | None) -> str:
    if totals is None:
        return ""
    parts = "、".join(say("status_count", status=c.status, count=c.count) for c in totals.statuses)
    if totals.targets is not None:
        of_which = say("of_which", parts=parts) if parts else ""
        return say("stated_total", scope=totals.scope, count=totals.targets, of_which=of_which)
    return say("stated_statuses", scope=totals.scope, parts=parts) if parts else ""


def _stated_figure(totals: model.StatedTotals | None) -> list[str]:
    if totals is None or totals.targets is None:
        return []
    return [say("fig_stated_total", count=totals.targets)]


def _status_chart(statuses: list[str | None], declared: tuple[str, ...]) -> tuple[Chart, ...]:
    counts = _status_counts(statuses, declared)
    if len(counts) < 2:  # one bar says nothing the sentence does not
        return ()
    caption = say("chart_status_caption", count=len(statuses))
    if None in statuses:
        caption += say("chart_left_out", count=statuses.count(None), what=say("no_status"))
    bars = tuple(Bar(s, Decimal(c), say("chart_status_bar", count=c)) for s, c in counts)
    return (Chart("chart-status", say("chart_status_title"), caption, bars),)


# ---------------------------------------------------------------- 1. target completion
def _completion(doc: model.TargetCompletionReport) -> Summary:
    targets = [t for g in doc.groups for t in g.targets]
    statuses = [t.status for t in targets]
    distinct = set(statuses)
    items = _items([(g.name, len(g.targets)) for g in doc.groups], "目标")
    if len(distinct) == 1 and None not in distinct:
        groups = _groups([(g.name, len(g.targets)) for g in doc.groups])
        lead = say("listed_one_status", count=len(targets), status=statuses[0], groups=groups)
    else:
        lead = say("listed", items=items)
        parts = _status_parts(statuses, doc.statuses)
        lead += say("of_which", parts="、".join(parts)) if parts else ""
    figures = [say("fig_listed", items=items)]
    figures += [
        say("status_count", status=s, count=c) for s, c in _status_counts(statuses, doc.statuses)
    ]
    return Summary(
        lead=lead + _stated(doc.totals) + say("end"),
        figures=tuple(figures + _stated_figure(doc.totals)),
        charts=_status_chart(statuses, doc.statuses),
    )


def _items(sizes: list[tuple[str, int]], noun: str) -> str:
    """“8 项重点目标” or, with several of the source's categories, “8 项目标（重点目标 5 项、…）”."""
    total = sum(n for _, n in sizes)
    if len(sizes) == 1 or not all(name for name, _ in sizes):  # a category the source left out
        return say("items", count=total, noun=(sizes[0][0] if len(sizes) == 1 else "") or noun)
    return say("items_by_group", count=total, noun=noun, groups=_groups(sizes))


def _groups(sizes: list[tuple[str, int]]) -> str:
    """“（重点目标 5 项、创优目标 3 项）” for several categories; "" for one."""
    if len(sizes) < 2:
        return ""
    parts = "、".join(say("group_count", name=name, count=n) for name, n in sizes)
    return say("groups", parts=parts)


# ---------------------------------------------------------------- 2. progress tables
def _progress(doc: model.ProgressReport) -> Summary:
    rows = [r for g in doc.groups for r in g.rows]
    names = len({r.name for r in rows})
    if names < len(rows):  # the same target in several rows (e.g. one row per quarter)
        items = say("records", names=names, count=len(rows))
    else:
        items = _items([(g.category, len(g.rows)) for g in doc.groups], "目标")
    lead = say("listed", items=items)
    parts = _status_parts([r.status for r in rows], doc.statuses)
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
        for s, c in _status_counts([r.status for r in rows], doc.statuses)
    ]
    if problems:
        figures.append(say("fig_problems", count=problems))
    charts = _status_chart([r.status for r in rows], doc.statuses) + _percent_chart(doc, rows)
    return Summary(
        lead=lead + _stated(doc.totals) + say("end"),
        figures=tuple(figures + _stated_figure(doc.totals)),
        charts=charts,
    )


def _percent_chart(doc: model.ProgressReport, rows: list[model.ProgressRow]) -> tuple[Chart, ...]:
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


# ---------------------------------------------------------------- 3. project targets
def _projects(doc: model.ProjectTargets) -> Summary:
    rows = [r for p in doc.projects for r in indicator_rows(p.indicators) if not r.blank]
    evaluated = [r for r in rows if r.outcome is not None]
    met = sum(1 for r in evaluated if r.outcome == "met")
    total = sum_all([p.total for p in doc.projects])
    amount = sum_all([p.amount for p in doc.projects])
    lead = say("projects", count=len(doc.projects))
    if total is not None:
        lead += say("project_total", yuan=yuan(total), wan=wan(total))
    if amount is not None:
        lead += say("project_amount", yuan=yuan(amount), wan=wan(amount))
    if rows:
        lead += say("indicators", count=len(rows))
    if evaluated:
        lead += say("evaluated", count=len(evaluated), met=met)
    figures = [say("fig_projects", count=len(doc.projects))]
    if amount is not None:
        figures.append(say("fig_amount", wan=wan(amount)))
    if evaluated:
        figures.append(say("fig_met", met=met, count=len(evaluated)))
    return Summary(lead + say("end"), tuple(figures), _budget_chart(doc) + _met_chart(doc))


def _budget_chart(doc: model.ProjectTargets) -> tuple[Chart, ...]:
    stated = [p for p in doc.projects if p.amount is not None]
    if len(stated) < 2:
        return ()
    caption = say("chart_budget_caption")
    if len(stated) < len(doc.projects):
        missing = len(doc.projects) - len(stated)
        caption += say("chart_left_out", count=missing, what=say("no_amount"))
    bars = tuple(
        Bar(p.name, p.amount, f"{wan(p.amount)} 万元") for p in stated if p.amount is not None
    )
    return (Chart("chart-budget", say("chart_budget_title"), caption, bars),)


def _met_chart(doc: model.ProjectTargets) -> tuple[Chart, ...]:
    """Share of each evaluated project's indicators that met their targets."""
    bars = []
    for project in doc.projects:
        rows = [r for r in indicator_rows(project.indicators) if r.outcome is not None]
        if rows:
            met = sum(1 for r in rows if r.outcome == "met")
            text = say("chart_met_bar", met=met, count=len(rows))
            bars.append(Bar(project.name, Decimal(100 * met) / len(rows), text))
    if not bars:
        return ()
    chart = Chart(
        "chart-met", say("chart_met_title"), say("chart_met_caption"), tuple(bars), Decimal(100)
    )
    return (chart,)


# ---------------------------------------------------------------- 4. the standard forms
def _forms(doc: model.FormDocument) -> Summary:
    rows = [r for f in doc.forms for r in indicator_rows(f.indicators) if not r.blank]
    lead = say("forms", count=len(doc.forms))
    figures = [say("fig_forms", count=len(doc.forms))]
    if rows:
        lead += say("indicators", count=len(rows))
        figures.append(say("fig_indicators", count=len(rows)))
    return Summary(lead + say("end"), tuple(figures))
